"""The indicators' benchmark measures what it claims: on the S tree with generated tasks and members, compute(), the
hand-written SQL of the floor and the per-unit loop give the same figures, and compute() takes the same number of
queries for a commune, a province and the root. No timings are asserted: they belong to bench/README.md, not CI."""

import datetime

import pytest

from bench.bench_indicators import (
    MEMBER_KEYS,
    TASK_KEYS,
    check,
    floor_evaluations,
    floor_placements,
    floor_tasks,
    full_catalogue,
    naive_loop,
    one_query_per_indicator,
    run,
)
from bench.bench_subtree import QueryCounter, pick_unit
from bench.generate import generate
from bench.generate_members import generate_members
from bench.generate_tasks import generate_tasks
from lanhdao.org.kinds import UnitKind
from lanhdao.org.selectors import subtree

START, END = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)


def quiet(_message: str) -> None:
    pass


@pytest.fixture
def generated(db):
    generate("S", log=quiet)
    generate_tasks("S", count=3000, batch_size=1000, log=quiet)
    generate_members("S", per_cell=4.0, chunk=500, log=quiet)


def queries(func) -> tuple[int, object]:
    from django.db import connection

    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        result = func()
    return counter.count, result


def test_compute_the_floor_and_the_loop_agree_on_a_province_and_a_commune(generated):
    province = pick_unit("S")
    commune = subtree(province).filter(kind=UnitKind.COMMUNE_COMMITTEE).first()
    for unit in (province, commune):
        figures = full_catalogue(unit, START, END)
        floors = floor_tasks(unit, START, END) | floor_placements(unit, START, END)
        floors |= floor_evaluations(unit, START, END)
        naive = naive_loop(unit, START, END)
        check(figures, floors, naive)  # raises on any difference
        assert one_query_per_indicator(unit, START, END) == figures
    figures = full_catalogue(province, START, END)
    # the data is there: the figures compared are not zeros
    assert figures["tasks_assigned"] > 100 and figures["tasks_open"] > 10 and figures["tasks_done_on_time"] > 10
    assert figures["admissions"] > 5 and figures["members_excellent"] > 5


def test_a_wrong_figure_is_caught(generated):
    province = pick_unit("S")
    figures = full_catalogue(province, START, END)
    floors = floor_tasks(province, START, END)
    floors["tasks_overdue"] += 1
    with pytest.raises(AssertionError, match="tasks_overdue"):
        check(figures, floors, None)
    naive = dict.fromkeys(TASK_KEYS + MEMBER_KEYS, 0)
    with pytest.raises(AssertionError, match="per-unit loop"):
        check(figures, {}, naive)


def test_compute_takes_as_many_queries_for_the_root_as_for_a_commune(generated):
    province = pick_unit("S")
    commune = subtree(province).filter(kind=UnitKind.COMMUNE_COMMITTEE).first()
    counts = {queries(lambda u=u: full_catalogue(u, START, END))[0] for u in (province, commune)}
    assert counts == {22}  # 50 figures: a query per table, the tasks by two paths, the placements per event
    loop_queries, _ = queries(lambda: naive_loop(commune, START, END))
    assert loop_queries == 1 + 4 * subtree(commune).count()  # the units; per unit the tasks (by 2 paths), 2 events


def test_the_run_prints_a_table_per_subject(generated):
    lines: list[str] = []
    results = run("S", repeat=1, naive_limit=100, log=lines.append)
    assert len(results) == 2  # a commune and the root province (the chosen unit at S)
    text = "\n".join(lines)
    assert "compute: all 50 figures" in text and "floor: total" in text
    assert "not run" in text  # the province's 644 units are over the limit of 100: extrapolated from the commune
