"""Benchmark of the hot path "every figure of a review, for any unit and period": the full indicator catalogue
(reports.indicators.compute) for a commune, the largest province and the whole country over a year, against the
floor (hand-written SQL that reads the same rows once per table) and against a naive ORM loop over the units.

    .venv/bin/python bench/bench_indicators.py [--scale S|M|L] [--database-url URL] [--repeat N] [--unit CODE]
                                               [--year YYYY] [--naive-limit N]

The tree, the tasks and the members are generated first if they are missing (bench/generate.py,
generate_tasks.py, generate_members.py: at L 269,308 units, 10,000,000 tasks and 5.6 million members). Every
operation runs once with its queries counted (that run also warms the caches), then `--repeat` times on the clock;
the table shows the median. Before timing, the figures of compute(), of the floor and of the naive loop must agree,
or the benchmark stops.

The operations, for each subject (a commune, the chosen unit, the root):
- `compute: all 50 figures`: what the dashboard and a review's draft run (one conditional aggregate per table,
  22 queries).
- `compute: task figures` / `member figures`: the same, only the indicators on the two big tables.
- `one query per indicator`: the catalogue computed figure by figure (each indicator's own figure function), as it
  was before indicators of one table were counted together.
- `floor: tasks` / `floor: placements` / `floor: evaluations`: one hand-written SQL statement per table computing the
  same figures (FILTER clauses over the subtree's rows; the evaluations a GROUP BY grade): the least the database
  can be asked. `floor: total` is their sum.
- `naive: ORM loop per unit`: for every unit of the subtree, compute() of the task and member figures on the unit
  alone, added up: four queries per unit. Skipped when the subtree has more than `--naive-limit` units (the country:
  1,077,000 queries); its time is then extrapolated from the province's rate and marked as such.
"""

import argparse
import datetime
import sys
import zoneinfo
from collections.abc import Callable, Sized
from pathlib import Path
from typing import TYPE_CHECKING

if __package__ in (None, ""):
    # Run as a script (`python bench/bench_indicators.py`): make `lanhdao` and `bench` importable.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_subtree import Measurement, measure, pick_unit
from bench.env import add_common_arguments, describe_database, resolve_database_url, setup_django
from bench.generate import ROOT_CODES, Log, prepare_database

if TYPE_CHECKING:
    from lanhdao.org.models import Unit

DEFAULT_REPEAT = 3
DEFAULT_YEAR = 2025  # a closed year of the generated data (tasks from 2024, members' events over decades)
NAIVE_LIMIT = 20_000  # units: the province of L (13,617) is looped, the country (269,308) is not
TASK_KEYS = ["tasks_assigned", "tasks_done_on_time", "tasks_done_late", "tasks_open", "tasks_overdue"]
MEMBER_KEYS = ["admissions", "recognitions"]
GRADE_KEYS = {"excellent": "members_excellent", "not_completed": "members_not_completed"}
NAIVE = "naive: ORM loop per unit"


# --- the operations ---------------------------------------------------------------------------------------------------


def full_catalogue(unit: "Unit", start: datetime.date, end: datetime.date) -> dict[str, int]:
    from lanhdao.reports.indicators import compute

    return compute(unit, start, end)


def some(keys: list[str]) -> Callable[["Unit", datetime.date, datetime.date], dict[str, int]]:
    def figures(unit: "Unit", start: datetime.date, end: datetime.date) -> dict[str, int]:
        from lanhdao.reports.indicators import compute

        return compute(unit, start, end, keys=keys)

    return figures


def one_query_per_indicator(unit: "Unit", start: datetime.date, end: datetime.date) -> dict[str, int]:
    from lanhdao.reports.indicators import CATALOGUE

    return {i.key: i.value(unit, start, end, True) for i in CATALOGUE}


