import datetime

from lanhdao.audit.models import Action, AuditEntry
from lanhdao.audit.selectors import history_for
from lanhdao.audit.services import record_many, snapshot
from lanhdao.org import services
from lanhdao.org.kinds import UnitKind as K
from lanhdao.org.models import Unit


def test_every_change_records_who_when_and_before_after(world):
    unit = services.unit_create(
        actor=world.alice, parent=world.commune_a, code="CA2", name="Chi bộ thôn Hai", kind=K.CELL
    )
    services.unit_update(actor=world.alice, unit=unit, data={"valid_from": datetime.date(2020, 1, 1)})
    services.unit_archive(actor=world.alice, unit=unit)
    entries = list(history_for(unit))
    assert [e.action for e in entries] == [Action.ARCHIVE, Action.UPDATE, Action.CREATE]
    assert all(e.actor == world.alice and e.at is not None for e in entries)
    assert entries[1].changes() == [("valid_from", None, "2020-01-01")]
    assert entries[0].before["archived_at"] is None and entries[0].after["archived_at"] is not None


def test_history_is_per_object(world):
    services.unit_update(actor=world.alice, unit=world.commune_a, data={"name": "Mới"})
    assert history_for(world.commune_a).count() == 1
    assert history_for(world.cell_a).count() == 0


def test_snapshot_never_contains_the_password_hash(world):
    assert "password" not in snapshot(world.alice)
    assert snapshot(world.alice)["username"] == "alice"


def test_bulk_writes_leave_one_audit_row_per_object(world):
    units = list(Unit.objects.all())
    assert record_many(actor=world.root, action=Action.UPDATE, changes=((u, None, snapshot(u)) for u in units)) == len(
        units
    )
    assert AuditEntry.objects.filter(action=Action.UPDATE).count() == len(units)


def test_a_failed_change_leaves_no_audit_row(world):
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.unit_update(actor=world.alice, unit=world.commune_a, data={"code": "CA1"})
    assert not AuditEntry.objects.exists()
