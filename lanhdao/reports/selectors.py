"""The records behind each indicator: one queryset per figure, for a unit (alone or with its subtree) and a closed
period [start, end]. The drill-down lists them, `compare_children` groups them by child unit, and a test checks for
every indicator that their count (or sum) equals the app's own figure, so a figure and its list cannot drift apart.

Most records are a `Rule`: the rows of a `Source` (one table within the unit's subtree, or on the unit alone) that
satisfy a condition. Indicators on the same source are then counted together, one conditional aggregate per source
(`indicators.compute`): the full set for a province reads each table's rows of the subtree once, not once per
indicator.

No user scope here (the figures count everything, as the apps' figures do); `visible_*` narrows a list to what a
user may see, for the drill-down.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db import models
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from lanhdao.documents.models import Document
from lanhdao.documents.selectors import DIRECTING_KINDS, documents_for
from lanhdao.inspections.models import SUPERVISIONS, Discipline, Inspection, InspectionKind, Recommendation
from lanhdao.meetings.models import Meeting
from lanhdao.meetings.rules import held_q
from lanhdao.members.models import MemberEvaluation, Movement, Nomination, OrganisationEvaluation, Placement, Training
from lanhdao.members.selectors import members_for
from lanhdao.org.models import Unit
from lanhdao.org.selectors import path_prefix_q
from lanhdao.org.staffing import StaffingQuota
from lanhdao.people.models import Dialogue, FieldVisit, Petition, ReceptionDay
from lanhdao.work.models import Task
from lanhdao.work.selectors import documents_without_tasks
from lanhdao.work.status import Status, status_q

Day = datetime.date


def as_of(end: Day) -> Day:
    """The day a "stood on" figure (overdue, open) is read: the period's end, or today when the end is still to come."""
    return min(end, timezone.localdate())


def _path_q(unit: Unit, subtree: bool, field: str) -> Q:
    return path_prefix_q(unit.path, field) if subtree else Q(**{field: unit.path})


def _between(field: str, start: Day, end: Day) -> Q:
    return Q(**{f"{field}__gte": start, f"{field}__lte": end})


@dataclass(frozen=True)
class Source:
    """The rows of one table that belong to a unit (and its subtree): on the unit's path in any of `paths` (a task
    counts on its lead, or on its earlier lead before a restructuring moved it). `sparse` names the paths most rows
    leave empty (indexed only where filled); `live` leaves out archived rows; `related` is what a drill-down list
    shows with each row."""

    model: type[models.Model]
    paths: tuple[str, ...] = ("unit_path",)
    live: Q = field(default_factory=Q)
    related: tuple[str, ...] = ()
    sparse: tuple[str, ...] = ()
    apart: bool = False  # each rule in its own query: their conditions read different indexes (no OR of them)
    prefilter: bool = True  # the rows read must satisfy one of the rules (False: when nearly all do anyway)

    def _on(self, unit: Unit, subtree: bool, path: str) -> Q:
        found = _path_q(unit, subtree, path)
        # Said outright, so that PostgreSQL may use the partial index (a LIKE does not tell it the path is not empty).
        return found & ~Q(**{path: ""}) if path in self.sparse else found

    def rows(self, unit: Unit, subtree: bool) -> QuerySet:
        placed = reduce(or_, (self._on(unit, subtree, path) for path in self.paths))
        return self.model.objects.filter(self.live).filter(placed)

    def parts(self, unit: Unit, subtree: bool) -> list[QuerySet]:
        """The same rows as disjoint querysets, one per path (those on a later path that are not on an earlier one):
        each reads one index range, where one query with an OR of paths would read the rows from the table."""
        found, before = [], []
        for path in self.paths:
            qs = self.model.objects.filter(self.live).filter(self._on(unit, subtree, path))
            for earlier in before:
                qs = qs.exclude(_path_q(unit, subtree, earlier))
            found.append(qs)
            before.append(path)
        return found


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


