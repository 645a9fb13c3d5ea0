"""Benchmark of the hot path "the subtree board renders with a bounded number of queries": the task board of a
province (and of a commune inside it) through work.selectors, against counting unit by unit, and against the floor,
one hand-written GROUP BY.

    .venv/bin/python bench/bench_board.py [--scale S|M|L] [--database-url URL] [--repeat N] [--unit CODE]
                                          [--today YYYY-MM-DD] [--tasks N]

The tree and the tasks are generated first if they are missing (bench/generate.py, bench/generate_tasks.py; `--tasks`
defaults to 20,000 at S, 200,000 at M, 10,000,000 at L). Every operation runs once with its queries counted (that
run also warms the caches), then `--repeat` times on the clock; the table shows the median. The board, the naive
loop and the floor must give the same counts, or the benchmark stops.
"""

import argparse
import datetime
import sys
from collections import Counter
from collections.abc import Callable, Sized
from pathlib import Path
from typing import TYPE_CHECKING, Any

if __package__ in (None, ""):
    # Run as a script (`python bench/bench_board.py`): make `lanhdao` and `bench` importable.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_subtree import DEFAULT_REPEAT, Measurement, measure, pick_unit
from bench.env import add_common_arguments, describe_database, resolve_database_url, setup_django
from bench.generate import Log, prepare_database
from bench.generate_tasks import COUNT_BY_SCALE, TODAY, generate_tasks

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from lanhdao.org.models import Unit
    from lanhdao.work.models import Task

BOARD_LIMIT = 20  # rows of the "by lead unit" table and of the overdue list, as on the board page
INDEX_UNDER_TEST = "task_lead_path_like"
NAIVE = "naive: status_counts per unit"


# The operations. Each takes the unit and the day and returns what it computed; they import lazily because Django
# starts after this module loads.


def board_tasks(unit: "Unit") -> "QuerySet[Task]":
    """The board's starting set, as work.views.board builds it for a superuser (tasks_for gives every task)."""
    from lanhdao.work.models import Task
    from lanhdao.work.selectors import in_subtree

    return in_subtree(Task.objects.all(), unit)


def board_status_counts(unit: "Unit", today: datetime.date) -> dict[str, int]:
    from lanhdao.work.selectors import status_counts

    return status_counts(board_tasks(unit), today)


def board_by_lead(unit: "Unit", today: datetime.date) -> list[dict]:
    from lanhdao.work.selectors import counts_by_lead_unit

    return counts_by_lead_unit(board_tasks(unit), today, limit=BOARD_LIMIT)


def board_overdue(unit: "Unit", today: datetime.date) -> list["Task"]:
    """The first overdue tasks, the oldest deadline first, as work.views.board lists them."""
    from lanhdao.work.selectors import filter_status, with_status
    from lanhdao.work.status import Status

    overdue = with_status(filter_status(board_tasks(unit), Status.OVERDUE, today), today)
    return list(overdue.select_related("lead_unit").order_by("deadline", "pk")[:BOARD_LIMIT])


def board(unit: "Unit", today: datetime.date) -> dict[str, Any]:
    """The product's board: the status cards, the lead units with the most overdue tasks, the oldest overdue."""
    return {
        "counts": board_status_counts(unit, today),
        "by_lead": board_by_lead(unit, today),
        "overdue": board_overdue(unit, today),
    }


def naive_per_unit(unit: "Unit", today: datetime.date) -> dict[int, dict[str, int]]:
    """The baseline: every unit of the subtree counts its own tasks by status, one query per unit."""
    from lanhdao.org.selectors import subtree
    from lanhdao.work.models import Task
    from lanhdao.work.selectors import status_counts

    return {u.pk: status_counts(Task.objects.filter(lead_unit=u), today) for u in subtree(unit)}


def summed(per_unit: dict[int, dict[str, int]]) -> dict[str, int]:
    total: Counter = Counter()
    for counts in per_unit.values():
        total.update(counts)
    return dict(total)


# derive() / status_expression() by hand, for the floor: the same order of rules.
STATUS_CASE_SQL = """CASE
        WHEN cancelled_at IS NOT NULL THEN 'cancelled'
        WHEN accepted_at IS NOT NULL AND completed_on <= deadline THEN 'done_on_time'
        WHEN accepted_at IS NOT NULL THEN 'done_late'
        WHEN proposed_at IS NOT NULL AND (returned_at IS NULL OR returned_at <= proposed_at) THEN 'awaiting'
        WHEN deadline < %s THEN 'overdue'
        WHEN returned_at IS NOT NULL THEN 'returned'
        WHEN deadline <= %s THEN 'due_soon'
        WHEN start_date > %s THEN 'not_yet_due'
        ELSE 'in_progress'
    END"""


