"""Citizen reception: the days a schedule expects, and how they compare with the days held. Pure functions.

A reception day moved within its period (a 15th falling on a Sunday received on Monday the 16th; a Thursday that was
a holiday received on the Friday) still counts for that period: a monthly schedule expects one reception a month,
a weekly one a reception a week. A monthly day past the month's end (the 31st) falls on its last day.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from .models import Frequency, ReceptionDay, ReceptionSchedule

D = datetime.timedelta


def expected_days(schedule: ReceptionSchedule, start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The days `schedule` expects a reception between `start` and `end` (both included), within its validity."""
    first = max(start, schedule.starts_on)
    last = min(end, schedule.ends_on) if schedule.ends_on else end
    if first > last:
        return []
    days: list[datetime.date] = []
    if schedule.frequency == Frequency.WEEKLY:
        day = first + D(days=(schedule.weekday - first.weekday()) % 7)
        while day <= last:
            days.append(day)
            day += D(days=7)
        return days
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        day = datetime.date(year, month, min(schedule.day_of_month, calendar.monthrange(year, month)[1]))
        if first <= day <= last:
            days.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days


def period_of(schedule: ReceptionSchedule, day: datetime.date) -> tuple[int, int]:
    """The period a day belongs to: (year, month) for a monthly schedule, (ISO year, ISO week) for a weekly one."""
    if schedule.frequency == Frequency.WEEKLY:
        iso = day.isocalendar()
        return iso.year, iso.week
    return day.year, day.month


@dataclass
class ExpectedDay:
    expected_on: datetime.date
    held: ReceptionDay | None
    state: str  # "held", "missed", "upcoming"


@dataclass
class Comparison:
    rows: list[ExpectedDay] = field(default_factory=list)
    extra: list[ReceptionDay] = field(default_factory=list)  # held outside any expected period

    @property
    def expected(self) -> int:
        """Expected so far: the upcoming days are not due yet."""
        return sum(1 for r in self.rows if r.state != "upcoming")

    @property
    def held(self) -> int:
        return sum(1 for r in self.rows if r.state == "held")

    @property
    def missed(self) -> int:
        return sum(1 for r in self.rows if r.state == "missed")


def compare(
    schedule: ReceptionSchedule,
    held_days: list[ReceptionDay],
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
) -> Comparison:
    """Each expected day of the range with the day held for its period (if any). A day not yet come is upcoming
    unless already held; one passed without a reception in its period is missed."""
    by_period: dict[tuple[int, int], ReceptionDay] = {}
    for day in sorted(held_days, key=lambda d: d.held_on):
        by_period.setdefault(period_of(schedule, day.held_on), day)
    result = Comparison()
    used: set[int] = set()
    for expected in expected_days(schedule, start, end):
        held = by_period.get(period_of(schedule, expected))
        if held is not None:
            used.add(held.pk)
            result.rows.append(ExpectedDay(expected, held, "held"))
        else:
            state = "upcoming" if expected >= today else "missed"
            result.rows.append(ExpectedDay(expected, None, state))
    result.extra = [d for d in held_days if d.pk not in used]
    return result
