"""Writes to meetings: permission, validation, write and audit in one transaction.

A conclusion notice's points become tasks of the work app in one step (`conclusion_record`): every point, or none.
They carry the meeting's confidentiality, and follow it when it changes (levels.py).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm
from lanhdao.audit.models import Action
from lanhdao.audit.services import record, record_many, snapshot
from lanhdao.core.access import require
from lanhdao.org.models import Unit
from lanhdao.work import services as work_services

from . import levels
from .models import AgendaItem, ConclusionPoint, Frequency, Meeting, MeetingFrequency, MeetingKind, Participant
from .permissions import may_record_meeting
from .rules import Quorum, kind_allowed
from .selectors import issuing_unit, quorum_of

EDITABLE = (
    "kind",
    "title",
    "date",
    "location",
    "chair",
    "chair_name",
    "member_count",
    "minutes",
    "confidentiality",
)
FAR_FUTURE = datetime.timedelta(days=3 * 366)


@dataclass
class PointSpec:
    """One point of a conclusion: what a task needs."""

    title: str
    lead_unit: Unit
    deadline: datetime.date
    expected_output: str = ""
    coordinating_units: list[Unit] = field(default_factory=list)


def _check_meeting(unit: Unit, data: dict) -> None:
    if unit.is_archived:
        raise ValidationError({"unit": _("%(u)s is archived.") % {"u": unit}})
    kind = data.get("kind")
    if kind not in MeetingKind.values:
        raise ValidationError({"kind": _("Choose the kind of meeting.")})
    if not kind_allowed(kind, unit.kind):
        raise ValidationError(
            {"kind": _("A %(kind)s is not held by %(unit)s.") % {"kind": MeetingKind(kind).label, "unit": unit}}
        )
    date = data.get("date")
    if date is None:
        raise ValidationError({"date": _("The date is required.")})
    if date > timezone.localdate() + FAR_FUTURE:
        raise ValidationError({"date": _("The date is too far in the future.")})
    chair = data.get("chair")
    if chair is not None and not chair.is_active:
        raise ValidationError({"chair": _("This account is not active.")})
    if data.get("member_count") is not None and not 0 < data["member_count"] <= 1000:
        raise ValidationError({"member_count": _("Give the number of members of the body (1 to 1,000).")})


def _check_clearance(actor, level: int) -> None:
    if level > actor.clearance:
        raise ValidationError({"confidentiality": _("You cannot record a meeting above your own clearance.")})


def meeting_create(*, actor, unit: Unit, kind: str, date: datetime.date, **data) -> Meeting:
    require(has_perm(actor, Perm.RECORD, unit), _("You may not record meetings of this unit."))
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    data = {k: v for k, v in data.items() if v is not None or k in {"chair", "member_count"}}
    _check_meeting(unit, {**data, "kind": kind, "date": date})
    _check_clearance(actor, data.get("confidentiality", 0))
    for text_field in ("title", "location", "chair_name", "minutes"):
        data[text_field] = (data.get(text_field) or "").strip()
    with transaction.atomic():
        meeting = Meeting(unit=unit, unit_path=unit.path, kind=kind, date=date, created_by=actor, **data)
        meeting.full_clean(exclude=["unit", "chair", "conclusion_document", "unit_path"], validate_constraints=False)
        meeting.save()
        record(actor=actor, action=Action.CREATE, obj=meeting, after=snapshot(meeting))
    return meeting


def meeting_update(*, actor, meeting: Meeting, data: dict) -> Meeting:
    require(may_record_meeting(actor, meeting), _("You may not change this meeting."))
    if meeting.cancelled_at:
        raise ValidationError(_("A cancelled meeting cannot be changed."))
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    data = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    merged = {f: getattr(meeting, f) for f in EDITABLE} | data
    _check_meeting(meeting.unit, merged)
    _check_clearance(actor, max(merged["confidentiality"], meeting.confidentiality))
    changes = {k: v for k, v in data.items() if getattr(meeting, k) != v}
    if not changes:
        return meeting
    with transaction.atomic():
        before = snapshot(meeting)
        for key, value in changes.items():
            setattr(meeting, key, value)
        meeting.save(update_fields=[*changes, "updated_at"])
        record(actor=actor, action=Action.UPDATE, obj=meeting, before=before, after=snapshot(meeting))
        if "confidentiality" in changes:
            levels.follow_level(actor, meeting, before["confidentiality"])
    return meeting


def meeting_cancel(*, actor, meeting: Meeting, reason: str) -> Meeting:
    require(may_record_meeting(actor, meeting), _("You may not change this meeting."))
    if meeting.cancelled_at:
        raise ValidationError(_("This meeting is already cancelled."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the meeting is cancelled.")})
    if meeting.points.exists():
        raise ValidationError(_("Tasks were assigned from this meeting's conclusion: it cannot be cancelled."))
    with transaction.atomic():
        before = snapshot(meeting)
        meeting.cancelled_at, meeting.cancel_reason = timezone.now(), reason.strip()[:300]
        meeting.save(update_fields=["cancelled_at", "cancel_reason", "updated_at"])
        record(
            actor=actor,
            action=Action.UPDATE,
            obj=meeting,
            before=before,
            after=snapshot(meeting),
            note=_("Cancelled"),
        )
    return meeting


def _writable(actor, meeting: Meeting) -> None:
    require(may_record_meeting(actor, meeting), _("You may not change this meeting."))
    if meeting.cancelled_at:
        raise ValidationError(_("A cancelled meeting cannot be changed."))


def agenda_add(*, actor, meeting: Meeting, text: str, document=None, submission=None) -> AgendaItem:
    _writable(actor, meeting)
    text = (text or "").strip()
    if not text and submission is not None:
        text = submission.title
    if not text and document is not None:
        text = str(document)
    if not text:
        raise ValidationError({"text": _("Say what the agenda item is.")})
    with transaction.atomic():
        last = meeting.agenda.order_by("-position").values_list("position", flat=True).first() or 0
        item = AgendaItem.objects.create(
            meeting=meeting, position=last + 1, text=text[:500], document=document, submission=submission
        )
        record(actor=actor, action=Action.CREATE, obj=item, after=snapshot(item))
    return item


def agenda_remove(*, actor, meeting: Meeting, item: AgendaItem) -> None:
    _writable(actor, meeting)
    if item.meeting_id != meeting.pk:
        raise ValidationError(_("This item is not on this meeting's agenda."))
    with transaction.atomic():
        # The item goes; the meeting's history keeps what it was.
        record(
            actor=actor,
            action=Action.UPDATE,
            obj=meeting,
            before={"agenda_item": snapshot(item)},
            after={"agenda_item": None},
            note=_("Agenda item removed"),
        )
        item.delete()


def participants_add(
    *, actor, meeting: Meeting, users: Iterable = (), names: Iterable[str] = (), is_member: bool = True
) -> list[Participant]:
    """Invite users of the system and people named in free text. Those already invited are left as they are."""
    _writable(actor, meeting)
    existing = meeting.participants.values_list("user_id", "name")
    invited_users = {u for u, _n in existing if u}
    invited_names = {n.casefold() for _u, n in existing if n}
    rows, seen_names = [], set()
    for user in users:
        if not user.is_active:
            raise ValidationError({"users": _("%(u)s's account is not active.") % {"u": user}})
        if user.pk not in invited_users:
            invited_users.add(user.pk)
            rows.append(Participant(meeting=meeting, user=user, is_member=is_member))
    for raw in names:
        name = " ".join((raw or "").split())[:150]
        if name and name.casefold() not in invited_names and name.casefold() not in seen_names:
            seen_names.add(name.casefold())
            rows.append(Participant(meeting=meeting, name=name, is_member=is_member))
    if not rows:
        return []
    with transaction.atomic():
        created = Participant.objects.bulk_create(rows)
        record_many(actor=actor, action=Action.CREATE, changes=((p, None, snapshot(p)) for p in created))
    return created


def participant_remove(*, actor, meeting: Meeting, participant: Participant) -> None:
    _writable(actor, meeting)
    if participant.meeting_id != meeting.pk:
        raise ValidationError(_("This person is not invited to this meeting."))
    with transaction.atomic():
        record(
            actor=actor,
            action=Action.UPDATE,
            obj=meeting,
            before={"participant": snapshot(participant)},
            after={"participant": None},
            note=_("Participant removed"),
        )
        participant.delete()


def attendance_record(*, actor, meeting: Meeting, present_ids: Iterable[int]) -> Quorum:
    """Mark who was present (everyone else invited: absent). Returns the quorum, which may not be met: the rules
    ask for a warning, not a refusal."""
    _writable(actor, meeting)
    if meeting.date > timezone.localdate():
        raise ValidationError(_("Attendance is recorded on or after the day of the meeting."))
    present = {int(pk) for pk in present_ids}
    participants = list(meeting.participants.all())
    unknown = present - {p.pk for p in participants}
    if unknown:
        raise ValidationError({"present": _("Not invited to this meeting: %(ids)s") % {"ids": sorted(unknown)}})
    changed = [p for p in participants if p.present != (p.pk in present)]
    with transaction.atomic():
        befores = {p.pk: snapshot(p) for p in changed}
        for p in changed:
            p.present = p.pk in present
        Participant.objects.bulk_update(changed, ["present"])
        record_many(actor=actor, action=Action.UPDATE, changes=((p, befores[p.pk], snapshot(p)) for p in changed))
        meeting.attendance_taken_at = timezone.now()
        Meeting.objects.filter(pk=meeting.pk).update(attendance_taken_at=meeting.attendance_taken_at)
    for name in ("members_listed", "members_present"):
        meeting.__dict__.pop(name, None)
    return quorum_of(meeting)


def create_point_tasks(
    *,
    actor,
    assigning_unit: Unit,
    points: list[PointSpec],
    start_date: datetime.date,
    document=None,
    meeting: Meeting | None = None,
    submission=None,
    first_position: int = 1,
    confidentiality: int = 0,
) -> list[ConclusionPoint]:
    """Each point becomes a task assigned by `assigning_unit` (work.services.task_create), linked to the meeting or
    the submission, carrying at least `confidentiality` (the level of the meeting it comes from). Call inside the
    caller's transaction: one point refused refuses them all."""
    require(
        has_perm(actor, Perm.RECORD, assigning_unit),
        _("You may not assign tasks in the name of %(u)s.") % {"u": assigning_unit},
    )
    errors: dict[str, list[str]] = {}
    for number, point in enumerate(points, 1):
        problems = []
        if not (point.title or "").strip():
            problems.append(_("The title is required."))
        if not point.lead_unit.path.startswith(assigning_unit.path):
            problems.append(_("%(u)s is not under %(a)s.") % {"u": point.lead_unit, "a": assigning_unit})
        if point.deadline is None or point.deadline < start_date:
            problems.append(_("The deadline is before %(d)s.") % {"d": start_date.strftime("%d/%m/%Y")})
        if problems:
            errors[f"point_{number}"] = problems
    if errors:
        raise ValidationError(errors)
    created = []
    for offset, point in enumerate(points):
        position = first_position + offset
        task = work_services.task_create(
            actor=actor,
            assigning_unit=assigning_unit,
            lead_unit=point.lead_unit,
            title=point.title.strip(),
            start_date=start_date,
            deadline=point.deadline,
            coordinating_units=point.coordinating_units,
            document=document,
            document_item=_("Point %(n)d") % {"n": position} if document else "",
            expected_output=point.expected_output,
            confidentiality=confidentiality,
        )
        created.append(ConclusionPoint(meeting=meeting, submission=submission, position=position, task=task))
    created = ConclusionPoint.objects.bulk_create(created)
    record_many(actor=actor, action=Action.CREATE, changes=((p, None, snapshot(p)) for p in created))
    # The points' audit rows take the level of the meeting and of the notice's document (a source of the tasks too).
    levels.carry(created, max(confidentiality, document.confidentiality if document is not None else 0))
    return created


