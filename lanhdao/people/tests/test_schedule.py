"""Citizen reception: the days a schedule expects, and the comparison with the days held."""

import datetime

from lanhdao.people.models import ReceptionDay, ReceptionSchedule
from lanhdao.people.schedule import compare, expected_days

D = datetime.date


def monthly(day=15, **kw):
    return ReceptionSchedule(frequency="monthly", day_of_month=day, starts_on=kw.pop("starts_on", D(2026, 1, 1)), **kw)


def weekly(weekday=3, **kw):
    return ReceptionSchedule(frequency="weekly", weekday=weekday, starts_on=kw.pop("starts_on", D(2026, 1, 1)), **kw)


def test_the_15th_of_each_month():
    days = expected_days(monthly(), D(2026, 1, 1), D(2026, 12, 31))
    assert len(days) == 12 and all(d.day == 15 for d in days)


def test_a_day_past_the_end_of_the_month_falls_on_its_last_day():
    days = expected_days(monthly(31), D(2026, 1, 1), D(2026, 4, 30))
    assert days == [D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 31), D(2026, 4, 30)]
    assert expected_days(monthly(30), D(2028, 2, 1), D(2028, 2, 29)) == [D(2028, 2, 29)]  # leap year


def test_every_thursday_within_the_validity_of_the_schedule():
    schedule = weekly(starts_on=D(2026, 3, 1), ends_on=D(2026, 3, 31))
    days = expected_days(schedule, D(2026, 1, 1), D(2026, 12, 31))
    assert days == [D(2026, 3, 5), D(2026, 3, 12), D(2026, 3, 19), D(2026, 3, 26)]
    assert all(d.weekday() == 3 for d in days)


def test_a_schedule_not_yet_in_force_expects_nothing():
    assert expected_days(monthly(starts_on=D(2027, 1, 1)), D(2026, 1, 1), D(2026, 12, 31)) == []


def held(pk, day):
    return ReceptionDay(pk=pk, held_on=day, cases=1)


def test_held_missed_upcoming_and_a_day_moved_within_its_month():
    # the 15th of March 2026 is a Sunday: received on Monday the 16th, it counts for March
    days = [held(1, D(2026, 1, 15)), held(2, D(2026, 3, 16)), held(3, D(2026, 3, 2))]
    result = compare(monthly(), days, D(2026, 1, 1), D(2026, 5, 31), today=D(2026, 4, 20))
    assert [(r.expected_on.month, r.state) for r in result.rows] == [
        (1, "held"),
        (2, "missed"),
        (3, "held"),
        (4, "missed"),
        (5, "upcoming"),
    ]
    assert result.rows[2].held.pk == 3  # the first reception of the month counts; the other is extra
    assert [d.pk for d in result.extra] == [2]
    assert (result.expected, result.held, result.missed) == (4, 2, 2)


def test_a_weekly_reception_moved_to_the_friday_counts_for_its_week():
    result = compare(weekly(), [held(1, D(2026, 1, 9))], D(2026, 1, 5), D(2026, 1, 18), today=D(2026, 1, 20))
    assert [r.state for r in result.rows] == ["held", "missed"]


def test_today_is_still_upcoming_until_recorded():
    result = compare(monthly(), [], D(2026, 4, 1), D(2026, 4, 30), today=D(2026, 4, 15))
    assert result.rows[0].state == "upcoming" and result.expected == 0
