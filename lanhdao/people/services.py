"""Writes for field visits, dialogues and citizen reception: permission, validation, write and audit in one
transaction. Findings of a visit and issues raised at a dialogue become tasks of the visiting unit in the same
transaction (work.services.task_create): all of them or none.

Petitions are written by services_petitions, personal plans by services_plans.
"""

import datetime
from collections.abc import Iterable, Sequence
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm
from lanhdao.audit.models import Action
from lanhdao.audit.services import save_audited
from lanhdao.core.access import require
from lanhdao.org.models import Unit
from lanhdao.work.services import task_create

from .models import Dialogue, FieldVisit, Finding, Frequency, ReceptionDay, ReceptionSchedule
from .permissions import may_record

VISIT_FIELDS = ("visited_on", "visitor", "visitor_name", "place_unit", "place", "purpose", "summary")
DIALOGUE_FIELDS = ("held_on", "led_by", "led_by_name", "topic", "participants", "place", "summary")
SCHEDULE_FIELDS = ("frequency", "day_of_month", "weekday", "receivers", "place", "starts_on", "ends_on")
DAY_FIELDS = ("held_on", "schedule", "received_by", "received_by_name", "cases", "notes")


class FindingSpec(TypedDict, total=False):
    """One finding or issue raised; with a lead unit and a deadline it becomes a task."""

    text: str
    lead_unit: Unit | None
    deadline: datetime.date | None


# --- shared checks -------------------------------------------------------------------------------------------------


def check_live_unit(unit: Unit, field: str = "unit") -> None:
    if unit.is_archived:
        raise ValidationError({field: _("%(unit)s is archived.") % {"unit": unit}})


def person_name(user, name: str, field: str) -> str:
    """Who: a user of the product or a typed name (with the position, as the record should show it)."""
    name = (name or "").strip()
    if user is not None and not user.is_active:
        raise ValidationError({field: _("This account is no longer active.")})
    if not name and user is not None:
        name = " — ".join(p for p in (user.full_name or user.username, user.position) if p)
    if not name:
        raise ValidationError({field: _("Name a user or type the name.")})
    return name[:200]


def check_past(day: datetime.date | None, field: str) -> None:
    if day is None:
        raise ValidationError({field: _("The date is required.")})
    if day > timezone.localdate():
        raise ValidationError({field: _("Record it once it has taken place: the date is in the future.")})


def require_text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def archive(*, actor, obj, unit: Unit | None = None, note: str = ""):
    """Archive a record made by mistake: it leaves lists and figures and stays in the history. The tasks made from
    its findings stay: they are assigned and followed in their own right."""
    require(may_record(actor, unit or obj.unit))
    if obj.archived_at is not None:
        raise ValidationError(_("This record is already archived."))
    with transaction.atomic():
        return save_audited(
            actor=actor, obj=obj, changes={"archived_at": timezone.now()}, note=note.strip(), action=Action.ARCHIVE
        )


def _unknown(data: dict, allowed: Iterable[str]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})


# --- findings → tasks ----------------------------------------------------------------------------------------------


def _add_findings(
    actor, *, assigning_unit: Unit, specs: Sequence[FindingSpec], start: datetime.date, source: str, **owner
) -> list[Finding]:
    """Create the findings of one event, each with its task when it names a lead unit and a deadline. The caller's
    transaction makes it all or nothing: the first bad finding raises and nothing is kept."""
    count = Finding.objects.filter(**owner).count()
    created = []
    for number, spec in enumerate(specs, 1):
        label = {"n": number}
        text = (spec.get("text") or "").strip()
        lead, deadline = spec.get("lead_unit"), spec.get("deadline")
        if not text:
            raise ValidationError({"findings": _("Finding %(n)d: say what was found or raised.") % label})
        task = None
        if lead is not None or deadline is not None:
            if lead is None or deadline is None:
                raise ValidationError(
                    {"findings": _("Finding %(n)d: a task needs both a lead unit and a deadline.") % label}
                )
            try:
                task = task_create(
                    actor=actor,
                    assigning_unit=assigning_unit,
                    lead_unit=lead,
                    title=text.splitlines()[0][:500],
                    description=f"{text}\n\n{source}",
                    start_date=start,
                    deadline=deadline,
                )
            except ValidationError as error:
                message = _("Finding %(n)d: %(error)s") % (label | {"error": " ".join(error.messages)})
                raise ValidationError({"findings": message}) from error
        finding = Finding(text=text, task=task, position=count + number, **owner)
        created.append(save_audited(actor=actor, obj=finding, exclude=["visit", "dialogue", "task"]))
    return created


