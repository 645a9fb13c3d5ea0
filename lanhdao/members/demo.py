"""Demo party members of Thành ủy Sông Công (HU165): a few hundred people in its cells and grassroots cells, in every
stage of the pipeline (candidates, trained, proposed, probationary — one whose probation ended without a decision —,
full members, some who left), a transfer to another district received and one within the city still pending, the
classifications of 2021–2025 (some members and cells excellent five years in a row), awards, badges awarded in past
years and some due this year. The cadre work (lanhdao.cadres.demo) follows on these members.

Every record goes through the services, as `tochuc.tinh` (organisation board of the province, who may see and keep
the personal records) or `bithu.chibo` (secretary of a cell of Mỏ Chè), so each is checked, placed and audited. Names,
identity numbers and addresses are invented.
"""

import datetime
import random

from django.utils import timezone

from lanhdao.accounts.models import User
from lanhdao.org.kinds import UnitKind
from lanhdao.org.models import Unit
from lanhdao.org.selectors import path_prefix_q

from . import services, services_evaluations, services_transfers
from .models import EndReason, Grade, Member, Qualification, TheoryLevel
from .selectors import members_on, party_children
from .selectors_evaluations import badge_eligible
from .stages import add_months, probation_end

D = datetime.timedelta
CITY = "HU165"
YEARS = range(2021, 2026)
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi", "Đặng", "Ngô", "Dương", "Lý", "Ma", "Đinh"]
MIDDLE = {"male": ["Văn", "Đức", "Quang", "Minh", "Hữu", "Xuân"], "female": ["Thị", "Thu", "Thanh", "Ngọc", "Thị"]}
GIVEN = {
    "male": [
        "An",
        "Bình",
        "Cường",
        "Dũng",
        "Hải",
        "Hùng",
        "Khánh",
        "Long",
        "Nam",
        "Phong",
        "Quân",
        "Sơn",
        "Thắng",
        "Tuấn",
        "Việt",
        "Trung",
        "Hiếu",
    ],
    "female": [
        "Anh",
        "Chi",
        "Dung",
        "Hà",
        "Hằng",
        "Hoa",
        "Hương",
        "Lan",
        "Linh",
        "Mai",
        "Nga",
        "Oanh",
        "Phương",
        "Thảo",
        "Trang",
        "Yến",
    ],
}
ETHNICITIES = ["Kinh"] * 8 + ["Tày", "Nùng", "Sán Dìu"]
POSITIONS = [
    "Tổ trưởng tổ dân phố",
    "Cán bộ hưu trí",
    "Giáo viên",
    "Công nhân",
    "Cán bộ công chức phường",
    "Kinh doanh",
    "Cựu chiến binh",
    "Cán bộ Công an",
    "Sĩ quan Quân đội",
    "",
]
WEIGHTS = {Grade.EXCELLENT: 15, Grade.GOOD: 65, Grade.COMPLETED: 17, Grade.NOT_COMPLETED: 3}


def demo_loaded() -> bool:
    city = Unit.objects.filter(code=CITY).first()
    return city is not None and Member.objects.filter(path_prefix_q(city.path, "unit_path")).exists()


