"""Reads of the work with the people. Every list starts from a `<things>_for(user)`: the rows recorded on a unit in
the user's scope (a petition also when it is assigned there, a field visit also when it visited there, a plan also
when it is the user's own). Archived rows are left out unless asked for."""

import datetime

from django.db.models import Count, Q, QuerySet

from lanhdao.accounts.models import RoleAssignment, User
from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import own_unit_paths, scope_paths
from lanhdao.core.text import fold
from lanhdao.org.models import Unit
from lanhdao.org.records import Source
from lanhdao.org.selectors import path_prefix_q, subtree_q

from .models import CommitmentPlan, Dialogue, FieldVisit, Petition, ReceptionDay, ReceptionSchedule
from .schedule import Comparison, compare
from .status import PetitionStatus, status_expression, status_q


def _visible(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def _scoped(qs: QuerySet, user, *path_fields: str, extra: Q | None = None) -> QuerySet:
    """Rows of `qs` whose unit (any of `path_fields`) lies in `user`'s view scope, or matching `extra`."""
    if not _visible(user):
        return qs.none()
    if user.is_superuser:
        return qs
    roots = scope_paths(user, Perm.VIEW)
    condition = Q(pk__in=[])
    for field in path_fields:
        condition |= subtree_q(roots, field)
    if extra is not None:
        condition |= extra
    return qs.filter(condition)


def _live(qs: QuerySet, include_archived: bool) -> QuerySet:
    return qs if include_archived else qs.filter(archived_at__isnull=True)


def visits_for(user, *, include_archived: bool = False) -> QuerySet[FieldVisit]:
    return _live(_scoped(FieldVisit.objects.all(), user, "unit_path", "place_path"), include_archived)


def dialogues_for(user, *, include_archived: bool = False) -> QuerySet[Dialogue]:
    return _live(_scoped(Dialogue.objects.all(), user, "unit_path"), include_archived)


def schedules_for(user) -> QuerySet[ReceptionSchedule]:
    return _scoped(ReceptionSchedule.objects.all(), user, "unit_path")


def reception_days_for(user, *, include_archived: bool = False) -> QuerySet[ReceptionDay]:
    return _live(_scoped(ReceptionDay.objects.all(), user, "unit_path"), include_archived)


def petitions_for(user, *, include_archived: bool = False) -> QuerySet[Petition]:
    return _live(_scoped(Petition.objects.all(), user, "receiving_path", "assigned_path"), include_archived)


def plans_for(user) -> QuerySet[CommitmentPlan]:
    own = Q(leader_id=user.pk) if _visible(user) else None
    return _scoped(CommitmentPlan.objects.all(), user, "unit_path", extra=own)


def in_subtree(qs: QuerySet, unit: Unit, field: str = "unit_path") -> QuerySet:
    return qs.filter(path_prefix_q(unit.path, field))


def visits_in_subtree(qs: QuerySet[FieldVisit], unit: Unit) -> QuerySet[FieldVisit]:
    """Field visits made by `unit`'s subtree or to it."""
    return qs.filter(path_prefix_q(unit.path, "unit_path") | path_prefix_q(unit.path, "place_path"))


def with_finding_counts(qs: QuerySet) -> QuerySet:
    """Each visit or dialogue with `n_findings` and `n_tasks` (the findings that became tasks), in the same query."""
    return qs.annotate(n_findings=Count("findings", distinct=True), n_tasks=Count("findings__task", distinct=True))


def petitions_in_subtree(qs: QuerySet[Petition], unit: Unit) -> QuerySet[Petition]:
    """Petitions received by `unit`'s subtree or assigned to it."""
    return qs.filter(path_prefix_q(unit.path, "receiving_path") | path_prefix_q(unit.path, "assigned_path"))


def in_period(qs: QuerySet, field: str, start: datetime.date | None, end: datetime.date | None) -> QuerySet:
    if start:
        qs = qs.filter(**{f"{field}__gte": start})
    if end:
        qs = qs.filter(**{f"{field}__lte": end})
    return qs


def with_status(qs: QuerySet[Petition], today: datetime.date) -> QuerySet[Petition]:
    return qs.annotate(status=status_expression(today))


def filter_status(qs: QuerySet[Petition], status: str, today: datetime.date) -> QuerySet[Petition]:
    if status == "unanswered":
        return qs.filter(answered_on__isnull=True)
    if status in PetitionStatus.values:
        return qs.filter(status_q(status, today))
    return qs


def filter_petitions(
    qs: QuerySet[Petition], *, status: str, start: datetime.date | None, end: datetime.date | None, today
) -> QuerySet[Petition]:
    """The petitions of one status received between `start` and `end`: the list page's filter and the API's."""
    if status:
        qs = filter_status(qs, status, today)
    return in_period(qs, "received_on", start, end)


def status_counts(qs: QuerySet[Petition], today: datetime.date) -> dict[str, int]:
    """{status: count} in one GROUP BY."""
    rows = with_status(qs, today).order_by().values("status").annotate(n=Count("id")).values_list("status", "n")
    counts = dict.fromkeys(PetitionStatus.values, 0)
    counts.update(dict(rows))
    return counts


def overdue_petitions(qs: QuerySet[Petition], today: datetime.date) -> QuerySet[Petition]:
    """Unanswered petitions past their deadline, the oldest deadline first."""
    return (
        with_status(qs.filter(status_q(PetitionStatus.OVERDUE, today)), today)
        .select_related("receiving_unit", "assigned_unit")
        .order_by("deadline", "pk")
    )


def petitions_near_deadline(user, today: datetime.date) -> QuerySet[Petition]:
    """Unanswered petitions due soon or overdue that a unit `user` works in with RECORD may answer — the unit that
    received it or the one it was assigned to, as `permissions.may_answer` — among those they may see (home page).
    The earliest deadline first."""
    own = own_unit_paths(user, Perm.RECORD)
    answering = Q(receiving_path__in=own) | Q(assigned_path__in=own)
    near = status_q(PetitionStatus.DUE_SOON, today) | status_q(PetitionStatus.OVERDUE, today)
    qs = with_status(petitions_for(user).filter(answering).filter(near), today)
    return qs.select_related("receiving_unit", "assigned_unit").order_by("deadline", "pk")


def reception_comparison(
    schedule: ReceptionSchedule, start: datetime.date, end: datetime.date, today: datetime.date
) -> Comparison:
    """Expected days of `schedule` in the range against the days held on its unit (one query)."""
    held = list(
        ReceptionDay.objects.filter(
            unit_id=schedule.unit_id, archived_at__isnull=True, held_on__gte=start, held_on__lte=end
        )
        .filter(Q(schedule=schedule) | Q(schedule__isnull=True))
        .select_related("received_by")
        .order_by("held_on")
    )
    return compare(schedule, held, start, end, today)


def people_in_scope(user) -> QuerySet[User]:
    """Active users holding a role on a unit the user may see: the leaders one may name on a record."""
    if not _visible(user):
        return User.objects.none()
    roles = RoleAssignment.objects.active()
    if not user.is_superuser:
        roles = roles.filter(subtree_q(scope_paths(user, Perm.VIEW), "unit__path"))
    return User.objects.filter(Q(pk=user.pk) | Q(pk__in=roles.values("user_id")), is_active=True)


def user_covers_unit(user: User, unit: Unit) -> bool:
    """Whether `user` holds an active role on `unit`, on a unit above it or on one below it (the leader's unit)."""
    paths = RoleAssignment.objects.active().filter(user=user).values_list("unit__path", flat=True)
    return any(unit.path.startswith(p) or p.startswith(unit.path) for p in paths)


def plans_in_year(qs: QuerySet[CommitmentPlan], year: int | None) -> QuerySet[CommitmentPlan]:
    """The plans whose years include `year` (all when None): the list page's filter and the API's."""
    return qs.filter(year_start__lte=year, year_end__gte=year) if year else qs


def search_plans(qs: QuerySet[CommitmentPlan], query: str) -> QuerySet[CommitmentPlan]:
    """Plans whose leader's name or position, title or unit's name hold every word of `query` (diacritics or not)."""
    for word in fold(query).split():
        qs = qs.filter(Q(search_text__contains=word) | Q(unit__search_name__contains=word))
    return qs


def published_plans(*, query: str = "", year: int | None = None) -> QuerySet[CommitmentPlan]:
    """The plans anyone may read without signing in: published ones only."""
    qs = CommitmentPlan.objects.filter(published_at__isnull=False)
    if year:
        qs = qs.filter(year_start__lte=year, year_end__gte=year)
    if query:
        qs = search_plans(qs, query)
    return qs.select_related("unit").order_by("unit_path", "-year_start", "leader_name", "pk")


# Where the reviews find the work with the people of a unit and its subtree (reports.selectors).
VISIT_RECORDS = Source(FieldVisit, live=Q(archived_at__isnull=True))
DIALOGUE_RECORDS = Source(Dialogue, live=Q(archived_at__isnull=True))
RECEPTION_DAY_RECORDS = Source(ReceptionDay, live=Q(archived_at__isnull=True))
PETITION_RECORDS = Source(Petition, ("receiving_path",), Q(archived_at__isnull=True))
