"""Issue 13, finding 4: figures and confidential records.

A figure counts every record of the unit and period, whoever reads it (a review's figures must be true and the same
in every output and for every reader), and says how many of them are confidential ("11 (1 confidential)"), never
which: the drill-down lists only what its reader may open and says how many more there are. Reproduced on district A
with ten Standing-Board meetings and an eleventh that is confidential (Mật): a Normal reader (bob) saw 10 listed and
11 in the figures and the DOCX, with no word of why; a Secret reader (alice) sees the same 11 and the meeting.
"""

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from docx import Document as Docx
from openpyxl import load_workbook

from conftest import make_user, shown
from lanhdao.accounts.roles import Clearance, Role
from lanhdao.campaigns import services as campaigns
from lanhdao.campaigns.models import CampaignReport
from lanhdao.documents.models import Document
from lanhdao.inspections import services as inspection_services
from lanhdao.inspections.models import Programme
from lanhdao.meetings.models import Meeting, MeetingKind
from lanhdao.reports import indicators
from lanhdao.reports.rendering.docx import render_docx
from lanhdao.reports.rendering.sample import review_report
from lanhdao.reports.rendering.xlsx import render_xlsx
from lanhdao.work.models import Task

D = datetime.date
START, END = D(2025, 1, 1), D(2025, 12, 31)
PERIOD = {"start": START.isoformat(), "end": END.isoformat()}
NOW = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)
SECRET_MEETING = "Họp BTV mật về công tác nhân sự Z9"
SECRET_DOCUMENT = "Nghị quyết mật về nhân sự Q7"
SECRET_TASK = "Nhiệm vụ mật triển khai Q7"
SECRET_INSPECTION = "Kiểm tra mật dấu hiệu vi phạm K3"
BOARD = "meetings_standing_board"


@pytest.fixture
def secret(world):
    """District A in 2025: ten Standing-Board meetings and a confidential eleventh; one normal and one confidential
    document, task and inspection (in a programme)."""
    with time_machine.travel(NOW, tick=False):
        w = world
        a = w.district_a
        for n in range(10):
            Meeting.objects.create(
                unit=a,
                unit_path=a.path,
                kind=MeetingKind.STANDING_BOARD,
                date=D(2025, 1 + n, 5),
                title=f"Họp BTV thường kỳ {n + 1}",
            )
        w.meeting = Meeting.objects.create(
            unit=a,
            unit_path=a.path,
            kind=MeetingKind.STANDING_BOARD,
            date=D(2025, 11, 20),
            title=SECRET_MEETING,
            confidentiality=Clearance.SECRET,
        )
        Document.objects.create(
            owner=a, kind="NQ", issuer_code="HU", title="Nghị quyết thường", issued_on=D(2025, 2, 1)
        )
        w.document = Document.objects.create(
            owner=a,
            kind="NQ",
            issuer_code="HU",
            title=SECRET_DOCUMENT,
            issued_on=D(2025, 3, 1),
            confidentiality=Clearance.SECRET,
        )
        for title, level in (("Nhiệm vụ thường", 0), (SECRET_TASK, Clearance.SECRET)):
            Task.objects.create(
                title=title,
                assigning_unit=a,
                lead_unit=a,
                lead_path=a.path,
                start_date=D(2025, 4, 1),
                deadline=D(2025, 5, 1),
                confidentiality=level,
            )
        w.task = Task.objects.get(title=SECRET_TASK)
        w.programme = Programme.objects.create(
            unit=a, unit_path=a.path, span="year", title="Chương trình 2025", starts_on=START, ends_on=END
        )
        for title, level in (("Kiểm tra thường", 0), (SECRET_INSPECTION, Clearance.SECRET)):
            inspection_services.inspection_create(
                actor=w.alice,
                unit=a,
                kind="inspection",
                subject_unit=w.commune_a,
                title=title,
                starts_on=D(2025, 6, 1),
                team="T",
                programme=w.programme,
                confidentiality=level,
            )
        yield w


def _absent(text: str, world) -> None:
    """Nothing of a confidential record in `text`: not its title, nor its date."""
    for title in (SECRET_MEETING, SECRET_DOCUMENT, SECRET_TASK, SECRET_INSPECTION):
        assert title not in text
    assert "20/11/2025" not in text and "2025-11-20" not in text  # the confidential meeting's date


