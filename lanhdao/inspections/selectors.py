"""Reads of inspection and supervision. Every list starts from a `<things>_for(user)`:

- a programme: VIEW on its unit;
- an inspection or supervision: VIEW on the conducting unit, or VIEW on the subject's unit once it is concluded (the
  subject sees its conclusion, never an inspection still under way); above the user's clearance it does not exist;
- a discipline decision: VIEW on the deciding unit or on the subject's unit, up to the user's clearance (a decision
  carries at least the level of the inspection it follows);
- a recommendation: that of an inspection the user may see.

Rows archived as mistakes are left out unless asked for.
"""

import datetime

from django.db.models import Count, Q, QuerySet

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import clearance_of, may_open, scope_paths
from lanhdao.audit.selectors import openable
from lanhdao.core.search import filter_folded
from lanhdao.documents.models import Document
from lanhdao.org.models import Unit
from lanhdao.org.records import Source
from lanhdao.org.selectors import path_prefix_q, subtree_q
from lanhdao.work.models import Task
from lanhdao.work.status import DONE, OPEN, Status, status_q

from .models import SUPERVISIONS, Discipline, Inspection, Programme, Recommendation


def _roots(user) -> list[str] | None:
    """The subtree roots `user` may see; None for everything (a superuser), [] for nothing."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if user.is_superuser:
        return None
    return scope_paths(user, Perm.VIEW)


def _live(qs: QuerySet, include_archived: bool) -> QuerySet:
    return qs if include_archived else qs.filter(archived_at__isnull=True)


def programmes_for(user, *, include_archived: bool = False) -> QuerySet[Programme]:
    roots = _roots(user)
    qs = Programme.objects.all() if roots is None else Programme.objects.filter(subtree_q(roots, "unit_path"))
    return _live(qs, include_archived)


def inspections_for(user, *, include_archived: bool = False) -> QuerySet[Inspection]:
    roots = _roots(user)
    qs = Inspection.objects.filter(confidentiality__lte=getattr(user, "clearance", 0))
    if roots is not None:
        concluded_of_subject = Q(concluded_on__isnull=False) & subtree_q(roots, "subject_path")
        qs = qs.filter(subtree_q(roots, "unit_path") | concluded_of_subject)
    return _live(qs, include_archived)


def disciplines_for(user, *, include_archived: bool = False) -> QuerySet[Discipline]:
    roots = _roots(user)
    # A decision following a confidential inspection carries its level: above the user's clearance it does not exist.
    qs = Discipline.objects.filter(confidentiality__lte=clearance_of(user))
    if roots is not None:
        qs = qs.filter(subtree_q(roots, "unit_path") | subtree_q(roots, "subject_path"))
    return _live(qs, include_archived)


def visible_document_ids(user, pks) -> set[int]:
    """Which of the documents `pks` `user` may open (one query): a programme names only those."""
    return openable(Document, user, pks)


def visible_inspection_ids(user, pks) -> set[int]:
    """Which of the inspections `pks` `user` may open (one query): what a decision may name of the one it follows."""
    return openable(Inspection, user, pks)


def recommendations_for(user) -> QuerySet[Recommendation]:
    return Recommendation.objects.filter(inspection__in=inspections_for(user))


# --- filters ---------------------------------------------------------------------------------------------------------


def in_subtree(qs: QuerySet, unit: Unit) -> QuerySet:
    """Rows made by a unit of `unit`'s subtree or about one (inspections, disciplines)."""
    return qs.filter(path_prefix_q(unit.path, "unit_path") | path_prefix_q(unit.path, "subject_path"))


def programmes_in_subtree(qs: QuerySet[Programme], unit: Unit) -> QuerySet[Programme]:
    return qs.filter(path_prefix_q(unit.path, "unit_path"))


def filter_programmes(qs: QuerySet[Programme], *, span: str = "", year: int | None = None) -> QuerySet[Programme]:
    """The programmes of one span (year, term…) running in `year`: the list page's filter and the API's."""
    if span:
        qs = qs.filter(span=span)
    if year:
        qs = qs.filter(starts_on__year__lte=year, ends_on__year__gte=year)
    return qs


