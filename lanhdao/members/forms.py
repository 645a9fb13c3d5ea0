"""Forms of the members' pages. Units are chosen by code (a tree of any size); the services check every right."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lanhdao.core.forms import DateField, DateInput
from lanhdao.org.picker import UnitField

from .models import EndReason, Gender, Grade, Qualification, TheoryLevel, TransferKind
from .stages import Stage


def _today():
    return timezone.localdate()


class MemberFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or card number"), required=False)
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=[("", _("All stages")), *Stage.choices])
    overdue = forms.BooleanField(label=_("Probation ended without a decision"), required=False)
    within = forms.CharField(label=_("Organisation"), required=False, max_length=40)


class RecordForm(forms.Form):
    """What a member's record holds besides the pipeline."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    card_number = forms.CharField(label=_("Party card number"), max_length=20, required=False)
    education = forms.CharField(label=_("General education"), max_length=20, required=False, help_text=_("e.g. 12/12"))
    qualification = forms.ChoiceField(
        label=_("Professional qualification"), choices=Qualification.choices, required=False
    )
    theory_level = forms.ChoiceField(label=_("Political theory"), choices=TheoryLevel.choices, required=False)
    position = forms.CharField(label=_("Position"), max_length=300, required=False)
    # personal data
    birth_date = DateField(label=_("Date of birth"), required=False, widget=DateInput)
    identity_number = forms.CharField(label=_("Citizen identity number"), max_length=20, required=False)
    ethnicity = forms.CharField(label=_("Ethnicity"), max_length=50, required=False)
    religion = forms.CharField(label=_("Religion"), max_length=50, required=False)
    hometown = forms.CharField(label=_("Home town"), max_length=300, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)

    PERSONAL = ("birth_date", "identity_number", "ethnicity", "religion", "hometown", "address", "phone")

    def __init__(self, *args, card: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not card:  # a candidate has no party card yet (it is given on admission)
            del self.fields["card_number"]

    def record_fields(self):
        return [self[name] for name in self.fields if name not in self.PERSONAL and name not in self.pipeline]

    def personal_fields(self):
        return [self[name] for name in self.PERSONAL]

    pipeline: tuple[str, ...] = ()


class CandidateForm(RecordForm):
    """A candidate introduced by a cell."""

    unit = UnitField(label=_("Party cell"), on_field="introduced_on")
    introduced_on = DateField(label=_("Introduced on"), widget=DateInput, initial=_today)

    pipeline = ("unit", "introduced_on")

    field_order = ["unit", "introduced_on"]

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, card=False, **kwargs)
        self.fields["unit"].units = units
        self.fields["birth_date"].help_text = _(
            "Needed before the proposal: the Party Charter admits citizens from eighteen years of age."
        )

    def pipeline_fields(self):
        return [self[name] for name in self.pipeline]


class DayForm(forms.Form):
    """One step of the pipeline: its date (and, for some, a decision)."""

    def __init__(self, *args, field: str, label, decision: bool = False, card: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.date_field = field
        self.fields[field] = DateField(label=label, widget=DateInput, initial=_today)
        if decision:
            self.fields["decision"] = forms.CharField(label=_("Decision (number)"), max_length=100)
        if card:
            self.fields["card_number"] = forms.CharField(label=_("Party card number"), max_length=20, required=False)


class NotRecogniseForm(forms.Form):
    decided_on = DateField(label=_("Decided on"), widget=DateInput, initial=_today)
    decision = forms.CharField(label=_("Decision (number)"), max_length=100, required=False)
    note = forms.CharField(label=_("Reason"), max_length=200, required=False)


class EndForm(forms.Form):
    """A member leaves the Party; a candidate's candidacy stops: each offered only the reasons that apply."""

    ended_on = DateField(label=_("Left the Party on"), widget=DateInput, initial=_today)
    reason = forms.ChoiceField(label=_("Reason"), choices=EndReason.choices)
    note = forms.CharField(label=_("Note (decision, circumstances)"), max_length=300, required=False)

    def __init__(self, *args, reasons=(), candidate: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = [(r.value, r.label) for r in reasons]
        if candidate:
            self.fields["ended_on"].label = _("Candidacy stopped on")


class TransferForm(forms.Form):
    to_unit = UnitField(
        label=_("To the party organisation"), help_text=_("Any party organisation of the tree, also outside yours.")
    )
    kind = forms.ChoiceField(label=pgettext_lazy("transfer", "Kind"), choices=TransferKind.choices)
    sent_on = DateField(label=pgettext_lazy("transfer", "Sent on"), widget=DateInput, initial=_today)
    until = DateField(
        label=_("Temporary until"),
        widget=DateInput,
        required=False,
        help_text=_("For a temporary transfer: the end of the period (3 months to 2 years)."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ReceiveForm(forms.Form):
    received_on = DateField(label=pgettext_lazy("transfer", "Received on"), widget=DateInput, initial=_today)


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)


class ExcellentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Who"),
        choices=[("members", _("Members")), ("organisations", _("Party organisations"))],
        required=False,
    )
    year = forms.IntegerField(label=_("Up to the year"), min_value=2000, max_value=2100, required=False)
    years = forms.IntegerField(label=_("Years in a row"), min_value=2, max_value=20, required=False, initial=5)


class GradesForm(forms.Form):
    """One grade select (and a note) per row: members of a cell, or organisations under a committee."""

    def __init__(self, *args, rows, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        choices = [("", "—"), *Grade.choices]
        for row in self.rows:
            existing = current.get(row.pk)
            self.fields[f"grade_{row.pk}"] = forms.ChoiceField(
                label=str(row), choices=choices, required=False, initial=existing.grade if existing else ""
            )
            self.fields[f"note_{row.pk}"] = forms.CharField(
                label=_("Note"), max_length=300, required=False, initial=existing.note if existing else ""
            )

    def bound_rows(self):
        return [(row, self[f"grade_{row.pk}"], self[f"note_{row.pk}"]) for row in self.rows]

    def grades(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {row.pk: (data[f"grade_{row.pk}"], data[f"note_{row.pk}"]) for row in self.rows}


class AwardForm(forms.Form):
    unit = UnitField(label=_("Organisation awarded"), required=False, on_field="awarded_on")
    title = forms.CharField(label=_("Award"), max_length=300)
    year = forms.IntegerField(label=_("For the year"), min_value=2000, max_value=2100)
    awarded_on = DateField(label=_("Awarded on"), widget=DateInput, initial=_today)
    decision = forms.CharField(label=_("Decision (number)"), max_length=100, required=False)

    def __init__(self, *args, units=None, for_member: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if for_member:
            del self.fields["unit"]
        else:
            self.fields["unit"].units = units
            self.fields["unit"].required = True


class BadgeAwardForm(forms.Form):
    awarded_on = DateField(label=_("Awarded on"), widget=DateInput, initial=_today)
    decision = forms.CharField(label=_("Decision (number)"), max_length=100, required=False)
    members = forms.TypedMultipleChoiceField(label=_("Members"), coerce=int, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, eligible, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].choices = [(m.pk, m.full_name) for m in eligible]


class PositionExportForm(forms.Form):
    """The positions held export (lanhdao.cadres.excel) offered on the members' export page."""

    held_on = DateField(
        label=_("Held on"),
        required=False,
        help_text=_("Optional: only the positions held on that day."),
    )
