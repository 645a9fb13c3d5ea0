"""The records behind each indicator: one queryset per figure, for a unit (alone or with its subtree) and a closed
period [start, end]. The drill-down lists them, `compare_children` groups them by child unit, and a test checks for
every indicator that their count (or sum) equals the app's own figure, so a figure and its list cannot drift apart.

Most records are a `Rule`: the rows of a `Source` (one table within the unit's subtree, or on the unit alone; each
app declares its sources in its own selectors, org.records says what a source is) that satisfy a condition.
Indicators on the same source are then counted together, one conditional aggregate per source
(`indicators.compute`): the full set for a province reads each table's rows of the subtree once, not once per
indicator. No model of another app is read here directly (STYLE.md): only their selectors and rules.

No user scope here (the figures count everything, as the apps' figures do); `visible_*` narrows a list to what a
user may see, for the drill-down.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from lanhdao.cadres.selectors import MOVEMENT_RECORDS, NOMINATION_RECORDS, TRAINING_RECORDS
from lanhdao.documents.selectors import DOCUMENT_RECORDS, directing_addressed_to, documents_for
from lanhdao.inspections.models import SUPERVISIONS, InspectionKind
from lanhdao.inspections.selectors import DISCIPLINE_RECORDS, INSPECTION_RECORDS, RECOMMENDATION_RECORDS
from lanhdao.meetings.rules import held_q
from lanhdao.meetings.selectors import MEETING_RECORDS
from lanhdao.members.selectors import PLACEMENT_RECORDS, members_for
from lanhdao.members.selectors_evaluations import MEMBER_EVALUATION_RECORDS, ORGANISATION_EVALUATION_RECORDS
from lanhdao.org.models import Unit
from lanhdao.org.records import Source, on_unit
from lanhdao.people.selectors import DIALOGUE_RECORDS, PETITION_RECORDS, RECEPTION_DAY_RECORDS, VISIT_RECORDS
from lanhdao.staffing.selectors import STAFFING_RECORDS
from lanhdao.work.selectors import TASK_RECORDS, documents_without_tasks
from lanhdao.work.status import Status, status_q

Day = datetime.date


def as_of(end: Day) -> Day:
    """The day a "stood on" figure (overdue, open) is read: the period's end, or today when the end is still to come."""
    return min(end, timezone.localdate())


def _between(field: str, start: Day, end: Day) -> Q:
    return Q(**{f"{field}__gte": start, f"{field}__lte": end})


@dataclass(frozen=True)
class Rule:
    """The records of an indicator: the rows of `source` for which `where(unit, start, end, subtree, **options)`
    holds. Called like any records function; `indicators.compute` counts the rules of one source in one query."""

    source: Source
    where: Callable[..., Q]
    options: dict = field(default_factory=dict)

    def condition(self, unit: Unit, start: Day, end: Day, subtree: bool) -> Q:
        return self.where(unit, start, end, subtree, **self.options)

    def __call__(self, unit: Unit, start: Day, end: Day, subtree: bool) -> QuerySet:
        rows = self.source.rows(unit, subtree).filter(self.condition(unit, start, end, subtree))
        return rows.select_related(*self.source.related) if self.source.related else rows

    def but(self, **options) -> "Rule":
        """The same rule with more options (e.g. a kind of meeting)."""
        return Rule(self.source, self.where, self.options | options)

    def counted_on(self, path: str) -> "Rule":
        """The rule narrowed to the rows it counts on `path`, for a source with several (tasks: on their lead, or on
        their earlier lead before a restructuring); a source with one path counts every row on it."""
        return self.but(counted_on=path) if len(self.source.paths) > 1 else self


# --- meetings and documents -------------------------------------------------------------------------------------------


def _meetings(unit: Unit, start: Day, end: Day, subtree: bool, kind: str | None = None) -> Q:
    """Meetings held (not cancelled, date come by today): the rule of meetings.figures.meetings_held."""
    held = held_q(timezone.localdate()) & _between("date", start, end)
    return held & Q(kind=kind) if kind else held


def _documents_issued(unit: Unit, start: Day, end: Day, subtree: bool, kind: str | None = None) -> Q:
    """Documents in the registries of the unit (and its subtree) dated in the period; archived ones are not counted."""
    issued = _between("issued_on", start, end)
    return issued & Q(kind=kind) if kind else issued


