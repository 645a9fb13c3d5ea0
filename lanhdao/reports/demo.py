"""Demo: the figures the seed articles quote, recorded as the events behind them, on the units the articles speak of.

- Seed 004 (Thành ủy Pleiku, 21/08/2019, "từ đầu nhiệm kỳ đến nay (2015 - 2020)"): 84 meetings of the Standing
  members, 84 Standing-Board conferences, 17 Executive-Committee conferences, 100 liaison conferences (giao ban) with
  the grassroots organisations, 27 units and localities where the Standing members worked directly, 5 dialogues of
  the Standing members with the People's Council and 32 ("hơn 30") of the People's Committee's leaders, citizen
  reception by the People's Council's standing members on the 15th of every month.
- Seed 003 (Quận ủy Ngũ Hành Sơn, "từ năm 2007 đến nay", conference of 30/11/2021): 1,411 members admitted, 239
  grassroots cadres designated or introduced for by-elections, 20 inspections of grassroots organisations' working
  rules, 8 cadres introduced for appointment as chair or vice-chair of the district People's Committee; the review
  conference itself.
- Seed 000 (Thành ủy Sông Công, 9/2/2017): the review conference chaired by the city secretary.

Pleiku and Ngũ Hành Sơn are added under their own names, each under a bare province committee (Tỉnh ủy Gia Lai,
Thành ủy Đà Nẵng), their bodies, State bodies and communes shaped by org.shapes from the same GSO list as the demo
province, as they stood before the 2025 reform. Their own units rather than Sông Công's: a report then carries the
name the article carries, seed 003's period starts in 2007 (before the demo tree's units are in force, 1/10/2015) and
its admissions would mix with Sông Công's demo members. Then a review campaign of each province committee drafts the
district's report for the article's period, its figures filled from these events (lanhdao/campaigns/demo.py, loaded
right after this one).

The counts are the articles'; the dates are spread over the period (meetings on their weekday, roughly as often as
the count implies; admissions over the years), the names, topics and people are invented. Everything is written
through the services (members through the Excel import, the bulk path), as `admin`, so it is checked and audited.
Like the demo province, the article districts stand as before the 2025 reform (reports/tests/test_articles.py applies
it and checks that the closed district keeps its figures).

Not recorded: seed 004's personal plans of "23 xã, phường" (the GSO list gives Pleiku 21 communes and wards, not 23;
published plans are not in the indicator catalogue either), its awards of 2013–2018 (no count, and before the term),
and seeds 001 (Kỳ Anh) and 002 (Bình Dương), which quote no figure of the catalogue.
"""

import datetime
import io
import random
from dataclasses import replace

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from vietnam_provinces.legacy import District

from lanhdao.accounts.models import User
from lanhdao.cadres import services as cadres
from lanhdao.cadres.models import NominationKind, NominationOutcome
from lanhdao.core.xlsx import write_row
from lanhdao.inspections import services as inspections
from lanhdao.inspections.models import InspectionKind
from lanhdao.meetings import services as meetings
from lanhdao.meetings.models import MeetingKind
from lanhdao.members import excel_members
from lanhdao.members.demo import FAMILY, GIVEN, MIDDLE
from lanhdao.members.selectors import members_for
from lanhdao.members.stages import add_months, probation_end
from lanhdao.org.kinds import GRASSROOTS, UnitKind
from lanhdao.org.models import Unit
from lanhdao.org.selectors import path_prefix_q
from lanhdao.org.services import UnitSpec, units_bulk_create
from lanhdao.org.shapes import TERM_START, district_spec
from lanhdao.people import services as people
from lanhdao.people.models import Frequency

from .plans import services as targets

D = datetime.timedelta
PLEIKU, NGU_HANH_SON, SONG_CONG = "HU622", "HU494", "HU165"
# seed 004: from the start of the 2015–2020 term (the demo's congresses, org.shapes) to the article's date
PLEIKU_PERIOD = (TERM_START, datetime.date(2019, 8, 21))
# seed 003: "từ năm 2007 đến nay", the conference of 30/11/2021
NGU_HANH_SON_PERIOD = (datetime.date(2007, 1, 1), datetime.date(2021, 11, 30))
SONG_CONG_REVIEW = datetime.date(2017, 2, 9)  # seed 000
DA_NANG_SINCE = datetime.date(1997, 1, 1)  # Đà Nẵng a centrally-run city, its districts created: before 2007
MONDAY, WEDNESDAY, THURSDAY, FRIDAY = 0, 2, 3, 4

