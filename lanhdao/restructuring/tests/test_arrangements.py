"""Issue 16, item 6: meeting frequencies, reception schedules, responsibility assignments, commitment plans and
indicator targets move with the rest of a closed unit's open work instead of staying on it."""

import datetime

from lanhdao.audit.models import AuditEntry
from lanhdao.meetings.models import Frequency, MeetingFrequency, MeetingKind, Responsibility
from lanhdao.org.models import Unit
from lanhdao.people.models import CommitmentPlan, ReceptionSchedule
from lanhdao.reports.plans.models import IndicatorTarget
from lanhdao.restructuring import plans, services

from .test_engine import BASIS, JULY, board, merge_districts  # noqa: F401  (the fixture)

DAY_BEFORE = datetime.date(2025, 6, 30)


def audited(obj) -> bool:
    return AuditEntry.objects.filter(object_id=str(obj.pk), content_type__model=obj._meta.model_name).exists()


def test_standing_arrangements_move_to_the_successor(board):  # noqa: F811
    a, b, commune = board.district_a, board.district_b, board.commune_a
    early = MeetingFrequency.objects.create(
        unit=a, kind=MeetingKind.LIAISON, frequency=Frequency.MONTHLY, effective_from=datetime.date(2016, 1, 1)
    )
    MeetingFrequency.objects.create(
        unit=a, kind=MeetingKind.LIAISON, frequency=Frequency.QUARTERLY, effective_from=datetime.date(2018, 1, 1)
    )
    schedule = ReceptionSchedule.objects.create(
        unit=commune, unit_path=commune.path, frequency="monthly", day_of_month=15, starts_on=datetime.date(2021, 1, 1)
    )
    followed = Responsibility.objects.create(
        committee=a, member=board.alice, unit=commune, starts_on=datetime.date(2021, 1, 1)
    )
    finished = Responsibility.objects.create(
        committee=a,
        member=board.bob,
        unit=commune,
        starts_on=datetime.date(2021, 1, 1),
        ends_on=datetime.date(2023, 1, 1),
    )
    plan_now = CommitmentPlan.objects.create(
        leader_name="Nguyễn Văn A",
        leader_position="Bí thư",
        unit=a,
        unit_path=a.path,
        year_start=2025,
        year_end=2025,
        title="Kế hoạch nêu gương năm 2025",
    )
    plan_before = CommitmentPlan.objects.create(
        leader_name="Nguyễn Văn A",
        leader_position="Bí thư",
        unit=a,
        unit_path=a.path,
        year_start=2024,
        year_end=2024,
        title="Kế hoạch nêu gương năm 2024",
    )
    targets = [
        IndicatorTarget.objects.create(unit=a, year=2026, key="members_admitted", value=120),
        IndicatorTarget.objects.create(unit=b, year=2026, key="members_admitted", value=80),
    ]
    kept = IndicatorTarget.objects.create(unit=a, year=2025, key="members_admitted", value=100)

    merge_districts(board)
    new = Unit.objects.get(code="HAB")
    new_commune = Unit.objects.get(code="XA1")

    # the frequency in force on the day (quarterly since 2018) holds for the successor from the day
    assert list(MeetingFrequency.objects.filter(unit=new).values_list("kind", "frequency", "effective_from")) == [
        (MeetingKind.LIAISON, Frequency.QUARTERLY, JULY)
    ]
    assert MeetingFrequency.objects.filter(unit=a).count() == 2 and early.unit_id == a.pk  # history stays
    # the schedule and the assignment end the day before and continue on the successor
    schedule.refresh_from_db()
    assert schedule.ends_on == DAY_BEFORE and schedule.unit_id == commune.pk
    continued = ReceptionSchedule.objects.get(unit=new_commune)
    assert (continued.starts_on, continued.ends_on, continued.day_of_month) == (JULY, None, 15)
    assert continued.unit_path == new_commune.path
    followed.refresh_from_db()
    assert followed.ends_on == DAY_BEFORE
    now = Responsibility.objects.get(ends_on__isnull=True)
    assert (now.committee_id, now.unit_id, now.member_id, now.starts_on) == (
        new.pk,
        new_commune.pk,
        board.alice.pk,
        JULY,
    )
    finished.refresh_from_db()
    assert (finished.committee_id, finished.ends_on) == (a.pk, datetime.date(2023, 1, 1))  # ended before: stays
    # this year's commitment plan goes with its unit; last year's stays
    plan_now.refresh_from_db()
    plan_before.refresh_from_db()
    assert (plan_now.unit_id, plan_now.unit_path) == (new.pk, new.path)
    assert plan_before.unit_id == a.pk
    # next year's targets are summed onto the successor; this year's stay on the closed unit
    assert list(IndicatorTarget.objects.filter(unit=new).values_list("year", "key", "value")) == [
        (2026, "members_admitted", 200)
    ]
    assert not IndicatorTarget.objects.filter(pk__in=[t.pk for t in targets]).exists()
    assert IndicatorTarget.objects.get(pk=kept.pk).unit_id == a.pk
    # every row written is audited
    for obj in (schedule, continued, followed, now, plan_now, targets[0], *IndicatorTarget.objects.filter(unit=new)):
        assert audited(obj), obj
    assert audited(MeetingFrequency.objects.get(unit=new))


def test_the_preview_counts_them(board):  # noqa: F811
    a = board.district_a
    MeetingFrequency.objects.create(
        unit=a, kind=MeetingKind.LIAISON, frequency=Frequency.MONTHLY, effective_from=datetime.date(2016, 1, 1)
    )
    IndicatorTarget.objects.create(unit=a, year=2026, key="members_admitted", value=120)
    plan = plans.merge(
        sources=[board.district_a, board.district_b],
        effective_on=JULY,
        parent=board.province,
        new={"code": "HAB", "name": "Đảng ủy khu vực An Bình", "kind": "district_committee"},
    )
    counts = services.preview(plan, actor=board.board, legal_basis_text=BASIS)
    assert (counts["frequencies"], counts["targets"], counts["schedules"], counts["commitment_plans"]) == (1, 1, 0, 0)
    operation = services.apply(actor=board.board, plan=plan, legal_basis_text=BASIS)
    assert {k: operation.summary[k] for k in ("frequencies", "targets")} == {"frequencies": 1, "targets": 1}


def test_a_surviving_unit_keeps_its_own_meeting_rule(board):  # noqa: F811
    a, b = board.district_a, board.district_b
    MeetingFrequency.objects.create(
        unit=a, kind=MeetingKind.LIAISON, frequency=Frequency.MONTHLY, effective_from=datetime.date(2016, 1, 1)
    )
    MeetingFrequency.objects.create(
        unit=b, kind=MeetingKind.LIAISON, frequency=Frequency.QUARTERLY, effective_from=datetime.date(2016, 1, 1)
    )
    plan = plans.merge(sources=[a, b], effective_on=JULY, survivor=a)
    services.apply(actor=board.board, plan=plan, legal_basis_text=BASIS)
    assert list(MeetingFrequency.objects.filter(unit=a).values_list("frequency", flat=True)) == [Frequency.MONTHLY]
