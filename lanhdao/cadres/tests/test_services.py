"""Cadre work services: each rule, the audit rows, the placement on the tree, the theory level raised by a completed
course, a movement that ends and starts positions in one transaction, and who may do what (olga manages the members
of district A; bob only reads; alice and celia lack the right on the member or on the unit)."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import override

from conftest import add_unit, make_member
from lanhdao.accounts.models import RoleAssignment
from lanhdao.accounts.roles import Role
from lanhdao.accounts.selectors import forget_roles
from lanhdao.audit.models import Action, AuditEntry
from lanhdao.cadres import services as svc
from lanhdao.cadres.models import Movement, Nomination, PositionHeld, SuccessionEntry, Training
from lanhdao.members.models import Member, Placement
from lanhdao.org.kinds import UnitKind as K

D = datetime.date
TODAY = D(2026, 6, 15)


@pytest.fixture(autouse=True)
def frozen():
    """15 June 2026, and the messages in English (the product speaks Vietnamese by default)."""
    with time_machine.travel(datetime.datetime(2026, 6, 15, 9, tzinfo=datetime.UTC), tick=False), override("en"):
        yield


def add_bodies(world):
    """The Standing Board of district A (HA-BTV) and of district B (HB-BTV)."""
    world.btv_a = add_unit(world.district_a, "HA-BTV", "Ban Thường vụ Huyện ủy An", K.STANDING_BOARD)
    world.btv_b = add_unit(world.district_b, "HB-BTV", "Ban Thường vụ Huyện ủy Bình", K.STANDING_BOARD)
    return world


@pytest.fixture
def w(members_world):
    return add_bodies(members_world)


def audit(obj, action=None):
    qs = AuditEntry.objects.filter(object_id=str(obj.pk), content_type__model=type(obj).__name__.lower())
    return qs.filter(action=action) if action else qs


def start(w, **fields):
    values = {
        "actor": w.olga,
        "member": w.member_a,
        "unit": w.btv_a,
        "title": "Phó Bí thư Huyện ủy",
        "started_on": D(2020, 10, 1),
    }
    return svc.position_start(**(values | fields))


# --- positions -----------------------------------------------------------------------------------------------------


def test_a_position_is_placed_on_its_body_and_audited(w):
    position = start(w, decision="12-QĐ/TU")
    assert position.unit_path == w.btv_a.path and position.level2_id == w.district_a.pk
    entry = audit(position).get()
    assert entry.action == Action.CREATE and entry.actor == w.olga and entry.after["title"] == "Phó Bí thư Huyện ủy"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "  "}, "title"),
        ({"started_on": None}, "started_on"),
        ({"ended_on": D(2019, 1, 1)}, "ended_on"),
    ],
)
def test_a_position_needs_a_post_and_dates_in_order(w, fields, field):
    with pytest.raises(ValidationError) as error:
        start(w, **fields)
    assert field in error.value.message_dict
    assert not PositionHeld.objects.exists() and not AuditEntry.objects.exists()


def test_the_same_post_cannot_be_held_twice_at_once(w):
    start(w)
    with pytest.raises(ValidationError, match="already holds"):
        start(w, started_on=D(2021, 1, 1))
    start(w, title="Ủy viên Ban Thường vụ")  # another post is fine
    assert PositionHeld.objects.count() == 2


def test_the_body_must_be_a_live_unit_the_actor_can_see(w):
    with pytest.raises(ValidationError, match="No such unit"):
        start(w, unit=w.btv_b)
    w.btv_a.archived_at = timezone.now()
    w.btv_a.save()
    with pytest.raises(ValidationError, match="archived"):
        start(w)
    assert not PositionHeld.objects.exists()


@pytest.mark.parametrize("who", ["bob", "alice", "charlie"])
def test_only_those_who_manage_the_member_record_positions(w, who):
    with pytest.raises(PermissionDenied):
        start(w, actor=getattr(w, who))
    assert not PositionHeld.objects.exists() and not AuditEntry.objects.exists()


def test_the_cell_secretary_manages_her_member_but_not_the_district_body(w):
    with pytest.raises(ValidationError, match="No such unit"):
        start(w, actor=w.celia)  # she does not even see it
    RoleAssignment.objects.create(user=w.celia, unit=w.district_a, role=Role.VIEWER)
    forget_roles(w.celia)
    with pytest.raises(PermissionDenied):
        start(w, actor=w.celia)  # she sees it, and may not record there
    position = start(w, actor=w.celia, unit=w.cell_a, title="Bí thư Chi bộ")
    assert position.unit == w.cell_a


def test_ending_a_position_keeps_what_it_was(w):
    position = start(w)
    svc.position_end(actor=w.olga, position=position, ended_on=D(2025, 10, 14))
    position.refresh_from_db()
    assert position.ended_on == D(2025, 10, 14)
    entry = audit(position, Action.UPDATE).get()
    assert entry.before["ended_on"] is None and entry.after["ended_on"] == "2025-10-14"
    with pytest.raises(ValidationError, match="already ended"):
        svc.position_end(actor=w.olga, position=position, ended_on=D(2025, 10, 20))


def test_a_position_cannot_end_before_it_starts_and_bob_cannot_end_it(w):
    position = start(w)
    with pytest.raises(ValidationError):
        svc.position_end(actor=w.olga, position=position, ended_on=D(2019, 12, 31))
    with pytest.raises(PermissionDenied):
        svc.position_end(actor=w.bob, position=position, ended_on=D(2025, 10, 14))
    position.refresh_from_db()
    assert position.ended_on is None and audit(position).count() == 1


def test_editing_a_position_audits_only_what_changed(w):
    position = start(w)
    svc.position_update(actor=w.olga, position=position, data={"decision": "99-QĐ/TU"})
    svc.position_update(actor=w.olga, position=position, data={"decision": "99-QĐ/TU"})
    assert audit(position, Action.UPDATE).count() == 1
    with pytest.raises(ValidationError, match="Unknown"):
        svc.position_update(actor=w.olga, position=position, data={"unit": w.btv_b})


# --- succession plans ----------------------------------------------------------------------------------------------


def plan(w, **fields):
    values = {
        "actor": w.olga,
        "member": w.member_a,
        "unit": w.btv_a,
        "term": "2025-2030",
        "title": "Bí thư Huyện ủy",
        "added_on": D(2025, 12, 10),
    }
    return svc.succession_add(**(values | fields))


@pytest.mark.parametrize("term", ["2025-2030", "2025 – 2030", "2026-2031", "2025-2035"])
def test_terms_that_are_accepted(w, term):
    assert plan(w, term=term).term == term.replace(" ", "").replace("–", "-")


@pytest.mark.parametrize("term", ["2030-2025", "2025-2025", "2025/2030", "25-30", "2025-2040", "", "1800-1805"])
def test_terms_that_are_refused(w, term):
    with pytest.raises(ValidationError) as error:
        plan(w, term=term)
    assert "term" in error.value.message_dict
    assert not SuccessionEntry.objects.exists()


def test_a_name_is_on_a_plan_once_and_may_return_after_removal(w):
    entry = plan(w)
    assert entry.unit_path == w.btv_a.path
    with pytest.raises(ValidationError, match="already on this plan"):
        plan(w)
    svc.succession_remove(actor=w.olga, entry=entry, removed_on=D(2026, 3, 1), note="Chuyển công tác")
    assert audit(entry, Action.UPDATE).get().note == "Chuyển công tác"
    with pytest.raises(ValidationError, match="already off"):
        svc.succession_remove(actor=w.olga, entry=entry, removed_on=D(2026, 3, 2))
    plan(w, added_on=D(2026, 4, 1))
    assert SuccessionEntry.objects.filter(removed_on__isnull=True).count() == 1


def test_succession_dates_are_facts(w):
    with pytest.raises(ValidationError, match="future"):
        plan(w, added_on=TODAY + datetime.timedelta(days=1))
    entry = plan(w)
    with pytest.raises(ValidationError):
        svc.succession_remove(actor=w.olga, entry=entry, removed_on=D(2025, 1, 1))
    with pytest.raises(PermissionDenied):
        svc.succession_remove(actor=w.bob, entry=entry, removed_on=D(2026, 1, 1))
    entry.refresh_from_db()
    assert entry.removed_on is None


# --- training ------------------------------------------------------------------------------------------------------


def course(w, **fields):
    values = {
        "actor": w.olga,
        "member": w.member_a,
        "kind": "theory",
        "course": "Trung cấp lý luận chính trị",
        "level": "intermediate",
        "started_on": D(2025, 3, 1),
    }
    return svc.training_record(**(values | fields))


def test_a_training_is_placed_on_the_members_cell_at_the_time(w):
    member = make_member(w.commune_a, "Hoàng Văn Chuyển", admitted_on=D(2010, 1, 1))
    Placement.objects.filter(member=member).update(ended_on=D(2024, 1, 1))
    Placement.objects.create(member=member, unit=w.cell_a, started_on=D(2024, 1, 1), unit_path=w.cell_a.path)
    member.unit = w.cell_a
    member.save()
    before = course(w, member=member, started_on=D(2023, 5, 1))
    after = course(w, member=member, started_on=D(2024, 1, 1), course="Cao cấp", level="advanced")
    assert (before.unit, before.unit_path) == (w.commune_a, w.commune_a.path)
    assert (after.unit, after.unit_path) == (w.cell_a, w.cell_a.path)


def test_completing_a_theory_course_raises_the_members_level_with_its_own_audit_row(w):
    training = course(w)
    w.member_a.refresh_from_db()
    assert w.member_a.theory_level == ""
    svc.training_complete(actor=w.olga, training=training, ended_on=D(2025, 12, 20))
    w.member_a.refresh_from_db()
    assert w.member_a.theory_level == "intermediate"
    raised = audit(w.member_a, Action.UPDATE).get()
    assert raised.before == {"theory_level": ""} and raised.after == {"theory_level": "intermediate"}
    assert "birth_date" not in raised.after  # the personal data stays out of this row
    assert audit(training, Action.UPDATE).get().after["completed"] is True
    with pytest.raises(ValidationError, match="already completed"):
        svc.training_complete(actor=w.olga, training=training, ended_on=D(2025, 12, 21))


def test_a_lower_or_equal_level_never_lowers_or_rewrites_the_members_level(w):
    w.member_a.theory_level = "advanced"
    w.member_a.save()
    course(w, completed=True, ended_on=D(2025, 6, 1))
    course(w, course="Cử nhân chính trị", level="bachelor", completed=True, ended_on=D(2025, 7, 1))
    course(w, kind="expertise", course="Thạc sĩ", level="master", completed=True, ended_on=D(2025, 7, 1))
    w.member_a.refresh_from_db()
    assert w.member_a.theory_level == "advanced"
    assert not audit(w.member_a).exists()


def test_a_course_recorded_as_completed_raises_the_level_at_once(w):
    course(w, level="advanced", completed=True, ended_on=D(2025, 9, 1))
    w.member_a.refresh_from_db()
    assert w.member_a.theory_level == "advanced"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"level": ""}, "level"),
        ({"level": "master"}, "level"),
        ({"kind": "expertise", "level": "advanced"}, "level"),
        ({"kind": "party"}, "kind"),
        ({"course": ""}, "course"),
        ({"ended_on": D(2025, 1, 1)}, "ended_on"),
        ({"completed": True, "ended_on": None}, "ended_on"),
        ({"completed": True, "ended_on": D(2026, 7, 1)}, "ended_on"),
    ],
)
def test_training_rules(w, fields, field):
    with pytest.raises(ValidationError) as error:
        course(w, **fields)
    assert field in error.value.message_dict
    assert not Training.objects.exists()


def test_bob_cannot_record_or_complete_a_training(w):
    with pytest.raises(PermissionDenied):
        course(w, actor=w.bob)
    training = course(w)
    with pytest.raises(PermissionDenied):
        svc.training_complete(actor=w.bob, training=training, ended_on=D(2025, 12, 1))
    training.refresh_from_db()
    w.member_a.refresh_from_db()
    assert not training.completed and w.member_a.theory_level == ""


# --- rotation and transfer -----------------------------------------------------------------------------------------


def move(w, **fields):
    values = {
        "actor": w.olga,
        "member": w.member_a,
        "unit": w.btv_a,
        "kind": "rotation",
        "decided_on": D(2026, 5, 1),
        "starts_on": D(2026, 5, 15),
        "to_unit": w.ubnd_a,
        "post": "Phó Chủ tịch UBND huyện",
    }
    return svc.movement_record(**(values | fields))


def test_a_movement_ends_the_old_post_and_starts_the_new_one_in_one_go(w):
    old = start(w, unit=w.commune_a, title="Phó Bí thư Đảng ủy xã")
    movement = move(w, end_position=old, start_position=True, decision="305-QĐ/HU")
    old.refresh_from_db()
    new = PositionHeld.objects.exclude(pk=old.pk).get()
    assert old.ended_on == D(2026, 5, 14)
    assert (new.unit, new.title, new.started_on, new.decision) == (
        w.ubnd_a,
        "Phó Chủ tịch UBND huyện",
        D(2026, 5, 15),
        "305-QĐ/HU",
    )
    assert movement.from_unit == w.commune_a and movement.unit_path == w.btv_a.path
    assert audit(movement, Action.CREATE).exists() and audit(old, Action.UPDATE).exists()
    assert audit(new, Action.CREATE).exists()


def test_a_movement_that_fails_halfway_saves_nothing(w):
    old = start(w, unit=w.commune_a, title="Phó Bí thư Đảng ủy xã")
    start(w, unit=w.ubnd_a, title="Phó Chủ tịch UBND huyện", started_on=D(2024, 1, 1))  # already holds the new post
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError, match="already holds"):
        move(w, end_position=old, start_position=True)
    old.refresh_from_db()
    assert old.ended_on is None
    assert not Movement.objects.exists() and PositionHeld.objects.count() == 2
    assert AuditEntry.objects.count() == entries


def test_a_movement_refused_by_a_later_permission_saves_nothing(w, monkeypatch):
    old = start(w, unit=w.commune_a, title="Phó Bí thư Đảng ủy xã")

    def refuse(**kwargs):
        raise PermissionDenied

    monkeypatch.setattr(svc, "position_start", refuse)
    with pytest.raises(PermissionDenied):
        move(w, end_position=old, start_position=True)
    old.refresh_from_db()
    assert old.ended_on is None and not Movement.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"to_unit": None, "destination": ""}, "destination"),
        ({"starts_on": D(2026, 4, 30)}, "starts_on"),
        ({"decided_on": D(2026, 7, 1), "starts_on": D(2026, 7, 1)}, "decided_on"),
        ({"ends_on": D(2026, 5, 1)}, "ends_on"),
        ({"kind": "promotion"}, "kind"),
        ({"to_unit": None, "destination": "Tỉnh khác", "start_position": True}, "post"),
        ({"to_unit": "hb"}, "to_unit"),
    ],
)
def test_movement_rules(w, fields, field):
    if fields.get("to_unit") == "hb":
        fields["to_unit"] = w.btv_b
    with pytest.raises(ValidationError) as error:
        move(w, **fields)
    assert field in error.value.message_dict
    assert not Movement.objects.exists()


def test_a_movement_to_a_destination_outside_the_tree(w):
    movement = move(w, kind="transfer", to_unit=None, destination="Sở Nội vụ tỉnh khác", post="Chuyên viên")
    assert movement.destination == "Sở Nội vụ tỉnh khác" and not PositionHeld.objects.exists()


def test_a_secondment_with_an_end_starts_a_post_that_ends_with_it(w):
    move(w, kind="secondment", ends_on=D(2027, 5, 14), start_position=True)
    assert PositionHeld.objects.get().ended_on == D(2027, 5, 14)


def test_bob_cannot_record_a_movement(w):
    with pytest.raises(PermissionDenied):
        move(w, actor=w.bob)
    assert not Movement.objects.exists()


# --- nominations ---------------------------------------------------------------------------------------------------


def nominate(w, **fields):
    values = {
        "actor": w.olga,
        "member": w.member_a,
        "unit": w.commune_a,
        "kind": "election",
        "post": "Đại biểu HĐND xã",
        "nominated_on": D(2026, 1, 20),
    }
    return svc.nomination_record(**(values | fields))


def test_a_nomination_and_its_outcome(w):
    nomination = nominate(w, kind="appointment", body=w.ubnd_a, post="Phó Chủ tịch UBND huyện", unit=w.btv_a)
    assert nomination.unit_path == w.btv_a.path and nomination.outcome == ""
    svc.nomination_outcome(actor=w.olga, nomination=nomination, outcome="elected", outcome_on=D(2026, 3, 15))
    nomination.refresh_from_db()
    assert (nomination.outcome, nomination.outcome_on) == ("elected", D(2026, 3, 15))
    assert audit(nomination, Action.UPDATE).get().note == "Outcome recorded"
    with pytest.raises(ValidationError, match="already has an outcome"):
        svc.nomination_outcome(actor=w.olga, nomination=nomination, outcome="withdrawn", outcome_on=D(2026, 3, 16))


@pytest.mark.parametrize(
    ("outcome", "day"),
    [("", D(2026, 3, 1)), ("maybe", D(2026, 3, 1)), ("elected", D(2026, 1, 1)), ("elected", D(2026, 7, 1))],
)
def test_nomination_outcome_rules(w, outcome, day):
    nomination = nominate(w)
    with pytest.raises(ValidationError):
        svc.nomination_outcome(actor=w.olga, nomination=nomination, outcome=outcome, outcome_on=day)
    nomination.refresh_from_db()
    assert nomination.outcome == "" and nomination.outcome_on is None


def test_nomination_rules_and_rights(w):
    for fields in ({"kind": "promotion"}, {"post": ""}, {"nominated_on": D(2026, 7, 1)}, {"body": w.btv_b}):
        with pytest.raises(ValidationError):
            nominate(w, **fields)
    with pytest.raises(PermissionDenied):
        nominate(w, actor=w.bob)
    with pytest.raises(ValidationError, match="No such unit"):
        nominate(w, unit=w.commune_b)  # olga does not see district B
    assert not Nomination.objects.exists()


def test_olga_cannot_touch_the_cadre_work_of_a_member_of_district_b(w):
    with pytest.raises(PermissionDenied):
        nominate(w, member=w.member_b)
    with pytest.raises(PermissionDenied):
        course(w, member=w.member_b)
    assert Member.objects.get(pk=w.member_b.pk).theory_level == ""
