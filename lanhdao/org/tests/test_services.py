import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lanhdao.audit.models import Action, AuditEntry
from lanhdao.org import services
from lanhdao.org.kinds import UnitKind as K
from lanhdao.org.models import Unit
from lanhdao.org.services import UnitSpec


def test_secretary_creates_a_unit_under_her_district_and_it_is_audited(world):
    unit = services.unit_create(
        actor=world.alice, parent=world.commune_a, code="CA2", name="Chi bộ thôn Hai", kind=K.CELL
    )
    assert unit.get_depth() == world.commune_a.depth + 1
    assert unit.path.startswith(world.commune_a.path)
    entry = AuditEntry.objects.get(object_id=str(unit.pk), action=Action.CREATE)
    assert entry.actor == world.alice
    assert entry.before is None and entry.after["name"] == "Chi bộ thôn Hai"


def test_viewer_cannot_create_and_nothing_is_written(world):
    before = Unit.objects.count()
    with pytest.raises(PermissionDenied):
        services.unit_create(actor=world.bob, parent=world.commune_a, code="CA2", name="X", kind=K.CELL)
    assert Unit.objects.count() == before
    assert not AuditEntry.objects.exists()


def test_outsider_cannot_create_in_another_district(world):
    with pytest.raises(PermissionDenied):
        services.unit_create(actor=world.charlie, parent=world.commune_a, code="CA2", name="X", kind=K.CELL)


def test_only_a_superuser_creates_a_root(world):
    with pytest.raises(PermissionDenied):
        services.unit_create(actor=world.alice, parent=None, code="T2", name="Tỉnh ủy B", kind=K.PROVINCE_COMMITTEE)
    root = services.unit_create(actor=world.root, parent=None, code="T2", name="Tỉnh ủy B", kind=K.PROVINCE_COMMITTEE)
    assert root.depth == 1


@pytest.mark.parametrize(
    ("parent_code", "kind"),
    [("CA1", K.CELL), ("XA1", K.PROVINCE_COMMITTEE), ("HA-UB", K.CELL), ("HA", K.CENTRAL)],
)
def test_a_kind_that_cannot_stand_there_is_refused(world, parent_code, kind):
    with pytest.raises(ValidationError) as error:
        services.unit_create(
            actor=world.root, parent=Unit.objects.get(code=parent_code), code="NEW", name="Mới", kind=kind
        )
    assert "kind" in error.value.message_dict
    assert not Unit.objects.filter(code="NEW").exists()


def test_duplicate_code_and_bad_dates_are_refused_with_a_message(world):
    with pytest.raises(ValidationError) as error:
        services.unit_create(actor=world.alice, parent=world.commune_a, code="CA1", name="Trùng", kind=K.CELL)
    assert "CA1" in error.value.message_dict["code"][0]
    with pytest.raises(ValidationError) as error:
        services.unit_create(
            actor=world.alice,
            parent=world.commune_a,
            code="CA9",
            name="Sai ngày",
            kind=K.CELL,
            valid_from=datetime.date(2026, 1, 1),
            valid_to=datetime.date(2025, 1, 1),
        )
    assert "valid_to" in error.value.message_dict


def test_update_records_before_and_after(world):
    services.unit_update(actor=world.alice, unit=world.commune_a, data={"name": "Đảng ủy xã An Mới"})
    unit = Unit.objects.get(pk=world.commune_a.pk)
    assert unit.name == "Đảng ủy xã An Mới"
    assert unit.search_name.startswith("dang uy xa an moi")
    entry = AuditEntry.objects.get(action=Action.UPDATE, object_id=str(unit.pk))
    assert entry.changes() == [("name", "Đảng ủy xã An Một", "Đảng ủy xã An Mới")]


def test_update_without_change_writes_no_audit_row(world):
    services.unit_update(actor=world.alice, unit=world.commune_a, data={"name": world.commune_a.name})
    assert not AuditEntry.objects.exists()


