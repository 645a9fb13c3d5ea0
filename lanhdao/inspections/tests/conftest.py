import datetime

import pytest
from django.utils import timezone

from lanhdao.inspections import services
from lanhdao.inspections.models import InspectionKind

TODAY = timezone.localdate()
D = datetime.timedelta


@pytest.fixture
def make_inspection(world):
    """`make_inspection(**fields)`: an inspection by district A (alice) of commune A that started ten days ago,
    unless told otherwise."""

    def make(**fields):
        defaults = {
            "actor": world.alice,
            "unit": world.district_a,
            "kind": InspectionKind.INSPECTION,
            "subject_unit": world.commune_a,
            "title": "Kiểm tra việc thực hiện quy chế làm việc",
            "starts_on": TODAY - D(days=10),
            "team": "Đ/c Trưởng đoàn\nĐ/c Thành viên",
        }
        return services.inspection_create(**(defaults | fields))

    return make


@pytest.fixture
def make_concluded(world, make_inspection):
    """`make_concluded(recommendations=[...], **fields)`: an inspection concluded yesterday."""

    def make(recommendations=(), violation_found=False, **fields):
        inspection = make_inspection(**fields)
        return services.inspection_conclude(
            actor=world.alice,
            inspection=inspection,
            conclusion="Thực hiện cơ bản nghiêm túc.",
            concluded_on=TODAY - D(days=1),
            violation_found=violation_found,
            recommendations=recommendations,
        )

    return make
