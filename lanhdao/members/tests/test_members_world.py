"""Shared by the member tests (imported by each module, so the frozen clock applies to them only): a fixed
today and a world with a second cell in each district and an organisation-board officer of district B."""

import datetime

import pytest
import time_machine

from conftest import add_unit, make_user
from lanhdao.accounts.roles import Role
from lanhdao.org.kinds import UnitKind as K

# The pipeline's dates are checked against today: the member tests run on a fixed day.
TODAY = datetime.date(2026, 3, 10)
D = datetime.timedelta


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 3, 10, 9, tzinfo=datetime.UTC), tick=False) as traveller:
        yield traveller


@pytest.fixture
def more_world(members_world):
    """The members world plus a second cell in commune A (CA2) and an organisation-board officer of district B
    (olgb), who may receive members there."""
    w = members_world
    w.cell_a2 = add_unit(w.commune_a, "CA2", "Chi bộ thôn Hai", K.CELL)
    w.cell_b = add_unit(w.commune_b, "CB1", "Chi bộ thôn Bình", K.CELL)
    w.olgb = make_user("olgb", role=Role.ORGANISATION_BOARD, unit=w.district_b)
    return w


def test_the_members_world_has_one_member_on_each_side(more_world):
    """The fixtures the member tests share: a member in CA1 (district A) and one in XB1 (district B)."""
    assert more_world.member_a.unit == more_world.cell_a and more_world.member_b.unit == more_world.commune_b
    assert datetime.date.today() == TODAY  # noqa: DTZ011  (time-machine froze the clock)
