"""Every indicator against the data set counted by hand (indicator_data.py), its records against its figure, the
previous period, and the comparison of the units under a unit in one grouped query per indicator."""

import datetime

import pytest

from lanhdao.reports import indicators
from lanhdao.reports.indicators import BY_KEY, CATALOGUE, compare_children, compute, previous_period, total

from . import test_indicators_data as fixtures
from .test_indicators_data import END, EXPECTED, EXPECTED_2024, EXPECTED_ALONE, START

data, frozen = fixtures.data, fixtures.frozen  # the shared data set

D = datetime.date
ZEROS = dict.fromkeys(BY_KEY, 0)


def test_every_indicator_of_the_subtree_counted_by_hand(data):
    assert compute(data.district_a, START, END) == ZEROS | EXPECTED


def test_every_indicator_of_the_unit_alone_counted_by_hand(data):
    assert compute(data.district_a, START, END, subtree=False) == ZEROS | EXPECTED_ALONE


def test_every_indicator_of_the_previous_year_counted_by_hand(data):
    directing = {"directing_addressed": 1, "directing_uncovered": 1}  # district A's own 2024 resolution
    assert compute(data.district_a, *previous_period(START, END)) == ZEROS | EXPECTED_2024 | directing


def test_another_subtree_counts_only_its_own(data):
    found = compute(data.district_b, START, END)
    assert found["meetings_held"] == 1 and found["tasks_assigned"] == 1 and found["transfers"] == 1
    assert found["documents_issued"] == 1 and found["staff_quota"] == 7 and found["admissions"] == 0


@pytest.mark.parametrize("subtree", [True, False])
@pytest.mark.parametrize("unit", ["province", "district_a", "commune_a", "district_b"])
def test_the_records_behind_every_indicator_add_up_to_its_figure(data, unit, subtree):
    unit = getattr(data, unit)
    for indicator in CATALOGUE:
        records = indicator.records(unit, START, END, subtree)
        assert total(indicator, records) == indicator.value(unit, START, END, subtree), indicator.key


def test_compute_takes_one_query_per_source_table(data, django_assert_num_queries):
    keys = ["meetings_held", "tasks_overdue", "admissions", "staff_headcount"]
    with django_assert_num_queries(len(keys) + 1):  # the tasks: on their lead, then moved from an earlier lead
        assert compute(data.district_a, START, END, keys=keys) == {k: EXPECTED[k] for k in keys}
    tasks = [i.key for i in CATALOGUE if i.group == "tasks"]
    meetings = [i.key for i in CATALOGUE if i.group == "meetings"]
    with django_assert_num_queries(3):  # five task figures read the tasks once per lead path; ten meeting figures, once
        assert compute(data.district_a, START, END, keys=tasks + meetings) == {
            k: EXPECTED.get(k, 0) for k in tasks + meetings
        }


def test_the_whole_catalogue_reads_each_table_once(data, django_assert_num_queries):
    sources = {i.records.source for i in CATALOGUE if isinstance(i.records, indicators.rec.Rule)}
    alone = [i for i in CATALOGUE if not isinstance(i.records, indicators.rec.Rule)]
    assert [i.key for i in alone] == ["directing_addressed", "directing_covered", "directing_uncovered"]
    rules = [i.records for i in CATALOGUE if isinstance(i.records, indicators.rec.Rule)]
    # a query per table and path (the tasks by two), per rule where the table is counted apart (the placements)
    queries = sum(len(s.paths) * (sum(r.source == s for r in rules) if s.apart else 1) for s in sources)
    assert queries == 19
    with django_assert_num_queries(queries + len(alone)):  # 19 + 3: 22 queries for 50 figures
        compute(data.district_a, START, END)


def test_an_unknown_key_is_refused(data):
    with pytest.raises(KeyError):
        compute(data.district_a, START, END, keys=["no_such_indicator"])