def _source(kind: str, event, unit: Unit) -> str:
    if kind == "visit":
        return _("From the field visit of %(unit)s to %(place)s on %(date)s.") % {
            "unit": unit.name,
            "place": event.where,
            "date": event.visited_on.strftime("%d/%m/%Y"),
        }
    return _("Raised at the dialogue of %(unit)s on %(date)s: %(topic)s") % {
        "unit": unit.name,
        "date": event.held_on.strftime("%d/%m/%Y"),
        "topic": event.topic,
    }


def findings_add(*, actor, event: FieldVisit | Dialogue, findings: Sequence[FindingSpec]) -> list[Finding]:
    """Add findings (and their tasks) to a recorded visit or dialogue; the tasks start today."""
    require(may_record(actor, event.unit))
    if event.archived_at is not None:
        raise ValidationError(_("This record is archived."))
    if not findings:
        raise ValidationError({"findings": _("Add at least one finding.")})
    kind = "visit" if isinstance(event, FieldVisit) else "dialogue"
    with transaction.atomic():
        return _add_findings(
            actor,
            assigning_unit=event.unit,
            specs=findings,
            start=timezone.localdate(),
            source=_source(kind, event, event.unit),
            **{kind: event},
        )


def finding_to_task(*, actor, finding: Finding, lead_unit: Unit, deadline: datetime.date) -> Finding:
    """Turn a finding recorded without a task into a task of the visiting (or dialogue's) unit."""
    event = finding.visit or finding.dialogue
    require(may_record(actor, event.unit))
    if finding.task_id is not None:
        raise ValidationError(_("This finding is already a task."))
    kind = "visit" if finding.visit_id else "dialogue"
    with transaction.atomic():
        try:
            task = task_create(
                actor=actor,
                assigning_unit=event.unit,
                lead_unit=lead_unit,
                title=finding.text.splitlines()[0][:500],
                description=f"{finding.text}\n\n{_source(kind, event, event.unit)}",
                start_date=timezone.localdate(),
                deadline=deadline,
            )
        except ValidationError as error:
            raise ValidationError({"lead_unit": error.messages}) from error
        return save_audited(actor=actor, obj=finding, changes={"task": task}, note=_("Turned into a task"))


# --- field visits and dialogues ------------------------------------------------------------------------------------


def _check_place(actor, place_unit: Unit | None, place: str) -> None:
    if place_unit is None and not (place or "").strip():
        raise ValidationError({"place": _("Say where: a unit or a place.")})
    if place_unit is not None and not has_perm(actor, Perm.VIEW, place_unit):
        raise ValidationError({"place_unit": _("No such unit in your scope.")})


