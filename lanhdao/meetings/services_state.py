"""Writes for the leadership of the State (submissions to the Standing Board) and for responsibility assignments:
permission, validation, write and audit in one transaction."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm
from lanhdao.audit.models import Action
from lanhdao.audit.services import record, snapshot
from lanhdao.core.access import require
from lanhdao.org.kinds import PARTY_ORGANISATIONS
from lanhdao.org.models import Unit

from . import levels
from .models import Matter, Outcome, Responsibility, Submission
from .permissions import may_assign_responsibility, may_give_opinion, may_record_submission
from .rules import SUBMISSION_ADDRESSEES
from .selectors import issuing_unit
from .services import PointSpec, create_point_tasks

SUBMISSION_EDITABLE = ("matter", "title", "symbol", "document", "summary", "sent_on", "opinion_due")


def _check_submission(from_unit: Unit, to_unit: Unit, data: dict) -> None:
    if to_unit.kind not in SUBMISSION_ADDRESSEES:
        raise ValidationError({"to_unit": _("A submission is addressed to the Standing Board or the committee.")})
    committee = issuing_unit(to_unit)
    if not from_unit.path.startswith(committee.path) or from_unit.pk in {to_unit.pk, committee.pk}:
        raise ValidationError({"from_unit": _("%(u)s is not led by %(c)s.") % {"u": from_unit, "c": committee}})
    for unit in (from_unit, to_unit):
        if unit.is_archived:
            raise ValidationError(_("%(u)s is archived.") % {"u": unit})
    if data.get("matter") not in Matter.values:
        raise ValidationError({"matter": _("Choose the matter.")})
    if not (data.get("title") or "").strip():
        raise ValidationError({"title": _("The subject is required.")})
    sent_on, due = data.get("sent_on"), data.get("opinion_due")
    if sent_on is None or due is None:
        raise ValidationError(_("Give the date sent and the date the opinion is due."))
    if sent_on > timezone.localdate():
        raise ValidationError({"sent_on": _("The date sent is in the future.")})
    if due < sent_on:
        raise ValidationError({"opinion_due": _("The opinion cannot be due before the submission is sent.")})


def submission_create(*, actor, from_unit: Unit, to_unit: Unit, **data) -> Submission:
    """Record a submission, by the sending unit or by the committee's office that received it."""
    require(
        has_perm(actor, Perm.RECORD, from_unit) or has_perm(actor, Perm.RECORD, to_unit),
        _("You may not record submissions of these units."),
    )
    unknown = set(data) - set(SUBMISSION_EDITABLE)
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    _check_submission(from_unit, to_unit, data)
    for text_field in ("title", "symbol", "summary"):
        data[text_field] = (data.get(text_field) or "").strip()
    with transaction.atomic():
        submission = Submission(
            from_unit=from_unit,
            to_unit=to_unit,
            from_path=from_unit.path,
            to_path=to_unit.path,
            created_by=actor,
            **data,
        )
        submission.full_clean(
            exclude=["from_unit", "to_unit", "document", "from_path", "to_path"], validate_constraints=False
        )
        submission.save()
        record(actor=actor, action=Action.CREATE, obj=submission, after=snapshot(submission))
    return submission


def _save(actor, submission: Submission, changes: dict, *, note: str = "") -> Submission:
    before = snapshot(submission)
    for key, value in changes.items():
        setattr(submission, key, value)
    submission.save(update_fields=[*changes, "updated_at"])
    record(actor=actor, action=Action.UPDATE, obj=submission, before=before, after=snapshot(submission), note=note)
    if submission.opinion_meeting_id:
        # The row holds the opinion's text: it takes the level of the meeting the opinion was given at.
        levels.opinion_rows_follow(
            submission.opinion_meeting_id, levels.opinion_level(submission), submission_pk=submission.pk
        )
    return submission


def submission_update(*, actor, submission: Submission, data: dict) -> Submission:
    require(may_record_submission(actor, submission), _("You may not change this submission."))
    if submission.withdrawn_at:
        raise ValidationError(_("A withdrawn submission cannot be changed."))
    unknown = set(data) - set(SUBMISSION_EDITABLE)
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    data = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    merged = {f: getattr(submission, f) for f in SUBMISSION_EDITABLE} | data
    _check_submission(submission.from_unit, submission.to_unit, merged)
    changes = {k: v for k, v in data.items() if getattr(submission, k) != v}
    if not changes:
        return submission
    with transaction.atomic():
        return _save(actor, submission, changes)


