"""Pages of the work with the people: the board of a unit, field visits and dialogues (with their findings → tasks).

Citizen reception is in views_reception, petitions in views_petitions, personal plans in views_plans and the public
page in views_public. Every read goes through an access function or a selector (people/tests/test_architecture.py).
"""

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lanhdao.accounts.picker import user_choices
from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm, scope_roots
from lanhdao.audit.selectors import history_for
from lanhdao.core.forms import run_service
from lanhdao.core.paging import paginate, query_without_page
from lanhdao.core.search import filter_folded
from lanhdao.org.permissions import access_unit, unit_of_page
from lanhdao.org.picker import unit_choices
from lanhdao.work.status import derive as task_status

from . import figures, selectors, services
from .forms import DialogueForm, FieldVisitForm, FindingTaskForm, PeriodFilterForm, finding_formset, finding_specs
from .permissions import access_dialogue, access_field_visit, access_finding, may_record
from .status import PetitionStatus


def scopes(request) -> dict:
    """The querysets a form looks units and people up in."""
    return {
        "record_units": unit_choices(request.user, Perm.RECORD),
        "view_units": unit_choices(request.user, Perm.VIEW),
        "users": user_choices(request.user, Perm.VIEW),
    }


def record_root_code(request) -> str:
    first = scope_roots(request.user, Perm.RECORD).first()
    return first.code if first else ""


def year_of(request, today: datetime.date) -> int:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else today.year


@require_GET
def home(request):
    """The board of work with the people for a unit's subtree, over a year."""
    unit = unit_of_page(request)
    today = timezone.localdate()
    year = year_of(request, today)
    start, end = datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), max(today, datetime.date(year, 1, 1)))
    petitions = selectors.petitions_in_subtree(selectors.petitions_for(request.user), unit)
    counts = selectors.status_counts(petitions, today)
    visits = selectors.visits_in_subtree(selectors.visits_for(request.user), unit)
    context = {
        "unit": unit,
        "today": today,
        "year": year,
        "figures": figures.summary(unit, start, end),
        "cards": [(s, s.label, counts[s.value]) for s in PetitionStatus],
        "overdue": selectors.overdue_petitions(petitions, today)[:10],
        "visits": visits.select_related("unit", "place_unit").order_by("-visited_on", "-pk")[:5],
        "dialogues": selectors.in_subtree(selectors.dialogues_for(request.user), unit)
        .select_related("unit")
        .order_by("-held_on", "-pk")[:5],
        "can_record": has_perm(request.user, Perm.RECORD, unit),
    }
    return render(request, "people/home.html", context)


@dataclass(frozen=True)
class EventKind:
    """What differs between the pages of field visits and of dialogues."""

    key: str  # "visit" / "dialogue"
    date_field: str
    form: type
    fields: tuple[str, ...]
    person: str  # the user field
    title_list: Promise
    title_new: Promise
    title_edit: Promise

    def access(self, user, pk, *, write=False):
        function = access_field_visit if self.key == "visit" else access_dialogue
        return function(user, pk, write=write)

    def visible(self, request, unit):
        if self.key == "visit":
            return selectors.visits_in_subtree(selectors.visits_for(request.user), unit)
        return selectors.in_subtree(selectors.dialogues_for(request.user), unit)

    def url(self, name: str) -> str:
        return f"people:{self.key}_{name}"

    def create(self, **kwargs):
        return (services.field_visit_create if self.key == "visit" else services.dialogue_create)(**kwargs)

    def update(self, *, actor, event, data):
        if self.key == "visit":
            return services.field_visit_update(actor=actor, visit=event, data=data)
        return services.dialogue_update(actor=actor, dialogue=event, data=data)


VISIT = EventKind(
    "visit",
    "visited_on",
    FieldVisitForm,
    services.VISIT_FIELDS,
    "visitor",
    gettext_lazy("Field visits"),
    gettext_lazy("Record a field visit"),
    gettext_lazy("Edit field visit"),
)
DIALOGUE = EventKind(
    "dialogue",
    "held_on",
    DialogueForm,
    services.DIALOGUE_FIELDS,
    "led_by",
    gettext_lazy("Dialogues with citizens"),
    gettext_lazy("Record a dialogue"),
    gettext_lazy("Edit dialogue"),
)


def _event_list(request, kind: EventKind):
    unit = unit_of_page(request)
    form = PeriodFilterForm(request.GET or None)
    qs = kind.visible(request, unit)
    data = form.cleaned_data if form.is_valid() else {}
    if data.get("q"):
        qs = filter_folded(qs, "search_text", data["q"])
    qs = selectors.in_period(qs, kind.date_field, data.get("start"), data.get("end"))
    related = ["unit", "place_unit"] if kind.key == "visit" else ["unit"]
    qs = selectors.with_finding_counts(qs).select_related(*related)
    page = paginate(request, qs.order_by(f"-{kind.date_field}", "-pk"))
    context = {
        "kind": kind,
        "unit": unit,
        "form": form,
        "page": page,
        "query": query_without_page(request),
        "title": kind.title_list,
        "can_record": has_perm(request.user, Perm.RECORD, unit),
    }
    template = f"people/partials/_{kind.key}_rows.html" if request.htmx else f"people/{kind.key}_list.html"
    return render(request, template, context)


def _event_create(request, kind: EventKind):
    initial = {kind.date_field: timezone.localdate(), "unit": record_root_code(request)}
    if request.GET.get("unit"):
        initial["unit"] = access_unit(request.user, request.GET["unit"]).code
    form = kind.form(request.POST or None, initial=initial, **scopes(request))
    findings = finding_formset(request.POST or None, view_units=unit_choices(request.user, Perm.VIEW))
    if request.method == "POST" and form.is_valid() and findings.is_valid():
        event = run_service(
            form, kind.create, actor=request.user, findings=finding_specs(findings), **form.cleaned_data
        )
        if not form.errors:
            messages.success(request, _("Recorded."))
            return redirect(kind.url("detail"), pk=event.pk)
    context = {"form": form, "findings": findings, "title": kind.title_new, "kind": kind}
    return render(request, "people/event_form.html", context)


