"""The figures of cadre work against a data set counted by hand (the comments say which rows count), each family in
one query, by path prefix, whatever the size of the subtree."""

import datetime

import pytest

from lanhdao.cadres import selectors as sel
from lanhdao.cadres.models import Movement, Nomination, PositionHeld, SuccessionEntry, Training
from lanhdao.members.placing import place

from .test_services import add_bodies

D = datetime.date
START, END = D(2025, 1, 1), D(2025, 12, 31)


def placed(row, unit):
    place(row, unit)
    row.save()
    return row


@pytest.fixture
def data(members_world):
    w = add_bodies(members_world)
    a, b = w.member_a, w.member_b
    for unit, kind, day in [
        (w.btv_a, "rotation", D(2025, 3, 1)),  # counts
        (w.btv_a, "rotation", D(2025, 12, 31)),  # counts: the last day is in the period
        (w.district_a, "rotation", D(2025, 2, 2)),  # counts, and on district A itself
        (w.commune_a, "transfer", D(2025, 6, 1)),  # counts
        (w.district_a, "secondment", D(2024, 12, 31)),  # before the period
        (w.commune_b, "transfer", D(2025, 5, 1)),  # district B
    ]:
        placed(Movement(member=a, unit=unit, kind=kind, decided_on=day, starts_on=day, destination="x"), unit)
    for unit, kind, started, ended, completed in [
        (w.cell_a, "theory", D(2024, 9, 1), D(2025, 2, 1), True),  # completed in the period, started before
        (w.cell_a, "theory", D(2025, 3, 1), None, False),  # started
        (w.commune_a, "refresher", D(2025, 4, 1), D(2025, 4, 10), True),  # started and completed
        (w.cell_a, "expertise", D(2025, 5, 1), D(2026, 1, 10), True),  # started; completed after the period
        (w.cell_a, "state_management", D(2025, 6, 1), D(2025, 7, 1), False),  # started; ended, not completed
        (w.commune_b, "theory", D(2025, 3, 1), None, False),  # district B
    ]:
        placed(
            Training(
                member=a, unit=unit, kind=kind, course="c", started_on=started, ended_on=ended, completed=completed
            ),
            unit,
        )
    for unit, kind, day, outcome in [
        (w.commune_a, "election", D(2025, 1, 10), "elected"),
        (w.commune_a, "election", D(2025, 1, 10), "not_elected"),
        (w.commune_a, "election", D(2025, 2, 10), ""),
        (w.btv_a, "appointment", D(2025, 3, 1), "elected"),
        (w.btv_a, "appointment", D(2025, 3, 1), "withdrawn"),
        (w.btv_a, "appointment", D(2024, 12, 1), "elected"),  # before the period
        (w.commune_b, "election", D(2025, 1, 10), ""),  # district B
    ]:
        placed(Nomination(member=a, unit=unit, kind=kind, post="p", nominated_on=day, outcome=outcome), unit)
    for unit, started, ended in [
        (w.btv_a, D(2020, 10, 1), D(2025, 10, 14)),  # ended in the period
        (w.btv_a, D(2025, 10, 15), None),  # started
        (w.ubnd_a, D(2025, 1, 1), None),  # started
        (w.btv_b, D(2025, 5, 5), None),  # district B
    ]:
        placed(PositionHeld(member=a, unit=unit, title="t", started_on=started, ended_on=ended), unit)
    for unit, added, removed, member in [
        (w.btv_a, D(2025, 12, 10), None, a),  # added
        (w.btv_a, D(2024, 6, 1), D(2025, 2, 1), b),  # removed in the period
        (w.btv_b, D(2025, 12, 10), None, b),  # district B
    ]:
        placed(
            SuccessionEntry(member=member, unit=unit, term="2025-2030", title="t", added_on=added, removed_on=removed),
            unit,
        )
    return w


def test_figures_of_district_a_counted_by_hand(data, django_assert_num_queries):
    with django_assert_num_queries(5):
        figures = sel.cadre_figures(unit=data.district_a, start=START, end=END)
    assert set(figures) == set(sel.FIGURE_KEYS)
    expected = {
        "movements": 4,
        "rotations": 3,
        "transfers": 1,
        "secondments": 0,
        "trainings_started": 4,
        "trainings_started_theory": 1,
        "trainings_started_refresher": 1,
        "trainings_started_expertise": 1,
        "trainings_started_state_management": 1,
        "trainings_completed": 2,
        "trainings_completed_theory": 1,
        "trainings_completed_refresher": 1,
        "trainings_completed_expertise": 0,
        "trainings_completed_state_management": 0,
        "nominations": 5,
        "nominations_election": 3,
        "nominations_appointment": 2,
        "nominations_elected": 2,
        "nominations_not_elected": 1,
        "nominations_withdrawn": 1,
        "nominations_pending": 1,
        "nominations_election_elected": 1,
        "nominations_election_not_elected": 1,
        "nominations_election_pending": 1,
        "nominations_election_withdrawn": 0,
        "nominations_appointment_elected": 1,
        "nominations_appointment_withdrawn": 1,
        "nominations_appointment_pending": 0,
        "nominations_appointment_not_elected": 0,
        "positions_started": 2,
        "positions_ended": 1,
        "succession_added": 1,
        "succession_removed": 1,
    }
    assert figures == expected


def test_the_unit_alone_and_another_subtree(data):
    alone = sel.cadre_figures(unit=data.district_a, start=START, end=END, subtree=False)
    assert alone["movements"] == alone["rotations"] == 1 and alone["nominations"] == 0
    other = sel.cadre_figures(unit=data.district_b, start=START, end=END)
    assert (other["transfers"], other["trainings_started"], other["nominations"]) == (1, 1, 1)
    assert (other["positions_started"], other["succession_added"]) == (1, 1)


@pytest.mark.parametrize(
    "function",
    [sel.movement_figures, sel.training_figures, sel.nomination_figures, sel.position_figures, sel.succession_figures],
)
def test_each_family_is_one_query(data, function, django_assert_num_queries):
    with django_assert_num_queries(1):
        function(data.province, START, END)


def test_a_period_without_rows_counts_zero(data):
    figures = sel.cadre_figures(unit=data.province, start=D(2000, 1, 1), end=D(2000, 12, 31))
    assert set(figures.values()) == {0}
