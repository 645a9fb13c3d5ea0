"""Writes for inspections and supervisions: permission, validation, write and audit in one transaction.

An inspection is recorded (subject, scope, team, dates), then its findings, then its conclusion with the
recommendations. Each recommendation that names a lead unit and a deadline becomes a task assigned by the conducting
unit (work.services.task_create) in the same transaction as the conclusion: all of them or none.

What follows an inspection carries at least its confidentiality (README "Confidentiality"): the tasks made from its
recommendations, the discipline decisions that follow it, and the audit rows about them. A change of the
inspection's level moves them in the same transaction (up always; down never below their other sources).

Programmes are written by services_programmes, discipline decisions by services_disciplines.
"""

import datetime
from collections.abc import Iterable, Sequence
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from lanhdao.accounts.roles import Clearance
from lanhdao.audit.models import Action
from lanhdao.audit.services import save_audited
from lanhdao.core.access import require
from lanhdao.members.models import Member
from lanhdao.members.permissions import access_member
from lanhdao.org.kinds import PARTY_ORGANISATIONS
from lanhdao.org.models import Unit
from lanhdao.work.levels import lower_tasks, raise_history, raise_tasks
from lanhdao.work.services import task_create

from .models import Discipline, Inspection, InspectionKind, Programme, Recommendation, SubjectKind
from .permissions import may_record

EDITABLE = ("programme", "kind", "title", "scope", "team", "starts_on", "ends_on", "confidentiality")


class RecommendationSpec(TypedDict, total=False):
    """One recommendation; with a lead unit and a deadline it becomes a task of the conducting unit."""

    text: str
    lead_unit: Unit | None
    deadline: datetime.date | None


# --- shared writes and checks --------------------------------------------------------------------------------------


def archive(*, actor, obj, note: str = ""):
    """Archive a record made by mistake: it leaves lists and figures and stays in the history. Tasks made from an
    inspection's recommendations stay: they are followed in their own right."""
    require(may_record(actor, obj.unit))
    if obj.archived_at is not None:
        raise ValidationError(_("This record is already archived."))
    with transaction.atomic():
        return save_audited(
            actor=actor, obj=obj, changes={"archived_at": timezone.now()}, note=note.strip(), action=Action.ARCHIVE
        )


def check_live_unit(unit: Unit, field: str = "unit") -> None:
    if unit.is_archived:
        raise ValidationError({field: _("%(unit)s is archived.") % {"unit": unit}})


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


def unknown_fields(data: dict, allowed: Iterable[str]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})


def subject_of(actor, unit: Unit, subject_unit: Unit | None, subject_member: Member | None) -> tuple[str, Unit]:
    """(subject kind, subject's unit) of an inspection or a discipline decided by `unit`: a Party organisation of
    `unit`'s subtree, or a member of one that `actor` may see (members.permissions.access_member)."""
    if subject_member is not None:
        try:
            access_member(actor, subject_member.pk)
        except Http404 as error:
            raise ValidationError({"subject_member": _("No such party member in your scope.")}) from error
        if subject_member.admitted_on is None:
            raise ValidationError(
                {"subject_member": _("%(name)s is not a party member.") % {"name": subject_member.full_name}}
            )
        if subject_unit is not None and subject_unit.pk != subject_member.unit_id:
            raise ValidationError({"subject_unit": _("The member belongs to another organisation.")})
        kind, subject_unit = SubjectKind.MEMBER, subject_member.unit
    elif subject_unit is not None:
        kind = SubjectKind.ORGANISATION
        if subject_unit.kind not in PARTY_ORGANISATIONS:
            raise ValidationError({"subject_unit": _("%(u)s is not a Party organisation.") % {"u": subject_unit}})
        check_live_unit(subject_unit, "subject_unit")
    else:
        raise ValidationError({"subject_unit": _("Name the organisation or the member.")})
    if not subject_unit.path.startswith(unit.path):
        raise ValidationError({"subject_unit": _("%(s)s is not under %(u)s.") % {"s": subject_unit, "u": unit}})
    return kind, subject_unit


def _check_clearance(actor, level: int) -> None:
    if level not in Clearance.values:
        raise ValidationError({"confidentiality": _("Choose a confidentiality level.")})
    if level > actor.clearance:
        raise ValidationError({"confidentiality": _("You cannot record an inspection above your own clearance.")})


def _check_fields(unit: Unit, values: dict, *, current_programme: int | None = None) -> dict:
    if values.get("kind") not in InspectionKind.values:
        raise ValidationError({"kind": _("Choose the kind of inspection or supervision.")})
    values["title"] = require_text(values.get("title"), "title", _("Say what is inspected or supervised."))
    values["scope"] = (values.get("scope") or "").strip()
    values["team"] = (values.get("team") or "").strip()
    starts_on, ends_on = values.get("starts_on"), values.get("ends_on")
    if starts_on is None:
        raise ValidationError({"starts_on": _("The date is required.")})
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date must not be before the start date.")})
    programme: Programme | None = values.get("programme")
    if programme is not None:
        if programme.unit_id != unit.pk:
            raise ValidationError({"programme": _("The programme belongs to another unit.")})
        if programme.archived_at is not None and programme.pk != current_programme:
            raise ValidationError({"programme": _("This programme is archived.")})
        if not programme.starts_on <= starts_on <= programme.ends_on:
            raise ValidationError({"starts_on": _("The inspection starts outside the programme's period.")})
    return values


