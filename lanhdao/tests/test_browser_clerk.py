"""A clerk's day (issue 15's "done when"): pages only — no address typed beyond the sign-in page, no internal code
typed; units and people chosen by name through the pickers — at 1366 and at 375 px wide. On each page visited: no
sideways scroll, no English string of the catalogue left untranslated, no console error, no axe-core violation above
moderate; a screenshot of each step in docs/screenshots/clerk/. Debian's chromium, driven by Playwright."""

import datetime
import json
import os
import re
import tempfile
from pathlib import Path

import pytest
from django.utils import timezone
from django.utils.translation import gettext, override

from conftest import PASSWORD, make_user
from lanhdao.tests.test_browser import ARGS, CHROMIUM, pytestmark  # noqa: F401  (the skip rule)
from lanhdao.tests.test_browser_phone import AXE, axe_installed  # noqa: F401  (the fixture)

# The pictures of docs/screenshots/clerk/ are remade with LANHDAO_SCREENSHOTS=1; a plain run keeps them in a temporary
# folder, so that running the suite leaves the working tree as it was.
SHOTS = (
    Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "clerk"
    if os.environ.get("LANHDAO_SCREENSHOTS")
    else Path(tempfile.gettempdir()) / "lanhdao-clerk-screenshots"
)
VIEWPORTS = {1366: {"width": 1366, "height": 900}, 375: {"width": 375, "height": 740}}


def vi(msgid: str) -> str:
    """What the page shows for a msgid: the Vietnamese catalogue is the default whatever the browser asks."""
    with override("vi"):
        return gettext(msgid)


def english_phrases() -> set[str]:
    """The catalogue's English msgids of four words or more that have a Vietnamese translation (and no placeholder,
    which the page fills in): any of them in a page's visible text is a string that escaped translation."""
    from django.utils.translation import trans_real

    with override("vi"):
        catalog = trans_real.translation("vi")._catalog
    phrases = set()
    for msgid, msgstr in catalog.items():
        if not isinstance(msgid, str) or "\x04" in msgid or not msgstr or msgstr == msgid:
            continue
        if re.search(r"[%{}<>\n]", msgid) or len(msgid.split()) < 4:
            continue
        phrases.add(msgid)
    return phrases


class Day:
    """One browser page through the day, and the checks each page visited must pass."""

    def __init__(self, page, live_server, width: int):
        self.page, self.url, self.width = page, live_server.url, width
        self.step_no = 0
        self.problems: list[str] = []
        self.errors: list[str] = []
        self.english = english_phrases()
        page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        page.add_init_script(path=str(AXE))
        SHOTS.mkdir(parents=True, exist_ok=True)

    # --- checks -------------------------------------------------------------------------------------------------
    def check(self, what: str) -> None:
        page = self.page
        page.wait_for_load_state("networkidle")
        where = f"{what} ({page.url.removeprefix(self.url)})"
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if scroll > inner:
            self.problems.append(f"{where}: scrolls sideways, {scroll} px > {inner} px")
        text = page.evaluate("document.body.innerText")
        left = sorted(p for p in self.english if p in text)
        if left:
            self.problems.append(f"{where}: untranslated {left[:5]}")
        if self.errors:
            self.problems.append(f"{where}: {self.errors[:5]}")
            self.errors.clear()
        violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
        self.problems += [
            f"{where}: axe {v['id']} ({v['impact']}): {v['help']} — {json.dumps([n['target'] for n in v['nodes']][:3])}"
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]

    def shot(self, step: str) -> None:
        """The page checked, and its screenshot kept as the step's picture."""
        self.check(step)
        self.step_no += 1
        self.page.screenshot(path=SHOTS / f"{self.width}-{self.step_no:02d}-{step}.png")

    # --- moving about by links only -----------------------------------------------------------------------------
    def sign_in(self, username: str) -> None:
        from conftest import authenticator_for, current_code
        from lanhdao.accounts.models import User
        from lanhdao.accounts.selectors import needs_second_factor

        user = User.objects.get(username=username)
        device = authenticator_for(user) if needs_second_factor(user) else None
        page = self.page
        page.goto(f"{self.url}/login/")  # the one address typed
        self.check("sign-in")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("form.stacked button[type=submit]")
        if device is not None:
            page.wait_for_url("**/users/second-factor/**")
            page.fill("#id_token", current_code(device))
            page.click("form.stacked button[type=submit]")
        page.wait_for_url(f"{self.url}/")
        self.check("home")

    def sign_out(self) -> None:
        self.open_menu()
        self.page.get_by_role("button", name=vi("Sign out")).click()
        self.page.wait_for_url("**/login/**")

    def open_menu(self) -> None:
        toggle = self.page.locator(".menu-toggle")
        if toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false":
            toggle.click()

    def nav(self, msgid: str) -> None:
        """Follow a link of the top bar (behind the menu button on a phone)."""
        self.open_menu()
        with self.page.expect_navigation():
            self.page.get_by_role("navigation", name=vi("Main menu")).get_by_role("link", name=vi(msgid)).click()

    def follow(self, name: str, *, exact: bool = False) -> None:
        with self.page.expect_navigation():
            self.page.get_by_role("link", name=name, exact=exact).first.click()

    def submit(self, name: str) -> None:
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=name, exact=True).click()

    def pick(self, selector: str, typed: str, option: str, *, keyboard: bool = True) -> None:
        """Choose a unit or a person by name: type part of it, then the keyboard (or a click) on the suggestion."""
        box = self.page.locator(selector)
        box.fill(typed)
        suggestion = self.page.locator(f'[role=option][data-label^="{option}"]').first
        suggestion.wait_for()
        if keyboard:  # down the list to the option, then Enter (which picks; it does not submit the form)
            for _ in range(10):
                box.press("ArrowDown")
                active = self.page.locator(f"#{box.get_attribute('aria-activedescendant')}")
                if active.get_attribute("data-label").startswith(option):
                    break
            box.press("Enter")
        else:
            suggestion.click()

    def date(self, selector: str, day: datetime.date) -> None:
        self.page.fill(selector, f"{day:%d/%m/%Y}")