def test_kind_change_that_orphans_children_is_refused(world):
    with pytest.raises(ValidationError):
        services.unit_update(actor=world.alice, unit=world.commune_a, data={"kind": K.CELL})
    assert Unit.objects.get(pk=world.commune_a.pk).kind == K.COMMUNE_COMMITTEE


def test_archive_takes_the_subtree_and_restore_brings_it_back(world):
    n = services.unit_archive(actor=world.alice, unit=world.commune_a, note="Sáp nhập")
    assert n == 2
    assert set(Unit.objects.filter(archived_at__isnull=False).values_list("code", flat=True)) == {"XA1", "CA1"}
    assert AuditEntry.objects.filter(action=Action.ARCHIVE).count() == 2
    assert Unit.objects.filter(code="CA1").exists(), "archiving never deletes"
    with pytest.raises(ValidationError):
        services.unit_update(actor=world.alice, unit=Unit.objects.get(code="XA1"), data={"name": "X"})
    assert services.unit_restore(actor=world.alice, unit=Unit.objects.get(code="XA1")) == 2
    assert not Unit.objects.filter(archived_at__isnull=False).exists()


def test_restore_keeps_units_archived_earlier_on_their_own(world):
    services.unit_archive(actor=world.alice, unit=Unit.objects.get(code="CA1"))
    services.unit_archive(actor=world.alice, unit=Unit.objects.get(code="XA1"))
    services.unit_restore(actor=world.alice, unit=Unit.objects.get(code="XA1"))
    assert Unit.objects.get(code="CA1").is_archived


def test_no_unit_can_be_created_under_an_archived_one(world):
    services.unit_archive(actor=world.alice, unit=world.commune_a)
    with pytest.raises(ValidationError):
        services.unit_create(actor=world.alice, parent=Unit.objects.get(code="XA1"), code="CA3", name="X", kind=K.CELL)


def test_bulk_create_builds_valid_paths_and_audits_every_row(world):
    specs = [
        UnitSpec(
            "XA2",
            "Đảng ủy xã An Hai",
            K.COMMUNE_COMMITTEE,
            children=[UnitSpec(f"CA2-{i}", f"Chi bộ {i}", K.CELL) for i in range(3)],
        ),
        UnitSpec("XA3", "Đảng ủy xã An Ba", K.COMMUNE_COMMITTEE),
    ]
    assert services.units_bulk_create(actor=world.alice, parent=world.district_a, specs=specs) == 5
    district = Unit.objects.get(pk=world.district_a.pk)
    assert district.numchild == 4
    # treebeard's own view of the tree agrees with the paths written in bulk
    assert [u.code for u in Unit.objects.get_children(district)] == ["XA1", "HA-UB", "XA2", "XA3"]
    assert [u.code for u in Unit.objects.get_children(Unit.objects.get(code="XA2"))] == ["CA2-0", "CA2-1", "CA2-2"]
    assert AuditEntry.objects.filter(action=Action.CREATE).count() == 5
    # a single added child after the bulk write gets the next free path
    after = services.unit_create(
        actor=world.alice, parent=district, code="XA4", name="Xã An Bốn", kind=K.COMMUNE_COMMITTEE
    )
    assert after.path > Unit.objects.get(code="XA3").path


def test_bulk_create_is_all_or_nothing(world):
    specs = [
        UnitSpec("XA2", "Đảng ủy xã An Hai", K.COMMUNE_COMMITTEE),
        UnitSpec("XA3", "Sai", K.COMMUNE_COMMITTEE, children=[UnitSpec("BAD", "Tỉnh trong xã", K.PROVINCE_COMMITTEE)]),
    ]
    before = Unit.objects.count()
    with pytest.raises(ValidationError):
        services.units_bulk_create(actor=world.alice, parent=world.district_a, specs=specs)
    with pytest.raises(ValidationError):
        services.units_bulk_create(
            actor=world.alice, parent=world.district_a, specs=[UnitSpec("CA1", "Mã trùng", K.COMMUNE_COMMITTEE)]
        )
    assert Unit.objects.count() == before
    assert not AuditEntry.objects.exists()