# --- inspections ---------------------------------------------------------------------------------------------------


def inspection_create(
    *,
    actor,
    unit: Unit,
    kind: str,
    title: str,
    starts_on: datetime.date,
    subject_unit: Unit | None = None,
    subject_member: Member | None = None,
    programme: Programme | None = None,
    scope: str = "",
    team: str = "",
    ends_on: datetime.date | None = None,
    confidentiality: int = Clearance.NORMAL,
) -> Inspection:
    """Record an inspection or a supervision of `unit` (planned or under way) of an organisation or a member."""
    require(may_record(actor, unit), _("You may not record inspections of this unit."))
    check_live_unit(unit)
    values = _check_fields(
        unit,
        {
            "kind": kind,
            "title": title,
            "scope": scope,
            "team": team,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "programme": programme,
        },
    )
    _check_clearance(actor, confidentiality)
    subject_kind, subject_unit = subject_of(actor, unit, subject_unit, subject_member)
    with transaction.atomic():
        inspection = Inspection(
            unit=unit,
            unit_path=unit.path,
            subject_kind=subject_kind,
            subject_unit=subject_unit,
            subject_path=subject_unit.path,
            subject_member=subject_member,
            confidentiality=confidentiality,
            created_by=actor,
            **values,
        )
        return save_audited(
            actor=actor, obj=inspection, exclude=["unit", "subject_unit", "subject_member", "programme", "created_by"]
        )


def inspection_update(*, actor, inspection: Inspection, data: dict) -> Inspection:
    """Change what was recorded (not the subject: record another inspection and archive this one)."""
    require(may_record(actor, inspection.unit), _("You may not change this inspection."))
    if inspection.archived_at is not None:
        raise ValidationError(_("This inspection is archived."))
    unknown_fields(data, EDITABLE)
    merged = {f: getattr(inspection, f) for f in EDITABLE} | data
    merged = _check_fields(inspection.unit, merged, current_programme=inspection.programme_id)
    _check_clearance(actor, max(merged["confidentiality"], inspection.confidentiality))
    if inspection.concluded_on and merged["starts_on"] > inspection.concluded_on:
        raise ValidationError({"starts_on": _("The inspection was concluded before this date.")})
    before = inspection.confidentiality
    with transaction.atomic():
        save_audited(actor=actor, obj=inspection, changes=merged)
        if inspection.confidentiality != before:
            follow_level(actor, inspection, before)
        return inspection


def _task_ids(inspection: Inspection) -> list[int]:
    return list(
        Recommendation.objects.filter(inspection=inspection, task__isnull=False).values_list("task_id", flat=True)
    )


def follow_level(actor, inspection: Inspection, before: int) -> None:
    """What follows `inspection` takes its new level (it was `before`), in the caller's transaction: the tasks of
    its recommendations and the discipline decisions; going up, the audit rows about them and about the inspection
    go up too. Going down, a task stays at its document's or parent's level (work.levels.lower_tasks)."""
    level = inspection.confidentiality
    if level > before:
        raise_tasks(_task_ids(inspection), level, actor=actor)
        raise_history(Inspection, [inspection.pk], level)
        raise_history(Recommendation, inspection.recommendations.values_list("pk", flat=True), level)
    else:
        lower_tasks(_task_ids(inspection), level, actor=actor)
    # A decision's only source of confidentiality is the inspection it follows.
    for discipline in Discipline.objects.filter(inspection=inspection).exclude(confidentiality=level):
        save_audited(
            actor=actor,
            obj=discipline,
            changes={"confidentiality": level},
            note=_("Follows the confidentiality of the inspection"),
        )
        raise_history(Discipline, [discipline.pk], level)


def _check_open(inspection: Inspection) -> None:
    if inspection.archived_at is not None:
        raise ValidationError(_("This inspection is archived."))
    if inspection.concluded_on is not None:
        raise ValidationError(_("This inspection is already concluded."))


def findings_record(*, actor, inspection: Inspection, findings: str, violation_found: bool | None = None) -> Inspection:
    """Record (or rewrite) what the team found, once the inspection has started and until it is concluded."""
    require(may_record(actor, inspection.unit), _("You may not change this inspection."))
    _check_open(inspection)
    if inspection.starts_on > timezone.localdate():
        raise ValidationError({"findings": _("The inspection has not started yet.")})
    changes = {"findings": require_text(findings, "findings", _("Say what was found."))}
    if violation_found is not None:
        changes["violation_found"] = bool(violation_found)
    with transaction.atomic():
        return save_audited(actor=actor, obj=inspection, changes=changes, note=_("Findings recorded"))