VISIT_PURPOSES = [
    "Nắm tình hình và chỉ đạo thực hiện nhiệm vụ chính trị của địa phương, đơn vị",
    "Làm việc về công tác xây dựng Đảng và chất lượng sinh hoạt chi bộ",
    "Kiểm tra tiến độ chỉnh trang hạ tầng đô thị",
    "Làm việc về nâng cao chất lượng cuộc sống nhân dân các làng đồng bào dân tộc thiểu số",
]
DIALOGUE_TOPICS = [
    "Đối thoại về bồi thường, hỗ trợ, tái định cư các dự án chỉnh trang đô thị",
    "Đối thoại với người dân các làng đồng bào dân tộc thiểu số",
    "Đối thoại về cấp giấy chứng nhận quyền sử dụng đất",
    "Đối thoại với hộ kinh doanh về thủ tục hành chính",
    "Đối thoại với đoàn viên, thanh niên về lập nghiệp",
]
WORKING_RULES = "Kiểm tra việc thực hiện quy chế làm việc của {}"


def demo_loaded() -> bool:
    return Unit.objects.filter(code__in=[PLEIKU, NGU_HANH_SON]).exists()


def spread(rng: random.Random, n: int, start: datetime.date, end: datetime.date, weekday: int | None = None):
    """n days from `start` to `end`, one in each of n equal slots, picked at random among the slot's days that fall
    on `weekday` (without one, among its working days; a slot too short for either gives any of its days)."""
    span = (end - start).days + 1
    days = []
    for i in range(n):
        low, high = start + D(days=span * i // n), start + D(days=span * (i + 1) // n - 1)
        slot = [low + D(days=k) for k in range((high - low).days + 1)]
        fitting = [d for d in slot if d.weekday() == weekday] if weekday is not None else []
        days.append(rng.choice(fitting or [d for d in slot if d.weekday() <= FRIDAY] or slot))
    return days


def _valid_from(spec: UnitSpec, day: datetime.date) -> UnitSpec:
    """The spec with every date of force set to `day` (org.shapes dates the tree from the 2015 congresses)."""
    return replace(
        spec, valid_from=day if spec.valid_from else None, children=[_valid_from(child, day) for child in spec.children]
    )


def _district(code: str) -> District:
    return next(d for d in District.iter_all() if int(d.code) == int(code.removeprefix("HU")))


def _article_units(admin) -> int:
    gia_lai = UnitSpec(
        "TU64", "Tỉnh ủy Gia Lai", UnitKind.PROVINCE_COMMITTEE, TERM_START, children=[district_spec(_district(PLEIKU))]
    )
    da_nang = UnitSpec(
        "TU48",
        "Thành ủy Đà Nẵng",
        UnitKind.PROVINCE_COMMITTEE,
        DA_NANG_SINCE,
        children=[_valid_from(district_spec(_district(NGU_HANH_SON)), DA_NANG_SINCE)],
    )
    return units_bulk_create(actor=admin, parent=None, specs=[gia_lai, da_nang])


def load_demo() -> dict[str, int]:
    admin = User.objects.get(username="admin")
    counts = {"units": _article_units(admin)}
    for part in (_pleiku, _ngu_hanh_son, _song_cong):
        for what, n in part(admin).items():
            counts[what] = counts.get(what, 0) + n
    return counts


# --- seed 004: Thành ủy Pleiku, 2015–2020 term up to 21/08/2019 ------------------------------------------------------


def _pleiku(admin) -> dict[str, int]:
    rng = random.Random(622)
    units = {u.code: u for u in Unit.objects.filter(path_prefix_q(Unit.objects.get(code=PLEIKU).path))}
    city = units[PLEIKU]
    standing, board, plenum = units[f"{PLEIKU}-TT"], units[f"{PLEIKU}-BTV"], units[f"{PLEIKU}-BCH"]
    council, committee = units[f"{PLEIKU}-HDND"], units[f"{PLEIKU}-UBND"]
    start, end = PLEIKU_PERIOD[0], PLEIKU_PERIOD[1] - D(days=5)  # the last events a few days before the article
    counts = dict.fromkeys(("meetings", "field visits", "dialogues", "reception days"), 0)

    def meeting(unit, kind, day, **fields):
        meetings.meeting_create(actor=admin, unit=unit, kind=kind, date=day, location="Hội trường Thành ủy", **fields)
        counts["meetings"] += 1

    # "84 cuộc họp Thường trực Thành ủy, 84 hội nghị BTV Thành ủy; 17 hội nghị BCH Đảng bộ thành phố": the Standing
    # members on Mondays, the Standing Board on Thursdays, about twice a month; a plenum about once a quarter
    for day in spread(rng, 84, start, end, MONDAY):
        meeting(standing, MeetingKind.STANDING_MEMBERS, day, chair_name="Bí thư Thành ủy")
    for day in spread(rng, 84, start, end, THURSDAY):
        meeting(board, MeetingKind.STANDING_BOARD, day, chair_name="Bí thư Thành ủy")
    for number, day in enumerate(spread(rng, 17, start, end, FRIDAY), 1):
        meeting(
            plenum,
            MeetingKind.PLENUM,
            day,
            chair_name="Bí thư Thành ủy",
            title=f"Hội nghị Ban Chấp hành Đảng bộ thành phố lần thứ {number}",
        )
    # "100 hội nghị giao ban đối với các tổ chức cơ sở đảng trực thuộc": by cluster, one after the other
    clusters = ("khối phường", "khối xã, cơ quan, đơn vị")
    for number, day in enumerate(spread(rng, 100, start, end, WEDNESDAY)):
        meeting(
            city,
            MeetingKind.LIAISON,
            day,
            title=f"Giao ban với các tổ chức cơ sở đảng trực thuộc {clusters[number % 2]}",
        )

    # "Thường trực Thành ủy đã làm việc trực tiếp tại 27 đơn vị, địa phương": each commune and ward, the police,
    # the military and the education Party organisations, three departments of the People's Committee
    communes = sorted((u for u in units.values() if u.kind == UnitKind.COMMUNE_COMMITTEE), key=lambda u: u.code)
    places = communes + [units[f"{PLEIKU}-{c}"] for c in ("CA", "QS", "GD", "UBND-09", "UBND-10", "UBND-05")]
    for i, (day, place) in enumerate(
        zip(spread(rng, len(places), start, end), rng.sample(places, len(places)), strict=True)
    ):
        people.field_visit_create(
            actor=admin,
            unit=standing,
            visited_on=day,
            place_unit=place,
            purpose=VISIT_PURPOSES[i % 4],
            visitor_name=("Bí thư Thành ủy", "Phó Bí thư Thường trực Thành ủy")[i % 2],
            summary="Nghe báo cáo tình hình, kết luận và giao nhiệm vụ cụ thể cho địa phương, đơn vị.",
        )
        counts["field visits"] += 1

    # "Thường trực Thành ủy, HĐND thành phố đã tổ chức 05 cuộc đối thoại, lãnh đạo UBND thành phố đã tổ chức hơn 30
    # cuộc đối thoại trực tiếp với người dân"
    for unit, n, leaders in [
        (standing, 5, ["Thường trực Thành ủy, Thường trực HĐND thành phố"]),
        (committee, 32, ["Chủ tịch UBND thành phố", "Phó Chủ tịch UBND thành phố"]),
    ]:
        for i, day in enumerate(spread(rng, n, start, end)):
            place = communes[rng.randrange(len(communes))].name.removeprefix("Đảng ủy ")
            people.dialogue_create(
                actor=admin,
                unit=unit,
                held_on=day,
                topic=DIALOGUE_TOPICS[i % len(DIALOGUE_TOPICS)],
                participants=rng.randint(40, 250),
                led_by_name=leaders[i % len(leaders)],
                place=f"Hội trường {place}",
            )
            counts["dialogues"] += 1

    # "Thường trực HĐND thành phố thực hiện nghiêm túc việc tiếp công dân vào ngày 15 hàng tháng": what the demo
    # records ends with the article, and so does the schedule
    schedule = people.schedule_create(
        actor=admin,
        unit=council,
        frequency=Frequency.MONTHLY,
        day_of_month=15,
        starts_on=start,
        ends_on=PLEIKU_PERIOD[1],
        receivers="Thường trực HĐND thành phố",
        place="Trụ sở Tiếp công dân thành phố",
    )
    month = start.replace(day=15)
    while month <= PLEIKU_PERIOD[1]:
        held = month + D(days={5: 2, 6: 1}.get(month.weekday(), 0))  # a 15th on a weekend: the Monday after
        people.reception_day_create(
            actor=admin,
            unit=council,
            schedule=schedule,
            held_on=held,
            cases=rng.randint(3, 15),
            received_by_name="Đ/c Phó Chủ tịch HĐND thành phố",
        )
        counts["reception days"] += 1
        month = (month + D(days=32)).replace(day=15)
    return counts


# --- seed 003: Quận ủy Ngũ Hành Sơn, 2007 to 30/11/2021 --------------------------------------------------------------


def _member_rows(rng: random.Random, cells: list[Unit], today: datetime.date) -> list[dict]:
    """The district's members as a person would fill the import template: 1,411 admitted in the article's period
    (some years more, some fewer), and members admitted before it and after it."""
    first, last = NGU_HANH_SON_PERIOD
    years = list(range(first.year, last.year + 1))
    weights = [rng.uniform(0.8, 1.2) for _ in years]
    per_year = [int(1411 * w / sum(weights)) for w in weights]
    for i in sorted(range(len(years)), key=lambda i: -weights[i])[: 1411 - sum(per_year)]:
        per_year[i] += 1  # the remainder to the heaviest years: exactly 1,411
    admitted = []
    for year, n in zip(years, per_year, strict=True):
        year_end = min(datetime.date(year, 12, 31), last)
        admitted += [
            datetime.date(year, 1, 1) + D(days=rng.randint(0, (year_end - datetime.date(year, 1, 1)).days))
            for _ in range(n)
        ]
    # before: since the district was created, and a few admitted before it, in its cells since its creation
    admitted += [DA_NANG_SINCE + D(days=rng.randint(0, (first - DA_NANG_SINCE).days - 1)) for _ in range(150)]
    admitted += [
        datetime.date(1975, 1, 1) + D(days=rng.randint(0, (DA_NANG_SINCE - datetime.date(1975, 1, 1)).days - 1))
        for _ in range(50)
    ]
    admitted += [last + D(days=rng.randint(1, (today - last).days - 60)) for _ in range(100)]
    rows = []
    for day in admitted:
        gender = rng.choice(["male", "male", "female"])
        born = datetime.date(day.year - rng.randint(19, 38), rng.randint(1, 12), rng.randint(1, 28))
        full_on = probation_end(day) + D(days=rng.randint(0, 25))
        cell = cells[rng.randrange(len(cells))]
        rows.append(
            {
                "full_name": f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}",
                "gender": "Nam" if gender == "male" else "Nữ",
                "birth_date": born,
                "ethnicity": "Kinh",
                "hometown": "thành phố Đà Nẵng",
                "unit": cell.code,
                "admitted_on": day,
                "placed_on": max(day, DA_NANG_SINCE),
                "admission_decision": f"{rng.randint(10, 999)}-QĐ/QU",
                "full_on": full_on if full_on < today else None,
                "full_decision": f"{rng.randint(10, 999)}-QĐ/QU" if full_on < today else "",
            }
        )
    return rows


