"""The records behind each indicator: one queryset per figure, for a unit (alone or with its subtree) and a closed
period [start, end]. The drill-down lists them, `compare_children` groups them by child unit, and a test checks for
every indicator that their count (or sum) equals the app's own figure, so a figure and its list cannot drift apart.

No user scope here (the figures count everything, as the apps' figures do); `visible_*` narrows a list to what a
user may see, for the drill-down.
"""

import datetime

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


def _of(qs: QuerySet, unit: Unit, subtree: bool, path_field: str = "unit_path") -> QuerySet:
    return qs.filter(path_prefix_q(unit.path, path_field)) if subtree else qs.filter(**{path_field: unit.path})


def _between(field: str, start: Day, end: Day) -> Q:
    return Q(**{f"{field}__gte": start, f"{field}__lte": end})


# --- meetings and documents -------------------------------------------------------------------------------------------


def meetings(unit: Unit, start: Day, end: Day, subtree: bool, kind: str | None = None) -> QuerySet[Meeting]:
    """Meetings held (not cancelled, date come by today): the rule of meetings.figures.meetings_held."""
    qs = _of(Meeting.objects.filter(held_q(timezone.localdate()), _between("date", start, end)), unit, subtree)
    return qs.filter(kind=kind) if kind else qs


def documents_issued(unit: Unit, start: Day, end: Day, subtree: bool, kind: str | None = None) -> QuerySet[Document]:
    """Documents in the registries of the unit (and its subtree) dated in the period; archived ones are not counted."""
    qs = Document.objects.filter(archived_at__isnull=True).filter(_between("issued_on", start, end))
    qs = _of(qs, unit, subtree, "owner__path")
    return qs.filter(kind=kind) if kind else qs


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


def _path_q(unit: Unit, subtree: bool, field: str) -> Q:
    return path_prefix_q(unit.path, field) if subtree else Q(**{field: unit.path})


def _tasks(unit: Unit, subtree: bool, on: "Day | F | None" = None) -> QuerySet[Task]:
    """Tasks led by the unit (and its subtree) on the day `on` (a date, or a date column of the task): a task a
    restructuring passed to a successor counts for its earlier lead before the day of the change (work.Task)."""
    if on is None:
        return _of(Task.objects.all(), unit, subtree, "lead_path")
    now = _path_q(unit, subtree, "lead_path") & (Q(lead_since__isnull=True) | Q(lead_since__lte=on))
    then = _path_q(unit, subtree, "earlier_lead_path") & Q(lead_since__gt=on)
    return Task.objects.filter(now | then)


def tasks_assigned(unit: Unit, start: Day, end: Day, subtree: bool) -> QuerySet[Task]:
    """Tasks led by the unit (and its subtree) starting in the period, cancelled ones left out."""
    on = F("start_date")
    return _tasks(unit, subtree, on).filter(_between("start_date", start, end), cancelled_at__isnull=True)


def tasks_done(unit: Unit, start: Day, end: Day, subtree: bool, *, on_time: bool) -> QuerySet[Task]:
    """Tasks accepted as done with a completion date in the period, on time (by the deadline) or late: the rule of
    work.status."""
    status = Status.DONE_ON_TIME if on_time else Status.DONE_LATE
    done = _tasks(unit, subtree, F("completed_on"))
    return done.filter(status_q(status, timezone.localdate()), _between("completed_on", start, end))


def _open_on(on: Day) -> Q:
    """Started by `on`, neither accepted as done nor cancelled by then (what happened later does not count)."""
    done_by_then = Q(accepted_at__isnull=False, completed_on__lte=on)
    cancelled_by_then = Q(cancelled_at__isnull=False, cancelled_at__date__lte=on)
    return Q(start_date__lte=on) & ~done_by_then & ~cancelled_by_then


def tasks_open(unit: Unit, start: Day, end: Day, subtree: bool) -> QuerySet[Task]:
    """Tasks open at the end of the period (or today if it ends later)."""
    on = as_of(end)
    return _tasks(unit, subtree, on).filter(_open_on(on))


def tasks_overdue(unit: Unit, start: Day, end: Day, subtree: bool) -> QuerySet[Task]:
    """…of which past their deadline on that day."""
    on = as_of(end)
    return _tasks(unit, subtree, on).filter(_open_on(on), deadline__lt=on)


# --- the work with the people -----------------------------------------------------------------------------------------


def field_visits(unit: Unit, start: Day, end: Day, subtree: bool) -> QuerySet[FieldVisit]:
    qs = FieldVisit.objects.filter(archived_at__isnull=True).filter(_between("visited_on", start, end))
    return _of(qs, unit, subtree)


def dialogues(unit: Unit, start: Day, end: Day, subtree: bool) -> QuerySet[Dialogue]:
    return _of(Dialogue.objects.filter(archived_at__isnull=True).filter(_between("held_on", start, end)), unit, subtree)


def reception_days(unit: Unit, start: Day, end: Day, subtree: bool) -> QuerySet[ReceptionDay]:
    qs = ReceptionDay.objects.filter(archived_at__isnull=True).filter(_between("held_on", start, end))
    return _of(qs, unit, subtree)


def _petitions(unit: Unit, subtree: bool) -> QuerySet[Petition]:
    return _of(Petition.objects.filter(archived_at__isnull=True), unit, subtree, "receiving_path")


