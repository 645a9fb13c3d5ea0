"""The admission pipeline: candidate → trained → proposed → admitted (probationary for twelve months) → full member;
each step's date is checked, the probation rule of the Party Charter holds, and every step leaves its audit row."""

import datetime
import re

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext

from lanhdao.audit.models import AuditEntry
from lanhdao.members import selectors, services
from lanhdao.members.models import EndReason, Member, Placement, Transfer
from lanhdao.members.stages import Stage, probation_overdue, stage

from . import test_members_world as shared
from .test_members_world import TODAY, D

frozen_today, more_world = shared.frozen_today, shared.more_world  # the shared fixtures, in this module

day = datetime.date


def refused(message: str, **params) -> str:
    """The pattern of a refusal: the msgid `message` as the service raises it, in the active language."""
    return re.escape(gettext(message) % params if params else gettext(message))


def candidate(w, **fields):
    values = {
        "actor": w.olga,
        "unit": w.cell_a,
        "full_name": "Phạm Văn Mới",
        "gender": "male",
        "introduced_on": day(2025, 1, 6),
        "birth_date": day(1998, 4, 12),  # of age: the Charter admits from eighteen (test_party_rules)
    } | fields
    return services.member_introduce(**values)


def proposed(w, **fields):
    member = candidate(w, **fields)
    member = services.member_mark_trained(actor=w.olga, member=member, trained_on=day(2025, 2, 3))
    return services.member_propose(actor=w.olga, member=member, proposed_on=day(2025, 2, 20))


def admitted(w, on=None, **fields):
    on = on or day(2025, 3, 2)
    return services.member_admit(actor=w.olga, member=proposed(w, **fields), admitted_on=on, decision="12-QĐ/HU")


def test_a_candidate_becomes_a_full_member_after_twelve_months_of_probation(more_world):
    w = more_world
    member = candidate(w, identity_number="001090000123", phone="0900000000")
    assert stage(member) == Stage.CANDIDATE and member.unit_path == w.cell_a.path
    assert member.level2_id == w.district_a.pk and member.level3_id == w.commune_a.pk
    assert not Placement.objects.filter(member=member).exists()  # not yet active in the Party
    member = services.member_mark_trained(actor=w.olga, member=member, trained_on=day(2025, 2, 3))
    assert stage(member) == Stage.TRAINED
    member = services.member_propose(actor=w.olga, member=member, proposed_on=day(2025, 2, 20))
    assert stage(member) == Stage.PROPOSED
    member = services.member_admit(
        actor=w.celia, member=member, admitted_on=day(2025, 3, 2), decision="12-QĐ/HU", card_number="93.012345"
    )
    assert stage(member) == Stage.PROBATIONARY and member.card_number == "93.012345"
    assert member.probation_ends_on == day(2026, 3, 2)
    placement = Placement.objects.get(member=member)
    assert (placement.unit, placement.started_on, placement.ended_on) == (w.cell_a, day(2025, 3, 2), None)
    assert placement.unit_path == w.cell_a.path and placement.level3_id == w.commune_a.pk
    member = services.member_recognise(actor=w.olga, member=member, full_on=day(2026, 3, 2), decision="30-QĐ/HU")
    assert stage(member) == Stage.FULL and member.full_decision == "30-QĐ/HU"
    # introduce, three steps and the recognition on the member, the placement opened
    assert AuditEntry.objects.filter(object_id=str(member.pk), content_type__model="member").count() == 5
    assert AuditEntry.objects.filter(content_type__model="placement").count() == 1


def test_full_membership_cannot_start_before_the_probation_ends(more_world):
    member = admitted(more_world, on=day(2025, 3, 20))
    with pytest.raises(ValidationError) as error:
        services.member_recognise(actor=more_world.olga, member=member, full_on=day(2026, 3, 10), decision="1")
    assert "full_on" in error.value.message_dict and "20/03/2026" in str(error.value)
    member.refresh_from_db()
    assert member.full_on is None


