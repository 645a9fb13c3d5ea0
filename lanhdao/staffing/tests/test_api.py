"""Staffing over REST: lists scoped to the caller, writes through the services (403 without the right, nothing
changed; 404 outside the scope), the bulk call all or nothing, the subtree summary with the hand-counted figures, and a
schema drf-spectacular generates without a warning."""

import pytest
from django.urls import include, path
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator

from lanhdao.audit.models import Action, AuditEntry
from lanhdao.staffing.models import StaffingQuota, StreamliningTarget
from lanhdao.staffing.services import cell_key

from .staffing_data import CS, CT, PE, load

QUOTAS = "/api/staffing/quotas/"
TARGETS = "/api/staffing/targets/"
SUMMARY = "/api/staffing/summary/"


@pytest.fixture
def staffed(world):
    return load(world)


def state():
    return (
        list(StaffingQuota.objects.values_list("unit_id", "year", "category", "assigned", "headcount").order_by("pk")),
        list(StreamliningTarget.objects.values_list("percent", "archived_at").order_by("pk")),
        AuditEntry.objects.count(),
    )


def quota(world, unit, year=2025, category=CS):
    return StaffingQuota.objects.get(unit=getattr(world, unit), year=year, category=category)


def test_list_is_scoped_and_filtered(staffed, api_for, django_assert_max_num_queries):
    api = api_for(staffed.bob)
    with django_assert_max_num_queries(4):
        body = api.get(QUOTAS, {"year": 2025}).json()
    assert body["count"] == 6
    assert {r["unit_code"] for r in body["results"]} == {"HA", "XA1", "HA-UB", "HA-UB-NV"}
    row = next(r for r in body["results"] if r["unit_code"] == "HA-UB-NV" and r["category"] == CS)
    assert (row["assigned"], row["headcount"], row["vacancies"], row["over"]) == (8, 10, 0, 2)
    assert api.get(QUOTAS, {"unit": staffed.ubnd_a.pk, "year": 2025}).json()["count"] == 3
    assert api.get(QUOTAS, {"unit": staffed.ubnd_a.pk, "subtree": "false", "year": 2025}).json()["count"] == 1
    assert api.get(QUOTAS, {"category": CT}).json()["count"] == 2
    assert api.get(QUOTAS, {"category": "army"}).status_code == 400


def test_the_outsider_sees_nothing_of_district_a(staffed, api_for):
    api = api_for(staffed.charlie)
    assert {r["unit_code"] for r in api.get(QUOTAS).json()["results"]} == {"HB", "XB1"}
    assert api.get(TARGETS).json()["count"] == 0
    assert api.get(QUOTAS, {"unit": staffed.district_a.pk}).status_code == 404
    assert api.get(f"{QUOTAS}{quota(staffed, 'commune_a').pk}/").status_code == 404
    assert api.get(f"{TARGETS}{staffed.target_a.pk}/").status_code == 404
    assert api.get(SUMMARY, {"unit": staffed.district_a.pk}).status_code == 404


def test_the_outsider_gets_404_on_writes_and_nothing_changes(staffed, api_for):
    api = api_for(staffed.charlie)
    before = state()
    row = quota(staffed, "commune_a")
    assert api.post(QUOTAS, {"unit": staffed.cell_a.pk, "year": 2025, "category": CS, "assigned": 1}).status_code == 404
    assert api.patch(f"{QUOTAS}{row.pk}/", {"headcount": 1}).status_code == 404
    bulk = {"year": 2025, "rows": [{"unit": staffed.commune_a.pk, "category": CS, "headcount": 1}]}
    assert api.post(f"{QUOTAS}bulk/", bulk, format="json").status_code == 404
    target = {"unit": staffed.commune_a.pk, "base_year": 2021, "target_year": 2026, "percent": "5"}
    assert api.post(TARGETS, target).status_code == 404
    assert api.patch(f"{TARGETS}{staffed.target_ub.pk}/", {"percent": "1"}).status_code == 404
    assert api.post(f"{TARGETS}{staffed.target_ub.pk}/archive/").status_code == 404
    assert state() == before


