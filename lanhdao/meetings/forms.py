from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lanhdao.accounts.picker import UserField
from lanhdao.accounts.roles import Clearance
from lanhdao.core.forms import DateField, DateInput
from lanhdao.core.picker import label_by_row
from lanhdao.documents.selectors import documents_named
from lanhdao.org.picker import UnitField

from .models import Frequency, Matter, MeetingKind, Outcome
from .rules import MeetingState, SubmissionState
from .selectors import MeetingFilter


class DocumentRefField(forms.CharField):
    """A registered document, by its id or its symbol (e.g. 45-TB/ThU), among the documents the user may see."""

    def __init__(self, *, documents=None, **kwargs):
        self.documents = documents
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 80)
        kwargs.setdefault("help_text", _("Symbol (e.g. 45-TB/ThU) or number of a registered document; optional."))
        super().__init__(**kwargs)

    def clean(self, value):
        text = (super().clean(value) or "").strip()
        if not text:
            return None
        found = documents_named(self.documents, text)[:2]
        if not found:
            raise forms.ValidationError(_("No registered document %(ref)s that you may see."), params={"ref": text})
        if len(found) > 1:
            raise forms.ValidationError(
                _("Several documents have the symbol %(ref)s: give the number of the one you mean."),
                params={"ref": text},
            )
        return found[0]


