"""The cadre endpoints: olga records and changes, bob reads and gets 403 on every write with nothing changed, charlie
gets 404 on every row and action and empty lists; the figures endpoint answers for a unit the caller may see."""

import datetime

import pytest
import time_machine
from django.utils.translation import override

from lanhdao.cadres.models import PositionHeld

from .test_services import add_bodies
from .test_views import add_rows, state

D = datetime.date
ENDPOINTS = {
    "position": "/api/cadres/positions/",
    "succession": "/api/cadres/succession-entries/",
    "training": "/api/cadres/trainings/",
    "movement": "/api/cadres/movements/",
    "nomination": "/api/cadres/nominations/",
}
ACTIONS = {"position": "end", "succession": "remove", "training": "complete", "nomination": "outcome"}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2026, 6, 15, 9, tzinfo=datetime.UTC), tick=False), override("en"):
        yield


@pytest.fixture
def w(members_world):
    w = add_bodies(members_world)
    w.rows = add_rows(w, w.member_a)
    return w


def new_rows(w) -> dict[str, dict]:
    a = w.member_a.pk
    return {
        "position": {"member": a, "unit": w.ubnd_a.pk, "title": "Chủ tịch UBND huyện", "started_on": "2025-10-20"},
        "succession": {
            "member": a,
            "unit": w.btv_a.pk,
            "term": "2030-2035",
            "title": "Bí thư",
            "added_on": "2026-06-01",
        },
        "training": {
            "member": a,
            "kind": "theory",
            "course": "Cao cấp lý luận chính trị",
            "level": "advanced",
            "started_on": "2025-01-01",
            "ended_on": "2026-01-01",
            "completed": True,
        },
        "movement": {
            "member": a,
            "unit": w.btv_a.pk,
            "kind": "secondment",
            "decided_on": "2026-06-01",
            "starts_on": "2026-06-10",
            "ends_on": "2027-06-09",
            "to_unit": w.dept_a.pk,
            "post": "Chuyên viên",
            "start_position": True,
        },
        "nomination": {
            "member": a,
            "unit": w.commune_a.pk,
            "kind": "election",
            "post": "Đại biểu HĐND xã",
            "body": None,
            "nominated_on": "2026-01-20",
        },
    }


CLOSE = {
    "position": {"ended_on": "2026-06-01"},
    "succession": {"removed_on": "2026-06-01", "note": "Chuyển công tác"},
    "training": {"ended_on": "2026-06-01"},
    "nomination": {"outcome": "elected", "outcome_on": "2026-03-15"},
}
PATCH = {
    "position": {"decision": "77-QĐ/TU"},
    "succession": {"decision": "77-QĐ/TU"},
    "training": {"institution": "Trường Chính trị tỉnh"},
    "movement": {"decision": "77-QĐ/TU"},
    "nomination": {"post": "Đại biểu HĐND huyện"},
}


def test_olga_creates_reads_changes_and_closes_each_kind(w, api_for):
    api = api_for(w.olga)
    for key, data in new_rows(w).items():
        made = api.post(ENDPOINTS[key], data, format="json")
        assert made.status_code == 201, (key, made.json())
        pk = made.json()["id"]
        assert api.get(f"{ENDPOINTS[key]}{pk}/").json()["member_name"] == w.member_a.full_name
        patched = api.patch(f"{ENDPOINTS[key]}{pk}/", PATCH[key], format="json")
        assert patched.status_code == 200, (key, patched.json())
        history = api.get(f"{ENDPOINTS[key]}{pk}/history/").json()
        assert history["count"] == 2
    for key, action in ACTIONS.items():
        pk = w.rows[key].pk
        closed = api.post(f"{ENDPOINTS[key]}{pk}/{action}/", CLOSE[key], format="json")
        assert closed.status_code == 200, (key, closed.json())
    w.member_a.refresh_from_db()
    assert w.member_a.theory_level == "advanced"  # the completed advanced course raised it
    assert PositionHeld.objects.filter(unit=w.dept_a, ended_on=D(2027, 6, 9)).exists()


def test_a_rule_refused_is_a_400_with_its_field(w, api_for):
    data = new_rows(w)["succession"] | {"term": "2030-2025"}
    before = state()
    response = api_for(w.olga).post(ENDPOINTS["succession"], data, format="json")
    assert response.status_code == 400 and "term" in response.json()
    again = api_for(w.olga).post(f"{ENDPOINTS['position']}{w.rows['position'].pk}/end/", {"ended_on": "2019-01-01"})
    assert again.status_code == 400 and "ended_on" in again.json()
    assert state() == before


