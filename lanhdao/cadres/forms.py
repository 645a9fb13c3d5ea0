"""Forms of the cadre pages. Units are typed by code and looked up in the acting user's scope (RECORD for the unit a
row is placed on, VIEW for a unit only named); the services check everything again."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lanhdao.core.forms import DateField, DateInput
from lanhdao.members.models import Qualification, TheoryLevel
from lanhdao.org.picker import UnitField

from .models import MovementKind, NominationKind, NominationOutcome, TrainingKind
from .services import TERM_YEARS


class ScopedForm(forms.Form):
    """A form whose unit fields are looked up in the acting user's scope."""

    record_fields: tuple[str, ...] = ("unit",)
    view_fields: tuple[str, ...] = ()

    def __init__(self, *args, record_units=None, view_units=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.record_fields:
            if name in self.fields:
                self.fields[name].units = record_units
        for name in self.view_fields:
            if name in self.fields:
                self.fields[name].units = view_units


def _date(label, required=True, **kwargs):
    return DateField(label=label, required=required, widget=DateInput, **kwargs)


def _note():
    return forms.CharField(label=_("Note"), max_length=300, required=False)


LEVELS = [
    ("", "—"),
    (_("Political theory"), [c for c in TheoryLevel.choices if c[0]]),
    (_("Professional qualification"), [c for c in Qualification.choices if c[0]]),
]


# --- positions -----------------------------------------------------------------------------------------------------


class PositionEditForm(ScopedForm):
    title = forms.CharField(label=_("Post"), max_length=200, help_text=_("e.g. Deputy secretary, Chairman"))
    started_on = _date(_("From"))
    ended_on = _date(_("Until"), required=False, help_text=_("Empty while the post is held."))
    decision = forms.CharField(label=_("Decision"), max_length=100, required=False, help_text=_("e.g. 125-QĐ/TU"))


class PositionForm(PositionEditForm):
    unit = UnitField(label=_("Body"), help_text=_("e.g. the Standing Board, the People's Committee"))
    field_order = ["unit", "title", "started_on", "ended_on", "decision"]


class PositionEndForm(forms.Form):
    ended_on = _date(_("Last day in the post"), initial=timezone.localdate)
    note = _note()


# --- succession plans ----------------------------------------------------------------------------------------------


class SuccessionEditForm(ScopedForm):
    title = forms.CharField(label=_("Planned for the post"), max_length=200)
    added_on = _date(_("Added on"), initial=timezone.localdate)
    decision = forms.CharField(label=_("Decision"), max_length=100, required=False)


class SuccessionForm(SuccessionEditForm):
    unit = UnitField(label=_("Body"))
    term = forms.CharField(
        label=_("Term"), max_length=9, help_text=_("YYYY-YYYY; a term normally lasts %(n)d years.") % {"n": TERM_YEARS}
    )
    field_order = ["unit", "term", "title", "added_on", "decision"]


class SuccessionRemoveForm(forms.Form):
    removed_on = _date(_("Removed on"), initial=timezone.localdate)
    note = forms.CharField(label=_("Reason"), max_length=300, required=False)


# --- training ------------------------------------------------------------------------------------------------------


class TrainingEditForm(ScopedForm):
    kind = forms.ChoiceField(label=pgettext_lazy("cadres", "Kind"), choices=TrainingKind.choices)
    course = forms.CharField(label=_("Course"), max_length=300)
    level = forms.ChoiceField(
        label=_("Level reached"),
        choices=LEVELS,
        required=False,
        help_text=_("Required for political theory: completing it raises the member's level."),
    )
    institution = forms.CharField(label=_("Institution"), max_length=200, required=False)
    started_on = _date(_("From"))
    ended_on = _date(_("Until"), required=False)


class TrainingForm(TrainingEditForm):
    completed = forms.BooleanField(label=_("Already completed"), required=False)


class TrainingCompleteForm(forms.Form):
    ended_on = _date(_("Completed on"), initial=timezone.localdate)
    level = forms.ChoiceField(label=_("Level reached"), choices=LEVELS, required=False)


# --- rotation and transfer -----------------------------------------------------------------------------------------


class MovementEditForm(ScopedForm):
    record_fields = ()
    view_fields = ("from_unit", "to_unit")

    kind = forms.ChoiceField(label=pgettext_lazy("cadres", "Kind"), choices=MovementKind.choices)
    decided_on = _date(_("Decided on"))
    decision = forms.CharField(label=_("Decision"), max_length=100, required=False)
    from_unit = UnitField(required=False, label=_("From unit"))
    to_unit = UnitField(required=False, label=_("To unit"))
    destination = forms.CharField(
        label=_("Or a destination"), max_length=300, required=False, help_text=_("When the unit is not in the tree.")
    )
    post = forms.CharField(label=_("Post at the destination"), max_length=200, required=False)
    starts_on = _date(_("From"))
    ends_on = _date(_("Until"), required=False, help_text=_("For a secondment or a fixed-term rotation."))


class MovementForm(MovementEditForm):
    record_fields = ("unit",)

    unit = UnitField(label=_("Deciding unit"))
    end_position = forms.ModelChoiceField(
        label=_("End this position the day before"), queryset=None, required=False, empty_label="—"
    )
    start_position = forms.BooleanField(
        label=_("Start the post at the destination"),
        required=False,
        help_text=_("Records the new position in the destination unit from the start date."),
    )
    field_order = ["unit", "kind", "decided_on", "decision"]

    def __init__(self, *args, open_positions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end_position"].queryset = open_positions


# --- nominations ---------------------------------------------------------------------------------------------------


class NominationEditForm(ScopedForm):
    record_fields = ()
    view_fields = ("body",)

    kind = forms.ChoiceField(label=pgettext_lazy("cadres", "Kind"), choices=NominationKind.choices)
    post = forms.CharField(label=_("For the post"), max_length=200)
    body = UnitField(required=False, label=_("In the body"))
    nominated_on = _date(pgettext_lazy("nomination", "Date"), initial=timezone.localdate)


class NominationForm(NominationEditForm):
    record_fields = ("unit",)

    unit = UnitField(label=_("Nominating unit"))
    field_order = ["unit", "kind", "post", "body", "nominated_on"]


class NominationOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[c for c in NominationOutcome.choices if c[0]])
    outcome_on = _date(_("On"), initial=timezone.localdate)


# --- filters -------------------------------------------------------------------------------------------------------


class PeriodFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False)
    kind = forms.ChoiceField(label=pgettext_lazy("cadres", "Kind"), required=False)
    start = _date(_("From"), required=False)
    end = _date(_("to"), required=False)

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *kinds]


class NominationFilterForm(PeriodFilterForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        required=False,
        choices=[("", _("All outcomes")), ("pending", _("Pending")), *[c for c in NominationOutcome.choices if c[0]]],
    )


class TrainingFilterForm(PeriodFilterForm):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All")), ("completed", _("Completed")), ("ongoing", _("Not completed yet"))],
    )


class SuccessionFilterForm(forms.Form):
    term = forms.CharField(label=_("Term"), max_length=9, required=False)
    removed = forms.BooleanField(label=_("Include names taken off"), required=False)