class MeetingForm(forms.Form):
    unit = UnitField(label=_("Unit or body that meets"), on_field="date")
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Subject"), max_length=300, required=False)
    date = DateField(label=pgettext_lazy("meeting", "Date"), widget=DateInput)
    location = forms.CharField(label=_("Place"), max_length=200, required=False)
    chair = forms.CharField(
        label=_("Chair"), max_length=150, required=False, help_text=_("A user name, or the name of the person.")
    )
    member_count = forms.IntegerField(
        label=_("Members of the body"),
        required=False,
        min_value=1,
        max_value=1000,
        help_text=_("For the quorum; when empty, the members among the participants are counted."),
    )
    minutes = forms.CharField(label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    confidentiality = forms.TypedChoiceField(
        label=_("Confidentiality"),
        choices=Clearance.choices,
        coerce=int,
        initial=Clearance.NORMAL,
        required=False,
        empty_value=Clearance.NORMAL,
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].units = units


class MeetingFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of meeting"), required=False, choices=[("", _("All kinds of meeting")), *MeetingKind.choices]
    )
    state = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *MeetingState.choices])
    date_from = DateField(label=_("From"), required=False, widget=DateInput)
    date_to = DateField(label=_("to"), required=False, widget=DateInput)

    def meeting_filter(self, unit) -> MeetingFilter:
        """The meetings of `unit`'s subtree this form asks for; a form with any invalid field filters nothing else."""
        data = self.cleaned_data if self.is_valid() else {}
        return MeetingFilter(
            unit=unit,
            kind=data.get("kind") or "",
            state=data.get("state") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


class AgendaForm(forms.Form):
    text = forms.CharField(label=_("Agenda item"), max_length=500, required=False)
    document = DocumentRefField(label=_("Document"))
    submission = forms.TypedChoiceField(label=_("Submission"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, documents, submissions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].documents = documents
        self.fields["submission"].choices = [("", "—"), *((s.pk, str(s)) for s in submissions)]
        self.submissions = {s.pk: s for s in submissions}

    def clean_submission(self):
        pk = self.cleaned_data.get("submission")
        return self.submissions.get(pk) if pk else None


class ParticipantsForm(forms.Form):
    users = forms.TypedMultipleChoiceField(
        label=_("Users of the system"), required=False, coerce=int, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    names = forms.CharField(
        label=_("Other people (one name a line)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_member = forms.BooleanField(label=_("Members of the body (counted for the quorum)"), required=False)

    def __init__(self, *args, candidates, **kwargs):
        kwargs.setdefault("initial", {"is_member": True})
        super().__init__(*args, **kwargs)
        self.candidates = {u.pk: u for u in candidates}
        self.fields["users"].choices = [(u.pk, f"{u} ({u.username})") for u in candidates]

    def clean_users(self):
        return [self.candidates[pk] for pk in self.cleaned_data.get("users") or []]

    def clean_names(self):
        return [line.strip() for line in (self.cleaned_data.get("names") or "").splitlines() if line.strip()]


class ConclusionForm(forms.Form):
    text = forms.CharField(label=_("Conclusion notice"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    document = DocumentRefField(label=_("Registered notice"))
    issued_on = DateField(label=_("Notice dated"), required=False, widget=DateInput)

    def __init__(self, *args, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].documents = documents


class PointForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=500, required=False)
    lead_unit = UnitField(label=_("Lead unit"), required=False)
    deadline = DateField(label=_("Deadline"), required=False, widget=DateInput)
    expected_output = forms.CharField(label=_("Expected output"), max_length=500, required=False)

    def clean(self):
        data = super().clean()
        filled = [bool(data.get(f)) for f in ("title", "lead_unit", "deadline")]
        if any(filled) and not all(filled):
            raise forms.ValidationError(_("A point needs a task, a lead unit and a deadline."))
        return data


class BasePointFormSet(forms.BaseFormSet):
    def __init__(self, *args, units, **kwargs):
        self.units = units
        super().__init__(*args, **kwargs)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.fields["lead_unit"].units = self.units
        for name in ("title", "lead_unit", "expected_output"):  # a table row has no <label>: each box is named
            label_by_row(form, name)
        return form

    @property
    def empty_form(self):
        form = super().empty_form
        form.fields["lead_unit"].units = self.units
        return form

    def filled(self) -> list[dict]:
        return [f.cleaned_data for f in self.forms if f.cleaned_data.get("title")]


PointFormSet = forms.formset_factory(PointForm, formset=BasePointFormSet, extra=0, max_num=50, absolute_max=50)


class FrequencyForm(forms.Form):
    unit = UnitField(label=_("Unit or body"))
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=MeetingKind.choices)
    frequency = forms.ChoiceField(label=_("How often"), choices=Frequency.choices)
    effective_from = DateField(label=_("In force from"), widget=DateInput)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].units = units


class SubmissionForm(forms.Form):
    from_unit = UnitField(label=_("Submitted by"), on_field="sent_on")
    to_unit = UnitField(label=_("Submitted to (the Standing Board or the committee)"), on_field="sent_on")
    matter = forms.ChoiceField(label=_("Matter"), choices=Matter.choices)
    title = forms.CharField(label=_("Subject"), max_length=500)
    symbol = forms.CharField(label=_("Symbol"), max_length=80, required=False, help_text=_("e.g. 25/TTr-UBND"))
    document = DocumentRefField(label=_("Registered document"))
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    sent_on = DateField(label=_("Sent on"), widget=DateInput)
    opinion_due = DateField(label=_("Opinion due by"), widget=DateInput)

    def __init__(self, *args, units, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_unit"].units = units
        self.fields["to_unit"].units = units
        self.fields["document"].documents = documents


class SubmissionFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *SubmissionState.choices])
    matter = forms.ChoiceField(label=_("Matter"), required=False, choices=[("", _("All matters")), *Matter.choices])


class OpinionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    given_on = DateField(label=_("Given on"), widget=DateInput)
    text = forms.CharField(label=_("Opinion or conclusion"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    document = DocumentRefField(label=_("Registered document"))
    meeting = forms.TypedChoiceField(label=_("Given at meeting"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, documents, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].documents = documents
        self.meetings = {m.pk: m for m in meetings}
        self.fields["meeting"].choices = [("", "—"), *((m.pk, f"{m} · {m.unit.name}") for m in meetings)]

    def clean_meeting(self):
        pk = self.cleaned_data.get("meeting")
        return self.meetings.get(pk) if pk else None


class DecisionForm(forms.Form):
    decided_on = DateField(label=_("Decided on"), widget=DateInput)


class ResponsibilityForm(forms.Form):
    committee = UnitField(label=_("Committee"), on_field="starts_on")
    member = UserField(label=_("Member"))
    unit = UnitField(label=_("Organisation followed"), on_field="starts_on")
    starts_on = DateField(label=_("From"), widget=DateInput)
    ends_on = DateField(label=_("Until"), required=False, widget=DateInput)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, committees, units, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].units = committees
        self.fields["unit"].units = units
        self.fields["member"].users = members


class EndForm(forms.Form):
    ends_on = DateField(label=_("Ends on"), widget=DateInput)
