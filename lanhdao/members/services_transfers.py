"""Transfers of party activity (chuyển sinh hoạt đảng) between party organisations, inside a subtree or across.

The member's organisation sends; the destination receives. When the sender may also manage the destination's
members the transfer is received at once; otherwise it waits for someone who may (they see it in their list before
the member is in their scope) or is cancelled by the sender. Receiving an official transfer closes the member's open
placement and opens one on the destination: the earlier placements, classifications and awards keep their units, so
every past figure stays true.

A temporary transfer (chuyển sinh hoạt đảng tạm thời) does not move the member. Regulation 232-QĐ/TW of 20/01/2025 on
implementing the Party Charter, 6.3.2: when a member changes residence or workplace for 3 months to under a year, or
is sent to study full-time in the country for 3 months to 2 years, "sau đó lại trở về đơn vị cũ thì phải làm thủ tục
giới thiệu sinh hoạt đảng tạm thời từ đảng bộ, chi bộ nơi đảng viên đang sinh hoạt đảng chính thức đến đảng bộ, chi
bộ nơi công tác, học tập hoặc nơi cư trú mới"; the member has every duty and right "ở nơi sinh hoạt chính thức", and
at the temporary place all but voting, standing and electing; "Đảng viên sinh hoạt đảng tạm thời không tính vào đảng
số" of the temporary organisation. So the official placement stays open (the member is counted there) and the
temporary organisation gets a TemporaryPlacement for the period.
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

from .models import Member, TemporaryPlacement, Transfer, TransferKind
from .permissions import may_manage_members
from .placing import place
from .selectors import open_placement, open_temporary_placement
from .services import _date, _locked, check_day, close_placement, open_placement_on
from .stages import MEMBERS, Stage, add_months, stage

# The periods Regulation 232-QĐ/TW (6.3.2) names for a temporary transfer: from 3 months, to 2 years at most (a
# full-time course; a change of residence or workplace is under a year).
TEMPORARY_MONTHS = (3, 24)


def _check_period(kind: str, sent_on: datetime.date | None, until: datetime.date | None) -> datetime.date | None:
    """The end of a temporary transfer's period, within the periods the rules name; an official one has none."""
    if kind != TransferKind.TEMPORARY:
        return None
    if until is None:
        raise ValidationError({"until": _("Give the end of the temporary period.")})
    low, high = TEMPORARY_MONTHS
    if sent_on is not None and not add_months(sent_on, low) <= until <= add_months(sent_on, high):
        raise ValidationError(
            {
                "until": _(
                    "A temporary transfer is for %(low)s months to %(high)s years (Regulation 232-QĐ/TW): from "
                    "%(sent)s, until a day from %(first)s to %(last)s. For a longer stay, transfer officially."
                )
                % {
                    "low": low,
                    "high": high // 12,
                    "sent": _date(sent_on),
                    "first": _date(add_months(sent_on, low)),
                    "last": _date(add_months(sent_on, high)),
                }
            }
        )
    return until


def transfer_send(
    *,
    actor,
    member: Member,
    to_unit: Unit,
    sent_on: datetime.date,
    kind: str = TransferKind.OFFICIAL,
    until: datetime.date | None = None,
    note: str = "",
) -> Transfer:
    require(may_manage_members(actor, member.unit), _("You may not transfer this member."))
    if kind not in TransferKind.values:
        raise ValidationError({"kind": _("Choose the kind of transfer.")})
    until = _check_period(kind, sent_on, until)
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
        away = open_temporary_placement(member)
        if kind == TransferKind.TEMPORARY and away is not None:
            raise ValidationError(
                _("The member is already temporarily active in %(unit)s until %(date)s.")
                % {"unit": away.unit, "date": _date(away.until)}
            )
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
            until=until,
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
        if transfer.until is not None and received_on >= transfer.until:
            raise ValidationError(
                {"received_on": _("The temporary period ended on %(date)s.") % {"date": _date(transfer.until)}}
            )
        _receive(actor, transfer, _locked(transfer.member), received_on)
        return transfer


def _receive(actor, transfer: Transfer, member: Member, day: datetime.date) -> None:
    if member.unit_id != transfer.from_unit_id or stage(member) not in MEMBERS:
        raise ValidationError(_("The member is no longer active in %(unit)s.") % {"unit": transfer.from_unit})
    if transfer.kind == TransferKind.TEMPORARY:
        # The official cell keeps the member (and counts them); the temporary one records the stay for its period.
        save_audited(actor=actor, obj=transfer, changes={"received_on": day}, note=_("Received"))
        stay = TemporaryPlacement(member=member, transfer=transfer, unit=transfer.to_unit, started_on=day)
        stay.until = transfer.until
        save_audited(actor=actor, obj=stay, note=_("Temporary party activity"))
        return
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
