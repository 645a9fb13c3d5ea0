"""A person at a browser: sign in, find a unit, open it. Debian's chromium, driven by Playwright; never a download."""

import os
from pathlib import Path

import pytest

from conftest import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [pytest.mark.browser]
if not CHROMIUM.exists() and not os.environ.get("LANHDAO_REQUIRE_BROWSER"):
    pytestmark.append(pytest.mark.skip(reason="Debian's chromium is not installed (.ci/run installs it)"))


@pytest.fixture
def page(live_server, monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls of the fixtures are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        page = browser.new_page(locale="en-US")
        page.set_default_timeout(15_000)
        yield page
        browser.close()


def sign_in(page, live_server, username: str) -> None:
    """The password, then, for an account that needs one, the code its authenticator app shows now (the test gives
    the account a confirmed authenticator and computes the code from its key, as the phone would)."""
    from conftest import authenticator_for, current_code
    from lanhdao.accounts.models import User
    from lanhdao.accounts.selectors import needs_second_factor

    user = User.objects.get(username=username)
    device = authenticator_for(user) if needs_second_factor(user) else None
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form.stacked button[type=submit]")
    if device is not None:
        page.wait_for_url("**/users/second-factor/**")
        page.fill("#id_token", current_code(device))
        page.click("form.stacked button[type=submit]")
    # the home page: the user's own work (issue 15)
    page.wait_for_url(f"{live_server.url}/")


def test_sign_in_search_and_open_a_unit(world, live_server, page):
    sign_in(page, live_server, "alice")
    # Vietnamese by default, even though the browser asks for English
    assert page.locator("h1").inner_text() == "Việc của tôi"
    # the menu leads to the organisation tree
    page.locator("header nav").get_by_role("link", name="Tổ chức bộ máy").click()
    page.wait_for_url(f"{live_server.url}/units/")
    assert page.locator("h1").inner_text() == "Tổ chức bộ máy"
    # expand the tree (htmx loads the children)
    page.locator("button.toggle").first.click()
    page.get_by_role("link", name="Đảng ủy xã An Một").wait_for()
    # search without diacritics (htmx swaps the results in)
    page.fill("input[name=q]", "chi bo thon")
    page.get_by_role("link", name="Chi bộ thôn Một").click()
    page.wait_for_url(f"{live_server.url}/units/{world.cell_a.pk}/")
    assert page.locator("h1").inner_text().startswith("Chi bộ thôn Một")
    assert "Huyện ủy An" in page.locator(".breadcrumb").inner_text()


def test_an_outsider_gets_not_found_by_url(world, live_server, page):
    sign_in(page, live_server, "charlie")
    response = page.goto(f"{live_server.url}/units/{world.commune_a.pk}/")
    assert response.status == 404


def test_first_sign_in_enrols_a_second_factor(world, live_server, page):
    """alice (Secret, manages users) has no authenticator yet: she scans the QR code (here: reads the key shown),
    confirms with a first code, keeps her recovery codes and goes on."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from conftest import current_code

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url("**/users/second-factor/enrol/**")
    assert page.locator(".qr svg").count() == 1
    key = page.locator("code.secret").inner_text().replace(" ", "")
    device = TOTPDevice.objects.get(user=world.alice)
    assert key and device.config_url.split("secret=")[1].startswith(key)
    page.fill("#id_token", current_code(device))
    page.click("form.stacked button[type=submit]")
    page.locator(".recovery-codes").wait_for()
    assert page.locator(".recovery-codes li").count() == 10
    page.locator("a.button").click()
    page.wait_for_url(f"{live_server.url}/")


def sign_out(page) -> None:
    page.locator("form[action='/logout/'] button").click()
    page.wait_for_url("**/login/**")


def test_assign_report_and_accept_a_task(world, live_server, page):
    import datetime

    from django.utils import timezone

    from conftest import make_user
    from lanhdao.accounts.roles import Role
    from lanhdao.work.models import Task

    make_user("dung", role=Role.SECRETARY, unit=world.commune_a)
    deadline = timezone.localdate() + datetime.timedelta(days=20)

    # the district secretary assigns a task to the commune
    sign_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/work/tasks/new/")
    page.fill("#id_title", "Tổ chức đối thoại với nhân dân")
    page.fill("#id_lead_unit", "XA1")
    page.fill("#id_deadline", deadline.isoformat())
    page.click("form.stacked button[type=submit]")
    page.wait_for_url("**/work/tasks/*/")
    task = Task.objects.get()
    sign_out(page)

    # the commune reports and proposes completion
    sign_in(page, live_server, "dung")
    page.goto(f"{live_server.url}/work/tasks/{task.pk}/")
    page.fill("#id_percent", "70")
    page.fill("#id_text", "Đã tổ chức 2 buổi đối thoại")
    page.get_by_role("button", name="Báo cáo").click()
    page.wait_for_load_state()
    page.fill("#propose-text", "Hoàn thành 3 buổi đối thoại")
    page.get_by_role("button", name="Đề nghị công nhận hoàn thành").click()
    page.wait_for_load_state()
    assert "Chờ công nhận" in page.locator("h1").inner_text()
    sign_out(page)

    # the district accepts
    sign_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/work/tasks/{task.pk}/")
    page.get_by_role("button", name="Công nhận hoàn thành").click()
    page.wait_for_load_state()
    assert "Hoàn thành đúng hạn" in page.locator("h1").inner_text()
    task.refresh_from_db()
    assert task.accepted_at is not None and task.reports.count() == 2
