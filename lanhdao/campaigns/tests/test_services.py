"""Review campaigns: opening creates the drafts with the figures of the data; the rules of saving and submitting;
the status as of the deadline; the aggregate; who may see and write what (services and pages)."""

import datetime
import time

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext

from conftest import make_member, make_user
from lanhdao.accounts.roles import Role
from lanhdao.audit.models import AuditEntry
from lanhdao.campaigns import selectors as sel
from lanhdao.campaigns import services
from lanhdao.campaigns.models import Campaign, CampaignReport
from lanhdao.reports import indicators

pytestmark = pytest.mark.django_db

KEYS = ["admissions", "meetings_held", "tasks_assigned"]
FULL = {"done": "Did a lot.", "not_done": "Some.", "causes": "Rain.", "lessons": "Plan.", "proposals": "More."}


def at(day: datetime.date):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 5, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def issuer(world):
    return make_user("paula", role=Role.SECRETARY, unit=world.province)


@pytest.fixture
def campaign(world, issuer):
    make_member(world.cell_a, "Nguyễn Văn Hai", admitted_on=datetime.date(2026, 3, 2), full_on=None)
    make_member(world.commune_b, "Trần Văn Ba", admitted_on=datetime.date(2026, 4, 2), full_on=None)
    make_member(world.commune_b, "Lê Văn Bốn", admitted_on=datetime.date(2026, 5, 2), full_on=None)
    with at(datetime.date(2026, 6, 1)):
        return services.campaign_open(
            actor=issuer,
            unit=world.province,
            title="Sơ kết 6 tháng đầu năm 2026",
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 6, 30),
            deadline=datetime.date(2026, 6, 30),
            indicator_keys=KEYS,
        )


def report_of(campaign, unit) -> CampaignReport:
    return CampaignReport.objects.get(campaign=campaign, unit=unit)


def test_opening_creates_a_draft_per_party_organisation_under_the_issuer_with_figures_from_the_data(world, campaign):
    reports = {r.unit: r for r in campaign.reports.all()}
    assert set(reports) == {world.district_a, world.district_b}
    for unit, report in reports.items():
        expected = indicators.compute(unit, campaign.period_start, campaign.period_end, keys=KEYS)
        assert report.figures == expected
        assert report.submitted_at is None and report.sections == {}
    assert reports[world.district_a].figures["admissions"] == 1
    assert reports[world.district_b].figures["admissions"] == 2
    assert [s["key"] for s in campaign.outline] == ["done", "not_done", "causes", "lessons", "proposals"]
    assert AuditEntry.objects.filter(content_type__model="campaignreport").count() == 2
    assert AuditEntry.objects.filter(content_type__model="campaign", object_id=str(campaign.pk)).count() == 1


def test_opening_needs_record_on_the_issuing_unit_and_known_indicators(world, issuer):
    dates = {"period_start": datetime.date(2026, 1, 1), "period_end": datetime.date(2026, 6, 30)}
    with at(datetime.date(2026, 6, 1)):
        with pytest.raises(PermissionDenied):
            services.campaign_open(
                actor=world.alice, unit=world.province, title="x", deadline=datetime.date(2026, 7, 1), **dates
            )
        with pytest.raises(ValidationError) as error:
            services.campaign_open(
                actor=issuer,
                unit=world.province,
                title="x",
                deadline=datetime.date(2026, 7, 1),
                indicator_keys=["admissions", "nonsense"],
                **dates,
            )
        assert "nonsense" in str(error.value.message_dict["indicator_keys"])
        with pytest.raises(ValidationError) as error:
            services.campaign_open(
                actor=issuer, unit=world.province, title="x", deadline=datetime.date(2026, 5, 1), **dates
            )
        assert "deadline" in error.value.message_dict
    assert not Campaign.objects.exists() and not CampaignReport.objects.exists()


def test_sections_are_saved_by_the_unit_and_submission_needs_every_section(world, campaign):
    report = report_of(campaign, world.district_a)
    report = services.report_save_sections(actor=world.alice, report=report, sections={"done": "Tốt", "causes": "x"})
    assert report.sections == {"done": "Tốt", "causes": "x"} and report.version == 2
    with pytest.raises(ValidationError) as error:
        services.report_submit(actor=world.alice, report=report)
    message = " ".join(error.value.message_dict["sections"])
    assert gettext("What was not done") in message and gettext("Lessons learned") in message
    assert gettext("Causes") not in message
    report = services.report_save_sections(actor=world.alice, report=report, sections=FULL, version=2)
    report = services.report_submit(actor=world.alice, report=report, version=3)
    assert report.submitted_at is not None and report.submitted_by == world.alice
    with pytest.raises(ValidationError):
        services.report_save_sections(actor=world.alice, report=report, sections={"done": "changed"})
    assert report_of(campaign, world.district_a).sections["done"] == "Did a lot."


