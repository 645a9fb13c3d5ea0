"""audit.services.save_audited, the one audited save of the services (it replaced save_new/apply_changes in
inspections, members and people): field checks, the write and its audit row together; nothing when nothing changes."""

import pytest
from django.core.exceptions import ValidationError

from lanhdao.audit.models import Action, AuditEntry
from lanhdao.audit.selectors import history_for
from lanhdao.audit.services import save_audited
from lanhdao.members.models import Member
from lanhdao.members.placing import place


def test_a_new_record_is_checked_saved_and_recorded_as_created(world):
    member = place(Member(unit=world.cell_a, full_name="Đỗ Văn Mới", gender="male"), world.cell_a)
    save_audited(actor=world.alice, obj=member, note="from a test")
    (entry,) = history_for(member)
    assert (entry.action, entry.actor, entry.before, entry.note) == (Action.CREATE, world.alice, None, "from a test")
    assert entry.after["full_name"] == "Đỗ Văn Mới" and entry.after["unit"] == world.cell_a.pk


def test_a_new_record_that_fails_its_field_checks_is_neither_saved_nor_recorded(world):
    member = place(Member(unit=world.cell_a, full_name="Đỗ Văn Sai", gender="?"), world.cell_a)
    with pytest.raises(ValidationError) as error:
        save_audited(actor=world.alice, obj=member)
    assert "gender" in error.value.message_dict
    assert member.pk is None and not AuditEntry.objects.exists()


def test_only_real_changes_are_saved_and_recorded_with_before_and_after(world):
    unit = world.commune_a
    save_audited(actor=world.alice, obj=unit, changes={"name": unit.name})
    assert not AuditEntry.objects.exists(), "nothing changes, nothing is recorded"
    save_audited(actor=world.alice, obj=unit, changes={"name": "Đảng ủy xã Mới", "code": unit.code}, note="renamed")
    (entry,) = history_for(unit)
    assert (entry.action, entry.note) == (Action.UPDATE, "renamed")
    assert entry.changes() == [("name", "Đảng ủy xã An Một", "Đảng ủy xã Mới")]
    unit.refresh_from_db()
    assert unit.name == "Đảng ủy xã Mới"


def test_an_update_may_be_recorded_as_another_action(world):
    save_audited(actor=world.alice, obj=world.cell_a, changes={"name": "Chi bộ Cũ"}, action=Action.ARCHIVE)
    assert [e.action for e in history_for(world.cell_a)] == [Action.ARCHIVE]


def test_a_change_that_fails_its_field_checks_is_not_recorded(world):
    with pytest.raises(ValidationError):
        save_audited(actor=world.alice, obj=world.cell_a, changes={"name": ""})
    assert not AuditEntry.objects.exists()
