import calendar
import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm, scope_roots
from lanhdao.audit.selectors import history_for
from lanhdao.core.forms import run_service
from lanhdao.core.paging import paginate, query_without_page
from lanhdao.core.params import parse_month
from lanhdao.documents.permissions import access_document
from lanhdao.documents.selectors import documents_for
from lanhdao.org.permissions import access_unit, unit_of_page
from lanhdao.org.picker import unit_choices

from . import selectors, services
from .forms import FilterForm, ReasonForm, ReportForm, TaskForm
from .permissions import access_report, access_task, may_assign, may_lead, reporting_units
from .status import Status, derive

SORTS = {
    "deadline": ("deadline", "pk"),
    "-deadline": ("-deadline", "-pk"),
    "-priority": ("-priority", "deadline"),
    "lead": ("lead_path", "deadline"),
    "-created": ("-created_at", "-pk"),
}


def filtered_tasks(request, unit, today, *, base=None):
    """The tasks of `unit`'s subtree that the user may see (or of `base`), filtered by the list's form (shared by
    list and export; the API filters through the same selector)."""
    form = FilterForm(request.GET or None)
    qs = selectors.filter_tasks(
        selectors.tasks_for(request.user) if base is None else base, form.task_filter(unit), today
    )
    qs = selectors.with_status(qs, today).select_related("lead_unit", "responsible")
    sort = form.cleaned_data.get("sort") if form.is_valid() else None
    return form, qs.order_by(*SORTS.get(sort or "deadline", SORTS["deadline"]))


@require_GET
def board(request):
    unit = unit_of_page(request)
    today = timezone.localdate()
    tasks = selectors.in_subtree(selectors.tasks_for(request.user), unit)
    # The figures count every task of the subtree and say how many are confidential (README "Confidentiality");
    # the lists under them show only what the reader may open.
    counted = selectors.in_subtree(selectors.tasks_in_scope(request.user), unit)
    counts = selectors.status_counts(counted, today)
    overdue = selectors.with_status(selectors.filter_status(tasks, Status.OVERDUE, today), today)
    context = {
        "unit": unit,
        "today": today,
        "cards": [(s, s.label, counts[s.value]) for s in Status],
        "total": sum(counts.values()),
        "confidential": selectors.confidential_count(counted),
        "overdue": overdue.select_related("lead_unit").order_by("deadline", "pk")[:20],
        "by_lead": selectors.counts_by_lead_unit(counted, today, limit=20),
        "by_document": selectors.counts_by_document(
            tasks, today, visible_documents=documents_for(request.user, include_archived=True), limit=20
        ),
        "without_tasks": selectors.documents_without_tasks(documents_for(request.user), unit)[:10],
        "can_assign": has_perm(request.user, Perm.RECORD, unit),
    }
    return render(request, "work/board.html", context)


@require_GET
def task_list(request):
    unit = unit_of_page(request)
    today = timezone.localdate()
    form, qs = filtered_tasks(request, unit, today)
    page = paginate(request, qs)
    # The drill-down of a figure that counts every task: how many more match that the reader may not open.
    _form, counted = filtered_tasks(request, unit, today, base=selectors.tasks_in_scope(request.user))
    context = {
        "unit": unit,
        "form": form,
        "page": page,
        "query": query_without_page(request),
        "today": today,
        "not_shown": max(counted.count() - page.paginator.count, 0),
    }
    template = "work/partials/_task_rows.html" if request.htmx else "work/task_list.html"
    return render(request, template, context)


@require_GET
def calendar_view(request):
    unit = unit_of_page(request)
    today = timezone.localdate()
    first = parse_month(request.GET.get("month"), "month") or today.replace(day=1)
    tasks = selectors.in_subtree(selectors.tasks_for(request.user), unit)
    by_day = selectors.deadlines_in_month(tasks, first, today)
    weeks = [
        [(day, by_day.get(day, [])) if day.month == first.month else (None, []) for day in week]
        for week in calendar.Calendar().monthdatescalendar(first.year, first.month)
    ]
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    context = {
        "unit": unit,
        "first": first,
        "weeks": weeks,
        "previous": previous,
        "following": following,
        "today": today,
    }
    return render(request, "work/calendar.html", context)


def _task_form(request, *, initial=None, data=None):
    return TaskForm(
        data,
        initial=initial,
        assign_units=unit_choices(request.user, Perm.RECORD),
        all_units=unit_choices(request.user, Perm.VIEW),
    )


def _document_from(request, pk):
    return access_document(request.user, pk) if pk else None


@require_http_methods(["GET", "POST"])
def task_create(request):
    initial = {"start_date": timezone.localdate()}
    for key in ("document", "document_item", "lead_unit", "assigning_unit", "title"):
        if request.GET.get(key):
            initial[key] = request.GET[key]
    parent = access_task(request.user, request.GET["parent"]) if request.GET.get("parent") else None
    if parent is not None:
        initial |= {
            "assigning_unit": parent.lead_unit,
            "document": parent.document_id,
            "document_item": parent.document_item,
        }
    if "assigning_unit" not in initial:
        first = scope_roots(request.user, Perm.RECORD).first()
        initial["assigning_unit"] = first
    form = _task_form(request, initial=initial, data=request.POST or None)
    document = _document_from(request, request.POST.get("document") or initial.get("document"))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version", None)
        data["document"] = document
        task = run_service(form, services.task_create, actor=request.user, parent=parent, **data)
        if not form.errors:
            messages.success(request, _("Task assigned."))
            return redirect("work:task_detail", pk=task.pk)
    return render(
        request,
        "work/task_form.html",
        {"form": form, "document": document, "parent": parent, "title": _("Assign a task")},
    )