def floor_sql(unit: "Unit", today: datetime.date) -> tuple[str, list]:
    """One GROUP BY over the subtree's tasks, written by hand: the least the database can be asked to do."""
    from django.db import connection

    from lanhdao.work.models import Task
    from lanhdao.work.status import due_soon_days

    soon = today + datetime.timedelta(days=due_soon_days())
    if connection.vendor == "sqlite":
        # SQLite's LIKE cannot use the BINARY index; a range on the path can (as org.selectors.path_prefix_q does).
        prefix, prefix_params = "lead_path >= %s AND lead_path < %s", [unit.path, unit.path + "~"]
        dates = [today.isoformat(), soon.isoformat(), today.isoformat()]
    else:
        prefix, prefix_params = "lead_path LIKE %s", [unit.path + "%"]
        dates = [today, soon, today]
    sql = f'SELECT {STATUS_CASE_SQL} AS status, count(*) FROM "{Task._meta.db_table}" WHERE {prefix} GROUP BY 1'
    return sql, [*dates, *prefix_params]


def floor_counts(unit: "Unit", today: datetime.date) -> dict[str, int]:
    from django.db import connection

    from lanhdao.work.status import Status

    sql, params = floor_sql(unit, today)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        counts = dict.fromkeys(Status.values, 0)
        counts.update(dict(cursor.fetchall()))
    return counts


def check_board(result: dict[str, Any], per_unit: dict[int, dict[str, int]], floor: dict[str, int]) -> int:
    """The board, the naive loop and the floor agree. Returns the number of tasks counted."""
    from lanhdao.work.status import OPEN, Status

    counts, naive, total = result["counts"], summed(per_unit), sum(result["counts"].values())
    if counts != naive:
        raise AssertionError(f"the board counts {counts}, the per-unit loop {naive}: the comparison is not honest")
    if counts != floor:
        raise AssertionError(f"the board counts {counts}, the hand-written GROUP BY {floor}")
    # The "by lead unit" table: the right figures, and the units that should top it.
    expected = sorted(
        (
            {
                "lead_unit_id": pk,
                "total": sum(c.values()),
                "overdue": c[Status.OVERDUE],
                "open": sum(c[s] for s in OPEN),
            }
            for pk, c in per_unit.items()
            if sum(c.values())
        ),
        key=lambda row: (-row["overdue"], -row["open"], row["lead_unit_id"]),
    )[:BOARD_LIMIT]
    got = [{key: row[key] for key in ("lead_unit_id", "total", "overdue", "open")} for row in result["by_lead"]]
    if got != expected:
        raise AssertionError(f"counts_by_lead_unit gave {got}, the per-unit loop {expected}")
    overdue = result["overdue"]
    if len(overdue) != min(BOARD_LIMIT, counts[Status.OVERDUE]) or any(t.status != Status.OVERDUE for t in overdue):
        raise AssertionError(f"the overdue list holds {[(t.pk, t.status) for t in overdue]}")
    return total


def measure_unit(unit: "Unit", today: datetime.date, *, repeat: int, log: Log = print) -> list[Measurement]:
    """Time every operation over `unit`'s subtree, check they agree, print the table."""
    operations: list[tuple[str, Callable[[], Sized]]] = [
        ("board: cards + by lead unit + overdue", lambda: board(unit, today)),
        ("  status_counts", lambda: board_status_counts(unit, today)),
        (f"  counts_by_lead_unit(limit={BOARD_LIMIT})", lambda: board_by_lead(unit, today)),
        (f"  first {BOARD_LIMIT} overdue", lambda: board_overdue(unit, today)),
        ("floor: 1 hand-written GROUP BY", lambda: floor_counts(unit, today)),
        (NAIVE, lambda: naive_per_unit(unit, today)),
    ]
    measurements, results = [], {}
    for name, func in operations:
        measurement, result = measure(name, func, repeat=repeat)
        measurements.append(measurement)
        results[name] = result
    total = check_board(results[operations[0][0]], results[NAIVE], results[operations[4][0]])
    units = len(results[NAIVE])
    log(f"{unit.code} ({unit.name}): {total:,} tasks led by its {units:,} units; board, loop and floor agree")

    naive_ms = next(m.median_ms for m in measurements if m.operation == NAIVE)
    log(f"{'operation':<40} {'queries':>8} {'median ms':>11} {'naive/this':>11}")
    for m in measurements:
        log(f"{m.operation:<40} {m.queries:>8,} {m.median_ms:>11.2f} {naive_ms / m.median_ms:>10.1f}x")
    return measurements


def lead_path_indexes() -> dict[str, str]:
    from django.db import connection

    from lanhdao.work.models import Task

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s",
            [Task._meta.db_table, "%(lead_path%"],
        )
        return dict(cursor.fetchall())


