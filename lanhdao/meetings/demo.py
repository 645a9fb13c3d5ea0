"""Demo meetings, submissions and responsibility assignments for Thành ủy Sông Công (HU165): a year of meetings of
its bodies, with one plenum short of its quorum and one month without a Standing-Board meeting; liaison meetings
moved from monthly to quarterly (seed 004); a conclusion whose points became tasks; submissions of the People's
Committee and Council in every state. All of it is illustrative, written through the services."""

import datetime

from django.utils import timezone

from lanhdao.accounts.models import User
from lanhdao.documents import services as document_services
from lanhdao.org.models import Unit

from . import services, services_state
from .models import Frequency, Matter, Meeting, MeetingKind, Outcome
from .services import PointSpec

D = datetime.timedelta
TERM_START = datetime.date(2015, 10, 1)
EXTRA_NAMES = [
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Văn Cường",
    "Phạm Thị Dung",
    "Hoàng Văn Em",
    "Vũ Thị Giang",
    "Đặng Văn Hải",
    "Bùi Thị Hoa",
    "Đỗ Văn Khánh",
    "Hồ Thị Lan",
    "Ngô Văn Minh",
    "Dương Thị Nga",
    "Lý Văn Phúc",
    "Mai Thị Quyên",
    "Trịnh Văn Sơn",
    "Đinh Thị Tâm",
    "Tạ Văn Thắng",
    "Cao Thị Uyên",
    "Lâm Văn Việt",
    "Kiều Thị Xuân",
    "Phan Văn Yên",
    "Triệu Thị Ánh",
    "Quách Văn Bảo",
    "Tô Thị Cúc",
    "Lục Văn Đức",
    "Hà Thị Gấm",
    "Khổng Văn Hùng",
    "Mạc Thị Loan",
    "Ông Văn Nam",
    "Chu Thị Oanh",
]


def demo_loaded() -> bool:
    return Meeting.objects.exists()


def _month_day(today: datetime.date, months_ago: int, day: int) -> datetime.date:
    month = today.month - months_ago
    year = today.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return datetime.date(year, month, day)