def conclusion_record(
    *,
    actor,
    meeting: Meeting,
    text: str,
    document=None,
    issued_on: datetime.date | None = None,
    points: list[PointSpec] = (),
) -> list[ConclusionPoint]:
    """Record the conclusion notice of a held meeting and turn its points into tasks, all in one transaction:
    if one point is refused (a lead unit outside the committee, a deadline before the notice…), nothing is saved.

    The tasks are assigned in the name of the meeting's unit, or of its committee when a body of the committee
    (Standing Board, Executive Committee, Standing members) met; they implement the notice's document when given.
    """
    _writable(actor, meeting)
    today = timezone.localdate()
    if meeting.date > today:
        raise ValidationError(_("A conclusion is recorded after the meeting is held."))
    if issued_on is not None and issued_on < meeting.date:
        raise ValidationError({"issued_on": _("The notice is dated before the meeting.")})
    if not (text or "").strip() and document is None and not points:
        raise ValidationError({"text": _("Write the conclusion, or link the registered notice.")})
    start = issued_on or meeting.date
    assigning = issuing_unit(meeting.unit)
    with transaction.atomic():
        before = snapshot(meeting)
        meeting.conclusion_text = (text or "").strip()
        meeting.conclusion_document = document
        meeting.conclusion_issued_on = issued_on
        meeting.save(update_fields=["conclusion_text", "conclusion_document", "conclusion_issued_on", "updated_at"])
        if before != snapshot(meeting):
            record(
                actor=actor,
                action=Action.UPDATE,
                obj=meeting,
                before=before,
                after=snapshot(meeting),
                note=_("Conclusion notice"),
            )
        first = (meeting.points.order_by("-position").values_list("position", flat=True).first() or 0) + 1
        created = (
            create_point_tasks(
                actor=actor,
                assigning_unit=assigning,
                points=list(points),
                start_date=start,
                document=document,
                meeting=meeting,
                first_position=first,
                confidentiality=meeting.confidentiality,
            )
            if points
            else []
        )
    return created


