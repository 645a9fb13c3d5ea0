"""Writes of members' records and of the admission pipeline (DOMAIN.md §2.9): permission, validation, write and audit
in one transaction.

    introduce (a cell proposes a candidate) → trained (the course on the Party) → proposed (for admission) →
    admitted (a decision; probationary for twelve months, Party Charter Art. 5; the placement on the cell opens) →
    recognised as a full member (on or after the probation's end) — or not recognised, which ends the membership.

Each step records a date that may not lie in the future nor before the step it follows. Transfers are written by
services_transfers; classifications, awards and badges by services_evaluations.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm
from lanhdao.audit.services import save_audited
from lanhdao.core.access import require
from lanhdao.org.kinds import UnitKind
from lanhdao.org.models import Unit

from .models import (
    CANDIDATE_END_REASONS,
    MEMBER_END_REASONS,
    EndReason,
    Gender,
    Member,
    Placement,
    Qualification,
    TemporaryPlacement,
    TheoryLevel,
    Transfer,
)
from .permissions import may_manage_members
from .placing import place
from .stages import MEMBERS, PIPELINE, Stage, of_admission_age_on, probation_end, stage

# What a member's record holds besides the pipeline: editable on the record's page (the unit moves by transfer only).
RECORD_FIELDS = (
    "full_name",
    "gender",
    *Member.PERSONAL_FIELDS,
    "card_number",
    "education",
    "qualification",
    "theory_level",
    "position",
)
# A candidate has no party card yet: it is given to a member (the admission may record its number).
CANDIDATE_FIELDS = tuple(name for name in RECORD_FIELDS if name != "card_number")
# A candidate is introduced by the cell where they will be active (a grassroots cell is its own cell).
CANDIDATE_UNITS = frozenset({UnitKind.CELL, UnitKind.GRASSROOTS_CELL})


# --- shared pieces -------------------------------------------------------------------------------------------------


def _locked(member: Member) -> Member:
    """The member's row, locked until the end of the transaction: two steps at once cannot both pass their checks."""
    return Member.objects.select_for_update().select_related("unit").get(pk=member.pk)


def _date(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def check_day(day: datetime.date | None, field: str, *, after: datetime.date | None = None, message: str = "") -> None:
    """A step's date: given, not in the future, and not before the step it follows (`after`, with `message`)."""
    if day is None:
        raise ValidationError({field: _("The date is required.")})
    if day > timezone.localdate():
        raise ValidationError({field: _("The date is in the future: record a step once it has taken place.")})
    if after is not None and day < after:
        raise ValidationError({field: message % {"date": _date(after)}})


def _require_stage(member: Member, *expected: Stage, message: str) -> None:
    current = stage(member)
    if current not in expected:
        raise ValidationError(message % {"stage": Stage(current).label})


def _clean_record(values: dict) -> dict:
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
    if "full_name" in values and not values["full_name"]:
        raise ValidationError({"full_name": _("The full name is required.")})
    if "gender" in values and values["gender"] not in Gender.values:
        raise ValidationError({"gender": _("Choose the gender.")})
    for field, choices in (("qualification", Qualification), ("theory_level", TheoryLevel)):
        if values.get(field) and values[field] not in choices.values:
            raise ValidationError({field: _("Not one of the choices.")})
    birth = values.get("birth_date")
    if birth is not None and birth > timezone.localdate():
        raise ValidationError({"birth_date": _("The date of birth is in the future.")})
    return values


def check_admission_age(birth_date: datetime.date | None, day: datetime.date, field: str) -> None:
    """Eighteen years old on `day`, the day the cell considers the admission (the proposal) or the admission itself:
    Party Charter Art. 1 cl. 2 and Regulation 232-QĐ/TW (members.models.ADMISSION_AGE_YEARS), counted exactly."""
    if birth_date is None:
        raise ValidationError(
            {
                field: _(
                    "Record the candidate's date of birth first: the Party Charter admits citizens from eighteen years "
                    "of age."
                )
            }
        )
    earliest = of_admission_age_on(birth_date)
    if day < earliest:
        raise ValidationError(
            {
                field: _(
                    "The Party Charter admits citizens from eighteen years of age: born on %(birth)s, the candidate "
                    "may be proposed and admitted from %(date)s."
                )
                % {"birth": _date(birth_date), "date": _date(earliest)}
            }
        )


def _unknown(data: dict, allowed) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})


def open_placement_on(actor, member: Member, unit: Unit, day: datetime.date) -> Placement:
    placement = place(Placement(member=member, unit=unit, started_on=day), unit)
    return save_audited(actor=actor, obj=placement)


