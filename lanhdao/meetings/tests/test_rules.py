import datetime

from lanhdao.meetings.models import Frequency
from lanhdao.meetings.rules import expected_periods, period_of, quorum

d = datetime.date


def test_periods_of_each_frequency():
    assert period_of(d(2026, 5, 17), Frequency.MONTHLY) == (d(2026, 5, 1), d(2026, 5, 31))
    assert period_of(d(2026, 5, 17), Frequency.QUARTERLY) == (d(2026, 4, 1), d(2026, 6, 30))
    assert period_of(d(2026, 11, 17), Frequency.HALF_YEARLY) == (d(2026, 7, 1), d(2026, 12, 31))
    assert period_of(d(2026, 12, 31), Frequency.YEARLY) == (d(2026, 1, 1), d(2026, 12, 31))
    assert period_of(d(2026, 11, 26), Frequency.WEEKLY) == (d(2026, 11, 23), d(2026, 11, 29))
    assert period_of(d(2026, 11, 26), Frequency.AS_NEEDED) is None


def test_liaison_meetings_moved_from_monthly_to_quarterly():
    settings = [(d(2018, 1, 1), Frequency.QUARTERLY), (d(2015, 10, 1), Frequency.MONTHLY)]
    periods = expected_periods(settings, d(2017, 10, 1), d(2018, 12, 31))
    assert len(periods) == 3 + 4  # Oct–Dec 2017 monthly, then four quarters
    assert periods[3] == (d(2018, 1, 1), d(2018, 3, 31), Frequency.QUARTERLY)


def test_nothing_is_expected_before_the_first_setting_or_while_as_needed():
    settings = [(d(2026, 3, 15), Frequency.MONTHLY), (d(2026, 6, 1), Frequency.AS_NEEDED)]
    periods = expected_periods(settings, d(2026, 1, 1), d(2026, 12, 31))
    assert [p[0].month for p in periods] == [4, 5]  # March began before the setting


def test_quorum_rounds_two_thirds_up():
    assert quorum("plenum", member_count=33, members_listed=0, members_present=22).met
    assert not quorum("plenum", member_count=33, members_listed=0, members_present=21).met
    assert quorum("plenum", member_count=None, members_listed=0, members_present=0).met is False
    assert quorum("thematic", member_count=10, members_listed=0, members_present=0).met
