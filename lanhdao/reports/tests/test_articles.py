"""The figures the seed articles quote come out of the indicators and the drafted report, from recorded events
(issue 8, item 5): the demo of reports (lanhdao/reports/demo.py) records the events of the articles' periods on the
units they speak of, and here the catalogue computes each figure back, one assertion per figure; the demo of the
campaigns (lanhdao/campaigns/demo.py) drafts the districts' reports from them.

The demo is loaded once for the module (inside a transaction rolled back at its end) and each test runs in its own
savepoint, as with the `db` fixture alone.
"""

import datetime
import io
from collections import Counter

import pytest
from django.db import transaction
from django.utils import timezone
from docx import Document

from lanhdao.accounts.models import User
from lanhdao.cadres.models import Nomination, NominationKind
from lanhdao.campaigns import demo as campaigns_demo
from lanhdao.campaigns.documents import report_document
from lanhdao.campaigns.models import CampaignReport
from lanhdao.inspections.models import Inspection, SubjectKind
from lanhdao.meetings.models import Meeting, MeetingKind
from lanhdao.members.models import Member, Placement
from lanhdao.org import demo as org_demo
from lanhdao.org.kinds import GRASSROOTS, UnitKind
from lanhdao.org.models import Unit
from lanhdao.org.selectors import path_prefix_q
from lanhdao.org.shapes import TERM_START
from lanhdao.people.models import Dialogue, FieldVisit, ReceptionDay, ReceptionSchedule
from lanhdao.people.schedule import compare
from lanhdao.reports import demo
from lanhdao.reports.indicators import BY_KEY, compute
from lanhdao.reports.rendering.docx import number_text, render_docx
from lanhdao.restructuring import reform2025

# Seed 004, "Ngày đăng bài: 21/08/2019": "từ đầu nhiệm kỳ đến nay (2015 - 2020)" — the term from the demo's congresses
PLEIKU = (TERM_START, datetime.date(2019, 8, 21))
# Seed 003, conference of 30/11/2021: "Từ năm 2007 đến nay"
NGU_HANH_SON = (datetime.date(2007, 1, 1), datetime.date(2021, 11, 30))


