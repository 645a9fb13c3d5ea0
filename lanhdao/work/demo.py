"""Demo tasks for Thành ủy Sông Công: a plan's tasks spread over its departments and communes, in every state, so
the board, the calendar and the reminders have something true to show."""

import datetime
import random

from django.utils import timezone

from lanhdao.accounts.models import User
from lanhdao.documents.demo import ILLUSTRATIVE
from lanhdao.documents.models import Document
from lanhdao.org.models import Unit

from . import services
from .models import Priority, Task

TITLES = [
    "Rà soát, sắp xếp tổ chức bộ máy các cơ quan tham mưu",
    "Xây dựng kế hoạch tinh giản biên chế giai đoạn 2022–2026",
    "Tổ chức hội nghị đối thoại giữa người đứng đầu cấp ủy với nhân dân",
    "Báo cáo kết quả thực hiện quy chế làm việc của cấp ủy",
    "Kiểm tra việc thực hiện nghị quyết tại các chi bộ",
    "Công khai kế hoạch cá nhân thực hiện trách nhiệm nêu gương",
    "Đẩy mạnh ứng dụng công nghệ thông tin trong hoạt động của cơ quan đảng",
    "Tổng hợp ý kiến, kiến nghị của cử tri trước kỳ họp HĐND",
    "Rà soát quy hoạch cán bộ nhiệm kỳ 2025–2030",
    "Sơ kết 5 năm thực hiện Chương trình hành động của Tỉnh ủy",
]


def demo_loaded() -> bool:
    return Task.objects.exists()


def load_demo() -> dict[str, int]:
    rng = random.Random(2026)
    admin = User.objects.get(username="admin")
    city = Unit.objects.get(code="HU165")
    plan = Document.objects.filter(symbol="15-KH/ThU").first()
    leads = list(Unit.objects.filter(code__startswith="HU165-UBND-")) + list(
        Unit.objects.filter(code__in=["DU05506", "DU05509", "DU05512", "DU05515"])
    )
    today = timezone.localdate()
    created = []
    for i in range(36):
        start = today - datetime.timedelta(days=rng.randint(20, 120))
        deadline = today + datetime.timedelta(days=rng.randint(-40, 60))
        deadline = max(deadline, start)
        task = services.task_create(
            actor=admin,
            assigning_unit=city,
            lead_unit=leads[i % len(leads)],
            coordinating_units=[leads[(i + 3) % len(leads)]] if i % 3 == 0 else [],
            title=f"{TITLES[i % len(TITLES)]} ({leads[i % len(leads)].name}){ILLUSTRATIVE}",
            start_date=start,
            deadline=deadline,
            document=plan if i % 2 == 0 else None,
            document_item=f"Mục {1 + i % 4}" if i % 2 == 0 else "",
            priority=rng.choice(list(Priority.values)),
        )
        created.append(task)
        fate = i % 6
        if fate in {1, 2, 3}:
            services.report_progress(
                actor=admin,
                task=task,
                unit=task.lead_unit,
                percent=rng.choice([20, 40, 60, 80]),
                text="Đang triển khai thực hiện.",
            )
        if fate in {2, 3}:
            task = services.propose_completion(actor=admin, task=task, text="Đã hoàn thành nhiệm vụ.")
        if fate == 3:
            services.accept(actor=admin, task=task)
        if fate == 4 and deadline > today:
            task = services.propose_completion(actor=admin, task=task, text="Đề nghị công nhận hoàn thành.")
            services.return_task(actor=admin, task=task, reason="Chưa có số liệu minh chứng; đề nghị bổ sung.")
    monthly = services.task_create(
        actor=admin,
        assigning_unit=city,
        lead_unit=Unit.objects.get(code="HU165-VP"),
        title="Báo cáo tình hình thực hiện nhiệm vụ hằng tháng" + ILLUSTRATIVE,
        start_date=today.replace(day=1),
        recurrence="monthly",
    )
    created.append(monthly)
    return {"tasks": len(created)}
