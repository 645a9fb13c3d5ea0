"""Demo: the review campaigns that draft the reports of the article districts (reports/demo.py records the events
of the seed articles on them): the province committee of Gia Lai reviews Pleiku's term to 21/08/2019 (seed 004), that
of Đà Nẵng Ngũ Hành Sơn's years since 2007 (seed 003); each district's draft has its figures filled from those events.
Loaded right after the reports' demo (campaigns come after reports in INSTALLED_APPS), through the services, as
`admin`.
"""

import datetime

from django.utils import timezone

from lanhdao.accounts.models import User
from lanhdao.org.models import Unit
from lanhdao.reports.demo import NGU_HANH_SON_PERIOD, PLEIKU_PERIOD

from . import services as campaigns
from .models import Campaign, CampaignKind

PROVINCES = ("TU64", "TU48")  # Tỉnh ủy Gia Lai, Thành ủy Đà Nẵng (made by the reports' demo)


def demo_loaded() -> bool:
    return Campaign.objects.filter(unit__code__in=PROVINCES).exists()


def load_demo() -> dict[str, int]:
    if Unit.objects.filter(code__in=PROVINCES).count() < len(PROVINCES):
        return {}  # the reports' demo did not run: there is no article district to review
    return _campaigns(User.objects.get(username="admin"))


PLEIKU_KEYS = [
    "meetings_standing_members",
    "meetings_standing_board",
    "meetings_plenum",
    "meetings_liaison",
    "field_visits",
    "dialogues",
    "reception_days",
]
NGU_HANH_SON_KEYS = ["admissions", "nominations_election", "nominations_appointment", "inspections"]


def _campaigns(admin) -> dict[str, int]:
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    campaigns.campaign_open(
        actor=admin,
        unit=Unit.objects.get(code="TU64"),
        kind=CampaignKind.INTERIM,
        deadline=deadline,
        title="Sơ kết đổi mới phương thức lãnh đạo của Đảng từ đầu nhiệm kỳ 2015 - 2020 đến nay",
        period_start=PLEIKU_PERIOD[0],
        period_end=PLEIKU_PERIOD[1],
        indicator_keys=PLEIKU_KEYS,
    )
    campaigns.campaign_open(
        actor=admin,
        unit=Unit.objects.get(code="TU48"),
        kind=CampaignKind.FINAL,
        deadline=deadline,
        title="Tổng kết 15 năm thực hiện Nghị quyết Trung ương 5 (khóa X) về tiếp tục đổi mới phương thức lãnh đạo "
        "của Đảng đối với hoạt động của hệ thống chính trị",
        period_start=NGU_HANH_SON_PERIOD[0],
        period_end=NGU_HANH_SON_PERIOD[1],
        indicator_keys=NGU_HANH_SON_KEYS,
    )
    return {"campaigns": 2}