def test_the_engine_counts_every_record_and_says_how_many_are_confidential(secret, django_assert_num_queries):
    keys = [BOARD, "meetings_held", "documents_issued", "tasks_assigned", "inspections", "admissions"]
    # the same statements as before: one per source (tasks: one per path), the confidential count an aggregate of them
    with django_assert_num_queries(6):
        found = indicators.compute(secret.district_a, START, END, keys=keys)
    assert {k: found[k] for k in keys[:5]} == {
        BOARD: 11,
        "meetings_held": 11,
        "documents_issued": 2,
        "tasks_assigned": 2,
        "inspections": 2,
    }
    assert found.confidential == {
        BOARD: 1,
        "meetings_held": 1,
        "documents_issued": 1,
        "tasks_assigned": 1,
        "inspections": 1,
        "admissions": 0,
    }
    rows = {row.unit.code: row for row in indicators.compare_children(secret.province, START, END, keys)}
    assert rows["HA"].values[BOARD] == 11 and rows["HA"].confidential[BOARD] == 1
    assert rows["HB"].confidential[BOARD] == 0


def test_a_normal_reader_sees_the_whole_figure_with_its_confidential_count_and_nothing_of_the_record(
    secret, client_for
):
    response = client_for(secret.bob).get(reverse("reports:dashboard"), {"unit": secret.district_a.pk, **PERIOD})
    assert response.status_code == 200
    card = {c.indicator.key: c for _label, cards in response.context["groups"] for c in cards}[BOARD]
    assert (card.value, card.confidential) == (11, 1)
    body = response.content.decode()
    assert shown(response, "%(n)s confidential", n=1) in body
    _absent(body, secret)
    # the comparison of the units under the province says it too
    province = client_for(secret.root).get(
        reverse("reports:dashboard"), {"unit": secret.province.pk, "compare": BOARD, **PERIOD}
    )
    cells = {row.unit.code: cells for row, cells in province.context["rows"]}
    assert cells["HA"][0][1] == 11 and cells["HA"][0][5] == 1


def test_the_drill_down_lists_what_the_reader_may_open_and_says_how_many_more(secret, client_for):
    """The Normal reader sees 10 of 11 and is told of one more; the Secret reader sees all 11, the meeting too."""
    query = {"unit": secret.district_a.pk, "indicator": BOARD, **PERIOD}
    bob = client_for(secret.bob).get(reverse("reports:drilldown"), query)
    assert bob.context["figure"] == 11 and bob.context["confidential"] == 1
    assert bob.context["page"].paginator.count == 10 == bob.context["shown_total"] and bob.context["hidden"] == 1
    body = bob.content.decode()
    assert "Họp BTV thường kỳ 1" in body
    _absent(body, secret)
    assert (
        shown(bob, "%(n)s more record behind this figure that you may not open: it is counted, not shown.", n=1) in body
    )
    alice = client_for(secret.alice).get(reverse("reports:drilldown"), query)
    assert (
        alice.context["figure"] == 11 and alice.context["page"].paginator.count == 11 and alice.context["hidden"] == 0
    )
    assert SECRET_MEETING in alice.content.decode()


@pytest.mark.parametrize(
    ("key", "title"),
    [("documents_issued", SECRET_DOCUMENT), ("tasks_assigned", SECRET_TASK), ("inspections", SECRET_INSPECTION)],
)
def test_no_drill_down_lists_a_confidential_record_to_a_normal_reader(secret, client_for, key, title):
    query = {"unit": secret.district_a.pk, "indicator": key, **PERIOD}
    bob = client_for(secret.bob).get(reverse("reports:drilldown"), query)
    assert bob.context["figure"] == 2 and bob.context["confidential"] == 1 and bob.context["hidden"] == 1
    assert title not in bob.content.decode()
    assert title in client_for(secret.alice).get(reverse("reports:drilldown"), query).content.decode()


def test_the_api_gives_the_same_figure_and_its_confidential_count_to_every_reader(secret, api_for):
    query = {"unit": secret.district_a.pk, "keys": f"{BOARD},tasks_assigned", **PERIOD}
    answers = [api_for(user).get("/api/indicators/compute/", query) for user in (secret.bob, secret.alice)]
    for answer in answers:
        assert answer.status_code == 200
        assert answer.json()["values"] == {BOARD: 11, "tasks_assigned": 2}
        assert answer.json()["confidential"] == {BOARD: 1, "tasks_assigned": 1}
        _absent(answer.content.decode(), secret)
    children = (
        api_for(secret.root)
        .get("/api/indicators/children/", {"unit": secret.province.pk, "keys": BOARD, **PERIOD})
        .json()
    )
    assert {r["code"]: r["confidential"][BOARD] for r in children["rows"]}["HA"] == 1
    schemas = api_for(secret.root).get("/api/schema/", {"format": "json"}).json()["components"]["schemas"]
    for name in ("Compute", "Child", "CampaignSum"):  # the schema documents it
        assert "confidential" in schemas[name]["properties"], name
    assert "figures_confidential" in schemas["CampaignReport"]["properties"]


