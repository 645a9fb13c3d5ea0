"""Reads of meetings, submissions and responsibility assignments. Every list starts from `meetings_for(user)`,
`submissions_for(user)` or `responsibilities_for(user)`, scoped by the units the user may see."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from lanhdao.accounts.models import RoleAssignment, User
from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import own_unit_paths, scope_paths
from lanhdao.audit.selectors import openable
from lanhdao.documents.models import Document
from lanhdao.org.models import Unit
from lanhdao.org.records import Source
from lanhdao.org.selectors import own_units_q, parent_of, path_prefix_q, subtree_q
from lanhdao.work.models import Task
from lanhdao.work.selectors import with_status
from lanhdao.work.status import Status, derive

from .models import ConclusionPoint, Meeting, MeetingFrequency, Responsibility, Submission
from .rules import (
    COMMITTEE_BODIES,
    Quorum,
    decided_without_opinion_q,
    expected_periods,
    held_q,
    meeting_state_q,
    quorum,
)


def _visible(user) -> list[str] | None:
    """The subtree roots `user` may see; None for everything (a superuser), [] for nothing."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if user.is_superuser:
        return None
    return scope_paths(user, Perm.VIEW)


def meetings_for(user) -> QuerySet[Meeting]:
    """Meetings of the units in `user`'s scope (a role on a unit covers its whole subtree)."""
    roots = _visible(user)
    qs = Meeting.objects.filter(confidentiality__lte=getattr(user, "clearance", 0))
    return qs if roots is None else qs.filter(subtree_q(roots, "unit_path"))


def visible_meeting_ids(user, pks) -> set[int]:
    """Which of the meetings `pks` `user` may open (one query): what a submission or a page may link to."""
    return openable(Meeting, user, pks)


def visible_document_ids(user, pks) -> set[int]:
    """Which of the documents `pks` `user` may open (one query): a meeting's notice, agenda, a submission's papers."""
    return openable(Document, user, pks)


def visible_task_ids(user, pks) -> set[int]:
    """Which of the tasks `pks` `user` may open (one query): the conclusion points link only to those."""
    return openable(Task, user, pks)


def submissions_for(user) -> QuerySet[Submission]:
    """Submissions sent by, or addressed to, a unit in `user`'s scope."""
    roots = _visible(user)
    qs = Submission.objects.all()
    if roots is None:
        return qs
    return qs.filter(subtree_q(roots, "from_path") | subtree_q(roots, "to_path")) if roots else qs.none()


def responsibilities_for(user) -> QuerySet[Responsibility]:
    """Assignments made by a committee in `user`'s scope, and the user's own."""
    roots = _visible(user)
    qs = Responsibility.objects.all()
    if roots is None:
        return qs
    if not roots:
        return qs.filter(member=user) if getattr(user, "is_authenticated", False) else qs.none()
    return qs.filter(subtree_q(roots, "committee__path") | Q(member=user))


def in_subtree(qs: QuerySet[Meeting], unit: Unit) -> QuerySet[Meeting]:
    """Meetings of `unit` and of every unit under it."""
    return qs.filter(path_prefix_q(unit.path, "unit_path"))


@dataclass(frozen=True)
class MeetingFilter:
    """What a list of meetings is narrowed to, read once from the page's form (`MeetingFilterForm.meeting_filter`) or
    the API's query string (`api.meeting_filter`): `filter_meetings` applies it for both."""

    unit: Unit | None = None  # the unit's subtree
    kind: str = ""
    state: str = ""  # a MeetingState value; anything else is no filter
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def filter_meetings(qs: QuerySet[Meeting], wanted: MeetingFilter, today: datetime.date) -> QuerySet[Meeting]:
    """`qs` narrowed to what `wanted` asks for (an empty filter leaves it as it is)."""
    if wanted.unit is not None:
        qs = in_subtree(qs, wanted.unit)
    if wanted.kind:
        qs = qs.filter(kind=wanted.kind)
    if wanted.state:
        qs = qs.filter(meeting_state_q(wanted.state, today))
    bounds = {"date__gte": wanted.date_from, "date__lte": wanted.date_to}
    return qs.filter(**{lookup: value for lookup, value in bounds.items() if value is not None})


def submissions_in_subtree(qs: QuerySet[Submission], unit: Unit) -> QuerySet[Submission]:
    """Submissions sent from or addressed to a unit of `unit`'s subtree."""
    return qs.filter(path_prefix_q(unit.path, "from_path") | path_prefix_q(unit.path, "to_path"))


def issuing_unit(unit: Unit) -> Unit:
    """The unit in whose name a body's conclusions assign tasks: a Standing Board, Executive Committee or Standing
    members speak for their committee (the tasks go to units under the committee, not under the body)."""
    if unit.kind in COMMITTEE_BODIES:
        return parent_of(unit) or unit
    return unit