meetings = Rule(MEETING_RECORDS, _meetings)
documents_issued = Rule(DOCUMENT_RECORDS, _documents_issued)


def directing_addressed(unit: Unit, start: Day, end: Day, subtree: bool = True) -> QuerySet:
    """Directing documents (resolutions, directives, conclusions) dated in the period and addressed to the unit
    (issued by it or a unit above it): what it has to concretise. `subtree` does not apply: the unit's subtree is
    always the one that implements."""
    return directing_addressed_to(unit).filter(_between("issued_on", start, end))


def directing_uncovered(unit: Unit, start: Day, end: Day, subtree: bool = True) -> QuerySet:
    """…of which no task of the unit's subtree implements (work.selectors.documents_without_tasks)."""
    return documents_without_tasks(directing_addressed(unit, start, end), unit)


def directing_covered(unit: Unit, start: Day, end: Day, subtree: bool = True) -> QuerySet:
    """…of which at least one task of the unit's subtree implements."""
    uncovered = directing_uncovered(unit, start, end).order_by().values("pk")
    return directing_addressed(unit, start, end).exclude(pk__in=uncovered)


# --- tasks ------------------------------------------------------------------------------------------------------------


def _led(unit: Unit, subtree: bool, on: "Day | F", counted_on: str = "") -> Q:
    """Tasks led by the unit (and its subtree) on the day `on` (a date, or a date column of the task): a task a
    restructuring passed to a successor counts for its earlier lead before the day of the change (work.Task).
    `counted_on` narrows to the tasks counted on that path for the day: "lead_path" (their lead now) or
    "earlier_lead_path" (their lead before the change), so that a comparison groups each on the unit it counts for."""
    now = on_unit(unit, subtree, "lead_path") & (Q(lead_since__isnull=True) | Q(lead_since__lte=on))
    then = on_unit(unit, subtree, "earlier_lead_path") & ~Q(earlier_lead_path="") & Q(lead_since__gt=on)
    return {"lead_path": now, "earlier_lead_path": then}.get(counted_on, now | then)


def _tasks_assigned(unit: Unit, start: Day, end: Day, subtree: bool, *, counted_on: str = "") -> Q:
    """Tasks led by the unit (and its subtree) starting in the period, cancelled ones left out."""
    # The period first: PostgreSQL evaluates the conditions in order, and most rows fail on the dates.
    led = _led(unit, subtree, F("start_date"), counted_on)
    return _between("start_date", start, end) & Q(cancelled_at__isnull=True) & led


def _tasks_done(unit: Unit, start: Day, end: Day, subtree: bool, *, on_time: bool, counted_on: str = "") -> Q:
    """Tasks accepted as done with a completion date in the period, on time (by the deadline) or late: the rule of
    work.status."""
    status = Status.DONE_ON_TIME if on_time else Status.DONE_LATE
    done = status_q(status, timezone.localdate()) & _between("completed_on", start, end)
    return done & _led(unit, subtree, F("completed_on"), counted_on)


def _open_on(on: Day) -> Q:
    """Started by `on`, neither accepted as done nor cancelled by then (what happened later does not count)."""
    done_by_then = Q(accepted_at__isnull=False, completed_on__lte=on)
    cancelled_by_then = Q(cancelled_at__isnull=False, cancelled_at__date__lte=on)
    return Q(start_date__lte=on) & ~done_by_then & ~cancelled_by_then


def _tasks_open(unit: Unit, start: Day, end: Day, subtree: bool, *, overdue: bool = False, counted_on: str = "") -> Q:
    """Tasks open at the end of the period (or today if it ends later); `overdue`: past their deadline that day."""
    on = as_of(end)
    found = _open_on(on) & _led(unit, subtree, on, counted_on)
    return Q(deadline__lt=on) & found if overdue else found


tasks_assigned = Rule(TASK_RECORDS, _tasks_assigned)
tasks_done = Rule(TASK_RECORDS, _tasks_done)  # .but(on_time=…)
tasks_open = Rule(TASK_RECORDS, _tasks_open)
tasks_overdue = tasks_open.but(overdue=True)


# --- the work with the people -----------------------------------------------------------------------------------------


def _dated(field: str) -> Callable[..., Q]:
    """The rows whose `field` falls in the period."""
    return lambda unit, start, end, subtree: _between(field, start, end)


