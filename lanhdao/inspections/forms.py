from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lanhdao.accounts.forms import UnitCodeField
from lanhdao.accounts.roles import Clearance
from lanhdao.core.forms import DateField, DateInput

from .models import DisciplineForm, InspectionKind, ProgrammeSpan, SubjectKind
from .selectors import FOLLOW_UP_STATES


class OptionalUnitCodeField(UnitCodeField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value):
        if not (value or "").strip():
            return None
        return super().clean(value)


def _text(label, rows=3, required=False, **kwargs):
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


class ProgrammeForm(forms.Form):
    unit = UnitCodeField(label=_("Unit (code)"), help_text=_("The committee whose programme it is."))
    span = forms.ChoiceField(label=_("For"), choices=ProgrammeSpan.choices)
    title = forms.CharField(label=pgettext_lazy("inspections", "Title"), max_length=500)
    starts_on = DateField(label=_("From"), widget=DateInput)
    ends_on = DateField(label=_("Until"), widget=DateInput)

    def __init__(self, *args, record_units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].units = record_units


class InspectionForm(forms.Form):
    unit = UnitCodeField(label=_("Conducting unit (code)"), help_text=_("The committee that inspects or supervises."))
    kind = forms.ChoiceField(label=pgettext_lazy("inspections", "Kind"), choices=InspectionKind.choices)
    programme = forms.TypedChoiceField(label=_("Programme"), required=False, coerce=int, empty_value=None)
    subject_unit = OptionalUnitCodeField(
        label=_("Organisation inspected (code)"), help_text=_("A Party organisation under the conducting unit.")
    )
    subject_member = forms.IntegerField(
        label=_("Or the member inspected (number)"),
        required=False,
        min_value=1,
        help_text=_("The number of the member's record (members' pages), instead of an organisation."),
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

    def __init__(self, *args, record_units, view_units, programmes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].units = record_units
        self.fields["subject_unit"].units = view_units
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
    lead_unit = OptionalUnitCodeField(label=_("Task for (unit code)"))
    deadline = DateField(label=_("Deadline"), required=False, widget=DateInput)

    def __init__(self, *args, view_units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].units = view_units


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
    lead_unit = UnitCodeField(label=_("Task for (unit code)"))
    deadline = DateField(label=_("Deadline"), widget=DateInput)

    def __init__(self, *args, view_units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].units = view_units


class DisciplineCreateForm(forms.Form):
    unit = UnitCodeField(label=_("Deciding unit (code)"))
    subject_unit = OptionalUnitCodeField(label=_("Organisation disciplined (code)"))
    subject_member = forms.IntegerField(
        label=_("Or the member disciplined (number)"),
        required=False,
        min_value=1,
        help_text=_("The number of the member's record, instead of an organisation."),
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

    def __init__(self, *args, record_units, view_units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].units = record_units
        self.fields["subject_unit"].units = view_units


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
