import datetime

import pytest
from django.utils import timezone

from conftest import add_unit
from lanhdao.meetings import services, services_state
from lanhdao.meetings.models import Matter, MeetingKind
from lanhdao.org.kinds import UnitKind as K

TODAY = timezone.localdate()
D = datetime.timedelta


@pytest.fixture
def bodies(world):
    """District A's Standing Board and Executive Committee, and its People's Council."""
    return {
        "btv": add_unit(world.district_a, "HA-BTV", "Ban Thường vụ Huyện ủy An", K.STANDING_BOARD),
        "bch": add_unit(world.district_a, "HA-BCH", "Ban Chấp hành Đảng bộ huyện An", K.EXECUTIVE_COMMITTEE),
        "hdnd": add_unit(world.district_a, "HA-HDND", "Hội đồng nhân dân huyện An", K.PEOPLES_COUNCIL),
    }


@pytest.fixture
def make_meeting(world):
    """`make_meeting(**fields)`: a plenum of district A held ten days ago, recorded by alice, unless told otherwise."""

    def make(**fields):
        defaults = {
            "actor": world.alice,
            "unit": world.district_a,
            "kind": MeetingKind.PLENUM,
            "date": TODAY - D(days=10),
            "title": "Hội nghị Ban Chấp hành lần thứ 5",
        }
        return services.meeting_create(**(defaults | fields))

    return make


@pytest.fixture
def make_submission(world):
    """`make_submission(**fields)`: a budget submission of district A's People's Committee to the district
    committee, sent five days ago, the opinion due in ten days."""

    def make(**fields):
        defaults = {
            "actor": world.alice,
            "from_unit": world.ubnd_a,
            "to_unit": world.district_a,
            "matter": Matter.BUDGET,
            "title": "Tờ trình về dự toán ngân sách huyện",
            "symbol": "25/TTr-UBND",
            "sent_on": TODAY - D(days=5),
            "opinion_due": TODAY + D(days=10),
        }
        return services_state.submission_create(**(defaults | fields))

    return make
