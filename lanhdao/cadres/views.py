"""Pages of cadre work: a member's cadre record (positions, succession plans, training, movements, nominations) with
its add / edit / end forms, and the lists of a subtree: the succession plan of a term, movements, trainings and
nominations of a period. Every read goes through an access function or a selector (lanhdao/tests/test_architecture.py).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm, scope_roots
from lanhdao.core.forms import run_service
from lanhdao.core.paging import paginate, query_without_page
from lanhdao.core.search import filter_folded
from lanhdao.core.xlsx import xlsx_response
from lanhdao.members.forms import PositionExportForm
from lanhdao.members.models import Qualification, TheoryLevel
from lanhdao.members.permissions import access_member, may_manage_members
from lanhdao.org.permissions import access_unit, unit_of_page
from lanhdao.org.picker import unit_choices

from . import excel
from . import forms as f
from . import permissions as perms
from . import selectors as sel
from . import services as svc
from .models import MovementKind, NominationKind, PositionHeld, SuccessionEntry, Training, TrainingKind


@dataclass(frozen=True)
class Section:
    """What differs between the five parts of a cadre record."""

    key: str  # URL names: cadres:<key>_create / _edit / _<close>
    anchor: str
    form: type
    edit_form: type
    fields: tuple[str, ...]
    access: Callable
    create: Callable
    update: Callable
    title_new: Promise
    title_edit: Promise
    close: str = ""
    close_form: type | None = None
    close_service: Callable | None = None
    title_close: Promise | None = None
    question: Promise | None = None
    unit_fields: tuple[str, ...] = ()  # units shown by code in the edit form


def _complete(*, actor, row, ended_on, level):
    return svc.training_complete(actor=actor, training=row, ended_on=ended_on, level=level or None)


SECTIONS = {
    s.key: s
    for s in (
        Section(
            "position",
            "positions",
            f.PositionForm,
            f.PositionEditForm,
            svc.POSITION_FIELDS,
            perms.access_position,
            svc.position_start,
            lambda actor, row, data: svc.position_update(actor=actor, position=row, data=data),
            gettext_lazy("Add a position held"),
            gettext_lazy("Edit position"),
            "end",
            f.PositionEndForm,
            lambda actor, row, **kw: svc.position_end(actor=actor, position=row, **kw),
            gettext_lazy("End position"),
            gettext_lazy("Record the last day of this post?"),
        ),
        Section(
            "succession",
            "succession",
            f.SuccessionForm,
            f.SuccessionEditForm,
            svc.SUCCESSION_FIELDS,
            perms.access_succession,
            svc.succession_add,
            lambda actor, row, data: svc.succession_update(actor=actor, entry=row, data=data),
            gettext_lazy("Add to a succession plan"),
            gettext_lazy("Edit plan entry"),
            "remove",
            f.SuccessionRemoveForm,
            lambda actor, row, **kw: svc.succession_remove(actor=actor, entry=row, **kw),
            gettext_lazy("Take off the plan"),
            gettext_lazy("Take this name off the plan? The entry stays in the history with the day it was removed."),
        ),
        Section(
            "training",
            "trainings",
            f.TrainingForm,
            f.TrainingEditForm,
            svc.TRAINING_FIELDS,
            perms.access_training,
            svc.training_record,
            lambda actor, row, data: svc.training_update(actor=actor, training=row, data=data),
            gettext_lazy("Record a training"),
            gettext_lazy("Edit training"),
            "complete",
            f.TrainingCompleteForm,
            lambda actor, row, **kw: _complete(actor=actor, row=row, **kw),
            gettext_lazy("Course completed"),
            gettext_lazy("Record that the member completed this course?"),
        ),
        Section(
            "movement",
            "movements",
            f.MovementForm,
            f.MovementEditForm,
            svc.MOVEMENT_FIELDS,
            perms.access_movement,
            svc.movement_record,
            lambda actor, row, data: svc.movement_update(actor=actor, movement=row, data=data),
            gettext_lazy("Record a rotation or transfer"),
            gettext_lazy("Edit rotation or transfer"),
            unit_fields=("from_unit", "to_unit"),
        ),
        Section(
            "nomination",
            "nominations",
            f.NominationForm,
            f.NominationEditForm,
            svc.NOMINATION_FIELDS,
            perms.access_nomination,
            svc.nomination_record,
            lambda actor, row, data: svc.nomination_update(actor=actor, nomination=row, data=data),
            gettext_lazy("Record a nomination"),
            gettext_lazy("Edit nomination"),
            "outcome",
            f.NominationOutcomeForm,
            lambda actor, row, **kw: svc.nomination_outcome(actor=actor, nomination=row, **kw),
            gettext_lazy("Outcome of the nomination"),
            gettext_lazy("Record the outcome of this nomination?"),
            unit_fields=("body",),
        ),
    )
}


LEVEL_LABELS = {TrainingKind.THEORY: dict(TheoryLevel.choices), TrainingKind.EXPERTISE: dict(Qualification.choices)}


def _label(rows, today):
    """What the templates show and the rows do not store: a course's level by name, whether a post is current."""
    for row in rows:
        if isinstance(row, Training):
            row.level_label = LEVEL_LABELS.get(row.kind, {}).get(row.level, row.level)
        elif isinstance(row, PositionHeld):
            row.is_current = row.started_on <= today and (row.ended_on is None or row.ended_on >= today)
        elif isinstance(row, SuccessionEntry):
            row.group = f"{row.unit.name} — {row.title}"
    return rows