def test_the_viewer_gets_403_on_writes_and_nothing_changes(staffed, api_for):
    api = api_for(staffed.bob)
    before = state()
    row = quota(staffed, "commune_a")
    assert api.post(QUOTAS, {"unit": staffed.cell_a.pk, "year": 2025, "category": CS, "assigned": 1}).status_code == 403
    assert api.patch(f"{QUOTAS}{row.pk}/", {"headcount": 1}).status_code == 403
    bulk = {"year": 2025, "rows": [{"unit": staffed.commune_a.pk, "category": CS, "headcount": 1}]}
    assert api.post(f"{QUOTAS}bulk/", bulk, format="json").status_code == 403
    target = {"unit": staffed.commune_a.pk, "base_year": 2021, "target_year": 2026, "percent": "5"}
    assert api.post(TARGETS, target).status_code == 403
    assert api.patch(f"{TARGETS}{staffed.target_ub.pk}/", {"percent": "1"}).status_code == 403
    assert api.post(f"{TARGETS}{staffed.target_ub.pk}/archive/").status_code == 403
    assert state() == before


def test_the_secretary_sets_quotas_below_her_and_headcounts_in_her_subtree_but_not_her_own_quota(staffed, api_for):
    w = staffed
    api = api_for(w.alice)
    created = api.post(QUOTAS, {"unit": w.cell_a.pk, "year": 2025, "category": CS, "assigned": 2, "headcount": 1})
    assert created.status_code == 201 and created.json()["unit_code"] == "CA1"
    own = quota(w, "district_a")
    assert api.patch(f"{QUOTAS}{own.pk}/", {"headcount": 17}).status_code == 200
    refused = api.patch(f"{QUOTAS}{own.pk}/", {"assigned": 30})
    assert refused.status_code == 403
    own.refresh_from_db()
    assert (own.assigned, own.headcount) == (20, 17)
    assert api.post(QUOTAS, {"unit": w.cell_a.pk, "year": 2025, "category": CS, "assigned": 3}).status_code == 400


def test_bulk_saves_a_year_all_or_nothing(staffed, api_for):
    w = staffed
    api = api_for(w.alice)
    before = state()
    rows = [
        {"unit": w.commune_a.pk, "category": CS, "assigned": 21},
        {"unit": w.ubnd_a.pk, "category": PE, "assigned": 2, "headcount": 2},
        {"unit": w.dept_a.pk, "category": CS, "headcount": "mười"},
    ]
    bad = api.post(f"{QUOTAS}bulk/", {"year": 2025, "rows": rows}, format="json")
    assert bad.status_code == 400 and state() == before
    rows[2]["headcount"] = -1
    bad = api.post(f"{QUOTAS}bulk/", {"year": 2025, "rows": rows}, format="json")
    assert bad.status_code == 400 and state() == before
    rows[2]["headcount"] = 9
    good = api.post(f"{QUOTAS}bulk/", {"year": 2025, "rows": rows}, format="json")
    assert good.status_code == 200 and len(good.json()) == 3
    assert quota(w, "commune_a").assigned == 21 and quota(w, "dept_a").headcount == 9
    assert quota(w, "ubnd_a", category=PE).headcount == 2


def test_bulk_service_errors_name_the_cell(staffed, api_for):
    w = staffed
    rows = [{"unit": w.commune_a.pk, "category": CS, "assigned": 21}, {"unit": w.commune_a.pk, "category": CS}]
    response = api_for(w.alice).post(f"{QUOTAS}bulk/", {"year": 2025, "rows": rows}, format="json")
    assert response.status_code == 400
    response = api_for(w.alice).post(f"{QUOTAS}bulk/", {"year": 1700, "rows": rows[:1]}, format="json")
    assert "year" in response.json()
    response = api_for(w.alice).post(
        f"{QUOTAS}bulk/",
        {"year": 2025, "rows": [{"unit": w.commune_a.pk, "category": CS, "assigned": 10**7}]},
        format="json",
    )
    assert cell_key(w.commune_a.pk, CS, "assigned") in response.json()