def opinion_give(
    *,
    actor,
    submission: Submission,
    text: str,
    outcome: str,
    given_on: datetime.date,
    document=None,
    meeting=None,
    points: list[PointSpec] = (),
) -> Submission:
    """The Standing Board's opinion or conclusion on a submission; its points (if any) become tasks assigned by
    the committee, in the same transaction (all or nothing)."""
    require(may_give_opinion(actor, submission), _("Only the addressed body records its opinion."))
    if submission.withdrawn_at:
        raise ValidationError(_("This submission was withdrawn."))
    if submission.opinion_on:
        raise ValidationError(_("The opinion on this submission is already recorded."))
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    if not (text or "").strip() and document is None:
        raise ValidationError({"text": _("Write the opinion, or link the registered document.")})
    if given_on is None or given_on < submission.sent_on or given_on > timezone.localdate():
        raise ValidationError({"given_on": _("The opinion is dated between the day sent and today.")})
    committee = issuing_unit(submission.to_unit)
    if meeting is not None and (meeting.cancelled_at or not meeting.unit_path.startswith(committee.path)):
        raise ValidationError({"meeting": _("This meeting is not one of the committee's.")})
    with transaction.atomic():
        submission = _save(
            actor,
            submission,
            {
                "opinion_on": given_on,
                "outcome": outcome,
                "opinion_text": (text or "").strip(),
                "opinion_document": document,
                "opinion_meeting": meeting,
            },
            note=_("Opinion given"),
        )
        if points:
            first = (submission.points.order_by("-position").values_list("position", flat=True).first() or 0) + 1
            create_point_tasks(
                actor=actor,
                assigning_unit=committee,
                points=list(points),
                start_date=given_on,
                document=document,
                submission=submission,
                first_position=first,
                confidentiality=levels.opinion_level(submission),
            )
    return submission


def decision_record(*, actor, submission: Submission, decided_on: datetime.date) -> Submission:
    """The State body decided the matter on `decided_on`. Before the Board's opinion, it is listed among the
    matters decided without the required opinion."""
    require(may_record_submission(actor, submission), _("You may not change this submission."))
    if submission.withdrawn_at:
        raise ValidationError(_("This submission was withdrawn."))
    if decided_on is None or decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("The decision date is in the future.")})
    with transaction.atomic():
        return _save(actor, submission, {"decided_on": decided_on}, note=_("Decision of the State body"))


def submission_withdraw(*, actor, submission: Submission, reason: str) -> Submission:
    require(may_record_submission(actor, submission), _("You may not change this submission."))
    if submission.withdrawn_at:
        raise ValidationError(_("This submission is already withdrawn."))
    if submission.opinion_on:
        raise ValidationError(_("The Board has given its opinion: the submission can no longer be withdrawn."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the submission is withdrawn.")})
    with transaction.atomic():
        return _save(
            actor,
            submission,
            {"withdrawn_at": timezone.now(), "withdraw_reason": reason.strip()[:300]},
            note=_("Withdrawn"),
        )


def _check_responsibility(committee: Unit, unit: Unit, member, starts_on, ends_on, *, exclude_pk=None) -> None:
    if committee.kind not in PARTY_ORGANISATIONS:
        raise ValidationError({"committee": _("Members are assigned by a Party committee.")})
    if not unit.path.startswith(committee.path) or unit.pk == committee.pk:
        raise ValidationError({"unit": _("%(u)s is not under %(c)s.") % {"u": unit, "c": committee}})
    if unit.kind not in PARTY_ORGANISATIONS:
        raise ValidationError({"unit": _("Members follow Party organisations.")})
    if unit.is_archived:
        raise ValidationError({"unit": _("%(u)s is archived.") % {"u": unit}})
    if not member.is_active:
        raise ValidationError({"member": _("This account is not active.")})
    if starts_on is None:
        raise ValidationError({"starts_on": _("Give the date the assignment starts.")})
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date must not be before the start date.")})
    overlapping = Responsibility.objects.filter(member=member, unit=unit).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
    )
    if ends_on is not None:
        overlapping = overlapping.filter(starts_on__lte=ends_on)
    if overlapping.exclude(pk=exclude_pk).exists():
        raise ValidationError(_("%(m)s already follows %(u)s in this period.") % {"m": member, "u": unit})


def responsibility_assign(
    *,
    actor,
    committee: Unit,
    member,
    unit: Unit,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    note: str = "",
) -> Responsibility:
    require(has_perm(actor, Perm.RECORD, committee), _("You may not assign members of this committee."))
    _check_responsibility(committee, unit, member, starts_on, ends_on)
    with transaction.atomic():
        responsibility = Responsibility.objects.create(
            committee=committee,
            member=member,
            unit=unit,
            starts_on=starts_on,
            ends_on=ends_on,
            note=(note or "").strip()[:300],
            created_by=actor,
        )
        record(actor=actor, action=Action.CREATE, obj=responsibility, after=snapshot(responsibility))
    return responsibility


def responsibility_end(*, actor, responsibility: Responsibility, ends_on: datetime.date) -> Responsibility:
    """End an assignment on `ends_on` (it stays in the history)."""
    require(may_assign_responsibility(actor, responsibility), _("You may not change this assignment."))
    if ends_on is None or ends_on < responsibility.starts_on:
        raise ValidationError({"ends_on": _("The end date must not be before the start date.")})
    if responsibility.ends_on is not None and responsibility.ends_on <= ends_on:
        raise ValidationError({"ends_on": _("This assignment already ends by then.")})
    with transaction.atomic():
        before = snapshot(responsibility)
        responsibility.ends_on = ends_on
        responsibility.save(update_fields=["ends_on"])
        record(
            actor=actor,
            action=Action.UPDATE,
            obj=responsibility,
            before=before,
            after=snapshot(responsibility),
            note=_("Assignment ended"),
        )
    return responsibility
