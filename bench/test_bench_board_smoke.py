"""The board benchmark measures what it claims: the generated tasks look like a party committee's, the board, the
per-unit loop and the hand-written GROUP BY give the same counts, and the board takes the same few queries for a
province and for a commune. No timings are asserted: they belong to bench/README.md, not to CI."""

import pytest
from django.db import connection
from django.db.models import F

from bench.bench_board import (
    BOARD_LIMIT,
    board,
    check_board,
    floor_counts,
    naive_per_unit,
    pg_plan_verdict,
    run,
    summed,
)
from bench.bench_subtree import QueryCounter, pick_unit
from bench.generate import ScaleMismatch, generate
from bench.generate_tasks import ASSIGNER_KINDS, STATE_WEIGHTS, TODAY, generate_tasks
from lanhdao.audit.models import AuditEntry
from lanhdao.core.text import fold
from lanhdao.org.kinds import UnitKind
from lanhdao.org.models import Unit
from lanhdao.org.selectors import subtree
from lanhdao.work.models import Task
from lanhdao.work.selectors import status_counts
from lanhdao.work.status import DONE, Status

COUNT = 2_000
BOARD_QUERIES = 4  # status_counts 1, counts_by_lead_unit 2 (rows, then names), the overdue list 1


def quiet(_message: str) -> None:
    pass


@pytest.fixture
def generated(db):
    generate("S", log=quiet)
    return generate_tasks("S", count=COUNT, batch_size=500, log=quiet)


@pytest.fixture
def province(generated) -> Unit:
    return pick_unit("S")


@pytest.fixture
def commune(province) -> Unit:
    return subtree(province).filter(kind=UnitKind.COMMUNE_COMMITTEE).first()


def test_generator_fills_what_save_would(generated):
    assert Task.objects.count() == COUNT
    assert not Task.objects.exclude(lead_path=F("lead_unit__path")).exists()
    for title, search_title in Task.objects.values_list("title", "search_title"):
        assert search_title == fold(title)


def test_each_task_is_assigned_by_a_committee_above_its_lead(generated):
    for assigner_path, assigner_kind, lead_path in Task.objects.values_list(
        "assigning_unit__path", "assigning_unit__kind", "lead_path"
    ):
        assert assigner_kind in ASSIGNER_KINDS
        assert lead_path.startswith(assigner_path) and lead_path != assigner_path


def test_status_mix_is_the_one_drawn(generated):
    counts = status_counts(Task.objects.all(), TODAY)
    assert counts == dict.fromkeys(Status.values, 0) | dict(generated.statuses)
    assert all(counts.values()), counts  # every status occurs, overdue and due soon included
    share = {status: n / COUNT for status, n in counts.items()}
    total_weight = sum(STATE_WEIGHTS.values())
    assert share[Status.CANCELLED] == pytest.approx(STATE_WEIGHTS["cancelled"] / total_weight, abs=0.02)
    assert sum(share[s] for s in DONE) == pytest.approx(STATE_WEIGHTS["accepted"] / total_weight, abs=0.04)
    assert share[Status.AWAITING] == pytest.approx(STATE_WEIGHTS["awaiting"] / total_weight, abs=0.02)
    assert share[Status.RETURNED] == pytest.approx(STATE_WEIGHTS["returned"] / total_weight, abs=0.02)
    assert 0.05 < share[Status.OVERDUE] < 0.3


def test_generated_dates_stop_at_today(generated):
    for field in ("proposed_at", "accepted_at", "returned_at", "cancelled_at"):
        assert not Task.objects.filter(**{f"{field}__date__gt": TODAY}).exists(), field
    assert not Task.objects.filter(completed_on__gt=TODAY).exists()


def test_generating_twice_creates_nothing_the_second_time(generated):
    again = generate_tasks("S", count=COUNT, log=quiet)
    assert again.skipped and again.created == 0
    assert Task.objects.count() == COUNT


def test_generating_another_count_is_refused(generated):
    with pytest.raises(ScaleMismatch, match="use --reset"):
        generate_tasks("S", count=COUNT + 1, log=quiet)
    assert Task.objects.count() == COUNT