def frequency_set(
    *, actor, unit: Unit, kind: str, frequency: str, effective_from: datetime.date, note: str = ""
) -> MeetingFrequency:
    """How often `unit` holds meetings of `kind` from `effective_from` on. Setting the same day again corrects it."""
    require(has_perm(actor, Perm.RECORD, unit), _("You may not set the meetings of this unit."))
    if kind not in MeetingKind.values or not kind_allowed(kind, unit.kind):
        raise ValidationError({"kind": _("This kind of meeting is not held by %(u)s.") % {"u": unit}})
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": _("Choose how often.")})
    with transaction.atomic():
        existing = (
            MeetingFrequency.objects.select_for_update()
            .filter(unit=unit, kind=kind, effective_from=effective_from)
            .first()
        )
        if existing is None:
            setting = MeetingFrequency.objects.create(
                unit=unit,
                kind=kind,
                frequency=frequency,
                effective_from=effective_from,
                note=note.strip()[:300],
                created_by=actor,
            )
            record(actor=actor, action=Action.CREATE, obj=setting, after=snapshot(setting))
            return setting
        before = snapshot(existing)
        existing.frequency, existing.note = frequency, note.strip()[:300]
        existing.save(update_fields=["frequency", "note"])
        record(actor=actor, action=Action.UPDATE, obj=existing, before=before, after=snapshot(existing))
        return existing
