"""Reads of tasks. Every list starts from `tasks_for(user)`: tasks led by, coordinated by or assigned by a unit in
the user's scope. A board over a subtree is a handful of GROUP BY queries, whatever the number of units."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lanhdao.accounts.roles import Clearance, Perm
from lanhdao.accounts.selectors import clearance_of, own_unit_paths, scope_paths
from lanhdao.core.search import filter_folded
from lanhdao.org.models import Unit
from lanhdao.org.records import Source
from lanhdao.org.selectors import path_prefix_q, subtree_q

from .models import Task
from .status import Status, status_expression, status_q


def tasks_in_scope(user) -> QuerySet[Task]:
    """Every task of the units in `user`'s scope, whatever its level: what a FIGURE about their scope counts (README
    "Confidentiality": a figure is the same whoever reads it, and says how many of its tasks are confidential).
    Never listed or shown as such: lists, pages and exports read `tasks_for`."""
    qs = Task.objects.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    if user.is_superuser:
        return qs
    roots = scope_paths(user, Perm.VIEW)
    if not roots:
        return qs.none()
    return qs.filter(_in_scope_q(roots))


def _in_scope_q(roots: list[str]) -> Q:
    led = subtree_q(roots, "lead_path")
    assigned = subtree_q(roots, "assigning_unit__path")
    coordinated = Q(pk__in=Task.objects.filter(subtree_q(roots, "coordinations__unit__path")).values("pk"))
    return led | assigned | coordinated


def tasks_for(user) -> QuerySet[Task]:
    """Tasks `user` may see: in their scope, up to their clearance, and not implementing a confidential document
    they may not open (README "Confidentiality": such a task shows nowhere for them). A task carries at least its
    document's level (work.services), so a reader cleared for Normal only needs the first test."""
    qs = Task.objects.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    clearance = clearance_of(user)
    qs = qs.filter(confidentiality__lte=clearance)
    if clearance > Clearance.NORMAL:
        from lanhdao.documents.models import Document
        from lanhdao.documents.selectors import documents_for

        hidden = Document.objects.filter(confidentiality__gt=Clearance.NORMAL).exclude(
            pk__in=documents_for(user, include_archived=True).values("pk")
        )
        qs = qs.exclude(confidentiality__gt=Clearance.NORMAL, document__in=hidden)
    if user.is_superuser:
        return qs
    roots = scope_paths(user, Perm.VIEW)
    if not roots:
        return qs.none()
    return qs.filter(_in_scope_q(roots))


def tasks_waiting_for(user, today: datetime.date) -> dict[str, QuerySet[Task]]:
    """What waits for `user` among the tasks they may see (`tasks_for`), for their home page: the open tasks led by a
    unit they work in (a role on it, not above it) that are overdue, due soon or returned, and the tasks such a unit
    assigned whose lead proposed completion (to accept or return: RECORD on the assigning unit, `may_assign`).
    Each an unordered, unsliced queryset; the caller orders and cuts."""
    visible = tasks_for(user)
    led = visible.filter(lead_path__in=own_unit_paths(user, Perm.VIEW))
    assigned = visible.filter(assigning_unit__path__in=own_unit_paths(user, Perm.RECORD))
    return {
        Status.OVERDUE: led.filter(status_q(Status.OVERDUE, today)),
        Status.DUE_SOON: led.filter(status_q(Status.DUE_SOON, today)),
        Status.RETURNED: led.filter(status_q(Status.RETURNED, today)),
        Status.AWAITING: assigned.filter(status_q(Status.AWAITING, today)),
    }


def document_shown(user, task: Task):
    """The task's document as `user` may see it: the document, None (no document), or HIDDEN_DOCUMENT (one they may
    not open: they see that it exists, not its id, symbol or title)."""
    if task.document_id is None:
        return None
    from lanhdao.documents.selectors import documents_for

    if documents_for(user, include_archived=True).filter(pk=task.document_id).exists():
        return task.document
    return HIDDEN_DOCUMENT


