"""Demo work with the people for Thành ủy Sông Công, shaped on seed 004: 27 field visits by the standing members
since the start of the term, 5 dialogues by the committee and the People's Council and 30+ by the People's
Committee's leaders, citizen reception on the 15th of each month (and every Thursday in one ward), petitions in every
state, and the personal plans of the city secretary and the ward and commune secretaries, most of them published.

Every record goes through the services (so it is audited, and findings become real tasks). The names of the ward and
commune secretaries are invented for the demo.
"""

import datetime
import random

from django.utils import timezone

from lanhdao.accounts.models import User
from lanhdao.org.kinds import UnitKind
from lanhdao.org.models import Unit

from . import services, services_petitions, services_plans
from .models import CommitmentPlan, Frequency, PeriodKind, ReceptionDay, Result, Weekday

D = datetime.timedelta
TERM_START = datetime.date(2025, 10, 15)

PURPOSES = [
    "Nắm tình hình thực hiện nhiệm vụ chính trị của địa phương",
    "Kiểm tra tiến độ chỉnh trang hạ tầng đô thị, giải phóng mặt bằng",
    "Làm việc về công tác xây dựng Đảng và sinh hoạt chi bộ",
    "Nắm tình hình đời sống nhân dân, an sinh xã hội",
    "Kiểm tra việc giải quyết kiến nghị của cử tri",
]
FINDINGS = [
    "Tiến độ giải phóng mặt bằng tuyến đường nội thị còn chậm",
    "Sinh hoạt chi bộ định kỳ chưa đều, nội dung còn đơn điệu",
    "Nhiều hộ dân phản ánh ngập úng cục bộ khi mưa lớn",
    "Việc thu gom rác thải tại khu dân cư chưa kịp thời",
    "Hồ sơ đất đai của một số hộ tồn đọng kéo dài",
    "Công tác phát triển đảng viên mới trong thanh niên còn ít",
]
TOPICS = [
    "Đối thoại về bồi thường, hỗ trợ giải phóng mặt bằng",
    "Đối thoại với đoàn viên thanh niên về khởi nghiệp",
    "Đối thoại về vệ sinh môi trường khu dân cư",
    "Đối thoại với hộ kinh doanh về thủ tục hành chính",
    "Đối thoại về cấp giấy chứng nhận quyền sử dụng đất",
    "Đối thoại với người lao động khu công nghiệp",
]
ISSUES = [
    "Đề nghị công khai phương án bồi thường từng hộ",
    "Đề nghị rút ngắn thời gian giải quyết hồ sơ đất đai",
    "Đề nghị bố trí thêm điểm tập kết rác",
    "Đề nghị hỗ trợ vốn vay cho thanh niên khởi nghiệp",
]
SUBJECTS = [
    "Kiến nghị sửa chữa đường giao thông tổ dân phố",
    "Phản ánh ô nhiễm tiếng ồn từ cơ sở sản xuất",
    "Khiếu nại về mức bồi thường đất nông nghiệp",
    "Đề nghị cấp giấy chứng nhận quyền sử dụng đất",
    "Phản ánh tình trạng lấn chiếm vỉa hè",
    "Kiến nghị về chế độ chính sách người có công",
]
SENDERS = ["Ông Nguyễn Văn Hải", "Bà Trần Thị Lan", "Ông Lê Văn Minh", "Các hộ dân tổ dân phố số 3", "Bà Đỗ Thị Hoa"]
SECRETARIES = [
    "Nguyễn Văn Bình",
    "Trần Thị Hương",
    "Lê Quang Dũng",
    "Phạm Văn Thắng",
    "Hoàng Thị Mai",
    "Đặng Văn Long",
    "Vũ Thị Ngọc",
    "Bùi Văn Tuấn",
    "Ngô Thị Thu",
    "Đinh Văn Khải",
]
COMMITMENTS = [
    "Gương mẫu chấp hành chủ trương của Đảng, chính sách, pháp luật của Nhà nước và quy định nơi cư trú",
    "Mỗi tháng ít nhất hai lần đi cơ sở, nắm tình hình và giải quyết kịp thời kiến nghị của nhân dân",
    "Trực tiếp tiếp công dân định kỳ và đối thoại với nhân dân ít nhất hai lần trong năm",
    "Không để xảy ra đơn thư vượt cấp, khiếu kiện đông người kéo dài thuộc thẩm quyền",
    "Kê khai tài sản, thu nhập trung thực; không để người thân lợi dụng chức vụ, vị trí công tác của mình",
]


def demo_loaded() -> bool:
    return CommitmentPlan.objects.filter(unit__code="HU165").exists()