def _source(inspection: Inspection) -> str:
    return _("Recommendation of the %(kind)s of %(subject)s by %(unit)s, concluded on %(date)s: %(title)s") % {
        "kind": inspection.get_kind_display().lower(),
        "subject": inspection.subject,
        "unit": inspection.unit.name,
        "date": inspection.concluded_on.strftime("%d/%m/%Y"),
        "title": inspection.title,
    }


def _add_recommendations(
    actor, inspection: Inspection, specs: Sequence[RecommendationSpec], start: datetime.date
) -> list[Recommendation]:
    """Create the recommendations, each with its task when it names a lead unit and a deadline. The caller's
    transaction makes it all or nothing: the first bad recommendation raises and nothing is kept."""
    count = Recommendation.objects.filter(inspection=inspection).count()
    created = []
    for number, spec in enumerate(specs, 1):
        label = {"n": number}
        text = (spec.get("text") or "").strip()
        lead, deadline = spec.get("lead_unit"), spec.get("deadline")
        if not text:
            raise ValidationError({"recommendations": _("Recommendation %(n)d: say what is recommended.") % label})
        task = None
        if lead is not None or deadline is not None:
            if lead is None or deadline is None:
                raise ValidationError(
                    {
                        "recommendations": _("Recommendation %(n)d: a task needs both a lead unit and a deadline.")
                        % label
                    }
                )
            try:
                task = task_create(
                    actor=actor,
                    assigning_unit=inspection.unit,
                    lead_unit=lead,
                    title=text.splitlines()[0][:500],
                    description=f"{text}\n\n{_source(inspection)}",
                    start_date=start,
                    deadline=deadline,
                    confidentiality=inspection.confidentiality,
                )
            except ValidationError as error:
                message = _("Recommendation %(n)d: %(error)s") % (label | {"error": " ".join(error.messages)})
                raise ValidationError({"recommendations": message}) from error
        recommendation = Recommendation(inspection=inspection, text=text, task=task, position=count + number)
        created.append(save_audited(actor=actor, obj=recommendation, exclude=["inspection", "task"]))
        raise_history(Recommendation, [recommendation.pk], inspection.confidentiality)
    return created


def inspection_conclude(
    *,
    actor,
    inspection: Inspection,
    conclusion: str,
    concluded_on: datetime.date,
    violation_found: bool | None = None,
    recommendations: Sequence[RecommendationSpec] = (),
) -> Inspection:
    """Conclude an inspection (on or after its start, never in the future) with its recommendations: those with a
    lead unit and a deadline become tasks of the conducting unit, starting on the day of the conclusion. If one of
    them cannot become a task, nothing is saved, not even the conclusion."""
    require(may_record(actor, inspection.unit), _("You may not change this inspection."))
    _check_open(inspection)
    conclusion = require_text(conclusion, "conclusion", _("Write the conclusion."))
    check_past(concluded_on, "concluded_on")
    if concluded_on < inspection.starts_on:
        raise ValidationError({"concluded_on": _("An inspection cannot be concluded before it starts.")})
    changes = {"conclusion": conclusion, "concluded_on": concluded_on}
    if violation_found is not None:
        changes["violation_found"] = bool(violation_found)
    with transaction.atomic():
        save_audited(actor=actor, obj=inspection, changes=changes, note=_("Concluded"))
        _add_recommendations(actor, inspection, recommendations, start=concluded_on)
    return inspection


def recommendations_add(
    *, actor, inspection: Inspection, recommendations: Sequence[RecommendationSpec]
) -> list[Recommendation]:
    """Add recommendations to a concluded inspection (their tasks start today), all or none."""
    require(may_record(actor, inspection.unit), _("You may not change this inspection."))
    if inspection.archived_at is not None:
        raise ValidationError(_("This inspection is archived."))
    if inspection.concluded_on is None:
        raise ValidationError({"recommendations": _("Recommendations come with the conclusion: conclude first.")})
    if not recommendations:
        raise ValidationError({"recommendations": _("Add at least one recommendation.")})
    with transaction.atomic():
        return _add_recommendations(actor, inspection, recommendations, start=timezone.localdate())


def recommendation_to_task(
    *, actor, recommendation: Recommendation, lead_unit: Unit, deadline: datetime.date
) -> Recommendation:
    """Turn a recommendation recorded without a task into a task of the conducting unit, starting today."""
    inspection = recommendation.inspection
    require(may_record(actor, inspection.unit), _("You may not change this inspection."))
    if recommendation.task_id is not None:
        raise ValidationError(_("This recommendation is already a task."))
    with transaction.atomic():
        try:
            task = task_create(
                actor=actor,
                assigning_unit=inspection.unit,
                lead_unit=lead_unit,
                title=recommendation.text.splitlines()[0][:500],
                description=f"{recommendation.text}\n\n{_source(inspection)}",
                start_date=timezone.localdate(),
                deadline=deadline,
                confidentiality=inspection.confidentiality,
            )
        except ValidationError as error:
            raise ValidationError({"lead_unit": error.messages}) from error
        save_audited(actor=actor, obj=recommendation, changes={"task": task}, note=_("Turned into a task"))
        raise_history(Recommendation, [recommendation.pk], inspection.confidentiality)
        return recommendation