@require_http_methods(["GET", "POST"])
def task_edit(request, pk):
    task = access_task(request.user, pk)
    if not may_assign(request.user, task):
        raise Http404
    initial = {f: getattr(task, f) for f in services.EDITABLE if f not in {"lead_unit", "document", "responsible"}}
    # A document the editor may not open is neither shown nor sent back in the form (not even its id): left
    # empty, it stays as it is.
    hidden_document = selectors.document_shown(request.user, task) is selectors.HIDDEN_DOCUMENT
    initial |= {
        "assigning_unit": task.assigning_unit,
        "lead_unit": task.lead_unit,
        "document": None if hidden_document else task.document_id,
        "coordinating_units": list(task.coordinating_units.all()),
        "version": task.version,
    }
    form = _task_form(request, initial=initial, data=request.POST or None)
    form.fields["assigning_unit"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        seen = data.pop("version")
        data.pop("assigning_unit")
        if hidden_document and not data["document"]:
            data["document"] = task.document
        else:
            data["document"] = _document_from(request, data["document"])
        run_service(form, services.task_update, actor=request.user, task=task, data=data, seen_version=seen)
        if not form.errors:
            messages.success(request, _("Changes saved."))
            return redirect("work:task_detail", pk=task.pk)
    return render(request, "work/task_form.html", {"form": form, "task": task, "title": _("Edit task")})


@require_GET
def task_detail(request, pk):
    task = access_task(request.user, pk)
    today = timezone.localdate()
    units = reporting_units(request.user, task)
    closed = bool(task.cancelled_at or task.accepted_at)
    context = {
        "task": task,
        "status": derive(task, today),
        "coordinating": task.coordinating_units.all(),
        "reports": task.reports.select_related("unit", "author")[:50],
        "document": selectors.document_shown(request.user, task),
        "parent": selectors.tasks_for(request.user).filter(pk=task.parent_id).first() if task.parent_id else None,
        # Sub-tasks carry at least the task's level, and may carry more: only those the reader may see.
        "subtasks": selectors.with_status(selectors.tasks_for(request.user).filter(parent=task), today).select_related(
            "lead_unit"
        ),
        "history": history_for(task)[:15],
        "report_form": ReportForm(units=units) if units and not closed else None,
        "can_assign": may_assign(request.user, task) and not closed,
        "can_lead": may_lead(request.user, task) and not closed,
        "reason_form": ReasonForm(initial={"version": task.version}),
    }
    return render(request, "work/task_detail.html", context)


@require_POST
def task_report(request, pk):
    task = access_task(request.user, pk)
    units = reporting_units(request.user, task)
    form = ReportForm(request.POST, request.FILES, units=units)
    if not units:
        raise Http404
    if form.is_valid():
        unit = next(u for u in units if str(u.pk) == form.cleaned_data["unit"])
        try:
            services.report_progress(
                actor=request.user,
                task=task,
                unit=unit,
                percent=form.cleaned_data["percent"],
                text=form.cleaned_data["text"],
                evidence=form.cleaned_data.get("evidence"),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Progress reported."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("work:task_detail", pk=task.pk)


def _transition(request, pk, action):
    task = access_task(request.user, pk)
    try:
        seen = int(request.POST.get("version", ""))
    except ValueError:
        seen = None
    reason = request.POST.get("reason", "")
    try:
        if action == "propose":
            services.propose_completion(
                actor=request.user, task=task, text=request.POST.get("text", ""), seen_version=seen
            )
            messages.success(request, _("Completion proposed to the assigning unit."))
        elif action == "accept":
            services.accept(actor=request.user, task=task, seen_version=seen)
            messages.success(request, _("Task accepted as done."))
        elif action == "return":
            services.return_task(actor=request.user, task=task, reason=reason, seen_version=seen)
            messages.success(request, _("Task returned to the lead unit."))
        elif action == "cancel":
            services.cancel(actor=request.user, task=task, reason=reason, seen_version=seen)
            messages.success(request, _("Task cancelled."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("work:task_detail", pk=task.pk)


@require_POST
def task_propose(request, pk):
    return _transition(request, pk, "propose")


@require_POST
def task_accept(request, pk):
    return _transition(request, pk, "accept")


@require_POST
def task_return(request, pk):
    return _transition(request, pk, "return")


@require_POST
def task_cancel(request, pk):
    return _transition(request, pk, "cancel")


@require_GET
def document_tasks(request, pk):
    """htmx panel on a document's page: its tasks by item, each with its status."""
    document = access_document(request.user, pk)
    today = timezone.localdate()
    items = selectors.tasks_of_document(selectors.tasks_for(request.user), document, today)
    return render(request, "work/partials/_document_tasks.html", {"document": document, "items": items})


@require_GET
def unit_panel(request, pk):
    """htmx panel on a unit's page: its task counts and the documents addressed to it without tasks."""
    unit = access_unit(request.user, pk)
    today = timezone.localdate()
    tasks = selectors.in_subtree(selectors.tasks_in_scope(request.user), unit)  # a figure: every task
    context = {
        "unit": unit,
        "counts": selectors.status_counts(tasks, today),
        "confidential": selectors.confidential_count(tasks),
        "without_tasks": selectors.documents_without_tasks(documents_for(request.user), unit)[:10],
    }
    return render(request, "work/partials/_unit_panel.html", context)


@require_GET
def report_evidence(request, pk):
    report = access_report(request.user, pk)
    if not report.evidence:
        raise Http404
    return FileResponse(report.evidence.open("rb"), as_attachment=True, filename=report.evidence_name or "minh-chung")
