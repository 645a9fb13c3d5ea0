"""Pages of party members: the list of a subtree, a member's record (personal data only to those who may see it, each
view logged), a candidate's introduction, the record's edit and each step of the admission pipeline.

Transfers are in views_transfers; classifications, awards, badges in views_evaluations. Every read goes through an
access function or a selector (lanhdao/tests/test_architecture.py).
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm, units_for
from lanhdao.audit.models import Action
from lanhdao.audit.selectors import history_for
from lanhdao.core.forms import run_service
from lanhdao.core.paging import paginate, query_without_page
from lanhdao.core.picker import suggestions_page
from lanhdao.org.permissions import access_unit, unit_of_page
from lanhdao.org.picker import unit_choices
from lanhdao.org.selectors import ancestors

from . import selectors, services
from .forms import CandidateForm, DayForm, EndForm, MemberFilterForm, NotRecogniseForm, RecordForm
from .permissions import access_member, log_personal_view, may_manage_members, may_see_personal
from .picker import MemberChoices, member_choices
from .stages import PIPELINE, Stage, of_admission_age_on, probation_overdue, stage


def trail(request, unit) -> list:
    """The unit's ancestors the user may see, for the breadcrumb."""
    return [u for u in ancestors(unit) if has_perm(request.user, Perm.VIEW, u)]


@require_GET
def member_list(request):
    """The members of a subtree: by stage, name or card (diacritics or not), probation ended without a decision."""
    unit = unit_of_page(request)
    form = MemberFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    if code := (data.get("within") or "").strip():
        within = units_for(request.user).filter(code=code).first()
        if within is None:
            form.add_error("within", _("No unit with the code %(code)s in your scope.") % {"code": code})
        else:
            unit = within
    today = timezone.localdate()
    qs = selectors.filter_members(
        selectors.members_for(request.user),
        stage=data.get("stage") or "",
        query=data.get("q") or "",
        overdue_on=today if data.get("overdue") else None,
    )
    page = paginate(request, selectors.with_stage(selectors.in_list_order(qs, unit)).select_related("unit"))
    for member in page.object_list:
        member.overdue = probation_overdue(member, today)
        member.stage_label = Stage(member.stage).label
    context = {
        "unit": unit,
        "trail": trail(request, unit),
        "form": form,
        "page": page,
        "query": query_without_page(request),
        "children": selectors.party_children(unit)[:300],
        "incoming": selectors.incoming_transfers(request.user, unit),
        "can_introduce": may_manage_members(request.user, unit),
    }
    if request.htmx:
        return render(request, "members/partials/_member_rows.html", context)
    return render(request, "members/member_list.html", context)


@dataclass(frozen=True)
class Step:
    """One step of the admission pipeline as a page shows it."""

    key: str
    title: Promise
    field: str
    label: Promise
    before: Stage
    decision: bool = False
    card: bool = False

    def run(self, *, actor, member, data):
        service = {
            "trained": services.member_mark_trained,
            "propose": services.member_propose,
            "admit": services.member_admit,
            "recognise": services.member_recognise,
        }[self.key]
        return service(actor=actor, member=member, **data)


STEPS = {
    step.key: step
    for step in (
        Step(
            "trained",
            gettext_lazy("Completed the course on the Party"),
            "trained_on",
            gettext_lazy("Course completed on"),
            Stage.CANDIDATE,
        ),
        Step(
            "propose", gettext_lazy("Propose for admission"), "proposed_on", gettext_lazy("Proposed on"), Stage.TRAINED
        ),
        Step(
            "admit",
            gettext_lazy("Admit to the Party"),
            "admitted_on",
            gettext_lazy("Admitted on"),
            Stage.PROPOSED,
            decision=True,
            card=True,
        ),
        Step(
            "recognise",
            gettext_lazy("Recognise as a full member"),
            "full_on",
            gettext_lazy("Full member from"),
            Stage.PROBATIONARY,
            decision=True,
        ),
    )
}
NEXT_STEP = {step.before: step for step in STEPS.values()}


def step_form(step: Step, member, data=None) -> DayForm:
    form = DayForm(data, field=step.field, label=step.label, decision=step.decision, card=step.card, prefix=step.key)
    if step.key == "recognise" and member.probation_ends_on and member.probation_ends_on <= timezone.localdate():
        form.fields[step.field].initial = member.probation_ends_on
    return form


def _of_age_on(member, current: Stage):
    """The day a candidate under eighteen may be proposed (Party Charter Art. 1 cl. 2), None when it has come."""
    if current not in PIPELINE or member.birth_date is None:
        return None
    day = of_admission_age_on(member.birth_date)
    return day if day > timezone.localdate() else None