def _scopes(request) -> dict:
    return {
        "record_units": unit_choices(request.user, Perm.RECORD),
        "view_units": unit_choices(request.user, Perm.VIEW),
    }


def _record_url(member, section: Section | None = None) -> str:
    url = reverse("cadres:record", args=[member.pk])
    return f"{url}#{section.anchor}" if section else url


def _form_page(request, form, *, title, member, section, row=None, question=None, danger=False):
    context = {
        "form": form,
        "title": title,
        "member": member,
        "row": row,
        "question": question,
        "danger": danger,
        "cancel_url": _record_url(member, section),
    }
    return render(request, "cadres/form.html", context)


@require_GET
def cadre_record(request, pk):
    member = access_member(request.user, pk)
    can_manage = may_manage_members(request.user, member.unit)
    sections, today = [], timezone.localdate()
    for key, rows in sel.cadre_record(member).items():
        rows = _label(list(rows), today)
        for row in rows:
            row.can_change = can_manage and has_perm(request.user, Perm.RECORD, row.unit)
        sections.append((key, rows))
    context = {"member": member, "can_manage": can_manage, "today": today, **dict(sections)}
    return render(request, "cadres/record.html", context)


def _initial(request, section: str) -> dict:
    """A new movement or nomination is decided today by the top unit where the user records."""
    if section not in {"movement", "nomination"}:
        return {}
    root = scope_roots(request.user, Perm.RECORD).first()
    today = timezone.localdate()
    dates = {"decided_on": today, "starts_on": today} if section == "movement" else {"nominated_on": today}
    return {"unit": root.code if root else ""} | dates


@require_http_methods(["GET", "POST"])
def row_create(request, pk, section: str):
    spec = SECTIONS[section]
    member = access_member(request.user, pk, write=True)
    extra = {"open_positions": sel.open_positions(member)} if section == "movement" else {}
    form = spec.form(request.POST or None, initial=_initial(request, section), **_scopes(request), **extra)
    if request.method == "POST" and form.is_valid():
        run_service(form, spec.create, actor=request.user, member=member, **form.cleaned_data)
        if not form.errors:
            messages.success(request, _("Recorded."))
            return redirect(_record_url(member, spec))
    return _form_page(request, form, title=spec.title_new, member=member, section=spec)


@require_http_methods(["GET", "POST"])
def row_edit(request, pk, section: str):
    spec = SECTIONS[section]
    row = spec.access(request.user, pk, write=True)
    initial = {name: getattr(row, name) for name in spec.fields}
    for name in spec.unit_fields:
        initial[name] = initial[name].code if initial[name] else ""
    form = spec.edit_form(request.POST or None, initial=initial, **_scopes(request))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in spec.fields}
        run_service(form, spec.update, request.user, row, data)
        if not form.errors:
            messages.success(request, _("Changes saved."))
            return redirect(_record_url(row.member, spec))
    return _form_page(request, form, title=spec.title_edit, member=row.member, section=spec, row=row)