def with_attendance(qs: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Each meeting with `invited`, `present`, `members_listed`, `members_present` (in the same query)."""
    return qs.annotate(
        invited=Count("participants", distinct=True),
        present=Count("participants", filter=Q(participants__present=True), distinct=True),
        members_listed=Count("participants", filter=Q(participants__is_member=True), distinct=True),
        members_present=Count(
            "participants", filter=Q(participants__is_member=True, participants__present=True), distinct=True
        ),
    )


def quorum_of(meeting: Meeting) -> Quorum:
    """The quorum of one meeting: one aggregate query (or none if `with_attendance` already counted)."""
    if not hasattr(meeting, "members_listed"):
        counts = meeting.participants.aggregate(
            listed=Count("id", filter=Q(is_member=True)), present=Count("id", filter=Q(is_member=True, present=True))
        )
        meeting.members_listed, meeting.members_present = counts["listed"], counts["present"]
    return quorum(
        meeting.kind,
        member_count=meeting.member_count,
        members_listed=meeting.members_listed,
        members_present=meeting.members_present,
        taken=meeting.attendance_taken_at is not None,
    )


def points_of(*, meeting: Meeting | None = None, submission: Submission | None = None, today: datetime.date, user=None):
    """The conclusion points of a meeting or a submission, each with its task and the task's status (two queries).
    With `user`, only the points whose task `user` may open (a task may carry a level above its meeting's, from its
    document); `hidden` is how many others there are: a page says they exist, never what they are."""
    qs = (
        ConclusionPoint.objects.filter(meeting=meeting)
        if meeting
        else ConclusionPoint.objects.filter(submission=submission)
    )
    points = list(qs.select_related("task", "task__lead_unit").order_by("position", "pk"))
    if user is not None:
        visible = visible_task_ids(user, [p.task_id for p in points])
        shown = [p for p in points if p.task_id in visible]
        points = PointList(shown, hidden=len(points) - len(shown))
    for point in points:
        point.task.status = derive(point.task, today).value
    return points


class PointList(list):
    """Points a reader may open, and how many others exist (`hidden`)."""

    def __init__(self, points, *, hidden: int = 0):
        super().__init__(points)
        self.hidden = hidden


def upcoming(qs: QuerySet[Meeting], today: datetime.date) -> QuerySet[Meeting]:
    return qs.filter(cancelled_at__isnull=True, date__gte=today).order_by("date", "pk")


def meetings_of_week(user, today: datetime.date) -> QuerySet[Meeting]:
    """The meetings, not cancelled, of the week (Monday to Sunday) around `today` held by a unit `user` works in or a
    body of such a committee (its Standing Board…), among those they may see (home page)."""
    monday = today - datetime.timedelta(days=today.weekday())
    own = own_units_q(own_unit_paths(user, Perm.VIEW), "unit_path", kind_field="unit__kind")
    qs = meetings_for(user).filter(own, cancelled_at__isnull=True, date__range=(monday, monday + datetime.timedelta(6)))
    return qs.select_related("unit").order_by("date", "pk")


def submissions_awaiting_opinion(user) -> QuerySet[Submission]:
    """Submissions still waiting for the Board's opinion (none given, not withdrawn, not decided without it) addressed
    to a committee `user` works in with RECORD or to one of its bodies — `permissions.may_give_opinion` — among those
    they may see (home page). The earliest due first."""
    own = own_units_q(own_unit_paths(user, Perm.RECORD), "to_path", kind_field="to_unit__kind")
    waiting = Q(opinion_on__isnull=True, withdrawn_at__isnull=True) & ~decided_without_opinion_q()
    qs = submissions_for(user).filter(own).filter(waiting)
    return qs.select_related("from_unit", "to_unit").order_by("opinion_due", "pk")


def frequencies_in_subtree(unit: Unit) -> QuerySet[MeetingFrequency]:
    return MeetingFrequency.objects.filter(path_prefix_q(unit.path, "unit__path")).select_related("unit")


def schedule(unit: Unit, start: datetime.date, end: datetime.date, today: datetime.date) -> list[dict]:
    """For each body of `unit`'s subtree with a meeting frequency: the periods of [start, end] that have begun by
    `today`, each with the meetings held in it. Two queries, whatever the number of bodies. Confidential meetings
    count like the others (a period with one is not missed, whoever reads it); `confidential` says how many of those
    held are confidential, never which."""
    settings: dict[tuple[int, str], list] = defaultdict(list)
    units: dict[int, Unit] = {}
    for row in frequencies_in_subtree(unit).order_by("unit__path", "kind", "effective_from"):
        settings[(row.unit_id, row.kind)].append(row)
        units[row.unit_id] = row.unit
    if not settings:
        return []
    until = min(end, today)
    held = defaultdict(list)
    secret: dict[tuple[int, str], int] = defaultdict(int)
    meetings = Meeting.objects.filter(
        held_q(today), unit_id__in=units, kind__in={kind for _u, kind in settings}, date__gte=start, date__lte=until
    ).values_list("unit_id", "kind", "date", "confidentiality")
    for unit_id, kind, day, level in meetings:
        held[(unit_id, kind)].append(day)
        secret[(unit_id, kind)] += 1 if level else 0
    rows = []
    for (unit_id, kind), rows_of in settings.items():
        periods = expected_periods([(r.effective_from, r.frequency) for r in rows_of], start, until)
        days = sorted(held[(unit_id, kind)])
        detailed = [
            {"start": p0, "end": p1, "frequency": f, "held": sum(1 for d in days if p0 <= d <= p1), "ended": p1 < today}
            for p0, p1, f in periods
        ]
        in_force = [r for r in rows_of if r.effective_from <= today]
        rows.append(
            {
                "unit": units[unit_id],
                "kind": kind,
                "setting": in_force[-1] if in_force else rows_of[0],
                "settings": rows_of,
                "expected": len(periods),
                "held": len(days),
                "confidential": secret[(unit_id, kind)],
                "periods": detailed,
                "missed": [p for p in detailed if p["ended"] and not p["held"]],
            }
        )
    return rows


def candidate_participants(unit: Unit) -> QuerySet[User]:
    """Users holding a role in the subtree of the committee a meeting belongs to: whom one may invite by name."""
    root = issuing_unit(unit)
    holders = RoleAssignment.objects.active().filter(path_prefix_q(root.path, "unit__path")).values("user_id")
    return User.objects.filter(pk__in=holders, is_active=True).order_by("full_name", "username")


def open_submissions_to(visible: QuerySet[Submission], unit: Unit) -> QuerySet[Submission]:
    """Submissions awaiting an opinion, addressed to the committee of `unit` or one of its bodies: what an agenda
    may put on the table."""
    root = issuing_unit(unit)
    return visible.filter(
        path_prefix_q(root.path, "to_path"), opinion_on__isnull=True, withdrawn_at__isnull=True
    ).order_by("opinion_due", "pk")


def organisations_state(
    responsibilities: list[Responsibility],
    visible_tasks,
    visible_meetings: QuerySet[Meeting],
    today: datetime.date,
    *,
    last: int = 3,
) -> list[dict]:
    """For each assignment: its organisation's tasks by status and last meetings, as the viewer may see them.

    Two queries for any number of organisations: tasks grouped by lead unit path and status, and the latest
    `last` meetings of each unit in the subtrees (a window function), both regrouped by organisation in Python.
    """
    paths = sorted({r.unit.path for r in responsibilities})
    if not paths:
        return []
    task_rows = (
        with_status(visible_tasks.filter(subtree_q(paths, "lead_path")), today)
        .order_by()
        .values("lead_path", "status")
        .annotate(n=Count("id"))
        .values_list("lead_path", "status", "n")
    )
    meetings = (
        visible_meetings.filter(subtree_q(paths, "unit_path"), held_q(today))
        .annotate(rank=Window(RowNumber(), partition_by=[F("unit_id")], order_by=[F("date").desc(), F("pk").desc()]))
        .filter(rank__lte=last)
        .select_related("unit")
    )
    counts: dict[str, dict[str, int]] = {p: dict.fromkeys(Status.values, 0) for p in paths}
    for lead_path, status, n in task_rows:
        for p in paths:
            if lead_path.startswith(p):
                counts[p][status] += n
    recent: dict[str, list[Meeting]] = defaultdict(list)
    for meeting in meetings:
        for p in paths:
            if meeting.unit_path.startswith(p):
                recent[p].append(meeting)
    result = []
    for r in responsibilities:
        by_status = counts[r.unit.path]
        result.append(
            {
                "responsibility": r,
                "counts": by_status,
                "total": sum(by_status.values()),
                "open": sum(by_status[s] for s in ("not_yet_due", "in_progress", "due_soon", "returned", "awaiting")),
                "meetings": sorted(recent[r.unit.path], key=lambda m: (m.date, m.pk), reverse=True)[:last],
            }
        )
    return result


def current(qs: QuerySet[Responsibility], today: datetime.date) -> QuerySet[Responsibility]:
    """Assignments in force on `today`."""
    return qs.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today), starts_on__lte=today)


def role_holders_for(user) -> QuerySet[User]:
    """Active users holding a role on a unit `user` may see: whom one may name as a member or participant."""
    roots = _visible(user)
    holders = RoleAssignment.objects.active()
    if roots is not None:
        holders = holders.filter(subtree_q(roots, "unit__path"))
    return User.objects.filter(pk__in=holders.values("user_id"), is_active=True)


def responsibilities_in_subtree(qs: QuerySet[Responsibility], unit: Unit) -> QuerySet[Responsibility]:
    """Assignments made by the committees of `unit`'s subtree."""
    return qs.filter(path_prefix_q(unit.path, "committee__path"))


def units_under(qs: QuerySet[Unit], unit: Unit) -> QuerySet[Unit]:
    """The units of `qs` in `unit`'s subtree (e.g. the lead units a committee may give tasks to)."""
    return qs.filter(path_prefix_q(unit.path))


# Where the reviews find the meetings of a unit and its subtree (reports.selectors).
MEETING_RECORDS = Source(Meeting)
