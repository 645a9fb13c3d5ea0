"""Figures for review reports (sơ kết, tổng kết), from recorded events only.

Each function is one query, for a unit alone or its whole subtree, over a closed period [start, end] (both days
included). They read the database and change nothing; they apply no user scope: the reports issue calls them for a
unit the reader may already see. "Today" matters for meetings (a meeting in the future is not held yet) and is
`as_of`, the current local date unless given, so a report can be reproduced as it stood on a day.

Confidential meetings are counted like the others, whoever reads the figure (a review's figures must be the same in
every output and for every reader); `held_by_kind` and `conclusion_tasks_counts` also say how many of the meetings
(or of the conclusions' tasks) are confidential, never which (README, "Confidentiality").

Examples (seed 004, Thành ủy Sông Công, HU165):
    meetings_held(btv, start, end)                                  # Standing-Board meetings (unit HU165-BTV)
    meetings_held(city, start, end, kind=MeetingKind.PLENUM)        # Executive-Committee plenums in the city
    meetings_held(city, start, end, kind=MeetingKind.LIAISON, subtree=False)   # the city's liaison meetings
    submissions_count(city, start, end, matter=Matter.BUDGET)        # budget submissions to the city's bodies
    submissions_without_opinion(city, start, end)                    # matters decided without the opinion
"""

import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from lanhdao.org.models import Unit
from lanhdao.org.selectors import path_prefix_q

from .models import ConclusionPoint, Meeting, Responsibility, Submission
from .rules import decided_without_opinion_q, held_q


def _where(unit: Unit, field: str, subtree: bool) -> Q:
    return path_prefix_q(unit.path, field) if subtree else Q(**{field: unit.path})


def _held(unit: Unit, start: datetime.date, end: datetime.date, kind, subtree: bool, as_of) -> QuerySet[Meeting]:
    qs = Meeting.objects.filter(
        _where(unit, "unit_path", subtree), held_q(as_of or timezone.localdate()), date__gte=start, date__lte=end
    )
    return qs.filter(kind=kind) if kind else qs


def meetings_held(
    unit: Unit,
    start: datetime.date,
    end: datetime.date,
    *,
    kind: str | None = None,
    subtree: bool = True,
    as_of: datetime.date | None = None,
) -> int:
    """Meetings held by `unit` (and, with `subtree`, by every unit under it, its bodies included) whose date is in
    [start, end] and not after `as_of`; cancelled meetings are not counted. `kind`: a MeetingKind, or all."""
    return _held(unit, start, end, kind, subtree, as_of).count()


def meetings_held_by_kind(
    unit: Unit, start: datetime.date, end: datetime.date, *, subtree: bool = True, as_of: datetime.date | None = None
) -> dict[str, int]:
    """meetings_held() for every kind at once: {kind: count}, kinds without a meeting left out."""
    return {kind: n for kind, (n, _secret) in held_by_kind(unit, start, end, subtree=subtree, as_of=as_of).items()}


def held_by_kind(
    unit: Unit, start: datetime.date, end: datetime.date, *, subtree: bool = True, as_of: datetime.date | None = None
) -> dict[str, tuple[int, int]]:
    """{kind: (meetings held, of which confidential)} in one GROUP BY, kinds without a meeting left out."""
    secret = Count("id", filter=Q(confidentiality__gt=0))
    rows = _held(unit, start, end, None, subtree, as_of).order_by().values("kind").annotate(n=Count("id"), c=secret)
    return {row["kind"]: (row["n"], row["c"]) for row in rows}


def _submissions(unit: Unit, subtree: bool, matter: str | None) -> QuerySet[Submission]:
    qs = Submission.objects.filter(_where(unit, "to_path", subtree), withdrawn_at__isnull=True)
    return qs.filter(matter=matter) if matter else qs


def submissions_count(
    unit: Unit, start: datetime.date, end: datetime.date, *, matter: str | None = None, subtree: bool = True
) -> int:
    """Submissions sent in [start, end] to `unit` (with `subtree`: to it or a body under it, e.g. the committee and
    its Standing Board); withdrawn ones are not counted. `matter`: a Matter, or all."""
    return _submissions(unit, subtree, matter).filter(sent_on__gte=start, sent_on__lte=end).count()


def submissions_answered(
    unit: Unit, start: datetime.date, end: datetime.date, *, matter: str | None = None, subtree: bool = True
) -> int:
    """Opinions or conclusions given in [start, end] on submissions addressed to `unit` (or its subtree)."""
    return _submissions(unit, subtree, matter).filter(opinion_on__gte=start, opinion_on__lte=end).count()


def submissions_without_opinion(
    unit: Unit, start: datetime.date, end: datetime.date, *, matter: str | None = None, subtree: bool = True
) -> int:
    """Matters decided by the State body in [start, end] before the required opinion was given (or without one),
    among the submissions addressed to `unit` (or its subtree)."""
    return (
        _submissions(unit, subtree, matter)
        .filter(decided_without_opinion_q(), decided_on__gte=start, decided_on__lte=end)
        .count()
    )


def conclusion_tasks_count(unit: Unit, start: datetime.date, end: datetime.date, *, subtree: bool = True) -> int:
    """Tasks assigned from the conclusions of meetings held by `unit` (or its subtree) in [start, end]: how many
    concrete tasks the written conclusions gave (seed 004: "giao nhiệm vụ cụ thể đối với từng cơ quan, đơn vị")."""
    return _conclusion_points(unit, start, end, subtree).count()


def conclusion_tasks_counts(
    unit: Unit, start: datetime.date, end: datetime.date, *, subtree: bool = True
) -> tuple[int, int]:
    """(conclusion_tasks_count(), of which given by confidential meetings) in one query."""
    found = _conclusion_points(unit, start, end, subtree).aggregate(
        n=Count("id"), c=Count("id", filter=Q(meeting__confidentiality__gt=0))
    )
    return found["n"] or 0, found["c"] or 0


def _conclusion_points(unit: Unit, start: datetime.date, end: datetime.date, subtree: bool) -> QuerySet:
    return ConclusionPoint.objects.filter(
        _where(unit, "meeting__unit_path", subtree),
        meeting__cancelled_at__isnull=True,
        meeting__date__gte=start,
        meeting__date__lte=end,
    )


def organisations_followed(unit: Unit, on: datetime.date) -> int:
    """Organisations under `unit`'s subtree that a committee member was assigned to follow on the day `on`."""
    return (
        Responsibility.objects.filter(path_prefix_q(unit.path, "unit__path"), starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .values("unit_id")
        .distinct()
        .count()
    )
