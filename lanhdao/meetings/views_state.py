"""Pages of the leadership of the State (submissions to the Standing Board, matters decided without the required
opinion) and of responsibility assignments (who follows which organisation; "my organisations")."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lanhdao.accounts.picker import user_choices
from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm
from lanhdao.audit.selectors import history_for
from lanhdao.core.forms import run_service
from lanhdao.core.paging import paginate, query_without_page
from lanhdao.documents.selectors import documents_for
from lanhdao.org.permissions import unit_of_page
from lanhdao.org.picker import unit_choices
from lanhdao.work.selectors import tasks_for

from . import selectors, services_state
from .forms import DecisionForm, EndForm, OpinionForm, ResponsibilityForm, SubmissionFilterForm, SubmissionForm
from .permissions import (
    access_responsibility,
    access_submission,
    may_give_opinion,
    may_record_submission,
    opinion_hidden,
)
from .rules import SubmissionState, held_q, submission_state, submission_state_q
from .views import _confirm, apply_point_errors, point_specs, points_formset

SUBMISSION_FIELDS = ("matter", "title", "symbol", "document", "summary", "sent_on", "opinion_due")


def _submission_rows(request, unit, today, *, state=None):
    form = SubmissionFilterForm(request.GET or None)
    qs = selectors.submissions_in_subtree(selectors.submissions_for(request.user), unit)
    data = form.cleaned_data if form.is_valid() else {}
    state = state or data.get("state")
    if state:
        qs = qs.filter(submission_state_q(state, today))
    if data.get("matter"):
        qs = qs.filter(matter=data["matter"])
    return form, qs.select_related("from_unit", "to_unit").order_by("-sent_on", "-pk")


def _render_list(request, unit, today, *, state=None, title):
    form, qs = _submission_rows(request, unit, today, state=state)
    page = paginate(request, qs)
    for submission in page.object_list:
        submission.state = submission_state(submission, today)
    context = {
        "unit": unit,
        "form": form,
        "page": page,
        "query": query_without_page(request),
        "title": title,
        "fixed_state": state,
        "can_record": has_perm(request.user, Perm.RECORD, unit),
    }
    template = "meetings/partials/_submission_rows.html" if request.htmx else "meetings/submission_list.html"
    return render(request, template, context)


@require_GET
def submission_list(request):
    unit = unit_of_page(request)
    return _render_list(request, unit, timezone.localdate(), title=_("Submissions to the Standing Board"))


@require_GET
def decided_without_opinion(request):
    """Matters the State body decided before the Standing Board gave the opinion the rules require."""
    unit = unit_of_page(request)
    return _render_list(
        request,
        unit,
        timezone.localdate(),
        state=SubmissionState.DECIDED_WITHOUT_OPINION,
        title=_("Matters decided without the required opinion"),
    )


@require_http_methods(["GET", "POST"])
def submission_create(request):
    units = unit_choices(request.user, Perm.VIEW)
    initial = {"sent_on": timezone.localdate()}
    for key in ("from_unit", "to_unit"):
        if request.GET.get(key):
            initial[key] = request.GET[key]
    form = SubmissionForm(request.POST or None, units=units, documents=documents_for(request.user), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        submission = run_service(
            form,
            services_state.submission_create,
            actor=request.user,
            from_unit=data.pop("from_unit"),
            to_unit=data.pop("to_unit"),
            **data,
        )
        if not form.errors:
            messages.success(request, _("Submission recorded."))
            return redirect("meetings:submission_detail", pk=submission.pk)
    return render(request, "meetings/submission_form.html", {"form": form, "title": _("Record a submission")})


@require_http_methods(["GET", "POST"])
def submission_edit(request, pk):
    submission = access_submission(request.user, pk, write=True)
    initial = {f: getattr(submission, f) for f in SUBMISSION_FIELDS} | {
        "from_unit": submission.from_unit,
        "to_unit": submission.to_unit,
        "document": submission.document_id or "",
    }
    form = SubmissionForm(
        request.POST or None,
        units=unit_choices(request.user, Perm.VIEW),
        documents=documents_for(request.user),
        initial=initial,
    )
    form.fields["from_unit"].disabled = form.fields["to_unit"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in SUBMISSION_FIELDS}
        run_service(form, services_state.submission_update, actor=request.user, submission=submission, data=data)
        if not form.errors:
            messages.success(request, _("Changes saved."))
            return redirect("meetings:submission_detail", pk=submission.pk)
    context = {"form": form, "submission": submission, "title": _("Edit submission")}
    return render(request, "meetings/submission_form.html", context)


@require_GET
def submission_detail(request, pk):
    submission = access_submission(request.user, pk)
    today = timezone.localdate()
    writable = may_record_submission(request.user, submission) and not submission.withdrawn_at
    hidden = opinion_hidden(request.user, submission)
    agenda_items = list(submission.agenda_items.select_related("meeting", "meeting__unit"))
    meetings = selectors.visible_meeting_ids(
        request.user, [submission.opinion_meeting_id, *(item.meeting_id for item in agenda_items)]
    )
    for item in agenda_items:  # a meeting the reader may not open shows as one that exists, nothing more
        item.meeting_visible = item.meeting_id in meetings
    documents = [submission.document_id, submission.opinion_document_id]
    context = {
        "submission": submission,
        "state": submission_state(submission, today),
        "opinion_hidden": hidden,
        "visible_meetings": meetings,
        "visible_documents": selectors.visible_document_ids(request.user, documents),
        "points": [] if hidden else selectors.points_of(submission=submission, today=today, user=request.user),
        "agenda_items": agenda_items,
        "can_record": writable,
        "can_give_opinion": may_give_opinion(request.user, submission)
        and not submission.withdrawn_at
        and not submission.opinion_on,
        "decision_form": DecisionForm(initial={"decided_on": submission.decided_on or today}) if writable else None,
        "history": history_for(submission, reader=request.user)[:15],
    }
    return render(request, "meetings/submission_detail.html", context)


@require_http_methods(["GET", "POST"])
def submission_opinion(request, pk):
    """The Board's opinion or conclusion, with points that become tasks in the same step."""
    submission = access_submission(request.user, pk)
    if not may_give_opinion(request.user, submission):
        raise Http404
    committee = selectors.issuing_unit(submission.to_unit)
    today = timezone.localdate()
    meetings = selectors.in_subtree(selectors.meetings_for(request.user), committee).filter(held_q(today))
    form = OpinionForm(
        request.POST or None,
        documents=documents_for(request.user),
        meetings=list(meetings.select_related("unit").order_by("-date")[:30]),
        initial={"given_on": today},
    )
    formset = points_formset(request, unit_choices(request.user, Perm.VIEW, under=committee))
    if request.method == "POST" and "add_row" not in request.POST and form.is_valid() and formset.is_valid():
        try:
            services_state.opinion_give(
                actor=request.user, submission=submission, points=point_specs(formset.filled()), **form.cleaned_data
            )
        except ValidationError as error:
            apply_point_errors(form, formset, error)
        else:
            messages.success(request, _("Opinion recorded."))
            return redirect("meetings:submission_detail", pk=submission.pk)
    context = {"submission": submission, "form": form, "formset": formset, "assigning": committee}
    template = "meetings/partials/_opinion_form.html" if request.htmx else "meetings/opinion.html"
    return render(request, template, context)


