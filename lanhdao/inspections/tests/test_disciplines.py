"""Discipline decisions: forms by subject, the link to an inspection, expulsion ends the membership in the same
transaction, the member's history."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lanhdao.audit.models import AuditEntry
from lanhdao.inspections import selectors
from lanhdao.inspections.models import Discipline, DisciplineForm
from lanhdao.inspections.permissions import access_discipline
from lanhdao.inspections.services_disciplines import discipline_archive, discipline_create
from lanhdao.members.models import EndReason, Member, Placement

from .conftest import TODAY

D = datetime.timedelta


def decide(world, **fields):
    defaults = {
        "actor": world.alice,
        "unit": world.district_a,
        "form": DisciplineForm.WARNING,
        "decided_on": TODAY,
        "reason": "Vi phạm quy định về những điều đảng viên không được làm",
        "decision": "12-QĐ/HU",
    }
    return discipline_create(**(defaults | fields))


def test_expulsion_ends_the_membership_in_the_same_step(members_world):
    world = members_world
    member = world.member_a
    discipline = decide(world, subject_member=member, form=DisciplineForm.EXPULSION, decided_on=TODAY - D(days=2))
    member.refresh_from_db()
    assert member.ended_on == TODAY - D(days=2) and member.end_reason == EndReason.EXPELLED
    assert not Placement.objects.filter(member=member, ended_on__isnull=True).exists()
    assert discipline.subject_kind == "member" and discipline.subject_unit == world.cell_a
    assert AuditEntry.objects.filter(object_id=str(member.pk), after__end_reason="expelled").exists()
    with pytest.raises(ValidationError):  # no second expulsion
        decide(world, subject_member=member, form=DisciplineForm.EXPULSION)


def test_an_expulsion_that_cannot_end_the_membership_saves_nothing(members_world):
    world = members_world
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as error:  # decided before the member was admitted
        decide(
            world, subject_member=world.member_a, form=DisciplineForm.EXPULSION, decided_on=datetime.date(2014, 1, 1)
        )
    assert "decided_on" in error.value.message_dict
    assert not Discipline.objects.exists() and AuditEntry.objects.count() == entries
    assert Member.objects.get(pk=world.member_a.pk).ended_on is None


def test_forms_depend_on_the_subject(members_world):
    world = members_world
    with pytest.raises(ValidationError) as error:
        decide(world, subject_member=world.member_a, form=DisciplineForm.DISSOLUTION)
    assert "form" in error.value.message_dict
    with pytest.raises(ValidationError):
        decide(world, subject_unit=world.cell_a, form=DisciplineForm.EXPULSION)
    with pytest.raises(ValidationError):
        decide(world, subject_unit=world.cell_a, form=DisciplineForm.DISMISSAL)
    decide(world, subject_unit=world.cell_a, form=DisciplineForm.DISSOLUTION)
    with pytest.raises(ValidationError):  # in the future
        decide(world, subject_unit=world.cell_a, decided_on=TODAY + D(days=1))
    with pytest.raises(ValidationError):  # without a reason
        decide(world, subject_unit=world.cell_a, reason=" ")
    with pytest.raises(ValidationError):  # a member out of scope
        decide(world, subject_member=world.member_b)
    assert Discipline.objects.count() == 1


def test_a_decision_follows_a_concluded_inspection_of_the_same_subject(members_world, make_inspection):
    world = members_world
    from lanhdao.inspections.services import inspection_conclude

    inspection = make_inspection(subject_unit=None, subject_member=world.member_a)
    with pytest.raises(ValidationError) as error:  # still open
        decide(world, subject_member=world.member_a, inspection=inspection)
    assert "inspection" in error.value.message_dict
    inspection_conclude(actor=world.alice, inspection=inspection, conclusion="Vi phạm", concluded_on=TODAY)
    with pytest.raises(ValidationError):  # not of this subject
        decide(world, subject_unit=world.cell_a, inspection=inspection)
    discipline = decide(world, subject_member=world.member_a, inspection=inspection)
    assert list(selectors.disciplines_of_inspection(world.alice, inspection)) == [discipline]


def test_a_members_discipline_history_is_seen_by_their_cell_not_by_outsiders(members_world):
    world = members_world
    first = decide(world, subject_member=world.member_a, form=DisciplineForm.REPRIMAND, decided_on=TODAY - D(days=400))
    second = decide(world, subject_member=world.member_a, form=DisciplineForm.WARNING)
    decide(world, subject_unit=world.cell_a, form=DisciplineForm.REPRIMAND)
    assert list(selectors.disciplines_of_member(world.alice, world.member_a)) == [second, first]
    assert list(selectors.disciplines_of_member(world.celia, world.member_a)) == [second, first]
    assert access_discipline(world.celia, first.pk) == first
    assert not selectors.disciplines_of_member(world.charlie, world.member_a).exists()


def test_only_the_deciding_units_recorders_decide_and_archive(members_world):
    world = members_world
    for actor in (world.bob, world.charlie):
        with pytest.raises(PermissionDenied):
            decide(world, actor=actor, subject_member=world.member_a, form=DisciplineForm.EXPULSION)
    assert not Discipline.objects.exists() and Member.objects.get(pk=world.member_a.pk).ended_on is None
    discipline = decide(world, subject_unit=world.commune_a)
    with pytest.raises(PermissionDenied):
        discipline_archive(actor=world.bob, discipline=discipline)
    discipline_archive(actor=world.alice, discipline=discipline, note="Nhầm")
    assert not selectors.disciplines_for(world.alice).exists()
