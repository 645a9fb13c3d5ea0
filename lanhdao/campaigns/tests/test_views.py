"""The pages and the API of the review campaigns: the issuer's page, the report page of an addressed unit, the DOCX
downloads, and who gets 404 / 403 (nothing changed)."""

import datetime
import io

import pytest
from django.urls import reverse
from docx import Document as Docx

from conftest import shown
from lanhdao.campaigns.models import Campaign, CampaignReport

from . import test_services as base
from .test_services import FULL, KEYS, at, report_of

issuer = base.issuer  # the fixtures of the services' tests
campaign = base.campaign

pytestmark = pytest.mark.django_db


def _url(name, *args):
    return reverse(f"campaigns:{name}", args=args)


def test_the_issuer_opens_a_campaign_from_the_form(world, issuer, client_for):
    client = client_for(issuer)
    data = {
        "title": "Sơ kết Nghị quyết 05",
        "kind": "interim",
        "period_start": "2026-01-01",
        "period_end": "2026-06-30",
        "deadline": "2026-07-15",
        "indicator_keys": KEYS,
    }
    with at(datetime.date(2026, 6, 1)):
        response = client.post(_url("open", world.province.pk), data)
    created = Campaign.objects.get()
    assert response.status_code == 302 and response.url == _url("detail", created.pk)
    assert created.indicator_keys == KEYS and created.reports.count() == 2


def test_opening_is_refused_to_a_viewer_and_hidden_from_an_outsider(world, client_for):
    data = {
        "title": "x",
        "kind": "interim",
        "period_start": "2026-01-01",
        "period_end": "2026-06-30",
        "deadline": "2030-01-01",
    }
    assert client_for(world.bob).post(_url("open", world.district_a.pk), data).status_code == 403
    assert client_for(world.charlie).post(_url("open", world.district_a.pk), data).status_code == 404
    assert not Campaign.objects.exists()


def test_the_campaign_page_shows_who_submitted_who_is_late_and_the_aggregate(world, campaign, issuer, client_for):
    report = services_save_and_submit(world, campaign)
    with at(datetime.date(2026, 7, 2)):
        response = client_for(issuer).get(_url("detail", campaign.pk))
    text = response.content.decode()
    assert response.status_code == 200
    assert "status-submitted" in text and "status-late" in text and "Did a lot." in text
    assert _url("report", report.pk) in text
    docx = client_for(issuer).get(_url("aggregate_docx", campaign.pk))
    body = "\n".join(p.text for p in Docx(io.BytesIO(docx.content)).paragraphs)
    assert docx.status_code == 200 and "Did a lot." in body


def services_save_and_submit(world, campaign):
    from lanhdao.campaigns import services

    report = services.report_save_sections(
        actor=world.alice, report=report_of(campaign, world.district_a), sections=FULL
    )
    return services.report_submit(actor=world.alice, report=report)


def test_the_unit_writes_and_submits_its_report_with_a_confirmation(world, campaign, client_for):
    client = client_for(world.alice)
    report = report_of(campaign, world.district_a)
    page = client.get(_url("report", report.pk))
    assert page.status_code == 200 and "s_done" in page.content.decode()
    posted = {"version": 1} | {f"s_{k}": v for k, v in FULL.items()} | {"submit": "1"}
    response = client.post(_url("report", report.pk), posted)
    assert response.url == _url("report_submit", report.pk)
    assert report_of(campaign, world.district_a).submitted_at is None  # not yet: the confirmation comes first
    confirm = client.get(response.url)
    assert b'class="danger"' in confirm.content
    client.post(response.url, {"version": 2})
    report = report_of(campaign, world.district_a)
    assert report.submitted_at is not None and report.sections == FULL
    docx = client.get(_url("report_docx", report.pk))
    assert docx.status_code == 200 and "Rain." in "\n".join(p.text for p in Docx(io.BytesIO(docx.content)).paragraphs)


def test_a_submission_with_empty_sections_names_them(world, campaign, client_for):
    client = client_for(world.alice)
    report = report_of(campaign, world.district_a)
    client.post(_url("report", report.pk), {"version": 1, "s_done": "x"})
    response = client.get(_url("report_submit", report.pk))
    page = response.content.decode()
    assert shown(response, "Lessons learned") in page and 'class="danger"' not in page
    client.post(_url("report_submit", report.pk), {"version": 2})
    assert report_of(campaign, world.district_a).submitted_at is None


def test_outsiders_get_404_viewers_and_other_units_403_and_nothing_changes(world, campaign, client_for):
    report = report_of(campaign, world.district_a)
    outsider = make_outsider()
    assert client_for(outsider).get(_url("report", report.pk)).status_code == 404
    assert client_for(outsider).get(_url("detail", campaign.pk)).status_code == 404
    assert client_for(world.charlie).get(_url("report", report.pk)).status_code == 404  # HB's secretary
    bob = client_for(world.bob)
    assert bob.get(_url("report", report.pk)).status_code == 200
    assert bob.post(_url("report", report.pk), {"version": 1, "s_done": "bob"}).status_code == 403
    assert bob.post(_url("report_submit", report.pk), {"version": 1}).status_code == 403
    assert bob.post(_url("report_refresh", report.pk)).status_code == 403
    other = report_of(campaign, world.district_b)
    assert client_for(world.alice).post(_url("report", other.pk), {"version": 1, "s_done": "a"}).status_code == 404
    assert CampaignReport.objects.filter(sections={}).count() == 2