def field_visit_create(
    *,
    actor,
    unit: Unit,
    visited_on: datetime.date,
    purpose: str,
    visitor=None,
    visitor_name: str = "",
    place_unit: Unit | None = None,
    place: str = "",
    summary: str = "",
    findings: Sequence[FindingSpec] = (),
) -> FieldVisit:
    require(may_record(actor, unit))
    check_live_unit(unit)
    check_past(visited_on, "visited_on")
    name = person_name(visitor, visitor_name, "visitor_name")
    _check_place(actor, place_unit, place)
    purpose = require_text(purpose, "purpose", _("Say what the visit was about."))
    with transaction.atomic():
        visit = FieldVisit(
            unit=unit,
            unit_path=unit.path,
            visited_on=visited_on,
            visitor=visitor,
            visitor_name=name,
            place_unit=place_unit,
            place_path=place_unit.path if place_unit else "",
            place=place.strip(),
            purpose=purpose,
            summary=summary.strip(),
            created_by=actor,
        )
        save_audited(actor=actor, obj=visit, exclude=["unit", "visitor", "place_unit", "created_by"])
        _add_findings(
            actor,
            assigning_unit=unit,
            specs=findings,
            start=visited_on,
            source=_source("visit", visit, unit),
            visit=visit,
        )
    return visit


def field_visit_update(*, actor, visit: FieldVisit, data: dict) -> FieldVisit:
    require(may_record(actor, visit.unit))
    _unknown(data, VISIT_FIELDS)
    merged = {f: getattr(visit, f) for f in VISIT_FIELDS} | data
    check_past(merged["visited_on"], "visited_on")
    _check_place(actor, merged["place_unit"], merged["place"])
    if "visitor" in data or "visitor_name" in data:
        merged["visitor_name"] = person_name(merged["visitor"], data.get("visitor_name", ""), "visitor_name")
    merged["purpose"] = require_text(merged["purpose"], "purpose", _("Say what the visit was about."))
    merged["place_path"] = merged["place_unit"].path if merged["place_unit"] else ""
    with transaction.atomic():
        return save_audited(actor=actor, obj=visit, changes=merged)


def dialogue_create(
    *,
    actor,
    unit: Unit,
    held_on: datetime.date,
    topic: str,
    participants: int = 0,
    led_by=None,
    led_by_name: str = "",
    place: str = "",
    summary: str = "",
    findings: Sequence[FindingSpec] = (),
) -> Dialogue:
    require(may_record(actor, unit))
    check_live_unit(unit)
    check_past(held_on, "held_on")
    name = person_name(led_by, led_by_name, "led_by_name")
    topic = require_text(topic, "topic", _("Say what the dialogue was about."))
    if participants is None or participants < 0:
        raise ValidationError({"participants": _("The number of participants cannot be negative.")})
    with transaction.atomic():
        dialogue = Dialogue(
            unit=unit,
            unit_path=unit.path,
            held_on=held_on,
            led_by=led_by,
            led_by_name=name,
            topic=topic,
            participants=participants,
            place=place.strip(),
            summary=summary.strip(),
            created_by=actor,
        )
        save_audited(actor=actor, obj=dialogue, exclude=["unit", "led_by", "created_by"])
        _add_findings(
            actor,
            assigning_unit=unit,
            specs=findings,
            start=held_on,
            source=_source("dialogue", dialogue, unit),
            dialogue=dialogue,
        )
    return dialogue


def dialogue_update(*, actor, dialogue: Dialogue, data: dict) -> Dialogue:
    require(may_record(actor, dialogue.unit))
    _unknown(data, DIALOGUE_FIELDS)
    merged = {f: getattr(dialogue, f) for f in DIALOGUE_FIELDS} | data
    check_past(merged["held_on"], "held_on")
    if "led_by" in data or "led_by_name" in data:
        merged["led_by_name"] = person_name(merged["led_by"], data.get("led_by_name", ""), "led_by_name")
    merged["topic"] = require_text(merged["topic"], "topic", _("Say what the dialogue was about."))
    if merged["participants"] is None or merged["participants"] < 0:
        raise ValidationError({"participants": _("The number of participants cannot be negative.")})
    with transaction.atomic():
        return save_audited(actor=actor, obj=dialogue, changes=merged)


# --- citizen reception ---------------------------------------------------------------------------------------------


