"""The rules that turn recorded facts into states: which meetings count as held, the quorum, the state of a
submission, and the periods a meeting frequency expects. Each is written once, for Python and (where lists filter
on it) for SQL, so a page and a figure never disagree.
"""

import datetime
import math
from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lanhdao.org.kinds import PARTY_COMMITTEES, UnitKind

from .models import Frequency, MeetingKind

# Kinds of meeting that may be held only by certain kinds of unit (a kind not listed here may be held by any unit).
HELD_BY: dict[str, frozenset[str]] = {
    MeetingKind.STANDING_MEMBERS: PARTY_COMMITTEES | {UnitKind.STANDING_MEMBERS},
    MeetingKind.STANDING_BOARD: PARTY_COMMITTEES | {UnitKind.STANDING_BOARD},
    MeetingKind.PLENUM: PARTY_COMMITTEES | {UnitKind.EXECUTIVE_COMMITTEE},
    MeetingKind.CELL_MONTHLY: frozenset({UnitKind.CELL, UnitKind.GRASSROOTS_CELL}),
    MeetingKind.COUNCIL_SESSION: frozenset({UnitKind.PEOPLES_COUNCIL}),
    MeetingKind.PEOPLES_COMMITTEE: frozenset({UnitKind.PEOPLES_COMMITTEE}),
}
# The kind of meeting a unit of this kind usually holds: the default of the form.
USUAL_KIND: dict[str, str] = {
    UnitKind.STANDING_MEMBERS: MeetingKind.STANDING_MEMBERS,
    UnitKind.STANDING_BOARD: MeetingKind.STANDING_BOARD,
    UnitKind.EXECUTIVE_COMMITTEE: MeetingKind.PLENUM,
    UnitKind.CELL: MeetingKind.CELL_MONTHLY,
    UnitKind.GRASSROOTS_CELL: MeetingKind.CELL_MONTHLY,
    UnitKind.PEOPLES_COUNCIL: MeetingKind.COUNCIL_SESSION,
    UnitKind.PEOPLES_COMMITTEE: MeetingKind.PEOPLES_COMMITTEE,
}
# Bodies of a committee: they speak for the committee, which assigns the tasks of their conclusions.
COMMITTEE_BODIES = frozenset({UnitKind.EXECUTIVE_COMMITTEE, UnitKind.STANDING_BOARD, UnitKind.STANDING_MEMBERS})
# The bodies a submission may be addressed to: the Standing Board (or its Standing members), or the committee itself.
SUBMISSION_ADDRESSEES = PARTY_COMMITTEES | {UnitKind.STANDING_BOARD, UnitKind.STANDING_MEMBERS}

# Working rules of the committees: an Executive Committee plenum and a Standing Board meeting need at least two
# thirds of the members present. Below it the meeting is recorded all the same, with a warning.
QUORUM: dict[str, tuple[int, int]] = {MeetingKind.PLENUM: (2, 3), MeetingKind.STANDING_BOARD: (2, 3)}


def kind_allowed(kind: str, unit_kind: str) -> bool:
    allowed = HELD_BY.get(kind)
    return allowed is None or unit_kind in allowed


# --- meetings -------------------------------------------------------------------------------------------------------


class MeetingState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


def meeting_state(meeting, today: datetime.date) -> MeetingState:
    if meeting.cancelled_at:
        return MeetingState.CANCELLED
    return MeetingState.HELD if meeting.date <= today else MeetingState.PLANNED


def held_q(today: datetime.date) -> Q:
    """meeting_state() == HELD, as a filter."""
    return Q(cancelled_at__isnull=True, date__lte=today)


def planned_q(today: datetime.date) -> Q:
    """meeting_state() == PLANNED, as a filter."""
    return Q(cancelled_at__isnull=True, date__gt=today)


def meeting_state_q(state: str, today: datetime.date) -> Q:
    """meeting_state() == `state`, as a filter (same rules); an unknown state is no filter."""
    return {
        MeetingState.PLANNED: planned_q(today),
        MeetingState.HELD: held_q(today),
        MeetingState.CANCELLED: Q(cancelled_at__isnull=False),
    }.get(state, Q())


@dataclass(frozen=True)
class Quorum:
    members: int  # members of the body (the recorded number, or the members among the participants)
    present: int  # members present
    required: int  # members who must be present
    applies: bool  # the rules set a quorum for this kind of meeting
    taken: bool = True  # the attendance has been recorded (before that, nobody present is no missed quorum)

    @property
    def met(self) -> bool:
        return not self.applies or (self.members > 0 and self.present >= self.required)