def in_period(qs: QuerySet, field: str, start: datetime.date | None, end: datetime.date | None) -> QuerySet:
    if start:
        qs = qs.filter(**{f"{field}__gte": start})
    if end:
        qs = qs.filter(**{f"{field}__lte": end})
    return qs


def filter_inspections(
    qs: QuerySet[Inspection],
    *,
    kind: str = "",
    subject_kind: str = "",
    state: str = "",
    violations: bool = False,
    query: str = "",
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    programme: Programme | None = None,
) -> QuerySet[Inspection]:
    """The list's filters: kind (or "supervision" for both kinds of supervision), subject, `state` ("open" or
    "concluded"), with violations found, words of the content or scope (diacritics or not), the start date in a
    period, a programme."""
    if kind == "supervision":
        qs = qs.filter(kind__in=SUPERVISIONS)
    elif kind:
        qs = qs.filter(kind=kind)
    if subject_kind:
        qs = qs.filter(subject_kind=subject_kind)
    if state == "open":
        qs = qs.filter(concluded_on__isnull=True)
    elif state == "concluded":
        qs = qs.filter(concluded_on__isnull=False)
    if violations:
        qs = qs.filter(violation_found=True)
    if programme is not None:
        qs = qs.filter(programme=programme)
    if query.strip():
        qs = filter_folded(qs, "search_text", query)
    return in_period(qs, "starts_on", start, end)


def for_list(qs: QuerySet[Inspection]) -> QuerySet[Inspection]:
    """What a list row shows, in the same query: units, member, programme, number of recommendations."""
    return (
        qs.select_related("unit", "subject_unit", "subject_member", "programme")
        .annotate(n_recommendations=Count("recommendations", distinct=True))
        .order_by("-starts_on", "-pk")
    )


def with_progress(qs: QuerySet[Programme]) -> QuerySet[Programme]:
    """Each programme with `n_planned` (its live inspections), `n_done` (concluded) and `n_supervisions`, and how many
    of the planned and of the done are confidential (`n_confidential`, `n_done_confidential`): the counts are the
    programme's whoever reads them, and say how many are confidential, never which (README, "Confidentiality")."""
    live = Q(inspections__archived_at__isnull=True)
    done = live & Q(inspections__concluded_on__isnull=False)
    secret = Q(inspections__confidentiality__gt=0)
    return qs.annotate(
        n_planned=Count("inspections", filter=live, distinct=True),
        n_done=Count("inspections", filter=done, distinct=True),
        n_supervisions=Count("inspections", filter=live & Q(inspections__kind__in=SUPERVISIONS), distinct=True),
        n_confidential=Count("inspections", filter=live & secret, distinct=True),
        n_done_confidential=Count("inspections", filter=done & secret, distinct=True),
    )


def inspections_of_programme(user, programme: Programme) -> QuerySet[Inspection]:
    return for_list(inspections_for(user).filter(programme=programme))


def filter_disciplines(
    qs: QuerySet[Discipline], *, form: str = "", subject_kind: str = "", start=None, end=None
) -> QuerySet[Discipline]:
    if form:
        qs = qs.filter(form=form)
    if subject_kind:
        qs = qs.filter(subject_kind=subject_kind)
    return in_period(qs, "decided_on", start, end)


def disciplines_for_list(qs: QuerySet[Discipline]) -> QuerySet[Discipline]:
    return qs.select_related("unit", "subject_unit", "subject_member", "inspection").order_by("-decided_on", "-pk")


def disciplines_of_member(user, member) -> QuerySet[Discipline]:
    """A member's discipline history, newest first, as `user` may see it (for the member's page)."""
    return disciplines_for_list(disciplines_for(user).filter(subject_member=member))


def inspections_of_member(user, member) -> QuerySet[Inspection]:
    return for_list(inspections_for(user).filter(subject_member=member))


def disciplines_of_inspection(user, inspection: Inspection) -> QuerySet[Discipline]:
    return disciplines_for_list(disciplines_for(user).filter(inspection=inspection))


# --- follow-up of recommendations ------------------------------------------------------------------------------------

FOLLOW_UP_STATES = ("open", "overdue", "done", "cancelled", "no_task")


def _task_status_q(statuses, today: datetime.date) -> Q:
    condition = Q(pk__in=[])
    for status in statuses:
        condition |= status_q(status, today)
    return condition