HIDDEN_DOCUMENT = _("(a document you may not see)")


def in_subtree(qs: QuerySet[Task], unit: Unit) -> QuerySet[Task]:
    """Tasks led by `unit` or a unit under it (the board of a unit)."""
    return qs.filter(path_prefix_q(unit.path, "lead_path"))


@dataclass(frozen=True)
class TaskFilter:
    """What a list of tasks is narrowed to, read once from the page's form (`FilterForm.task_filter`) or the API's
    query string (`api.task_filter`): `filter_tasks` applies it for both, so the page and the API filter alike."""

    unit: Unit | None = None  # the lead unit's subtree
    words: str = ""
    status: str = ""  # "open" or a Status value; anything else is no filter
    lead: int | None = None  # the lead unit's id
    lead_code: str = ""  # or its code
    document: int | None = None
    priority: int | None = None
    deadline_from: datetime.date | None = None
    deadline_to: datetime.date | None = None


def filter_tasks(qs: QuerySet[Task], wanted: TaskFilter, today: datetime.date) -> QuerySet[Task]:
    """`qs` narrowed to what `wanted` asks for (an empty filter leaves it as it is)."""
    if wanted.unit is not None:
        qs = in_subtree(qs, wanted.unit)
    if wanted.words:
        qs = filter_folded(qs, "search_title", wanted.words)
    if wanted.status:
        qs = filter_status(qs, wanted.status, today)
    if wanted.lead is not None:
        qs = qs.filter(lead_unit_id=wanted.lead)
    if wanted.lead_code:
        qs = by_lead_unit(qs, wanted.lead_code)
    exact = {"document_id": wanted.document, "priority": wanted.priority}
    bounds = {"deadline__gte": wanted.deadline_from, "deadline__lte": wanted.deadline_to}
    return qs.filter(**{lookup: value for lookup, value in (exact | bounds).items() if value is not None})


def by_lead_unit(qs: QuerySet[Task], written: str) -> QuerySet[Task]:
    """Tasks whose lead unit bears the code `written`, or else whose name holds its words (with or without
    diacritics): a list's filter takes what a clerk knows, a name."""
    by_code = qs.filter(lead_unit__code=written)
    return by_code if by_code.exists() else filter_folded(qs, "lead_unit__search_name", written)


def with_status(qs: QuerySet[Task], today: datetime.date) -> QuerySet[Task]:
    return qs.annotate(status=status_expression(today))


def task_rows(qs: QuerySet[Task], today: datetime.date) -> QuerySet[Task]:
    """Tasks as a list shows them (title, lead unit, deadline, status today), by deadline: one query a page."""
    return with_status(qs, today).select_related("lead_unit").order_by("deadline", "pk")


def is_tasks(qs: QuerySet) -> bool:
    """Whether `qs` holds tasks (a reader that gets records of any kind shows tasks as tasks)."""
    return qs.model is Task


def status_counts(qs: QuerySet[Task], today: datetime.date) -> dict[str, int]:
    """{status: count} in one GROUP BY."""
    rows = with_status(qs, today).order_by().values("status").annotate(n=Count("id")).values_list("status", "n")
    counts = dict.fromkeys(Status.values, 0)
    counts.update(dict(rows))
    return counts


def filter_status(qs: QuerySet[Task], status: str, today: datetime.date) -> QuerySet[Task]:
    if status == "open":
        return qs.filter(cancelled_at__isnull=True, accepted_at__isnull=True)
    if status in Status.values:
        return qs.filter(status_q(status, today))
    return qs


def confidential_count(qs: QuerySet[Task]) -> int:
    """How many tasks of a figure are confidential (said beside the figure, never which)."""
    return qs.filter(confidentiality__gt=Clearance.NORMAL).count()


