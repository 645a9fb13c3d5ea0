"""Staffing left org for an app of its own (issue 14) without losing anything: the same tables, the same addresses,
and the histories written while the rows belonged to org."""

from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import resolve, reverse

from lanhdao.audit.models import AuditEntry
from lanhdao.audit.selectors import history_for
from lanhdao.staffing.models import StaffingQuota, StreamliningTarget
from lanhdao.staffing.services import Entry, staffing_save

from .staffing_data import CS

content_types_follow = import_module("lanhdao.staffing.migrations.0002_content_types_follow")
# The migration\'s one operation: the content types move forwards (code) and back (reverse_code).
move = content_types_follow.Migration.operations[0]


def test_the_models_keep_the_tables_they_had_in_org():
    assert StaffingQuota._meta.db_table == "org_staffingquota"
    assert StreamliningTarget._meta.db_table == "org_streamliningtarget"


@pytest.mark.parametrize(
    ("name", "args", "path"),
    [
        ("staffing:unit", [7], "/units/staffing/7/"),
        ("staffing:subtree", [7], "/units/staffing/7/units/"),
        ("staffing:over", [7], "/units/staffing/7/over-quota/"),
        ("staffing:edit", [7, 2025], "/units/staffing/7/2025/edit/"),
        ("staffing:grid", [7, 2025], "/units/staffing/7/2025/units/edit/"),
        ("staffing:target_create", [7], "/units/staffing/7/targets/new/"),
        ("staffing:target_edit", [3], "/units/staffing/targets/3/edit/"),
        ("staffing:target_archive", [3], "/units/staffing/targets/3/archive/"),
        ("staffing-quota-list", [], "/api/staffing/quotas/"),
        ("staffing-quota-detail", [5], "/api/staffing/quotas/5/"),
        ("staffing-quota-bulk", [], "/api/staffing/quotas/bulk/"),
        ("staffing-quota-history", [5], "/api/staffing/quotas/5/history/"),
        ("staffing-target-list", [], "/api/staffing/targets/"),
        ("staffing-target-archive", [3], "/api/staffing/targets/3/archive/"),
        ("api-staffing-summary", [], "/api/staffing/summary/"),
    ],
)
def test_the_addresses_users_know_are_unchanged(name, args, path):
    assert reverse(name, args=args) == path
    assert resolve(path).url_name == name.split(":")[-1]


def test_the_unit_pages_stay_with_org():
    """/units/staffing/… is staffing's, every other /units/… address still org's."""
    assert resolve("/units/7/").namespace == "org"
    assert resolve("/units/staffing/7/").namespace == "staffing"


@pytest.fixture
def quota_of_org_days(world):
    """A quota and its audit row, its content type labelled as before the move (app_label 'org')."""
    quota = staffing_save(
        actor=world.root, year=2025, entries=[Entry(world.district_a, CS, {"assigned": 20, "headcount": 18})]
    )[0]
    moved = ContentType.objects.get_for_model(StaffingQuota)
    ContentType.objects.filter(pk=moved.pk).update(app_label="org")
    ContentType.objects.clear_cache()
    return quota, moved


def test_the_content_types_follow_the_models_and_histories_keep_working(quota_of_org_days):
    quota, moved = quota_of_org_days
    entries = set(AuditEntry.objects.filter(content_type=moved).values_list("pk", flat=True))
    permissions = set(Permission.objects.filter(content_type=moved).values_list("codename", flat=True))
    assert entries and permissions

    move.code(apps, None)

    ContentType.objects.clear_cache()
    assert ContentType.objects.get(pk=moved.pk).app_label == "staffing"
    assert not ContentType.objects.filter(app_label="org", model="staffingquota").exists()
    assert set(history_for(quota).values_list("pk", flat=True)) == entries
    assert set(Permission.objects.filter(content_type=moved).values_list("codename", flat=True)) == permissions


def test_a_content_type_made_meanwhile_gives_way_to_the_one_the_histories_point_at(quota_of_org_days):
    quota, moved = quota_of_org_days
    ContentType.objects.create(app_label="staffing", model="staffingquota")  # e.g. a migrate run in between

    move.code(apps, None)

    ContentType.objects.clear_cache()
    assert ContentType.objects.get(app_label="staffing", model="staffingquota").pk == moved.pk
    assert history_for(quota).exists()


def test_going_back_gives_org_its_content_types_again(quota_of_org_days):
    _quota, moved = quota_of_org_days
    move.code(apps, None)

    move.reverse_code(apps, None)

    assert ContentType.objects.get(pk=moved.pk).app_label == "org"
    assert AuditEntry.objects.filter(content_type_id=moved.pk).exists()
