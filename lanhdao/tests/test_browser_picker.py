"""A clerk chooses units by typing part of their names, without diacritics, and picks with the keyboard: the picker
(core/static/core/picker.js) over the product's own suggestion endpoint. Debian's chromium, driven by Playwright."""

import datetime

import pytest
from django.utils import timezone

from lanhdao.tests.test_browser import page, pytestmark, sign_in  # noqa: F401  (the fixture, the skip rule)


@pytest.mark.parametrize("small", [True, False], ids=["select", "text-box"])
def test_assign_a_task_typing_noi_vu_and_picking_with_the_keyboard(world, live_server, page, monkeypatch, small):  # noqa: F811
    from lanhdao.work.models import Task

    if not small:  # a tree too large for a select: the picker starts from a text box
        monkeypatch.setattr("lanhdao.core.picker.SMALL", 2)
    sign_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/work/tasks/new/")
    page.fill("#id_title", "Rà soát vị trí việc làm")
    lead = page.locator("#id_lead_unit")
    assert lead.get_attribute("role") == "combobox" and lead.get_attribute("aria-expanded") == "false"
    listbox = page.locator(f"#{lead.get_attribute('aria-controls')}")
    assert listbox.get_attribute("role") == "listbox"
    lead.fill("noi vu")
    page.get_by_role("option", name="Phòng Nội vụ huyện An").wait_for()
    assert lead.get_attribute("aria-expanded") == "true"
    lead.press("ArrowDown")
    active = lead.get_attribute("aria-activedescendant")
    assert active and page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    lead.press("Enter")  # picks; does not submit the form
    assert lead.input_value() == "Phòng Nội vụ huyện An" and lead.get_attribute("aria-expanded") == "false"
    assert page.url.endswith("/work/tasks/new/")

    coordinating = page.locator("#id_coordinating_units")
    coordinating.fill("xa an mot")
    page.get_by_role("option", name="Đảng ủy xã An Một").wait_for()
    coordinating.press("ArrowDown")
    coordinating.press("Enter")
    page.locator(".chip", has_text="Đảng ủy xã An Một").wait_for()

    deadline = timezone.localdate() + datetime.timedelta(days=20)
    page.fill("#id_deadline", deadline.isoformat())
    with page.expect_navigation():
        page.click("form.stacked button[type=submit]")
    task = Task.objects.get(title="Rà soát vị trí việc làm")
    assert page.url.endswith(f"/work/tasks/{task.pk}/")
    assert task.lead_unit == world.dept_a
    assert list(task.coordinating_units.all()) == [world.commune_a]
