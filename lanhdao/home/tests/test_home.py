"""The home page (issue 15): each section shows what waits for its reader, and nothing they may not open; its
number of queries does not grow with the number of records."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import make_member, make_user, shown
from lanhdao.accounts.roles import Clearance, Role
from lanhdao.home.selectors import LIMIT, home_for

TODAY = timezone.localdate()
D = datetime.timedelta


@pytest.fixture
def home_world(members_world):
    """The members' world plus oscar, an office clerk of commune A (Normal clearance)."""
    w = members_world
    w.oscar = make_user("oscar", role=Role.OFFICE_STAFF, unit=w.commune_a)
    return w


OVERDUE = TODAY - D(days=3)


def _task(w, title, *, lead=None, assigning=None, deadline=OVERDUE, actor=None, **extra):
    from lanhdao.work.services import task_create

    return task_create(
        actor=actor or w.alice,
        assigning_unit=assigning or w.district_a,
        lead_unit=lead or w.commune_a,
        title=title,
        start_date=TODAY - D(days=40),
        deadline=deadline,
        **extra,
    )


def _home(client_for, user) -> str:
    response = client_for(user).get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_sign_in_lands_on_the_home_page(home_world, client):
    from conftest import PASSWORD

    response = client.post(reverse("login"), {"username": "oscar", "password": PASSWORD})
    assert response.url == reverse("home")


def test_an_overdue_task_of_ones_unit_appears_and_not_to_an_outsider(home_world, client_for):
    w = home_world
    task = _task(w, "Sửa trường học OVERDUE-MARK")
    _task(w, "Việc của xã B FOREIGN-MARK", assigning=w.district_b, lead=w.commune_b, actor=w.charlie)
    page = _home(client_for, w.oscar)
    section = page.split('id="home-overdue"')[1].split("</section>")[0]
    assert "OVERDUE-MARK" in section
    assert reverse("work:task_detail", args=[task.pk]) + "#actions" in section
    assert "FOREIGN-MARK" not in page
    assert "OVERDUE-MARK" not in _home(client_for, w.charlie)


def test_a_task_due_soon_and_a_returned_one_appear_in_their_sections(home_world, client_for):
    from lanhdao.work.services import propose_completion, return_task

    w = home_world
    _task(w, "Sắp đến hạn SOON-MARK", deadline=TODAY + D(days=2))
    returned = _task(w, "Bị trả lại RETURNED-MARK", deadline=TODAY + D(days=30))
    propose_completion(actor=w.oscar, task=returned, text="Xong")
    return_task(actor=w.alice, task=returned, reason="Thiếu hồ sơ")
    page = _home(client_for, w.oscar)
    assert "SOON-MARK" in page.split('id="home-due_soon"')[1].split("</section>")[0]
    assert "RETURNED-MARK" in page.split('id="home-returned"')[1].split("</section>")[0]


def test_a_completion_proposal_waits_for_the_assigning_units_user_not_the_leads(home_world, client_for):
    from lanhdao.work.services import propose_completion

    w = home_world
    task = _task(w, "Đề nghị công nhận PROPOSED-MARK", deadline=TODAY + D(days=20))
    propose_completion(actor=w.oscar, task=task, text="Đã xong")
    section = _home(client_for, w.alice).split('id="home-awaiting"')[1].split("</section>")[0]
    assert "PROPOSED-MARK" in section
    assert reverse("work:task_detail", args=[task.pk]) + "#actions" in section
    # the anchor is the form where it is accepted
    detail = client_for(w.alice).get(reverse("work:task_detail", args=[task.pk])).content.decode()
    assert 'id="actions"' in detail.split(reverse("work:task_accept", args=[task.pk]))[0]
    oscar_page = _home(client_for, w.oscar)
    assert "PROPOSED-MARK" not in oscar_page.split('id="home-awaiting"')[1].split("</section>")[0]


def test_a_confidential_task_does_not_appear_below_its_level(home_world, client_for):
    w = home_world
    _task(w, "Mật SECRET-TASK-MARK", confidentiality=Clearance.SECRET)
    assert "SECRET-TASK-MARK" not in _home(client_for, w.oscar), "oscar is cleared for Normal only"
    w.oscar.clearance = Clearance.SECRET
    w.oscar.save()
    assert "SECRET-TASK-MARK" in _home(client_for, w.oscar)


def test_a_transfer_waits_for_who_may_receive_it(home_world, client_for):
    from lanhdao.members.services_transfers import transfer_send

    w = home_world
    sender = make_user("bea", role=Role.ORGANISATION_BOARD, unit=w.district_b)
    transfer = transfer_send(actor=sender, member=w.member_b, to_unit=w.cell_a, sent_on=TODAY - D(days=1))
    section = _home(client_for, w.olga).split('id="home-transfers"')[1].split("</section>")[0]
    assert "Lê Văn Bình" in section
    assert reverse("members:transfer_detail", args=[transfer.pk]) + "#receive-form" in section
    detail = client_for(w.olga).get(reverse("members:transfer_detail", args=[transfer.pk])).content.decode()
    assert 'id="receive-form"' in detail
    # bob views district A but may not record members: nothing waits for him
    assert "Lê Văn Bình" not in _home(client_for, w.bob)


def test_a_probation_ended_without_a_decision_waits_for_the_cell(home_world, client_for):
    w = home_world
    admitted = TODAY - D(days=400)
    member = make_member(w.cell_a, "Đỗ Dự Bị", admitted_on=admitted, full_on=None)
    section = _home(client_for, w.celia).split('id="home-probations"')[1].split("</section>")[0]
    assert "Đỗ Dự Bị" in section
    assert reverse("members:member_detail", args=[member.pk]) + "#step-form" in section
    assert "Đỗ Dự Bị" not in _home(client_for, w.charlie)