def _import(admin, rows: list[dict]) -> int:
    workbook = openpyxl.load_workbook(io.BytesIO(excel_members.import_template()))
    sheet = workbook.worksheets[0]
    keys = [column.key for column in excel_members.COLUMNS]
    for values in rows:  # below the template's example row, which the import skips
        write_row(sheet, [values.get(key) for key in keys])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = excel_members.import_members(
        SimpleUploadedFile("dang-vien-ngu-hanh-son.xlsx", buffer.getvalue()), actor=admin
    )
    if result.errors:
        raise ValueError(f"demo members refused: {result.errors[:3]}")
    return result.created


def _ngu_hanh_son(admin) -> dict[str, int]:
    rng = random.Random(494)
    today = timezone.localdate()
    district = Unit.objects.get(code=NGU_HANH_SON)
    units = {u.code: u for u in Unit.objects.filter(path_prefix_q(district.path))}
    board = units[f"{NGU_HANH_SON}-BTV"]
    first, last = NGU_HANH_SON_PERIOD
    cells = sorted(
        (u for u in units.values() if u.kind in (UnitKind.CELL, UnitKind.GRASSROOTS_CELL)), key=lambda u: u.code
    )
    counts = {"members": _import(admin, _member_rows(rng, cells, today)), "nominations": 0, "inspections": 0}

    # "chỉ định, giới thiệu ứng cử bổ sung 239 lượt cán bộ cấp cơ sở": by the Standing Board, for the wards'
    # committees, People's Committees and Councils; a designation takes effect at once, a by-election follows
    wards = sorted((u for u in units.values() if u.kind == UnitKind.COMMUNE_COMMITTEE), key=lambda u: u.code)
    in_district = members_for(admin).filter(path_prefix_q(district.path, "unit_path"))
    members = list(in_district.order_by("admitted_on", "pk"))
    by_ward = {w.pk: [m for m in members if m.unit_path.startswith(w.path)] for w in wards}
    for i, day in enumerate(spread(rng, 239, first, last - D(days=30))):
        ward = wards[i % len(wards)]
        place = ward.name.removeprefix("Đảng ủy ")
        senior = [m for m in by_ward[ward.pk] if add_months(m.admitted_on, 36) <= day]
        designated = i % 3 == 0
        post, body = [
            (f"Ủy viên Ban Chấp hành Đảng bộ {place}", units[f"{ward.code}-BCH"]),
            (f"Ủy viên Ban Thường vụ Đảng ủy {place}", units[f"{ward.code}-BTV"]),
            (f"Phó Chủ tịch Ủy ban nhân dân {place}", units[f"{ward.code}-UBND"]),
            (f"Đại biểu Hội đồng nhân dân {place}", units[f"{ward.code}-HDND"]),
        ][i % 4 if not designated else i % 2]
        nomination = cadres.nomination_record(
            actor=admin,
            member=rng.choice(senior),
            unit=board,
            kind=NominationKind.ELECTION,
            body=body,
            nominated_on=day,
            post=("Chỉ định bổ sung " if designated else "Giới thiệu ứng cử bổ sung ") + post,
        )
        outcome = NominationOutcome.NOT_ELECTED if not designated and i % 11 == 1 else NominationOutcome.ELECTED
        cadres.nomination_outcome(
            actor=admin,
            nomination=nomination,
            outcome=outcome,
            outcome_on=day + D(days=0 if designated else rng.randint(10, 25)),
        )
        counts["nominations"] += 1
    # "giới thiệu 8 lượt cán bộ để giới thiệu, bổ nhiệm chức danh Chủ tịch, Phó Chủ tịch UBND quận"
    district_ubnd = units[f"{NGU_HANH_SON}-UBND"]
    for i, day in enumerate(spread(rng, 8, first, last)):
        nominee = rng.choice([m for m in members if add_months(m.admitted_on, 120) <= day])
        post = ("Chủ tịch" if i in (1, 5) else "Phó Chủ tịch") + " Ủy ban nhân dân quận Ngũ Hành Sơn"
        nomination = cadres.nomination_record(
            actor=admin,
            member=nominee,
            unit=board,
            kind=NominationKind.APPOINTMENT,
            body=district_ubnd,
            nominated_on=day,
            post=post,
        )
        cadres.nomination_outcome(
            actor=admin,
            nomination=nomination,
            outcome=NominationOutcome.ELECTED,
            outcome_on=day + D(days=rng.randint(7, 30)),
        )
        counts["nominations"] += 1

    # "tiến hành kiểm tra, giám sát quy chế làm việc của 20 lượt tổ chức cơ sở Đảng"
    grassroots = sorted(
        (
            u
            for u in units.values()
            if u.kind in GRASSROOTS | {UnitKind.COMMUNE_COMMITTEE} and u.depth == district.depth + 1
        ),
        key=lambda u: u.code,
    )
    for i, day in enumerate(spread(rng, 20, first, last - D(days=60))):
        organisation = grassroots[i % len(grassroots)]
        inspection = inspections.inspection_create(
            actor=admin,
            unit=district,
            kind=InspectionKind.INSPECTION,
            subject_unit=organisation,
            title=WORKING_RULES.format(organisation.name),
            starts_on=day,
            ends_on=day + D(days=10),
            scope="Việc ban hành và thực hiện quy chế làm việc của cấp ủy; chế độ sinh hoạt, phân công nhiệm vụ.",
            team="Đoàn kiểm tra của Ban Thường vụ Quận ủy",
        )
        lapses = i % 4 == 2
        inspections.findings_record(
            actor=admin,
            inspection=inspection,
            violation_found=lapses,
            findings="Quy chế làm việc chưa được bổ sung kịp thời; một số cuộc họp chưa ghi biên bản đầy đủ."
            if lapses
            else "Cấp ủy ban hành và thực hiện nghiêm quy chế làm việc; sinh hoạt định kỳ đúng quy định.",
        )
        inspections.inspection_conclude(
            actor=admin,
            inspection=inspection,
            concluded_on=day + D(days=25),
            conclusion="Tổ chức đảng thực hiện cơ bản nghiêm túc quy chế làm việc của cấp ủy.",
            recommendations=[{"text": "Tiếp tục rà soát, bổ sung quy chế làm việc của cấp ủy"}] if lapses else [],
        )
        counts["inspections"] += 1

    # "Sáng ngày 30/11/2021, Ban Thường vụ Quận ủy tổ chức Hội nghị Tổng kết 15 năm ..."
    meetings.meeting_create(
        actor=admin,
        unit=board,
        kind=MeetingKind.REVIEW,
        date=last,
        chair_name="Bí thư Quận ủy",
        title="Hội nghị tổng kết 15 năm thực hiện Nghị quyết Trung ương 5 (khóa X) về tiếp tục đổi mới phương thức "
        "lãnh đạo của Đảng đối với hoạt động của hệ thống chính trị",
    )
    counts["meetings"] = 1
    return counts


