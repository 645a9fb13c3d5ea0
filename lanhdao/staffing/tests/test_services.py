"""Writing staffing: who may set what (the quota belongs to the level above, the headcount to the unit), validation
of every cell before anything is written, all or nothing, and one audit row per row written."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext

from lanhdao.audit.models import Action, AuditEntry
from lanhdao.staffing import services as svc
from lanhdao.staffing.models import StaffCategory, StaffingQuota, StreamliningTarget
from lanhdao.staffing.services import Entry, cell_key

from .staffing_data import CS, CT, PE, load


def audit_rows(model=StaffingQuota):
    return AuditEntry.objects.filter(content_type__model=model._meta.model_name)


def test_a_district_secretary_sets_the_quotas_of_the_units_under_it(world):
    rows = svc.children_staffing_set(
        actor=world.alice,
        parent=world.district_a,
        year=2025,
        values={
            world.commune_a: {CS: {"assigned": 22, "headcount": 21}, CT: {"assigned": 3}},
            world.ubnd_a: {CS: {"assigned": 30, "headcount": 30, "note": "Theo Quyết định giao biên chế"}},
        },
    )
    assert len(rows) == 3
    row = StaffingQuota.objects.get(unit=world.commune_a, year=2025, category=CS)
    assert (row.assigned, row.headcount, row.created_by, row.updated_by) == (22, 21, world.alice, world.alice)
    # placed on the tree like every fact row: path and the ids of its depth-2 and depth-3 ancestors
    assert (row.unit_path, row.level2_id, row.level3_id) == (
        world.commune_a.path,
        world.district_a.pk,
        world.commune_a.pk,
    )
    entries = audit_rows().filter(action=Action.CREATE)
    assert entries.count() == 3 and {e.actor for e in entries} == {world.alice}
    assert entries.get(object_id=str(row.pk)).after == {
        "unit": world.commune_a.pk,
        "year": 2025,
        "category": CS,
        "assigned": 22,
        "headcount": 21,
        "note": "",
    }


def test_a_district_reports_its_own_headcount_but_not_its_own_quota(world):
    svc.unit_staffing_set(actor=world.alice, unit=world.district_a, year=2025, values={CS: {"headcount": 18}})
    assert StaffingQuota.objects.get(unit=world.district_a).headcount == 18
    with pytest.raises(PermissionDenied):
        svc.unit_staffing_set(actor=world.alice, unit=world.district_a, year=2025, values={CS: {"assigned": 20}})
    assert StaffingQuota.objects.get(unit=world.district_a).assigned is None
    assert audit_rows().count() == 1


def test_the_province_assigns_the_district_quota_and_only_a_superuser_the_roots(world):
    svc.unit_staffing_set(actor=world.root, unit=world.district_a, year=2025, values={CS: {"assigned": 20}})
    with pytest.raises(PermissionDenied):
        svc.unit_staffing_set(actor=world.alice, unit=world.province, year=2025, values={CS: {"assigned": 60}})
    svc.unit_staffing_set(actor=world.root, unit=world.province, year=2025, values={CS: {"assigned": 60}})
    assert StaffingQuota.objects.get(unit=world.province).level2_id is None


def test_an_unchanged_quota_sent_back_with_a_new_headcount_needs_no_right_on_the_quota(world):
    load(world)
    svc.unit_staffing_set(
        actor=world.alice, unit=world.district_a, year=2025, values={CS: {"assigned": 20, "headcount": 19}}
    )
    row = StaffingQuota.objects.get(unit=world.district_a, year=2025)
    assert (row.assigned, row.headcount) == (20, 19)
    entry = audit_rows().filter(action=Action.UPDATE).get()
    assert (entry.before["headcount"], entry.after["headcount"], entry.actor) == (18, 19, world.alice)


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_a_viewer_and_an_outsider_change_nothing(world, who):
    load(world)
    before = list(StaffingQuota.objects.values_list("assigned", "headcount").order_by("pk"))
    audits = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        svc.unit_staffing_set(actor=getattr(world, who), unit=world.commune_a, year=2025, values={CS: {"headcount": 1}})
    with pytest.raises(PermissionDenied):
        svc.target_create(actor=getattr(world, who), unit=world.commune_a, base_year=2021, target_year=2026, percent=10)
    assert list(StaffingQuota.objects.values_list("assigned", "headcount").order_by("pk")) == before
    assert AuditEntry.objects.count() == audits


def test_a_grid_with_bad_cells_saves_nothing_and_names_every_bad_cell(world):
    load(world)
    audits = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        svc.children_staffing_set(
            actor=world.alice,
            parent=world.district_a,
            year=2025,
            values={
                world.commune_a: {CS: {"assigned": 99, "headcount": "-3"}, CT: {"assigned": "ba"}},
                world.ubnd_a: {CS: {"assigned": 31}, PE: {"headcount": 10**7}},
            },
        )
    errors = caught.value.message_dict
    assert set(errors) == {
        cell_key(world.commune_a.pk, CS, "headcount"),
        cell_key(world.commune_a.pk, CT, "assigned"),
        cell_key(world.ubnd_a.pk, PE, "headcount"),
    }
    assert StaffingQuota.objects.get(unit=world.commune_a, year=2025, category=CS).assigned == 22
    assert StaffingQuota.objects.get(unit=world.ubnd_a, year=2025, category=CS).assigned == 30
    assert AuditEntry.objects.count() == audits


def test_a_refusal_late_in_a_grid_rolls_back_the_whole_grid(world):
    """The right to each changed value is checked once the stored rows are read: a refusal there still saves nothing."""
    load(world)
    with pytest.raises(PermissionDenied):
        svc.staffing_save(
            actor=world.alice,
            year=2025,
            entries=[Entry(world.commune_a, CS, {"assigned": 1}), Entry(world.district_a, CS, {"assigned": 1})],
        )
    assert StaffingQuota.objects.get(unit=world.commune_a, year=2025, category=CS).assigned == 22


def twice(world) -> str:
    """The refusal of a unit and category given twice, as the service words it in the active language."""
    return gettext("%(unit)s, %(c)s is given twice.") % {"unit": world.commune_a, "c": StaffCategory(CS).label}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"year": 1800}, "year"),
        ({"year": 2999}, "year"),
        ({"entries": [Entry(None, "army", {})]}, "category"),
        ({"entries": [Entry(None, CS, {"salary": 1})]}, "salary"),
        ({"entries": [Entry(None, CS, {"assigned": 1}), Entry(None, CS, {"headcount": 1})]}, twice),
    ],
)
def test_validation(world, kwargs, message):
    kwargs.setdefault("year", 2025)
    entries = kwargs.setdefault("entries", [Entry(None, CS, {"assigned": 1})])
    for e in entries:
        e.unit = world.commune_a
    with pytest.raises(ValidationError) as caught:
        svc.staffing_save(actor=world.alice, **kwargs)
    assert (message(world) if callable(message) else message) in str(caught.value)
    assert not StaffingQuota.objects.exists()


def test_nothing_known_creates_no_row(world):
    assert (
        svc.unit_staffing_set(actor=world.alice, unit=world.commune_a, year=2025, values={CS: {}, PE: {"note": ""}})
        == []
    )
    assert not StaffingQuota.objects.exists()


def test_children_grid_refuses_a_unit_that_is_not_a_child(world):
    with pytest.raises(ValidationError):
        svc.children_staffing_set(
            actor=world.alice, parent=world.district_a, year=2025, values={world.cell_a: {CS: {"assigned": 1}}}
        )


def test_quota_create_refuses_a_row_that_exists_and_quota_update_changes_it(world):
    load(world)
    with pytest.raises(ValidationError):
        svc.quota_create(actor=world.alice, unit=world.commune_a, year=2025, category=CS, assigned=1)
    row = StaffingQuota.objects.get(unit=world.commune_a, year=2025, category=CS)
    svc.quota_update(actor=world.alice, quota=row, data={"assigned": 21, "note": "Giảm 1"})
    row.refresh_from_db()
    assert (row.assigned, row.note) == (21, "Giảm 1")


# --- targets -------------------------------------------------------------------------------------------------------


def test_a_district_sets_targets_below_it_and_the_province_sets_the_districts(world):
    target = svc.target_create(
        actor=world.alice, unit=world.ubnd_a, base_year=2021, target_year=2026, percent="7.5", legal_basis="KL 40"
    )
    assert (target.unit_path, target.percent, target.percent_text) == (world.ubnd_a.path, Decimal("7.50"), "7.5")
    assert audit_rows(StreamliningTarget).get().after["percent"] == "7.50"
    with pytest.raises(PermissionDenied):
        svc.target_create(actor=world.alice, unit=world.district_a, base_year=2021, target_year=2026, percent=10)
    svc.target_create(actor=world.root, unit=world.district_a, base_year=2021, target_year=2026, percent=10)


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"base_year": 2021, "target_year": 2021, "percent": 10}, "target_year"),
        ({"base_year": 2021, "target_year": 2026, "percent": 101}, "percent"),
        ({"base_year": 2021, "target_year": 2026, "percent": -1}, "percent"),
        ({"base_year": 2021, "target_year": 2026, "percent": "mười"}, "percent"),
        ({"base_year": 1000, "target_year": 2026, "percent": 10}, "base_year"),
        ({"base_year": 2021, "target_year": 2026, "percent": 10, "category": "army"}, "category"),
    ],
)
def test_target_validation(world, fields, key):
    with pytest.raises(ValidationError) as caught:
        svc.target_create(actor=world.alice, unit=world.ubnd_a, **fields)
    assert key in caught.value.message_dict
    assert not StreamliningTarget.objects.exists()


def test_the_same_target_twice_is_refused_until_the_first_is_archived(world):
    first = svc.target_create(actor=world.alice, unit=world.ubnd_a, base_year=2021, target_year=2026, percent=10)
    with pytest.raises(ValidationError):
        svc.target_create(actor=world.alice, unit=world.ubnd_a, base_year=2021, target_year=2026, percent=12)
    svc.target_archive(actor=world.alice, target=first, note="Thay bằng mục tiêu mới")
    svc.target_create(actor=world.alice, unit=world.ubnd_a, base_year=2021, target_year=2026, percent=12)
    assert audit_rows(StreamliningTarget).filter(action=Action.ARCHIVE).get().note == "Thay bằng mục tiêu mới"
    with pytest.raises(ValidationError):
        svc.target_update(actor=world.alice, target=first, data={"percent": 5})


def test_target_update_audits_before_and_after(world):
    target = svc.target_create(actor=world.alice, unit=world.ubnd_a, base_year=2021, target_year=2026, percent=10)
    svc.target_update(actor=world.alice, target=target, data={"percent": 15, "legal_basis": "Kết luận 40-KL/TW"})
    entry = audit_rows(StreamliningTarget).get(action=Action.UPDATE)
    assert (entry.before["percent"], entry.after["percent"]) == ("10.00", "15.00")
    with pytest.raises(PermissionDenied):
        svc.target_update(actor=world.bob, target=target, data={"percent": 1})
    target.refresh_from_db()
    assert target.percent == 15
