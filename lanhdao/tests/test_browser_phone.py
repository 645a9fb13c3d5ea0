"""The main pages on a phone (375 px wide) and to a screen reader: no sideways scroll, one h1, no serious or critical
accessibility violation found by axe-core (installed from the npm registry by `.ci/run`'s `npm ci`, injected here
from node_modules; never a CDN), the top bar folded into a menu button, and dates typed and picked as dd/mm/yyyy in an
English browser. Debian's chromium, driven by Playwright."""

import datetime
import json
import os
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_member
from lanhdao.tests.test_browser import ARGS, CHROMIUM, pytestmark, sign_in  # noqa: F401  (the skip rule)

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def browser(live_server, monkeypatch):
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield browser
        browser.close()


def open_page(browser, viewport):
    # An English browser: the dates must still read dd/mm/yyyy.
    page = browser.new_page(locale="en-US", viewport=viewport)
    page.set_default_timeout(15_000)
    return page


@pytest.fixture
def main_pages(world):
    """One of each main page, with a record behind each detail page (alice, district A's secretary, sees them all)."""
    from lanhdao.documents.models import Document
    from lanhdao.inspections import services as inspections
    from lanhdao.inspections.models import InspectionKind
    from lanhdao.meetings import services as meetings
    from lanhdao.meetings.models import MeetingKind
    from lanhdao.notifications.services import notify
    from lanhdao.work import services as work

    today = timezone.localdate()
    document = Document.objects.create(
        owner=world.district_a,
        symbol="12-KH/HU",
        number="12",
        kind="KH",
        issuer_code="HU",
        title="Kế hoạch thực hiện Nghị quyết về tinh giản biên chế và cơ cấu lại đội ngũ cán bộ, công chức, viên chức",
        issued_on=today - datetime.timedelta(days=40),
    )
    task = work.task_create(
        actor=world.alice,
        assigning_unit=world.district_a,
        lead_unit=world.commune_a,
        coordinating_units=[world.cell_a],
        document=document,
        title="Rà soát, sắp xếp tổ chức bộ máy các cơ quan, đơn vị theo hướng tinh gọn, hoạt động hiệu lực, hiệu quả",
        start_date=today - datetime.timedelta(days=20),
        deadline=today - datetime.timedelta(days=2),
    )
    meeting = meetings.meeting_create(
        actor=world.alice,
        unit=world.district_a,
        kind=MeetingKind.PLENUM,
        date=today - datetime.timedelta(days=5),
        title="Hội nghị Ban Chấp hành Đảng bộ huyện lần thứ 12 (mở rộng)",
    )
    member = make_member(world.cell_a, "Nguyễn Thị Phương Thảo", birth_date=datetime.date(1985, 4, 2))
    inspections.inspection_create(
        actor=world.alice,
        unit=world.district_a,
        kind=InspectionKind.INSPECTION,
        subject_unit=world.commune_a,
        title="Kiểm tra việc thực hiện quy chế làm việc của Ban Chấp hành Đảng bộ xã nhiệm kỳ 2025–2030",
        starts_on=today - datetime.timedelta(days=10),
        team="Đ/c Trưởng đoàn\nĐ/c Thành viên",
    )
    # an unread notification: the bell and the menu button show its count (their names must include it)
    notify(users=[world.alice], title="Nhiệm vụ quá hạn", url=reverse("work:task_detail", args=[task.pk]), email=False)
    return {
        "org tree": reverse("org:unit_list"),
        "unit": reverse("org:unit_detail", args=[world.commune_a.pk]),
        "documents": reverse("documents:document_list"),
        "document": reverse("documents:document_detail", args=[document.pk]),
        "task board": reverse("work:board"),
        "task": reverse("work:task_detail", args=[task.pk]),
        "meetings": reverse("meetings:meeting_list"),
        "meeting": reverse("meetings:meeting_detail", args=[meeting.pk]),
        "people": reverse("people:home"),
        "members": reverse("members:member_list"),
        "member": reverse("members:member_detail", args=[member.pk]),
        "inspections": reverse("inspections:inspection_list"),
        "reviews": reverse("reports:dashboard"),
        "users": reverse("accounts:user_list"),
        "notifications": reverse("notifications:list"),
    }


WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .filter((e) => !e.closest('table') || e.matches('table'))
  .slice(0, 5).map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
    (e.className && typeof e.className === 'string' ? '.' + e.className.trim().replace(/\\s+/g, '.') : '') +
    ' ' + Math.round(e.getBoundingClientRect().right) + 'px')"""


def axe_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page as it stands, each with the elements it found."""
    result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {json.dumps([n['target'] for n in v['nodes']][:5])}"
        for v in result
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def axe_installed():
    if not AXE.exists():
        if os.environ.get("LANHDAO_REQUIRE_BROWSER"):
            pytest.fail(f"{AXE} is missing: run `npm ci` at the repository's root (.ci/run does)")
        pytest.skip("axe-core is not installed (npm ci)")


def check_pages(page, live_server, pages, *, width: int) -> list[str]:
    # Injected through the browser's debugging channel before each page's own scripts: the page's CSP (script-src
    # 'self') refuses an inline script tag, and the check must not loosen the CSP it runs under.
    page.add_init_script(path=str(AXE))
    problems = []
    for name, path in pages.items():
        response = page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        if response.status != 200:
            problems.append(f"{name} ({path}): status {response.status}")
            continue
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            problems.append(f"{name} ({path}): {scroll} px wide, beyond: {page.evaluate(WIDEST)}")
        headings = page.locator("h1").count()
        if headings != 1:
            problems.append(f"{name} ({path}): {headings} h1")
        problems += [f"{name} ({path}): {v}" for v in axe_violations(page)]
    return problems


def test_main_pages_fit_a_phone_and_pass_axe(world, main_pages, live_server, browser, axe_installed):
    page = open_page(browser, PHONE)
    sign_in(page, live_server, "alice")
    problems = check_pages(page, live_server, main_pages, width=PHONE["width"])
    assert not problems, "\n".join(problems)


def test_main_pages_pass_axe_on_a_wide_screen(world, main_pages, live_server, browser, axe_installed):
    page = open_page(browser, DESKTOP)
    sign_in(page, live_server, "alice")
    problems = check_pages(page, live_server, main_pages, width=DESKTOP["width"])
    assert not problems, "\n".join(problems)


def test_the_top_bar_folds_into_a_menu_on_a_phone(world, live_server, browser):
    page = open_page(browser, PHONE)
    sign_in(page, live_server, "alice")
    page.goto(f"{live_server.url}{reverse('notifications:list')}")  # the tree's search box takes the focus
    toggle = page.locator(".menu-toggle")
    sign_out = page.get_by_role("button", name="Đăng xuất")
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert not sign_out.is_visible()
    # keyboard: the skip link comes first, then the brand, then the menu button
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Bỏ qua đến nội dung"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert sign_out.is_visible() and page.get_by_role("link", name="Nhiệm vụ").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.keyboard.press("Escape")
    assert not sign_out.is_visible()
    # on a wide screen there is no menu button: the links are on the bar
    page.set_viewport_size(DESKTOP)
    assert not toggle.is_visible() and sign_out.is_visible()


def test_skip_link_moves_to_the_content(world, live_server, browser):
    page = open_page(browser, DESKTOP)
    sign_in(page, live_server, "alice")
    page.goto(f"{live_server.url}{reverse('notifications:list')}")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_dates_read_and_pick_as_day_month_year_in_an_english_browser(world, live_server, browser):
    from lanhdao.work.models import Task

    page = open_page(browser, PHONE)
    sign_in(page, live_server, "alice")
    page.goto(f"{live_server.url}{reverse('work:task_create')}")
    start = page.locator("#id_start_date")
    assert start.get_attribute("type") == "text"
    today = timezone.localdate()
    assert start.input_value() == f"{today:%d/%m/%Y}"  # not the browser's mm/dd/yyyy
    # the picker: opens on the button, in Vietnamese (the page's language), keyboard to the next week, Enter picks
    page.get_by_role("button", name="Chọn ngày: Thời hạn").click()
    dialog = page.get_by_role("dialog", name="Chọn ngày")
    dialog.wait_for()
    assert dialog.locator(".datepicker-title").inner_text() == f"Tháng {today.month} {today.year}"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    deadline = today + datetime.timedelta(days=7)
    assert page.locator("#id_deadline").input_value() == f"{deadline:%d/%m/%Y}"
    assert not dialog.is_visible()
    # typing without the picker works too
    page.fill("#id_title", "Tổng kết công tác năm")
    page.fill("#id_lead_unit", "XA1")
    start_day = deadline - datetime.timedelta(days=3)
    page.fill("#id_start_date", f"{start_day:%d/%m/%Y}")
    page.click("form.stacked button[type=submit]")
    page.wait_for_url("**/work/tasks/*/")
    task = Task.objects.get()
    assert task.start_date == start_day and task.deadline == deadline
