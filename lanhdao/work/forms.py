from django import forms
from django.utils.translation import gettext_lazy as _

from lanhdao.core.access import parse_id
from lanhdao.core.forms import DateField, DateInput
from lanhdao.org.picker import UnitField, UnitsField

from .models import Priority, Recurrence
from .selectors import TaskFilter
from .status import Status


class TaskForm(forms.Form):
    assigning_unit = UnitField(label=_("Assigned by"))
    title = forms.CharField(label=_("Title"), max_length=500)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    lead_unit = UnitField(label=_("Lead unit"), on_field="start_date")
    coordinating_units = UnitsField(label=_("Coordinating units"), on_field="start_date")
    document = forms.IntegerField(label=_("Implements document (id)"), required=False, widget=forms.HiddenInput)
    document_item = forms.CharField(label=_("Item of the document"), max_length=200, required=False)
    start_date = DateField(label=_("Start"), widget=DateInput)
    deadline = DateField(label=_("Deadline"), required=False, widget=DateInput)
    recurrence = forms.ChoiceField(label=_("Repeats"), choices=Recurrence.choices, required=False)
    recurrence_until = DateField(label=_("Repeats until"), required=False, widget=DateInput)
    expected_output = forms.CharField(label=_("Expected output"), max_length=500, required=False)
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=Priority.choices, coerce=int, initial=Priority.NORMAL
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, assign_units, all_units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigning_unit"].units = assign_units
        self.fields["lead_unit"].units = all_units
        self.fields["coordinating_units"].units = all_units


class ReportForm(forms.Form):
    unit = forms.ChoiceField(label=_("Reporting unit"))
    percent = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    text = forms.CharField(label=_("Report"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(label=_("Evidence (PDF, DOCX, XLSX)"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), ("open", _("Open")), *Status.choices]
    )
    lead = forms.CharField(label=_("Lead unit (name or code)"), required=False)
    document = forms.IntegerField(required=False, widget=forms.HiddenInput)
    priority = forms.TypedChoiceField(
        label=_("Priority"), required=False, coerce=int, choices=[("", _("All")), *Priority.choices], empty_value=None
    )
    deadline_from = DateField(label=_("Deadline from"), required=False, widget=DateInput)
    deadline_to = DateField(label=_("to"), required=False, widget=DateInput)
    sort = forms.ChoiceField(
        required=False,
        choices=[
            ("deadline", _("Deadline")),
            ("-deadline", _("Deadline, latest first")),
            ("-priority", _("Priority")),
            ("lead", _("Lead unit")),
            ("-created", _("Newest")),
        ],
    )

    def task_filter(self, unit) -> TaskFilter:
        """The tasks of `unit`'s subtree this form asks for; a form with any invalid field filters nothing else.
        The lead unit is typed as a code or a name, or as an id (digits)."""
        data = self.cleaned_data if self.is_valid() else {}
        lead = (data.get("lead") or "").strip()
        return TaskFilter(
            unit=unit,
            words=data.get("q") or "",
            status=data.get("status") or "",
            lead=(parse_id(lead) or 0) if lead.isdigit() else None,
            lead_code="" if lead.isdigit() else lead,
            document=data.get("document") or None,
            priority=data.get("priority") or None,
            deadline_from=data.get("deadline_from"),
            deadline_to=data.get("deadline_to"),
        )
