"""The plans on the pages and over the API: the dashboard sets each figure against the unit's plan for the year (the
whole year's plan for a shorter period, none for a period across two years, nor for the unit alone), the units under
it against theirs; the plan's page (set, change, remove; one bad value saves nothing; the viewer sees it and changes
nothing; the outsider gets 404); the API reads and writes plans with the same rights."""

import pytest
from django.urls import reverse

from conftest import make_user, shown
from lanhdao.accounts.roles import Role
from lanhdao.audit.models import AuditEntry
from lanhdao.reports.indicators import BY_KEY, GROUPS
from lanhdao.reports.plans import services
from lanhdao.reports.plans.models import IndicatorTarget
from lanhdao.reports.tests import test_indicators_data as fixtures
from lanhdao.reports.tests.test_indicators_data import END, EXPECTED, START

data, frozen = fixtures.data, fixtures.frozen  # the hand-counted data set of 2025, time frozen on 1 March 2026

YEAR = START.year
PERIOD = {"start": START.isoformat(), "end": END.isoformat()}
PLAN = {"meetings_held": 12, "admissions": 4, "field_visits": 2}


def stored(unit, year=YEAR) -> dict:
    return dict(IndicatorTarget.objects.filter(unit=unit, year=year).values_list("key", "value"))


def audits() -> int:
    return AuditEntry.objects.filter(content_type__model="indicatortarget").count()


@pytest.fixture
def plan(data):
    services.targets_set(actor=data.alice, unit=data.district_a, year=YEAR, values=PLAN)
    services.targets_set(actor=data.alice, unit=data.commune_a, year=YEAR, values={"meetings_held": 4})
    return data


def dashboard(client, unit, **params):
    return client.get(reverse("reports:dashboard"), {"unit": unit.pk, **PERIOD, **params})


def cards(response) -> dict:
    return {card.indicator.key: card for _, group in response.context["groups"] for card in group}


def plan_url(unit, year=YEAR):
    return reverse("reports:targets_edit", args=[unit.pk, year])


# --- the dashboard ---------------------------------------------------------------------------------------------------


def test_the_dashboard_sets_each_figure_against_the_plan(plan, client_for):
    response = dashboard(client_for(plan.alice), plan.district_a)
    assert response.status_code == 200
    found = cards(response)
    assert EXPECTED["meetings_held"] == 3 and EXPECTED["admissions"] == 1 and EXPECTED["field_visits"] == 2
    assert (found["meetings_held"].target, found["meetings_held"].of_plan) == (12, 25)
    assert (found["admissions"].target, found["admissions"].of_plan) == (4, 25)
    assert (found["field_visits"].target, found["field_visits"].of_plan) == (2, 100)
    assert found["tasks_assigned"].target is None and found["tasks_assigned"].of_plan is None
    body = response.content.decode()
    assert shown(response, "plan: %(t)s · %(p)s%% of plan", t=12, p=25) in body
    assert body.count('class="plan-marker"') == len(PLAN) + 1  # one mark per planned card, and the legend's
    assert "style=" not in body  # no inline style (CSP)
    assert (
        shown(
            response,
            "This period is only part of the year: each figure is set against the whole year's "
            "plan, not a share of it.",
        )
        not in body
    )
    assert plan_url(plan.district_a) in body  # the secretary may set it


def test_the_plan_mark_sits_where_the_target_is_on_the_bars(plan, client_for):
    card = cards(dashboard(client_for(plan.alice), plan.district_a))["meetings_held"]
    # the plan (12) is the largest of 3, 1 and 12: the full bar; the figures are a quarter and a twelfth of it
    assert card.top == 12 and card.bars == (10, 30) and card.marker == 118


def test_the_units_under_it_are_set_against_their_own_plans(plan, client_for):
    response = dashboard(client_for(plan.alice), plan.district_a)
    cells = {row.unit.code: {c[0]: c for c in row_cells} for row, row_cells in response.context["rows"]}
    _key, value, _width, reached, target, _confidential = cells["XA1"]["meetings_held"]
    assert (value, target, reached.percent) == (2, 4, 50)
    assert cells["HA-UB"]["meetings_held"][3] is None
    assert shown(response, "%(p)s%% of plan", p=50) in response.content.decode()


