"""Writes for petitions (đơn thư, kiến nghị): received by a unit, assigned to it or a unit below, answered by a
deadline (by default `LANHDAO_PETITION_ANSWER_DAYS` after receipt). Permission, validation, write and audit in one
transaction; the status is never stored (people.status derives it)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lanhdao.audit.services import save_audited
from lanhdao.core.access import require
from lanhdao.org.models import Unit

from .models import Channel, Petition, PetitionKind, ReceptionDay
from .permissions import may_answer, may_record
from .services import _unknown, check_live_unit, check_past, require_text
from .status import default_deadline

EDITABLE = (
    "received_on",
    "sender",
    "sender_contact",
    "subject",
    "content",
    "kind",
    "channel",
    "reception_day",
    "deadline",
)


def _check_assignee(receiving: Unit, assigned: Unit | None) -> None:
    if assigned is None:
        return
    if not assigned.path.startswith(receiving.path):
        raise ValidationError(
            {
                "assigned_unit": _("%(u)s is not under %(r)s, which received the petition.")
                % {"u": assigned, "r": receiving}
            }
        )
    check_live_unit(assigned, "assigned_unit")


def _check(values: dict, receiving: Unit) -> dict:
    check_past(values.get("received_on"), "received_on")
    values["sender"] = require_text(values.get("sender", ""), "sender", _("Say who sent it."))
    values["subject"] = require_text(values.get("subject", ""), "subject", _("Say what it is about."))
    if values.get("channel") not in Channel.values:
        raise ValidationError({"channel": _("Choose how it arrived.")})
    if values.get("kind") not in PetitionKind.values:
        raise ValidationError({"kind": _("Choose the kind of petition.")})
    if values.get("deadline") is None:
        values["deadline"] = default_deadline(values["received_on"])
    if values["deadline"] < values["received_on"]:
        raise ValidationError({"deadline": _("The deadline is before the date of receipt.")})
    day: ReceptionDay | None = values.get("reception_day")
    if day is not None and (day.unit_id != receiving.pk or day.held_on != values["received_on"]):
        raise ValidationError({"reception_day": _("That reception day was held by another unit or on another date.")})
    return values


def petition_create(
    *,
    actor,
    receiving_unit: Unit,
    received_on: datetime.date,
    sender: str,
    subject: str,
    channel: str,
    kind: str = PetitionKind.RECOMMENDATION,
    content: str = "",
    sender_contact: str = "",
    deadline: datetime.date | None = None,
    reception_day: ReceptionDay | None = None,
    assigned_unit: Unit | None = None,
) -> Petition:
    """Record a petition received; without a deadline it gets the default one."""
    require(may_record(actor, receiving_unit))
    check_live_unit(receiving_unit, "receiving_unit")
    _check_assignee(receiving_unit, assigned_unit)
    values = _check(
        {
            "received_on": received_on,
            "sender": sender,
            "subject": subject,
            "channel": channel,
            "kind": kind,
            "deadline": deadline,
            "reception_day": reception_day,
        },
        receiving_unit,
    )
    with transaction.atomic():
        petition = Petition(
            receiving_unit=receiving_unit,
            receiving_path=receiving_unit.path,
            assigned_unit=assigned_unit,
            assigned_path=assigned_unit.path if assigned_unit else "",
            assigned_at=timezone.now() if assigned_unit else None,
            content=content.strip(),
            sender_contact=sender_contact.strip(),
            created_by=actor,
            **values,
        )
        return save_audited(
            actor=actor, obj=petition, exclude=["receiving_unit", "assigned_unit", "reception_day", "created_by"]
        )


def petition_update(*, actor, petition: Petition, data: dict) -> Petition:
    require(may_record(actor, petition.receiving_unit))
    _unknown(data, EDITABLE)
    if petition.archived_at is not None:
        raise ValidationError(_("This record is archived."))
    merged = {f: getattr(petition, f) for f in EDITABLE} | data
    if "deadline" in data and data["deadline"] is None:
        merged["deadline"] = None
    values = _check(merged, petition.receiving_unit)
    if petition.answered_on and petition.answered_on < values["received_on"]:
        raise ValidationError({"received_on": _("The petition was answered before this date.")})
    with transaction.atomic():
        return save_audited(actor=actor, obj=petition, changes=values)


def petition_assign(*, actor, petition: Petition, unit: Unit) -> Petition:
    """Assign (or reassign) the petition to a unit to answer: the receiving unit itself or one below it."""
    require(may_record(actor, petition.receiving_unit))
    if petition.archived_at is not None:
        raise ValidationError(_("This record is archived."))
    if petition.answered_on is not None:
        raise ValidationError(_("This petition is already answered."))
    _check_assignee(petition.receiving_unit, unit)
    with transaction.atomic():
        changes = {"assigned_unit": unit, "assigned_path": unit.path, "assigned_at": timezone.now()}
        if petition.assigned_unit_id == unit.pk:
            return petition
        return save_audited(actor=actor, obj=petition, changes=changes, note=_("Assigned to %(u)s") % {"u": unit.name})


def petition_answer(*, actor, petition: Petition, answered_on: datetime.date, answer: str) -> Petition:
    """Record the answer sent to the citizen. Once only: a second answer is refused, even from another window."""
    require(may_answer(actor, petition))
    answer = require_text(answer, "answer", _("Write the answer given."))
    check_past(answered_on, "answered_on")
    if answered_on < petition.received_on:
        raise ValidationError({"answered_on": _("The answer date is before the date of receipt.")})
    with transaction.atomic():
        current = Petition.objects.select_for_update().get(pk=petition.pk)
        if current.archived_at is not None:
            raise ValidationError(_("This record is archived."))
        if current.answered_on is not None:
            raise ValidationError(_("This petition is already answered."))
        changes = {"answered_on": answered_on, "answer": answer, "answered_by": actor}
        return save_audited(actor=actor, obj=petition, changes=changes, note=_("Answered"))