def test_a_stale_version_is_refused(world, campaign):
    report = report_of(campaign, world.district_a)
    services.report_save_sections(actor=world.alice, report=report, sections={"done": "a"}, version=1)
    with pytest.raises(ValidationError) as error:
        services.report_save_sections(
            actor=world.alice, report=report_of(campaign, world.district_a), sections={"done": "b"}, version=1
        )
    assert getattr(error.value, "http_status", 400) == 409
    assert report_of(campaign, world.district_a).sections == {"done": "a"}


def test_a_unit_cannot_write_another_units_report_and_a_viewer_cannot_write(world, campaign):
    for user in (world.charlie, world.bob):
        with pytest.raises(PermissionDenied):
            services.report_save_sections(
                actor=user, report=report_of(campaign, world.district_a), sections={"done": "x"}
            )
    assert report_of(campaign, world.district_a).sections == {}


def test_status_shows_submitted_late_and_pending_as_of_the_deadline(world, campaign):
    report = services.report_save_sections(
        actor=world.alice, report=report_of(campaign, world.district_a), sections=FULL
    )
    with at(datetime.date(2026, 6, 20)):
        services.report_submit(actor=world.alice, report=report)
        statuses = {row.report.unit: row.status for row in sel.campaign_status(campaign)}
    assert statuses == {world.district_a: sel.SUBMITTED, world.district_b: sel.PENDING}
    with at(datetime.date(2026, 7, 1)):
        statuses = {row.report.unit: row.status for row in sel.campaign_status(campaign)}
    assert statuses == {world.district_a: sel.SUBMITTED, world.district_b: sel.LATE}


def test_the_aggregate_sums_the_required_indicators_of_the_submitted_reports(world, campaign):
    a = services.report_save_sections(actor=world.alice, report=report_of(campaign, world.district_a), sections=FULL)
    services.report_submit(actor=world.alice, report=a)
    found = sel.aggregate(campaign)
    assert (found.submitted, found.total) == (1, 2)
    assert {i.key: v for i, v in found.sums}["admissions"] == 1
    b = services.report_save_sections(
        actor=world.charlie, report=report_of(campaign, world.district_b), sections=FULL | {"done": "B did"}
    )
    services.report_submit(actor=world.charlie, report=b)
    found = sel.aggregate(campaign)
    sums = {i.key: v for i, v in found.sums}
    expected = indicators.compute(world.district_a, campaign.period_start, campaign.period_end, keys=KEYS)
    other = indicators.compute(world.district_b, campaign.period_start, campaign.period_end, keys=KEYS)
    assert sums == {k: expected[k] + other[k] for k in KEYS} and sums["admissions"] == 3
    done = dict(found.sections[0][1])
    assert done == {world.district_a: "Did a lot.", world.district_b: "B did"}


def test_refreshing_the_figures_reads_the_data_again_until_submission(world, campaign):
    make_member(world.cell_a, "Phạm Văn Năm", admitted_on=datetime.date(2026, 5, 5), full_on=None)
    report = services.report_refresh_figures(actor=world.alice, report=report_of(campaign, world.district_a))
    assert report.figures["admissions"] == 2


def test_opening_for_twenty_units_is_quick(world, issuer):
    from conftest import add_unit
    from lanhdao.org.kinds import UnitKind

    for n in range(18):
        add_unit(world.province, f"H{n:02d}", f"Huyện ủy {n}", UnitKind.DISTRICT_COMMITTEE)
    started = time.perf_counter()
    with at(datetime.date(2026, 6, 1)):
        campaign = services.campaign_open(
            actor=issuer,
            unit=world.province,
            title="Tổng kết",
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 6, 30),
            deadline=datetime.date(2026, 7, 1),
            indicator_keys=[i.key for i in indicators.CATALOGUE],
        )
    elapsed = time.perf_counter() - started
    print(f"\ncampaign_open: 20 units x {len(indicators.CATALOGUE)} indicators in {elapsed:.2f}s")
    assert campaign.reports.count() == 20
    assert elapsed < 30
