"""Membership badges: who becomes eligible in a year (30, 40, 45 … years from admission, still in the Party, not yet
awarded that badge), and the bulk award."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import make_member
from lanhdao.audit.models import AuditEntry
from lanhdao.members import selectors
from lanhdao.members import selectors_evaluations as ev
from lanhdao.members import services_evaluations as se
from lanhdao.members.models import BadgeAward, EndReason

from . import test_members_world as shared
from .test_members_world import TODAY

frozen_today, more_world = shared.frozen_today, shared.more_world  # the shared fixtures, in this module

day = datetime.date


@pytest.fixture
def veterans(more_world):
    w = more_world
    w.thirty = make_member(w.cell_a, "Ba mươi năm", admitted_on=day(1996, 11, 20))
    w.forty = make_member(w.cell_a, "Bốn mươi năm", admitted_on=day(1986, 1, 3))
    w.almost = make_member(w.cell_a, "Hai mươi chín năm", admitted_on=day(1997, 1, 1))
    w.left = make_member(
        w.cell_a,
        "Đã ra khỏi Đảng",
        admitted_on=day(1996, 5, 1),
        ended_on=day(2020, 1, 1),
        end_reason=EndReason.RESIGNED,
    )
    w.far = make_member(w.commune_b, "Huyện khác", admitted_on=day(1996, 2, 2))
    return w


def test_who_becomes_eligible_for_a_badge_this_year(veterans):
    w = veterans
    eligible = ev.badge_eligible(selectors.in_subtree(selectors.members_for(w.olga), w.district_a), 2026)
    assert [(m, m.badge_years) for m in eligible] == [(w.forty, 40), (w.thirty, 30)]
    assert [m.full_name for m in ev.badge_eligible(selectors.members_for(w.charlie), 2026)] == ["Huyện khác"]
    assert list(ev.badge_eligible(selectors.members_for(w.olga), 2027)) == [w.almost]


def test_badges_are_awarded_at_once_and_not_twice(veterans):
    w = veterans
    awarded = se.badges_award(
        actor=w.olga, members=[w.thirty, w.forty], year=2026, awarded_on=TODAY, decision="100-QĐ/TU"
    )
    assert sorted(b.years for b in awarded) == [30, 40]
    assert AuditEntry.objects.filter(content_type__model="badgeaward", action="create").count() == 2
    assert not ev.badge_eligible(selectors.members_for(w.olga), 2026).exists()
    with pytest.raises(ValidationError):
        se.badges_award(actor=w.olga, members=[w.thirty], year=2026, awarded_on=TODAY)
    assert BadgeAward.objects.count() == 2


def test_a_badge_award_is_all_or_nothing(veterans):
    w = veterans
    with pytest.raises(ValidationError) as error:
        se.badges_award(actor=w.olga, members=[w.thirty, w.almost], year=2026, awarded_on=TODAY)
    assert "Hai mươi chín năm" in str(error.value)
    with pytest.raises(PermissionDenied):
        se.badges_award(actor=w.bob, members=[w.thirty], year=2026, awarded_on=TODAY)
    assert not BadgeAward.objects.exists()