@pytest.fixture
def clerk_world(world):
    """A city committee's office clerk, the head of one of its departments (the lead unit), a cell secretary, the
    organisation board; and a higher resolution already registered, which the clerk's plan implements."""
    from conftest import make_member
    from lanhdao.accounts.roles import Role
    from lanhdao.campaigns import services as campaigns
    from lanhdao.documents.models import Document

    today = timezone.localdate()
    world.clerk = make_user("clerk", role=Role.OFFICE_STAFF, unit=world.district_a, full_name="Phạm Thu Hà")
    world.head = make_user("head", role=Role.DEPARTMENT_HEAD, unit=world.dept_a, full_name="Ngô Văn Nam")
    world.celia = make_user("celia", role=Role.CELL_SECRETARY, unit=world.cell_a, full_name="Lê Thị Mai")
    world.olga = make_user("olga", role=Role.ORGANISATION_BOARD, unit=world.district_a, full_name="Đỗ Minh Tâm")
    world.resolution = Document.objects.create(
        owner=world.province,
        symbol="05-NQ/TU",
        number="05",
        kind="NQ",
        issuer_code="TU",
        title="Nghị quyết về chuyển đổi số trong hệ thống chính trị tỉnh",
        issued_on=timezone.localdate() - datetime.timedelta(days=60),
    )
    campaigns.campaign_open(
        actor=world.root,
        unit=world.province,
        title="Sơ kết 6 tháng thực hiện Nghị quyết 05-NQ/TU",
        period_start=today - datetime.timedelta(days=180),
        period_end=today,
        deadline=today + datetime.timedelta(days=20),
        document=world.resolution,
    )
    world.member = make_member(world.cell_a, "Trần Văn Hùng", birth_date=datetime.date(1979, 3, 8))
    return world


@pytest.fixture
def browser(live_server, monkeypatch):
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield browser
        browser.close()


