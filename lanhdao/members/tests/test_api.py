"""The members' API: the pipeline step by step, transfers, classifications, awards, badges and the consecutive
excellence queries; personal fields only when allowed (and then logged); the outsider gets 404 everywhere, the
read-only user 403 on every write, and nothing changes."""

import datetime

import pytest

from conftest import make_member
from lanhdao.audit.models import AuditEntry
from lanhdao.members import services_evaluations
from lanhdao.members.models import Award, BadgeAward, Member, MemberEvaluation, OrganisationEvaluation, Transfer

from . import test_members_world as shared
from .test_members_world import TODAY

frozen_today, more_world = shared.frozen_today, shared.more_world  # the shared fixtures, in this module
day = datetime.date
PERSONAL = Member.PERSONAL_FIELDS


def test_admit_a_member_through_the_api(more_world, api_for):
    w = more_world
    api = api_for(w.olga)
    made = api.post(
        "/api/members/",
        {
            "unit": w.cell_a.pk,
            "full_name": "Hà Văn Mới",
            "gender": "male",
            "introduced_on": "2025-01-06",
            "birth_date": "1998-04-12",
            "phone": "0911",
        },
        format="json",
    )
    assert made.status_code == 201, made.json()
    pk = made.json()["id"]
    assert made.json()["stage"] == "candidate" and made.json()["phone"] == "0911"
    for step, body in [
        ("trained", {"trained_on": "2025-02-03"}),
        ("propose", {"proposed_on": "2025-02-20"}),
        ("admit", {"admitted_on": "2025-03-02", "decision": "12-QĐ/HU"}),
    ]:
        response = api.post(f"/api/members/{pk}/{step}/", body, format="json")
        assert response.status_code == 200, response.json()
    data = response.json()
    assert data["stage"] == "probationary" and data["probation_ends_on"] == "2026-03-02" and data["probation_overdue"]
    assert data["placements"][0]["unit"] == w.cell_a.pk
    early = api.post(f"/api/members/{pk}/recognise/", {"full_on": "2026-03-01", "decision": "5"}, format="json")
    assert early.status_code == 400 and "full_on" in early.json()
    done = api.post(f"/api/members/{pk}/recognise/", {"full_on": "2026-03-02", "decision": "5"}, format="json")
    assert done.json()["stage"] == "full"
    listed = api.get("/api/members/", {"unit": w.district_a.pk, "q": "ha van moi"}).json()["results"]
    assert [m["id"] for m in listed] == [pk] and not set(PERSONAL) & set(listed[0])


def test_personal_fields_only_when_allowed_and_each_retrieve_that_shows_them_is_logged(more_world, api_for):
    w = more_world
    url = f"/api/members/{w.member_a.pk}/"
    seen = api_for(w.celia).get(url).json()
    assert seen["identity_number"] == "001180000001" and seen["personal_data_shown"]
    entry = AuditEntry.objects.get(action="view")
    assert entry.actor == w.celia and entry.note == "api"
    hidden = api_for(w.bob).get(url).json()
    assert not set(PERSONAL) & set(hidden) and not hidden["personal_data_shown"]
    assert hidden["full_name"] == "Trần Thị An"
    assert AuditEntry.objects.filter(action="view").count() == 1
    assert api_for(w.bob).get(f"{url}history/").status_code == 403
    assert api_for(w.olga).get(f"{url}history/").status_code == 200


WRITES = [
    ("patch", "", {"phone": "1"}),
    ("post", "trained/", {"trained_on": "2026-03-01"}),
    ("post", "propose/", {"proposed_on": "2026-03-01"}),
    ("post", "admit/", {"admitted_on": "2026-03-01", "decision": "1"}),
    ("post", "recognise/", {"full_on": "2026-03-01", "decision": "1"}),
    ("post", "not-recognise/", {"decided_on": "2026-03-01"}),
    ("post", "end/", {"ended_on": "2026-03-01", "reason": "died"}),
]