@require_POST
def submission_decision(request, pk):
    submission = access_submission(request.user, pk, write=True)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services_state.decision_record(actor=request.user, submission=submission, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Decision recorded."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("meetings:submission_detail", pk=submission.pk)


@require_http_methods(["GET", "POST"])
def submission_withdraw(request, pk):
    submission = access_submission(request.user, pk, write=True)
    if request.method == "GET":
        return _confirm(
            request,
            title=_("Withdraw the submission"),
            question=_("Withdraw %(s)s? It stays in the history and is no longer awaited.") % {"s": submission},
            confirm_label=_("Withdraw"),
            with_note=True,
            cancel_url=reverse("meetings:submission_detail", args=[submission.pk]),
        )
    try:
        services_state.submission_withdraw(actor=request.user, submission=submission, reason=request.POST.get("note"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Submission withdrawn."))
    return redirect("meetings:submission_detail", pk=submission.pk)


# --- responsibility assignments -------------------------------------------------------------------------------------


@require_GET
def responsibility_list(request):
    """Who follows which organisation, for the committees of a unit's subtree."""
    unit = unit_of_page(request)
    today = timezone.localdate()
    qs = selectors.responsibilities_in_subtree(selectors.responsibilities_for(request.user), unit)
    if request.GET.get("all") != "1":
        qs = selectors.current(qs, today)
    page = paginate(request, qs.select_related("committee", "member", "unit").order_by("member__full_name", "pk"))
    context = {
        "unit": unit,
        "page": page,
        "query": query_without_page(request),
        "today": today,
        "show_all": request.GET.get("all") == "1",
        "can_record": has_perm(request.user, Perm.RECORD, unit),
    }
    template = "meetings/partials/_responsibility_rows.html" if request.htmx else "meetings/responsibility_list.html"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def responsibility_create(request):
    initial = {"starts_on": timezone.localdate(), "committee": request.GET.get("committee", "")}
    form = ResponsibilityForm(
        request.POST or None,
        committees=unit_choices(request.user, Perm.RECORD),
        units=unit_choices(request.user, Perm.VIEW),
        members=user_choices(request.user, Perm.VIEW),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        responsibility = run_service(
            form, services_state.responsibility_assign, actor=request.user, **form.cleaned_data
        )
        if not form.errors:
            messages.success(request, _("Assignment recorded."))
            return redirect(f"{reverse('meetings:responsibility_list')}?unit={responsibility.committee_id}")
    return render(request, "meetings/responsibility_form.html", {"form": form, "title": _("Assign a member")})


@require_http_methods(["GET", "POST"])
def responsibility_end(request, pk):
    responsibility = access_responsibility(request.user, pk, write=True)
    form = EndForm(request.POST or None, initial={"ends_on": timezone.localdate()})
    back = f"{reverse('meetings:responsibility_list')}?unit={responsibility.committee_id}"
    if request.method == "POST" and form.is_valid():
        run_service(
            form,
            services_state.responsibility_end,
            actor=request.user,
            responsibility=responsibility,
            **form.cleaned_data,
        )
        if not form.errors:
            messages.success(request, _("Assignment ended."))
            return redirect(back)
    context = {"form": form, "responsibility": responsibility, "cancel_url": back}
    return render(request, "meetings/responsibility_end.html", context)


def _organisations(request, member):
    today = timezone.localdate()
    assigned = list(
        selectors.current(selectors.responsibilities_for(request.user).filter(member=member), today)
        .select_related("committee", "unit")
        .order_by("unit__path")
    )
    rows = selectors.organisations_state(assigned, tasks_for(request.user), selectors.meetings_for(request.user), today)
    context = {"member": member, "rows": rows, "today": today, "mine": member.pk == request.user.pk}
    return render(request, "meetings/organisations.html", context)


@require_GET
def my_organisations(request):
    """The organisations the signed-in member follows, with their state."""
    return _organisations(request, request.user)


@require_GET
def member_organisations(request, user_pk):
    """A member's organisations, for the committee's office: 404 unless the viewer sees one of the assignments."""
    assigned = selectors.responsibilities_for(request.user).filter(member_id=user_pk).select_related("member").first()
    if assigned is None:
        raise Http404(_("No such member, or you may not see them."))
    return _organisations(request, assigned.member)