def test_meeting_and_inspection_figures_say_how_many_are_confidential(secret, api_for):
    api = api_for(secret.bob)
    meetings = api.get("/api/meeting-figures/", {"unit": secret.district_a.pk, **PERIOD}).json()
    assert meetings["meetings_held"][MeetingKind.STANDING_BOARD] == 11
    assert meetings["confidential"]["meetings_held"][MeetingKind.STANDING_BOARD] == 1
    inspections = api.get("/api/inspection-figures/", {"unit": secret.district_a.pk, **PERIOD})
    assert inspections.json()["inspections"] == 2 and inspections.json()["confidential"]["inspections"] == 1
    _absent(inspections.content.decode(), secret)


def test_programme_counts_say_how_many_are_confidential_and_the_list_how_many_more(secret, client_for):
    bob = client_for(secret.bob)
    listed = bob.get(reverse("inspections:programme_list"), {"unit": secret.district_a.pk})
    assert shown(listed, "%(n)s confidential", n=1) in listed.content.decode()
    page = bob.get(reverse("inspections:programme_detail", args=[secret.programme.pk]))
    body = page.content.decode()
    assert page.context["progress"].n_planned == 2 and page.context["progress"].n_confidential == 1
    assert page.context["not_listed"] == 1 and "Kiểm tra thường" in body
    _absent(body, secret)
    alice = client_for(secret.alice).get(reverse("inspections:programme_detail", args=[secret.programme.pk]))
    assert alice.context["not_listed"] == 0 and SECRET_INSPECTION in alice.content.decode()


@pytest.fixture
def review(secret):
    """A campaign of the province over 2025 asking for the Standing-Board meetings: district A's draft."""
    issuer = make_user("paula", role=Role.SECRETARY, unit=secret.province)
    with time_machine.travel(NOW, tick=False):
        campaign = campaigns.campaign_open(
            actor=issuer,
            unit=secret.province,
            title="Tổng kết năm 2025",
            period_start=START,
            period_end=END,
            deadline=D(2026, 4, 30),
            indicator_keys=[BOARD, "tasks_assigned"],
        )
    return CampaignReport.objects.get(campaign=campaign, unit=secret.district_a)


def _docx_text(content: bytes) -> str:
    document = Docx(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _xlsx_cells(content: bytes) -> list[tuple]:
    book = load_workbook(io.BytesIO(content))
    return [row for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]


def test_campaign_drafts_and_their_files_carry_the_same_figure_and_confidential_count(secret, review, client_for):
    assert review.figures[BOARD] == 11 and review.figures_confidential == {BOARD: 1, "tasks_assigned": 1}
    client = client_for(secret.bob)
    page = client.get(reverse("campaigns:report", args=[review.pk]))
    assert page.status_code == 200 and shown(page, "%(n)s confidential", n=1) in page.content.decode()
    _absent(page.content.decode(), secret)
    docx = client.get(reverse("campaigns:report_file", args=[review.pk, "docx"]))
    text = _docx_text(docx.content)
    assert shown(docx, "Of which confidential") in text
    _absent(text, secret)
    xlsx = client.get(reverse("campaigns:report_file", args=[review.pk, "xlsx"]))
    cells = _xlsx_cells(xlsx.content)
    label = str(indicators.BY_KEY[BOARD].label)
    assert any(row[:3] == (label, 11, 1) for row in cells)
    _absent(" ".join(str(c) for row in cells for c in row if c is not None), secret)


def test_the_aggregate_sums_the_confidential_counts_of_the_submitted_reports(secret, review, client_for):
    from lanhdao.campaigns import selectors as sel

    sections = {s["key"]: "x" for s in review.campaign.outline}
    with time_machine.travel(NOW, tick=False):
        report = campaigns.report_save_sections(actor=secret.alice, report=review, sections=sections)
        campaigns.report_submit(actor=secret.alice, report=report)
    found = sel.aggregate(review.campaign)
    assert [(i.key, v, c) for i, v, c in found.rows] == [(BOARD, 11, 1), ("tasks_assigned", 2, 1)]


def test_the_review_report_file_counts_the_confidential_meeting_and_says_so_without_naming_it(secret):
    """The sample review DOCX of the issue: 11 Standing-Board meetings, of which 1 confidential, whoever prints it."""
    with time_machine.travel(NOW, tick=False):
        document = review_report(secret.district_a, 2025)
    meetings = document.tables[0].rows
    board = str(MeetingKind.STANDING_BOARD.label)
    assert [board, 11, 1] in meetings
    text = _docx_text(render_docx(document))
    _absent(text, secret)
    cells = _xlsx_cells(render_xlsx(document))
    assert any(row[:3] == (board, 11, 1) for row in cells)


def test_the_plan_page_shows_last_years_figure_with_its_confidential_count(secret, client_for):
    response = client_for(secret.bob).get(reverse("reports:targets_edit", args=[secret.district_a.pk, 2026]))
    assert response.status_code == 200
    rows = {row[0].key: row for _label, rows in response.context["groups"] for row in rows}
    assert rows[BOARD][3:] == (11, 1)
    _absent(response.content.decode(), secret)
