"""Demo cadre work for Thành ủy Sông Công (HU165), on the members already loaded in its subtree: the posts of the
city's committee, People's Committee and People's Council and of the communes' committees, the succession plan
2025-2030, courses of political theory and refresher courses, a few rotations and transfers, and — shaped on seed
003 — grassroots nominations for election (up to 239) and 8 introductions for appointment as chair or vice-chair of
a commune's People's Committee.

Every row goes through the services (so it is checked, placed and audited). Without members it does nothing.
"""

import datetime
import random

from django.utils import timezone

from lanhdao.accounts.models import User
from lanhdao.members.models import Member, Qualification, TheoryLevel
from lanhdao.org.kinds import UnitKind
from lanhdao.org.models import Unit
from lanhdao.org.selectors import path_prefix_q

from . import services as svc
from .models import MovementKind, NominationKind, NominationOutcome, PositionHeld, TrainingKind

D = datetime.timedelta
CITY = "HU165"
TERM_2020 = datetime.date(2020, 9, 25)  # the city's congress for 2020-2025
TERM_2025 = datetime.date(2025, 10, 15)  # … and for 2025-2030
ELECTION_DAY = datetime.date(2026, 3, 15)  # People's Councils 2026-2031
PLAN_APPROVED = datetime.date(2025, 12, 10)

CITY_POSTS = [  # (body code suffix, post, how many)
    ("TT", "Bí thư Thành ủy", 1),
    ("TT", "Phó Bí thư Thường trực Thành ủy", 1),
    ("TT", "Phó Bí thư Thành ủy", 1),
    ("BTV", "Ủy viên Ban Thường vụ Thành ủy", 8),
    ("BCH", "Ủy viên Ban Chấp hành Đảng bộ thành phố", 14),
    ("UBND", "Chủ tịch UBND thành phố", 1),
    ("UBND", "Phó Chủ tịch UBND thành phố", 2),
    ("HDND", "Chủ tịch HĐND thành phố", 1),
]
PLAN_POSTS = [
    ("BTV", "Bí thư Thành ủy", 2),
    ("BTV", "Phó Bí thư Thành ủy", 4),
    ("BTV", "Chủ tịch UBND thành phố", 3),
    ("BTV", "Ủy viên Ban Thường vụ Thành ủy", 8),
    ("BCH", "Ủy viên Ban Chấp hành Đảng bộ thành phố", 16),
]
COURSES = [  # (kind, course, level, institution)
    (
        TrainingKind.THEORY,
        "Trung cấp lý luận chính trị - hành chính",
        TheoryLevel.INTERMEDIATE,
        "Trường Chính trị tỉnh Thái Nguyên",
    ),
    (TrainingKind.THEORY, "Cao cấp lý luận chính trị", TheoryLevel.ADVANCED, "Học viện Chính trị khu vực I"),
    (
        TrainingKind.STATE_MANAGEMENT,
        "Bồi dưỡng quản lý nhà nước ngạch chuyên viên chính",
        "",
        "Trường Chính trị tỉnh Thái Nguyên",
    ),
    (
        TrainingKind.REFRESHER,
        "Bồi dưỡng cập nhật kiến thức cho cán bộ lãnh đạo, quản lý cấp huyện",
        "",
        "Trung tâm Chính trị thành phố Sông Công",
    ),
    (TrainingKind.EXPERTISE, "Thạc sĩ Quản lý kinh tế", Qualification.MASTER, "Trường Đại học Kinh tế và QTKD"),
]


def _past(day: datetime.date, today: datetime.date) -> datetime.date:
    return min(day, today)


def _commune_of(member: Member, communes: list[Unit]) -> Unit | None:
    return next((c for c in communes if member.unit_path.startswith(c.path)), None)