def test_targets_over_the_api(staffed, api_for):
    w = staffed
    api = api_for(w.alice)
    response = api.post(
        TARGETS,
        {
            "unit": w.commune_a.pk,
            "category": CS,
            "base_year": 2021,
            "target_year": 2026,
            "percent": "5",
            "legal_basis": "Kết luận 40-KL/TW",
        },
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert api.patch(f"{TARGETS}{pk}/", {"percent": "6.5"}).json()["percent"] == "6.50"
    assert api.patch(f"{TARGETS}{pk}/", {"target_year": 2020}).status_code == 400
    assert api.post(f"{TARGETS}{pk}/archive/", {"note": "Nhầm"}).json()["archived_at"]
    assert api.get(TARGETS, {"unit": w.commune_a.pk}).json()["count"] == 0
    assert api.get(TARGETS, {"unit": w.commune_a.pk, "include_archived": "true"}).json()["count"] == 1
    history = api.get(f"{TARGETS}{pk}/history/").json()["results"]
    assert [e["action"] for e in history] == [Action.ARCHIVE, Action.UPDATE, Action.CREATE]
    # the district's own target is the province's to set
    assert (
        api.post(TARGETS, {"unit": w.district_a.pk, "base_year": 2021, "target_year": 2026, "percent": 1}).status_code
        == 403
    )


def test_quota_history(staffed, api_for):
    row = quota(staffed, "commune_a")
    api_for(staffed.alice).patch(f"{QUOTAS}{row.pk}/", {"headcount": 22})
    history = api_for(staffed.bob).get(f"{QUOTAS}{row.pk}/history/").json()["results"]
    assert [e["action"] for e in history] == [Action.UPDATE, Action.CREATE]


def test_summary_of_a_district(staffed, api_for, django_assert_max_num_queries):
    api = api_for(staffed.bob)
    with django_assert_max_num_queries(
        8
    ):  # roles, the unit, its children, figures by child and year, targets, base quotas, over quota (page, count)
        body = api.get(SUMMARY, {"unit": staffed.district_a.pk, "year": 2025, "years": 5}).json()
    assert body["totals"] == {"assigned": 88, "headcount": 86, "vacancies": 6, "over": 4, "rows": 6}
    p = body["progress"]
    assert (p["base"], p["limit"], p["current"], p["distance"], p["met"]) == (100, 90, 88, -2, True)
    lines = {(line["unit"] or {}).get("code", "itself"): line for line in body["children"]}
    assert list(lines) == ["itself", "XA1", "HA-UB"]
    assert lines["XA1"]["figures"]["over"] == 2 and lines["XA1"]["progress"] is None
    assert (lines["HA-UB"]["progress"]["limit"], lines["HA-UB"]["progress"]["distance"]) == (40, 3)
    assert [(y["year"], y["figures"]["assigned"]) for y in body["series"]] == [
        (2021, 100),
        (2022, 0),
        (2023, 0),
        (2024, 0),
        (2025, 88),
    ]
    assert [(r["unit_code"], r["excess"]) for r in body["over_quota"]] == [("XA1", 2), ("HA-UB-NV", 2)]
    assert body["over_quota_count"] == 2


def test_summary_validates_its_parameters(staffed, api_for):
    api = api_for(staffed.bob)
    assert api.get(SUMMARY).status_code == 400
    assert api.get(SUMMARY, {"unit": staffed.district_a.pk, "years": 99}).status_code == 400
    assert api.get(SUMMARY, {"unit": staffed.district_a.pk, "year": "x"}).status_code == 400
    assert api.get(SUMMARY, {"unit": staffed.district_a.pk, "year": 1200}).status_code == 400
    body = api.get(SUMMARY, {"unit": staffed.district_a.pk, "year": 2025, "category": PE}).json()
    assert body["totals"]["assigned"] == 5 and body["progress"] is None


def test_the_staffing_schema_generates_without_a_warning(db):
    patterns = [path("api/staffing/", include("lanhdao.staffing.api"))]
    GENERATOR_STATS.reset()
    schema = SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)
    assert not GENERATOR_STATS._warn_cache and not GENERATOR_STATS._error_cache
    assert {"/api/staffing/quotas/bulk/", "/api/staffing/summary/", "/api/staffing/targets/{id}/archive/"} <= set(
        schema["paths"]
    )
