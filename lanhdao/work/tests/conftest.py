import datetime

import pytest

from lanhdao.work import services

TODAY = datetime.date(2026, 3, 10)


@pytest.fixture
def make_task(world):
    """`make_task(**fields)`: a task assigned by district A (alice) to commune A, unless told otherwise."""

    def make(**fields):
        defaults = {
            "actor": world.alice,
            "assigning_unit": world.district_a,
            "lead_unit": world.commune_a,
            "title": "Xây dựng kế hoạch thực hiện nghị quyết",
            "start_date": TODAY - datetime.timedelta(days=10),
            "deadline": TODAY + datetime.timedelta(days=30),
        }
        return services.task_create(**(defaults | fields))

    return make