def _answered_on_time(unit: Unit, start: Day, end: Day, subtree: bool) -> Q:
    return _between("answered_on", start, end) & Q(answered_on__lte=F("deadline"))


def _petitions_overdue(unit: Unit, start: Day, end: Day, subtree: bool) -> Q:
    on = as_of(end)
    return Q(received_on__lte=on, deadline__lt=on) & (Q(answered_on__isnull=True) | Q(answered_on__gt=on))


field_visits = Rule(VISIT_RECORDS, _dated("visited_on"))
dialogues = Rule(DIALOGUE_RECORDS, _dated("held_on"))
reception_days = Rule(RECEPTION_DAY_RECORDS, _dated("held_on"))
petitions_received = Rule(PETITION_RECORDS, _dated("received_on"))
petitions_answered_on_time = Rule(PETITION_RECORDS, _answered_on_time)
petitions_overdue = Rule(PETITION_RECORDS, _petitions_overdue)


# --- inspection and supervision ---------------------------------------------------------------------------------------


def _started(unit: Unit, start: Day, end: Day, subtree: bool, *, kinds) -> Q:
    return _between("starts_on", start, end) & Q(kind__in=kinds)


def _concluded(unit: Unit, start: Day, end: Day, subtree: bool, *, violation: bool = False) -> Q:
    found = _between("concluded_on", start, end)
    return found & Q(violation_found=True) if violation else found


INSPECTION_KINDS = (InspectionKind.INSPECTION, InspectionKind.INSPECTION_SIGNS)
inspections = Rule(INSPECTION_RECORDS, _started, {"kinds": INSPECTION_KINDS})
supervisions = Rule(INSPECTION_RECORDS, _started, {"kinds": tuple(SUPERVISIONS)})
concluded = Rule(INSPECTION_RECORDS, _concluded)
with_violations = concluded.but(violation=True)
recommendations_made = Rule(RECOMMENDATION_RECORDS, _dated("inspection__concluded_on"))
disciplines = Rule(DISCIPLINE_RECORDS, _dated("decided_on"))


# --- members and cadres -----------------------------------------------------------------------------------------------


def _placed_on_event(unit: Unit, start: Day, end: Day, subtree: bool, *, event: str) -> Q:
    """The placements covering the day of the member's event (admission, full membership): where it is counted."""
    day = F(f"member__{event}")
    covering = Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))
    return _between(f"member__{event}", start, end) & covering


def _of_kind(field: str) -> Callable[..., Q]:
    """The rows whose `field` falls in the period, of the kind given as option."""
    return lambda unit, start, end, subtree, *, kind: _between(field, start, end) & Q(kind=kind)


def _graded(unit: Unit, start: Day, end: Day, subtree: bool, *, grade: str) -> Q:
    """Classifications for the year the period ends in."""
    return Q(year=end.year, grade=grade)


def _of_year(unit: Unit, start: Day, end: Day, subtree: bool) -> Q:
    """The staffing rows (unit, category) of the year the period ends in."""
    return Q(year=end.year)


admissions = Rule(PLACEMENT_RECORDS, _placed_on_event, {"event": "admitted_on"})
recognitions = Rule(PLACEMENT_RECORDS, _placed_on_event, {"event": "full_on"})
movements = Rule(MOVEMENT_RECORDS, _of_kind("decided_on"))  # .but(kind=…)
trainings_completed = Rule(
    TRAINING_RECORDS, lambda unit, start, end, subtree: _between("ended_on", start, end) & Q(completed=True)
)
nominations = Rule(NOMINATION_RECORDS, _of_kind("nominated_on"))  # .but(kind=…)
member_grades = Rule(MEMBER_EVALUATION_RECORDS, _graded)  # .but(grade=…)
organisation_grades = Rule(ORGANISATION_EVALUATION_RECORDS, _graded)  # .but(grade=…)
staffing_rows = Rule(STAFFING_RECORDS, _of_year)


# --- what a user may see in a drill-down ------------------------------------------------------------------------------


def visible_members_rows(user, qs: QuerySet) -> QuerySet:
    """Rows about members (placements, movements, evaluations…): only those whose member the user may see."""
    return qs.filter(member__in=members_for(user).order_by().values("pk"))


def visible_documents(user, qs: QuerySet) -> QuerySet:
    return qs.filter(pk__in=documents_for(user).order_by().values("pk"))
