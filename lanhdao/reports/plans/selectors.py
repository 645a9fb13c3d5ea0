"""Reads of the plans: the indicator targets of a unit, or of many units, for a year — one query each.

No user scope here: callers check that the user may see the unit (reports.plans.permissions.access_targets, or
access_unit on the dashboard, whose children the reader sees with it).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from lanhdao.org.models import Unit

from .models import IndicatorTarget


def targets_of(unit: Unit, year: int) -> dict[str, int]:
    """{indicator key: target} of `unit`'s plan for `year`: one query."""
    return dict(IndicatorTarget.objects.filter(unit=unit, year=year).values_list("key", "value"))


def targets_of_units(units: Iterable[Unit], year: int) -> dict[int, dict[str, int]]:
    """{unit id: {indicator key: target}} of the plans of `units` for `year` (a unit without a plan is absent): one
    query, whatever the number of units."""
    found: dict[int, dict[str, int]] = {}
    rows = IndicatorTarget.objects.filter(unit_id__in=[u.pk for u in units], year=year)
    for unit_id, key, value in rows.values_list("unit_id", "key", "value"):
        found.setdefault(unit_id, {})[key] = value
    return found


def target_rows(unit: Unit, year: int) -> QuerySet[IndicatorTarget]:
    """The target rows of `unit`'s plan for `year`, with their notes, by key."""
    return IndicatorTarget.objects.filter(unit=unit, year=year).order_by("key")


def plan_year(start: datetime.date, end: datetime.date) -> int | None:
    """The year whose plan a period is measured against: the period's year when it lies within one calendar year
    (a part of the year is measured against the whole year's plan, not a share of it), else None."""
    return start.year if start.year == end.year else None


def covers_whole_year(start: datetime.date, end: datetime.date) -> bool:
    return start == datetime.date(start.year, 1, 1) and end == datetime.date(start.year, 12, 31)


@dataclass(frozen=True)
class Attainment:
    """A figure against its target: `percent` = value / target, rounded (no cap: above 100 the plan is exceeded)."""

    value: int
    target: int

    @property
    def percent(self) -> int:
        return round(100 * self.value / self.target)


def attainment(values: dict[str, int], targets: dict[str, int]) -> dict[str, Attainment]:
    """{key: Attainment} of each key that has both a figure and a target."""
    return {key: Attainment(values[key], target) for key, target in targets.items() if key in values and target > 0}