def naive_loop(unit: "Unit", start: datetime.date, end: datetime.date) -> dict[str, int]:
    """Every unit of the subtree counts its own records, one compute() per unit, added up."""
    from lanhdao.org.selectors import subtree
    from lanhdao.reports.indicators import compute

    found = dict.fromkeys(TASK_KEYS + MEMBER_KEYS, 0)
    for each in subtree(unit):
        for key, value in compute(each, start, end, keys=TASK_KEYS + MEMBER_KEYS, subtree=False).items():
            found[key] += value
    return found


# --- the floor: one hand-written statement per table ------------------------------------------------------------------


def _prefix(column: str, unit: "Unit") -> tuple[str, list]:
    from django.db import connection

    if connection.vendor == "sqlite":
        # SQLite's LIKE cannot use a BINARY index; a range on the path can (as org.selectors.path_prefix_q does).
        return f"{column} >= %s AND {column} < %s", [unit.path, unit.path + "~"]
    return f"{column} LIKE %s", [unit.path + "%"]


def _day(value: datetime.date):
    from django.db import connection

    return value.isoformat() if connection.vendor == "sqlite" else value


def _local_date(column: str) -> tuple[str, list]:
    """The day of a timestamp column in the product's time zone."""
    from django.conf import settings
    from django.db import connection

    if connection.vendor == "sqlite":  # stored in UTC as text: shift by the zone's offset (Việt Nam has no DST)
        offset = datetime.datetime.now(zoneinfo.ZoneInfo(settings.TIME_ZONE)).utcoffset()
        return f"date({column}, %s)", [f"{int(offset.total_seconds() // 60):+d} minutes"]
    return f"({column} AT TIME ZONE %s)::date", [settings.TIME_ZONE]


def _fetch(sql: str, params: list) -> tuple:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def floor_tasks(unit: "Unit", start: datetime.date, end: datetime.date) -> dict[str, int]:
    """The five task figures in one statement over the subtree's tasks (the generated tasks were never moved by a
    restructuring, so the lead path alone places them)."""
    from django.utils import timezone

    from lanhdao.work.models import Task

    on = min(end, timezone.localdate())
    where, where_params = _prefix("lead_path", unit)
    cancelled_day, day_params = _local_date("cancelled_at")
    open_on = (
        "start_date <= %s AND NOT (accepted_at IS NOT NULL AND completed_on IS NOT NULL AND completed_on <= %s)"
        f" AND NOT (cancelled_at IS NOT NULL AND {cancelled_day} <= %s)"
    )
    open_params = [_day(on), _day(on), *day_params, _day(on)]
    done = "cancelled_at IS NULL AND accepted_at IS NOT NULL AND completed_on >= %s AND completed_on <= %s"
    sql = f"""SELECT
        count(*) FILTER (WHERE start_date >= %s AND start_date <= %s AND cancelled_at IS NULL),
        count(*) FILTER (WHERE {done} AND completed_on <= deadline),
        count(*) FILTER (WHERE {done} AND completed_on > deadline),
        count(*) FILTER (WHERE {open_on}),
        count(*) FILTER (WHERE {open_on} AND deadline < %s)
        FROM "{Task._meta.db_table}" WHERE {where}"""
    params = [_day(start), _day(end), _day(start), _day(end), _day(start), _day(end), *open_params, *open_params]
    (row,) = _fetch(sql, [*params, _day(on), *where_params])
    return dict(zip(TASK_KEYS, row, strict=True))


def floor_placements(unit: "Unit", start: datetime.date, end: datetime.date) -> dict[str, int]:
    """Admissions and recognitions: the placements of the subtree covering the day of each member's event; one
    statement, a sub-select per event so that each reads its own index of the members by date."""
    from lanhdao.members.models import Member, Placement

    where, where_params = _prefix("p.unit_path", unit)
    counted = [
        f'(SELECT count(*) FROM "{Placement._meta.db_table}" p JOIN "{Member._meta.db_table}" m ON m.id = p.member_id'
        f" WHERE {where} AND m.{event} >= %s AND m.{event} <= %s AND p.started_on <= m.{event}"
        f" AND (p.ended_on IS NULL OR p.ended_on > m.{event}))"
        for event in ("admitted_on", "full_on")
    ]
    params = [*where_params, _day(start), _day(end)]
    (row,) = _fetch(f"SELECT {', '.join(counted)}", params * 2)
    return dict(zip(MEMBER_KEYS, row, strict=True))