def close_placement(actor, member: Member, day: datetime.date, *, note: str = "") -> Placement | None:
    placement = Placement.objects.filter(member=member, ended_on__isnull=True).first()
    if placement is None:
        return None
    if day < placement.started_on:
        raise ValidationError(
            _("The member has been active in %(unit)s only since %(date)s.")
            % {"unit": placement.unit, "date": _date(placement.started_on)}
        )
    return save_audited(actor=actor, obj=placement, changes={"ended_on": day}, note=note)


# --- the record ----------------------------------------------------------------------------------------------------


def member_introduce(
    *, actor, unit: Unit, full_name: str, gender: str, introduced_on: datetime.date, **fields
) -> Member:
    """Record a candidate introduced by a cell (the first step of admission)."""
    require(may_manage_members(actor, unit), _("You may not record members of this unit."))
    if "card_number" in fields:
        raise ValidationError({"card_number": _("A candidate has no party card yet: it is given on admission.")})
    _unknown(fields, CANDIDATE_FIELDS)
    if unit.is_archived:
        raise ValidationError({"unit": _("%(unit)s is archived.") % {"unit": unit}})
    if unit.kind not in CANDIDATE_UNITS:
        raise ValidationError({"unit": _("A candidate is introduced by a party cell.")})
    check_day(introduced_on, "introduced_on")
    values = _clean_record({"full_name": full_name, "gender": gender, **fields})
    with transaction.atomic():
        member = place(Member(unit=unit, introduced_on=introduced_on, created_by=actor, **values), unit)
        return save_audited(actor=actor, obj=member)


def member_update(*, actor, member: Member, data: dict) -> Member:
    """Change the record (identity, personal data, levels, position). Pipeline dates change through their steps."""
    require(may_manage_members(actor, member.unit), _("You may not change this member's records."))
    _unknown(data, RECORD_FIELDS)
    values = _clean_record(dict(data))
    with transaction.atomic():
        member = _locked(member)
        if stage(member) in PIPELINE and values.get("card_number"):
            raise ValidationError({"card_number": _("A candidate has no party card yet: it is given on admission.")})
        considered = member.proposed_on or member.admitted_on
        born = values.get("birth_date")
        if considered and born is not None and born != member.birth_date:
            check_admission_age(born, considered, "birth_date")
        return save_audited(actor=actor, obj=member, changes=values)


# --- the pipeline --------------------------------------------------------------------------------------------------


def _step(actor, member: Member) -> Member:
    require(may_manage_members(actor, member.unit), _("You may not change this member's records."))
    return _locked(member)


def member_mark_trained(*, actor, member: Member, trained_on: datetime.date) -> Member:
    """The candidate completed the course on the Party (lớp bồi dưỡng nhận thức về Đảng)."""
    with transaction.atomic():
        member = _step(actor, member)
        _require_stage(member, Stage.CANDIDATE, message=_("Only a candidate completes the course; this is: %(stage)s."))
        check_day(
            trained_on,
            "trained_on",
            after=member.introduced_on,
            message=_("The course cannot end before the candidate was introduced (%(date)s)."),
        )
        return save_audited(
            actor=actor, obj=member, changes={"trained_on": trained_on}, note=_("Completed the course on the Party")
        )


def member_propose(*, actor, member: Member, proposed_on: datetime.date) -> Member:
    """The cell proposes the trained candidate for admission."""
    with transaction.atomic():
        member = _step(actor, member)
        message = _("Only a candidate who completed the course is proposed; this is: %(stage)s.")
        _require_stage(member, Stage.TRAINED, message=message)
        check_day(
            proposed_on,
            "proposed_on",
            after=member.trained_on,
            message=_("The proposal cannot come before the course was completed (%(date)s)."),
        )
        check_admission_age(member.birth_date, proposed_on, "proposed_on")
        return save_audited(
            actor=actor, obj=member, changes={"proposed_on": proposed_on}, note=_("Proposed for admission")
        )


def member_admit(*, actor, member: Member, admitted_on: datetime.date, decision: str, card_number: str = "") -> Member:
    """Admission by decision: the member is probationary until `stages.probation_end(admitted_on)`, active in the
    cell that proposed them from that day (the placement opens)."""
    decision = (decision or "").strip()
    if not decision:
        raise ValidationError({"decision": _("Give the number of the admission decision.")})
    with transaction.atomic():
        member = _step(actor, member)
        _require_stage(member, Stage.PROPOSED, message=_("Only a proposed candidate is admitted; this is: %(stage)s."))
        check_day(
            admitted_on,
            "admitted_on",
            after=member.proposed_on,
            message=_("Admission cannot come before the proposal (%(date)s)."),
        )
        check_admission_age(member.birth_date, admitted_on, "admitted_on")
        changes = {
            "admitted_on": admitted_on,
            "admission_decision": decision,
            "probation_ends_on": probation_end(admitted_on),
        }
        if card_number.strip():
            changes["card_number"] = card_number.strip()
        member = save_audited(actor=actor, obj=member, changes=changes, note=_("Admitted to the Party"))
        open_placement_on(actor, member, member.unit, admitted_on)
        return member


