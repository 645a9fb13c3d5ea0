from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lanhdao.accounts.picker import UserField
from lanhdao.core.forms import DateField, DateInput
from lanhdao.core.picker import label_by_row
from lanhdao.org.picker import UnitField

from .models import Channel, Frequency, PeriodKind, PetitionKind, Result, Weekday
from .status import PetitionStatus, answer_days


class ScopedForm(forms.Form):
    """A form whose unit and user fields are looked up in the acting user's scope."""

    record_fields: tuple[str, ...] = ("unit",)
    view_fields: tuple[str, ...] = ()
    user_fields: tuple[str, ...] = ()

    def __init__(self, *args, record_units=None, view_units=None, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.record_fields:
            if name in self.fields:
                self.fields[name].units = record_units
        for name in self.view_fields:
            if name in self.fields:
                self.fields[name].units = view_units
        for name in self.user_fields:
            if name in self.fields:
                self.fields[name].users = users


def _text(label, rows=3, required=False):
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}))


class FieldVisitForm(ScopedForm):
    view_fields = ("place_unit",)
    user_fields = ("visitor",)

    unit = UnitField(
        on_field="visited_on", label=_("Visiting unit"), help_text=_("Whose leaders went: e.g. the Standing members.")
    )
    visited_on = DateField(label=pgettext_lazy("people", "Date"), widget=DateInput)
    visitor = UserField(required=False, label=_("Leader with an account"), help_text=_("If the leader has an account."))
    visitor_name = forms.CharField(
        label=_("Leader (name and position)"),
        max_length=200,
        required=False,
        help_text=_("Otherwise type the name; with an account it is filled in."),
    )
    place_unit = UnitField(required=False, label=_("Visited unit"), on_field="visited_on")
    place = forms.CharField(label=_("Or a place"), max_length=300, required=False)
    purpose = forms.CharField(label=_("Purpose"), max_length=500)
    summary = _text(_("Situation found"))


class DialogueForm(ScopedForm):
    user_fields = ("led_by",)

    unit = UnitField(label=_("Unit"))
    held_on = DateField(label=pgettext_lazy("people", "Date"), widget=DateInput)
    led_by = UserField(
        required=False, label=_("Led by (with an account)"), help_text=_("If the leader has an account.")
    )
    led_by_name = forms.CharField(label=_("Led by (name and position)"), max_length=200, required=False)
    topic = forms.CharField(label=_("Topic"), max_length=500)
    participants = forms.IntegerField(label=_("Participants"), min_value=0, initial=0)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    summary = _text(_("Summary"))


