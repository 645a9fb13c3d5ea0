"""Transfers of party activity keep history: a past day's members of a cell stay what they were; inside a subtree
the transfer is received at once, across subtrees it waits for the destination, which sees it before the member is in
its scope."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext

from lanhdao.audit.models import AuditEntry
from lanhdao.members import selectors, services_evaluations, services_transfers
from lanhdao.members.models import MemberEvaluation, Placement, Transfer
from lanhdao.members.stages import Stage

from . import test_members_world as shared
from .test_members_world import TODAY, D

frozen_today, more_world = shared.frozen_today, shared.more_world  # the shared fixtures, in this module

day = datetime.date


def refused(message: str, **params) -> str:
    """The pattern of a refusal: the msgid `message` as the service raises it, in the active language."""
    return re.escape(gettext(message) % params if params else gettext(message))


def test_a_transfer_inside_the_subtree_is_received_at_once_and_keeps_history(more_world):
    w = more_world
    services_evaluations.member_classify(actor=w.olga, unit=w.cell_a, year=2025, grades={w.member_a.pk: ("good", "")})
    transfer = services_transfers.transfer_send(
        actor=w.olga, member=w.member_a, to_unit=w.cell_a2, sent_on=day(2026, 2, 1)
    )
    assert transfer.received_on == day(2026, 2, 1)
    member = w.member_a
    member.refresh_from_db()
    assert member.unit == w.cell_a2 and member.unit_path == w.cell_a2.path
    # history: the cell's members on a past day, the placements, the classification stay on the old cell
    assert list(selectors.members_on(w.cell_a, day(2026, 1, 31))) == [member]
    assert not selectors.members_on(w.cell_a, day(2026, 2, 1)).exists()
    assert list(selectors.members_on(w.cell_a2, day(2026, 2, 1))) == [member]
    assert list(selectors.members_on(w.commune_a, day(2026, 1, 31))) == list(selectors.members_on(w.commune_a, TODAY))
    placements = list(Placement.objects.filter(member=member).order_by("started_on"))
    assert [(p.unit, p.ended_on) for p in placements] == [(w.cell_a, day(2026, 2, 1)), (w.cell_a2, None)]
    assert MemberEvaluation.objects.get(member=member).unit == w.cell_a


def test_a_transfer_across_subtrees_waits_for_the_destination(more_world):
    w = more_world
    transfer = services_transfers.transfer_send(
        actor=w.olga, member=w.member_a, to_unit=w.cell_b, sent_on=day(2026, 3, 1), note="Chuyển nơi cư trú"
    )
    assert transfer.is_pending
    w.member_a.refresh_from_db()
    assert w.member_a.unit == w.cell_a
    # the destination sees the pending transfer, not yet the member
    assert list(selectors.incoming_transfers(w.olgb, w.district_b)) == [transfer]
    assert list(selectors.incoming_transfers(w.charlie, w.district_b)) == [transfer]
    assert not selectors.members_for(w.olgb).filter(pk=w.member_a.pk).exists()
    # only someone who may manage the destination receives; the sender may not
    with pytest.raises(PermissionDenied):
        services_transfers.transfer_receive(actor=w.olga, transfer=transfer, received_on=TODAY)
    with pytest.raises(PermissionDenied):
        services_transfers.transfer_receive(actor=w.charlie, transfer=transfer, received_on=TODAY)
    with pytest.raises(ValidationError) as error:
        services_transfers.transfer_receive(actor=w.olgb, transfer=transfer, received_on=day(2026, 2, 28))
    assert "received_on" in error.value.message_dict
    services_transfers.transfer_receive(actor=w.olgb, transfer=transfer, received_on=day(2026, 3, 3))
    assert selectors.members_for(w.olgb).filter(pk=w.member_a.pk).exists()
    assert not selectors.members_for(w.olga).filter(pk=w.member_a.pk).exists()
    # the sender still sees the transfer; both days answer true
    assert selectors.transfers_for(w.olga).filter(pk=transfer.pk).exists()
    assert list(selectors.members_on(w.cell_a, day(2026, 3, 2))) == [w.member_a]
    assert list(selectors.members_on(w.cell_b, day(2026, 3, 3))) == [w.member_a]
    w.member_a.refresh_from_db()
    assert w.member_a.level2_id == w.district_b.pk and w.member_a.level3_id == w.commune_b.pk


def test_the_sender_cancels_a_pending_transfer_and_the_receiver_may_not(more_world):
    w = more_world
    transfer = services_transfers.transfer_send(actor=w.olga, member=w.member_a, to_unit=w.cell_b, sent_on=TODAY)
    with pytest.raises(PermissionDenied):
        services_transfers.transfer_cancel(actor=w.olgb, transfer=transfer)
    services_transfers.transfer_cancel(actor=w.olga, transfer=transfer, note="Nhầm")
    transfer.refresh_from_db()
    assert transfer.cancelled_at is not None and not transfer.is_pending
    with pytest.raises(ValidationError, match=refused("This transfer is no longer waiting to be received.")):
        services_transfers.transfer_receive(actor=w.olgb, transfer=transfer, received_on=TODAY)
    assert not selectors.incoming_transfers(w.olgb, w.district_b).exists()
    # a new transfer may be sent once the first is cancelled
    services_transfers.transfer_send(actor=w.olga, member=w.member_a, to_unit=w.cell_a2, sent_on=TODAY)


def test_one_pending_transfer_at_a_time(more_world):
    w = more_world
    services_transfers.transfer_send(actor=w.olga, member=w.member_a, to_unit=w.cell_b, sent_on=TODAY)
    with pytest.raises(ValidationError, match=refused("A transfer of this member is already waiting to be received.")):
        services_transfers.transfer_send(actor=w.olga, member=w.member_a, to_unit=w.cell_a2, sent_on=TODAY)


def test_a_transfer_goes_to_a_party_organisation_and_moves_members_only(more_world):
    w = more_world
    with pytest.raises(ValidationError) as error:
        services_transfers.transfer_send(actor=w.olga, member=w.member_a, to_unit=w.dept_a, sent_on=TODAY)
    assert "to_unit" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services_transfers.transfer_send(actor=w.olga, member=w.member_a, to_unit=w.cell_a, sent_on=TODAY)
    assert "to_unit" in error.value.message_dict
    from lanhdao.members.services import member_introduce

    candidate = member_introduce(actor=w.olga, unit=w.cell_a, full_name="Ứng viên", gender="male", introduced_on=TODAY)
    message = refused("Only a member of the Party is transferred; this is: %(stage)s.", stage=Stage.CANDIDATE.label)
    with pytest.raises(ValidationError, match=message):
        services_transfers.transfer_send(actor=w.olga, member=candidate, to_unit=w.cell_a2, sent_on=TODAY)
    with pytest.raises(ValidationError) as error:
        services_transfers.transfer_send(actor=w.olga, member=w.member_a, to_unit=w.cell_a2, sent_on=TODAY + D(days=1))
    assert "sent_on" in error.value.message_dict
    assert not Transfer.objects.exists()


@pytest.mark.parametrize("who", ["bob", "alice", "charlie", "celia"])
def test_who_may_not_send_a_transfer(more_world, who):
    w = more_world
    member = w.member_b if who == "celia" else w.member_a
    with pytest.raises(PermissionDenied):
        services_transfers.transfer_send(actor=getattr(w, who), member=member, to_unit=w.cell_a2, sent_on=TODAY)
    assert not Transfer.objects.exists() and not AuditEntry.objects.exists()
