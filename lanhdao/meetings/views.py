"""Pages of meetings: the list of a unit's subtree, one meeting (agenda, participants and quorum, minutes), its
conclusion turned into tasks, the schedule with the frequencies. htmx requests get the partial only."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm
from lanhdao.audit.selectors import history_for
from lanhdao.core.access import parse_id
from lanhdao.core.forms import run_service
from lanhdao.core.paging import paginate, query_without_page
from lanhdao.documents.selectors import documents_for
from lanhdao.org.permissions import unit_of_page
from lanhdao.org.picker import unit_choices

from . import selectors, services
from .forms import (
    AgendaForm,
    ConclusionForm,
    MeetingFilterForm,
    MeetingForm,
    ParticipantsForm,
    PointFormSet,
)
from .permissions import access_meeting, agenda_item_of, may_record_meeting, participant_of
from .rules import USUAL_KIND, meeting_state
from .services import PointSpec

EDIT_FIELDS = ("kind", "title", "date", "location", "member_count", "minutes", "confidentiality")


def _filtered(request, unit, today):
    form = MeetingFilterForm(request.GET or None)
    qs = selectors.filter_meetings(selectors.meetings_for(request.user), form.meeting_filter(unit), today)
    return form, selectors.with_attendance(qs).select_related("unit", "chair").order_by("-date", "-pk")


@require_GET
def meeting_list(request):
    unit = unit_of_page(request)
    today = timezone.localdate()
    form, qs = _filtered(request, unit, today)
    page = paginate(request, qs)
    for meeting in page.object_list:
        meeting.state = meeting_state(meeting, today)
    context = {
        "unit": unit,
        "form": form,
        "page": page,
        "query": query_without_page(request),
        "can_record": has_perm(request.user, Perm.RECORD, unit),
    }
    template = "meetings/partials/_meeting_rows.html" if request.htmx else "meetings/meeting_list.html"
    return render(request, template, context)


def _chair(unit, text: str) -> dict:
    """A chair typed as a user name becomes that user (when they hold a role in the committee), else a name."""
    text = (text or "").strip()
    user = selectors.candidate_participants(unit).filter(username=text).first() if text else None
    return {"chair": user, "chair_name": "" if user else text}


@require_http_methods(["GET", "POST"])
def meeting_create(request):
    units = unit_choices(request.user, Perm.RECORD)
    initial = {"date": timezone.localdate()}
    code = request.GET.get("unit_code")
    if code and (found := units.exact(units.queryset(), code)):
        initial |= {"unit": found[0], "kind": USUAL_KIND.get(found[0].kind, "")}
    form = MeetingForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in EDIT_FIELDS}
        unit, kind, date = form.cleaned_data["unit"], data.pop("kind"), data.pop("date")
        meeting = run_service(
            form,
            services.meeting_create,
            actor=request.user,
            unit=unit,
            kind=kind,
            date=date,
            **data,
            **_chair(unit, form.cleaned_data["chair"]),
        )
        if not form.errors:
            messages.success(request, _("Meeting recorded."))
            return redirect("meetings:meeting_detail", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "title": _("Record a meeting")})


@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = access_meeting(request.user, pk, write=True)
    initial = {f: getattr(meeting, f) for f in EDIT_FIELDS} | {
        "unit": meeting.unit,
        "chair": meeting.chair.username if meeting.chair else meeting.chair_name,
    }
    form = MeetingForm(request.POST or None, units=unit_choices(request.user, Perm.RECORD), initial=initial)
    form.fields["unit"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in EDIT_FIELDS}
        data |= _chair(meeting.unit, form.cleaned_data["chair"])
        run_service(form, services.meeting_update, actor=request.user, meeting=meeting, data=data)
        if not form.errors:
            messages.success(request, _("Changes saved."))
            return redirect("meetings:meeting_detail", pk=meeting.pk)
    context = {"form": form, "meeting": meeting, "title": _("Edit meeting")}
    return render(request, "meetings/meeting_form.html", context)


def _agenda_context(request, meeting, form=None):
    can_record = may_record_meeting(request.user, meeting) and not meeting.cancelled_at
    if form is None and can_record:
        submissions = selectors.open_submissions_to(selectors.submissions_for(request.user), meeting.unit)[:100]
        form = AgendaForm(documents=documents_for(request.user), submissions=list(submissions))
    agenda = list(meeting.agenda.select_related("document", "submission"))
    # A document the reader may not open is shown as one that exists, never by its symbol or title.
    documents = [meeting.conclusion_document_id, *(item.document_id for item in agenda)]
    visible = selectors.visible_document_ids(request.user, documents)
    return {
        "meeting": meeting,
        "agenda": agenda,
        "agenda_form": form,
        "can_record": can_record,
        "visible_documents": visible,
    }


def _participants_context(request, meeting, form=None):
    today = timezone.localdate()
    can_record = may_record_meeting(request.user, meeting) and not meeting.cancelled_at
    if form is None and can_record:
        form = ParticipantsForm(candidates=list(selectors.candidate_participants(meeting.unit)[:300]))
    return {
        "meeting": meeting,
        "participants": meeting.participants.select_related("user").order_by("-is_member", "pk"),
        "participants_form": form,
        "quorum": selectors.quorum_of(meeting),
        "state": meeting_state(meeting, today),
        "can_record": can_record,
    }


@require_GET
def meeting_detail(request, pk):
    meeting = access_meeting(request.user, pk)
    today = timezone.localdate()
    context = {
        **_agenda_context(request, meeting),
        **_participants_context(request, meeting),
        "points": selectors.points_of(meeting=meeting, today=today, user=request.user),
        "opinions": selectors.submissions_for(request.user).filter(opinion_meeting=meeting).select_related("from_unit"),
        "history": history_for(meeting)[:15],
    }
    return render(request, "meetings/meeting_detail.html", context)


def _partial_or_redirect(request, meeting, template, context):
    if request.htmx:
        return render(request, template, context)
    return redirect("meetings:meeting_detail", pk=meeting.pk)


@require_POST
def agenda_add(request, pk):
    meeting = access_meeting(request.user, pk, write=True)
    submissions = selectors.open_submissions_to(selectors.submissions_for(request.user), meeting.unit)[:100]
    form = AgendaForm(request.POST, documents=documents_for(request.user), submissions=list(submissions))
    if form.is_valid():
        run_service(form, services.agenda_add, actor=request.user, meeting=meeting, **form.cleaned_data)
        if not form.errors:
            form = None
    if form is not None and not request.htmx:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return _partial_or_redirect(
        request, meeting, "meetings/partials/_agenda.html", _agenda_context(request, meeting, form)
    )


def _confirm(request, *, title, question, confirm_label, cancel_url, with_note=False, consequence=""):
    context = {
        "title": title,
        "question": question,
        "confirm_label": confirm_label,
        "cancel_url": cancel_url,
        "with_note": with_note,
        "consequence": consequence,
    }
    return render(request, "core/confirm.html", context)


@require_http_methods(["GET", "POST"])
def agenda_remove(request, pk, item_pk):
    meeting = access_meeting(request.user, pk, write=True)
    item = agenda_item_of(meeting, item_pk)
    if request.method == "GET":
        return _confirm(
            request,
            title=_("Remove an agenda item"),
            question=_("Remove “%(t)s” from the agenda?") % {"t": item},
            confirm_label=_("Remove"),
            cancel_url=reverse("meetings:meeting_detail", args=[meeting.pk]),
        )
    try:
        services.agenda_remove(actor=request.user, meeting=meeting, item=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _partial_or_redirect(request, meeting, "meetings/partials/_agenda.html", _agenda_context(request, meeting))


@require_POST
def participants_add(request, pk):
    meeting = access_meeting(request.user, pk, write=True)
    form = ParticipantsForm(request.POST, candidates=list(selectors.candidate_participants(meeting.unit)[:300]))
    if form.is_valid():
        run_service(form, services.participants_add, actor=request.user, meeting=meeting, **form.cleaned_data)
        if not form.errors:
            form = None
    context = _participants_context(request, meeting, form)
    return _partial_or_redirect(request, meeting, "meetings/partials/_participants.html", context)


@require_http_methods(["GET", "POST"])
def participant_remove(request, pk, participant_pk):
    meeting = access_meeting(request.user, pk, write=True)
    participant = participant_of(meeting, participant_pk)
    if request.method == "GET":
        return _confirm(
            request,
            title=_("Remove a participant"),
            question=_("Remove %(p)s from the participants?") % {"p": participant},
            confirm_label=_("Remove"),
            cancel_url=reverse("meetings:meeting_detail", args=[meeting.pk]),
        )
    try:
        services.participant_remove(actor=request.user, meeting=meeting, participant=participant)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    context = _participants_context(request, meeting)
    return _partial_or_redirect(request, meeting, "meetings/partials/_participants.html", context)


@require_POST
def attendance(request, pk):
    meeting = access_meeting(request.user, pk, write=True)
    present = [number for v in request.POST.getlist("present") if (number := parse_id(v)) is not None]
    try:
        result = services.attendance_record(actor=request.user, meeting=meeting, present_ids=present)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if not request.htmx:  # the partial shows the quorum itself
            if result.met:
                messages.success(request, _("Attendance recorded."))
            else:
                messages.warning(request, _("Attendance recorded, but the quorum is not met."))
    context = _participants_context(request, meeting)
    return _partial_or_redirect(request, meeting, "meetings/partials/_participants.html", context)


@require_http_methods(["GET", "POST"])
def meeting_cancel(request, pk):
    meeting = access_meeting(request.user, pk, write=True)
    if request.method == "GET":
        return _confirm(
            request,
            title=_("Cancel the meeting"),
            question=_("Cancel %(m)s? It stays in the history, and no longer counts as held.") % {"m": meeting},
            confirm_label=_("Cancel the meeting"),
            with_note=True,
            cancel_url=reverse("meetings:meeting_detail", args=[meeting.pk]),
        )
    try:
        services.meeting_cancel(actor=request.user, meeting=meeting, reason=request.POST.get("note", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Meeting cancelled."))
    return redirect("meetings:meeting_detail", pk=meeting.pk)


def point_specs(rows) -> list[PointSpec]:
    return [
        PointSpec(
            title=r["title"], lead_unit=r["lead_unit"], deadline=r["deadline"], expected_output=r["expected_output"]
        )
        for r in rows
    ]


def apply_point_errors(form, formset, error: ValidationError) -> None:
    """Errors of the service: `point_<n>` on the n-th filled row of the formset, the rest on the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    filled = [f for f in formset.forms if f.cleaned_data.get("title")]
    for key, errors in error.error_dict.items():
        if key.startswith("point_") and key[6:].isdigit() and int(key[6:]) <= len(filled):
            filled[int(key[6:]) - 1].add_error(None, errors)
        else:
            form.add_error(key if key in form.fields else None, errors)