def petitions_received(unit: Unit, start: Day, end: Day, subtree: bool) -> QuerySet[Petition]:
    return _petitions(unit, subtree).filter(_between("received_on", start, end))


def petitions_answered_on_time(unit: Unit, start: Day, end: Day, subtree: bool) -> QuerySet[Petition]:
    return _petitions(unit, subtree).filter(_between("answered_on", start, end), answered_on__lte=F("deadline"))


def petitions_overdue(unit: Unit, start: Day, end: Day, subtree: bool) -> QuerySet[Petition]:
    on = as_of(end)
    qs = _petitions(unit, subtree).filter(received_on__lte=on, deadline__lt=on)
    return qs.filter(Q(answered_on__isnull=True) | Q(answered_on__gt=on))


# --- inspection and supervision ---------------------------------------------------------------------------------------


def _inspections_started(unit: Unit, start: Day, end: Day, subtree: bool) -> QuerySet[Inspection]:
    return _of(Inspection.objects.filter(archived_at__isnull=True).filter(_between("starts_on", start, end)), unit,
               subtree)  # fmt: skip


def inspections(unit: Unit, start: Day, end: Day, subtree: bool) -> QuerySet[Inspection]:
    kinds = (InspectionKind.INSPECTION, InspectionKind.INSPECTION_SIGNS)
    return _inspections_started(unit, start, end, subtree).filter(kind__in=kinds)


def supervisions(unit: Unit, start: Day, end: Day, subtree: bool) -> QuerySet[Inspection]:
    return _inspections_started(unit, start, end, subtree).filter(kind__in=SUPERVISIONS)


def concluded(unit: Unit, start: Day, end: Day, subtree: bool) -> QuerySet[Inspection]:
    qs = Inspection.objects.filter(archived_at__isnull=True).filter(_between("concluded_on", start, end))
    return _of(qs, unit, subtree)


def with_violations(unit: Unit, start: Day, end: Day, subtree: bool) -> QuerySet[Inspection]:
    return concluded(unit, start, end, subtree).filter(violation_found=True)


def recommendations_made(unit: Unit, start: Day, end: Day, subtree: bool) -> QuerySet[Recommendation]:
    qs = Recommendation.objects.filter(inspection__archived_at__isnull=True)
    return _of(qs, unit, subtree, "inspection__unit_path").filter(_between("inspection__concluded_on", start, end))


def disciplines(unit: Unit, start: Day, end: Day, subtree: bool) -> QuerySet[Discipline]:
    qs = Discipline.objects.filter(archived_at__isnull=True).filter(_between("decided_on", start, end))
    return _of(qs, unit, subtree)


# --- members and cadres -----------------------------------------------------------------------------------------------


def _placed_on_event(field: str, unit: Unit, start: Day, end: Day, subtree: bool) -> QuerySet[Placement]:
    """The placements covering the day of the member's event (admission, full membership): where it is counted."""
    day = F(f"member__{field}")
    covering = Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))
    qs = Placement.objects.filter(_between(f"member__{field}", start, end)).filter(covering)
    return _of(qs, unit, subtree).select_related("member")


def admissions(unit: Unit, start: Day, end: Day, subtree: bool) -> QuerySet[Placement]:
    return _placed_on_event("admitted_on", unit, start, end, subtree)


def recognitions(unit: Unit, start: Day, end: Day, subtree: bool) -> QuerySet[Placement]:
    return _placed_on_event("full_on", unit, start, end, subtree)


def movements(unit: Unit, start: Day, end: Day, subtree: bool, kind: str) -> QuerySet[Movement]:
    qs = Movement.objects.filter(_between("decided_on", start, end), kind=kind)
    return _of(qs, unit, subtree).select_related("member")


def trainings_completed(unit: Unit, start: Day, end: Day, subtree: bool) -> QuerySet[Training]:
    qs = Training.objects.filter(_between("ended_on", start, end), completed=True)
    return _of(qs, unit, subtree).select_related("member")


def nominations(unit: Unit, start: Day, end: Day, subtree: bool, kind: str) -> QuerySet[Nomination]:
    qs = Nomination.objects.filter(_between("nominated_on", start, end), kind=kind)
    return _of(qs, unit, subtree).select_related("member")


def member_grades(unit: Unit, start: Day, end: Day, subtree: bool, grade: str) -> QuerySet[MemberEvaluation]:
    """Members' classifications for the year the period ends in."""
    return _of(MemberEvaluation.objects.filter(year=end.year, grade=grade), unit, subtree).select_related("member")


def organisation_grades(unit: Unit, start: Day, end: Day, subtree: bool, grade: str) -> QuerySet:
    return _of(OrganisationEvaluation.objects.filter(year=end.year, grade=grade), unit, subtree).select_related("unit")


def staffing_rows(unit: Unit, start: Day, end: Day, subtree: bool) -> QuerySet[StaffingQuota]:
    """The staffing rows (unit, category) of the year the period ends in."""
    return _of(StaffingQuota.objects.filter(year=end.year), unit, subtree).select_related("unit")


# --- what a user may see in a drill-down ------------------------------------------------------------------------------


def visible_members_rows(user, qs: QuerySet) -> QuerySet:
    """Rows about members (placements, movements, evaluations…): only those whose member the user may see."""
    return qs.filter(member__in=members_for(user).order_by().values("pk"))


def visible_documents(user, qs: QuerySet) -> QuerySet:
    return qs.filter(pk__in=documents_for(user).order_by().values("pk"))