MEETINGS = Source(Meeting)
DOCUMENTS = Source(Document, ("owner__path",), Q(archived_at__isnull=True))
# No prefilter: the tasks open at the end of the period are most of a subtree's tasks, so an OR of the five rules
# keeps nearly every row and costs as much again as the five counts (bench/bench_indicators.py, the country).
TASKS = Source(Task, ("lead_path", "earlier_lead_path"), sparse=("earlier_lead_path",), prefilter=False)
VISITS = Source(FieldVisit, live=Q(archived_at__isnull=True))
DIALOGUES = Source(Dialogue, live=Q(archived_at__isnull=True))
RECEPTION_DAYS = Source(ReceptionDay, live=Q(archived_at__isnull=True))
PETITIONS = Source(Petition, ("receiving_path",), Q(archived_at__isnull=True))
INSPECTIONS = Source(Inspection, live=Q(archived_at__isnull=True))
RECOMMENDATIONS = Source(Recommendation, ("inspection__unit_path",), Q(inspection__archived_at__isnull=True))
DISCIPLINES = Source(Discipline, live=Q(archived_at__isnull=True))
# Admissions and full memberships are found through two different indexes of the members (by date): apart.
PLACEMENTS = Source(Placement, related=("member",), apart=True)
MOVEMENTS = Source(Movement, related=("member",))
TRAININGS = Source(Training, related=("member",))
NOMINATIONS = Source(Nomination, related=("member",))
MEMBER_EVALUATIONS = Source(MemberEvaluation, related=("member",))
ORGANISATION_EVALUATIONS = Source(OrganisationEvaluation, related=("unit",))
STAFFING = Source(StaffingQuota, related=("unit",))


# --- meetings and documents -------------------------------------------------------------------------------------------


def _meetings(unit: Unit, start: Day, end: Day, subtree: bool, kind: str | None = None) -> Q:
    """Meetings held (not cancelled, date come by today): the rule of meetings.figures.meetings_held."""
    held = held_q(timezone.localdate()) & _between("date", start, end)
    return held & Q(kind=kind) if kind else held


def _documents_issued(unit: Unit, start: Day, end: Day, subtree: bool, kind: str | None = None) -> Q:
    """Documents in the registries of the unit (and its subtree) dated in the period; archived ones are not counted."""
    issued = _between("issued_on", start, end)
    return issued & Q(kind=kind) if kind else issued


meetings = Rule(MEETINGS, _meetings)
documents_issued = Rule(DOCUMENTS, _documents_issued)


def directing_addressed(unit: Unit, start: Day, end: Day, subtree: bool = True) -> QuerySet[Document]:
    """Directing documents (resolutions, directives, conclusions) dated in the period and addressed to the unit
    (issued by it or a unit above it): what it has to concretise. `subtree` does not apply: the unit's subtree is
    always the one that implements."""
    qs = Document.objects.filter(archived_at__isnull=True, kind__in=DIRECTING_KINDS).filter(
        _between("issued_on", start, end)
    )
    return qs.filter(owner__path__in=[*unit.ancestor_paths(), unit.path])


def directing_uncovered(unit: Unit, start: Day, end: Day, subtree: bool = True) -> QuerySet[Document]:
    """…of which no task of the unit's subtree implements (work.selectors.documents_without_tasks)."""
    return documents_without_tasks(directing_addressed(unit, start, end), unit)


def directing_covered(unit: Unit, start: Day, end: Day, subtree: bool = True) -> QuerySet[Document]:
    """…of which at least one task of the unit's subtree implements."""
    uncovered = directing_uncovered(unit, start, end).order_by().values("pk")
    return directing_addressed(unit, start, end).exclude(pk__in=uncovered)


# --- tasks ------------------------------------------------------------------------------------------------------------


def _led(unit: Unit, subtree: bool, on: "Day | F") -> Q:
    """Tasks led by the unit (and its subtree) on the day `on` (a date, or a date column of the task): a task a
    restructuring passed to a successor counts for its earlier lead before the day of the change (work.Task)."""
    now = _path_q(unit, subtree, "lead_path") & (Q(lead_since__isnull=True) | Q(lead_since__lte=on))
    then = _path_q(unit, subtree, "earlier_lead_path") & ~Q(earlier_lead_path="") & Q(lead_since__gt=on)
    return now | then


def _tasks_assigned(unit: Unit, start: Day, end: Day, subtree: bool) -> Q:
    """Tasks led by the unit (and its subtree) starting in the period, cancelled ones left out."""
    # The period first: PostgreSQL evaluates the conditions in order, and most rows fail on the dates.
    return _between("start_date", start, end) & Q(cancelled_at__isnull=True) & _led(unit, subtree, F("start_date"))