# --- the steps ----------------------------------------------------------------------------------------------------
def register_and_link_a_document(day: Day, world) -> None:
    page = day.page
    day.nav("Documents")
    day.check("documents")
    day.follow(vi("Register a document"))
    day.pick("#id_owner", "huyen uy an", "Huyện ủy An")
    page.fill("#id_symbol", "15-KH/HU")
    page.fill("#id_title", "Kế hoạch thực hiện Nghị quyết 05-NQ/TU về chuyển đổi số")
    day.date("#id_issued_on", timezone.localdate() - datetime.timedelta(days=3))
    day.shot("register-document")
    day.submit(vi("Save"))
    expect_h1(page, "15-KH/HU")
    # linked to the resolution it implements, by the symbol printed on it
    page.get_by_label(vi("Relation")).select_option(label=vi("implements"))
    page.get_by_label(vi("Target document (symbol or id)")).fill("05-NQ/TU")
    day.submit(vi("Link"))
    page.get_by_role("link", name="05-NQ/TU").first.wait_for()
    day.shot("document-linked")
    # the reference reader finds both documents cited in a text, each linked to its page
    day.nav("Documents")
    day.follow(vi("Find references in a text"))
    page.fill("#id_text", "Thực hiện Nghị quyết số 05-NQ/TU và Kế hoạch số 15-KH/HU, Ban Thường vụ đã chỉ đạo …")
    day.submit(vi("Read"))
    page.locator("main table").get_by_role("link", name="15-KH/HU").first.wait_for()
    page.locator("main table").scroll_into_view_if_needed()
    day.shot("reference-reader")
    day.follow("15-KH/HU")


def assign_tasks(day: Day, world) -> None:
    page = day.page
    day.follow(vi("Assign a task implementing it"))
    page.fill("#id_title", "Xây dựng cơ sở dữ liệu văn bản điện tử của huyện")
    day.pick("#id_lead_unit", "noi vu", "Phòng Nội vụ huyện An")
    day.pick("#id_coordinating_units", "xa an mot", "Đảng ủy xã An Một", keyboard=False)
    page.locator(".chip", has_text="Đảng ủy xã An Một").wait_for()
    day.date("#id_deadline", timezone.localdate() + datetime.timedelta(days=5))  # due soon: on the home page
    day.shot("assign-task")
    day.submit(vi("Save"))
    page.locator("h1", has_text="Xây dựng cơ sở dữ liệu").wait_for()
    day.shot("task-assigned")


def report_and_propose(day: Day, world) -> None:
    page = day.page
    day.sign_in("head")
    day.follow("Xây dựng cơ sở dữ liệu văn bản điện tử của huyện")
    page.fill("#id_percent", "60")
    page.fill("#id_text", "Đã số hóa 1.200 văn bản")
    day.submit(vi("Report"))
    page.fill("#propose-text", "Đã số hóa toàn bộ văn bản từ năm 2015")
    day.submit(vi("Propose completion"))
    expect_h1(page, vi("Awaiting acceptance"))
    day.shot("task-proposed")
    day.sign_out()


def accept(day: Day, world) -> None:
    page = day.page
    day.sign_in("clerk")
    day.shot("home-to-accept")
    day.follow("Xây dựng cơ sở dữ liệu văn bản điện tử của huyện")
    day.submit(vi("Accept as done"))
    expect_h1(page, vi("Done on time"))
    day.shot("task-accepted")


def standing_board_meeting(day: Day, world) -> None:
    page = day.page
    day.nav("Meetings")
    day.check("meetings")
    day.follow(vi("Record a meeting"))
    day.pick("#id_unit", "huyen uy an", "Huyện ủy An")
    page.get_by_label(vi("Kind of meeting")).select_option(label=vi("Standing Board meeting"))
    page.fill("#id_title", "Cho ý kiến về kế hoạch chuyển đổi số")
    day.date("#id_date", timezone.localdate())
    day.shot("record-meeting")
    day.submit(vi("Save"))
    page.locator("#meeting-title").wait_for()
    day.follow(vi("Conclusion notice and tasks"))
    page.fill("#id_text", "Thường trực thống nhất giao Phòng Nội vụ hoàn thiện kế hoạch.")
    page.fill("#id_points-0-title", "Hoàn thiện kế hoạch chuyển đổi số")
    day.pick("#id_points-0-lead_unit", "noi vu", "Phòng Nội vụ huyện An")
    day.date("#id_points-0-deadline", timezone.localdate() + datetime.timedelta(days=20))
    day.shot("meeting-conclusion")
    day.submit(vi("Save the conclusion and assign the tasks"))
    page.locator("#points tbody tr").first.wait_for()
    day.shot("meeting-tasks")


def field_visit(day: Day, world) -> None:
    page = day.page
    day.nav("Work with the people")
    day.check("people")
    day.follow(vi("Record a field visit"))
    day.pick("#id_unit", "huyen uy an", "Huyện ủy An")
    day.date("#id_visited_on", timezone.localdate() - datetime.timedelta(days=1))
    day.pick("#id_visitor", "pham thu", "Phạm Thu Hà", keyboard=False)
    day.pick("#id_place_unit", "xa an mot", "Đảng ủy xã An Một")
    page.fill("#id_purpose", "Nắm tình hình sản xuất vụ đông")
    page.fill("#id_summary", "Bà con phản ánh thiếu nước tưới.")
    day.shot("field-visit")
    day.submit(vi("Save"))
    page.get_by_text("Nắm tình hình sản xuất vụ đông").first.wait_for()
    day.shot("field-visit-recorded")