def test_previous_period_of_a_year_a_month_and_any_span():
    assert previous_period(D(2025, 1, 1), D(2025, 12, 31)) == (D(2024, 1, 1), D(2024, 12, 31))
    assert previous_period(D(2024, 1, 1), D(2024, 12, 31)) == (D(2023, 1, 1), D(2023, 12, 31))  # 366 days
    assert previous_period(D(2025, 3, 1), D(2025, 3, 31)) == (D(2025, 1, 29), D(2025, 2, 28))
    assert previous_period(D(2025, 7, 1), D(2025, 7, 1)) == (D(2025, 6, 30), D(2025, 6, 30))


GROUPED = [i.key for i in CATALOGUE if i.path_field is not None]


def test_children_rows_add_up_to_the_unit_and_match_each_child(data):
    rows = compare_children(data.province, START, END, GROUPED)
    assert [r.unit for r in rows] == [data.province, data.district_a, data.district_b]
    assert rows[0].own
    whole = compute(data.province, START, END, keys=GROUPED)
    for key in GROUPED:
        assert sum(row.values[key] for row in rows) == whole[key], key
    assert rows[1].values == compute(data.district_a, START, END, keys=GROUPED)
    assert rows[2].values == compute(data.district_b, START, END, keys=GROUPED)
    own = compare_children(data.district_a, START, END, GROUPED)[0]
    assert own.own and own.values == compute(data.district_a, START, END, keys=GROUPED, subtree=False)


def test_children_of_a_unit_one_query_per_source_whatever_the_number_of_units(data, django_assert_num_queries):
    from conftest import add_unit
    from lanhdao.org.kinds import UnitKind

    keys = ["meetings_held", "documents_issued", "tasks_assigned", "petitions_received", "staff_quota"]
    expected = 1 + len(keys) + 1  # the children, one per source, the tasks twice (by lead, by earlier lead)
    with django_assert_num_queries(expected):
        compare_children(data.province, START, END, keys)
    for n in range(3):
        add_unit(data.province, f"HX{n}", f"Huyện {n}", UnitKind.DISTRICT_COMMITTEE)
    with django_assert_num_queries(expected):
        rows = compare_children(data.province, START, END, keys)
    assert len(rows) == 6


def test_the_documents_to_concretise_are_counted_child_by_child(data):
    rows = compare_children(data.district_a, START, END, ["directing_addressed", "directing_uncovered"])
    commune = next(r for r in rows if r.unit == data.commune_a)
    # the province's directive and district A's resolution reach the commune; the resolution is implemented there
    assert commune.values == {"directing_addressed": 2, "directing_uncovered": 1}
    assert {"directing_addressed", "directing_covered", "directing_uncovered"} == indicators.GROUPED_NOT


def test_a_task_moved_by_a_restructuring_counts_on_its_earlier_lead_before_the_move_and_never_twice(data):
    """As restructuring.movers leaves it: lead_path is the successor's, earlier_lead_path the closed unit's, lead_since
    the day of the change. Here a task of district B moved to commune XA1 of district A on 1 July 2025."""
    from lanhdao.reports.tests.test_indicators_data import _task

    moved = _task(
        data,
        data.commune_b,
        D(2025, 3, 1),
        D(2025, 6, 30),
        completed_on=D(2025, 5, 20),
        accepted_at=datetime.datetime(2025, 5, 21, 9, tzinfo=datetime.UTC),
    )
    type(moved).objects.filter(pk=moved.pk).update(
        lead_unit=data.commune_a,
        lead_path=data.commune_a.path,
        earlier_lead_path=data.commune_b.path,
        lead_since=D(2025, 7, 1),
    )
    keys = ["tasks_assigned", "tasks_done_on_time"]
    # started and done before the move: B's, not A's
    assert compute(data.district_b, START, END, keys=keys) == {"tasks_assigned": 2, "tasks_done_on_time": 1}
    assert compute(data.district_a, START, END, keys=keys) == {k: EXPECTED[k] for k in keys}
    # the province holds both the earlier and the present lead: counted once
    whole = compute(data.province, START, END, keys=keys)
    separately = [compute(u, START, END, keys=keys) for u in (data.district_a, data.district_b)]
    assert whole == {k: sum(s[k] for s in separately) for k in keys}
    for key in keys:
        indicator = BY_KEY[key]
        assert total(indicator, indicator.records(data.province, START, END, True)) == whole[key]