@require_http_methods(["GET", "POST"])
def row_close(request, pk, section: str):
    """End a position, take a name off a plan, complete a course, record a nomination's outcome."""
    spec = SECTIONS[section]
    row = spec.access(request.user, pk, write=True)
    form = spec.close_form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        run_service(form, spec.close_service, request.user, row, **form.cleaned_data)
        if not form.errors:
            messages.success(request, _("Recorded."))
            return redirect(_record_url(row.member, spec))
    return _form_page(
        request,
        form,
        title=spec.title_close,
        member=row.member,
        section=spec,
        row=row,
        question=spec.question,
        danger=section == "succession",
    )


# --- lists of a subtree --------------------------------------------------------------------------------------------


def _render_list(request, name: str, context: dict):
    _label(context["page"].object_list, timezone.localdate())
    context |= {"query": query_without_page(request)}
    template = f"cadres/partials/_{name}_rows.html" if request.htmx else f"cadres/{name}_list.html"
    return render(request, template, context)


def _filtered(request, qs, form, date_field: str | None):
    data = form.cleaned_data if form.is_valid() else {}
    if data.get("q"):
        qs = filter_folded(qs, "member__search_name", data["q"])
    if data.get("kind"):
        qs = qs.filter(kind=data["kind"])
    if date_field:
        qs = sel.in_period(qs, date_field, data.get("start"), data.get("end"))
    return qs, data


@require_GET
def succession_list(request):
    unit = unit_of_page(request)
    visible = sel.in_subtree(sel.succession_for(request.user), unit)
    terms = sel.terms(visible)
    form = f.SuccessionFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    term = (data.get("term") or "").strip() or (terms[0] if terms else "")
    qs = sel.succession_plan(visible, unit=unit, term=term, include_removed=bool(data.get("removed")))
    context = {"unit": unit, "form": form, "term": term, "terms": terms, "page": paginate(request, qs)}
    return _render_list(request, "succession", context)


@require_GET
def movement_list(request):
    unit = unit_of_page(request)
    form = f.PeriodFilterForm(request.GET or None, kinds=MovementKind.choices)
    qs, _data = _filtered(request, sel.in_subtree(sel.movements_for(request.user), unit), form, "decided_on")
    qs = qs.select_related("member", "unit", "from_unit", "to_unit").order_by("-decided_on", "-pk")
    return _render_list(request, "movement", {"unit": unit, "form": form, "page": paginate(request, qs)})


@require_GET
def training_list(request):
    unit = unit_of_page(request)
    form = f.TrainingFilterForm(request.GET or None, kinds=TrainingKind.choices)
    qs, data = _filtered(request, sel.in_subtree(sel.trainings_for(request.user), unit), form, None)
    qs = sel.overlapping(qs, data.get("start"), data.get("end"))
    if data.get("state"):
        qs = qs.filter(completed=data["state"] == "completed")
    qs = qs.select_related("member", "unit").order_by("-started_on", "-pk")
    return _render_list(request, "training", {"unit": unit, "form": form, "page": paginate(request, qs)})


@require_GET
def nomination_list(request):
    unit = unit_of_page(request)
    form = f.NominationFilterForm(request.GET or None, kinds=NominationKind.choices)
    qs, data = _filtered(request, sel.in_subtree(sel.nominations_for(request.user), unit), form, "nominated_on")
    if data.get("outcome"):
        qs = qs.filter(outcome="" if data["outcome"] == "pending" else data["outcome"])
    counts = sel.nomination_counts(qs)
    qs = qs.select_related("member", "unit", "body").order_by("-nominated_on", "-pk")
    context = {"unit": unit, "form": form, "page": paginate(request, qs), "counts": counts}
    return _render_list(request, "nomination", context)


@require_GET
def export_positions(request):
    """The positions held in the bodies of a unit's subtree as .xlsx, from the members' export page (its route keeps
    the members' name, `members:export_positions`: urls_members.py)."""
    unit = access_unit(request.user, request.GET.get("unit"))
    form = PositionExportForm(request.GET)
    held_on = form.cleaned_data["held_on"] if form.is_valid() else None
    export = excel.export_positions(request.user, unit, held_on=held_on)
    return xlsx_response(export.content, export.filename)
