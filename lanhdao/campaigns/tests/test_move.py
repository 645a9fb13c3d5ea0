"""The review campaigns left reports for an app of their own (issue 14) without losing anything: the same tables,
the same addresses, and the histories written while the rows belonged to reports. The plans moved inside reports
(reports/plans/) and keep their model, its table and its label."""

from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import resolve, reverse

from lanhdao.audit.models import AuditEntry
from lanhdao.audit.selectors import history_for
from lanhdao.campaigns.models import Campaign, CampaignReport
from lanhdao.reports.plans.models import IndicatorTarget

from . import test_services as base

issuer = base.issuer  # the fixtures of the services' tests
campaign = base.campaign
content_types_follow = import_module("lanhdao.campaigns.migrations.0002_content_types_follow")
# The migration\'s one operation: the content types move forwards (code) and back (reverse_code).
move = content_types_follow.Migration.operations[0]


def test_the_models_keep_the_tables_they_had_in_reports():
    assert Campaign._meta.db_table == "reports_campaign"
    assert CampaignReport._meta.db_table == "reports_campaignreport"
    assert (IndicatorTarget._meta.app_label, IndicatorTarget._meta.db_table) == ("reports", "reports_indicatortarget")


@pytest.mark.parametrize(
    ("name", "args", "path"),
    [
        ("campaigns:list", [7], "/reports/campaigns/unit/7/"),
        ("campaigns:open", [7], "/reports/campaigns/unit/7/open/"),
        ("campaigns:detail", [3], "/reports/campaigns/3/"),
        ("campaigns:aggregate_docx", [3], "/reports/campaigns/3/aggregate.docx"),
        ("campaigns:aggregate_file", [3, "pdf"], "/reports/campaigns/3/aggregate.pdf"),
        ("campaigns:report", [5], "/reports/campaigns/report/5/"),
        ("campaigns:report_submit", [5], "/reports/campaigns/report/5/submit/"),
        ("campaigns:report_relay", [5], "/reports/campaigns/report/5/relay/"),
        ("campaigns:report_refresh", [5], "/reports/campaigns/report/5/refresh/"),
        ("campaigns:report_docx", [5], "/reports/campaigns/report/5/report.docx"),
        ("campaigns:report_file", [5, "xlsx"], "/reports/campaigns/report/5/report.xlsx"),
        ("api-campaign-list", [], "/api/campaigns/"),
        ("api-campaign-detail", [3], "/api/campaigns/3/"),
        ("api-campaign-report-detail", [5], "/api/campaign-reports/5/"),
        ("reports:dashboard", [], "/reports/"),
        ("reports:drilldown", [], "/reports/drilldown/"),
        ("reports:targets_edit", [7, 2026], "/reports/plan/7/2026/"),
        ("reports:render_demo", [7], "/reports/render/unit/7/"),
        ("reports:render_job", [9], "/reports/render/jobs/9/"),
        ("reports:render_download", [9], "/reports/render/jobs/9/download/"),
        ("api-indicators", [], "/api/indicators/"),
        ("api-indicators-compute", [], "/api/indicators/compute/"),
        ("api-indicators-children", [], "/api/indicators/children/"),
        ("api-indicator-targets", [7, 2026], "/api/indicator-targets/7/2026/"),
    ],
)
def test_the_addresses_users_know_are_unchanged(name, args, path):
    assert reverse(name, args=args) == path
    assert resolve(path).url_name == name.split(":")[-1]


def test_the_campaign_pages_are_the_campaigns_and_the_rest_of_reports_stays_with_reports():
    """/reports/campaigns/… is the campaigns' app, every other /reports/… address still the reports'."""
    assert resolve("/reports/campaigns/3/").namespace == "campaigns"
    assert resolve("/reports/plan/7/2026/").namespace == "reports"
    assert resolve("/reports/").namespace == "reports"


@pytest.fixture
def campaign_of_reports_days(campaign):
    """A campaign with its audit rows, its content types labelled as before the move (app_label 'reports')."""
    moved = ContentType.objects.get_for_models(Campaign, CampaignReport)
    ContentType.objects.filter(pk__in=[ct.pk for ct in moved.values()]).update(app_label="reports")
    ContentType.objects.clear_cache()
    return campaign, moved[Campaign]


def test_the_content_types_follow_the_models_and_histories_keep_working(campaign_of_reports_days):
    opened, moved = campaign_of_reports_days
    entries = set(AuditEntry.objects.filter(content_type=moved).values_list("pk", flat=True))
    permissions = set(Permission.objects.filter(content_type=moved).values_list("codename", flat=True))
    assert entries and permissions

    move.code(apps, None)

    ContentType.objects.clear_cache()
    assert ContentType.objects.get(pk=moved.pk).app_label == "campaigns"
    assert not ContentType.objects.filter(app_label="reports", model__in=["campaign", "campaignreport"]).exists()
    assert set(history_for(opened).values_list("pk", flat=True)) == entries
    assert set(Permission.objects.filter(content_type=moved).values_list("codename", flat=True)) == permissions


def test_a_content_type_made_meanwhile_gives_way_to_the_one_the_histories_point_at(campaign_of_reports_days):
    opened, moved = campaign_of_reports_days
    ContentType.objects.create(app_label="campaigns", model="campaign")  # e.g. a migrate run in between

    move.code(apps, None)

    ContentType.objects.clear_cache()
    assert ContentType.objects.get(app_label="campaigns", model="campaign").pk == moved.pk
    assert history_for(opened).exists()


def test_going_back_gives_reports_its_content_types_again(campaign_of_reports_days):
    _campaign, moved = campaign_of_reports_days
    move.code(apps, None)

    move.reverse_code(apps, None)

    assert ContentType.objects.get(pk=moved.pk).app_label == "reports"
    assert AuditEntry.objects.filter(content_type_id=moved.pk).exists()