def _tasks_done(unit: Unit, start: Day, end: Day, subtree: bool, *, on_time: bool) -> Q:
    """Tasks accepted as done with a completion date in the period, on time (by the deadline) or late: the rule of
    work.status."""
    status = Status.DONE_ON_TIME if on_time else Status.DONE_LATE
    done = status_q(status, timezone.localdate()) & _between("completed_on", start, end)
    return done & _led(unit, subtree, F("completed_on"))


def _open_on(on: Day) -> Q:
    """Started by `on`, neither accepted as done nor cancelled by then (what happened later does not count)."""
    done_by_then = Q(accepted_at__isnull=False, completed_on__lte=on)
    cancelled_by_then = Q(cancelled_at__isnull=False, cancelled_at__date__lte=on)
    return Q(start_date__lte=on) & ~done_by_then & ~cancelled_by_then


def _tasks_open(unit: Unit, start: Day, end: Day, subtree: bool, *, overdue: bool = False) -> Q:
    """Tasks open at the end of the period (or today if it ends later); `overdue`: past their deadline that day."""
    on = as_of(end)
    found = _open_on(on) & _led(unit, subtree, on)
    return Q(deadline__lt=on) & found if overdue else found


tasks_assigned = Rule(TASKS, _tasks_assigned)
tasks_done = Rule(TASKS, _tasks_done)  # .but(on_time=…)
tasks_open = Rule(TASKS, _tasks_open)
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


field_visits = Rule(VISITS, _dated("visited_on"))
dialogues = Rule(DIALOGUES, _dated("held_on"))
reception_days = Rule(RECEPTION_DAYS, _dated("held_on"))
petitions_received = Rule(PETITIONS, _dated("received_on"))
petitions_answered_on_time = Rule(PETITIONS, _answered_on_time)
petitions_overdue = Rule(PETITIONS, _petitions_overdue)


# --- inspection and supervision ---------------------------------------------------------------------------------------


def _started(unit: Unit, start: Day, end: Day, subtree: bool, *, kinds) -> Q:
    return _between("starts_on", start, end) & Q(kind__in=kinds)


def _concluded(unit: Unit, start: Day, end: Day, subtree: bool, *, violation: bool = False) -> Q:
    found = _between("concluded_on", start, end)
    return found & Q(violation_found=True) if violation else found


inspections = Rule(INSPECTIONS, _started, {"kinds": (InspectionKind.INSPECTION, InspectionKind.INSPECTION_SIGNS)})
supervisions = Rule(INSPECTIONS, _started, {"kinds": tuple(SUPERVISIONS)})
concluded = Rule(INSPECTIONS, _concluded)
with_violations = concluded.but(violation=True)
recommendations_made = Rule(RECOMMENDATIONS, _dated("inspection__concluded_on"))
disciplines = Rule(DISCIPLINES, _dated("decided_on"))


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


admissions = Rule(PLACEMENTS, _placed_on_event, {"event": "admitted_on"})
recognitions = Rule(PLACEMENTS, _placed_on_event, {"event": "full_on"})
movements = Rule(MOVEMENTS, _of_kind("decided_on"))  # .but(kind=…)
trainings_completed = Rule(
    TRAININGS, lambda unit, start, end, subtree: _between("ended_on", start, end) & Q(completed=True)
)
nominations = Rule(NOMINATIONS, _of_kind("nominated_on"))  # .but(kind=…)
member_grades = Rule(MEMBER_EVALUATIONS, _graded)  # .but(grade=…)
organisation_grades = Rule(ORGANISATION_EVALUATIONS, _graded)  # .but(grade=…)
staffing_rows = Rule(STAFFING, _of_year)


# --- what a user may see in a drill-down ------------------------------------------------------------------------------


def visible_members_rows(user, qs: QuerySet) -> QuerySet:
    """Rows about members (placements, movements, evaluations…): only those whose member the user may see."""
    return qs.filter(member__in=members_for(user).order_by().values("pk"))


def visible_documents(user, qs: QuerySet) -> QuerySet:
    return qs.filter(pk__in=documents_for(user).order_by().values("pk"))