class Maker:
    """Invented people, reproducibly."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.count = 0

    def person(self, unit: Unit, born: int) -> dict:
        rng = self.rng
        self.count += 1
        gender = rng.choice(["male", "male", "female"])
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"
        birth = datetime.date(born, rng.randint(1, 12), rng.randint(1, 28))
        century = (0 if born < 2000 else 2) + (gender == "female")
        return {
            "full_name": name,
            "gender": gender,
            "birth_date": birth,
            "identity_number": f"019{century}{born % 100:02d}{rng.randint(0, 999999):06d}",
            "ethnicity": rng.choice(ETHNICITIES),
            "religion": "Không",
            "hometown": "Sông Công, Thái Nguyên",
            "address": f"Số {rng.randint(1, 200)}, {unit.name.removeprefix('Chi bộ ')}, thành phố Sông Công",
            "phone": f"09{rng.randint(10000000, 99999999)}",
            "education": "12/12",
            "qualification": rng.choice([Qualification.BACHELOR, Qualification.VOCATIONAL, Qualification.NONE]),
            "theory_level": rng.choice([TheoryLevel.ELEMENTARY, TheoryLevel.ELEMENTARY, TheoryLevel.INTERMEDIATE]),
            "position": rng.choice(POSITIONS),
        }

    def card(self) -> str:
        return f"{self.rng.randint(10, 99)}.{self.rng.randint(0, 999999):06d}"


def _walk(actor, maker: Maker, unit: Unit, admitted: datetime.date | None, upto: str, *, born: int) -> Member:
    """One person through the pipeline up to stage `upto`, the steps spread over the months before admission."""
    anchor = admitted or timezone.localdate() - D(days=maker.rng.randint(20, 90))
    introduced = add_months(anchor, -8)
    member = services.member_introduce(actor=actor, unit=unit, introduced_on=introduced, **maker.person(unit, born))
    if upto == "candidate":
        return member
    member = services.member_mark_trained(actor=actor, member=member, trained_on=add_months(anchor, -5))
    if upto == "trained":
        return member
    member = services.member_propose(actor=actor, member=member, proposed_on=add_months(anchor, -2))
    if upto == "proposed":
        return member
    decision = f"{maker.rng.randint(10, 400)}-QĐ/ThU"
    member = services.member_admit(
        actor=actor, member=member, admitted_on=admitted, decision=decision, card_number=maker.card()
    )
    if upto == "probationary":
        return member
    full_on = probation_end(admitted) + D(days=maker.rng.randint(0, 20))
    return services.member_recognise(actor=actor, member=member, full_on=full_on, decision=f"{decision}-CT")


def load_demo() -> dict[str, int]:
    rng = random.Random(5512)
    today = timezone.localdate()
    board = User.objects.get(username="tochuc.tinh")
    cell_secretary = User.objects.get(username="bithu.chibo")
    city = Unit.objects.get(code=CITY)
    cells = list(
        Unit.objects.filter(
            path_prefix_q(city.path), kind__in=[UnitKind.CELL, UnitKind.GRASSROOTS_CELL], archived_at__isnull=True
        ).order_by("path")
    )
    maker = Maker(rng)
    counts = dict.fromkeys(("members", "candidates", "transfers", "classifications", "awards", "badges"), 0)
    members, counts["candidates"] = _admit(board, cell_secretary, maker, cells, today)
    alive = _end_some(board, members, rng, today)
    counts["transfers"] = _transfer(board, cell_secretary, alive, cells, today)
    stars = {m.pk for m in alive[3::25]}
    counts["classifications"] = _classify(board, city, cells, stars, alive[4].pk, rng)
    counts["awards"] = _award(board, stars, cells, today)
    counts["badges"] = _badges(board, members, today)
    counts["members"] = len(members)
    return counts


def _admit(board, cell_secretary, maker: Maker, cells: list[Unit], today: datetime.date) -> tuple[list[Member], int]:
    """Full members admitted over fifty years, a few probationary, candidates at each step: (members, candidates)."""
    rng = maker.rng
    members: list[Member] = []
    candidates = 0
    for index, cell in enumerate(cells):
        for _ in range(rng.randint(2, 5)):
            year = rng.randint(today.year - 52, today.year - 3)
            admitted = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
            # born at least 20 years before the admission year: 18 already at the proposal, two months earlier
            members.append(_walk(board, maker, cell, admitted, "full", born=year - rng.randint(19, 35) - 1))
        if index % 3 == 0:
            admitted = today - D(days=rng.randint(60, 300))
            members.append(_walk(board, maker, cell, admitted, "probationary", born=today.year - rng.randint(20, 30)))
        if index % 4 == 0:
            stage = ("candidate", "trained", "proposed")[index % 3]
            _walk(board, maker, cell, None, stage, born=today.year - rng.randint(19, 28))
            candidates += 1
    # badges: some reach 30, 40 and 50 years this year (not yet awarded), some reached 30 last year (awarded)
    for n, cell in zip((30, 40, 50, 30, 31, 31), cells[1::15], strict=False):
        admitted = datetime.date(today.year - n, rng.randint(1, 10), rng.randint(1, 28))
        members.append(_walk(board, maker, cell, admitted, "full", born=admitted.year - 22))
    # the probation that ended a month ago without a decision: the alert of `lanhdao remind`
    overdue_cell = Unit.objects.get(code="DU05512-CB01")
    overdue = _walk(cell_secretary, maker, overdue_cell, add_months(today, -13), "probationary", born=today.year - 24)
    members.append(overdue)
    return members, candidates


def _end_some(board, members: list[Member], rng: random.Random, today: datetime.date) -> list[Member]:
    """Some left the Party; returns the full members still in it."""
    for member, reason in zip(members[5:40:7], [EndReason.DIED, EndReason.RESIGNED, EndReason.REMOVED], strict=False):
        last = member.full_on or member.admitted_on
        ended = min(today, max(today - D(days=rng.randint(30, 400)), last + D(days=1)))
        services.member_end(actor=board, member=member, ended_on=ended, reason=reason, note="Dữ liệu minh họa")
    return list(Member.objects.filter(pk__in=[m.pk for m in members], ended_on__isnull=True, full_on__isnull=False))


def _transfer(board, cell_secretary, alive: list[Member], cells: list[Unit], today: datetime.date) -> int:
    """Transfers: one within the city (2024), one to Định Hóa (received, its board sees the member now), one
    pending."""
    within = alive[10]
    services_transfers.transfer_send(
        actor=board, member=within, to_unit=cells[-1], sent_on=datetime.date(2024, 6, 3), note="Chuyển nơi cư trú"
    )
    dinh_hoa = Unit.objects.get(code="HU167")
    away = Unit.objects.filter(path_prefix_q(dinh_hoa.path), kind=UnitKind.CELL, code__contains="-CB0")
    away = away.order_by("path").first()
    services_transfers.transfer_send(
        actor=board, member=alive[20], to_unit=away, sent_on=today - D(days=40), note="Chuyển công tác"
    )
    overdue_cell = Unit.objects.get(code="DU05512-CB01")
    mover = next((m for m in alive if m.unit_id == overdue_cell.pk), alive[30])
    services_transfers.transfer_send(
        actor=cell_secretary,
        member=mover,
        to_unit=Unit.objects.get(code="DU05512-CB02"),
        sent_on=today - D(days=6),
        note="Chuyển sinh hoạt về nơi cư trú mới",
    )
    return 3


def _classify(board, city: Unit, cells: list[Unit], stars: set[int], broken: int, rng: random.Random) -> int:
    """Classifications 2021–2025: a few members excellent five years in a row, one broken by a good year in 2023.
    Returns how many were written."""
    written = 0
    for year in YEARS:
        day = datetime.date(year, 12, 31)
        for cell in cells:
            grades = {}
            for member in members_on(cell, day, subtree=False):
                if member.pk in stars or (member.pk == broken and year != 2023):
                    grade = Grade.EXCELLENT
                else:
                    grade = rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
                grades[member.pk] = (grade, "")
            if grades:
                created, _ = services_evaluations.member_classify(actor=board, unit=cell, year=year, grades=grades)
                written += len(created)
        for committee in [city, *party_children(city)]:
            for index, organisation in enumerate(party_children(committee)):
                grade = Grade.EXCELLENT if index % 5 == 0 else rng.choice([Grade.GOOD, Grade.GOOD, Grade.EXCELLENT])
                services_evaluations.organisation_classify(actor=board, unit=organisation, year=year, grade=grade)
                written += 1
    return written


def _award(board, stars: set[int], cells: list[Unit], today: datetime.date) -> int:
    """Awards to the five-years-excellent members and to a few cells; returns how many."""
    given = 0
    awarded_on = min(datetime.date(2026, 1, 20), today)
    for member in Member.objects.filter(pk__in=stars):
        services_evaluations.award_give(
            actor=board,
            member=member,
            year=2025,
            awarded_on=awarded_on,
            title="Giấy khen: hoàn thành xuất sắc nhiệm vụ 5 năm liền (2021–2025)",
            decision="35-QĐ/ThU",
        )
        given += 1
    for cell in cells[::20]:
        title = "Giấy khen: chi bộ trong sạch, vững mạnh tiêu biểu"
        services_evaluations.award_give(
            actor=board, unit=cell, year=2025, awarded_on=awarded_on, title=title, decision="36-QĐ/ThU"
        )
        given += 1
    return given


def _badges(board, members: list[Member], today: datetime.date) -> int:
    """Past badges (the last two years); returns how many."""
    given = 0
    for year in (today.year - 1, today.year - 2):
        due = list(badge_eligible(Member.objects.filter(pk__in=[m.pk for m in members]), year))
        if due:
            badges = services_evaluations.badges_award(
                actor=board, members=due, year=year, awarded_on=datetime.date(year, 2, 3), decision=f"{year}-QĐ/TU"
            )
            given += len(badges)
    return given