def test_generator_writes_no_audit_rows(generated):
    # The tasks skip their audit rows on purpose; if that changes, the generator measures the audit trail too.
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("which", ["province", "commune"])
def test_board_loop_and_floor_agree(which, request):
    unit = request.getfixturevalue(which)
    result = board(unit, TODAY)
    total = check_board(result, naive_per_unit(unit, TODAY), floor_counts(unit, TODAY))
    tasks = Task.objects.filter(lead_path__startswith=unit.path)
    assert total == tasks.count() > 0
    assert len(result["by_lead"]) == min(BOARD_LIMIT, tasks.values("lead_unit").distinct().count())


def test_a_loop_that_misses_a_unit_is_refused(commune):
    per_unit = naive_per_unit(commune, TODAY)
    per_unit.pop(next(pk for pk, counts in per_unit.items() if sum(counts.values())))
    with pytest.raises(AssertionError, match="is not honest"):
        check_board(board(commune, TODAY), per_unit, floor_counts(commune, TODAY))


def test_board_takes_the_same_few_queries_for_a_province_and_a_commune(
    province, commune, django_assert_max_num_queries
):
    queries = []
    for unit in (province, commune):
        counter = QueryCounter()
        with django_assert_max_num_queries(BOARD_QUERIES), connection.execute_wrapper(counter):
            board(unit, TODAY)
        queries.append(counter.count)
    assert queries == [BOARD_QUERIES, BOARD_QUERIES]


def test_naive_loop_is_one_query_per_unit(commune):
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        per_unit = naive_per_unit(commune, TODAY)
    assert counter.count == 1 + subtree(commune).count() == 1 + len(per_unit)
    assert sum(summed(per_unit).values()) == Task.objects.filter(lead_path__startswith=commune.path).count()


def test_run_prints_both_tables_and_the_plans(province):
    lines: list[str] = []
    results = run("S", repeat=1, log=lines.append)
    assert set(results) == {province.code, subtree(province).filter(kind=UnitKind.COMMUNE_COMMITTEE).first().code}
    for measurements in results.values():
        assert measurements[0].queries == BOARD_QUERIES
        assert measurements[-1].queries > BOARD_QUERIES
    text = "\n".join(lines)
    assert text.count("board, loop and floor agree") == 2
    assert text.count("EXPLAIN of status_counts") == 2


LEAD_PATH_INDEXES = {
    name: f"CREATE INDEX {name} ON public.work_task USING btree ({columns})"
    for name, columns in (
        ("task_lead_path_like", "lead_path varchar_pattern_ops"),
        ("work_task_lead_path_8f406b13", "lead_path"),
        ("work_task_lead_path_8f406b13_like", "lead_path varchar_pattern_ops"),
    )
}


def test_plan_verdict_recognises_the_index_under_test():
    plan = """Bitmap Index Scan on task_lead_path_like  (cost=0.00..1.0 rows=1 width=0)
          Index Cond: (((lead_path)::text ~>=~ '0001000S'::text) AND ((lead_path)::text ~<~ '0001000T'::text))"""
    assert pg_plan_verdict(plan, LEAD_PATH_INDEXES).startswith("uses task_lead_path_like")


def test_plan_verdict_names_a_twin_index():
    plan = """Bitmap Index Scan on work_task_lead_path_8f406b13_like
          Index Cond: (((lead_path)::text ~>=~ '0001000S'::text) AND ((lead_path)::text ~<~ '0001000T'::text))"""
    verdict = pg_plan_verdict(plan, LEAD_PATH_INDEXES)
    assert verdict.startswith("does NOT use task_lead_path_like but work_task_lead_path_8f406b13_like ")


def test_plan_verdict_reports_a_sequential_scan():
    plan = "Parallel Seq Scan on work_task\n  Filter: ((lead_path)::text ~~ '0001000S%'::text)"
    assert "a sequential scan" in pg_plan_verdict(plan, LEAD_PATH_INDEXES)


def test_plan_verdict_says_when_no_task_row_is_read():
    plan = """Index Only Scan using task_lead_path_like on work_task
          Index Cond: ((lead_path ~>=~ '0001000S'::text) AND (lead_path ~<~ '0001000T'::text))"""
    verdict = pg_plan_verdict(plan, LEAD_PATH_INDEXES)
    assert verdict == "uses task_lead_path_like: the prefix is an index range in an index-only scan."