def pg_plan_verdict(plan: str, indexes: dict[str, str]) -> str:
    """One sentence on how PostgreSQL finds the subtree's tasks in `plan`."""
    # Longest names first: "work_task_lead_path_x_like" must not count as "work_task_lead_path_x".
    used = [name for name in sorted(indexes, key=len, reverse=True) if name in plan]
    used = [name for name in used if not any(name != other and name in other and other in plan for other in used)]
    ranged = any("Index Cond" in line and "lead_path" in line for line in plan.splitlines())
    # An index-only scan answers from the index alone: no task row is read.
    only = " in an index-only scan" if "Index Only Scan" in plan else ""
    if INDEX_UNDER_TEST in used and ranged:
        return f"uses {INDEX_UNDER_TEST}: the prefix is an index range{only}."
    if used and ranged:
        return (
            f"does NOT use {INDEX_UNDER_TEST} but {', '.join(used)} ({indexes[used[0]].split(' USING ')[1]}) "
            f"as an index range{only}: another index on lead_path (see bench/README.md)."
        )
    if used:
        return f"does NOT use {INDEX_UNDER_TEST}: it reads {used[0]} without a range on lead_path."
    return f"does NOT use {INDEX_UNDER_TEST} nor any index on lead_path (a sequential scan)."


def explain_status_counts(unit: "Unit", today: datetime.date) -> list[str]:
    """The plan of the board's status_counts query for `unit`."""
    from django.db import connection
    from django.db.models import Count

    from lanhdao.work.selectors import with_status

    # The queryset status_counts() runs, before it turns it into (status, n) pairs.
    queryset = with_status(board_tasks(unit), today).order_by().values("status").annotate(n=Count("id"))
    lines = [f"EXPLAIN of status_counts for {unit.code} ({unit.name}):"]
    if connection.vendor != "postgresql":
        plan = queryset.explain()
        lines += [f"  {line}" for line in plan.splitlines()]
        searched = "SEARCH" in plan and "lead_path>" in plan
        lines.append(
            "  -> SQLite reads only the subtree's range of the lead_path index."
            if searched
            else "  -> SQLite does NOT search the lead_path index: it reads every task."
        )
        return lines
    plan = queryset.explain(analyze=True, buffers=True)
    lines += [f"  {line}" for line in plan.splitlines()]
    lines.append(f"  -> {pg_plan_verdict(plan, lead_path_indexes())}")
    return lines


def ensure_tasks(scale: str, *, count: int | None, today: datetime.date, log: Log = print) -> int:
    """Generate the tasks if the database has none; returns how many there are."""
    from lanhdao.work.models import Task

    present = Task.objects.count()
    if present:
        if count is not None and count != present:
            log(f"note: the database already holds {present:,} tasks; --tasks {count:,} is ignored")
        return present
    return generate_tasks(scale, count=count or COUNT_BY_SCALE[scale], today=today, log=log).created


def run(
    scale: str,
    *,
    repeat: int = DEFAULT_REPEAT,
    unit_code: str | None = None,
    today: datetime.date = TODAY,
    log: Log = print,
) -> dict[str, list[Measurement]]:
    """Measure the board of the chosen unit and of a commune inside it; print the tables and the plans."""
    from lanhdao.org.kinds import UnitKind
    from lanhdao.org.selectors import subtree
    from lanhdao.work.models import Task

    unit = pick_unit(scale, unit_code)
    commune = subtree(unit).filter(kind=UnitKind.COMMUNE_COMMITTEE).first()
    tasks = Task.objects.count()
    log(f"database: {describe_database()}; scale {scale}; {tasks:,} tasks; today {today}; repeat {repeat}")
    results = {}
    for subject in (unit, commune):
        if subject is None:
            continue
        log("")
        results[subject.code] = measure_unit(subject, today, repeat=repeat, log=log)
    log("(queries: counted with a connection.execute_wrapper; the naive loop's include the one listing the units.")
    log(" naive/this: how many times faster than the naive loop.)")
    for subject in (unit, commune):
        if subject is None:
            continue
        log("")
        for line in explain_status_counts(subject, today):
            log(line)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Task board of a subtree: bounded queries against a per-unit loop.")
    add_common_arguments(parser, default_scale="M")
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT, help=f"timed runs (default {DEFAULT_REPEAT})")
    parser.add_argument("--unit", default=None, help="code of the unit to measure (default: as bench_subtree)")
    parser.add_argument(
        "--today", type=datetime.date.fromisoformat, default=TODAY, help=f"the day statuses are counted for ({TODAY})"
    )
    parser.add_argument(
        "--tasks", type=int, default=None, help="tasks to generate if there are none (default: 20,000 / 200,000 / 2M)"
    )
    args = parser.parse_args(argv)

    setup_django(resolve_database_url(args.scale, args.database_url))
    prepare_database(args.scale)
    ensure_tasks(args.scale, count=args.tasks, today=args.today)
    print()
    run(args.scale, repeat=args.repeat, unit_code=args.unit, today=args.today)
    return 0


if __name__ == "__main__":
    sys.exit(main())