class FindingForm(ScopedForm):
    """One finding or issue raised; with a lead unit and a deadline it becomes a task."""

    record_fields = ()
    view_fields = ("lead_unit",)

    text = forms.CharField(label=_("Finding"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    lead_unit = UnitField(required=False, label=_("Task for"))
    deadline = DateField(label=_("Deadline"), required=False, widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label_by_row(self, "lead_unit")


FindingFormSet = forms.formset_factory(FindingForm, extra=4, max_num=30)


def finding_formset(data=None, *, view_units, prefix="findings"):
    return FindingFormSet(data, prefix=prefix, form_kwargs={"view_units": view_units})


def finding_specs(formset) -> list[dict]:
    """The filled rows of a valid formset, as services take them."""
    specs = []
    for form in formset.forms:
        data = form.cleaned_data
        if data.get("text") or data.get("lead_unit") or data.get("deadline"):
            specs.append({key: data.get(key) for key in ("text", "lead_unit", "deadline")})
    return specs


class FindingTaskForm(ScopedForm):
    record_fields = ()
    view_fields = ("lead_unit",)

    lead_unit = UnitField(label=_("Task for"))
    deadline = DateField(label=_("Deadline"), widget=DateInput)


class ScheduleForm(ScopedForm):
    unit = UnitField(label=_("Unit"))
    frequency = forms.ChoiceField(label=_("How often"), choices=Frequency.choices)
    day_of_month = forms.IntegerField(label=_("Day of the month"), min_value=1, max_value=31, required=False)
    weekday = forms.TypedChoiceField(
        label=_("Weekday"), choices=[("", "—"), *Weekday.choices], coerce=int, required=False, empty_value=None
    )
    receivers = forms.CharField(label=_("Who receives"), max_length=300, required=False)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    starts_on = DateField(label=_("From"), widget=DateInput)
    ends_on = DateField(label=_("Until"), required=False, widget=DateInput)


class ReceptionDayForm(ScopedForm):
    user_fields = ("received_by",)

    unit = UnitField(label=_("Unit"))
    schedule = forms.IntegerField(required=False, widget=forms.HiddenInput)
    held_on = DateField(label=pgettext_lazy("people", "Date"), widget=DateInput)
    received_by = UserField(required=False, label=_("Received by"))
    received_by_name = forms.CharField(label=_("Received by (name and position)"), max_length=200, required=False)
    cases = forms.IntegerField(label=_("Cases received"), min_value=0, initial=0)
    notes = _text(_("Notes"))


class EndScheduleForm(forms.Form):
    ends_on = DateField(label=_("Last day"), widget=DateInput)


class PetitionForm(ScopedForm):
    record_fields = ("receiving_unit",)
    view_fields = ("assigned_unit",)

    receiving_unit = UnitField(label=_("Received by"), on_field="received_on")
    received_on = DateField(label=_("Received on"), widget=DateInput)
    sender = forms.CharField(label=pgettext_lazy("people", "From"), max_length=300)
    sender_contact = forms.CharField(label=_("Sender's address or telephone"), max_length=300, required=False)
    subject = forms.CharField(label=_("Subject"), max_length=500)
    content = _text(_("Content"), rows=4)
    kind = forms.ChoiceField(label=pgettext_lazy("people", "Kind"), choices=PetitionKind.choices)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    deadline = DateField(label=_("Answer due by"), required=False, widget=DateInput)
    assigned_unit = UnitField(required=False, label=_("Assign to"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].help_text = _("Empty: %(n)d days after receipt.") % {"n": answer_days()}


class AssignForm(ScopedForm):
    record_fields = ()
    view_fields = ("unit",)

    unit = UnitField(label=_("Assign to"))


class AnswerForm(forms.Form):
    answered_on = DateField(label=_("Answered on"), widget=DateInput, initial=timezone.localdate)
    answer = _text(_("Answer"), rows=4, required=True)


class PlanForm(ScopedForm):
    record_fields = ()
    view_fields = ("unit",)  # one's own plan needs only to see the unit; the service checks the rest
    user_fields = ("leader",)

    unit = UnitField(label=_("Unit"))
    leader = UserField(
        required=False, label=_("Leader with an account"), help_text=_("Empty when the leader has no account.")
    )
    leader_name = forms.CharField(label=_("Leader's name"), max_length=150, required=False)
    leader_position = forms.CharField(label=_("Position"), max_length=200, required=False)
    period_kind = forms.ChoiceField(label=_("For"), choices=PeriodKind.choices)
    year_start = forms.IntegerField(label=_("Year (or first year of the term)"), min_value=2000, max_value=2100)
    year_end = forms.IntegerField(label=_("Last year of the term"), min_value=2000, max_value=2100, required=False)
    title = forms.CharField(label=pgettext_lazy("people", "Title"), max_length=300, required=False)
    commitments = forms.CharField(
        label=_("Commitments, one a line"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Each line is one commitment, assessed on its own at the end."),
    )
    internal_note = _text(_("Internal note (never published)"), rows=2)

    def commitment_lines(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.cleaned_data["commitments"].splitlines() if line.strip(" -•\t")]


class AssessForm(forms.Form):
    summary = _text(_("Overall self-assessment"), rows=4, required=True)

    def __init__(self, *args, commitments, **kwargs):
        super().__init__(*args, **kwargs)
        self.commitments = list(commitments)
        for c in self.commitments:
            self.fields[f"result_{c.pk}"] = forms.ChoiceField(
                label=_("Result"), choices=[("", "—"), *Result.choices], initial=c.result
            )
            self.fields[f"comment_{c.pk}"] = forms.CharField(
                label=_("Comment"), required=False, initial=c.assessment, widget=forms.Textarea(attrs={"rows": 2})
            )

    def rows(self):
        return [(c, self[f"result_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.commitments]

    def results(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {c.pk: (data[f"result_{c.pk}"], data[f"comment_{c.pk}"]) for c in self.commitments}


class PeriodFilterForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False)
    start = DateField(label=_("From"), required=False, widget=DateInput)
    end = DateField(label=_("to"), required=False, widget=DateInput)


class PetitionFilterForm(PeriodFilterForm):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("unanswered", _("Not answered yet")), *PetitionStatus.choices],
    )


class PlanFilterForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