def counts_by_lead_unit(qs: QuerySet[Task], today: datetime.date, *, limit: int = 50) -> list[dict]:
    """Per lead unit: total, open and overdue, the most overdue first. One query, plus one for the unit names."""
    overdue = status_q(Status.OVERDUE, today)
    rows = list(
        qs.order_by()
        .values("lead_unit_id")
        .annotate(
            total=Count("id"),
            overdue=Count("id", filter=overdue),
            open=Count("id", filter=Q(cancelled_at__isnull=True, accepted_at__isnull=True)),
        )
        .order_by("-overdue", "-open", "lead_unit_id")[:limit]
    )
    names = dict(Unit.objects.filter(pk__in=[r["lead_unit_id"] for r in rows]).values_list("pk", "name"))
    for row in rows:
        row["name"] = names.get(row["lead_unit_id"], "")
    return rows


def counts_by_document(
    qs: QuerySet[Task], today: datetime.date, *, visible_documents: QuerySet, limit: int = 50
) -> list[dict]:
    """Per document the tasks implement (`visible_documents`: those the reader may open, documents_for)."""
    overdue = status_q(Status.OVERDUE, today)
    rows = list(
        qs.filter(document__isnull=False)
        .order_by()
        .values("document_id")
        .annotate(
            total=Count("id"),
            overdue=Count("id", filter=overdue),
            done=Count("id", filter=Q(accepted_at__isnull=False)),
        )
        .order_by("-overdue", "-total")[:limit]
    )
    docs = {d.pk: d for d in visible_documents.filter(pk__in=[r["document_id"] for r in rows])}
    for row in rows:
        # A row of a document the reader may not open says only that such a document exists: no id, no symbol.
        row["document"] = docs.get(row["document_id"])
        if row["document"] is None:
            row["document_id"] = None
            row["hidden"] = True
    return rows


def deadlines_in_month(
    qs: QuerySet[Task], first_day: datetime.date, today: datetime.date
) -> dict[datetime.date, list[Task]]:
    """Tasks by deadline day for a calendar month, each with its status (one query)."""
    if first_day.month == 12:
        next_month = first_day.replace(year=first_day.year + 1, month=1)
    else:
        next_month = first_day.replace(month=first_day.month + 1)
    days: dict[datetime.date, list[Task]] = {}
    month = with_status(qs.filter(deadline__gte=first_day, deadline__lt=next_month), today).select_related("lead_unit")
    for task in month.order_by("deadline", "pk")[:2000]:
        days.setdefault(task.deadline, []).append(task)
    return days


def documents_without_tasks(visible_documents, unit: Unit):
    """Directing documents addressed to `unit` (issued by it or above it) that no task of its subtree implements."""
    from lanhdao.documents.selectors import DIRECTING_KINDS

    tasked = Task.objects.filter(path_prefix_q(unit.path, "lead_path"), document__isnull=False).values("document_id")
    return (
        visible_documents.filter(kind__in=DIRECTING_KINDS, owner__path__in=[*unit.ancestor_paths(), unit.path])
        .exclude(pk__in=tasked)
        .order_by("-issued_on", "pk")
    )


def tasks_of_document(visible_tasks: QuerySet[Task], document, today: datetime.date) -> dict[str, list[Task]]:
    """The tasks implementing a document, by item, each with its status."""
    items: dict[str, list[Task]] = {}
    qs = (
        with_status(visible_tasks.filter(document=document), today)
        .select_related("lead_unit")
        .order_by("document_item", "deadline")
    )
    for task in qs:
        items.setdefault(task.document_item, []).append(task)
    return items


# Where the reviews find the tasks of a unit and its subtree (reports.selectors): by lead, or by the earlier lead of
# a task a restructuring moved (few: a partial index). No prefilter: the tasks open at the end of a period are most
# of a subtree's tasks, so an OR of the reviews' five conditions keeps nearly every row and costs as much again as
# the counts (bench/bench_indicators.py, the country).
TASK_RECORDS = Source(Task, ("lead_path", "earlier_lead_path"), sparse=("earlier_lead_path",), prefilter=False)