@pytest.mark.parametrize(
    ("step", "field", "value"),
    [
        ("trained", "trained_on", day(2025, 1, 5)),  # before the introduction (6/1)
        ("propose", "proposed_on", day(2025, 2, 2)),  # before the course (3/2)
        ("admit", "admitted_on", day(2025, 2, 19)),  # before the proposal (20/2)
    ],
)
def test_a_step_may_not_come_before_the_one_it_follows(more_world, step, field, value):
    w = more_world
    member = candidate(w)
    if step in {"propose", "admit"}:
        member = services.member_mark_trained(actor=w.olga, member=member, trained_on=day(2025, 2, 3))
    if step == "admit":
        member = services.member_propose(actor=w.olga, member=member, proposed_on=day(2025, 2, 20))
    run = {
        "trained": lambda: services.member_mark_trained(actor=w.olga, member=member, trained_on=value),
        "propose": lambda: services.member_propose(actor=w.olga, member=member, proposed_on=value),
        "admit": lambda: services.member_admit(actor=w.olga, member=member, admitted_on=value, decision="1"),
    }[step]
    with pytest.raises(ValidationError) as error:
        run()
    assert field in error.value.message_dict
    assert getattr(Member.objects.get(pk=member.pk), field) is None


@pytest.mark.parametrize("field", ["introduced_on", "trained_on"])
def test_no_step_is_recorded_in_the_future(more_world, field):
    w = more_world
    with pytest.raises(ValidationError) as error:
        if field == "introduced_on":
            candidate(w, introduced_on=TODAY + D(days=1))
        else:
            services.member_mark_trained(actor=w.olga, member=candidate(w), trained_on=TODAY + D(days=1))
    future = gettext("The date is in the future: record a step once it has taken place.")
    assert error.value.message_dict[field] == [future]


def test_steps_follow_their_order(more_world):
    w = more_world
    member = candidate(w)
    message = "Only a candidate who completed the course is proposed; this is: %(stage)s."
    with pytest.raises(ValidationError, match=refused(message, stage=Stage.CANDIDATE.label)):
        services.member_propose(actor=w.olga, member=member, proposed_on=TODAY)
    message = "Only a proposed candidate is admitted; this is: %(stage)s."
    with pytest.raises(ValidationError, match=refused(message, stage=Stage.CANDIDATE.label)):
        services.member_admit(actor=w.olga, member=member, admitted_on=TODAY, decision="1")
    message = "Only a probationary member is recognised; this is: %(stage)s."
    with pytest.raises(ValidationError, match=refused(message, stage=Stage.FULL.label)):
        services.member_recognise(actor=w.olga, member=w.member_a, full_on=TODAY, decision="1")


def test_admission_needs_its_decision(more_world):
    member = proposed(more_world)
    with pytest.raises(ValidationError) as error:
        services.member_admit(actor=more_world.olga, member=member, admitted_on=TODAY, decision=" ")
    assert "decision" in error.value.message_dict


def test_a_candidate_is_introduced_by_a_cell(more_world):
    with pytest.raises(ValidationError) as error:
        candidate(more_world, unit=more_world.commune_a)
    assert "unit" in error.value.message_dict


def test_probation_overdue_when_it_ends_without_a_decision(more_world):
    member = admitted(more_world, on=day(2025, 3, 2))  # probation ended 2/3/2026, today is 10/3/2026
    assert probation_overdue(member, TODAY)
    listed = selectors.filter_members(selectors.members_for(more_world.olga), overdue_on=TODAY)
    assert list(listed) == [member]
    services.member_recognise(actor=more_world.olga, member=member, full_on=day(2026, 3, 5), decision="2")
    assert not selectors.filter_members(selectors.members_for(more_world.olga), overdue_on=TODAY).exists()