def floor_evaluations(unit: "Unit", start: datetime.date, end: datetime.date) -> dict[str, int]:
    """Members' classifications of the year: one GROUP BY grade."""
    from lanhdao.members.models import MemberEvaluation

    where, where_params = _prefix("unit_path", unit)
    sql = f'SELECT grade, count(*) FROM "{MemberEvaluation._meta.db_table}" WHERE {where} AND year = %s GROUP BY grade'
    rows = dict(_fetch(sql, [*where_params, end.year]))
    return {key: rows.get(grade, 0) for grade, key in GRADE_KEYS.items()}


# --- the run ----------------------------------------------------------------------------------------------------------


def check(figures: dict[str, int], floors: dict[str, int], naive: dict[str, int] | None) -> None:
    for other, found in (("the hand-written SQL", floors), ("the per-unit loop", naive or {})):
        for key, value in found.items():
            if figures[key] != value:
                raise AssertionError(f"{key}: compute() gives {figures[key]:,}, {other} {value:,}")


def measure_unit(
    unit: "Unit",
    start: datetime.date,
    end: datetime.date,
    *,
    repeat: int,
    naive_limit: int,
    naive_rate_ms: float | None = None,
    log: Log = print,
) -> tuple[list[Measurement], float | None]:
    """Time the operations over `unit`'s subtree, check they agree, print the table. Returns the measurements and
    the naive loop's milliseconds per unit (None when it did not run)."""
    from lanhdao.org.selectors import subtree

    units = subtree(unit).count()
    operations: list[tuple[str, Callable[[], Sized], int]] = [
        ("compute: all 50 figures", lambda: full_catalogue(unit, start, end), repeat),
        ("compute: task figures (5)", lambda: some(TASK_KEYS)(unit, start, end), repeat),
        (
            "compute: member figures (4)",
            lambda: some(MEMBER_KEYS + list(GRADE_KEYS.values()))(unit, start, end),
            repeat,
        ),
        ("one query per indicator (50)", lambda: one_query_per_indicator(unit, start, end), repeat),
        ("floor: tasks, 1 statement", lambda: floor_tasks(unit, start, end), repeat),
        ("floor: placements, 1 statement", lambda: floor_placements(unit, start, end), repeat),
        ("floor: evaluations, 1 GROUP BY", lambda: floor_evaluations(unit, start, end), repeat),
    ]
    looped = units <= naive_limit
    if looped:
        operations.append((NAIVE, lambda: naive_loop(unit, start, end), 1))
    measurements, results = [], {}
    for name, func, times in operations:
        measurement, result = measure(name, func, repeat=times)
        measurements.append(measurement)
        results[name] = result
    figures = results["compute: all 50 figures"]
    floors = {**results["floor: tasks, 1 statement"], **results["floor: placements, 1 statement"]}
    floors |= results["floor: evaluations, 1 GROUP BY"]
    check(figures, floors, results.get(NAIVE))
    if results["one query per indicator (50)"] != figures:
        raise AssertionError("the figures one by one differ from compute()'s")

    by_name = {m.operation: m for m in measurements}
    floor_ms = sum(m.median_ms for m in measurements if m.operation.startswith("floor"))
    measurements.append(Measurement("floor: total", 0, 3, floor_ms, [floor_ms]))
    naive_ms = by_name[NAIVE].median_ms if looped else None
    rate = naive_ms / units if naive_ms is not None else None
    log(
        f"{unit.code} ({unit.name}): {units:,} units; {year_of(start, end)};"
        f" tasks assigned {figures['tasks_assigned']:,}, open at the end {figures['tasks_open']:,};"
        f" admissions {figures['admissions']:,}; compute, floor{' and loop' if looped else ''} agree"
    )
    log(f"{'operation':<34} {'queries':>8} {'median ms':>11} {'this/floor':>11} {'naive/this':>11}")
    for m in measurements:
        against_naive = f"{naive_ms / m.median_ms:>10.1f}x" if naive_ms else f"{'—':>11}"
        log(f"{m.operation:<34} {m.queries:>8,} {m.median_ms:>11.1f} {m.median_ms / floor_ms:>10.2f}x {against_naive}")
    if not looped and naive_rate_ms is not None:
        log(
            f"{NAIVE:<34} {4 * units + 1:>8,} {naive_rate_ms * units:>11,.0f}  (not run: {units:,} units; extrapolated"
            f" from {naive_rate_ms:.2f} ms per unit measured above)"
        )
    return measurements, rate