def petition_and_answer(day: Day, world) -> None:
    page = day.page
    day.nav("Work with the people")
    with page.expect_navigation():
        page.locator("a.stat[href*='petitions']").first.click()
    day.check("petitions")
    day.follow(vi("Record a petition"))
    day.pick("#id_receiving_unit", "huyen uy an", "Huyện ủy An")
    page.fill("#id_sender", "Ông Nguyễn Văn Bảy, thôn Một")
    page.fill("#id_subject", "Đề nghị sửa đường giao thông nội đồng")
    page.fill("#id_content", "Đường nội đồng thôn Một xuống cấp sau mưa lũ.")
    day.date("#id_deadline", timezone.localdate() + datetime.timedelta(days=15))
    day.shot("petition")
    day.submit(vi("Save"))
    page.fill("#id_answer", "Huyện đã bố trí kinh phí sửa đường trong quý I.")
    day.shot("petition-answer")
    day.submit(vi("Record the answer"))
    page.get_by_text("Huyện đã bố trí kinh phí sửa đường trong quý I.").first.wait_for()
    day.shot("petition-answered")


def admit_a_member(day: Day, world) -> None:
    """The cell secretary introduces a candidate of age and takes them through to admission, step by step."""
    page = day.page
    today = timezone.localdate()
    introduced, trained, proposed, admitted = (today - datetime.timedelta(days=d) for d in (120, 80, 40, 10))
    day.sign_in("celia")
    day.nav("Members")
    day.check("members")
    day.follow(vi("Introduce a candidate"))
    if page.locator("#id_unit").input_value() == "":
        day.pick("#id_unit", "chi bo thon mot", "Chi bộ thôn Một")
    day.date("#id_introduced_on", introduced)
    page.fill("#id_full_name", "Hoàng Văn Kết Nạp")
    page.locator("#id_gender").select_option("male")
    day.date("#id_birth_date", datetime.date(1995, 6, 15))  # of age: the Charter admits from eighteen
    day.shot("introduce-candidate")
    with page.expect_navigation():
        page.click("#member-save")
    for prefix, field, when in (("trained", "trained_on", trained), ("propose", "proposed_on", proposed)):
        day.date(f"#id_{prefix}-{field}", when)
        with page.expect_navigation():
            page.click("#step-save")
    day.date("#id_admit-admitted_on", admitted)
    page.fill("#id_admit-decision", "125-QĐ/HU")
    page.fill("#id_admit-card_number", "93.000777")
    day.shot("admit-member")
    with page.expect_navigation():
        page.click("#step-save")
    page.locator("#probation-ends").wait_for()
    day.shot("member-admitted")
    day.sign_out()


def preview_a_restructuring(day: Day, world) -> None:
    """The organisation board finds the commune in the tree by name and previews renaming it (nothing applied)."""
    page = day.page
    day.sign_in("olga")
    day.nav("Organisation")
    page.fill("input[name=q]", "xa an mot")
    day.follow("Đảng ủy xã An Một")
    day.check("unit")
    day.follow(vi("Restructure"), exact=True)
    day.follow(vi("Rename"), exact=True)
    page.fill("#id_name", "Đảng ủy xã An Hòa")
    day.date("#id_effective_on", timezone.localdate() + datetime.timedelta(days=30))
    page.fill("#id_legal_basis_text", "Nghị quyết của Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành chính")
    day.submit(vi("Preview"))
    page.locator("#preview").scroll_into_view_if_needed()
    day.shot("restructuring-preview")