def points_formset(request, units, *, rows: int = 3):
    """The points formset; a POST with `add_row` gives one row more and saves nothing."""
    if request.method == "POST":
        data = request.POST.copy()
        if "add_row" in data:
            data["points-TOTAL_FORMS"] = str(min(50, int(data.get("points-TOTAL_FORMS") or 0) + 1))
        return PointFormSet(data, prefix="points", units=units)
    return PointFormSet(prefix="points", units=units, initial=[{}] * rows)


@require_http_methods(["GET", "POST"])
def conclusion(request, pk):
    """The conclusion notice of a held meeting, and its points turned into tasks in one step."""
    meeting = access_meeting(request.user, pk, write=True)
    assigning = selectors.issuing_unit(meeting.unit)
    lead_units = unit_choices(request.user, Perm.VIEW, under=assigning)
    initial = {"text": meeting.conclusion_text, "issued_on": meeting.conclusion_issued_on or meeting.date}
    if meeting.conclusion_document_id:
        initial["document"] = meeting.conclusion_document_id
    form = ConclusionForm(request.POST or None, documents=documents_for(request.user), initial=initial)
    formset = points_formset(request, lead_units)
    if request.method == "POST" and "add_row" not in request.POST and form.is_valid() and formset.is_valid():
        try:
            created = services.conclusion_record(
                actor=request.user, meeting=meeting, points=point_specs(formset.filled()), **form.cleaned_data
            )
        except ValidationError as error:
            apply_point_errors(form, formset, error)
        else:
            messages.success(request, _("Conclusion saved; %(n)d task(s) assigned.") % {"n": len(created)})
            return redirect("meetings:meeting_detail", pk=meeting.pk)
    context = {
        "meeting": meeting,
        "assigning": assigning,
        "form": form,
        "formset": formset,
        "points": selectors.points_of(meeting=meeting, today=timezone.localdate(), user=request.user),
    }
    template = "meetings/partials/_conclusion_form.html" if request.htmx else "meetings/conclusion.html"
    return render(request, template, context)
