"""A district secretary records a plenum at a browser: participants, attendance (the quorum warning appears),
then the conclusion notice whose points become tasks in one step. Debian's chromium, driven by Playwright."""

import datetime

from django.utils import timezone

from lanhdao.tests.test_browser import page, pytestmark, sign_in  # noqa: F401  (the fixture, the skip rule)


def test_record_a_meeting_with_its_conclusion_and_see_the_tasks(world, live_server, page):  # noqa: F811
    from lanhdao.meetings.models import Meeting, Participant
    from lanhdao.work.models import Task

    today = timezone.localdate()
    deadline = today + datetime.timedelta(days=30)
    sign_in(page, live_server, "alice")

    # record the meeting
    page.goto(f"{live_server.url}/meetings/new/")
    page.fill("#id_unit", "HA")
    page.select_option("#id_kind", "plenum")
    page.fill("#id_date", today.isoformat())
    page.fill("#id_chair", "alice")
    page.fill("#id_member_count", "3")
    page.click("#meeting-save")
    page.locator("#meeting-title").wait_for()  # the meeting's page (the form's URL would match a pattern too)
    meeting = Meeting.objects.get()
    assert meeting.chair == world.alice

    # invite three members (htmx swaps the participants in), mark one present: the quorum warning shows
    page.click("#participants-toggle")
    page.fill("#id_names", "Nguyễn Văn An\nTrần Thị Bình\nLê Văn Cường")
    with page.expect_response(lambda response: response.url.endswith("/participants/")):
        page.click("#participants-add")
    page.locator("#attendance-form input[name=present]").nth(2).wait_for()
    first = Participant.objects.order_by("pk").first()
    page.check(f"#present-{first.pk}")
    with page.expect_response(lambda response: response.url.endswith("/attendance/")):
        page.click("#attendance-save")
    page.locator(f"#present-{first.pk}:checked").wait_for()  # the swapped-in list keeps the mark
    page.locator("#quorum-warning").wait_for()  # 1 of 3 members: below two thirds, saved with a warning
    assert Participant.objects.filter(present=True).count() == 1

    # the conclusion notice: two points (one in a row added through htmx) become two tasks at once
    page.click("#meeting-conclusion")
    page.wait_for_url("**/conclusion/")
    page.fill("#id_text", "Hội nghị thống nhất giao nhiệm vụ cụ thể cho các đơn vị.")
    page.fill("#id_points-0-title", "Rà soát quy hoạch cán bộ")
    page.fill("#id_points-0-lead_unit", "XA1")
    page.fill("#id_points-0-deadline", deadline.isoformat())
    page.click("#add-point")
    page.locator("#id_points-3-title").wait_for()
    page.fill("#id_points-3-title", "Kiện toàn chi bộ thôn")
    page.fill("#id_points-3-lead_unit", "CA1")
    page.fill("#id_points-3-deadline", deadline.isoformat())
    page.click("#conclusion-save")
    page.wait_for_url(f"**/meetings/{meeting.pk}/")
    assert page.locator("#points tbody tr").count() == 2
    tasks = list(Task.objects.order_by("pk"))
    assert [t.lead_unit.code for t in tasks] == ["XA1", "CA1"]
    assert all(t.assigning_unit == world.district_a and t.deadline == deadline for t in tasks)

    # each task opens from the meeting page
    page.locator("#points tbody tr a").first.click()
    page.wait_for_url(f"**/work/tasks/{tasks[0].pk}/")