# --- seed 000: Thành ủy Sông Công, the review conference of 9/2/2017 ------------------------------------------------


def _song_cong(admin) -> dict[str, int]:
    city = Unit.objects.filter(code=SONG_CONG).first()
    if city is None:
        return {}
    meetings.meeting_create(
        actor=admin,
        unit=city,
        kind=MeetingKind.REVIEW,
        date=SONG_CONG_REVIEW,
        chair_name="Bí thư Thành ủy",
        title="Hội nghị tổng kết đổi mới phương thức lãnh đạo của Đảng, xây dựng tổ chức bộ máy của hệ thống chính "
        "trị tinh gọn, hoạt động hiệu lực, hiệu quả",
    )
    # The city's plan for this year (its programme of work): the dashboard shows each figure against it.
    plan = targets.targets_set(
        actor=admin,
        unit=city,
        year=timezone.localdate().year,
        values={
            "meetings_standing_board": 24,
            "meetings_plenum": 4,
            "field_visits": 30,
            "dialogues": 6,
            "reception_days": 12,
            "admissions": 40,
            "inspections": 10,
            "tasks_done_on_time": 60,
        },
        notes={
            "admissions": "Nghị quyết Đại hội Đảng bộ thành phố: kết nạp mỗi năm ít nhất 40 đảng viên mới",
            "field_visits": "Thường trực Thành ủy làm việc với mỗi xã, phường ít nhất một lần",
        },
    )
    return {"meetings": 1, "plan targets": len(plan)}