def test_a_part_of_the_year_is_set_against_the_whole_years_plan(plan, client_for):
    response = dashboard(client_for(plan.bob), plan.district_a, end=f"{YEAR}-06-30")
    found = cards(response)
    assert found["meetings_held"].target == 12  # not prorated
    assert found["meetings_held"].value == 2 and found["meetings_held"].of_plan == 17
    assert response.context["plan_partial"]
    assert (
        shown(
            response,
            "This period is only part of the year: each figure is set against the whole year's plan, "
            "not a share of it.",
        )
        in response.content.decode()
    )


def test_a_period_across_two_years_has_no_plan(plan, client_for):
    response = dashboard(client_for(plan.alice), plan.district_a, start=f"{YEAR - 1}-07-01", end=f"{YEAR}-06-30")
    assert response.context["plan_year"] is None
    assert all(card.target is None for card in cards(response).values())
    assert 'class="plan-marker"' not in response.content.decode()


def test_the_plan_is_not_set_against_the_unit_alone(plan, client_for):
    response = dashboard(client_for(plan.alice), plan.district_a, subtree="0")
    assert all(card.target is None for card in cards(response).values())
    assert response.context["plan_hidden"]


def test_the_viewer_sees_the_plan_but_no_way_to_change_it(plan, client_for):
    response = dashboard(client_for(plan.bob), plan.district_a)
    assert cards(response)["admissions"].of_plan == 25
    body = response.content.decode()
    assert not response.context["may_set_plan"]
    assert shown(response, "Set the plan of %(y)s", y=YEAR) not in body
    assert shown(response, "See the plan of %(y)s", y=YEAR) in body


def test_without_a_plan_the_dashboard_offers_to_set_one(data, client_for):
    response = dashboard(client_for(data.alice), data.district_a)
    assert all(card.target is None for card in cards(response).values())
    body = response.content.decode()
    assert shown(response, "No plan has been set for %(y)s.", y=YEAR) in body
    assert shown(response, "Set the plan of %(y)s", y=YEAR) in body


def test_no_link_to_a_plan_of_a_year_no_plan_may_be_set_for(data, client_for):
    response = dashboard(client_for(data.alice), data.district_a, start="1995-01-01", end="1995-12-31")
    assert response.status_code == 200 and response.context["plan_url_year"] is None
    assert "/reports/plan/" not in response.content.decode()


# --- the plan's page -------------------------------------------------------------------------------------------------


def form_data(initial: dict, changed: dict) -> dict:
    """What the browser posts: every cell as shown (`initial`) with the user's `changed` cells, and the hidden copy of
    what was shown that tells the changed cells apart."""
    posted = {}
    for key in BY_KEY:
        shown_value = initial.get(key, "")
        posted[f"initial-{key}"] = shown_value
        posted[key] = changed.get(key, shown_value)
        posted[f"initial-note_{key}"] = ""
        posted[f"note_{key}"] = changed.get(f"note_{key}", "")
    return posted


def test_the_plan_page_lists_the_catalogue_by_group_with_the_plan_and_last_years_figures(plan, client_for):
    response = client_for(plan.alice).get(plan_url(plan.district_a, YEAR + 1))
    assert response.status_code == 200
    assert response.context["may_change"] and response.context["count"] == 0
    groups = dict(response.context["groups"])
    meetings = groups[GROUPS["meetings"]]
    assert meetings[0][0].key == "meetings_held" and meetings[0][3] == EXPECTED["meetings_held"]  # 2025's figure
    response = client_for(plan.alice).get(plan_url(plan.district_a))
    body = response.content.decode()
    assert 'name="admissions" value="4"' in body and response.context["count"] == len(PLAN)


