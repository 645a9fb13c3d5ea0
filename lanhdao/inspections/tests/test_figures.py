"""The figures for the reports, against a data set counted by hand: one query each, for a unit alone or with its
subtree, over 2025."""

import datetime

import pytest
import time_machine

from lanhdao.inspections import figures, services
from lanhdao.inspections.models import DisciplineForm, InspectionKind
from lanhdao.inspections.services_disciplines import discipline_create
from lanhdao.work import services as work

YEAR = (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
d = datetime.date


def at(day: datetime.date):
    """Noon of `day` in Hà Nội."""
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 5, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def data(members_world):
    """I1–I8 inspections, R1–R6 recommendations, D1–D6 decisions (see each line)."""
    w = members_world

    def inspect(actor, unit, kind, starts, subject=None, member=None, concluded=None, violation=False, recs=()):
        inspection = services.inspection_create(
            actor=actor,
            unit=unit,
            kind=kind,
            title="Kiểm tra",
            starts_on=starts,
            subject_unit=subject,
            subject_member=member,
        )
        if concluded:
            services.inspection_conclude(
                actor=actor,
                inspection=inspection,
                conclusion="Kết luận",
                concluded_on=concluded,
                violation_found=violation,
                recommendations=recs,
            )
        return inspection

    def task(text, lead, deadline):
        return {"text": text, "lead_unit": lead, "deadline": deadline}

    def decide(actor, unit, form, day, subject=None, member=None):
        return discipline_create(
            actor=actor,
            unit=unit,
            form=form,
            decided_on=day,
            reason="Vi phạm",
            subject_unit=subject,
            subject_member=member,
        )

    with at(d(2026, 2, 1)):
        K = InspectionKind
        i1 = inspect(
            w.alice,
            w.district_a,
            K.INSPECTION,
            d(2025, 2, 1),
            w.commune_a,
            concluded=d(2025, 2, 20),
            violation=True,
            recs=[task("R1", w.commune_a, d(2025, 4, 30)), task("R2", w.cell_a, d(2025, 5, 31)), {"text": "R3"}],
        )
        i2 = inspect(
            w.alice,
            w.district_a,
            K.SUPERVISION_THEMATIC,
            d(2025, 3, 1),
            w.cell_a,
            concluded=d(2025, 3, 15),
            recs=[task("R4", w.commune_a, d(2025, 6, 30))],
        )
        inspect(
            w.alice,
            w.commune_a,
            K.INSPECTION_SIGNS,
            d(2025, 6, 1),
            member=w.member_a,
            concluded=d(2025, 12, 20),
            violation=True,
            recs=[task("R5", w.cell_a, d(2026, 1, 31))],
        )  # I3
        inspect(w.alice, w.district_a, K.SUPERVISION_REGULAR, d(2025, 11, 1), w.commune_a)  # I4, open
        i5 = inspect(
            w.alice,
            w.district_a,
            K.INSPECTION,
            d(2024, 12, 1),
            w.commune_a,
            concluded=d(2025, 1, 10),
            recs=[task("R6", w.commune_a, d(2025, 3, 1))],
        )
        services.archive(
            actor=w.alice,
            obj=inspect(
                w.alice, w.district_a, K.INSPECTION, d(2025, 4, 1), w.cell_a, concluded=d(2025, 4, 5), violation=True
            ),
        )  # I6
        inspect(
            w.charlie,
            w.district_b,
            K.INSPECTION,
            d(2025, 5, 1),
            w.commune_b,
            concluded=d(2025, 5, 10),
            violation=True,
            recs=[task("R7", w.commune_b, d(2025, 6, 1))],
        )  # I7
        inspect(w.alice, w.district_a, K.INSPECTION, d(2026, 1, 10), w.commune_a)  # I8, next year

        F = DisciplineForm
        decide(w.alice, w.district_a, F.REPRIMAND, d(2025, 3, 1), w.cell_a)  # D1
        decide(w.alice, w.district_a, F.WARNING, d(2025, 8, 1), member=w.member_a)  # D2
        decide(w.alice, w.commune_a, F.REPRIMAND, d(2025, 9, 1), member=w.member_a)  # D3
        decide(w.alice, w.district_a, F.WARNING, d(2024, 12, 15), w.commune_a)  # D4, last year
        decide(w.charlie, w.district_b, F.REPRIMAND, d(2025, 6, 1), w.commune_b)  # D5
        services.archive(actor=w.alice, obj=decide(w.alice, w.district_a, F.REPRIMAND, d(2025, 5, 1), w.cell_a))  # D6

    r1, r4, r6 = (i.recommendations.filter(task__isnull=False).first().task for i in (i1, i2, i5))
    with at(d(2025, 4, 10)):
        r1 = work.propose_completion(actor=w.alice, task=r1, text="Xong")  # R1: done on time
    with at(d(2025, 4, 11)):
        work.accept(actor=w.alice, task=r1)
    with at(d(2025, 7, 10)):
        r4 = work.propose_completion(actor=w.alice, task=r4, text="Xong")  # R4: done late
    with at(d(2025, 7, 11)):
        work.accept(actor=w.alice, task=r4)
    with at(d(2025, 2, 15)):
        work.cancel(actor=w.alice, task=r6, reason="Không còn phù hợp")  # R6: cancelled before its deadline
    return w


DISTRICT_A = {
    "inspections_by_kind": {
        "inspection": 1,
        "inspection_signs": 1,
        "supervision_regular": 1,
        "supervision_thematic": 1,
    },
    "inspections": 2,
    "supervisions": 2,
    "organisations_inspected": 3,
    "members_inspected": 1,
    "concluded": 4,
    "with_violations": 2,
    "recommendations_made": 6,
    "recommendations_done_on_time": 1,
    "recommendations_overdue": 1,  # R2 (R4 was done late, R5 is not due, R6 was cancelled)
    "disciplines_by_form": {"reprimand": 2, "warning": 1, "dismissal": 0, "expulsion": 0, "dissolution": 0},
}
DISTRICT_A_ALONE = DISTRICT_A | {
    "inspections_by_kind": {
        "inspection": 1,
        "inspection_signs": 0,
        "supervision_regular": 1,
        "supervision_thematic": 1,
    },
    "inspections": 1,
    "members_inspected": 0,
    "concluded": 3,
    "with_violations": 1,
    "recommendations_made": 5,
    "disciplines_by_form": {"reprimand": 1, "warning": 1, "dismissal": 0, "expulsion": 0, "dissolution": 0},
}
COMMUNE_A = {
    "inspections_by_kind": {
        "inspection": 0,
        "inspection_signs": 1,
        "supervision_regular": 0,
        "supervision_thematic": 0,
    },
    "inspections": 1,
    "supervisions": 0,
    "organisations_inspected": 0,
    "members_inspected": 1,
    "concluded": 1,
    "with_violations": 1,
    "recommendations_made": 1,
    "recommendations_done_on_time": 0,
    "recommendations_overdue": 0,
    "disciplines_by_form": {"reprimand": 1, "warning": 0, "dismissal": 0, "expulsion": 0, "dissolution": 0},
}


@pytest.mark.parametrize(
    ("unit", "subtree", "expected"),
    [("district_a", True, DISTRICT_A), ("district_a", False, DISTRICT_A_ALONE), ("commune_a", True, COMMUNE_A)],
)
def test_figures_match_the_hand_count(data, unit, subtree, expected, django_assert_num_queries):
    with django_assert_num_queries(len(expected)):
        assert figures.summary(getattr(data, unit), *YEAR, subtree=subtree) == expected


def test_each_figure_is_one_query(data, django_assert_num_queries):
    for name in figures.__all__:
        if name in {"summary", "recommendations_overdue"}:
            continue
        with django_assert_num_queries(1):
            getattr(figures, name)(data.province, *YEAR)
    with django_assert_num_queries(1):
        figures.recommendations_overdue(data.province, YEAR[1])


def test_the_province_counts_both_districts_and_the_outsider_only_its_own(data):
    province = figures.summary(data.province, *YEAR)
    assert province["inspections"] == 3 and province["with_violations"] == 3 and province["recommendations_made"] == 7
    assert province["recommendations_overdue"] == 2  # R2 and R7
    district_b = figures.summary(data.district_b, *YEAR)
    assert district_b["inspections"] == 1 and district_b["disciplines_by_form"]["reprimand"] == 1


def test_overdue_is_as_the_day_stood(data):
    assert figures.recommendations_overdue(data.district_a, d(2025, 5, 15)) == 0  # R1 done, R2 not yet due
    assert figures.recommendations_overdue(data.district_a, d(2025, 6, 5)) == 1  # R2
    assert figures.recommendations_overdue(data.district_a, d(2025, 7, 5)) == 2  # R2 and R4 (done on 10/7)
    assert figures.recommendations_overdue(data.district_a, d(2025, 3, 10)) == 0  # R6 was cancelled on 15/2


def test_a_period_ending_later_counts_overdue_as_of_today(data):
    from django.utils import timezone

    today = timezone.localdate()
    later = figures.summary(data.district_a, YEAR[0], d(2099, 12, 31))["recommendations_overdue"]
    assert later == figures.recommendations_overdue(data.district_a, today) == 2  # R2, and R5 (due 31/1/2026)