def _event_edit(request, kind: EventKind, pk):
    event = kind.access(request.user, pk, write=True)
    initial = {f: getattr(event, f) for f in kind.fields} | {"unit": event.unit.code}
    person = getattr(event, kind.person)
    initial[kind.person] = person.username if person else ""
    if kind.key == "visit":
        initial["place_unit"] = event.place_unit.code if event.place_unit else ""
    form = kind.form(request.POST or None, initial=initial, **scopes(request))
    form.fields["unit"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in kind.fields}
        run_service(form, kind.update, actor=request.user, event=event, data=data)
        if not form.errors:
            messages.success(request, _("Changes saved."))
            return redirect(kind.url("detail"), pk=event.pk)
    context = {"form": form, "title": kind.title_edit, "kind": kind, "event": event}
    return render(request, "people/event_form.html", context)


def _event_detail(request, kind: EventKind, pk):
    event = kind.access(request.user, pk)
    today = timezone.localdate()
    findings = list(event.findings.select_related("task", "task__lead_unit"))
    can_record = may_record(request.user, event.unit) and event.archived_at is None
    context = {
        "kind": kind,
        "event": event,
        "findings": [(f, task_status(f.task, today) if f.task else None) for f in findings],
        "can_record": can_record,
        "formset": finding_formset(view_units=unit_choices(request.user, Perm.VIEW)) if can_record else None,
        "history": history_for(event)[:15],
    }
    return render(request, f"people/{kind.key}_detail.html", context)


def _event_findings(request, kind: EventKind, pk):
    event = kind.access(request.user, pk, write=True)
    formset = finding_formset(request.POST, view_units=unit_choices(request.user, Perm.VIEW))
    if formset.is_valid():
        try:
            added = services.findings_add(actor=request.user, event=event, findings=finding_specs(formset))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(n)d finding(s) added.") % {"n": len(added)})
    else:
        messages.error(request, " ".join(str(e) for form in formset.errors for errors in form.values() for e in errors))
    return redirect(kind.url("detail"), pk=event.pk)


ARCHIVE_QUESTION = gettext_lazy(
    "Archive this record made by mistake? It leaves the lists and the figures, and stays in the history."
)


def confirm_archive(request, obj, *, detail_url: str, unit=None, consequence: str = ""):
    """GET: the confirmation page; POST: archive `obj` (RECORD on `unit`, by default its own) and go back."""
    if request.method == "POST":
        try:
            services.archive(actor=request.user, obj=obj, unit=unit, note=request.POST.get("note", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Archived."))
        return redirect(detail_url)
    context = {
        "title": _("Archive %(what)s") % {"what": obj},
        "question": ARCHIVE_QUESTION,
        "consequence": consequence,
        "confirm_label": _("Archive"),
        "cancel_url": detail_url,
        "with_note": True,
    }
    return render(request, "core/confirm.html", context)


def _event_archive(request, kind: EventKind, pk):
    event = kind.access(request.user, pk, write=True)
    consequence = _("The tasks made from its findings stay: cancel them on their own pages if need be.")
    detail = reverse(kind.url("detail"), args=[event.pk])
    return confirm_archive(request, event, detail_url=detail, consequence=consequence)


@require_GET
def visit_list(request):
    return _event_list(request, VISIT)


@require_http_methods(["GET", "POST"])
def visit_create(request):
    return _event_create(request, VISIT)


@require_GET
def visit_detail(request, pk):
    return _event_detail(request, VISIT, pk)


@require_http_methods(["GET", "POST"])
def visit_edit(request, pk):
    return _event_edit(request, VISIT, pk)


@require_POST
def visit_findings(request, pk):
    return _event_findings(request, VISIT, pk)


@require_http_methods(["GET", "POST"])
def visit_archive(request, pk):
    return _event_archive(request, VISIT, pk)


@require_GET
def dialogue_list(request):
    return _event_list(request, DIALOGUE)


@require_http_methods(["GET", "POST"])
def dialogue_create(request):
    return _event_create(request, DIALOGUE)


@require_GET
def dialogue_detail(request, pk):
    return _event_detail(request, DIALOGUE, pk)


@require_http_methods(["GET", "POST"])
def dialogue_edit(request, pk):
    return _event_edit(request, DIALOGUE, pk)


@require_POST
def dialogue_findings(request, pk):
    return _event_findings(request, DIALOGUE, pk)


@require_http_methods(["GET", "POST"])
def dialogue_archive(request, pk):
    return _event_archive(request, DIALOGUE, pk)


@require_http_methods(["GET", "POST"])
def finding_task(request, pk):
    """Turn a finding recorded without a task into one."""
    finding = access_finding(request.user, pk, write=True)
    event = finding.visit or finding.dialogue
    kind = VISIT if finding.visit_id else DIALOGUE
    form = FindingTaskForm(request.POST or None, view_units=unit_choices(request.user, Perm.VIEW))
    if request.method == "POST" and form.is_valid():
        run_service(form, services.finding_to_task, actor=request.user, finding=finding, **form.cleaned_data)
        if not form.errors:
            messages.success(request, _("Task assigned."))
            return redirect(kind.url("detail"), pk=event.pk)
    context = {"form": form, "finding": finding, "event": event, "kind": kind}
    return render(request, "people/finding_task.html", context)