def filter_follow_up(qs: QuerySet[Recommendation], state: str, today: datetime.date) -> QuerySet[Recommendation]:
    """`open`: a task not done, not cancelled and not overdue; `overdue`; `done` (on time or late); `cancelled`;
    `no_task`: recorded without a task. The task's state is derived by work.status."""
    groups = {
        "open": OPEN - {Status.OVERDUE},
        "overdue": {Status.OVERDUE},
        "done": DONE,
        "cancelled": {Status.CANCELLED},
    }
    if state == "no_task":
        return qs.filter(task__isnull=True)
    if state in groups:
        return qs.filter(task__in=Task.objects.filter(_task_status_q(groups[state], today)))
    return qs


def follow_up(qs: QuerySet[Recommendation], unit: Unit | None = None) -> QuerySet[Recommendation]:
    """Recommendations of concluded, live inspections (of `unit`'s subtree: made by it or about it), the latest
    conclusions first, with their inspection and task."""
    qs = qs.filter(inspection__concluded_on__isnull=False, inspection__archived_at__isnull=True)
    if unit is not None:
        qs = qs.filter(
            path_prefix_q(unit.path, "inspection__unit_path") | path_prefix_q(unit.path, "inspection__subject_path")
        )
    return qs.select_related(
        "inspection",
        "inspection__unit",
        "inspection__subject_unit",
        "inspection__subject_member",
        "task",
        "task__lead_unit",
    ).order_by("-inspection__concluded_on", "inspection_id", "position", "pk")


def recommendations_of(inspection: Inspection) -> list[Recommendation]:
    """The recommendations of one inspection already accessed, with their tasks (one query)."""
    return list(inspection.recommendations.select_related("task", "task__lead_unit").order_by("position", "pk"))


def without_hidden_tasks(user, recommendations) -> list[Recommendation]:
    """The recommendations as `user` may see them: a task above the user's clearance (raised by its document past
    the inspection's level) is left out, and `task_hidden` says that one exists; its lead unit, deadline and status
    are the task's own (README "Confidentiality")."""
    recommendations = list(recommendations)
    for recommendation in recommendations:
        task = recommendation.task if recommendation.task_id else None
        recommendation.task_hidden = task is not None and not may_open(user, task.confidentiality)
        if recommendation.task_hidden:
            recommendation.task = None
    return recommendations


def follow_up_counts(qs: QuerySet[Recommendation], today: datetime.date) -> dict[str, int]:
    """How many recommendations of `qs` are in each follow-up state (one query)."""
    tasks = {
        name: Task.objects.filter(_task_status_q(group, today)).values("pk")
        for name, group in {
            "open": OPEN - {Status.OVERDUE},
            "overdue": {Status.OVERDUE},
            "done": DONE,
            "cancelled": {Status.CANCELLED},
        }.items()
    }
    return qs.aggregate(
        total=Count("pk"),
        no_task=Count("pk", filter=Q(task__isnull=True)),
        **{name: Count("pk", filter=Q(task__in=subquery)) for name, subquery in tasks.items()},
    )


def programmes_to_record_in(user) -> QuerySet[Programme]:
    """The live programmes of the units where `user` may record: what an inspection form offers (the latest first)."""
    qs = programmes_for(user).select_related("unit").order_by("-starts_on", "-pk")
    if getattr(user, "is_superuser", False):
        return qs
    return qs.filter(subtree_q(scope_paths(user, Perm.RECORD), "unit_path"))


def progress_of(programme: Programme) -> Programme:
    """One programme (already accessed) with `n_planned`, `n_done` and `n_supervisions` (one query)."""
    return with_progress(Programme.objects.filter(pk=programme.pk)).get()


# Where the reviews find the inspections, recommendations and disciplines of a unit and its subtree.
INSPECTION_RECORDS = Source(Inspection, live=Q(archived_at__isnull=True))
RECOMMENDATION_RECORDS = Source(
    Recommendation,
    ("inspection__unit_path",),
    Q(inspection__archived_at__isnull=True),
    level="inspection__confidentiality",
)
DISCIPLINE_RECORDS = Source(Discipline, live=Q(archived_at__isnull=True))