def quorum(
    kind: str, *, member_count: int | None, members_listed: int, members_present: int, taken: bool = True
) -> Quorum:
    """The quorum of a meeting. A body whose number of members is not recorded counts its listed members."""
    members = member_count if member_count else members_listed
    rule = QUORUM.get(kind)
    if rule is None:
        return Quorum(members=members, present=members_present, required=0, applies=False, taken=taken)
    num, den = rule
    required = math.ceil(members * num / den)
    return Quorum(members=members, present=members_present, required=required, applies=True, taken=taken)


# --- submissions ----------------------------------------------------------------------------------------------------


class SubmissionState(models.TextChoices):
    AWAITING = "awaiting", _("Awaiting the opinion")
    OVERDUE = "overdue", _("Opinion overdue")
    ANSWERED = "answered", _("Opinion given")
    DECIDED_WITHOUT_OPINION = "decided_without_opinion", _("Decided without the required opinion")
    WITHDRAWN = "withdrawn", _("Withdrawn")


def decided_without_opinion_q() -> Q:
    """The State body decided before the Board gave its opinion (or no opinion was ever given)."""
    return Q(decided_on__isnull=False, withdrawn_at__isnull=True) & (
        Q(opinion_on__isnull=True) | Q(opinion_on__gt=models.F("decided_on"))
    )


def submission_state(submission, today: datetime.date) -> SubmissionState:
    if submission.withdrawn_at:
        return SubmissionState.WITHDRAWN
    if submission.decided_on and (submission.opinion_on is None or submission.opinion_on > submission.decided_on):
        return SubmissionState.DECIDED_WITHOUT_OPINION
    if submission.opinion_on:
        return SubmissionState.ANSWERED
    if submission.opinion_due < today:
        return SubmissionState.OVERDUE
    return SubmissionState.AWAITING


def submission_state_q(state: str, today: datetime.date) -> Q:
    """submission_state() == `state`, as a filter (same order of rules)."""
    live = Q(withdrawn_at__isnull=True)
    without = decided_without_opinion_q()
    waiting = live & ~without & Q(opinion_on__isnull=True)
    return {
        SubmissionState.WITHDRAWN: Q(withdrawn_at__isnull=False),
        SubmissionState.DECIDED_WITHOUT_OPINION: without,
        SubmissionState.ANSWERED: live & ~without & Q(opinion_on__isnull=False),
        SubmissionState.OVERDUE: waiting & Q(opinion_due__lt=today),
        SubmissionState.AWAITING: waiting & Q(opinion_due__gte=today),
    }[SubmissionState(state)]


# --- frequencies ----------------------------------------------------------------------------------------------------

_MONTHS = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.HALF_YEARLY: 6, Frequency.YEARLY: 12}


def period_of(day: datetime.date, frequency: str) -> tuple[datetime.date, datetime.date] | None:
    """The calendar period (week, month, quarter, half-year, year) that contains `day`; None for "as needed"."""
    if frequency == Frequency.WEEKLY:
        start = day - datetime.timedelta(days=day.weekday())
        return start, start + datetime.timedelta(days=6)
    months = _MONTHS.get(frequency)
    if months is None:
        return None
    first_month = (day.month - 1) // months * months + 1
    start = day.replace(month=first_month, day=1)
    end_month = first_month + months
    following = start.replace(year=start.year + 1, month=1) if end_month > 12 else start.replace(month=end_month)
    return start, following - datetime.timedelta(days=1)


def expected_periods(
    settings: list[tuple[datetime.date, str]], start: datetime.date, end: datetime.date
) -> list[tuple[datetime.date, datetime.date, str]]:
    """The periods in [start, end] in which a meeting is expected, each with the frequency in force at its start.

    `settings`: (effective_from, frequency), in any order. A period is counted when its first day lies in the
    window and a regular frequency is in force on that day (a period cut by the window's start is not counted).
    """
    ordered = sorted(settings)
    periods: list[tuple[datetime.date, datetime.date, str]] = []
    day = start
    while day <= end:
        in_force = [f for since, f in ordered if since <= day]
        if not in_force:
            following = [since for since, _f in ordered if since > day]
            if not following:
                break
            day = following[0]
            continue
        frequency = in_force[-1]
        period = period_of(day, frequency)
        if period is None:  # as needed: nothing expected until the next setting
            following = [since for since, _f in ordered if since > day]
            if not following:
                break
            day = following[0]
            continue
        p_start, p_end = period
        if p_start == day:
            periods.append((p_start, p_end, frequency))
        day = p_end + datetime.timedelta(days=1)
    return [p for p in periods if p[0] <= end]