def load_cadre_demo() -> dict[str, int]:
    """Add the demo cadre work; {} when the city or its members are not loaded, or the cadre demo already is."""
    city = Unit.objects.filter(code=CITY).first()
    if city is None:
        return {}
    members = list(
        Member.objects.filter(path_prefix_q(city.path, "unit_path"), admitted_on__isnull=False, ended_on__isnull=True)
        .select_related("unit")
        .order_by("pk")
    )
    if not members or PositionHeld.objects.filter(path_prefix_q(city.path, "unit_path")).exists():
        return {}
    actor = (
        User.objects.filter(username="tochuc.tinh").first()
        or User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    )
    demo = _CadreDemo(actor, city)
    cursor = iter(members)
    cadres = demo.city_posts(cursor)
    commune_cadres = demo.commune_posts(cursor)
    planned = cadres + [m for m, _ in commune_cadres] + members[len(cadres) + len(commune_cadres) :]
    demo.succession(planned)
    demo.training(planned[: min(len(planned), 45)])
    btv = demo.units[f"{CITY}-BTV"]
    demo.movements(commune_cadres, btv)
    demo.election_nominations(members)
    demo.counts["introductions for appointment"] = demo.introductions(members, btv)
    return demo.counts


class _CadreDemo:
    """What the stages of the cadre demo share: who writes, the city's units and communes, the random source and
    the counts of what was written."""

    def __init__(self, actor: User, city: Unit):
        self.actor = actor
        self.city = city
        self.rng = random.Random(165)
        self.today = timezone.localdate()
        self.units = {u.code: u for u in Unit.objects.filter(path_prefix_q(city.path), archived_at__isnull=True)}
        self.communes = sorted(
            (u for u in self.units.values() if u.kind == UnitKind.COMMUNE_COMMITTEE and u.depth == city.depth + 1),
            key=lambda u: u.code,
        )
        self.counts = dict.fromkeys(("positions", "succession entries", "trainings", "movements", "nominations"), 0)

    def post(self, member: Member, code: str, title: str, started: datetime.date, ended=None) -> None:
        svc.position_start(
            actor=self.actor,
            member=member,
            unit=self.units[code],
            title=title,
            started_on=started,
            ended_on=ended,
            decision=f"{self.rng.randint(10, 999)}-QĐ/TU",
        )
        self.counts["positions"] += 1

    def city_posts(self, cursor) -> list[Member]:
        """The posts of the city: the 2020-2025 term ended at the 2025 congress; most were re-elected."""
        cadres = []
        for suffix, title, n in CITY_POSTS:
            for _ in range(n):
                member = next(cursor, None)
                if member is None:
                    break
                cadres.append(member)
                self.post(member, f"{CITY}-{suffix}", title, TERM_2020, TERM_2025 - D(days=1))
                if self.rng.random() < 0.8:
                    self.post(member, f"{CITY}-{suffix}", title, TERM_2025)
        return cadres

    def commune_posts(self, cursor) -> list[tuple[Member, Unit]]:
        """The communes' secretaries, deputies and People's Committee chairs."""
        units = self.units
        commune_cadres = []
        for commune in self.communes:
            for suffix, title in (
                ("BTV", f"Bí thư {commune.name}"),
                ("BTV", f"Phó Bí thư {commune.name}"),
                ("UBND", f"Chủ tịch {units[f'{commune.code}-UBND'].name}"),
            ):
                member = next(cursor, None)
                if member is None or f"{commune.code}-{suffix}" not in units:
                    break
                self.post(member, f"{commune.code}-{suffix}", title, TERM_2025)
                commune_cadres.append((member, commune))
        return commune_cadres

    def succession(self, planned: list[Member]) -> None:
        """The succession plan 2025-2030, approved after the congress; one name taken off later."""
        entries = []
        index = 0
        for suffix, title, n in PLAN_POSTS:
            for _ in range(n):
                if index >= len(planned):
                    break
                entries.append(
                    svc.succession_add(
                        actor=self.actor,
                        member=planned[index],
                        unit=self.units[f"{CITY}-{suffix}"],
                        term="2025-2030",
                        title=title,
                        added_on=_past(PLAN_APPROVED, self.today),
                        decision="1250-QĐ/TU",
                    )
                )
                index += 1
                self.counts["succession entries"] += 1
        if len(entries) > 3:
            svc.succession_remove(
                actor=self.actor,
                entry=entries[3],
                removed_on=_past(PLAN_APPROVED + D(days=200), self.today),
                note="Chuyển công tác ra ngoài tỉnh",
            )

    def training(self, trained: list[Member]) -> None:
        """Theory courses (completing one raises the member's level), State management, refresher courses."""
        today = self.today
        for i, member in enumerate(trained):
            kind, course, level, institution = COURSES[i % len(COURSES)]
            started = today - D(days=self.rng.randint(120, 700))
            done = i % 4 != 3 and started + D(days=90) <= today
            svc.training_record(
                actor=self.actor,
                member=member,
                kind=kind,
                course=course,
                level=level,
                institution=institution,
                started_on=started,
                ended_on=started + D(days=90) if done else None,
                completed=done,
            )
            self.counts["trainings"] += 1

    def movements(self, commune_cadres: list[tuple[Member, Unit]], btv: Unit) -> None:
        """Rotations and transfers decided by the Standing Board: commune deputies to city departments and back."""
        departments = sorted(
            (u for u in self.units.values() if u.code.startswith(f"{CITY}-UBND-")), key=lambda u: u.code
        )
        for i, (member, commune) in enumerate(commune_cadres[1::3][:6]):
            position = member.positions.filter(ended_on__isnull=True).first()
            decided = _past(self.today - D(days=30 + 40 * i), self.today)
            kind = (MovementKind.ROTATION, MovementKind.TRANSFER, MovementKind.SECONDMENT)[i % 3]
            to_unit = departments[i % len(departments)] if departments else None
            svc.movement_record(
                actor=self.actor,
                member=member,
                unit=btv,
                kind=kind,
                decided_on=decided,
                starts_on=decided + D(days=15),
                from_unit=commune,
                to_unit=to_unit,
                post="Phó Trưởng phòng" if to_unit else "",
                destination="" if to_unit else "Sở Nội vụ tỉnh Thái Nguyên",
                ends_on=decided + D(days=15 + 365) if kind == MovementKind.SECONDMENT else None,
                decision=f"{300 + i}-QĐ/TU",
                end_position=position,
                start_position=to_unit is not None,
            )
            self.counts["movements"] += 1

    def election_nominations(self, members: list[Member]) -> None:
        """Seed 003: grassroots nominations for election to the People's Councils."""
        nominated_on = _past(ELECTION_DAY - D(days=60), self.today)
        for i, member in enumerate(members[:239]):
            commune = _commune_of(member, self.communes)
            unit = commune or self.city
            council = self.units.get(f"{unit.code}-HDND")
            where = council.name if council else "Hội đồng nhân dân"
            nomination = svc.nomination_record(
                actor=self.actor,
                member=member,
                unit=unit,
                kind=NominationKind.ELECTION,
                body=council,
                nominated_on=nominated_on,
                post=f"Đại biểu {where} nhiệm kỳ 2026-2031",
            )
            if self.today >= ELECTION_DAY:
                outcome = (
                    NominationOutcome.ELECTED
                    if i % 10 < 8
                    else NominationOutcome.NOT_ELECTED
                    if i % 10 == 8
                    else NominationOutcome.WITHDRAWN
                )
                svc.nomination_outcome(
                    actor=self.actor, nomination=nomination, outcome=outcome, outcome_on=ELECTION_DAY
                )
            self.counts["nominations"] += 1

    def introductions(self, members: list[Member], btv: Unit) -> int:
        """Seed 003: 8 introductions for appointment by the Standing Board; returns how many."""
        today = self.today
        introduced = 0
        for i, member in enumerate(reversed(members)):
            if introduced == 8 or not self.communes:
                break
            commune = self.communes[i % len(self.communes)]
            ubnd = self.units.get(f"{commune.code}-UBND")
            title = ("Chủ tịch" if i % 3 == 0 else "Phó Chủ tịch") + f" {ubnd.name if ubnd else 'UBND'}"
            nomination = svc.nomination_record(
                actor=self.actor,
                member=member,
                unit=btv,
                kind=NominationKind.APPOINTMENT,
                body=ubnd,
                post=title,
                nominated_on=_past(today - D(days=90 - 7 * i), today),
            )
            if i < 7:
                svc.nomination_outcome(
                    actor=self.actor,
                    nomination=nomination,
                    outcome=NominationOutcome.ELECTED,
                    outcome_on=_past(nomination.nominated_on + D(days=20), today),
                )
            introduced += 1
            self.counts["nominations"] += 1
        return introduced


def demo_loaded() -> bool:
    city = Unit.objects.filter(code=CITY).first()
    return city is not None and PositionHeld.objects.filter(path_prefix_q(city.path, "unit_path")).exists()


def load_demo() -> dict[str, int]:
    """`lanhdao demo` loads this after the members' demo (cadres follows members in INSTALLED_APPS)."""
    return load_cadre_demo()
