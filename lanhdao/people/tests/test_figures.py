"""Figures for the reports: one query each, unit alone or with its subtree, period bounds included, mistakes out."""

import datetime

import pytest

from lanhdao.people import figures, services, services_petitions, services_plans

from .conftest import TODAY

D = datetime.timedelta
START, END = TODAY - D(days=30), TODAY


@pytest.fixture
def recorded(world, make_visit, make_dialogue, make_petition, make_plan):
    make_visit(visited_on=START)  # the first day counts
    make_visit(unit=world.commune_a, place_unit=world.cell_a)  # a commune's own visit: in the district's subtree
    make_visit(visited_on=START - D(days=1))  # before the period
    services.archive(actor=world.alice, obj=make_visit())  # a mistake
    make_dialogue(participants=50)
    make_dialogue(unit=world.ubnd_a, participants=30, held_on=END)
    services.reception_day_create(actor=world.alice, unit=world.district_a, held_on=END, received_by_name="A", cases=7)
    services.reception_day_create(
        actor=world.alice, unit=world.commune_a, held_on=END - D(days=1), received_by_name="B", cases=2
    )
    on_time = make_petition(received_on=START, deadline=START + D(days=10))
    late = make_petition(received_on=START, deadline=START + D(days=5))
    make_petition(received_on=START, deadline=START + D(days=6))  # overdue, never answered
    make_petition(receiving_unit=world.commune_a, received_on=TODAY)  # open
    services_petitions.petition_answer(actor=world.alice, petition=on_time, answered_on=START + D(days=10), answer="x")
    services_petitions.petition_answer(actor=world.alice, petition=late, answered_on=START + D(days=8), answer="x")
    published = make_plan(year_start=TODAY.year)
    services_plans.plan_publish(actor=world.alice, plan=published)
    make_plan(year_start=TODAY.year, leader=None, leader_name="X", leader_position="Y", unit=world.commune_a)  # draft
    return world


def test_each_figure_for_the_subtree_and_for_the_unit_alone(recorded, django_assert_num_queries):
    unit = recorded.district_a
    expected = {
        "field_visits": (2, 1),
        "dialogues": (2, 1),
        "dialogue_participants": (80, 50),
        "reception_days": (2, 1),
        "reception_cases": (9, 7),
        "petitions_received": (4, 3),
        "petitions_answered": (2, 2),
        "petitions_answered_on_time": (1, 1),
        "published_plans": (1, 1),
    }
    for name, (with_subtree, alone) in expected.items():
        function = getattr(figures, name)
        with django_assert_num_queries(1):
            assert function(unit, START, END) == with_subtree, name
        with django_assert_num_queries(1):
            assert function(unit, START, END, subtree=False) == alone, name


def test_overdue_as_it_stood_on_a_day(recorded, django_assert_num_queries):
    unit = recorded.district_a
    with django_assert_num_queries(1):
        assert figures.petitions_overdue(unit, TODAY) == 1
    # on START + 7 the late one (deadline +5, answered +8) and the never-answered one (deadline +6) were overdue
    assert figures.petitions_overdue(unit, START + D(days=7)) == 2
    assert figures.petitions_overdue(unit, START + D(days=5)) == 0  # the deadline day itself is not overdue


def test_other_branches_and_other_periods_count_nothing(recorded):
    assert set(figures.summary(recorded.district_b, START, END).values()) == {0}
    assert figures.field_visits(recorded.province, START, END) == 2
    last_year = datetime.date(TODAY.year - 1, 1, 1), datetime.date(TODAY.year - 1, 12, 31)
    assert figures.published_plans(recorded.district_a, *last_year) == 0
    assert figures.field_visits(recorded.district_a, START - D(days=1), START - D(days=1)) == 1
