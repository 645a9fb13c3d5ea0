"""Figures of the work with the people for the reports (DOMAIN.md §2.11): how many field visits, dialogues,
reception days, petitions answered on time, published plans — for a unit, alone or with its subtree, over a period.

Every function is pure (it reads, never writes), takes a unit and a period of dates (`start` and `end` both
included) and runs ONE query on the recorded events, whatever the size of the subtree. Records archived as mistakes
are never counted. No permission check here: the caller (a report) has already checked that its user may see `unit`.

    field_visits(unit, start, end)               visits made by the unit's leaders (the visiting unit)
    dialogues(unit, start, end)                  dialogues held by the unit
    dialogue_participants(unit, start, end)      citizens taking part in them
    reception_days(unit, start, end)             citizen reception days held
    reception_cases(unit, start, end)            cases received on them
    petitions_received(unit, start, end)         petitions received (by the receiving unit)
    petitions_answered(unit, start, end)         petitions answered in the period
    petitions_answered_on_time(unit, start, end) …of which by their deadline
    petitions_overdue(unit, on)                  petitions unanswered past their deadline on a day (as it stood then)
    published_plans(unit, start, end)            personal plans published, for a period overlapping the years
"""

import datetime

from django.db.models import F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from lanhdao.org.models import Unit
from lanhdao.org.selectors import path_prefix_q

from .models import CommitmentPlan, Dialogue, FieldVisit, Petition, ReceptionDay

Day = datetime.date


def _of_unit(qs: QuerySet, unit: Unit, subtree: bool, path_field: str = "unit_path", id_field: str = "unit_id"):
    return qs.filter(path_prefix_q(unit.path, path_field)) if subtree else qs.filter(**{id_field: unit.pk})


def _count(qs: QuerySet) -> int:
    return qs.count()


def _sum(qs: QuerySet, field: str) -> int:
    return qs.aggregate(n=Coalesce(Sum(field), 0))["n"]


def _visits(unit: Unit, start: Day, end: Day, subtree: bool) -> QuerySet:
    qs = FieldVisit.objects.filter(archived_at__isnull=True, visited_on__gte=start, visited_on__lte=end)
    return _of_unit(qs, unit, subtree)


def field_visits(unit: Unit, start: Day, end: Day, *, subtree: bool = True) -> int:
    """Field visits made by the leaders of `unit` (and, with `subtree`, of the units below it) in the period."""
    return _count(_visits(unit, start, end, subtree))


def _dialogues(unit: Unit, start: Day, end: Day, subtree: bool) -> QuerySet:
    qs = Dialogue.objects.filter(archived_at__isnull=True, held_on__gte=start, held_on__lte=end)
    return _of_unit(qs, unit, subtree)


def dialogues(unit: Unit, start: Day, end: Day, *, subtree: bool = True) -> int:
    """Dialogues with citizens held by `unit` (and its subtree) in the period."""
    return _count(_dialogues(unit, start, end, subtree))


def dialogue_participants(unit: Unit, start: Day, end: Day, *, subtree: bool = True) -> int:
    """Participants in those dialogues, added up."""
    return _sum(_dialogues(unit, start, end, subtree), "participants")


def _reception(unit: Unit, start: Day, end: Day, subtree: bool) -> QuerySet:
    qs = ReceptionDay.objects.filter(archived_at__isnull=True, held_on__gte=start, held_on__lte=end)
    return _of_unit(qs, unit, subtree)


def reception_days(unit: Unit, start: Day, end: Day, *, subtree: bool = True) -> int:
    """Citizen reception days held by `unit` (and its subtree) in the period."""
    return _count(_reception(unit, start, end, subtree))


def reception_cases(unit: Unit, start: Day, end: Day, *, subtree: bool = True) -> int:
    """Cases received on those days, added up."""
    return _sum(_reception(unit, start, end, subtree), "cases")


def _petitions(unit: Unit, subtree: bool) -> QuerySet:
    qs = Petition.objects.filter(archived_at__isnull=True)
    return _of_unit(qs, unit, subtree, "receiving_path", "receiving_unit_id")


def petitions_received(unit: Unit, start: Day, end: Day, *, subtree: bool = True) -> int:
    """Petitions received by `unit` (and its subtree) in the period."""
    return _count(_petitions(unit, subtree).filter(received_on__gte=start, received_on__lte=end))


def petitions_answered(unit: Unit, start: Day, end: Day, *, subtree: bool = True) -> int:
    """Petitions received by `unit` (and its subtree) and answered in the period, on time or late."""
    return _count(_petitions(unit, subtree).filter(answered_on__gte=start, answered_on__lte=end))


def petitions_answered_on_time(unit: Unit, start: Day, end: Day, *, subtree: bool = True) -> int:
    """Petitions received by `unit` (and its subtree) answered in the period by their deadline (the deadline day
    itself is on time) — the same rule as people.status."""
    qs = _petitions(unit, subtree).filter(answered_on__gte=start, answered_on__lte=end)
    return _count(qs.filter(answered_on__lte=F("deadline")))


def petitions_overdue(unit: Unit, on: Day, *, subtree: bool = True) -> int:
    """Petitions received by `unit` (and its subtree) that were overdue on the day `on`: received by then, past
    their deadline, and not answered by then (an answer that came later does not change what the day looked like)."""
    qs = _petitions(unit, subtree).filter(received_on__lte=on, deadline__lt=on)
    return _count(qs.filter(Q(answered_on__isnull=True) | Q(answered_on__gt=on)))


def published_plans(unit: Unit, start: Day, end: Day, *, subtree: bool = True) -> int:
    """Personal commitment plans of the leaders of `unit` (and its subtree) that are published, for a period (a year
    or a term) overlapping the years from `start` to `end`."""
    qs = CommitmentPlan.objects.filter(published_at__isnull=False, year_start__lte=end.year, year_end__gte=start.year)
    return _count(_of_unit(qs, unit, subtree))


def summary(unit: Unit, start: Day, end: Day, *, subtree: bool = True) -> dict[str, int]:
    """Every figure above for one unit and period (one query each); overdue petitions as on `end`."""
    figures = {
        name: function(unit, start, end, subtree=subtree)
        for name, function in (
            ("field_visits", field_visits),
            ("dialogues", dialogues),
            ("dialogue_participants", dialogue_participants),
            ("reception_days", reception_days),
            ("reception_cases", reception_cases),
            ("petitions_received", petitions_received),
            ("petitions_answered", petitions_answered),
            ("petitions_answered_on_time", petitions_answered_on_time),
            ("published_plans", published_plans),
        )
    }
    figures["petitions_overdue"] = petitions_overdue(unit, end, subtree=subtree)
    return figures


__all__ = [
    "dialogue_participants",
    "dialogues",
    "field_visits",
    "petitions_answered",
    "petitions_answered_on_time",
    "petitions_overdue",
    "petitions_received",
    "published_plans",
    "reception_cases",
    "reception_days",
    "summary",
]