def _check_rule(values: dict) -> dict:
    frequency = values.get("frequency")
    if frequency == Frequency.MONTHLY:
        day = values.get("day_of_month")
        if day is None or not 1 <= day <= 31:
            raise ValidationError({"day_of_month": _("Give the day of the month, from 1 to 31.")})
        values["weekday"] = None
    elif frequency == Frequency.WEEKLY:
        weekday = values.get("weekday")
        if weekday is None or not 0 <= weekday <= 6:
            raise ValidationError({"weekday": _("Choose the weekday.")})
        values["day_of_month"] = None
    else:
        raise ValidationError({"frequency": _("Choose how often citizens are received.")})
    if values.get("starts_on") is None:
        raise ValidationError({"starts_on": _("The date is required.")})
    if values.get("ends_on") and values["ends_on"] < values["starts_on"]:
        raise ValidationError({"ends_on": _("The end date must not be before the start date.")})
    return values


def schedule_create(*, actor, unit: Unit, **fields) -> ReceptionSchedule:
    require(may_record(actor, unit))
    check_live_unit(unit)
    _unknown(fields, SCHEDULE_FIELDS)
    values = _check_rule(dict(fields))
    with transaction.atomic():
        schedule = ReceptionSchedule(unit=unit, unit_path=unit.path, created_by=actor, **values)
        return save_audited(actor=actor, obj=schedule, exclude=["unit", "created_by"])


def schedule_update(*, actor, schedule: ReceptionSchedule, data: dict) -> ReceptionSchedule:
    require(may_record(actor, schedule.unit))
    _unknown(data, SCHEDULE_FIELDS)
    values = _check_rule({f: getattr(schedule, f) for f in SCHEDULE_FIELDS} | data)
    with transaction.atomic():
        return save_audited(actor=actor, obj=schedule, changes=values)


def schedule_end(*, actor, schedule: ReceptionSchedule, ends_on: datetime.date) -> ReceptionSchedule:
    """The unit stops receiving on this schedule after `ends_on`; the days held stay."""
    require(may_record(actor, schedule.unit))
    if ends_on < schedule.starts_on:
        raise ValidationError({"ends_on": _("The end date must not be before the start date.")})
    with transaction.atomic():
        return save_audited(actor=actor, obj=schedule, changes={"ends_on": ends_on}, note=_("Schedule ended"))


def _check_day(values: dict, unit: Unit) -> dict:
    check_past(values.get("held_on"), "held_on")
    schedule = values.get("schedule")
    if schedule is not None and schedule.unit_id != unit.pk:
        raise ValidationError({"schedule": _("The schedule belongs to another unit.")})
    if values.get("cases") is None or values["cases"] < 0:
        raise ValidationError({"cases": _("The number of cases cannot be negative.")})
    values["received_by_name"] = person_name(
        values.get("received_by"), values.get("received_by_name", ""), "received_by_name"
    )
    return values


def _one_a_day(function):
    try:
        with transaction.atomic():
            return function()
    except IntegrityError as error:
        raise ValidationError({"held_on": _("A reception day is already recorded on this date.")}) from error


def reception_day_create(*, actor, unit: Unit, **fields) -> ReceptionDay:
    require(may_record(actor, unit))
    check_live_unit(unit)
    _unknown(fields, DAY_FIELDS)
    values = _check_day({"cases": 0, "notes": ""} | dict(fields), unit)
    day = ReceptionDay(unit=unit, unit_path=unit.path, created_by=actor, **values)
    return _one_a_day(
        lambda: save_audited(actor=actor, obj=day, exclude=["unit", "schedule", "received_by", "created_by"])
    )


def reception_day_update(*, actor, day: ReceptionDay, data: dict) -> ReceptionDay:
    require(may_record(actor, day.unit))
    _unknown(data, DAY_FIELDS)
    merged = {f: getattr(day, f) for f in DAY_FIELDS} | data
    if "received_by" in data and "received_by_name" not in data:
        merged["received_by_name"] = ""
    values = _check_day(merged, day.unit)
    return _one_a_day(lambda: save_audited(actor=actor, obj=day, changes=values))
