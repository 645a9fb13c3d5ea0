"""The REST API: the same rules as the pages — 404 outside one's scope or clearance, 403 without the right to
record, 400 with nothing saved when a recommendation cannot become a task."""

import datetime

import pytest

from lanhdao.accounts.roles import Clearance
from lanhdao.audit.models import AuditEntry
from lanhdao.inspections import services_disciplines, services_programmes
from lanhdao.inspections.models import Discipline, Inspection, Programme, Recommendation
from lanhdao.members.models import Member
from lanhdao.work.models import Task

from .conftest import TODAY

D = datetime.timedelta


def test_record_conclude_and_follow_up_over_the_api(world, api_for):
    api = api_for(world.alice)
    year = {
        "unit": world.district_a.pk,
        "span": "year",
        "title": "Chương trình năm",
        "starts_on": f"{TODAY.year}-01-01",
        "ends_on": f"{TODAY.year}-12-31",
    }
    programme = api.post("/api/inspection-programmes/", year, format="json")
    assert programme.status_code == 201, programme.json()
    created = api.post(
        "/api/inspections/",
        {
            "unit": world.district_a.pk,
            "kind": "supervision_thematic",
            "subject_unit": world.commune_a.pk,
            "title": "Giám sát chuyên đề",
            "starts_on": max(TODAY - D(days=3), datetime.date(TODAY.year, 1, 1)),
            "programme": programme.json()["id"],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert api.post(f"/api/inspections/{pk}/findings/", {"findings": "Chưa đều"}, format="json").status_code == 200
    task_spec = {"text": "Khắc phục", "lead_unit": world.commune_a.pk, "deadline": (TODAY + D(days=20)).isoformat()}
    body = {
        "conclusion": "Kết luận",
        "concluded_on": TODAY.isoformat(),
        "violation_found": True,
        "recommendations": [task_spec, {"text": "Rút kinh nghiệm"}],
    }
    concluded = api.post(f"/api/inspections/{pk}/conclude/", body, format="json")
    assert concluded.status_code == 200, concluded.json()
    data = concluded.json()
    assert data["concluded_on"] == TODAY.isoformat() and data["violation_found"]
    first, second = data["recommendations"]
    assert first["task_status"] == "in_progress" and second["task"] is None
    task = api.post(
        f"/api/recommendations/{second['id']}/task/", {"lead_unit": world.cell_a.pk, "deadline": TODAY}, format="json"
    )
    assert task.status_code == 200 and task.json()["task_status"] == "due_soon"
    follow = api.get("/api/inspection-follow-up/", {"unit": world.district_a.pk, "state": "open"}).json()
    assert follow["count"] == 2 and follow["results"][0]["inspection"] == pk
    more = api.post(f"/api/inspections/{pk}/recommendations/", {"recommendations": [{"text": "Thêm"}]}, format="json")
    assert more.status_code == 201 and len(api.get(f"/api/inspections/{pk}/recommendations/").json()) == 3
    listed = api.get("/api/inspections/", {"unit": world.district_a.pk, "kind": "supervision", "q": "giam sat"})
    assert listed.json()["count"] == 1
    assert api.get(f"/api/inspection-programmes/{programme.json()['id']}/").json()["done"] == 1
    assert api.get(f"/api/inspections/{pk}/history/").json()["count"] >= 3


def test_one_bad_recommendation_is_a_400_and_saves_nothing(world, make_inspection, api_for):
    inspection = make_inspection()
    before = AuditEntry.objects.count()
    body = {
        "conclusion": "Kết luận",
        "concluded_on": TODAY.isoformat(),
        "recommendations": [
            {"text": "Một", "lead_unit": world.commune_a.pk, "deadline": (TODAY + D(days=5)).isoformat()},
            {"text": "Hai", "lead_unit": world.commune_a.pk},
        ],
    }
    response = api_for(world.alice).post(f"/api/inspections/{inspection.pk}/conclude/", body, format="json")
    assert response.status_code == 400 and "recommendations" in response.json()
    future = api_for(world.alice).post(
        f"/api/inspections/{inspection.pk}/conclude/",
        {"conclusion": "X", "concluded_on": (TODAY + D(days=1)).isoformat()},
        format="json",
    )
    assert future.status_code == 400 and "concluded_on" in future.json()
    assert Inspection.objects.get().concluded_on is None and not Recommendation.objects.exists()
    assert not Task.objects.exists() and AuditEntry.objects.count() == before


@pytest.fixture
def records(world, make_concluded):
    concluded = make_concluded(recommendations=[{"text": "Chưa giao"}])
    programme = services_programmes.programme_create(
        actor=world.alice,
        unit=world.district_a,
        span="year",
        title="Năm",
        starts_on=datetime.date(TODAY.year, 1, 1),
        ends_on=datetime.date(TODAY.year, 12, 31),
    )
    discipline = services_disciplines.discipline_create(
        actor=world.alice,
        unit=world.district_a,
        subject_unit=world.commune_a,
        form="warning",
        decided_on=TODAY,
        reason="Vi phạm",
        inspection=concluded,
    )
    return concluded, programme, discipline


def test_outsider_gets_404_and_lists_nothing(world, records, api_for):
    concluded, programme, discipline = records
    before = AuditEntry.objects.count()
    api = api_for(world.charlie)
    for method, url in [
        ("get", f"/api/inspections/{concluded.pk}/"),
        ("patch", f"/api/inspections/{concluded.pk}/"),
        ("post", f"/api/inspections/{concluded.pk}/conclude/"),
        ("post", f"/api/inspections/{concluded.pk}/findings/"),
        ("get", f"/api/inspections/{concluded.pk}/recommendations/"),
        ("post", f"/api/inspections/{concluded.pk}/archive/"),
        ("get", f"/api/inspections/{concluded.pk}/history/"),
        ("post", f"/api/recommendations/{concluded.recommendations.get().pk}/task/"),
        ("get", f"/api/inspection-programmes/{programme.pk}/"),
        ("post", f"/api/inspection-programmes/{programme.pk}/archive/"),
        ("get", f"/api/disciplines/{discipline.pk}/"),
        ("post", f"/api/disciplines/{discipline.pk}/archive/"),
        ("get", f"/api/inspection-figures/?unit={world.district_a.pk}&start=2025-01-01&end=2025-12-31"),
        ("get", f"/api/inspections/?unit={world.district_a.pk}"),
        ("get", f"/api/inspection-follow-up/?unit={world.district_a.pk}"),
    ]:
        body = {"lead_unit": world.commune_b.pk, "deadline": "2030-01-01"} if "task" in url else {}
        assert getattr(api, method)(url, body, format="json").status_code == 404, url
    for url in ("/api/inspections/", "/api/inspection-programmes/", "/api/disciplines/", "/api/inspection-follow-up/"):
        assert api.get(url).json()["count"] == 0, url
    created = api.post(
        "/api/inspections/",
        {
            "unit": world.district_b.pk,
            "kind": "inspection",
            "subject_unit": world.commune_a.pk,
            "title": "Lấn sân",
            "starts_on": TODAY.isoformat(),
        },
        format="json",
    )
    assert created.status_code == 404  # another district's organisation does not exist for charlie
    assert AuditEntry.objects.count() == before and Inspection.objects.count() == 1


def test_viewer_gets_403_on_writes_and_nothing_changes(world, records, make_inspection, api_for):
    concluded, programme, discipline = records
    open_one = make_inspection()
    before = AuditEntry.objects.count()
    api = api_for(world.bob)
    for method, url, body in [
        (
            "post",
            "/api/inspections/",
            {
                "unit": world.district_a.pk,
                "kind": "inspection",
                "title": "X",
                "subject_unit": world.commune_a.pk,
                "starts_on": TODAY.isoformat(),
            },
        ),
        ("patch", f"/api/inspections/{open_one.pk}/", {"title": "Sửa"}),
        ("post", f"/api/inspections/{open_one.pk}/findings/", {"findings": "X"}),
        ("post", f"/api/inspections/{open_one.pk}/conclude/", {"conclusion": "X", "concluded_on": TODAY.isoformat()}),
        ("post", f"/api/inspections/{concluded.pk}/recommendations/", {"recommendations": [{"text": "X"}]}),
        ("post", f"/api/inspections/{open_one.pk}/archive/", {}),
        (
            "post",
            f"/api/recommendations/{concluded.recommendations.get().pk}/task/",
            {"lead_unit": world.commune_a.pk, "deadline": "2030-01-01"},
        ),
        (
            "post",
            "/api/inspection-programmes/",
            {
                "unit": world.district_a.pk,
                "span": "year",
                "title": "X",
                "starts_on": "2026-01-01",
                "ends_on": "2026-12-31",
            },
        ),
        ("patch", f"/api/inspection-programmes/{programme.pk}/", {"title": "Sửa"}),
        ("post", f"/api/inspection-programmes/{programme.pk}/archive/", {}),
        (
            "post",
            "/api/disciplines/",
            {
                "unit": world.district_a.pk,
                "subject_unit": world.cell_a.pk,
                "form": "warning",
                "decided_on": TODAY.isoformat(),
                "reason": "X",
            },
        ),
        ("post", f"/api/disciplines/{discipline.pk}/archive/", {}),
    ]:
        assert getattr(api, method)(url, body, format="json").status_code == 403, url
    assert api.get(f"/api/inspections/{concluded.pk}/").status_code == 200
    assert AuditEntry.objects.count() == before and not Task.objects.exists()
    assert Inspection.objects.count() == 2 and Programme.objects.get().archived_at is None
    assert Discipline.objects.count() == 1


def test_confidential_inspection_is_404_above_ones_clearance(world, make_inspection, api_for):
    secret = make_inspection(confidentiality=Clearance.SECRET)
    assert api_for(world.alice).get(f"/api/inspections/{secret.pk}/").status_code == 200
    assert api_for(world.bob).get(f"/api/inspections/{secret.pk}/").status_code == 404
    assert api_for(world.bob).get("/api/inspections/").json()["count"] == 0
    refused = api_for(world.alice).post(
        "/api/inspections/",
        {
            "unit": world.district_a.pk,
            "kind": "inspection",
            "subject_unit": world.commune_a.pk,
            "title": "Tối mật",
            "starts_on": TODAY.isoformat(),
            "confidentiality": 2,
        },
        format="json",
    )
    assert refused.status_code == 400 and "confidentiality" in refused.json()


def test_expulsion_and_member_history_over_the_api(members_world, api_for):
    world = members_world
    api = api_for(world.alice)
    body = {
        "unit": world.district_a.pk,
        "subject_member": world.member_a.pk,
        "form": "expulsion",
        "decided_on": TODAY.isoformat(),
        "reason": "Vi phạm nghiêm trọng",
    }
    assert api.post("/api/disciplines/", body | {"subject_member": world.member_b.pk}, format="json").status_code == 404
    assert api.post("/api/disciplines/", body | {"form": "dissolution"}, format="json").status_code == 400
    created = api.post("/api/disciplines/", body, format="json")
    assert created.status_code == 201, created.json()
    assert Member.objects.get(pk=world.member_a.pk).end_reason == "expelled"
    history = api.get("/api/disciplines/", {"member": world.member_a.pk}).json()
    assert history["count"] == 1 and history["results"][0]["form"] == "expulsion"
    assert api_for(world.charlie).get("/api/disciplines/", {"member": world.member_a.pk}).status_code == 404


def test_figures_endpoint(world, make_concluded, api_for):
    make_concluded(violation_found=True)
    response = api_for(world.bob).get(
        "/api/inspection-figures/", {"unit": world.district_a.pk, "start": TODAY - D(days=30), "end": TODAY}
    )
    data = response.json()
    assert response.status_code == 200 and data["inspections"] == 1 and data["with_violations"] == 1
    assert data["inspections_by_kind"]["inspection"] == 1 and data["disciplines_by_form"]["expulsion"] == 0
    assert api_for(world.bob).get("/api/inspection-figures/", {"unit": world.district_a.pk}).status_code == 400


def test_schema_describes_the_endpoints(world, api_for):
    schema = api_for(world.alice).get("/api/schema/").content.decode()
    for path in (
        "/api/inspections/{id}/conclude/",
        "/api/inspection-programmes/",
        "/api/disciplines/",
        "/api/inspection-follow-up/",
        "/api/inspection-figures/",
        "/api/recommendations/{id}/task/",
    ):
        assert path in schema
