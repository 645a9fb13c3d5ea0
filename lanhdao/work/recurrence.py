"""Periods of recurring tasks: a monthly task is due at the end of each month, quarterly at the end of each quarter,
yearly at the end of each year."""

import calendar
import datetime

from .models import Recurrence


def period_end(day: datetime.date, recurrence: str) -> datetime.date:
    if recurrence == Recurrence.MONTHLY:
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if recurrence == Recurrence.QUARTERLY:
        last_month = ((day.month - 1) // 3 + 1) * 3
        return datetime.date(day.year, last_month, calendar.monthrange(day.year, last_month)[1])
    if recurrence == Recurrence.YEARLY:
        return datetime.date(day.year, 12, 31)
    raise ValueError(recurrence)


def next_period(start: datetime.date, deadline: datetime.date, recurrence: str) -> tuple[datetime.date, datetime.date]:
    """(start, deadline) of the period after the one ending at `deadline`."""
    first = deadline + datetime.timedelta(days=1)
    return first, period_end(first, recurrence)
