"""Figures of inspection and supervision for the reports (DOMAIN.md §2.5, §2.11): how many inspections and
supervisions, of organisations and of members, concluded, with violations found; recommendations made, done on time
and overdue; discipline decisions by form — for a unit, alone or with its subtree, over a period.

Every function is pure (it reads, never writes), takes a unit and a period of dates (`start` and `end` both
included) and runs ONE query, whatever the size of the subtree: the subtree is a prefix of the conducting (or
deciding) unit's path kept on each row. Records archived as mistakes are never counted. No permission check here: the
caller (a report) has already checked that its user may see `unit`. Confidential inspections are counted like the
others, whoever reads the figure (a review's figures must be the same in every output and for every reader): a figure
tells how many, never what, and `confidential_summary` how many of the records of each figure are confidential
(README, "Confidentiality").

An inspection counts in the period it starts in ("lượt": one per inspection, so an organisation inspected twice
counts twice, as the review reports count them); a conclusion in the period it is concluded in; recommendations with
their inspection's conclusion.

    inspections_by_kind(unit, start, end)        {kind: inspections and supervisions started}, every kind present
    inspections(unit, start, end)                inspections (regular or on signs of violation) started
    supervisions(unit, start, end)               supervisions (regular or thematic) started
    organisations_inspected(unit, start, end)    inspections and supervisions of Party organisations started
    members_inspected(unit, start, end)          …of Party members
    concluded(unit, start, end)                  inspections and supervisions concluded in the period
    with_violations(unit, start, end)            …of which with violations found
    recommendations_made(unit, start, end)       recommendations of the inspections concluded in the period
    recommendations_done_on_time(unit, start, end)  recommendations whose task was completed in the period by its
                                                 deadline and accepted
    recommendations_overdue(unit, on)            recommendations whose task was past its deadline and not done on a
                                                 day (as it stood then)
    disciplines_by_form(unit, start, end)        {form: discipline decisions made}, every form present
    confidential_summary(unit, start, end)       of the records each figure of summary() counts, how many are
                                                 confidential (four queries)
"""

import datetime

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from lanhdao.org.models import Unit
from lanhdao.org.selectors import path_prefix_q

from .models import SUPERVISIONS, Discipline, DisciplineForm, Inspection, InspectionKind, Recommendation, SubjectKind

Day = datetime.date
INSPECTIONS = (InspectionKind.INSPECTION, InspectionKind.INSPECTION_SIGNS)


def _of_unit(qs: QuerySet, unit: Unit, subtree: bool, prefix: str = "") -> QuerySet:
    if subtree:
        return qs.filter(path_prefix_q(unit.path, f"{prefix}unit_path"))
    return qs.filter(**{f"{prefix}unit_id": unit.pk})


def _started(unit: Unit, start: Day, end: Day, subtree: bool) -> QuerySet[Inspection]:
    qs = Inspection.objects.filter(archived_at__isnull=True, starts_on__gte=start, starts_on__lte=end)
    return _of_unit(qs, unit, subtree)


def _concluded(unit: Unit, start: Day, end: Day, subtree: bool) -> QuerySet[Inspection]:
    qs = Inspection.objects.filter(archived_at__isnull=True, concluded_on__gte=start, concluded_on__lte=end)
    return _of_unit(qs, unit, subtree)


def inspections_by_kind(unit: Unit, start: Day, end: Day, *, subtree: bool = True) -> dict[str, int]:
    """Inspections and supervisions started by `unit` (and its subtree) in the period, by kind (one GROUP BY)."""
    rows = _started(unit, start, end, subtree).order_by().values_list("kind").annotate(n=Count("pk"))
    return dict.fromkeys(InspectionKind.values, 0) | dict(rows)


def inspections(unit: Unit, start: Day, end: Day, *, subtree: bool = True) -> int:
    return _started(unit, start, end, subtree).filter(kind__in=INSPECTIONS).count()


def supervisions(unit: Unit, start: Day, end: Day, *, subtree: bool = True) -> int:
    return _started(unit, start, end, subtree).filter(kind__in=SUPERVISIONS).count()


def organisations_inspected(unit: Unit, start: Day, end: Day, *, subtree: bool = True) -> int:
    return _started(unit, start, end, subtree).filter(subject_kind=SubjectKind.ORGANISATION).count()


def members_inspected(unit: Unit, start: Day, end: Day, *, subtree: bool = True) -> int:
    return _started(unit, start, end, subtree).filter(subject_kind=SubjectKind.MEMBER).count()


def concluded(unit: Unit, start: Day, end: Day, *, subtree: bool = True) -> int:
    return _concluded(unit, start, end, subtree).count()


def with_violations(unit: Unit, start: Day, end: Day, *, subtree: bool = True) -> int:
    return _concluded(unit, start, end, subtree).filter(violation_found=True).count()


def _recommendations(unit: Unit, subtree: bool) -> QuerySet[Recommendation]:
    qs = Recommendation.objects.filter(inspection__archived_at__isnull=True)
    return _of_unit(qs, unit, subtree, "inspection__")


def recommendations_made(unit: Unit, start: Day, end: Day, *, subtree: bool = True) -> int:
    qs = _recommendations(unit, subtree)
    return qs.filter(inspection__concluded_on__gte=start, inspection__concluded_on__lte=end).count()