def load_demo() -> dict[str, int]:
    admin = User.objects.get(username="admin")
    units = {u.code: u for u in Unit.objects.filter(code__startswith="HU165")}
    units |= {u.code: u for u in Unit.objects.filter(code__in=["DU05506", "DU05509", "DU05512", "DU05515"])}
    cell = Unit.objects.get(code="DU05512-CB01")
    city, btv, bch, tt = units["HU165"], units["HU165-BTV"], units["HU165-BCH"], units["HU165-TT"]
    people = {u.username: u for u in User.objects.filter(username__endswith=".songcong")}
    secretary, standing = people["bithu.songcong"], people["thuongvu.songcong"]
    today = timezone.localdate()
    counts = {"meetings": 0, "submissions": 0, "assignments": 0, "tasks": 0}

    def meeting(unit, kind, date, **fields):
        counts["meetings"] += 1
        return services.meeting_create(actor=admin, unit=unit, kind=kind, date=date, **fields)

    for unit, kind, frequency in [
        (btv, MeetingKind.STANDING_BOARD, Frequency.MONTHLY),
        (tt, MeetingKind.STANDING_MEMBERS, Frequency.MONTHLY),
        (bch, MeetingKind.PLENUM, Frequency.QUARTERLY),
        (city, MeetingKind.LIAISON, Frequency.MONTHLY),
        (cell, MeetingKind.CELL_MONTHLY, Frequency.MONTHLY),
    ]:
        services.frequency_set(actor=admin, unit=unit, kind=kind, frequency=frequency, effective_from=TERM_START)
    services.frequency_set(
        actor=admin,
        unit=city,
        kind=MeetingKind.LIAISON,
        frequency=Frequency.QUARTERLY,
        effective_from=datetime.date(2018, 1, 1),
        note="Quy chế làm việc sửa đổi: giao ban hằng quý",
    )

    # A year of regular meetings; the Standing Board skipped one month (the schedule shows it).
    for months_ago in range(11, 0, -1):
        if months_ago != 4:
            meeting(btv, MeetingKind.STANDING_BOARD, _month_day(today, months_ago, 10), chair=secretary)
        meeting(tt, MeetingKind.STANDING_MEMBERS, _month_day(today, months_ago, 3), chair=secretary)
        if months_ago <= 5:
            meeting(cell, MeetingKind.CELL_MONTHLY, _month_day(today, months_ago, 5), chair_name="Ngô Thị Chi")
        if months_ago % 3 == 0:
            meeting(
                city,
                MeetingKind.LIAISON,
                _month_day(today, months_ago, 20),
                title="Giao ban quý với MTTQ và các đoàn thể",
            )
            plenum = meeting(
                bch,
                MeetingKind.PLENUM,
                _month_day(today, months_ago, 25),
                chair=secretary,
                member_count=33,
                title=f"Hội nghị Ban Chấp hành Đảng bộ thành phố lần thứ {20 - months_ago // 3}",
            )
            invited = services.participants_add(
                actor=admin, meeting=plenum, users=[secretary, standing], names=EXTRA_NAMES
            )
            short = months_ago == 3  # the last plenum lacked its quorum: 20 of 33 present
            present = [p.pk for p in invited[: 20 if short else 30]]
            services.attendance_record(actor=admin, meeting=plenum, present_ids=present)
    meeting(
        units["HU165-HDND"], MeetingKind.COUNCIL_SESSION, _month_day(today, 6, 15), title="Kỳ họp thường lệ giữa năm"
    )
    meeting(
        units["HU165-UBND"], MeetingKind.PEOPLES_COMMITTEE, _month_day(today, 2, 8), title="Phiên họp UBND thường kỳ"
    )
    cancelled = meeting(city, MeetingKind.THEMATIC, _month_day(today, 2, 28), title="Hội nghị chuyên đề chuyển đổi số")
    services.meeting_cancel(actor=admin, meeting=cancelled, reason="Lùi sang quý sau theo chỉ đạo của Tỉnh ủy")
    # Planned
    meeting(btv, MeetingKind.STANDING_BOARD, _month_day(today, -1, 10), chair=secretary, location="Phòng họp Thành ủy")
    meeting(bch, MeetingKind.PLENUM, _month_day(today, -2, 25), chair=secretary, member_count=33)
    meeting(city, MeetingKind.REVIEW, today + D(days=12), title="Hội nghị sơ kết công tác 6 tháng")

    budget = _submissions(admin, btv, units, today, counts)

    counts["tasks"] = _last_standing_board(admin, units, people, budget, today)

    counts["assignments"] = _responsibilities(admin, units, secretary, standing)
    return counts


def _submissions(admin, btv: Unit, units: dict[str, Unit], today: datetime.date, counts: dict):
    """Submissions of the State bodies to the Standing Board; returns the budget one, heard at its last meeting."""
    ubnd, hdnd = units["HU165-UBND"], units["HU165-HDND"]

    def submission(from_unit, matter, title, sent_ago, due_in, **fields):
        counts["submissions"] += 1
        return services_state.submission_create(
            actor=admin,
            from_unit=from_unit,
            to_unit=btv,
            matter=matter,
            title=title,
            sent_on=today - D(days=sent_ago),
            opinion_due=today - D(days=sent_ago) + D(days=due_in),
            **fields,
        )

    budget = submission(
        ubnd, Matter.BUDGET, "Tờ trình về điều chỉnh dự toán ngân sách thành phố", 70, 40, symbol="112/TTr-UBND"
    )
    submission(
        ubnd,
        Matter.PROGRAMME,
        "Tờ trình về Chương trình phát triển đô thị giai đoạn 2026–2030",
        5,
        15,
        symbol="131/TTr-UBND",
    )
    submission(
        ubnd, Matter.PERSONNEL, "Tờ trình về nhân sự Trưởng phòng Tài chính - Kế hoạch", 30, 14, symbol="125/TTr-UBND"
    )
    unheard = submission(
        hdnd, Matter.OTHER, "Tờ trình về chương trình giám sát năm của HĐND thành phố", 70, 15, symbol="18/TTr-HĐND"
    )
    services_state.decision_record(actor=admin, submission=unheard, decided_on=today - D(days=60))
    withdrawn = submission(ubnd, Matter.OTHER, "Tờ trình về đặt tên đường (bản cũ)", 20, 20, symbol="120/TTr-UBND")
    services_state.submission_withdraw(actor=admin, submission=withdrawn, reason="UBND rút để bổ sung hồ sơ")
    return budget


