"""What a confidential meeting gave carries its level (README "Confidentiality"): the tasks made from its conclusion's
points, the opinions on submissions given at it and the tasks those gave, and the audit rows that hold them. The
services call these inside the transaction that writes the meeting, the conclusion or the opinion.

A submission keeps its own visibility (it comes from a State body and is followed by both sides); only its opinion,
when given at a confidential meeting, takes that meeting's level: its text, outcome, document, date and tasks.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from lanhdao.audit.models import AuditEntry
from lanhdao.work.levels import lower_tasks, raise_history, raise_tasks

from .models import ConclusionPoint, Meeting, Submission


def opinion_level(submission: Submission) -> int:
    """The level of a submission's opinion: that of the meeting it was given at (0 when none)."""
    meeting = submission.opinion_meeting if submission.opinion_meeting_id else None
    return meeting.confidentiality if meeting is not None else 0


def opinion_rows_follow(meeting_pk: int, level: int, *, submission_pk: int | None = None) -> int:
    """The audit rows of submissions that hold an opinion given at the meeting (every row written since, whose
    snapshot carries the opinion's text) take at least `level`. Rows before the opinion stay as they are."""
    if not level:
        return 0
    rows = AuditEntry.objects.filter(
        Q(after__opinion_meeting=meeting_pk) | Q(before__opinion_meeting=meeting_pk),
        content_type=ContentType.objects.get_for_model(Submission),
        confidentiality__lt=level,
    )
    if submission_pk is not None:
        rows = rows.filter(object_id=str(submission_pk))
    return rows.update(confidentiality=level)


def carry(points: list[ConclusionPoint], level: int) -> None:
    """New points carry the level of the meeting they come from in their audit rows (the caller's transaction);
    their tasks were created at it (work.services.task_create takes the level)."""
    if level and points:
        raise_history(ConclusionPoint, [p.pk for p in points], level)


def _derived_points(meeting: Meeting):
    return ConclusionPoint.objects.filter(Q(meeting=meeting) | Q(submission__opinion_meeting=meeting))


def follow_level(actor, meeting: Meeting, before: int) -> None:
    """The meeting's level changed from `before`: the tasks of its conclusion and of the opinions given at it
    follow, in the caller's transaction. Going up, the audit rows about the meeting, its points and those opinions
    go up too; going down, a task stays at its document's or parent's level (work.levels.lower_tasks) and audit
    rows keep theirs."""
    level = meeting.confidentiality
    points = list(_derived_points(meeting).values_list("pk", "task_id"))
    tasks = [task for _pk, task in points]
    if level > before:
        raise_tasks(tasks, level, actor=actor)
        raise_history(Meeting, [meeting.pk], level)
        raise_history(ConclusionPoint, [pk for pk, _task in points], level)
        opinion_rows_follow(meeting.pk, level)
    else:
        lower_tasks(tasks, level, actor=actor)