def make_outsider():
    from conftest import make_user
    from lanhdao.accounts.roles import Role
    from lanhdao.org.models import Unit

    other = Unit.objects.add_root(create_kwargs={"code": "TX", "name": "Tỉnh ủy Khác", "kind": "province_committee"})
    return make_user("olivia", role=Role.SECRETARY, unit=other)


def test_the_list_page_shows_campaigns_issued_and_addressed(
    world, campaign, issuer, client_for, django_assert_max_num_queries
):
    client = client_for(world.alice)
    with django_assert_max_num_queries(12):
        page = client.get(_url("list", world.district_a.pk))
    assert campaign.title in page.content.decode()
    assert _url("report", report_of(campaign, world.district_a).pk) in page.content.decode()
    issued = client_for(issuer).get(_url("list", world.province.pk)).content.decode()
    assert _url("detail", campaign.pk) in issued


# --- API -----------------------------------------------------------------------------------------------------------


def test_api_opens_lists_and_retrieves_with_status(world, issuer, api_for):
    api = api_for(issuer)
    body = {
        "unit": world.province.pk,
        "kind": "final",
        "title": "Tổng kết",
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
        "deadline": "2030-01-31",
        "indicator_keys": ["admissions"],
    }
    created = api.post("/api/campaigns/", body, format="json")
    assert created.status_code == 201, created.json()
    assert {row["status"] for row in created.json()["status"]} == {"pending"}
    listed = api.get("/api/campaigns/", {"unit": world.province.pk}).json()
    assert [c["id"] for c in listed["results"]] == [created.json()["id"]]
    assert (
        api_for(world.bob).post("/api/campaigns/", body | {"unit": world.district_a.pk}, format="json").status_code
        == 403
    )
    assert (
        api_for(world.charlie).post("/api/campaigns/", body | {"unit": world.district_a.pk}, format="json").status_code
        == 404
    )
    assert api.post("/api/campaigns/", body | {"indicator_keys": ["bad"]}, format="json").status_code == 400
    assert Campaign.objects.count() == 1


def test_api_patches_submits_and_aggregates(world, campaign, issuer, api_for):
    report = report_of(campaign, world.district_a)
    api = api_for(world.alice)
    url = f"/api/campaign-reports/{report.pk}/"
    assert api.get(url).json()["figures"]["admissions"] == 1
    early = api.post(url + "submit/", {}, format="json")
    assert early.status_code == 400 and shown(early, "Causes") in str(early.json())
    assert api.patch(url, {"sections": FULL, "version": 1}, format="json").status_code == 200
    assert api.patch(url, {"sections": {"done": "stale"}, "version": 1}, format="json").status_code == 409
    assert api.post(url + "submit/", {"version": 2}, format="json").status_code == 200
    assert api.patch(url, {"sections": {"done": "late"}}, format="json").status_code == 400
    aggregate = api_for(issuer).get(f"/api/campaigns/{campaign.pk}/aggregate/").json()
    assert aggregate["submitted"] == 1 and {s["key"]: s["value"] for s in aggregate["sums"]}["admissions"] == 1


def test_api_hides_and_refuses_like_the_pages(world, campaign, api_for):
    report = report_of(campaign, world.district_a)
    url = f"/api/campaign-reports/{report.pk}/"
    assert api_for(make_outsider()).get(f"/api/campaigns/{campaign.pk}/").status_code == 404
    assert api_for(world.charlie).get(url).status_code == 404
    assert api_for(world.bob).patch(url, {"sections": {"done": "b"}}, format="json").status_code == 403
    assert api_for(world.bob).post(url + "submit/", {}, format="json").status_code == 403
    assert report_of(campaign, world.district_a).sections == {}


def test_the_campaigns_schema_generates_without_a_warning(db):
    from django.urls import include, path
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    patterns = [path("api/", include("lanhdao.campaigns.api_urls"))]
    GENERATOR_STATS.reset()
    schema = SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)
    assert not GENERATOR_STATS._warn_cache and not GENERATOR_STATS._error_cache
    assert {"/api/campaigns/{id}/aggregate/", "/api/campaign-reports/{id}/submit/"} <= set(schema["paths"])


def test_an_addressed_unit_sees_its_own_report_but_not_the_campaigns_status_nor_the_others_texts(
    world, campaign, client_for, api_for
):
    client = client_for(world.charlie)
    assert client.get(_url("detail", campaign.pk)).status_code == 404
    assert client.get(_url("aggregate_docx", campaign.pk)).status_code == 404
    assert api_for(world.charlie).get(f"/api/campaigns/{campaign.pk}/aggregate/").status_code == 404
    assert client.get(_url("report", report_of(campaign, world.district_b).pk)).status_code == 200
    listed = api_for(world.charlie).get("/api/campaigns/", {"unit": world.district_b.pk}).json()
    assert [c["id"] for c in listed["results"]] == [campaign.pk]