def _last_standing_board(admin, units: dict[str, Unit], people: dict, budget, today: datetime.date) -> int:
    """The last Standing-Board meeting: agenda, participants, minutes, conclusion notice → tasks (how many)."""
    city, btv = units["HU165"], units["HU165-BTV"]
    secretary, standing = people["bithu.songcong"], people["thuongvu.songcong"]
    last_btv = Meeting.objects.filter(unit=btv, date__lte=today, cancelled_at__isnull=True).order_by("-date").first()
    plan = document_services.document_create(
        actor=admin,
        owner=city,
        symbol="45-TB/ThU",
        issued_on=last_btv.date + D(days=2),
        term=1,
        title="Thông báo kết luận của Ban Thường vụ Thành ủy tại hội nghị thường kỳ (dữ liệu minh họa)",
    )
    services.agenda_add(actor=admin, meeting=last_btv, text="", submission=budget)
    services.agenda_add(
        actor=admin, meeting=last_btv, text="Tình hình thực hiện nhiệm vụ tháng và phương hướng tháng tới"
    )
    invited = services.participants_add(
        actor=admin, meeting=last_btv, users=[secretary, standing], names=EXTRA_NAMES[:9]
    )
    services.participants_add(actor=admin, meeting=last_btv, users=[people["vanphong.songcong"]], is_member=False)
    services.attendance_record(actor=admin, meeting=last_btv, present_ids=[p.pk for p in invited[:10]])
    services.meeting_update(
        actor=admin,
        meeting=last_btv,
        data={
            "minutes": "Hội nghị nghe báo cáo tình hình tháng; cho ý kiến về Tờ trình 112/TTr-UBND; thống nhất "
            "giao nhiệm vụ cụ thể cho các cơ quan, đơn vị."
        },
    )
    points = services.conclusion_record(
        actor=admin,
        meeting=last_btv,
        document=plan,
        issued_on=last_btv.date + D(days=2),
        text="Ban Thường vụ Thành ủy thống nhất điều chỉnh dự toán; giao các cơ quan triển khai các nội dung sau.",
        points=[
            PointSpec(
                "Hoàn thiện phương án điều chỉnh dự toán, trình HĐND tại kỳ họp gần nhất",
                units["HU165-UBND"],
                today + D(days=20),
            ),
            PointSpec("Rà soát, sắp xếp biên chế các phòng chuyên môn", units["HU165-UBND-02"], today + D(days=45)),
            PointSpec("Kiện toàn tổ chức và hoạt động các chi bộ tổ dân phố", units["DU05512"], today + D(days=30)),
        ],
    )
    services_state.opinion_give(
        actor=admin,
        submission=budget,
        text="Đồng ý về chủ trương; UBND hoàn thiện hồ sơ trình HĐND.",
        outcome=Outcome.AGREED_WITH_CHANGES,
        given_on=last_btv.date,
        meeting=last_btv,
    )
    return len(points)


def _responsibilities(admin, units: dict[str, Unit], secretary, standing) -> int:
    """Responsibility of the standing members for grassroots organisations; returns how many assignments."""
    city = units["HU165"]
    made = 0
    for member, code in [(standing, "DU05509"), (standing, "DU05512"), (secretary, "DU05506")]:
        services_state.responsibility_assign(
            actor=admin, committee=city, member=member, unit=units[code], starts_on=TERM_START
        )
        made += 1
    services_state.responsibility_assign(
        actor=admin,
        committee=city,
        member=secretary,
        unit=units["DU05515"],
        starts_on=TERM_START,
        ends_on=datetime.date(2020, 9, 30),
        note="Nhiệm kỳ 2015–2020",
    )
    made += 1
    return made
