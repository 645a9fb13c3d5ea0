"""The dashboard, the drill-down and the API: figures for a unit the reader may see (the outsider gets 404, the
same as for a unit that does not exist), drill-down lists that match the figure, a query count that does not grow
with the number of units."""

import pytest
from django.urls import reverse

from lanhdao.reports.indicators import BY_KEY

from . import test_indicators_data as fixtures
from .test_indicators_data import END, EXPECTED, START

data, frozen = fixtures.data, fixtures.frozen  # the shared data set

PERIOD = {"start": START.isoformat(), "end": END.isoformat()}


def test_viewer_sees_the_dashboard_with_previous_period_and_children(data, client_for):
    response = client_for(data.bob).get(reverse("reports:dashboard"), {"unit": data.district_a.pk, **PERIOD})
    assert response.status_code == 200
    body = response.content.decode()
    assert "01/01/2024" in body and "31/12/2024" in body  # the previous period
    assert "<svg" in body and "style=" not in body  # charts drawn on the server, no inline style (CSP)
    assert data.commune_a.name in body and data.ubnd_a.name in body  # the units under it
    assert reverse("reports:drilldown") in body


def test_dashboard_defaults_to_the_scope_and_this_year(data, client_for):
    response = client_for(data.bob).get(reverse("reports:dashboard"))
    assert response.status_code == 200 and response.context["unit"] == data.district_a
    assert response.context["start"].isoformat() == "2026-01-01"


@pytest.mark.parametrize("name", ["reports:dashboard", "reports:drilldown"])
def test_outsider_gets_404(data, client_for, name):
    response = client_for(data.charlie).get(reverse(name), {"unit": data.district_a.pk, "indicator": "meetings_held"})
    assert response.status_code == 404


def test_drilldown_lists_the_records_behind_the_figure(data, client_for):
    response = client_for(data.root).get(
        reverse("reports:drilldown"), {"unit": data.district_a.pk, "indicator": "tasks_assigned", **PERIOD}
    )
    assert response.status_code == 200
    assert response.context["figure"] == EXPECTED["tasks_assigned"]
    assert response.context["page"].paginator.count == EXPECTED["tasks_assigned"]


def test_drilldown_of_a_sum_shows_the_rows_that_add_up(data, client_for):
    response = client_for(data.alice).get(
        reverse("reports:drilldown"), {"unit": data.district_a.pk, "indicator": "staff_quota", **PERIOD}
    )
    assert response.context["figure"] == 15 == response.context["shown_total"]
    assert sorted(amount for _, amount in response.context["rows"]) == [5, 10]


def test_drilldown_shows_only_what_the_reader_may_see(data, client_for):
    """The viewer of district A may not see members' records: the admission is counted, not listed."""
    response = client_for(data.bob).get(
        reverse("reports:drilldown"), {"unit": data.district_a.pk, "indicator": "admissions", **PERIOD}
    )
    assert response.status_code == 200
    assert response.context["figure"] == 1
    shown = response.context["page"].paginator.count
    assert shown == response.context["shown_total"] <= 1


def test_unknown_indicator_is_404(data, client_for):
    response = client_for(data.bob).get(reverse("reports:drilldown"), {"unit": data.district_a.pk, "indicator": "x"})
    assert response.status_code == 404


def test_dashboard_queries_do_not_grow_with_the_number_of_units(data, client_for, django_assert_max_num_queries):
    from conftest import add_unit
    from lanhdao.org.kinds import UnitKind

    client = client_for(data.root)
    url = reverse("reports:dashboard")
    with django_assert_max_num_queries(120) as first:
        client.get(url, {"unit": data.province.pk, **PERIOD})
    for n in range(4):
        add_unit(data.province, f"HX{n}", f"Huyện {n}", UnitKind.DISTRICT_COMMITTEE)
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(url, {"unit": data.province.pk, **PERIOD})
    assert len(response.context["rows"]) == 7


def test_api_catalogue(data, api_for):
    response = api_for(data.bob).get("/api/indicators/")
    assert response.status_code == 200
    assert [row["key"] for row in response.json()] == list(BY_KEY)


def test_api_compute_and_children(data, api_for):
    api = api_for(data.bob)
    params = {"unit": data.district_a.pk, "keys": "meetings_held,tasks_overdue", **PERIOD}
    response = api.get("/api/indicators/compute/", params)
    assert response.status_code == 200
    assert response.json()["values"] == {"meetings_held": 3, "tasks_overdue": 1}
    response = api.get("/api/indicators/children/", params)
    assert response.status_code == 200
    rows = {row["code"]: row["values"] for row in response.json()["rows"] if not row["own"]}
    assert rows["XA1"] == {"meetings_held": 2, "tasks_overdue": 1}


@pytest.mark.parametrize("path", ["/api/indicators/compute/", "/api/indicators/children/"])
def test_api_outsider_gets_404_and_bad_input_400(data, api_for, path):
    assert api_for(data.charlie).get(path, {"unit": data.district_a.pk}).status_code == 404
    assert api_for(data.bob).get(path, {"unit": data.district_a.pk, "keys": "nope"}).status_code == 400
    assert api_for(data.bob).get(path, {"unit": data.district_a.pk, "start": "2025-13-01"}).status_code == 400