@require_GET
def member_detail(request, pk):
    member = access_member(request.user, pk)
    personal = may_see_personal(request.user, member.unit)
    if personal:
        log_personal_view(request.user, member, via="page")
    current = stage(member)
    can_manage = may_manage_members(request.user, member.unit)
    step = NEXT_STEP.get(current) if can_manage else None
    context = {
        "member": member,
        "stage": current,
        "stage_label": Stage(current).label,
        "personal": personal,
        "can_manage": can_manage,
        "step": step,
        "step_form": step_form(step, member) if step else None,
        "overdue": probation_overdue(member, timezone.localdate()),
        # a candidate under eighteen: the day the cell may consider them (shown to those who see the date of birth)
        "of_age_on": of_age if personal and (of_age := _of_age_on(member, current)) else None,
        "trail": trail(request, member.unit),
        "pending": selectors.pending_transfer_of(member),
        **selectors.member_history(member),
        # the trail of changes holds personal data: only those who may see it see it (views are counted apart)
        "history": history_for(member).exclude(action=Action.VIEW)[:30] if personal else None,
        "views": history_for(member).filter(action=Action.VIEW).count() if personal else None,
    }
    return render(request, "members/member_detail.html", context)


@require_http_methods(["GET", "POST"])
def member_create(request):
    """Introduce a candidate (the first step of admission)."""
    initial = {}
    if request.GET.get("unit"):
        initial["unit"] = access_unit(request.user, request.GET["unit"])
    units = unit_choices(request.user, Perm.RECORD, kinds=services.CANDIDATE_UNITS)
    form = CandidateForm(request.POST or None, initial=initial, units=units)
    if request.method == "POST" and form.is_valid():
        member = run_service(form, services.member_introduce, actor=request.user, **form.cleaned_data)
        if not form.errors:
            messages.success(request, _("Candidate recorded."))
            return redirect("members:member_detail", pk=member.pk)
    return render(request, "members/member_form.html", {"form": form, "title": _("Introduce a candidate")})


@require_http_methods(["GET", "POST"])
def member_edit(request, pk):
    member = access_member(request.user, pk, write=True)
    card = stage(member) not in PIPELINE  # a candidate has no party card yet
    fields = services.RECORD_FIELDS if card else services.CANDIDATE_FIELDS
    initial = {name: getattr(member, name) for name in fields}
    form = RecordForm(request.POST or None, initial=initial, card=card)
    if request.method == "POST" and form.is_valid():
        run_service(form, services.member_update, actor=request.user, member=member, data=form.cleaned_data)
        if not form.errors:
            messages.success(request, _("Changes saved."))
            return redirect("members:member_detail", pk=member.pk)
    context = {"form": form, "member": member, "title": _("Edit the record of %(name)s") % {"name": member}}
    return render(request, "members/member_form.html", context)


@require_http_methods(["GET", "POST"])
def member_step(request, pk, key):
    """One step of the pipeline: its form (GET) or the step itself (POST)."""
    step = STEPS.get(key)
    if step is None:
        raise Http404
    member = access_member(request.user, pk, write=True)
    form = step_form(step, member, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        run_service(form, step.run, actor=request.user, member=member, data=form.cleaned_data)
        if not form.errors:
            messages.success(request, _("%(step)s: recorded.") % {"step": step.title})
            return redirect("members:member_detail", pk=member.pk)
    context = {"form": form, "member": member, "title": step.title, "stage_label": Stage(stage(member)).label}
    return render(request, "members/step_form.html", context)


def _ending(request, pk, *, form_class, run, title, warning, form_kwargs=None):
    member = access_member(request.user, pk, write=True)
    form = form_class(request.POST or None, **(form_kwargs(member) if form_kwargs else {}))
    if request.method == "POST" and form.is_valid():
        run_service(form, run, actor=request.user, member=member, **form.cleaned_data)
        if not form.errors:
            messages.success(request, _("Recorded."))
            return redirect("members:member_detail", pk=member.pk)
    context = {
        "form": form,
        "member": member,
        "title": title(member) if callable(title) else title,
        "warning": warning(member) if callable(warning) else warning,
        "danger": True,
        "stage_label": Stage(stage(member)).label,
    }
    return render(request, "members/step_form.html", context)


@require_http_methods(["GET", "POST"])
def member_not_recognise(request, pk):
    return _ending(
        request,
        pk,
        form_class=NotRecogniseForm,
        run=services.member_not_recognise,
        title=_("Not recognised as a full member"),
        warning=_("The membership ends; the record and its history stay. This cannot be undone here."),
    )


def _end_form_kwargs(member) -> dict:
    current = stage(member)
    return {"reasons": services.end_reasons(current), "candidate": current in PIPELINE}


def _end_title(member):
    return _("Stop the candidacy") if stage(member) in PIPELINE else _("End the membership")


def _end_warning(member):
    if stage(member) in PIPELINE:
        return _("The candidate leaves the lists of their cell from that day; the record and its history stay.")
    return _(
        "The member leaves the lists of their organisation from that day; a pending transfer is cancelled; "
        "the record and its history stay. This cannot be undone here."
    )


@require_http_methods(["GET", "POST"])
def member_end(request, pk):
    """A member leaves the Party; a candidate's candidacy stops (each offered only its own reasons)."""
    return _ending(
        request,
        pk,
        form_class=EndForm,
        run=services.member_end,
        title=_end_title,
        warning=_end_warning,
        form_kwargs=_end_form_kwargs,
    )


@require_GET
def pick_members(request):
    """Suggestions for a member picker (core.picker): the members this user may see, matching `?q=` by name (with
    or without diacritics) or card number. Refused to whoever may see no unit at all."""
    if not units_for(request.user, Perm.VIEW).exists():
        raise PermissionDenied
    return suggestions_page(request, MemberChoices, member_choices(request.user))