def test_the_secretary_sets_changes_and_removes_targets_from_the_page(plan, client_for):
    client = client_for(plan.alice)
    posted = form_data(PLAN, {"admissions": "5", "field_visits": "", "inspections": "2", "note_inspections": "KH 3"})
    response = client.post(plan_url(plan.district_a), posted)
    assert response.status_code == 302
    assert response.url == f"{reverse('reports:dashboard')}?unit={plan.district_a.pk}&start=2025-01-01&end=2025-12-31"
    assert stored(plan.district_a) == {"meetings_held": 12, "admissions": 5, "inspections": 2}
    assert IndicatorTarget.objects.get(unit=plan.district_a, key="inspections").note == "KH 3"


def test_a_save_writes_only_the_cells_changed_and_keeps_what_another_user_saved_meanwhile(plan, client_for):
    services.targets_set(actor=plan.root, unit=plan.district_a, year=YEAR, values={"meetings_held": 10})
    response = client_for(plan.alice).post(plan_url(plan.district_a), form_data(PLAN, {"admissions": "6"}))
    assert response.status_code == 302
    assert stored(plan.district_a) == {"meetings_held": 10, "admissions": 6, "field_visits": 2}


def test_one_bad_value_saves_nothing_and_says_so(plan, client_for):
    before = audits()
    response = client_for(plan.alice).post(
        plan_url(plan.district_a), form_data(PLAN, {"admissions": "9", "inspections": "-3", "meetings_held": "abc"})
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert shown(response, "Nothing was saved: correct the targets marked below.") in body
    assert shown(response, "A target is a whole number above zero; leave it empty for no target.") in body
    assert shown(response, "Give a whole number.") in body
    assert set(response.context["form"].errors) == {"inspections", "meetings_held"}
    assert stored(plan.district_a) == PLAN and audits() == before
    assert 'name="admissions" value="9"' in body  # what the user typed is kept


def test_the_level_above_sets_the_plan_of_a_unit_under_it_from_the_page(plan, client_for):
    response = client_for(plan.alice).post(plan_url(plan.cell_a), form_data({}, {"admissions": "1"}))
    assert response.status_code == 302 and stored(plan.cell_a) == {"admissions": 1}


def test_the_viewer_sees_the_plan_page_but_may_not_change_it(plan, client_for):
    client = client_for(plan.bob)
    response = client.get(plan_url(plan.district_a))
    assert response.status_code == 200 and not response.context["may_change"]
    body = response.content.decode()
    assert shown(response, "You may see this plan but not change it.") in body
    assert shown(response, "Save the plan") not in body and 'name="admissions"' not in body
    assert '<td class="num">12</td>' in body  # the targets, as text
    groups = response.context["groups"]
    assert [last for _, rows in groups for i, _f, _n, last, _c in rows if i.key == "admissions"] == [1]
    before = audits()
    response = client.post(plan_url(plan.district_a), form_data(PLAN, {"admissions": "99", "inspections": "1"}))
    assert response.status_code == 403
    assert stored(plan.district_a) == PLAN and audits() == before


def test_a_unit_below_may_not_change_the_plan_above_it(plan, client_for):
    commune_secretary = make_user("xuan", role=Role.SECRETARY, unit=plan.commune_a)
    client = client_for(commune_secretary)
    assert client.get(plan_url(plan.district_a)).status_code == 404
    assert client.post(plan_url(plan.district_a), form_data(PLAN, {"admissions": "99"})).status_code == 404
    assert client.post(plan_url(plan.commune_a), form_data({}, {"admissions": "3"})).status_code == 302
    assert stored(plan.district_a) == PLAN


def test_the_outsider_gets_404_and_changes_nothing(plan, client_for):
    client = client_for(plan.charlie)
    before = audits()
    assert client.get(plan_url(plan.district_a)).status_code == 404
    assert client.post(plan_url(plan.district_a), form_data(PLAN, {"admissions": "99"})).status_code == 404
    assert client.get(reverse("reports:targets_edit", args=[10**6, YEAR])).status_code == 404
    assert stored(plan.district_a) == PLAN and audits() == before


@pytest.mark.parametrize("year", [1999, 2032])
def test_a_year_out_of_range_is_404(plan, client_for, year):
    assert client_for(plan.alice).get(plan_url(plan.district_a, year)).status_code == 404


# --- the API ---------------------------------------------------------------------------------------------------------


def api_url(unit, year=YEAR):
    return f"/api/indicator-targets/{unit.pk}/{year}/"


def test_api_compute_gives_the_plan_and_the_percentage(plan, api_for):
    params = {"unit": plan.district_a.pk, "keys": "meetings_held,admissions,tasks_overdue", **PERIOD}
    body = api_for(plan.bob).get("/api/indicators/compute/", params).json()
    assert body["plan_year"] == YEAR
    assert body["targets"] == {"meetings_held": 12, "admissions": 4}  # only the keys asked for
    assert body["of_plan"] == {"meetings_held": 25, "admissions": 25}
    body = api_for(plan.bob).get("/api/indicators/compute/", {**params, "start": "2024-07-01"}).json()
    assert (body["plan_year"], body["targets"], body["of_plan"]) == (None, {}, {})
    body = api_for(plan.bob).get("/api/indicators/compute/", {**params, "subtree": "false"}).json()
    assert body["targets"] == {} and body["plan_year"] == YEAR


def test_api_reads_the_plan(plan, api_for):
    response = api_for(plan.bob).get(api_url(plan.district_a))
    assert response.status_code == 200
    body = response.json()
    assert body["unit"] == plan.district_a.pk and body["year"] == YEAR and body["may_change"] is False
    assert {row["key"]: row["value"] for row in body["targets"]} == PLAN
    assert api_for(plan.alice).get(api_url(plan.district_a)).json()["may_change"] is True


def test_api_writes_the_plan_for_those_who_may(plan, api_for):
    api = api_for(plan.alice)
    change = {"targets": {"admissions": 8, "field_visits": None, "inspections": 3}, "notes": {"inspections": "KH"}}
    response = api.patch(api_url(plan.district_a), change, format="json")
    assert response.status_code == 200
    assert {row["key"]: row["value"] for row in response.json()["targets"]} == stored(plan.district_a)
    assert stored(plan.district_a) == {"meetings_held": 12, "admissions": 8, "inspections": 3}
    response = api.patch(api_url(plan.commune_a), {"targets": {"admissions": 2}}, format="json")
    assert response.status_code == 200 and stored(plan.commune_a) == {"meetings_held": 4, "admissions": 2}


def test_api_refuses_a_bad_value_and_saves_nothing(plan, api_for):
    before = audits()
    response = api_for(plan.alice).patch(
        api_url(plan.district_a), {"targets": {"admissions": 9, "inspections": -1, "nope": 2}}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"inspections", "nope"}
    response = api_for(plan.alice).patch(api_url(plan.district_a), {"targets": {"admissions": "x"}}, format="json")
    assert response.status_code == 400
    assert stored(plan.district_a) == PLAN and audits() == before


def test_api_refuses_the_viewer_and_hides_the_plan_from_the_outsider(plan, api_for):
    before = audits()
    change = {"targets": {"admissions": 99}}
    assert api_for(plan.bob).patch(api_url(plan.district_a), change, format="json").status_code == 403
    assert api_for(plan.charlie).get(api_url(plan.district_a)).status_code == 404
    assert api_for(plan.charlie).patch(api_url(plan.district_a), change, format="json").status_code == 404
    assert api_for(plan.alice).get(api_url(plan.district_a, 1999)).status_code == 404
    assert stored(plan.district_a) == PLAN and audits() == before


def test_the_indicators_schema_generates_without_a_warning(db):
    from django.urls import include, path
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    patterns = [path("api/", include("lanhdao.reports.api_urls"))]
    GENERATOR_STATS.reset()
    schema = SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)
    assert not GENERATOR_STATS._warn_cache and not GENERATOR_STATS._error_cache
    operations = schema["paths"]["/api/indicator-targets/{unit_pk}/{year}/"]
    assert {"get", "patch"} <= set(operations)
    assert "of_plan" in schema["components"]["schemas"]["Compute"]["properties"]
