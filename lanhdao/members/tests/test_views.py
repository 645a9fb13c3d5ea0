"""Pages of members: each works for those who manage the records, shows personal data only to those who may see it
(and logs each view), refuses the outsider (404) and the read-only user (403, nothing changed); lists keep a fixed
number of queries however many rows they show."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_member
from lanhdao.audit.models import AuditEntry
from lanhdao.members import services, services_evaluations, services_transfers
from lanhdao.members.models import BadgeAward, Member, MemberEvaluation, OrganisationEvaluation, Transfer

from . import test_members_world as shared
from .test_members_world import TODAY

frozen_today, more_world = shared.frozen_today, shared.more_world  # the shared fixtures, in this module
day = datetime.date


def queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {})
    assert response.status_code == 200, url
    return len(context.captured_queries)


def views_of(member) -> int:
    return AuditEntry.objects.filter(action="view", object_id=str(member.pk), content_type__model="member").count()


def test_the_organisation_board_sees_personal_data_and_each_view_is_logged(more_world, client_for):
    w = more_world
    page = client_for(w.olga).get(reverse("members:member_detail", args=[w.member_a.pk])).content.decode()
    assert "001180000001" in page and "0912000001" in page
    assert f'href="/members/cadres/member/{w.member_a.pk}/"' in page  # the cadre record, built next door
    assert views_of(w.member_a) == 1
    client_for(w.olga).get(reverse("members:member_detail", args=[w.member_a.pk]))
    entry = AuditEntry.objects.filter(action="view").first()
    assert views_of(w.member_a) == 2 and entry.actor == w.olga and entry.note == "page"


def test_the_cell_secretary_sees_her_cells_personal_data(more_world, client_for):
    w = more_world
    page = client_for(w.celia).get(reverse("members:member_detail", args=[w.member_a.pk])).content.decode()
    assert "001180000001" in page and views_of(w.member_a) == 1


def test_a_viewer_sees_the_member_but_not_the_personal_data(more_world, client_for):
    w = more_world
    response = client_for(w.bob).get(reverse("members:member_detail", args=[w.member_a.pk]))
    page = response.content.decode()
    assert response.status_code == 200 and "Trần Thị An" in page
    assert "001180000001" not in page and "0912000001" not in page and "1980" not in page
    assert views_of(w.member_a) == 0


MEMBER_PAGES = [
    ("members:member_detail", "get"),
    ("members:member_edit", "get"),
    ("members:member_edit", "post"),
    ("members:member_end", "post"),
    ("members:member_not_recognise", "post"),
    ("members:transfer_send", "post"),
    ("members:member_award", "post"),
]


@pytest.mark.parametrize(("name", "method"), MEMBER_PAGES)
def test_the_outsider_gets_404_on_every_member_page(more_world, client_for, name, method):
    w = more_world
    response = getattr(client_for(w.charlie), method)(reverse(name, args=[w.member_a.pk]), {"ended_on": TODAY})
    assert response.status_code == 404
    step = client_for(w.charlie).post(reverse("members:member_step", args=[w.member_a.pk, "recognise"]))
    assert step.status_code == 404
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(("name", "method"), MEMBER_PAGES[1:])
def test_the_viewer_may_not_change_a_member(more_world, client_for, name, method):
    w = more_world
    data = {
        "full_name": "Đổi tên",
        "gender": "female",
        "ended_on": TODAY,
        "reason": "died",
        "to_unit": "CA2",
        "sent_on": TODAY,
        "kind": "official",
        "title": "Giấy khen",
        "year": 2025,
        "awarded_on": TODAY,
    }
    response = getattr(client_for(w.bob), method)(reverse(name, args=[w.member_a.pk]), data)
    assert response.status_code == 403
    member = Member.objects.get(pk=w.member_a.pk)
    assert member.full_name == "Trần Thị An" and member.ended_on is None
    assert not Transfer.objects.exists() and not AuditEntry.objects.exists()


def test_the_outsider_sees_nothing_in_the_lists(more_world, client_for):
    w = more_world
    client = client_for(w.charlie)
    assert client.get(reverse("members:member_list"), {"unit": w.district_a.pk}).status_code == 404
    for name in (
        "members:member_list",
        "members:transfer_list",
        "members:badges",
        "members:award_list",
        "members:excellent",
    ):
        page = client.get(reverse(name)).content.decode()
        assert "Trần Thị An" not in page, name
    assert "Lê Văn Bình" in client.get(reverse("members:member_list")).content.decode()


def test_the_list_filters_by_stage_name_without_diacritics_and_subtree(more_world, client_for):
    w = more_world
    make_member(w.cell_a2, "Đỗ Văn Dự Bị", admitted_on=day(2025, 1, 5), full_on=None)  # probation ended 5/1/2026
    client = client_for(w.olga)
    url = reverse("members:member_list")

    def names(params):
        return [m.full_name for m in client.get(url, params).context["page"].object_list]

    assert names({"unit": w.district_a.pk}) == ["Trần Thị An", "Đỗ Văn Dự Bị"]
    assert names({"unit": w.district_a.pk, "q": "do van du bi"}) == ["Đỗ Văn Dự Bị"]
    assert names({"unit": w.district_a.pk, "stage": "full"}) == ["Trần Thị An"]
    assert names({"unit": w.district_a.pk, "overdue": "on"}) == ["Đỗ Văn Dự Bị"]
    assert names({"unit": w.district_a.pk, "within": "CA1"}) == ["Trần Thị An"]
    partial = client.get(url, {"unit": w.district_a.pk, "q": "tran"}, headers={"HX-Request": "true"})
    assert b"<html" not in partial.content and "Trần Thị An" in partial.content.decode()


# session, user and roles, then the page's own: a count, a page, the pending transfers, the breadcrumb…
LISTS = [
    ("members:member_list", 10),
    ("members:transfer_list", 9),
    ("members:badges", 8),
    ("members:member_classification", 10),
    ("members:award_list", 9),  # with its form's unit picker: the units, when few enough for a select
    ("members:excellent", 7),
]


@pytest.mark.parametrize(("name", "limit"), LISTS)
def test_list_pages_keep_a_fixed_number_of_queries(more_world, client_for, name, limit):
    w = more_world
    unit = w.cell_a if name == "members:member_classification" else w.district_a
    client = client_for(w.olga)

    def add(n, start):
        for i in range(start, start + n):
            member = make_member(w.cell_a, f"Đảng viên {i}", admitted_on=day(1996, 3, 1))
            services_transfers.transfer_send(actor=w.olga, member=member, to_unit=w.cell_b, sent_on=TODAY)
            grades = {member.pk: ("good", "")}
            services_evaluations.member_classify(actor=w.olga, unit=w.cell_a, year=2025, grades=grades)
            services_evaluations.award_give(actor=w.olga, member=member, year=2025, title="Giấy khen", awarded_on=TODAY)

    add(2, 0)
    few = queries(client, reverse(name), {"unit": unit.pk, "year": 2025})
    add(10, 2)
    more = queries(client, reverse(name), {"unit": unit.pk, "year": 2025})
    assert few == more <= limit, (few, more)


def test_introduce_a_candidate_and_walk_the_pipeline_through_the_pages(more_world, client_for):
    w = more_world
    client = client_for(w.celia)
    response = client.post(
        reverse("members:member_create"),
        {
            "unit": "CA1",
            "introduced_on": "2025-01-06",
            "full_name": "Vũ Thị Ứng Viên",
            "gender": "female",
            "birth_date": "1999-05-01",
            "identity_number": "001199000777",
        },
    )
    member = Member.objects.get(full_name="Vũ Thị Ứng Viên")
    assert response.status_code == 302 and member.identity_number == "001199000777"
    steps = [
        ("trained", {"trained-trained_on": "2025-02-03"}),
        ("propose", {"propose-proposed_on": "2025-02-20"}),
        ("admit", {"admit-admitted_on": "2025-03-02", "admit-decision": "12-QĐ/HU"}),
    ]
    for key, data in steps:
        response = client.post(reverse("members:member_step", args=[member.pk, key]), data)
        assert response.status_code == 302, response.content.decode()[:2000]
    member.refresh_from_db()
    assert member.probation_ends_on == day(2026, 3, 2)
    page = client.get(reverse("members:member_detail", args=[member.pk])).content.decode()
    assert 'id="probation-overdue"' in page and f'action="/members/{member.pk}/step/recognise/"' in page
    # an error from the service comes back on the form, nothing recorded
    early = client.post(
        reverse("members:member_step", args=[member.pk, "recognise"]),
        {"recognise-full_on": "2026-03-01", "recognise-decision": "9"},
    )
    assert early.status_code == 200 and "02/03/2026" in early.content.decode()
    member.refresh_from_db()
    assert member.full_on is None


def test_a_cross_subtree_transfer_shows_on_the_destinations_list_and_is_received_there(more_world, client_for):
    w = more_world
    response = client_for(w.olga).post(
        reverse("members:transfer_send", args=[w.member_a.pk]),
        {"to_unit": "CB1", "kind": "official", "sent_on": "2026-03-01"},
    )
    transfer = Transfer.objects.get()
    assert response.status_code == 302 and transfer.is_pending
    listing = client_for(w.olgb).get(reverse("members:member_list"), {"unit": w.district_b.pk}).content.decode()
    assert 'id="incoming-transfers"' in listing and "Trần Thị An" in listing
    detail = client_for(w.olgb).get(reverse("members:transfer_detail", args=[transfer.pk])).content.decode()
    assert 'id="receive-form"' in detail and f"/members/{w.member_a.pk}/" not in detail  # not yet in scope
    assert (
        client_for(w.charlie)
        .post(reverse("members:transfer_receive", args=[transfer.pk]), {"received_on": "2026-03-02"})
        .status_code
        == 403
    )
    assert (
        client_for(w.olgb)
        .post(reverse("members:transfer_receive", args=[transfer.pk]), {"received_on": "2026-03-02"})
        .status_code
        == 302
    )
    assert Member.objects.get(pk=w.member_a.pk).unit == w.cell_b
    assert client_for(w.olgb).get(reverse("members:member_detail", args=[w.member_a.pk])).status_code == 200
    assert client_for(w.olga).get(reverse("members:member_detail", args=[w.member_a.pk])).status_code == 404


def test_the_sender_cancels_after_confirming(more_world, client_for):
    w = more_world
    transfer = services_transfers.transfer_send(actor=w.olga, member=w.member_a, to_unit=w.cell_b, sent_on=TODAY)
    url = reverse("members:transfer_cancel", args=[transfer.pk])
    assert "danger" in client_for(w.olga).get(url).content.decode()
    assert client_for(w.bob).post(url).status_code == 403
    assert client_for(w.olgb).post(url).status_code == 403  # the destination may receive, not cancel
    assert Transfer.objects.get().is_pending
    client_for(w.olga).post(url, {"note": "Nhầm đơn vị"})
    assert not Transfer.objects.get().is_pending


def test_classify_a_cell_on_its_page(more_world, client_for):
    w = more_world
    url = reverse("members:member_classification")
    page = client_for(w.bob).get(url, {"unit": w.cell_a.pk, "year": 2025}).content.decode()
    assert "Trần Thị An" in page and "<select" not in page
    data = {f"grade_{w.member_a.pk}": "excellent", f"note_{w.member_a.pk}": ""}
    assert client_for(w.bob).post(f"{url}?unit={w.cell_a.pk}&year=2025", data).status_code == 403
    response = client_for(w.celia).post(f"{url}?unit={w.cell_a.pk}&year=2025", data)
    assert response.status_code == 302 and MemberEvaluation.objects.get().grade == "excellent"


def test_classify_organisations_and_query_five_years_in_a_row(more_world, client_for):
    w = more_world
    url = reverse("members:organisation_classification")
    for year in range(2021, 2026):
        grades = {f"grade_{w.cell_a.pk}": "excellent", f"grade_{w.cell_a2.pk}": "good"}
        response = client_for(w.alice).post(f"{url}?unit={w.commune_a.pk}&year={year}", grades)
        assert response.status_code == 302
    assert OrganisationEvaluation.objects.count() == 10
    params = {"unit": w.district_a.pk, "kind": "organisations", "year": 2025, "years": 5}
    page = client_for(w.bob).get(reverse("members:excellent"), params)
    assert list(page.context["page"].object_list) == [w.cell_a]
    assert (
        client_for(w.bob).post(f"{url}?unit={w.commune_a.pk}&year=2025", {f"grade_{w.cell_a.pk}": "good"}).status_code
        == 403
    )
    assert client_for(w.celia).get(url, {"unit": w.commune_a.pk}).status_code == 404
    assert OrganisationEvaluation.objects.filter(grade="good").count() == 5


def test_badges_page_lists_the_eligible_and_awards_them(more_world, client_for):
    w = more_world
    veteran = make_member(w.cell_a, "Cựu chiến binh", admitted_on=day(1996, 6, 1))
    url = reverse("members:badges")
    page = client_for(w.bob).get(url, {"unit": w.district_a.pk}).content.decode()
    assert "Cựu chiến binh" in page and 'id="badge-award"' not in page
    data = {"members": [veteran.pk], "awarded_on": "2026-03-09", "decision": "1-QĐ"}
    response = client_for(w.olga).post(f"{url}?unit={w.district_a.pk}&year=2026", data)
    assert response.status_code == 302
    assert BadgeAward.objects.get().years == 30


def test_edit_the_record_through_its_page(more_world, client_for):
    w = more_world
    url = reverse("members:member_edit", args=[w.member_a.pk])
    assert "001180000001" in client_for(w.olga).get(url).content.decode()
    response = client_for(w.olga).post(url, {"full_name": "Trần Thị An", "gender": "female", "phone": "0999"})
    assert response.status_code == 302 and Member.objects.get(pk=w.member_a.pk).phone == "0999"
    services.member_end(actor=w.olga, member=w.member_a, ended_on=TODAY, reason="resigned")
    page = client_for(w.olga).get(reverse("members:member_detail", args=[w.member_a.pk])).content.decode()
    assert "End the membership" not in page


@pytest.mark.parametrize("name", ["members:transfer_detail", "members:transfer_receive", "members:transfer_cancel"])
def test_the_outsider_gets_404_on_a_transfer_inside_district_a(more_world, client_for, name):
    w = more_world
    transfer = services_transfers.transfer_send(actor=w.olga, member=w.member_a, to_unit=w.cell_a2, sent_on=TODAY)
    before = AuditEntry.objects.count()
    assert client_for(w.charlie).get(reverse(name, args=[transfer.pk])).status_code == 404
    if name != "members:transfer_detail":
        response = client_for(w.charlie).post(reverse(name, args=[transfer.pk]), {"received_on": TODAY})
        assert response.status_code == 404
    assert AuditEntry.objects.count() == before