def test_a_campaign_report_waits_for_the_addressed_unit(home_world, client_for):
    from lanhdao.campaigns.services import campaign_open

    w = home_world
    campaign = campaign_open(
        actor=w.alice,
        unit=w.district_a,
        title="Sơ kết CAMPAIGN-MARK",
        period_start=datetime.date(TODAY.year, 1, 1),
        period_end=TODAY,
        deadline=TODAY + D(days=10),
    )
    report = campaign.reports.get(unit=w.commune_a)
    section = _home(client_for, w.oscar).split('id="home-reports"')[1].split("</section>")[0]
    assert "CAMPAIGN-MARK" in section
    assert reverse("campaigns:report", args=[report.pk]) in section
    assert "CAMPAIGN-MARK" not in _home(client_for, w.charlie)


def test_a_submission_waits_for_the_committee_and_a_petition_for_the_receiving_unit(home_world, client_for):
    from lanhdao.meetings.models import Matter
    from lanhdao.meetings.services_state import submission_create
    from lanhdao.people.services_petitions import petition_create

    w = home_world
    submission = submission_create(
        actor=w.alice,
        from_unit=w.ubnd_a,
        to_unit=w.district_a,
        matter=Matter.BUDGET,
        title="Dự toán SUBMISSION-MARK",
        symbol="25/TTr-UBND",
        sent_on=TODAY - D(days=5),
        opinion_due=TODAY + D(days=3),
    )
    petition = petition_create(
        actor=w.alice,
        receiving_unit=w.district_a,
        received_on=TODAY - D(days=40),
        sender="Ông Hải",
        subject="Sửa đường PETITION-MARK",
        channel="post",
    )
    page = _home(client_for, w.alice)
    assert reverse("meetings:submission_opinion", args=[submission.pk]) in page
    assert "SUBMISSION-MARK" in page.split('id="home-submissions"')[1].split("</section>")[0]
    assert "PETITION-MARK" in page.split('id="home-petitions"')[1].split("</section>")[0]
    assert reverse("people:petition_detail", args=[petition.pk]) + "#actions" in page
    detail = client_for(w.alice).get(reverse("people:petition_detail", args=[petition.pk])).content.decode()
    assert 'id="actions"' in detail.split(reverse("people:petition_answer", args=[petition.pk]))[0]
    outsider = _home(client_for, w.charlie)
    assert "SUBMISSION-MARK" not in outsider and "PETITION-MARK" not in outsider
    # bob views district A, but gives no opinion and answers nothing: neither waits for him
    viewer = _home(client_for, w.bob)
    assert "SUBMISSION-MARK" not in viewer and "PETITION-MARK" not in viewer


def test_this_weeks_meeting_and_an_unread_notice_appear(home_world, client_for):
    from lanhdao.meetings.models import MeetingKind
    from lanhdao.meetings.services import meeting_create
    from lanhdao.notifications.services import notify

    w = home_world
    meeting = meeting_create(actor=w.alice, unit=w.commune_a, kind=MeetingKind.THEMATIC, date=TODAY, title="WEEK-MARK")
    notify(users=[w.oscar], title="Nhắc việc NOTICE-MARK", email=False)
    page = _home(client_for, w.oscar)
    assert reverse("meetings:meeting_detail", args=[meeting.pk]) in page.split('id="home-meetings"')[1]
    assert "NOTICE-MARK" in page.split('id="home-notifications"')[1]
    assert "WEEK-MARK" not in _home(client_for, w.charlie)
    # "see all" opens the meetings of the week, filtered
    see_all = home_for(w.oscar, today=TODAY)["week"][0].see_all
    assert "WEEK-MARK" in client_for(w.oscar).get(see_all).content.decode()


def test_empty_sections_say_so_in_vietnamese(home_world, client_for):
    response = client_for(home_world.oscar).get(reverse("home"))
    assert shown(response, "No task of your units is overdue.") in response.content.decode()
    assert shown(response, "Nothing waits for your decision.") in response.content.decode()


def test_a_section_shows_at_most_limit_items_and_links_to_the_whole_list(home_world, client_for):
    w = home_world
    for i in range(LIMIT + 2):
        _task(w, f"Quá hạn LIMIT-MARK-{i}")
    section = _home(client_for, w.oscar).split('id="home-overdue"')[1].split("</section>")[0]
    assert section.count("LIMIT-MARK-") == LIMIT
    assert f"{reverse('work:task_list')}?unit={w.commune_a.pk}&amp;status=overdue" in section


def _fill(w, n: int) -> None:
    """`n` records of every kind the home page lists, all waiting for oscar or olga."""
    from lanhdao.notifications.services import notify
    from lanhdao.work.services import propose_completion

    for i in range(n):
        _task(w, f"Quá hạn {i}")
        _task(w, f"Sắp đến hạn {i}", deadline=TODAY + D(days=2))
        proposed = _task(w, f"Đề nghị {i}", lead=w.cell_a, assigning=w.commune_a, deadline=TODAY + D(days=9))
        propose_completion(actor=w.alice, task=proposed, text="Xong")
        make_member(w.commune_a, f"Dự bị {i}", admitted_on=TODAY - D(days=400), full_on=None)
    notify(users=[w.oscar], title="Tin", email=False)


@pytest.mark.parametrize("user", ["oscar", "olga"])
def test_the_number_of_queries_does_not_grow_with_the_records(home_world, client_for, user):
    w = home_world
    client = client_for(getattr(w, user))
    counts = []
    for n in (1, LIMIT + 3):
        _fill(w, n)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("home")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 30, counts