def relay_and_answer_a_review(day: Day, world) -> None:
    """The province's review campaign reaches the district: the clerk relays it to the units under it, writes and
    submits the district's report, and downloads its file."""
    page = day.page
    day.nav("Reviews")
    day.check("reviews")
    day.follow(vi("Review campaigns"), exact=True)
    day.check("review-campaigns")
    day.follow(vi("Draft"), exact=True)
    day.shot("review-report")
    day.submit(vi("Relay the review"))
    day.shot("review-relayed")
    # back to the district's own report, by the breadcrumb
    page.get_by_role("navigation", name=vi("Breadcrumb")).get_by_role("link", name=vi("Review campaigns")).click()
    day.follow(vi("Draft"), exact=True)
    sections = page.locator("form.stacked textarea")
    for n in range(sections.count()):
        sections.nth(n).fill(f"Phần {n + 1}: huyện đã hoàn thành 95% chỉ tiêu chuyển đổi số.")
    day.shot("review-answer")
    day.submit(vi("Save and submit…"))
    day.check("review-submit")
    day.submit(vi("Submit"))
    with page.expect_download() as download:
        page.get_by_role("link", name=vi("Download DOCX")).click()
    assert download.value.suggested_filename.endswith(".docx")
    assert download.value.path().stat().st_size > 0
    day.shot("review-submitted")


def expect_h1(page, text: str) -> None:
    from playwright.sync_api import expect

    expect(page.locator("h1")).to_contain_text(text)


@pytest.mark.parametrize("width", [1366, 375])
def test_a_clerks_day(clerk_world, live_server, browser, axe_installed, width, request):  # noqa: F811
    from lanhdao.campaigns.models import Campaign, CampaignReport
    from lanhdao.members.models import Member
    from lanhdao.people.models import Petition
    from lanhdao.work.models import Task

    page = browser.new_page(locale="en-US", viewport=VIEWPORTS[width])
    page.set_default_timeout(15_000)
    day = Day(page, live_server, width)
    for old in SHOTS.glob(f"{width}-*.png"):
        old.unlink()

    request.addfinalizer(lambda: page.screenshot(path=f"/tmp/clerk_last_{width}.png") if not page.is_closed() else None)
    day.sign_in("clerk")
    register_and_link_a_document(day, clerk_world)
    assign_tasks(day, clerk_world)
    task = Task.objects.get(title="Xây dựng cơ sở dữ liệu văn bản điện tử của huyện")
    assert task.lead_unit == clerk_world.dept_a and task.document.symbol == "15-KH/HU"
    assert list(task.coordinating_units.all()) == [clerk_world.commune_a]
    day.sign_out()
    report_and_propose(day, clerk_world)
    accept(day, clerk_world)
    task.refresh_from_db()
    assert task.accepted_at is not None
    standing_board_meeting(day, clerk_world)
    assert Task.objects.get(title="Hoàn thiện kế hoạch chuyển đổi số").lead_unit == clerk_world.dept_a
    relay_and_answer_a_review(day, clerk_world)
    report = CampaignReport.objects.get(unit=clerk_world.district_a)
    assert report.submitted_at is not None
    assert set(Campaign.objects.exclude(unit=clerk_world.province).values_list("unit", flat=True)) == {
        clerk_world.district_a.pk
    }
    field_visit(day, clerk_world)
    petition_and_answer(day, clerk_world)
    assert Petition.objects.get().answer.startswith("Huyện đã bố trí")
    day.sign_out()
    admit_a_member(day, clerk_world)
    assert Member.objects.get(full_name="Hoàng Văn Kết Nạp").admitted_on is not None
    preview_a_restructuring(day, clerk_world)
    clerk_world.commune_a.refresh_from_db()
    assert clerk_world.commune_a.name == "Đảng ủy xã An Một"  # a preview changes nothing

    assert not day.problems, "\n".join(day.problems)


def test_the_checks_see_english_and_sideways_scroll(clerk_world, live_server, browser, axe_installed):  # noqa: F811
    """The day's checks are not blind: the same home page in English shows the catalogue's phrases, and a page made
    wider than the screen is reported."""
    assert len(english_phrases()) > 200
    page = browser.new_page(locale="en-US", viewport=VIEWPORTS[375])
    day = Day(page, live_server, 375)
    day.sign_in("clerk")
    assert not day.problems
    day.open_menu()
    with page.expect_navigation():
        page.get_by_role("button", name="EN", exact=True).click()
    day.check("home in English")
    assert any("untranslated" in p for p in day.problems), day.problems
    day.problems.clear()
    page.evaluate(
        "() => { const d = document.createElement('div'); d.style.width = '900px'; d.textContent = 'x';"
        " document.querySelector('main').append(d); }"
    )
    day.check("home made wider")
    assert any("scrolls sideways" in p for p in day.problems), (
        day.problems,
        page.evaluate("document.documentElement.scrollWidth"),
    )
