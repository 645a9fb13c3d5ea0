"""A cell secretary admits a member at a browser: introduces the candidate, records the course, the proposal and the
admission, and reads the member's page (probation end, placement, personal data). Debian's chromium, driven by
Playwright."""

import datetime

from django.utils import timezone

from lanhdao.tests.test_browser import page, pytestmark, sign_in  # noqa: F401  (the fixture, the skip rule)


def test_admit_a_member_from_candidate_to_probationary(members_world, live_server, page):  # noqa: F811
    from lanhdao.audit.models import AuditEntry
    from lanhdao.members.models import Member, Placement
    from lanhdao.members.stages import probation_end

    today = timezone.localdate()
    introduced, trained, proposed, admitted = (today - datetime.timedelta(days=d) for d in (120, 80, 40, 10))
    sign_in(page, live_server, "celia")

    # introduce the candidate
    page.goto(f"{live_server.url}/members/new/")
    page.fill("#id_unit", "CA1")
    page.fill("#id_introduced_on", introduced.isoformat())
    page.fill("#id_full_name", "Hoàng Văn Kết Nạp")
    page.select_option("#id_gender", "male")
    page.fill("#id_birth_date", "1995-06-15")  # of age: the Charter admits from eighteen
    page.fill("#id_identity_number", "001095000321")
    page.click("#member-save")
    page.locator("#member-name").wait_for()
    member = Member.objects.get(full_name="Hoàng Văn Kết Nạp")
    assert page.url.endswith(f"/members/{member.pk}/")

    # each step from the member's page: the form of the next step is there, one after the other
    for prefix, field, day in (("trained", "trained_on", trained), ("propose", "proposed_on", proposed)):
        page.fill(f"#id_{prefix}-{field}", day.isoformat())
        with page.expect_navigation():
            page.click("#step-save")
        page.wait_for_url(f"**/members/{member.pk}/")
    page.fill("#id_admit-admitted_on", admitted.isoformat())
    page.fill("#id_admit-decision", "125-QĐ/HU")
    page.fill("#id_admit-card_number", "93.000777")
    with page.expect_navigation():
        page.click("#step-save")
    page.wait_for_url(f"**/members/{member.pk}/")

    # the member's page: admitted, probation ends twelve months later, active in the cell, personal data (logged)
    member.refresh_from_db()
    assert (member.trained_on, member.proposed_on, member.admitted_on) == (trained, proposed, admitted)
    ends = probation_end(admitted)
    assert member.probation_ends_on == ends and member.card_number == "93.000777"
    assert admitted.strftime("%d/%m/%Y") in page.locator("#admitted-on").inner_text()
    assert page.locator("#probation-ends").inner_text() == ends.strftime("%d/%m/%Y")
    assert "Chi bộ thôn Một" in page.locator("#placements").inner_text()
    assert "001095000321" in page.locator("#personal-data").inner_text()
    assert page.locator("#step-form").inner_text().count("125-QĐ/HU") == 0  # the next step is recognition
    assert Placement.objects.get(member=member).started_on == admitted
    assert AuditEntry.objects.filter(action="view", object_id=str(member.pk)).exists()