def year_of(start: datetime.date, end: datetime.date) -> str:
    return f"{start:%d/%m/%Y}–{end:%d/%m/%Y}"


def run(
    scale: str,
    *,
    repeat: int = DEFAULT_REPEAT,
    unit_code: str | None = None,
    year: int = DEFAULT_YEAR,
    naive_limit: int = NAIVE_LIMIT,
    log: Log = print,
) -> dict[str, list[Measurement]]:
    """Measure a commune, the chosen unit and the root; print the tables."""
    from lanhdao.members.models import Member
    from lanhdao.org.kinds import UnitKind
    from lanhdao.org.models import Unit
    from lanhdao.org.selectors import subtree
    from lanhdao.work.models import Task

    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    unit = pick_unit(scale, unit_code)
    commune = subtree(unit).filter(kind=UnitKind.COMMUNE_COMMITTEE).order_by("path").first()
    root = Unit.objects.get(code=ROOT_CODES[scale])
    log(
        f"database: {describe_database()}; scale {scale}; {Task.objects.count():,} tasks;"
        f" {Member.objects.count():,} members; year {year}; repeat {repeat}"
    )
    results, rate = {}, None
    for subject in (commune, unit, root):
        if subject is None or subject.code in results:
            continue
        log("")
        results[subject.code], measured_rate = measure_unit(
            subject, start, end, repeat=repeat, naive_limit=naive_limit, naive_rate_ms=rate, log=log
        )
        rate = measured_rate or rate
    log("")
    log("(queries: counted with a connection.execute_wrapper. this/floor: the time over the three hand-written")
    log(" statements' total; naive/this: how many times faster than the per-unit loop.)")
    return results


def ensure_data(scale: str, *, log: Log = print) -> None:
    """Generate the tasks and the members if the database has none."""
    from bench.generate_members import prepare_members
    from bench.generate_tasks import COUNT_BY_SCALE, generate_tasks
    from lanhdao.members.models import Member
    from lanhdao.work.models import Task

    if not Task.objects.exists():
        generate_tasks(scale, count=COUNT_BY_SCALE[scale], log=log)
    if not Member.objects.exists():
        prepare_members(scale, log=log)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The full indicator set of a subtree: against the floor and a loop.")
    add_common_arguments(parser, default_scale="M")
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT, help=f"timed runs (default {DEFAULT_REPEAT})")
    parser.add_argument("--unit", default=None, help="code of the unit to measure (default: as bench_subtree)")
    parser.add_argument("--year", type=int, default=DEFAULT_YEAR, help=f"the period (default {DEFAULT_YEAR})")
    parser.add_argument(
        "--naive-limit", type=int, default=NAIVE_LIMIT, help=f"largest subtree looped unit by unit ({NAIVE_LIMIT:,})"
    )
    args = parser.parse_args(argv)

    setup_django(resolve_database_url(args.scale, args.database_url))
    prepare_database(args.scale)
    ensure_data(args.scale)
    print()
    run(args.scale, repeat=args.repeat, unit_code=args.unit, year=args.year, naive_limit=args.naive_limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