def _past(day: datetime.date, today: datetime.date) -> datetime.date:
    return min(day, today)


def load_demo() -> dict[str, int]:
    w = _World()
    return {
        "field visits": _field_visits(w),
        "dialogues": _dialogues(w),
        "reception days": _reception_days(w),
        "petitions": _petitions(w),
        "plans": _plans(w),
    }


class _World:
    """Who writes the demo, the units it writes for and its random source, shared by its stages."""

    def __init__(self):
        self.rng = random.Random(165)
        self.today = timezone.localdate()
        self.admin = User.objects.get(username="admin")
        self.secretary = User.objects.get(username="bithu.songcong")
        self.standing = User.objects.get(username="thuongvu.songcong")
        self.city = Unit.objects.get(code="HU165")
        self.council = Unit.objects.get(code="HU165-HDND")
        self.ubnd = Unit.objects.get(code="HU165-UBND")
        self.departments = list(Unit.objects.filter(code__startswith="HU165-UBND-").order_by("code"))
        self.communes = list(
            Unit.objects.filter(
                path__startswith=self.city.path, depth=self.city.depth + 1, kind=UnitKind.COMMUNE_COMMITTEE
            ).order_by("code")
        )


def _field_visits(w: _World) -> int:
    """27 field visits of the standing members since the start of the term; findings become tasks of the
    committee; returns how many."""
    made = 0
    span = (w.today - TERM_START).days
    for i in range(27):
        day = TERM_START + D(days=span * i // 27)
        commune = w.communes[i % len(w.communes)]
        findings = []
        for j in range(1 + i % 3):
            text = FINDINGS[(i + j) % len(FINDINGS)]
            with_task = (i + j) % 2 == 0
            deadline = day + D(days=w.rng.choice([30, 45, 60, 90]))
            findings.append(
                {"text": text, "lead_unit": commune if with_task else None, "deadline": deadline if with_task else None}
            )
        services.field_visit_create(
            actor=w.admin,
            unit=w.city,
            visited_on=day,
            visitor=w.secretary if i % 3 else w.standing,
            place_unit=commune,
            purpose=PURPOSES[i % len(PURPOSES)],
            summary="Đồng chí chủ trì nghe báo cáo, kết luận và giao nhiệm vụ.",
            findings=findings,
        )
        made += 1
    return made


def _dialogues(w: _World) -> int:
    """5 dialogues by the standing members and the People's Council, 32 by the People's Committee's leaders;
    returns how many."""
    made = 0
    span = (w.today - TERM_START).days
    for i in range(37):
        unit = (w.city, w.council)[i % 2] if i < 5 else w.ubnd
        day = TERM_START + D(days=span * i // 37 + 3)
        issues = []
        if unit == w.ubnd and i % 4 == 0:
            issues = [
                {
                    "text": ISSUES[i % len(ISSUES)],
                    "lead_unit": w.departments[i % len(w.departments)],
                    "deadline": day + D(days=45),
                }
            ]
        elif i % 3 == 0:
            issues = [{"text": ISSUES[(i + 1) % len(ISSUES)]}]
        services.dialogue_create(
            actor=w.admin,
            unit=unit,
            held_on=day,
            topic=TOPICS[i % len(TOPICS)],
            participants=w.rng.randint(40, 220),
            led_by=w.secretary if unit == w.city else None,
            led_by_name=""
            if unit == w.city
            else ("Chủ tịch HĐND thành phố" if unit == w.council else "Chủ tịch UBND thành phố"),
            place=f"Nhà văn hóa {w.communes[i % len(w.communes)].name.split(' ', 2)[-1]}",
            findings=issues,
        )
        made += 1
    return made


def _reception_days(w: _World) -> int:
    """Citizen reception: the People's Council's standing members on the 15th of each month; one ward every
    Thursday; returns how many."""
    made = 0
    monthly = services.schedule_create(
        actor=w.admin,
        unit=w.council,
        frequency=Frequency.MONTHLY,
        day_of_month=15,
        starts_on=datetime.date(2025, 1, 1),
        receivers="Thường trực HĐND thành phố",
        place="Trụ sở Tiếp công dân thành phố",
    )
    day = datetime.date(2025, 1, 15)
    while day <= w.today:
        held = day + D(days={5: 2, 6: 1}.get(day.weekday(), 0))  # a 15th on a weekend is received on the Monday
        if day != datetime.date(2026, 2, 15) and held <= w.today:  # Tết: not held that month
            services.reception_day_create(
                actor=w.admin,
                unit=w.council,
                schedule=monthly,
                held_on=held,
                received_by_name="Đ/c Phó Chủ tịch HĐND thành phố",
                cases=w.rng.randint(2, 14),
            )
            made += 1
        day = (day.replace(day=1) + D(days=32)).replace(day=15)
    ward = w.communes[2]
    weekly = services.schedule_create(
        actor=w.admin,
        unit=ward,
        frequency=Frequency.WEEKLY,
        weekday=Weekday.THURSDAY,
        starts_on=w.today - D(days=70),
        receivers="Bí thư Đảng ủy phường",
        place="Trụ sở Đảng ủy phường",
    )
    day = weekly.starts_on + D(days=(3 - weekly.starts_on.weekday()) % 7)
    while day < w.today:
        if day.isocalendar().week % 5:
            services.reception_day_create(
                actor=w.admin,
                unit=ward,
                schedule=weekly,
                held_on=day,
                received_by_name=f"Đ/c {SECRETARIES[2]}",
                cases=w.rng.randint(0, 5),
            )
            made += 1
        day += D(days=7)
    return made


def _petitions(w: _World) -> int:
    """Petitions: answered on time, answered late, overdue, due soon, open; returns how many."""
    made = 0
    last_reception = ReceptionDay.objects.filter(unit=w.council).order_by("-held_on").first()
    for i in range(30):
        received = w.today - D(days=[3, 10, 25, 40, 60, 90][i % 6] + i)
        receiving = (w.city, w.ubnd)[i % 2]
        assignee = w.communes[i % len(w.communes)] if receiving == w.city else w.departments[i % len(w.departments)]
        petition = services_petitions.petition_create(
            actor=w.admin,
            receiving_unit=receiving,
            received_on=received,
            sender=SENDERS[i % len(SENDERS)],
            sender_contact="Tổ dân phố số 3, phường Mỏ Chè",
            subject=SUBJECTS[i % len(SUBJECTS)],
            content="Nội dung đơn (dữ liệu minh họa).",
            channel=["post", "in_person", "email", "phone"][i % 4],
            kind=["recommendation", "recommendation", "complaint", "denunciation"][i % 4],
            assigned_unit=assignee if i % 5 else None,
        )
        fate = i % 4
        if fate in {0, 1} and received + D(days=5) <= w.today:
            answered = _past(petition.deadline + D(days=-5 if fate == 0 else 6), w.today)
            services_petitions.petition_answer(
                actor=w.admin,
                petition=petition,
                answered_on=max(answered, received),
                answer="Đã xem xét, trả lời công dân bằng văn bản (dữ liệu minh họa).",
            )
        made += 1
    if last_reception is not None:
        services_petitions.petition_create(
            actor=w.admin,
            receiving_unit=w.council,
            received_on=last_reception.held_on,
            sender=SENDERS[0],
            subject="Kiến nghị tại buổi tiếp công dân định kỳ",
            channel="in_person",
            reception_day=last_reception,
        )
        made += 1
    return made


def _plans(w: _World) -> int:
    """Personal plans: the city secretary's (2025 assessed and published; this year published) and the
    communes'; returns how many."""
    made = 0
    for year in (w.today.year - 1, w.today.year):
        plan = services_plans.plan_create(
            actor=w.secretary,
            unit=w.city,
            year_start=year,
            leader=w.secretary,
            commitments=COMMITMENTS,
            internal_note="Ghi chú nội bộ: không công khai.",
        )
        services_plans.plan_publish(actor=w.secretary, plan=plan)
        if year < w.today.year:
            results = {
                c.pk: (Result.ACHIEVED if c.position != 4 else Result.PARTLY, "Đã thực hiện.")
                for c in plan.commitments.all()
            }
            services_plans.plan_assess(
                actor=w.secretary, plan=plan, summary="Cơ bản hoàn thành các cam kết.", results=results
            )
            services_plans.plan_publish_assessment(actor=w.secretary, plan=plan)
        made += 1
    for i, commune in enumerate(w.communes):
        plan = services_plans.plan_create(
            actor=w.admin,
            unit=commune,
            year_start=w.today.year,
            leader_name=SECRETARIES[i % len(SECRETARIES)],
            leader_position=f"Bí thư {commune.name}",
            commitments=COMMITMENTS[: 3 + i % 3],
        )
        if i % 4 != 3:  # a few are still drafts
            services_plans.plan_publish(actor=w.admin, plan=plan)
        made += 1
    services_plans.plan_create(
        actor=w.admin,
        unit=w.city,
        period_kind=PeriodKind.TERM,
        year_start=2025,
        year_end=2030,
        leader=w.standing,
        commitments=COMMITMENTS[:4],
    )
    made += 1
    return made