def recommendations_done_on_time(unit: Unit, start: Day, end: Day, *, subtree: bool = True) -> int:
    """Completed in the period by the deadline (the deadline day itself is on time) and accepted — the same rule as
    work.status's "done on time"."""
    return _recommendations(unit, subtree).filter(_done_on_time_q(start, end)).count()


def _done_on_time_q(start: Day, end: Day) -> Q:
    done = Q(task__cancelled_at__isnull=True, task__accepted_at__isnull=False)
    return (
        done
        & Q(task__completed_on__gte=start, task__completed_on__lte=end)
        & Q(task__completed_on__lte=F("task__deadline"))
    )


def recommendations_overdue(unit: Unit, on: Day, *, subtree: bool = True) -> int:
    """Recommendations whose task, on the day `on`, had started, was past its deadline, was not cancelled and not
    done (accepted with a completion by then); what happened later does not change what the day looked like."""
    return _recommendations(unit, subtree).filter(_overdue_q(on)).count()


def _overdue_q(on: Day) -> Q:
    done_by_then = Q(task__accepted_at__isnull=False, task__completed_on__lte=on)
    not_cancelled = Q(task__cancelled_at__isnull=True) | Q(task__cancelled_at__date__gt=on)
    return Q(task__start_date__lte=on, task__deadline__lt=on) & ~done_by_then & not_cancelled


def disciplines_by_form(unit: Unit, start: Day, end: Day, *, subtree: bool = True) -> dict[str, int]:
    """Discipline decisions made by `unit` (and its subtree) in the period, by form (one GROUP BY)."""
    qs = Discipline.objects.filter(archived_at__isnull=True, decided_on__gte=start, decided_on__lte=end)
    rows = _of_unit(qs, unit, subtree).order_by().values_list("form").annotate(n=Count("pk"))
    return dict.fromkeys(DisciplineForm.values, 0) | dict(rows)


def summary(unit: Unit, start: Day, end: Day, *, subtree: bool = True) -> dict:
    """Every figure above for one unit and period (one query each); overdue recommendations as on `end`, or today
    when the period ends later (a day still to come has no overdue yet)."""
    figures: dict = {
        name: function(unit, start, end, subtree=subtree)
        for name, function in (
            ("inspections_by_kind", inspections_by_kind),
            ("inspections", inspections),
            ("supervisions", supervisions),
            ("organisations_inspected", organisations_inspected),
            ("members_inspected", members_inspected),
            ("concluded", concluded),
            ("with_violations", with_violations),
            ("recommendations_made", recommendations_made),
            ("recommendations_done_on_time", recommendations_done_on_time),
            ("disciplines_by_form", disciplines_by_form),
        )
    }
    figures["recommendations_overdue"] = recommendations_overdue(unit, min(end, timezone.localdate()), subtree=subtree)
    return figures


def confidential_summary(unit: Unit, start: Day, end: Day, *, subtree: bool = True) -> dict:
    """Of the records each figure of summary() counts, how many are confidential (a recommendation is as confidential
    as its inspection, a discipline decision carries its own level): the same keys, four queries. It says how many,
    never which."""
    secret = Q(confidentiality__gt=0)
    kinds = {f"kind_{kind}": Count("pk", filter=Q(kind=kind)) for kind in InspectionKind.values}
    started = (
        _started(unit, start, end, subtree)
        .filter(secret)
        .order_by()
        .aggregate(
            inspections=Count("pk", filter=Q(kind__in=INSPECTIONS)),
            supervisions=Count("pk", filter=Q(kind__in=SUPERVISIONS)),
            organisations_inspected=Count("pk", filter=Q(subject_kind=SubjectKind.ORGANISATION)),
            members_inspected=Count("pk", filter=Q(subject_kind=SubjectKind.MEMBER)),
            **kinds,
        )
    )
    found: dict = {"inspections_by_kind": {kind: started.pop(f"kind_{kind}") for kind in InspectionKind.values}}
    found |= started
    found |= (
        _concluded(unit, start, end, subtree)
        .filter(secret)
        .order_by()
        .aggregate(concluded=Count("pk"), with_violations=Count("pk", filter=Q(violation_found=True)))
    )
    on = min(end, timezone.localdate())
    made = Q(inspection__concluded_on__gte=start, inspection__concluded_on__lte=end)
    found |= (
        _recommendations(unit, subtree)
        .filter(inspection__confidentiality__gt=0)
        .order_by()
        .aggregate(
            recommendations_made=Count("pk", filter=made),
            recommendations_done_on_time=Count("pk", filter=_done_on_time_q(start, end)),
            recommendations_overdue=Count("pk", filter=_overdue_q(on)),
        )
    )
    qs = Discipline.objects.filter(archived_at__isnull=True, decided_on__gte=start, decided_on__lte=end).filter(secret)
    rows = _of_unit(qs, unit, subtree).order_by().values_list("form").annotate(n=Count("pk"))
    found["disciplines_by_form"] = dict.fromkeys(DisciplineForm.values, 0) | dict(rows)
    return found


__all__ = [
    "concluded",
    "disciplines_by_form",
    "inspections",
    "inspections_by_kind",
    "members_inspected",
    "organisations_inspected",
    "recommendations_done_on_time",
    "recommendations_made",
    "recommendations_overdue",
    "summary",
    "supervisions",
    "with_violations",
]