def test_bob_reads_everything_and_may_write_nothing(w, api_for):
    api = api_for(w.bob)
    before = state()
    for key, url in ENDPOINTS.items():
        assert api.get(url).json()["count"] == 1
        assert api.get(f"{url}{w.rows[key].pk}/").status_code == 200
        assert api.post(url, new_rows(w)[key], format="json").status_code == 403, key
        assert api.patch(f"{url}{w.rows[key].pk}/", PATCH[key], format="json").status_code == 403, key
        if key in ACTIONS:
            response = api.post(f"{url}{w.rows[key].pk}/{ACTIONS[key]}/", CLOSE[key], format="json")
            assert response.status_code == 403, key
    assert state() == before


def test_charlie_gets_404_everywhere_and_empty_lists(w, api_for):
    api = api_for(w.charlie)
    before = state()
    for key, url in ENDPOINTS.items():
        assert api.get(url).json()["count"] == 0
        assert api.get(url, {"unit": w.district_a.pk}).status_code == 404
        assert api.get(url, {"member": w.member_a.pk}).status_code == 404
        pk = w.rows[key].pk
        assert api.get(f"{url}{pk}/").status_code == 404
        assert api.get(f"{url}{pk}/history/").status_code == 404
        assert api.patch(f"{url}{pk}/", PATCH[key], format="json").status_code == 404
        assert api.post(url, new_rows(w)[key], format="json").status_code == 404, key
        if key in ACTIONS:
            assert api.post(f"{url}{pk}/{ACTIONS[key]}/", CLOSE[key], format="json").status_code == 404
    assert (
        api.get(
            "/api/cadres/figures/", {"unit": w.district_a.pk, "start": "2026-01-01", "end": "2026-12-31"}
        ).status_code
        == 404
    )
    assert state() == before


def test_lists_filter_by_subtree_member_period_and_kind(w, api_for):
    api = api_for(w.olga)
    url = ENDPOINTS["nomination"]
    assert api.get(url, {"unit": w.commune_a.pk}).json()["count"] == 1
    assert api.get(url, {"unit": w.ubnd_a.pk}).json()["count"] == 0
    assert api.get(url, {"member": w.member_a.pk, "kind": "election"}).json()["count"] == 1
    assert api.get(url, {"kind": "appointment"}).json()["count"] == 0
    assert api.get(url, {"start": "2026-02-01"}).json()["count"] == 0
    assert api.get(url, {"outcome": "pending"}).json()["count"] == 1
    assert api.get(ENDPOINTS["position"], {"open": "true"}).json()["count"] == 1
    assert api.get(ENDPOINTS["succession"], {"term": "2025-2030", "removed": "false"}).json()["count"] == 1
    assert api.get(url, {"start": "not-a-date"}).status_code == 400


def test_a_movement_ending_a_position_through_the_api(w, api_for):
    data = new_rows(w)["movement"] | {"end_position": w.rows["position"].pk, "kind": "rotation", "ends_on": None}
    assert api_for(w.olga).post(ENDPOINTS["movement"], data, format="json").status_code == 201
    w.rows["position"].refresh_from_db()
    assert w.rows["position"].ended_on == D(2026, 6, 9)


def test_the_figures_endpoint(w, api_for):
    params = {"unit": w.district_a.pk, "start": "2026-01-01", "end": "2026-12-31"}
    figures = api_for(w.bob).get("/api/cadres/figures/", params).json()
    assert (figures["rotations"], figures["trainings_started_theory"], figures["nominations_election"]) == (1, 1, 1)
    assert figures["unit"] == w.district_a.pk and figures["subtree"] is True
    alone = api_for(w.bob).get("/api/cadres/figures/", params | {"subtree": "false"}).json()
    assert alone["rotations"] == 0
    assert api_for(w.bob).get("/api/cadres/figures/", params | {"end": "2025-01-01"}).status_code == 400
    assert api_for(w.bob).get("/api/cadres/figures/", params | {"unit": "x"}).status_code == 404


def test_the_schema_describes_the_cadre_endpoints(w, api_for):
    schema = api_for(w.alice).get("/api/schema/").content.decode()
    for path in (
        "/api/cadres/positions/{id}/end/",
        "/api/cadres/succession-entries/{id}/remove/",
        "/api/cadres/trainings/{id}/complete/",
        "/api/cadres/nominations/{id}/outcome/",
        "/api/cadres/movements/",
        "/api/cadres/figures/",
    ):
        assert path in schema