def member_recognise(*, actor, member: Member, full_on: datetime.date, decision: str) -> Member:
    """Recognition as a full member, on or after the end of the probation (Party Charter Art. 5)."""
    decision = (decision or "").strip()
    if not decision:
        raise ValidationError({"decision": _("Give the number of the decision.")})
    with transaction.atomic():
        member = _step(actor, member)
        _require_stage(
            member, Stage.PROBATIONARY, message=_("Only a probationary member is recognised; this is: %(stage)s.")
        )
        check_day(
            full_on,
            "full_on",
            after=member.probation_ends_on,
            message=_(
                "The probation lasts twelve months under the Party Charter: full membership can start on "
                "%(date)s at the earliest."
            ),
        )
        return save_audited(
            actor=actor,
            obj=member,
            changes={"full_on": full_on, "full_decision": decision},
            note=_("Recognised as a full member"),
        )


def member_not_recognise(
    *, actor, member: Member, decided_on: datetime.date, decision: str = "", note: str = ""
) -> Member:
    """The probationary member is not recognised: their membership ends (EndReason.NOT_RECOGNISED)."""
    with transaction.atomic():
        member = _step(actor, member)
        message = _("Only a probationary member can be not recognised; this is: %(stage)s.")
        _require_stage(member, Stage.PROBATIONARY, message=message)
        text = " — ".join(p for p in ((decision or "").strip(), (note or "").strip()) if p)
        return _end(actor, member, decided_on, EndReason.NOT_RECOGNISED, text, field="decided_on")


def member_end(*, actor, member: Member, ended_on: datetime.date, reason: str, note: str = "") -> Member:
    """The membership (or candidacy) ends: expelled, name removed, left, died, withdrawn, not recognised. The open
    placement closes that day and a pending transfer is cancelled; the history stays.

    Who: whoever may manage the member's records; an expulsion also by anyone who may record on the member's unit
    (the discipline is decided by the committees and their inspection commissions, who record it)."""
    allowed = may_manage_members(actor, member.unit) or (
        reason == EndReason.EXPELLED and has_perm(actor, Perm.RECORD, member.unit)
    )
    require(allowed, _("You may not change this member's records."))
    with transaction.atomic():
        member = _locked(member)
        _check_end_reason(member, reason)
        return _end(actor, member, ended_on, reason, note)


def end_reasons(current: Stage) -> tuple[EndReason, ...]:
    """The ways out offered to a person at stage `current`: a member leaves the Party, a candidate's candidacy stops."""
    if current in MEMBERS:
        return MEMBER_END_REASONS
    if current in PIPELINE:
        return CANDIDATE_END_REASONS
    return ()


def _check_end_reason(member: Member, reason: str) -> None:
    current = stage(member)
    if current != Stage.ENDED and reason in EndReason.values and reason not in end_reasons(current):
        message = (
            _("A candidate is not in the Party yet: their candidacy stops (withdrawn), it does not end a membership.")
            if current in PIPELINE
            else _("Not a way for a member to leave the Party: %(reason)s.") % {"reason": EndReason(reason).label}
        )
        raise ValidationError({"reason": message})


def _end(actor, member: Member, day: datetime.date, reason: str, note: str, *, field: str = "ended_on") -> Member:
    if reason not in EndReason.values:
        raise ValidationError({"reason": _("Choose the reason.")})
    if member.ended_on is not None:
        raise ValidationError(_("This person is no longer in the Party or the pipeline."))
    last = max(
        (
            d
            for d in (member.introduced_on, member.trained_on, member.proposed_on, member.admitted_on, member.full_on)
            if d is not None
        ),
        default=None,
    )
    check_day(day, field, after=last, message=_("The end cannot come before the last recorded step (%(date)s)."))
    note = (note or "").strip()
    for transfer in Transfer.objects.filter(member=member, received_on__isnull=True, cancelled_at__isnull=True):
        save_audited(
            actor=actor, obj=transfer, changes={"cancelled_at": timezone.now()}, note=_("The membership ended")
        )
    close_placement(actor, member, day, note=note)
    for stay in TemporaryPlacement.objects.filter(member=member, ended_on__isnull=True, until__gt=day):
        save_audited(actor=actor, obj=stay, changes={"ended_on": max(day, stay.started_on)}, note=note)
    return save_audited(actor=actor, obj=member, changes={"ended_on": day, "end_reason": reason}, note=note)
