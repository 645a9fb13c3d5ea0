"""A district secretary records an inspection at a browser, writes the findings, concludes it with a recommendation
that becomes a task in the same step, and follows it up. Debian's chromium, driven by Playwright."""

import datetime

from django.utils import timezone

from lanhdao.tests.test_browser import page, pytestmark, sign_in  # noqa: F401  (the fixture, the skip rule)


def test_inspect_conclude_and_follow_up_the_recommendation(world, live_server, page):  # noqa: F811
    from lanhdao.inspections.models import Inspection
    from lanhdao.work.models import Task

    today = timezone.localdate()
    deadline = today + datetime.timedelta(days=30)
    sign_in(page, live_server, "alice")

    page.goto(f"{live_server.url}/inspections/new/")
    page.fill("#id_unit", "HA")
    page.select_option("#id_kind", "inspection")
    page.fill("#id_subject_unit", "XA1")
    page.fill("#id_title", "Kiểm tra việc thực hiện quy chế làm việc")
    page.fill("#id_team", "Đ/c Trưởng đoàn\nĐ/c Thành viên")
    page.fill("#id_starts_on", (today - datetime.timedelta(days=5)).isoformat())
    page.click("#form-save")
    page.locator("#inspection-title").wait_for()
    inspection = Inspection.objects.get()

    page.click("#inspection-findings")
    page.fill("#id_findings", "Quy chế chưa được bổ sung theo quy định mới.")
    page.check("#id_violation_found")
    page.click("#form-save")
    page.locator("#inspection-conclude").wait_for()

    page.click("#inspection-conclude")
    page.wait_for_url("**/conclude/")
    page.fill("#id_conclusion", "Đảng ủy xã thực hiện cơ bản nghiêm túc quy chế; còn hạn chế cần khắc phục.")
    page.fill("#id_recommendations-0-text", "Bổ sung, hoàn thiện quy chế làm việc")
    page.fill("#id_recommendations-0-lead_unit", "XA1")
    page.fill("#id_recommendations-0-deadline", deadline.isoformat())
    page.fill("#id_recommendations-1-text", "Rút kinh nghiệm trong cấp ủy")
    page.click("#conclude-save")
    page.wait_for_url(f"**/inspections/{inspection.pk}/")
    assert page.locator("#recommendations tbody tr").count() == 2
    task = Task.objects.get()
    assert task.assigning_unit == world.district_a and task.lead_unit == world.commune_a and task.deadline == deadline
    inspection.refresh_from_db()
    assert inspection.concluded_on == today and inspection.violation_found

    # the follow-up lists it as open; the task opens from there
    page.goto(f"{live_server.url}/inspections/follow-up/?unit={world.district_a.pk}&state=open")
    page.locator("#rows tbody tr a", has_text="Đảng ủy xã An Một").click()
    page.wait_for_url(f"**/work/tasks/{task.pk}/")
