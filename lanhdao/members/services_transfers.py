"""Transfers of party activity (chuyển sinh hoạt đảng) between party organisations, inside a subtree or across.

The member's organisation sends; the destination receives. When the sender may also manage the destination's
members the transfer is received at once; otherwise it waits for someone who may (they see it in their list before
the member is in their scope) or is cancelled by the sender. Receiving closes the member's open placement and opens
one on the destination: the earlier placements, classifications and awards keep their units, so every past figure
stays true.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lanhdao.audit.services import save_audited
from lanhdao.core.access import require
from lanhdao.org.kinds import PARTY_ORGANISATIONS
from lanhdao.org.models import Unit

from .models import Member, Transfer, TransferKind
from .permissions import may_manage_members
from .placing import place
from .selectors import open_placement
from .services import _date, _locked, check_day, close_placement, open_placement_on
from .stages import MEMBERS, Stage, stage


def transfer_send(
    *, actor, member: Member, to_unit: Unit, sent_on: datetime.date, kind: str = TransferKind.OFFICIAL, note: str = ""
) -> Transfer:
    require(may_manage_members(actor, member.unit), _("You may not transfer this member."))
    if kind not in TransferKind.values:
        raise ValidationError({"kind": _("Choose the kind of transfer.")})
    if to_unit.kind not in PARTY_ORGANISATIONS or to_unit.is_archived:
        raise ValidationError({"to_unit": _("A member is transferred to a party organisation in force.")})
    with transaction.atomic():
        member = _locked(member)
        if stage(member) not in MEMBERS:
            message = _("Only a member of the Party is transferred; this is: %(stage)s.")
            raise ValidationError(message % {"stage": Stage(stage(member)).label})
        if to_unit.pk == member.unit_id:
            raise ValidationError({"to_unit": _("The member is already active in %(unit)s.") % {"unit": to_unit}})
        if Transfer.objects.filter(member=member, received_on__isnull=True, cancelled_at__isnull=True).exists():
            raise ValidationError(_("A transfer of this member is already waiting to be received."))
        placement = open_placement(member)
        start = placement.started_on if placement else member.admitted_on
        check_day(
            sent_on,
            "sent_on",
            after=start,
            message=_("The member has been active in their organisation only since %(date)s."),
        )
        transfer = Transfer(
            member=member,
            kind=kind,
            from_unit=member.unit,
            from_path=member.unit.path,
            to_unit=to_unit,
            to_path=to_unit.path,
            sent_on=sent_on,
            note=(note or "").strip(),
            created_by=actor,
        )
        save_audited(actor=actor, obj=transfer)
        if may_manage_members(actor, to_unit):
            _receive(actor, transfer, member, sent_on)
        return transfer


def transfer_receive(*, actor, transfer: Transfer, received_on: datetime.date) -> Transfer:
    """The destination receives the member: from that day they are active there."""
    require(may_manage_members(actor, transfer.to_unit), _("You may not receive members in this organisation."))
    with transaction.atomic():
        transfer = Transfer.objects.select_for_update().select_related("from_unit", "to_unit").get(pk=transfer.pk)
        if not transfer.is_pending:
            raise ValidationError(_("This transfer is no longer waiting to be received."))
        if transfer.to_unit.is_archived:
            raise ValidationError(_("%(unit)s is archived.") % {"unit": transfer.to_unit})
        check_day(
            received_on,
            "received_on",
            after=transfer.sent_on,
            message=_("A transfer cannot be received before it was sent (%(date)s)."),
        )
        _receive(actor, transfer, _locked(transfer.member), received_on)
        return transfer


def _receive(actor, transfer: Transfer, member: Member, day: datetime.date) -> None:
    if member.unit_id != transfer.from_unit_id or stage(member) not in MEMBERS:
        raise ValidationError(_("The member is no longer active in %(unit)s.") % {"unit": transfer.from_unit})
    note = _("Transferred to %(unit)s") % {"unit": transfer.to_unit}
    save_audited(actor=actor, obj=transfer, changes={"received_on": day}, note=_("Received"))
    close_placement(actor, member, day, note=note)
    open_placement_on(actor, member, transfer.to_unit, day)
    moved = place(Member(), transfer.to_unit)
    place_changes = {"unit_path": moved.unit_path, "level2_id": moved.level2_id, "level3_id": moved.level3_id}
    save_audited(actor=actor, obj=member, changes={"unit": transfer.to_unit, **place_changes}, note=note)


def transfer_cancel(*, actor, transfer: Transfer, note: str = "") -> Transfer:
    """The sender withdraws a transfer not yet received."""
    require(may_manage_members(actor, transfer.from_unit), _("Only the sending organisation may cancel a transfer."))
    with transaction.atomic():
        transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
        if not transfer.is_pending:
            raise ValidationError(
                _("This transfer was received on %(date)s.") % {"date": _date(transfer.received_on)}
                if transfer.received_on
                else _("This transfer is already cancelled.")
            )
        return save_audited(
            actor=actor, obj=transfer, changes={"cancelled_at": timezone.now()}, note=(note or "").strip()
        )
