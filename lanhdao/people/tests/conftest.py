import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from lanhdao.people import services, services_petitions, services_plans

TODAY = timezone.localdate()
D = datetime.timedelta


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Each test starts with no request counted against the public page's limit."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_visit(world):
    """`make_visit(**fields)`: a field visit of district A (alice) to commune A, unless told otherwise."""

    def make(**fields):
        defaults = {
            "actor": world.alice,
            "unit": world.district_a,
            "visited_on": TODAY - D(days=3),
            "visitor": world.alice,
            "place_unit": world.commune_a,
            "purpose": "Nắm tình hình cơ sở",
        }
        return services.field_visit_create(**(defaults | fields))

    return make


@pytest.fixture
def make_dialogue(world):
    def make(**fields):
        defaults = {
            "actor": world.alice,
            "unit": world.district_a,
            "held_on": TODAY - D(days=2),
            "led_by_name": "Chủ tịch UBND huyện",
            "topic": "Đối thoại về đất đai",
            "participants": 80,
        }
        return services.dialogue_create(**(defaults | fields))

    return make


@pytest.fixture
def make_petition(world):
    def make(**fields):
        defaults = {
            "actor": world.alice,
            "receiving_unit": world.district_a,
            "received_on": TODAY - D(days=5),
            "sender": "Ông Nguyễn Văn Hải",
            "subject": "Kiến nghị sửa đường",
            "channel": "post",
        }
        return services_petitions.petition_create(**(defaults | fields))

    return make


@pytest.fixture
def make_plan(world):
    """`make_plan(**fields)`: alice's own plan for district A, last year (so its self-assessment is open)."""

    def make(**fields):
        defaults = {
            "actor": world.alice,
            "unit": world.district_a,
            "leader": world.alice,
            "leader_position": "Bí thư Huyện ủy",
            "year_start": TODAY.year - 1,
            "commitments": ["Đi cơ sở mỗi tháng hai lần", "Tiếp công dân định kỳ"],
        }
        return services_plans.plan_create(**(defaults | fields))

    return make