def test_not_recognised_ends_the_membership_and_closes_the_placement(more_world):
    member = admitted(more_world)
    member = services.member_not_recognise(
        actor=more_world.olga, member=member, decided_on=day(2026, 3, 4), decision="40-QĐ/HU", note="Vi phạm"
    )
    assert stage(member) == Stage.ENDED and member.end_reason == EndReason.NOT_RECOGNISED
    assert Placement.objects.get(member=member).ended_on == day(2026, 3, 4)
    assert not selectors.members_on(more_world.cell_a, day(2026, 3, 5)).filter(pk=member.pk).exists()
    assert selectors.members_on(more_world.cell_a, day(2026, 3, 3)).filter(pk=member.pk).exists()


def test_member_end_closes_the_placement_and_cancels_a_pending_transfer(more_world):
    w = more_world
    from lanhdao.members.services_transfers import transfer_send

    transfer = transfer_send(actor=w.olga, member=w.member_a, to_unit=w.cell_b, sent_on=day(2026, 3, 1))
    assert transfer.is_pending
    services.member_end(actor=w.olga, member=w.member_a, ended_on=day(2026, 3, 9), reason=EndReason.DIED)
    assert not Transfer.objects.get(pk=transfer.pk).is_pending
    assert Placement.objects.get(member=w.member_a).ended_on == day(2026, 3, 9)
    with pytest.raises(ValidationError, match=refused("This person is no longer in the Party or the pipeline.")):
        services.member_end(actor=w.olga, member=w.member_a, ended_on=TODAY, reason=EndReason.DIED)


def test_an_expulsion_is_recorded_by_whoever_records_on_the_members_unit(more_world):
    """Discipline is decided by committees and inspection commissions: RECORD on the unit is enough to record an
    expulsion (alice, district secretary), not to record anything else of the member."""
    w = more_world
    with pytest.raises(PermissionDenied):
        services.member_end(actor=w.alice, member=w.member_a, ended_on=TODAY, reason=EndReason.RESIGNED)
    member = services.member_end(actor=w.alice, member=w.member_a, ended_on=TODAY, reason=EndReason.EXPELLED)
    assert member.end_reason == EndReason.EXPELLED


@pytest.mark.parametrize("who", ["bob", "alice", "charlie"])
def test_only_those_who_manage_the_members_records_change_them(more_world, who):
    w = more_world
    actor = getattr(w, who)
    before = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        candidate(w, actor=actor)
    with pytest.raises(PermissionDenied):
        services.member_update(actor=actor, member=w.member_a, data={"phone": "1"})
    with pytest.raises(PermissionDenied):
        services.member_end(actor=actor, member=w.member_b, ended_on=TODAY, reason=EndReason.RESIGNED)
    assert AuditEntry.objects.count() == before
    assert Member.objects.count() == 2


def test_the_cell_secretary_manages_her_own_cell_only(more_world):
    w = more_world
    services.member_update(actor=w.celia, member=w.member_a, data={"phone": "0987"})
    with pytest.raises(PermissionDenied):
        candidate(w, actor=w.celia, unit=w.cell_a2)


def test_editing_the_record_audits_before_and_after(more_world):
    w = more_world
    member = services.member_update(actor=w.olga, member=w.member_a, data={"full_name": "Trần Thị Ân", "phone": "1"})
    entry = AuditEntry.objects.get(object_id=str(member.pk), action="update")
    assert entry.before["full_name"] == "Trần Thị An" and entry.after["phone"] == "1"
    assert selectors.search_members(Member.objects.all(), "tran thi an").get() == member
    with pytest.raises(ValidationError):
        services.member_update(actor=w.olga, member=member, data={"admitted_on": TODAY})


def test_a_probation_ending_later_is_not_yet_overdue(more_world):
    member = admitted(more_world, on=day(2025, 12, 1))
    assert not probation_overdue(member, TODAY)
    with time_machine.travel(datetime.datetime(2026, 12, 2, 9, tzinfo=datetime.UTC), tick=False):
        assert probation_overdue(member, day(2026, 12, 2))
