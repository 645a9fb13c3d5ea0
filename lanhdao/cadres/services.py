"""Writes of cadre work (DOMAIN.md §2.8): positions held, succession plans (quy hoạch), training, rotation and
transfer (luân chuyển, điều động), nominations for election and introductions for appointment.

Each service takes the acting user first, checks the right (the right to manage the member, and RECORD on the unit
the row is placed on), validates with messages keyed by field, writes in one transaction with one audit row per
changed object. Rows are placed on the tree with `placing.place`: a position or a succession entry on its body, a
training on the member's cell at the time, a movement or a nomination on the deciding (nominating) unit.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm
from lanhdao.audit.models import Action
from lanhdao.audit.services import record, record_many, snapshot
from lanhdao.core.access import require
from lanhdao.members.models import Member, Qualification, TheoryLevel
from lanhdao.members.permissions import may_manage_members
from lanhdao.members.placing import levels_for, place
from lanhdao.org.models import Unit

from .models import (
    Movement,
    MovementKind,
    Nomination,
    NominationKind,
    NominationOutcome,
    PositionHeld,
    SuccessionEntry,
    Training,
    TrainingKind,
)

TERM_PATTERN = re.compile(r"^(\d{4})-(\d{4})$")
TERM_YEARS = 5  # a congress term (nhiệm kỳ): 2020-2025, 2025-2030
MAX_TERM_YEARS = 10  # a plan may look two terms ahead
# Advanced (cao cấp) and a bachelor of political science (cử nhân) stand at the same level in cadre records.
THEORY_RANK = {
    TheoryLevel.NONE: 0,
    TheoryLevel.ELEMENTARY: 1,
    TheoryLevel.INTERMEDIATE: 2,
    TheoryLevel.ADVANCED: 3,
    TheoryLevel.BACHELOR: 3,
}
RELATIONS = ("member", "unit", "from_unit", "to_unit", "body")

POSITION_FIELDS = ("title", "started_on", "ended_on", "decision")
SUCCESSION_FIELDS = ("title", "added_on", "decision")
TRAINING_FIELDS = ("kind", "course", "level", "institution", "started_on", "ended_on")
MOVEMENT_FIELDS = (
    "kind",
    "decided_on",
    "starts_on",
    "ends_on",
    "from_unit",
    "to_unit",
    "destination",
    "post",
    "decision",
)
NOMINATION_FIELDS = ("kind", "post", "nominated_on", "body")


# --- shared checks and writes --------------------------------------------------------------------------------------


def _require_manage(actor, unit: Unit, member: Member) -> None:
    require(may_manage_members(actor, member.unit), _("You may not change this member's records."))
    require(has_perm(actor, Perm.RECORD, unit), _("You may not record on %(unit)s.") % {"unit": unit})


def _check_unit(actor, unit: Unit | None, field: str, *, required: bool = True) -> None:
    """A unit named on a row: one the actor can see, not archived."""
    if unit is None:
        if required:
            raise ValidationError({field: _("Choose a unit.")})
        return
    if not has_perm(actor, Perm.VIEW, unit):
        raise ValidationError({field: _("No such unit in your scope.")})
    if unit.is_archived:
        raise ValidationError({field: _("%(unit)s is archived.") % {"unit": unit}})


def _required_date(day, field: str) -> datetime.date:
    if day is None:
        raise ValidationError({field: _("The date is required.")})
    return day


def _past(day, field: str) -> datetime.date:
    """A fact recorded once it happened: not in the future."""
    _required_date(day, field)
    if day > timezone.localdate():
        raise ValidationError({field: _("Record it once it has happened: the date is in the future.")})
    return day


def _not_before(day, earlier, field: str, message: str) -> None:
    if day is not None and earlier is not None and day < earlier:
        raise ValidationError({field: message})


def _text(value, field: str, message: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: message})
    return value


def _choice(value, choices, field: str) -> str:
    if value not in choices.values:
        raise ValidationError({field: _("Not one of the choices: %(v)s") % {"v": value}})
    return value


def _unknown(data: dict, allowed) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})


def _create(actor, row: models.Model, unit: Unit) -> models.Model:
    place(row, unit)
    row.full_clean(exclude=list(RELATIONS), validate_constraints=False)
    row.save()
    record(actor=actor, action=Action.CREATE, obj=row, after=snapshot(row))
    return row


def _change(actor, row: models.Model, changes: dict, *, note: str = "") -> models.Model:
    """Set the fields that really change, save and audit before/after (nothing when nothing changes)."""
    changes = {k: v for k, v in changes.items() if getattr(row, k) != v}
    if not changes:
        return row
    before = snapshot(row)
    for name, value in changes.items():
        setattr(row, name, value)
    row.full_clean(exclude=list(RELATIONS), validate_constraints=False)
    row.save()
    record(actor=actor, action=Action.UPDATE, obj=row, before=before, after=snapshot(row), note=note[:300])
    return row


# --- positions held ------------------------------------------------------------------------------------------------


def _check_position(values: dict, *, row: PositionHeld | None = None) -> dict:
    values["title"] = _text(values.get("title"), "title", _("Name the post."))
    started = _required_date(values.get("started_on"), "started_on")
    _not_before(values.get("ended_on"), started, "ended_on", _("A position cannot end before it starts."))
    values["decision"] = (values.get("decision") or "").strip()
    member, unit = values["member"], values["unit"]
    if values.get("ended_on") is None:
        twin = PositionHeld.objects.filter(member=member, unit=unit, title=values["title"], ended_on__isnull=True)
        if row is not None:
            twin = twin.exclude(pk=row.pk)
        if twin.exists():
            raise ValidationError(
                {"title": _("%(member)s already holds this post in %(unit)s.") % {"member": member, "unit": unit}}
            )
    return values


def position_start(
    *,
    actor,
    member: Member,
    unit: Unit,
    title: str,
    started_on: datetime.date,
    decision: str = "",
    ended_on: datetime.date | None = None,
) -> PositionHeld:
    """A post the member holds (or held, with `ended_on`) in a body."""
    require(may_manage_members(actor, member.unit), _("You may not change this member's records."))
    _check_unit(actor, unit, "unit")
    _require_manage(actor, unit, member)
    values = _check_position(
        {
            "member": member,
            "unit": unit,
            "title": title,
            "started_on": started_on,
            "ended_on": ended_on,
            "decision": decision,
        }
    )
    with transaction.atomic():
        return _create(actor, PositionHeld(**values), unit)


def position_end(*, actor, position: PositionHeld, ended_on: datetime.date, note: str = "") -> PositionHeld:
    """The last day in the post; it may lie ahead when the decision takes effect later."""
    _require_manage(actor, position.unit, position.member)
    if position.ended_on is not None:
        raise ValidationError(_("This position has already ended."))
    _required_date(ended_on, "ended_on")
    _not_before(ended_on, position.started_on, "ended_on", _("A position cannot end before it starts."))
    with transaction.atomic():
        return _change(actor, position, {"ended_on": ended_on}, note=note.strip() or _("Position ended"))


def position_update(*, actor, position: PositionHeld, data: dict) -> PositionHeld:
    _require_manage(actor, position.unit, position.member)
    _unknown(data, POSITION_FIELDS)
    merged = {f: getattr(position, f) for f in POSITION_FIELDS} | data
    values = _check_position(merged | {"member": position.member, "unit": position.unit}, row=position)
    with transaction.atomic():
        return _change(actor, position, {f: values[f] for f in POSITION_FIELDS})


# --- succession plans ----------------------------------------------------------------------------------------------


def check_term(term: str) -> str:
    """A term as `YYYY-YYYY`, the start before the end; five years is a congress term, a plan may span ten."""
    term = (term or "").strip().replace("–", "-").replace(" ", "")
    match = TERM_PATTERN.match(term)
    if not match:
        raise ValidationError({"term": _("Write the term as YYYY-YYYY, e.g. 2025-2030.")})
    start, end = int(match[1]), int(match[2])
    if not 1945 <= start <= 2100:
        raise ValidationError({"term": _("The term's first year is not plausible.")})
    if end <= start:
        raise ValidationError({"term": _("The term must end after it starts.")})
    if end - start > MAX_TERM_YEARS:
        raise ValidationError(
            {
                "term": _("A term lasts five years (a plan may look two terms ahead): %(term)s is too long.")
                % {"term": term}
            }
        )
    return term


def _check_succession(values: dict, *, row: SuccessionEntry | None = None) -> dict:
    values["title"] = _text(values.get("title"), "title", _("Name the post the member is planned for."))
    _past(values.get("added_on"), "added_on")
    values["decision"] = (values.get("decision") or "").strip()
    twin = SuccessionEntry.objects.filter(
        member=values["member"],
        unit=values["unit"],
        term=values["term"],
        title=values["title"],
        removed_on__isnull=True,
    )
    if row is not None:
        twin = twin.exclude(pk=row.pk)
    if twin.exists():
        raise ValidationError(
            {"title": _("%(member)s is already on this plan for this post.") % {"member": values["member"]}}
        )
    return values


def succession_add(
    *, actor, member: Member, unit: Unit, term: str, title: str, added_on: datetime.date, decision: str = ""
) -> SuccessionEntry:
    """Put a member on the succession plan of a body for a term, for a post."""
    require(may_manage_members(actor, member.unit), _("You may not change this member's records."))
    _check_unit(actor, unit, "unit")
    _require_manage(actor, unit, member)
    values = _check_succession(
        {
            "member": member,
            "unit": unit,
            "term": check_term(term),
            "title": title,
            "added_on": added_on,
            "decision": decision,
        }
    )
    with transaction.atomic():
        return _create(actor, SuccessionEntry(**values), unit)


def succession_remove(*, actor, entry: SuccessionEntry, removed_on: datetime.date, note: str = "") -> SuccessionEntry:
    """Take a name off a plan (it stays in the history, with the day it was removed)."""
    _require_manage(actor, entry.unit, entry.member)
    if entry.removed_on is not None:
        raise ValidationError(_("This name is already off the plan."))
    _past(removed_on, "removed_on")
    _not_before(removed_on, entry.added_on, "removed_on", _("A name cannot leave the plan before it was added."))
    with transaction.atomic():
        return _change(actor, entry, {"removed_on": removed_on}, note=note.strip() or _("Removed from the plan"))


def succession_update(*, actor, entry: SuccessionEntry, data: dict) -> SuccessionEntry:
    _require_manage(actor, entry.unit, entry.member)
    _unknown(data, SUCCESSION_FIELDS)
    merged = {f: getattr(entry, f) for f in SUCCESSION_FIELDS} | data
    values = _check_succession(merged | {"member": entry.member, "unit": entry.unit, "term": entry.term}, row=entry)
    with transaction.atomic():
        return _change(actor, entry, {f: values[f] for f in SUCCESSION_FIELDS})


# --- training ------------------------------------------------------------------------------------------------------


def unit_on(member: Member, day: datetime.date) -> Unit:
    """The member's cell on `day` (their placement then; their cell now when none covers the day)."""
    placement = (
        member.placements.filter(started_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
        .select_related("unit")
        .order_by("-started_on", "-pk")
        .first()
    )
    return placement.unit if placement else member.unit


def _check_training(values: dict) -> dict:
    kind = _choice(values.get("kind"), TrainingKind, "kind")
    values["course"] = _text(values.get("course"), "course", _("Name the course."))
    values["institution"] = (values.get("institution") or "").strip()
    level = values["level"] = (values.get("level") or "").strip()
    if kind == TrainingKind.THEORY and (not level or level not in TheoryLevel.values):
        raise ValidationError({"level": _("Choose the level of political theory of the course.")})
    if kind == TrainingKind.EXPERTISE and level not in Qualification.values:
        raise ValidationError({"level": _("Choose the qualification the course leads to, or leave it empty.")})
    started = _required_date(values.get("started_on"), "started_on")
    _not_before(values.get("ended_on"), started, "ended_on", _("A course cannot end before it starts."))
    return values


def _raise_theory(actor, training: Training) -> bool:
    """A completed course of political theory above the member's level raises it (audited on the member)."""
    member = training.member
    if training.kind != TrainingKind.THEORY or not training.completed:
        return False
    if THEORY_RANK.get(training.level, 0) <= THEORY_RANK.get(member.theory_level, 0):
        return False
    before = {"theory_level": member.theory_level}
    member.theory_level = training.level
    member.save(update_fields=["theory_level", "updated_at"])
    note = _("Raised on completing %(course)s") % {"course": training.course}
    record(
        actor=actor, action=Action.UPDATE, obj=member, before=before, after={"theory_level": training.level}, note=note
    )
    return True


def training_record(
    *,
    actor,
    member: Member,
    kind: str,
    course: str,
    started_on: datetime.date,
    level: str = "",
    institution: str = "",
    ended_on: datetime.date | None = None,
    completed: bool = False,
) -> Training:
    """A course the member attends (or attended: `completed` with its end date)."""
    require(may_manage_members(actor, member.unit), _("You may not change this member's records."))
    values = _check_training(
        {
            "kind": kind,
            "course": course,
            "level": level,
            "institution": institution,
            "started_on": started_on,
            "ended_on": ended_on,
        }
    )
    if completed:
        _past(ended_on, "ended_on")
    unit = unit_on(member, started_on)
    _require_manage(actor, unit, member)
    with transaction.atomic():
        training = _create(actor, Training(member=member, unit=unit, completed=completed, **values), unit)
        _raise_theory(actor, training)
    return training


def training_complete(*, actor, training: Training, ended_on: datetime.date, level: str | None = None) -> Training:
    """The course is completed (with the level reached, when it differs from the one recorded)."""
    _require_manage(actor, training.unit, training.member)
    if training.completed:
        raise ValidationError(_("This course is already completed."))
    _past(ended_on, "ended_on")
    _not_before(ended_on, training.started_on, "ended_on", _("A course cannot end before it starts."))
    merged = {f: getattr(training, f) for f in TRAINING_FIELDS} | {"ended_on": ended_on}
    if level is not None:
        merged["level"] = level
    values = _check_training(merged)
    with transaction.atomic():
        _change(
            actor, training, {"ended_on": ended_on, "level": values["level"], "completed": True}, note=_("Completed")
        )
        _raise_theory(actor, training)
    return training


def training_update(*, actor, training: Training, data: dict) -> Training:
    _require_manage(actor, training.unit, training.member)
    _unknown(data, TRAINING_FIELDS)
    values = _check_training({f: getattr(training, f) for f in TRAINING_FIELDS} | data)
    if training.completed:
        _past(values["ended_on"], "ended_on")
    with transaction.atomic():
        _change(actor, training, {f: values[f] for f in TRAINING_FIELDS})
        _raise_theory(actor, training)
    return training


# --- rotation, transfer, secondment --------------------------------------------------------------------------------


def _check_movement(actor, values: dict) -> dict:
    _choice(values.get("kind"), MovementKind, "kind")
    decided = _past(values.get("decided_on"), "decided_on")
    starts = _required_date(values.get("starts_on"), "starts_on")
    _not_before(starts, decided, "starts_on", _("The movement cannot start before it was decided."))
    _not_before(values.get("ends_on"), starts, "ends_on", _("The movement cannot end before it starts."))
    _check_unit(actor, values.get("from_unit"), "from_unit", required=False)
    _check_unit(actor, values.get("to_unit"), "to_unit", required=False)
    values["destination"] = (values.get("destination") or "").strip()
    values["post"] = (values.get("post") or "").strip()
    values["decision"] = (values.get("decision") or "").strip()
    if values.get("to_unit") is None and not values["destination"]:
        raise ValidationError({"destination": _("Say where to: a unit or a destination.")})
    return values


def movement_record(
    *,
    actor,
    member: Member,
    unit: Unit,
    kind: str,
    decided_on: datetime.date,
    starts_on: datetime.date,
    from_unit: Unit | None = None,
    to_unit: Unit | None = None,
    destination: str = "",
    post: str = "",
    ends_on: datetime.date | None = None,
    decision: str = "",
    end_position: PositionHeld | None = None,
    start_position: bool = False,
) -> Movement:
    """A rotation, transfer or secondment decided by `unit`. With `end_position`, that post of the member ends the day
    before the movement starts; with `start_position`, the member takes `post` in `to_unit` from its start (until
    `ends_on`, for a secondment). All of it in one transaction: a refused step saves nothing."""
    require(may_manage_members(actor, member.unit), _("You may not change this member's records."))
    _check_unit(actor, unit, "unit")
    _require_manage(actor, unit, member)
    if end_position is not None:
        if end_position.member_id != member.pk:
            raise ValidationError({"end_position": _("This position is not the member's.")})
        if end_position.ended_on is not None:
            raise ValidationError({"end_position": _("This position has already ended.")})
        from_unit = from_unit or end_position.unit
    values = _check_movement(
        actor,
        {
            "kind": kind,
            "decided_on": decided_on,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "from_unit": from_unit,
            "to_unit": to_unit,
            "destination": destination,
            "post": post,
            "decision": decision,
        },
    )
    if start_position and (values["to_unit"] is None or not values["post"]):
        raise ValidationError({"post": _("To start the new position, give the unit it is in and the post.")})
    with transaction.atomic():
        movement = _create(actor, Movement(member=member, unit=unit, **values), unit)
        if end_position is not None:
            day_before = starts_on - datetime.timedelta(days=1)
            try:
                position_end(actor=actor, position=end_position, ended_on=day_before, note=str(movement))
            except ValidationError as error:
                raise ValidationError({"end_position": error.messages}) from error
        if start_position:
            position_start(
                actor=actor,
                member=member,
                unit=values["to_unit"],
                title=values["post"],
                started_on=starts_on,
                decision=values["decision"],
                ended_on=values["ends_on"],
            )
    return movement


def movement_update(*, actor, movement: Movement, data: dict) -> Movement:
    """Correct a recorded movement (the positions it ended or started are changed on their own)."""
    _require_manage(actor, movement.unit, movement.member)
    _unknown(data, MOVEMENT_FIELDS)
    values = _check_movement(actor, {f: getattr(movement, f) for f in MOVEMENT_FIELDS} | data)
    with transaction.atomic():
        return _change(actor, movement, {f: values[f] for f in MOVEMENT_FIELDS})


# --- nominations ---------------------------------------------------------------------------------------------------


def _check_nomination(actor, values: dict) -> dict:
    _choice(values.get("kind"), NominationKind, "kind")
    values["post"] = _text(values.get("post"), "post", _("Name the post the member is nominated for."))
    _past(values.get("nominated_on"), "nominated_on")
    _check_unit(actor, values.get("body"), "body", required=False)
    return values


def nomination_record(
    *, actor, member: Member, unit: Unit, kind: str, post: str, nominated_on: datetime.date, body: Unit | None = None
) -> Nomination:
    """A nomination for election or an introduction for appointment, made by `unit`."""
    require(may_manage_members(actor, member.unit), _("You may not change this member's records."))
    _check_unit(actor, unit, "unit")
    _require_manage(actor, unit, member)
    values = _check_nomination(actor, {"kind": kind, "post": post, "nominated_on": nominated_on, "body": body})
    with transaction.atomic():
        return _create(actor, Nomination(member=member, unit=unit, **values), unit)


def nomination_outcome(*, actor, nomination: Nomination, outcome: str, outcome_on: datetime.date) -> Nomination:
    """Elected (appointed), not elected, or withdrawn, on a day."""
    _require_manage(actor, nomination.unit, nomination.member)
    if nomination.outcome:
        raise ValidationError(_("This nomination already has an outcome."))
    if outcome == NominationOutcome.PENDING or outcome not in NominationOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome: elected, not elected or withdrawn.")})
    _past(outcome_on, "outcome_on")
    _not_before(outcome_on, nomination.nominated_on, "outcome_on", _("The outcome cannot precede the nomination."))
    with transaction.atomic():
        return _change(actor, nomination, {"outcome": outcome, "outcome_on": outcome_on}, note=_("Outcome recorded"))


def nomination_update(*, actor, nomination: Nomination, data: dict) -> Nomination:
    _require_manage(actor, nomination.unit, nomination.member)
    _unknown(data, NOMINATION_FIELDS)
    values = _check_nomination(actor, {f: getattr(nomination, f) for f in NOMINATION_FIELDS} | data)
    _not_before(
        nomination.outcome_on, values["nominated_on"], "nominated_on", _("The outcome cannot precede the nomination.")
    )
    with transaction.atomic():
        return _change(actor, nomination, {f: values[f] for f in NOMINATION_FIELDS})


def positions_import(*, actor, rows: list[dict]) -> int:
    """Cadres' positions held, the checked rows of an Excel import (cadres.excel), in bulk: one audit row for each
    position, all in one transaction."""
    levels = levels_for(data["unit"] for data in rows)
    positions = [
        place(
            PositionHeld(
                member=data["member"],
                unit=data["unit"],
                title=data["title"],
                started_on=data["started_on"],
                ended_on=data["ended_on"],
                decision=data["decision"],
            ),
            data["unit"],
            levels,
        )
        for data in rows
    ]
    with transaction.atomic():
        PositionHeld.objects.bulk_create(positions, batch_size=1000)
        changes = [(position, None, snapshot(position)) for position in positions]
        record_many(actor=actor, action=Action.CREATE, changes=changes, note=_("Imported from Excel"))
    return len(positions)
