"""Fixtures, no test: a small data set counted by hand for the indicators (the comments say which rows count),
on the root conftest's world: district A (HA) with commune XA1 and its cell CA1, the People's Committee HA-UB;
district B (HB, XB1) outside.
The period is 2025; the previous period 2024. Time is frozen on 1 March 2026."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from conftest import make_member
from lanhdao.cadres.models import Movement, Nomination, Training
from lanhdao.documents.models import Document
from lanhdao.inspections import services as inspection_services
from lanhdao.meetings.models import Meeting, MeetingKind
from lanhdao.members.models import Grade, MemberEvaluation, OrganisationEvaluation
from lanhdao.members.placing import place
from lanhdao.people import services as people_services
from lanhdao.people import services_petitions
from lanhdao.staffing.models import StaffCategory, StaffingQuota
from lanhdao.work.models import Task

D = datetime.date
START, END = D(2025, 1, 1), D(2025, 12, 31)
NOW = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)

# district A with its subtree, 2025
EXPECTED = {
    "meetings_held": 3,
    "meetings_cell_monthly": 2,
    "meetings_liaison": 1,
    "documents_issued": 2,
    "documents_NQ": 1,
    "documents_KH": 1,
    "directing_addressed": 2,
    "directing_covered": 1,
    "directing_uncovered": 1,
    "tasks_assigned": 4,
    "tasks_done_on_time": 1,
    "tasks_done_late": 1,
    "tasks_open": 2,
    "tasks_overdue": 1,
    "field_visits": 2,
    "dialogues": 1,
    "reception_days": 1,
    "petitions_received": 3,
    "petitions_answered_on_time": 1,
    "petitions_overdue": 1,
    "inspections": 1,
    "supervisions": 1,
    "inspections_concluded": 1,
    "inspections_with_violations": 1,
    "admissions": 1,
    "recognitions": 1,
    "rotations": 2,
    "transfers": 1,
    "trainings_completed": 1,
    "nominations_election": 1,
    "nominations_appointment": 1,
    "members_excellent": 1,
    "organisations_excellent": 1,
    "staff_quota": 15,
    "staff_headcount": 14,
}
# district A alone (its own records, not its subtree's)
EXPECTED_ALONE = {
    "meetings_held": 1,
    "meetings_liaison": 1,
    "documents_issued": 1,
    "documents_NQ": 1,
    "directing_addressed": 2,
    "directing_covered": 1,
    "directing_uncovered": 1,
    "field_visits": 1,
    "dialogues": 1,
    "reception_days": 1,
    "petitions_received": 3,
    "petitions_answered_on_time": 1,
    "petitions_overdue": 1,
    "inspections": 1,
    "supervisions": 1,
    "inspections_concluded": 1,
    "inspections_with_violations": 1,
    "rotations": 1,
    "staff_quota": 10,
    "staff_headcount": 8,
}
# district A with its subtree, 2024
EXPECTED_2024 = {
    "meetings_held": 1,
    "meetings_cell_monthly": 1,
    "admissions": 1,
    "field_visits": 1,
    "documents_issued": 1,
    "documents_NQ": 1,
    "members_excellent": 1,
}


def _placed(row, unit):
    place(row, unit)
    row.save()
    return row


def _meeting(unit, kind, day, **fields):
    return Meeting.objects.create(unit=unit, unit_path=unit.path, kind=kind, date=day, **fields)


def _task(w, lead, start, deadline, **fields):
    return Task.objects.create(
        title="t",
        assigning_unit=w.district_a,
        lead_unit=lead,
        lead_path=lead.path,
        start_date=start,
        deadline=deadline,
        **fields,
    )


def _at(day: D) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, 12, tzinfo=datetime.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _people_records(w, ca):
    """Field visits, a dialogue, a reception day and petitions of district A (and its commune)."""
    a = w.alice
    people_services.field_visit_create(
        actor=a, unit=w.district_a, visited_on=D(2025, 4, 1), purpose="p", visitor=a, place_unit=ca
    )  # counts
    for day in (D(2025, 4, 2), D(2024, 4, 2)):  # the commune's: one in the period, one in 2024
        people_services.field_visit_create(actor=a, unit=ca, visited_on=day, purpose="p", visitor=a, place="x")
    people_services.dialogue_create(
        actor=a, unit=w.district_a, held_on=D(2025, 5, 1), topic="t", participants=9, led_by_name="L"
    )
    people_services.reception_day_create(actor=a, unit=w.district_a, held_on=D(2025, 5, 15), received_by_name="A")

    def petition(received, deadline):
        return services_petitions.petition_create(
            actor=a,
            receiving_unit=w.district_a,
            received_on=received,
            sender="S",
            subject="s",
            channel="post",
            deadline=deadline,
        )

    on_time = petition(D(2025, 3, 1), D(2025, 3, 20))  # answered on time
    late = petition(D(2025, 3, 1), D(2025, 3, 10))  # answered late
    petition(D(2025, 9, 1), D(2025, 9, 30))  # never answered: overdue on 31/12
    services_petitions.petition_answer(actor=a, petition=on_time, answered_on=D(2025, 3, 20), answer="x")
    services_petitions.petition_answer(actor=a, petition=late, answered_on=D(2025, 3, 15), answer="x")


def _cadre_records(w, ca):
    """Admissions, movements, training, nominations, classifications and staffing quotas."""
    make_member(w.cell_a, "Mới Kết Nạp", admitted_on=D(2025, 4, 1), full_on=None)  # admitted in 2025
    make_member(w.cell_a, "Chính Thức", admitted_on=D(2024, 3, 1), full_on=D(2025, 3, 1))  # 2024; full in 2025
    m = w.member_a
    for unit, kind, day in [
        (w.district_a, "rotation", D(2025, 3, 1)),
        (ca, "rotation", D(2025, 4, 1)),
        (ca, "transfer", D(2025, 5, 1)),
        (w.commune_b, "transfer", D(2025, 5, 1)),
    ]:
        _placed(Movement(member=m, unit=unit, kind=kind, decided_on=day, starts_on=day, destination="x"), unit)
    _placed(
        Training(
            member=m,
            unit=w.cell_a,
            kind="theory",
            course="c",
            started_on=D(2024, 9, 1),
            ended_on=D(2025, 2, 1),
            completed=True,
        ),
        w.cell_a,
    )
    for kind in ("election", "appointment"):
        _placed(Nomination(member=m, unit=ca, kind=kind, post="p", nominated_on=D(2025, 1, 10)), ca)
    _placed(MemberEvaluation(member=m, unit=w.cell_a, year=2025, grade=Grade.EXCELLENT), w.cell_a)
    _placed(MemberEvaluation(member=m, unit=w.cell_a, year=2024, grade=Grade.EXCELLENT), w.cell_a)  # 2024
    _placed(OrganisationEvaluation(unit=w.cell_a, year=2025, grade=Grade.EXCELLENT), w.cell_a)
    category = StaffCategory.values[0]
    _placed(StaffingQuota(unit=w.district_a, year=2025, category=category, assigned=10, headcount=8), w.district_a)
    _placed(StaffingQuota(unit=ca, year=2025, category=category, assigned=5, headcount=6), ca)
    _placed(StaffingQuota(unit=w.commune_b, year=2025, category=category, assigned=7, headcount=7), w.commune_b)


@pytest.fixture
def data(members_world, frozen):
    w = members_world
    assert timezone.localdate() == D(2026, 3, 1)
    cell_monthly = MeetingKind.CELL_MONTHLY
    _meeting(w.cell_a, cell_monthly, D(2025, 3, 1))  # counts
    _meeting(w.cell_a, cell_monthly, D(2025, 12, 31))  # counts: the last day
    _meeting(w.cell_a, cell_monthly, D(2025, 4, 1), cancelled_at=_at(D(2025, 3, 30)))  # cancelled
    _meeting(w.cell_a, cell_monthly, D(2024, 5, 1))  # the previous period
    _meeting(w.district_a, MeetingKind.LIAISON, D(2025, 6, 1))  # counts, on district A itself
    _meeting(w.commune_b, cell_monthly, D(2025, 3, 1))  # district B

    def doc(owner, kind, day, **fields):
        return Document.objects.create(owner=owner, kind=kind, issuer_code="HU", title="d", issued_on=day, **fields)

    resolution = doc(w.district_a, "NQ", D(2025, 2, 1))  # issued; directing, covered by a task below
    doc(w.commune_a, "KH", D(2025, 5, 1))  # issued (a plan: not directing)
    doc(w.commune_a, "KH", D(2025, 5, 2), archived_at=_at(D(2025, 6, 1)))  # archived
    doc(w.province, "CT", D(2025, 3, 1))  # the province's: directing, addressed to A, not covered
    doc(w.district_b, "NQ", D(2025, 3, 1))  # district B's
    doc(w.district_a, "NQ", D(2024, 3, 1))  # previous period: neither issued nor addressed in 2025

    ca = w.commune_a
    _task(
        w,
        ca,
        D(2025, 2, 1),
        D(2025, 3, 1),
        completed_on=D(2025, 2, 20),
        accepted_at=_at(D(2025, 2, 21)),
        document=resolution,
    )  # assigned, done on time
    _task(w, ca, D(2025, 2, 1), D(2025, 3, 1), completed_on=D(2025, 4, 1), accepted_at=_at(D(2025, 4, 2)))  # late
    _task(w, ca, D(2025, 6, 1), D(2025, 7, 1))  # assigned, open and overdue on 31/12
    _task(w, w.cell_a, D(2025, 11, 1), D(2026, 6, 1))  # assigned, open, not overdue
    _task(w, ca, D(2025, 5, 1), D(2025, 6, 1), cancelled_at=_at(D(2025, 5, 10)))  # cancelled: nothing
    _task(w, w.commune_b, D(2025, 5, 1), D(2025, 6, 1))  # district B

    a = w.alice
    _people_records(w, ca)

    def inspection(kind, day):
        return inspection_services.inspection_create(
            actor=a, unit=w.district_a, kind=kind, subject_unit=ca, title="i", starts_on=day, team="T"
        )

    concluded = inspection("inspection", D(2025, 2, 1))  # an inspection started, concluded with violations
    inspection("supervision_thematic", D(2025, 8, 1))  # a supervision started
    inspection_services.inspection_conclude(
        actor=a, inspection=concluded, conclusion="c", concluded_on=D(2025, 3, 1), violation_found=True
    )

    _cadre_records(w, ca)
    return w
