"""The REST API: the same rules as the pages — scoped reads, RECORD for writes, all or nothing."""

import datetime

import pytest

from lanhdao.audit.models import AuditEntry
from lanhdao.people.models import CommitmentPlan, FieldVisit, Petition
from lanhdao.work.models import Task

from .conftest import TODAY

D = datetime.timedelta


def test_record_a_visit_with_findings_as_tasks(world, api_for):
    api = api_for(world.alice)
    created = api.post(
        "/api/field-visits/",
        {
            "unit": world.district_a.pk,
            "visited_on": TODAY.isoformat(),
            "visitor": world.alice.pk,
            "place_unit": world.commune_a.pk,
            "purpose": "Nắm tình hình",
            "findings": [
                {"text": "Đường hỏng", "lead_unit": world.commune_a.pk, "deadline": TODAY.isoformat()},
                {"text": "Ghi nhận"},
            ],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["visitor"] == world.alice.pk and len(body["findings"]) == 2
    task = Task.objects.get(pk=body["findings"][0]["task"])
    assert task.assigning_unit == world.district_a
    listed = api.get("/api/field-visits/", {"unit": world.commune_a.pk}).json()  # visits to the commune too
    assert listed["count"] == 1
    finding = body["findings"][1]["id"]
    made = api.post(
        f"/api/findings/{finding}/task/",
        {"lead_unit": world.commune_a.pk, "deadline": TODAY.isoformat()},
        format="json",
    )
    assert made.status_code == 200 and made.json()["task"]
    history = api.get(f"/api/field-visits/{body['id']}/history/").json()
    assert history["count"] == 1


def test_all_or_nothing_over_the_api(world, api_for):
    response = api_for(world.alice).post(
        "/api/dialogues/",
        {
            "unit": world.commune_a.pk,
            "held_on": TODAY.isoformat(),
            "led_by_name": "Bí thư xã",
            "topic": "Đất đai",
            "participants": 40,
            "findings": [
                {"text": "Một", "lead_unit": world.cell_a.pk, "deadline": TODAY.isoformat()},
                {"text": "Hai", "lead_unit": world.ubnd_a.pk, "deadline": TODAY.isoformat()},
            ],
        },
        format="json",
    )
    assert response.status_code == 400 and "findings" in response.json()
    assert not Task.objects.exists() and not AuditEntry.objects.exists()


def test_outsider_gets_404_by_id_and_viewer_403_and_nothing_changes(
    world, api_for, make_visit, make_petition, make_plan
):
    visit = make_visit(findings=[{"text": "Chưa giao"}])
    petition = make_petition()
    plan = make_plan()
    before = AuditEntry.objects.count()
    charlie = api_for(world.charlie)
    for url in [
        f"/api/field-visits/{visit.pk}/",
        f"/api/petitions/{petition.pk}/",
        f"/api/commitment-plans/{plan.pk}/",
    ]:
        assert charlie.get(url).status_code == 404
        assert charlie.patch(url, {"purpose": "x", "subject": "x", "title": "x"}, format="json").status_code == 404
    assert (
        charlie.post(
            f"/api/petitions/{petition.pk}/answer/", {"answered_on": TODAY.isoformat(), "answer": "x"}, format="json"
        ).status_code
        == 404
    )
    assert charlie.get("/api/field-visits/").json()["count"] == 0
    assert charlie.get("/api/petitions/").json()["count"] == 0
    assert (
        charlie.get(
            "/api/people/figures/", {"unit": world.district_a.pk, "start": "2026-01-01", "end": "2026-12-31"}
        ).status_code
        == 404
    )
    bob = api_for(world.bob)
    assert bob.get(f"/api/field-visits/{visit.pk}/").status_code == 200
    assert bob.patch(f"/api/field-visits/{visit.pk}/", {"purpose": "x"}, format="json").status_code == 403
    assert bob.post(f"/api/field-visits/{visit.pk}/archive/", {}, format="json").status_code == 403
    assert (
        bob.post(
            f"/api/petitions/{petition.pk}/answer/", {"answered_on": TODAY.isoformat(), "answer": "x"}, format="json"
        ).status_code
        == 403
    )
    assert bob.post(f"/api/commitment-plans/{plan.pk}/publish/").status_code == 403
    finding = visit.findings.get().pk
    assert (
        bob.post(
            f"/api/findings/{finding}/task/",
            {"lead_unit": world.commune_a.pk, "deadline": TODAY.isoformat()},
            format="json",
        ).status_code
        == 403
    )
    created = bob.post(
        "/api/field-visits/",
        {
            "unit": world.district_a.pk,
            "visited_on": TODAY.isoformat(),
            "visitor_name": "X",
            "place": "Y",
            "purpose": "Z",
        },
        format="json",
    )
    assert created.status_code == 403
    assert AuditEntry.objects.count() == before and FieldVisit.objects.get().purpose == "Nắm tình hình cơ sở"
    assert Petition.objects.get().answered_on is None and CommitmentPlan.objects.get().published_at is None


def test_petitions_overdue_list_assign_and_answer(world, api_for, make_petition):
    overdue = make_petition(received_on=TODAY - D(days=40), deadline=TODAY - D(days=2))
    make_petition()
    api = api_for(world.alice)
    listed = api.get("/api/petitions/", {"unit": world.district_a.pk, "status": "overdue"}).json()
    assert [p["id"] for p in listed["results"]] == [overdue.pk] and listed["results"][0]["status"] == "overdue"
    assert (
        api.post(f"/api/petitions/{overdue.pk}/assign/", {"unit": world.commune_b.pk}, format="json").status_code == 404
    )
    assert (
        api.post(f"/api/petitions/{overdue.pk}/assign/", {"unit": world.commune_a.pk}, format="json").status_code == 200
    )
    answer = {"answered_on": TODAY.isoformat(), "answer": "Đã trả lời"}
    answered = api.post(f"/api/petitions/{overdue.pk}/answer/", answer, format="json")
    assert answered.json()["status"] == "answered_late"
    again = api.post(
        f"/api/petitions/{overdue.pk}/answer/", {"answered_on": TODAY.isoformat(), "answer": "Lần hai"}, format="json"
    )
    assert again.status_code == 400
    created = api.post(
        "/api/petitions/",
        {
            "receiving_unit": world.district_a.pk,
            "received_on": TODAY.isoformat(),
            "sender": "Bà Lan",
            "subject": "Đèn đường",
            "channel": "phone",
        },
        format="json",
    )
    assert created.status_code == 201 and created.json()["deadline"] == (TODAY + D(days=30)).isoformat()
    assert created.json()["kind"] == "recommendation"
    bad = api.post(
        "/api/petitions/",
        {
            "receiving_unit": world.district_a.pk,
            "received_on": TODAY.isoformat(),
            "sender": "Bà Lan",
            "subject": "Đèn đường",
            "channel": "phone",
            "kind": "gossip",
        },
        format="json",
    )
    assert bad.status_code == 400 and "kind" in bad.json()


def test_reception_schedule_days_and_figures(world, api_for):
    api = api_for(world.alice)
    schedule = api.post(
        "/api/reception-schedules/",
        {"unit": world.district_a.pk, "frequency": "monthly", "day_of_month": 15, "starts_on": f"{TODAY.year}-01-01"},
        format="json",
    )
    assert schedule.status_code == 201, schedule.json()
    pk = schedule.json()["id"]
    day = api.post(
        "/api/reception-days/",
        {
            "unit": world.district_a.pk,
            "schedule": pk,
            "held_on": TODAY.isoformat(),
            "received_by": world.alice.pk,
            "cases": 5,
        },
        format="json",
    )
    assert day.status_code == 201, day.json()
    days = api.get(f"/api/reception-schedules/{pk}/days/", {"year": TODAY.year}).json()
    assert len(days) == 12 and any(d["held"] == day.json()["id"] for d in days)
    figures = api.get(
        "/api/people/figures/",
        {
            "unit": world.district_a.pk,
            "start": f"{TODAY.year}-01-01",
            "end": TODAY.isoformat(),
        },
    ).json()
    assert figures["reception_days"] == 1 and figures["reception_cases"] == 5 and figures["subtree"] is True
    assert api.get("/api/people/figures/", {"unit": world.district_a.pk, "start": "x"}).status_code == 400


@pytest.mark.parametrize("mine", [True, False])
def test_plan_lifecycle_over_the_api(world, api_for, mine):
    api = api_for(world.alice)
    leader = world.alice.pk if mine else None
    created = api.post(
        "/api/commitment-plans/",
        {
            "unit": world.district_a.pk,
            "leader": leader,
            "leader_name": "" if mine else "Nguyễn Văn Bình",
            "leader_position": "Bí thư",
            "year_start": TODAY.year - 1,
            "commitments": ["Một", "Hai"],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    plan = created.json()
    pk = plan["id"]
    assert (
        api.patch(f"/api/commitment-plans/{pk}/", {"commitments": ["Một", "Hai", "Ba"]}, format="json").status_code
        == 200
    )
    assert api.post(f"/api/commitment-plans/{pk}/publish/").json()["published_at"]
    assert api.patch(f"/api/commitment-plans/{pk}/", {"title": "Khác"}, format="json").status_code == 400
    items = api.get(f"/api/commitment-plans/{pk}/").json()["commitments"]
    results = [{"commitment": c["id"], "result": "achieved"} for c in items]
    assessed = api.post(f"/api/commitment-plans/{pk}/assess/", {"summary": "Tốt", "results": results}, format="json")
    assert assessed.status_code == 200, assessed.json()
    assert api.post(f"/api/commitment-plans/{pk}/publish-assessment/").json()["assessment_published_at"]
    assert api.get("/api/commitment-plans/", {"mine": "true"}).json()["count"] == (1 if mine else 0)
