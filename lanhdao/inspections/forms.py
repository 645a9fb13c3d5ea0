from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lanhdao.accounts.roles import Clearance
from lanhdao.core.forms import DateField, DateInput
from lanhdao.core.picker import label_by_row
from lanhdao.members.picker import MemberField
from lanhdao.org.picker import UnitField

from .models import DisciplineForm, InspectionKind, ProgrammeSpan, SubjectKind
from .selectors import FOLLOW_UP_STATES


def _text(label, rows=3, required=False, **kwargs):
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


class ProgrammeForm(forms.Form):
    unit = UnitField(label=_("Unit"), help_text=_("The committee whose programme it is."))
    span = forms.ChoiceField(label=_("For"), choices=ProgrammeSpan.choices)
    title = forms.CharField(label=pgettext_lazy("inspections", "Title"), max_length=500)
    starts_on = DateField(label=_("From"), widget=DateInput)
    ends_on = DateField(label=_("Until"), widget=DateInput)

    def __init__(self, *args, record_units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].units = record_units


class InspectionForm(forms.Form):
    unit = UnitField(
        on_field="starts_on", label=_("Conducting unit"), help_text=_("The committee that inspects or supervises.")
    )
    kind = forms.ChoiceField(label=pgettext_lazy("inspections", "Kind"), choices=InspectionKind.choices)
    programme = forms.TypedChoiceField(label=_("Programme"), required=False, coerce=int, empty_value=None)
    subject_unit = UnitField(
        required=False,
        label=_("Organisation inspected"),
        help_text=_("A Party organisation under the conducting unit."),
    )
    subject_member = MemberField(
        label=_("Or the member inspected"), required=False, help_text=_("Instead of an organisation.")
    )
    title = forms.CharField(label=_("Content"), max_length=500)
    scope = _text(_("Scope"))
    team = _text(_("Team"), help_text=_("Head and members of the team, one per line."))
    starts_on = DateField(label=_("From"), widget=DateInput)
    ends_on = DateField(label=_("Until"), required=False, widget=DateInput)
    confidentiality = forms.TypedChoiceField(
        label=_("Confidentiality"),
        choices=Clearance.choices,
        coerce=int,
        initial=Clearance.NORMAL,
        required=False,
        empty_value=Clearance.NORMAL,
    )

    def __init__(self, *args, record_units, view_units, members=None, programmes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].units = record_units
        self.fields["subject_unit"].units = view_units
        self.fields["subject_member"].members = members
        self.fields["programme"].choices = [("", "—"), *((p.pk, f"{p.title} ({p.unit.code})") for p in programmes)]


class FindingsForm(forms.Form):
    findings = _text(_("Findings"), rows=8, required=True)
    violation_found = forms.BooleanField(label=_("Violations found"), required=False)


class ConcludeForm(forms.Form):
    concluded_on = DateField(label=_("Concluded on"), widget=DateInput, initial=timezone.localdate)
    conclusion = _text(_("Conclusion"), rows=6, required=True)
    violation_found = forms.BooleanField(label=_("Violations found"), required=False)


class RecommendationForm(forms.Form):
    """One recommendation; with a lead unit and a deadline it becomes a task."""

    text = forms.CharField(label=_("Recommendation"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    lead_unit = UnitField(required=False, label=_("Task for"))
    deadline = DateField(label=_("Deadline"), required=False, widget=DateInput)

    def __init__(self, *args, view_units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].units = view_units
        label_by_row(self, "lead_unit")


RecommendationFormSet = forms.formset_factory(RecommendationForm, extra=4, max_num=30)


def recommendation_formset(data=None, *, view_units, prefix="recommendations"):
    return RecommendationFormSet(data, prefix=prefix, form_kwargs={"view_units": view_units})


def recommendation_specs(formset) -> list[dict]:
    """The filled rows of a valid formset, as services take them."""
    specs = []
    for form in formset.forms:
        data = form.cleaned_data
        if data.get("text") or data.get("lead_unit") or data.get("deadline"):
            specs.append({key: data.get(key) for key in ("text", "lead_unit", "deadline")})
    return specs


class RecommendationTaskForm(forms.Form):
    lead_unit = UnitField(label=_("Task for"))
    deadline = DateField(label=_("Deadline"), widget=DateInput)

    def __init__(self, *args, view_units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].units = view_units


class DisciplineCreateForm(forms.Form):
    unit = UnitField(label=_("Deciding unit"), on_field="decided_on")
    subject_unit = UnitField(required=False, label=_("Organisation disciplined"), on_field="decided_on")
    subject_member = MemberField(
        label=_("Or the member disciplined"), required=False, help_text=_("Instead of an organisation.")
    )
    form = forms.ChoiceField(
        label=_("Form of discipline"),
        choices=DisciplineForm.choices,
        help_text=_(
            "A member: reprimand, warning, dismissal or expulsion (which ends the membership). An "
            "organisation: reprimand, warning or dissolution."
        ),
    )
    decided_on = DateField(label=pgettext_lazy("discipline", "Decided on"), widget=DateInput)
    decision = forms.CharField(label=_("Decision number"), max_length=100, required=False)
    reason = _text(_("Reason"), rows=4, required=True)
    inspection = forms.IntegerField(
        label=_("Following the inspection (number)"), required=False, min_value=1, widget=forms.HiddenInput
    )

    def __init__(self, *args, record_units, view_units, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].units = record_units
        self.fields["subject_unit"].units = view_units
        self.fields["subject_member"].members = members


class InspectionFilterForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False)
    kind = forms.ChoiceField(
        label=pgettext_lazy("inspections", "Kind"),
        required=False,
        choices=[("", _("All kinds")), ("supervision", _("Supervisions (all)")), *InspectionKind.choices],
    )
    subject_kind = forms.ChoiceField(
        label=pgettext_lazy("inspection", "Subject"),
        required=False,
        choices=[("", _("Organisations and members")), *SubjectKind.choices],
    )
    state = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Open and concluded")),
            ("open", pgettext_lazy("inspection", "Open")),
            ("concluded", _("Concluded")),
        ],
    )
    violations = forms.BooleanField(label=_("With violations"), required=False)
    start = DateField(label=_("From"), required=False, widget=DateInput)
    end = DateField(label=_("to"), required=False, widget=DateInput)


class ProgrammeFilterForm(forms.Form):
    span = forms.ChoiceField(
        label=_("For"), required=False, choices=[("", _("Terms and years")), *ProgrammeSpan.choices]
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)


FOLLOW_UP_LABELS = {
    "open": _("Open"),
    "overdue": _("Overdue"),
    "done": _("Done"),
    "cancelled": _("Cancelled"),
    "no_task": _("Without a task"),
}


class FollowUpFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *((s, FOLLOW_UP_LABELS[s]) for s in FOLLOW_UP_STATES)],
    )


class DisciplineFilterForm(forms.Form):
    form = forms.ChoiceField(
        label=_("Form of discipline"), required=False, choices=[("", _("All forms")), *DisciplineForm.choices]
    )
    subject_kind = forms.ChoiceField(
        label=pgettext_lazy("inspection", "Subject"),
        required=False,
        choices=[("", _("Organisations and members")), *SubjectKind.choices],
    )
    start = DateField(label=_("From"), required=False, widget=DateInput)
    end = DateField(label=_("to"), required=False, widget=DateInput)