@pytest.fixture(scope="module")
def articles(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        org_demo.load_demo()
        demo.load_demo()
        campaigns_demo.load_demo()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def unit(articles, db):
    return lambda code: Unit.objects.get(code=code)


def one(unit: Unit, period, key: str, **options) -> int:
    return compute(unit, *period, keys=[key], **options)[key]


def test_pleiku_reproduces_seed_004(unit):
    city, standing = unit("HU622"), unit("HU622-TT")
    figures = compute(city, *PLEIKU)
    # "Tính từ đầu nhiệm kỳ đến nay, đã tổ chức 84 cuộc họp Thường trực Thành ủy, …"
    assert figures["meetings_standing_members"] == 84
    # "… 84 hội nghị BTV Thành ủy; …"
    assert figures["meetings_standing_board"] == 84
    # "… 17 hội nghị BCH Đảng bộ thành phố."
    assert figures["meetings_plenum"] == 17
    # "Tính từ đầu nhiệm kỳ đến nay, đã tổ chức 100 hội nghị giao ban đối với các tổ chức cơ sở đảng trực thuộc"
    assert figures["meetings_liaison"] == 100
    # "Thường trực Thành ủy đã làm việc trực tiếp tại 27 đơn vị, địa phương"
    assert one(standing, PLEIKU, "field_visits") == 27
    assert FieldVisit.objects.filter(unit=standing).values("place_unit").distinct().count() == 27
    # "Thường trực Thành ủy, HĐND thành phố đã tổ chức 05 cuộc đối thoại, …"
    assert one(standing, PLEIKU, "dialogues") == 5
    # "… lãnh đạo UBND thành phố đã tổ chức hơn 30 cuộc đối thoại trực tiếp với người dân"
    assert one(unit("HU622-UBND"), PLEIKU, "dialogues") > 30
    # "Thường trực HĐND thành phố thực hiện nghiêm túc việc tiếp công dân vào ngày 15 hàng tháng": one reception
    # day each month of the period, none missed, on the 15th (the Monday after when the 15th is a weekend day)
    council = unit("HU622-HDND")
    months = (PLEIKU[1].year - PLEIKU[0].year) * 12 + PLEIKU[1].month - PLEIKU[0].month + 1
    assert one(council, PLEIKU, "reception_days") == months == 47
    schedule = ReceptionSchedule.objects.get(unit=council)
    found = compare(schedule, list(ReceptionDay.objects.filter(unit=council)), *PLEIKU, today=timezone.localdate())
    assert found.held == found.expected == months and found.missed == 0
    assert all(d.held_on.day == 15 or d.held_on.weekday() == 0 for d in ReceptionDay.objects.filter(unit=council))


def test_pleiku_figures_belong_to_the_period(unit):
    city = unit("HU622")
    before = (datetime.date(2010, 1, 1), PLEIKU[0] - datetime.timedelta(days=1))
    assert set(compute(city, *before, keys=campaigns_demo.PLEIKU_KEYS).values()) == {0}
    first_year = compute(city, PLEIKU[0], datetime.date(2016, 9, 30), keys=campaigns_demo.PLEIKU_KEYS)
    assert 0 < first_year["meetings_standing_board"] < 84 and 0 < first_year["meetings_liaison"] < 100


def test_ngu_hanh_son_reproduces_seed_003(unit):
    district = unit("HU494")
    figures = compute(district, *NGU_HANH_SON)
    # "Từ năm 2007 đến nay, Quận ủy Ngũ Hành Sơn kết nạp 1.411 đảng viên mới; …"
    assert figures["admissions"] == 1411
    # "… chỉ định, giới thiệu ứng cử bổ sung 239 lượt cán bộ cấp cơ sở; …"
    assert figures["nominations_election"] == 239
    # "… tiến hành kiểm tra, giám sát quy chế làm việc của 20 lượt tổ chức cơ sở Đảng; …"
    assert figures["inspections"] + figures["supervisions"] == 20
    inspected = Inspection.objects.filter(unit=district, starts_on__range=NGU_HANH_SON)
    assert inspected.filter(subject_kind=SubjectKind.ORGANISATION, title__contains="quy chế làm việc").count() == 20
    assert set(inspected.values_list("subject_unit__kind", flat=True)) <= GRASSROOTS | {UnitKind.COMMUNE_COMMITTEE}
    # "… giới thiệu 8 lượt cán bộ để giới thiệu, bổ nhiệm chức danh Chủ tịch, Phó Chủ tịch UBND quận…"
    assert figures["nominations_appointment"] == 8
    appointments = Nomination.objects.filter(path_prefix_q(district.path, "unit_path"), kind=NominationKind.APPOINTMENT)
    assert set(appointments.values_list("body__code", flat=True)) == {"HU494-UBND"}
    # "Sáng ngày 30/11/2021, Ban Thường vụ Quận ủy tổ chức Hội nghị Tổng kết 15 năm thực hiện Nghị quyết Trung ương 5"
    assert one(district, (NGU_HANH_SON[1], NGU_HANH_SON[1]), "meetings_review") == 1


def test_ngu_hanh_son_admissions_belong_to_the_period(unit):
    district = unit("HU494")
    members = Member.objects.filter(path_prefix_q(district.path, "unit_path"))
    assert members.filter(admitted_on__range=NGU_HANH_SON).count() == 1411
    # admitted by the district before 2007 and after 30/11/2021: not counted
    assert one(district, (datetime.date(1997, 1, 1), datetime.date(2006, 12, 31)), "admissions") > 0
    assert one(district, (datetime.date(2021, 12, 1), timezone.localdate()), "admissions") > 0
    # members admitted before the district was created (1997) joined its cells then: not its admissions
    assert members.filter(admitted_on__year__lt=1997).exists()
    assert one(district, (datetime.date(1930, 1, 1), datetime.date(1996, 12, 31)), "admissions") == 0
    # spread over the fifteen years, none empty and none holding a quarter of them
    years = Counter(
        d.year for d in members.filter(admitted_on__range=NGU_HANH_SON).values_list("admitted_on", flat=True)
    )
    assert sorted(years) == list(range(2007, 2022)) and max(years.values()) < 1411 / 4


def test_song_cong_reproduces_seed_000(unit):
    # "Chiều 9-2, đồng chí …, Bí thư Thành ủy Sông Công đã chủ trì Hội nghị tổng kết đổi mới phương thức lãnh đạo
    # của Đảng" (17:34, 09/02/2017)
    day = datetime.date(2017, 2, 9)
    assert one(unit("HU165"), (day, day), "meetings_review") == 1


def test_song_cong_has_a_plan_for_this_year(unit):
    from django.utils import timezone

    from lanhdao.reports.plans.selectors import targets_of

    plan = targets_of(unit("HU165"), timezone.localdate().year)
    assert plan["admissions"] == 40 and plan["meetings_standing_board"] == 24 and len(plan) == 8


def test_meetings_are_spread_over_the_term_on_distinct_days(unit):
    city = unit("HU622")
    for kind, weekday in [(MeetingKind.STANDING_MEMBERS, 0), (MeetingKind.STANDING_BOARD, 3), (MeetingKind.LIAISON, 2)]:
        meetings = Meeting.objects.filter(path_prefix_q(city.path, "unit_path"), kind=kind)
        days = list(meetings.values_list("date", flat=True))
        assert len(set(days)) == len(days) and {d.weekday() for d in days} == {weekday}
        assert {(d.year, d.month) for d in days} >= {(2016, m) for m in range(1, 13)}  # every month of a full year


def test_every_event_happens_while_its_units_are_in_force(unit):
    provinces = [unit("TU64"), unit("TU48")]

    def in_force(u: Unit, day: datetime.date) -> bool:
        return (u.valid_from is None or u.valid_from <= day) and (u.valid_to is None or day <= u.valid_to)

    events = []
    for province in provinces:
        under = path_prefix_q(province.path, "unit_path")
        events += [(m.unit, m.date) for m in Meeting.objects.filter(under).select_related("unit")]
        events += [(v.unit, v.visited_on) for v in FieldVisit.objects.filter(under).select_related("unit")]
        events += [(v.place_unit, v.visited_on) for v in FieldVisit.objects.filter(under).select_related("place_unit")]
        events += [(d.unit, d.held_on) for d in Dialogue.objects.filter(under).select_related("unit")]
        events += [(d.unit, d.held_on) for d in ReceptionDay.objects.filter(under).select_related("unit")]
        events += [(n.unit, n.nominated_on) for n in Nomination.objects.filter(under).select_related("unit")]
        events += [(n.body, n.nominated_on) for n in Nomination.objects.filter(under).select_related("body")]
        for i in Inspection.objects.filter(under).select_related("unit", "subject_unit"):
            events += [(i.unit, i.starts_on), (i.subject_unit, i.starts_on)]
        events += [(p.unit, p.started_on) for p in Placement.objects.filter(under).select_related("unit")]
    assert len(events) > 2500
    committees = {u.pk: u for u in Unit.objects.filter(kind=UnitKind.DISTRICT_COMMITTEE, code__in=["HU622", "HU494"])}
    late = [(u.code, day) for u, day in events if not in_force(u, day)]
    late += [
        (c.code, day)
        for u, day in events
        for c in committees.values()
        if u.path.startswith(c.path) and not in_force(c, day)
    ]
    assert late == []


def test_the_drafted_reports_and_their_docx_carry_the_articles_figures(unit):
    pleiku = CampaignReport.objects.get(unit=unit("HU622"), campaign__period_end=PLEIKU[1])
    assert (pleiku.campaign.unit.code, pleiku.campaign.period_start) == ("TU64", PLEIKU[0])
    ngu_hanh_son = CampaignReport.objects.get(unit=unit("HU494"), campaign__period_start=NGU_HANH_SON[0])
    assert (ngu_hanh_son.campaign.unit.code, ngu_hanh_son.campaign.period_end) == ("TU48", NGU_HANH_SON[1])
    ubnd_dialogues = one(unit("HU622-UBND"), PLEIKU, "dialogues")
    expected = {
        pleiku: {
            "meetings_standing_members": 84,
            "meetings_standing_board": 84,
            "meetings_plenum": 17,
            "meetings_liaison": 100,
            "field_visits": 27,
            "dialogues": 5 + ubnd_dialogues,
            "reception_days": 47,
        },
        ngu_hanh_son: {
            "admissions": 1411,
            "nominations_election": 239,
            "nominations_appointment": 8,
            "inspections": 20,
        },
    }
    for report, figures in expected.items():
        assert report.figures == figures
        document = Document(io.BytesIO(render_docx(report_document(report))))
        header = [p.text for p in document.tables[0].cell(0, 0).paragraphs]
        assert header[1] == report.unit.name.upper()
        written = {row.cells[0].text: row.cells[1].text for row in document.tables[1].rows[1:]}
        assert written == {str(BY_KEY[key].label): number_text(n) for key, n in figures.items()}
    assert number_text(1411) == "1.411"  # as the article writes it


def test_after_the_2025_reform_the_closed_district_keeps_its_figures(unit):
    district, old_wards = (
        unit("HU494"),
        list(Unit.objects.filter(code__in=["DU20284", "DU20285", "DU20287", "DU20290"])),
    )
    admin = User.objects.get(username="admin")
    reform2025.apply_reform(
        actor=admin,
        province=unit("TU48"),
        province_code=48,
        legal_basis_text="Nghị quyết số 202/2025/QH15 (dữ liệu minh họa)",
    )
    district.refresh_from_db()
    assert district.valid_to == datetime.date(2025, 6, 30) and district.archived_at is not None
    keys = ["admissions", "nominations_election", "nominations_appointment", "inspections"]
    assert compute(district, *NGU_HANH_SON, keys=keys) == {
        "admissions": 1411,
        "nominations_election": 239,
        "nominations_appointment": 8,
        "inspections": 20,
    }
    # the new ward formed from the four old ones reports their admissions only when asked to include them
    ward = unit("XA20285")
    in_old_wards = sum(one(w, NGU_HANH_SON, "admissions") for w in old_wards)
    assert 0 < in_old_wards < 1411
    assert one(ward, NGU_HANH_SON, "admissions") == 0
    assert one(ward, NGU_HANH_SON, "admissions", include_predecessors=True) == in_old_wards
