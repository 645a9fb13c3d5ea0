"""A review gathered level by level: a district relays the province's campaign to the organisations under it, with its
own deadline; the province sees how far each relay has come and the counts at every level; the district's report page
shows what its units submitted. Who may relay (the report's own unit), and who is refused (nothing created)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from conftest import shown
from lanhdao.audit.models import AuditEntry
from lanhdao.campaigns import selectors as sel
from lanhdao.campaigns import services
from lanhdao.campaigns.models import Campaign
from lanhdao.reports import indicators

from . import test_services as base
from .test_services import FULL, KEYS, at, report_of

issuer = base.issuer
campaign = base.campaign

pytestmark = pytest.mark.django_db

JUNE = datetime.date(2026, 6, 2)
RELAY_DEADLINE = datetime.date(2026, 6, 20)


def relay_of_a(world, campaign) -> Campaign:
    with at(JUNE):
        return services.report_relay(
            actor=world.alice, report=report_of(campaign, world.district_a), deadline=RELAY_DEADLINE
        )


def test_a_district_relays_the_review_to_the_organisations_under_it(world, campaign):
    relay = relay_of_a(world, campaign)
    assert relay.unit == world.district_a and relay.relay_of == report_of(campaign, world.district_a)
    assert (relay.title, relay.kind, relay.period_start, relay.period_end) == (
        campaign.title,
        campaign.kind,
        campaign.period_start,
        campaign.period_end,
    )
    assert relay.outline == campaign.outline and relay.indicator_keys == KEYS and relay.deadline == RELAY_DEADLINE
    # the Party organisations directly under the district: the commune committee, not the People's Committee
    (report,) = relay.reports.all()
    assert report.unit == world.commune_a
    assert report.figures == indicators.compute(world.commune_a, campaign.period_start, campaign.period_end, keys=KEYS)
    assert report.figures["admissions"] == 1  # the member admitted in the commune's cell
    assert AuditEntry.objects.filter(content_type__model="campaign", object_id=str(relay.pk)).count() == 1
    assert AuditEntry.objects.filter(content_type__model="campaignreport", object_id=str(report.pk)).count() == 1


def test_the_province_sees_each_relay_and_every_level(world, campaign):
    relay = relay_of_a(world, campaign)
    rows = {row.report.unit: row for row in sel.campaign_status(campaign)}
    assert rows[world.district_b].relay is None
    progress = rows[world.district_a].relay
    assert (progress.campaign_id, progress.submitted, progress.total) == (relay.pk, 0, 1)

    with at(JUNE):
        services.report_save_sections(actor=world.alice, report=relay.reports.get(), sections=FULL)
        services.report_submit(actor=world.alice, report=relay.reports.get())
    assert sel.campaign_status(campaign)[0].relay.submitted == 1

    with at(datetime.date(2026, 6, 25)):  # the relay's deadline has passed, the province's not yet
        levels = sel.levels(campaign)
    assert [(lv.depth, lv.campaigns, lv.total) for lv in levels] == [(1, 1, 2), (2, 1, 1)]
    assert levels[0].counts == {"submitted": 0, "late": 0, "pending": 2}
    assert levels[1].counts == {"submitted": 1, "late": 0, "pending": 0}
    with at(datetime.date(2026, 7, 1)):
        assert sel.levels(campaign)[0].counts == {"submitted": 0, "late": 2, "pending": 0}


def test_a_late_relay_is_counted_late_at_its_own_level(world, campaign):
    relay_of_a(world, campaign)
    with at(datetime.date(2026, 6, 25)):
        assert sel.levels(campaign)[1].counts == {"submitted": 0, "late": 1, "pending": 0}


def test_the_relay_deadline_may_not_pass_the_campaign_above_and_a_report_is_relayed_once(world, campaign):
    report = report_of(campaign, world.district_a)
    with at(JUNE):
        with pytest.raises(ValidationError) as error:
            services.report_relay(actor=world.alice, report=report, deadline=datetime.date(2026, 7, 1))
        assert "deadline" in error.value.message_dict
        with pytest.raises(ValidationError) as error:
            services.report_relay(actor=world.alice, report=report, deadline=datetime.date(2026, 6, 1))
        assert "deadline" in error.value.message_dict
    assert not Campaign.objects.filter(relay_of=report).exists()
    relay_of_a(world, campaign)
    with at(JUNE), pytest.raises(ValidationError):
        services.report_relay(actor=world.alice, report=report, deadline=RELAY_DEADLINE)
    assert Campaign.objects.filter(relay_of=report).count() == 1


def test_a_submitted_report_is_not_relayed_and_a_unit_with_no_organisation_under_it_cannot_relay(world, campaign):
    report = report_of(campaign, world.district_b)
    with at(JUNE):
        services.report_save_sections(actor=world.charlie, report=report, sections=FULL)
        services.report_submit(actor=world.charlie, report=report)
        with pytest.raises(ValidationError):
            services.report_relay(actor=world.charlie, report=report, deadline=RELAY_DEADLINE)
    relay = relay_of_a(world, campaign)
    commune_report = relay.reports.get()  # the commune has only a cell under it: relay it one level further down
    with at(JUNE):
        deeper = services.report_relay(actor=world.alice, report=commune_report, deadline=RELAY_DEADLINE)
    assert [r.unit for r in deeper.reports.all()] == [world.cell_a]
    with at(JUNE), pytest.raises(ValidationError) as error:
        services.report_relay(actor=world.alice, report=deeper.reports.get(), deadline=RELAY_DEADLINE)
    assert "unit" in error.value.message_dict
    assert [lv.total for lv in sel.levels(campaign)] == [2, 1, 1]


def test_only_those_who_write_the_report_may_relay_it(world, campaign):
    report = report_of(campaign, world.district_a)
    with at(JUNE):
        for user in (world.bob, world.charlie):  # a viewer of the district, an outsider
            with pytest.raises(PermissionDenied):
                services.report_relay(actor=user, report=report, deadline=RELAY_DEADLINE)
    assert not Campaign.objects.filter(relay_of__isnull=False).exists()


# --- pages and API ----------------------------------------------------------------------------------------------------


def _url(name, *args):
    return reverse(f"campaigns:{name}", args=args)


def test_the_district_relays_from_its_report_page_and_then_sees_what_its_units_submitted(world, campaign, client_for):
    report = report_of(campaign, world.district_a)
    client = client_for(world.alice)
    with at(JUNE):
        page = client.get(_url("report", report.pk))
        assert shown(page, "Relay the review") in page.content.decode()
        response = client.post(_url("report_relay", report.pk), {"deadline": "2026-06-20"})
    relay = Campaign.objects.get(relay_of=report)
    assert response.status_code == 302 and response.url == _url("detail", relay.pk)
    commune_report = relay.reports.get()
    with at(JUNE):
        services.report_save_sections(
            actor=world.alice, report=commune_report, sections=FULL | {"done": "Xã An Một kết nạp 1 đảng viên."}
        )
        services.report_submit(actor=world.alice, report=commune_report)
        page = client.get(_url("report", report.pk)).content.decode()
        detail = client.get(_url("detail", relay.pk)).content.decode()
    assert "Xã An Một kết nạp 1 đảng viên." in page and world.commune_a.name in page
    assert _url("report", report.pk) in detail  # "relayed from" the district's own report


def test_a_bad_relay_deadline_is_shown_and_nothing_is_created(world, campaign, client_for):
    report = report_of(campaign, world.district_a)
    with at(JUNE):
        response = client_for(world.alice).post(_url("report_relay", report.pk), {"deadline": "2026-07-30"})
    assert response.status_code == 400
    expected = shown(
        response, "The deadline may not be later than that of the campaign above (%(date)s).", date="30/06/2026"
    )
    assert expected in response.content.decode()
    assert not Campaign.objects.filter(relay_of=report).exists()


def test_the_province_page_shows_the_relay_progress_and_the_levels(world, campaign, issuer, client_for):
    relay_of_a(world, campaign)
    with at(JUNE):
        page = client_for(issuer).get(_url("detail", campaign.pk))
    text = page.content.decode()
    assert shown(page, "Level by level") in text
    assert shown(page, "%(s)s of %(t)s submitted", s=0, t=1) in text
    assert _url("detail", Campaign.objects.get(relay_of__isnull=False).pk) in text


def test_relaying_is_refused_to_a_viewer_and_hidden_from_an_outsider(world, campaign, client_for, api_for):
    report = report_of(campaign, world.district_a)
    with at(JUNE):
        viewer = client_for(world.bob).post(_url("report_relay", report.pk), {"deadline": "2026-06-20"})
        outsider = client_for(world.charlie).post(_url("report_relay", report.pk), {"deadline": "2026-06-20"})
        api_viewer = api_for(world.bob).post(f"/api/campaign-reports/{report.pk}/relay/", {"deadline": "2026-06-20"})
        api_outsider = api_for(world.charlie).post(
            f"/api/campaign-reports/{report.pk}/relay/", {"deadline": "2026-06-20"}
        )
    assert (viewer.status_code, outsider.status_code) == (403, 404)
    assert (api_viewer.status_code, api_outsider.status_code) == (403, 404)
    assert not Campaign.objects.filter(relay_of__isnull=False).exists()


def test_the_api_relays_and_shows_the_progress_in_the_status(world, campaign, issuer, api_for):
    report = report_of(campaign, world.district_a)
    with at(JUNE):
        created = api_for(world.alice).post(f"/api/campaign-reports/{report.pk}/relay/", {"deadline": "2026-06-20"})
        bad = api_for(world.alice).post(f"/api/campaign-reports/{report.pk}/relay/", {"deadline": "2026-06-20"})
        status = api_for(issuer).get(f"/api/campaigns/{campaign.pk}/").json()["status"]
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["relay_of"] == report.pk and body["unit"] == world.district_a.pk and body["deadline"] == "2026-06-20"
    assert [row["unit"] for row in body["status"]] == [world.commune_a.pk]
    assert bad.status_code == 400
    row = next(r for r in status if r["unit"] == world.district_a.pk)
    assert (row["relay"], row["relay_submitted"], row["relay_total"]) == (body["id"], 0, 1)
    other = next(r for r in status if r["unit"] == world.district_b.pk)
    assert other["relay"] is None


def test_a_superuser_sees_every_campaign_and_report(world, campaign, client_for):
    relay = relay_of_a(world, campaign)
    assert set(sel.campaigns_for(world.root)) == {campaign, relay}
    assert sel.reports_for(world.root).count() == 3
    client = client_for(world.root)
    assert client.get(_url("detail", relay.pk)).status_code == 200
    assert client.get(_url("report", relay.reports.get().pk)).status_code == 200