@pytest.mark.parametrize(("method", "path", "body"), [("get", "", {}), ("get", "history/", {}), *WRITES])
def test_the_outsider_gets_404_on_every_member_endpoint(more_world, api_for, method, path, body):
    w = more_world
    response = getattr(api_for(w.charlie), method)(f"/api/members/{w.member_a.pk}/{path}", body, format="json")
    assert response.status_code == 404
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(("method", "path", "body"), WRITES)
def test_the_viewer_gets_403_on_every_member_write(more_world, api_for, method, path, body):
    w = more_world
    response = getattr(api_for(w.bob), method)(f"/api/members/{w.member_a.pk}/{path}", body, format="json")
    assert response.status_code == 403
    member = Member.objects.get(pk=w.member_a.pk)
    assert member.phone == "0912000001" and member.ended_on is None
    assert not AuditEntry.objects.exists()


def test_the_outsider_and_the_viewer_may_not_introduce(more_world, api_for):
    w = more_world
    body = {"unit": w.cell_a.pk, "full_name": "X", "gender": "male", "introduced_on": "2026-03-01"}
    assert api_for(w.charlie).post("/api/members/", body, format="json").status_code == 404
    assert api_for(w.bob).post("/api/members/", body, format="json").status_code == 403
    assert Member.objects.count() == 2


def test_lists_show_the_outsider_nothing_of_district_a(more_world, api_for):
    w = more_world
    services_evaluations.member_classify(actor=w.olga, unit=w.cell_a, year=2025, grades={w.member_a.pk: ("good", "")})
    services_evaluations.award_give(actor=w.olga, member=w.member_a, year=2025, title="Khen", awarded_on=TODAY)
    api = api_for(w.charlie)
    assert [m["full_name"] for m in api.get("/api/members/").json()["results"]] == ["Lê Văn Bình"]
    for url in ("/api/transfers/", "/api/member-evaluations/", "/api/awards/", "/api/badges/"):
        assert api.get(url).json()["results"] == [], url
    assert api.get("/api/members/", {"unit": w.district_a.pk}).status_code == 404
    assert api.get("/api/badges/eligible/", {"unit": w.district_a.pk}).status_code == 404


def test_a_transfer_across_subtrees_through_the_api(more_world, api_for):
    w = more_world
    sent = api_for(w.olga).post(
        "/api/transfers/", {"member": w.member_a.pk, "to_unit_code": "CB1", "sent_on": "2026-03-01"}, format="json"
    )
    assert sent.status_code == 201 and sent.json()["pending"]
    pk = sent.json()["id"]
    incoming = api_for(w.olgb).get("/api/transfers/", {"unit": w.district_b.pk, "incoming": "true"}).json()
    assert [t["id"] for t in incoming["results"]] == [pk]
    assert api_for(w.olgb).get(f"/api/members/{w.member_a.pk}/").status_code == 404  # not yet received
    assert api_for(w.bob).post(f"/api/transfers/{pk}/cancel/", {}, format="json").status_code == 403
    assert (
        api_for(w.olga).post(f"/api/transfers/{pk}/receive/", {"received_on": "2026-03-02"}, format="json").status_code
        == 403
    )
    received = api_for(w.olgb).post(f"/api/transfers/{pk}/receive/", {"received_on": "2026-03-02"}, format="json")
    assert received.status_code == 200 and received.json()["received_on"] == "2026-03-02"
    assert api_for(w.olgb).get(f"/api/members/{w.member_a.pk}/").json()["unit"] == w.cell_b.pk
    bad = api_for(w.olgb).post(
        "/api/transfers/", {"member": w.member_a.pk, "to_unit_code": "NOPE", "sent_on": "2026-03-05"}, format="json"
    )
    assert bad.status_code == 400 and Transfer.objects.count() == 1


def test_classify_query_and_award_through_the_api(more_world, api_for):
    w = more_world
    api = api_for(w.olga)
    for year in range(2021, 2026):
        made = api.post(
            "/api/member-evaluations/",
            {"unit": w.cell_a.pk, "year": year, "grades": [{"member": w.member_a.pk, "grade": "excellent"}]},
            format="json",
        )
        assert made.status_code == 201, made.json()
        assert (
            api_for(w.alice)
            .post(
                "/api/organisation-evaluations/",
                {"unit": w.cell_a.pk, "year": year, "grade": "excellent"},
                format="json",
            )
            .status_code
            == 201
        )
    assert MemberEvaluation.objects.count() == 5 and OrganisationEvaluation.objects.count() == 5
    again = api.post(
        "/api/member-evaluations/",
        {"unit": w.cell_a.pk, "year": 2023, "grades": [{"member": w.member_a.pk, "grade": "good"}]},
        format="json",
    )
    assert again.json()["updated"] == 1
    params = {"unit": w.district_a.pk, "year": 2025, "years": 5}
    assert api_for(w.bob).get("/api/member-evaluations/excellent/", params).json()["results"] == []
    params["years"] = 2
    assert [m["id"] for m in api_for(w.bob).get("/api/member-evaluations/excellent/", params).json()["results"]] == [
        w.member_a.pk
    ]
    orgs = api_for(w.bob).get("/api/organisation-evaluations/excellent/", params | {"years": 5}).json()["results"]
    assert [o["code"] for o in orgs] == ["CA1"]
    assert api_for(w.charlie).get("/api/member-evaluations/excellent/", params).status_code == 404
    assert (
        api_for(w.bob)
        .post(
            "/api/member-evaluations/",
            {"unit": w.cell_a.pk, "year": 2025, "grades": [{"member": w.member_a.pk, "grade": "not_completed"}]},
            format="json",
        )
        .status_code
        == 403
    )
    award = api.post(
        "/api/awards/",
        {"member": w.member_a.pk, "year": 2025, "title": "Bằng khen", "awarded_on": "2026-03-01"},
        format="json",
    )
    assert award.status_code == 201 and Award.objects.get().unit == w.cell_a
    body = {"member": w.member_a.pk, "year": 2025, "title": "x", "awarded_on": "2026-03-01"}
    assert api_for(w.bob).post("/api/awards/", body, format="json").status_code == 403


def test_badges_eligible_and_awarded_through_the_api(more_world, api_for):
    w = more_world
    veteran = make_member(w.cell_a, "Cựu chiến binh", admitted_on=day(1986, 6, 1))
    eligible = api_for(w.bob).get("/api/badges/eligible/", {"unit": w.district_a.pk, "year": 2026}).json()
    assert [(m["id"], m["badge_years"]) for m in eligible["results"]] == [(veteran.pk, 40)]
    body = {"members": [veteran.pk], "year": 2026, "awarded_on": "2026-03-09", "decision": "2-QĐ/TU"}
    assert api_for(w.bob).post("/api/badges/award/", body, format="json").status_code == 403
    assert api_for(w.charlie).post("/api/badges/award/", body, format="json").status_code == 404
    awarded = api_for(w.olga).post("/api/badges/award/", body, format="json")
    assert awarded.status_code == 201 and awarded.json()[0]["years"] == 40
    assert api_for(w.olga).post("/api/badges/award/", body, format="json").status_code == 400
    assert BadgeAward.objects.count() == 1


def test_the_schema_describes_the_members_endpoints(more_world, api_for):
    schema = api_for(more_world.bob).get("/api/schema/").content.decode()
    for path in (
        "/api/members/{id}/admit/",
        "/api/transfers/{id}/receive/",
        "/api/badges/eligible/",
        "/api/member-evaluations/excellent/",
        "/api/organisation-evaluations/excellent/",
    ):
        assert path in schema


@pytest.mark.parametrize(("method", "path"), [("get", ""), ("post", "receive/"), ("post", "cancel/")])
def test_the_outsider_gets_404_on_a_transfer_inside_district_a(more_world, api_for, method, path):
    w = more_world
    sent = api_for(w.olga).post(
        "/api/transfers/", {"member": w.member_a.pk, "to_unit": w.cell_a2.pk, "sent_on": "2026-03-01"}, format="json"
    )
    assert sent.status_code == 201 and not sent.json()["pending"]  # olga manages both cells: received at once
    before = AuditEntry.objects.count()
    url = f"/api/transfers/{sent.json()['id']}/{path}"
    assert getattr(api_for(w.charlie), method)(url, {"received_on": "2026-03-02"}, format="json").status_code == 404
    body = {"member": w.member_a.pk, "to_unit_code": "XB1", "sent_on": "2026-03-05"}
    assert api_for(w.charlie).post("/api/transfers/", body, format="json").status_code == 404
    assert AuditEntry.objects.count() == before
