"""Benchmark of the members' hot paths at scale: a province's member statistics through members.figures against a
naive per-unit ORM loop, and the first page of the province's member list.

    .venv/bin/python bench/bench_members.py [--scale S|M|L] [--database-url URL] [--repeat N] [--unit CODE]
                                            [--per-cell N]

The tree and the members are generated first if they are missing (bench/generate.py, bench/generate_members.py).
For the largest province (as bench_subtree.py: `P79` at L, the root `TU19` at S and M) and the first commune in it,
each operation runs once with its queries counted, then `--repeat` (5) times on the clock; the table shows the
median. The figures and the loops must agree, or the benchmark stops.
"""

import argparse
import datetime
import sys
from collections import Counter
from collections.abc import Callable, Sized
from pathlib import Path
from typing import TYPE_CHECKING

if __package__ in (None, ""):
    # Run as a script (`python bench/bench_members.py`): make `lanhdao` and `bench` importable.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_subtree import DEFAULT_REPEAT, Measurement, measure, pick_unit
from bench.env import add_common_arguments, describe_database, resolve_database_url, setup_django
from bench.generate import Log, bench_superuser, prepare_database
from bench.generate_members import EVALUATION_YEAR, PER_CELL, generate_members

if TYPE_CHECKING:
    from lanhdao.org.models import Unit

START, END = datetime.date(EVALUATION_YEAR, 1, 1), datetime.date(EVALUATION_YEAR, 12, 31)
PAGE_SIZE = 50  # lanhdao.core.paging.PAGE_SIZE
NAIVE = "naive: members_on per unit"
PER_CHILD = "loop: summary per child unit"
INDEXES_UNDER_TEST = ("placement_path_like", "member_path_like")


# --- the operations ------------------------------------------------------------------------------------------------


def statistics(unit: "Unit") -> dict:
    from lanhdao.members import figures

    return figures.summary(unit, START, END)


def statistics_by_child(unit: "Unit") -> list:
    from lanhdao.members import figures

    return figures.by_child(unit, START, END)


def members_on(unit: "Unit") -> dict:
    from lanhdao.members import figures

    return figures.members_on(unit, END)


def naive_per_unit(unit: "Unit") -> dict[int, dict]:
    """The baseline: every unit of the subtree counts its own members on the day (with the same breakdowns), one
    query per unit, as a report built by walking the tree would."""
    from lanhdao.members import figures
    from lanhdao.org.selectors import subtree

    return {u.pk: figures.members_on(u, END, subtree=False) for u in subtree(unit, include_archived=True)}


def summary_per_child(unit: "Unit") -> dict[int, dict]:
    """What by_child replaces: the summary of each child's subtree, nine queries per child."""
    from lanhdao.members import figures
    from lanhdao.org.selectors import children

    found = {unit.pk: figures.summary(unit, START, END, subtree=False)}
    for kid in children(unit, include_archived=True):
        found[kid.pk] = figures.summary(kid, START, END)
    return found


def list_queryset(user, unit: "Unit", stage: str = ""):
    """The member list page's query (members.views.member_list): the subtree's members the user sees, with their
    stage, in (cell, name) order."""
    from lanhdao.members.selectors import members_for
    from lanhdao.members.stages import stage_expression, stage_q
    from lanhdao.org.selectors import path_prefix_q

    qs = members_for(user).filter(path_prefix_q(unit.path, "unit_path"))
    if stage:
        qs = qs.filter(stage_q(stage))
    return qs.annotate(stage=stage_expression()).select_related("unit").order_by("unit_path", "full_name", "pk")


def first_page(user, unit: "Unit", stage: str = "") -> list:
    """The page as lanhdao.core.paging.paginate builds it: the count, then the first PAGE_SIZE rows."""
    from django.core.paginator import Paginator

    page = Paginator(list_queryset(user, unit, stage), PAGE_SIZE).get_page(1)
    return [page.paginator.count, *page.object_list]


# --- checks ----------------------------------------------------------------------------------------------------------


def summed(per_unit: dict[int, dict]) -> dict:
    """The members_on figures of many units added up (nested counts included)."""
    total: Counter = Counter()
    for figures in per_unit.values():
        for key, value in figures.items():
            if isinstance(value, dict):
                for sub, n in value.items():
                    total[f"{key}.{sub}"] += n
            else:
                total[key] += value
    return dict(total)


def check(unit: "Unit", results: dict) -> int:
    """The one-query figure equals the per-unit loop's sum; by_child equals the per-child summaries."""
    aggregate = summed({unit.pk: results["members_on"]})
    naive = summed(results[NAIVE])
    if aggregate != naive:
        raise AssertionError(f"members_on gives {aggregate}, the per-unit loop {naive}: the comparison is not honest")
    if results["statistics"]["members"] != results["members_on"]:
        raise AssertionError("summary's members differ from members_on")
    per_child = results[PER_CHILD]
    for row in results["by_child"]:
        if row.figures != per_child[row.unit.pk]:
            raise AssertionError(f"by_child differs from the summary of {row.unit.code}")
    return results["members_on"]["total"]


# --- running -------------------------------------------------------------------------------------------------------


def measure_unit(unit: "Unit", *, repeat: int, log: Log = print) -> list[Measurement]:
    user = bench_superuser()
    operations: list[tuple[str, str, Callable[[], Sized]]] = [
        ("statistics", "statistics: figures.summary", lambda: statistics(unit)),
        ("members_on", "  members_on (breakdowns)", lambda: members_on(unit)),
        ("by_child", "statistics per child: by_child", lambda: statistics_by_child(unit)),
        ("list", "member list: first page", lambda: first_page(user, unit)),
        ("list_probationary", "member list: probationary, page 1", lambda: first_page(user, unit, "probationary")),
        (PER_CHILD, PER_CHILD, lambda: summary_per_child(unit)),
        (NAIVE, NAIVE, lambda: naive_per_unit(unit)),
    ]
    measurements, results = [], {}
    for key, name, func in operations:
        measurement, result = measure(name, func, repeat=repeat)
        measurements.append(measurement)
        results[key] = result
    members = check(unit, results)
    units = len(results[NAIVE])
    log(
        f"{unit.code} ({unit.name}): {members:,} members on {END} in its {units:,} units "
        f"({results['list'][0]:,} member rows of all stages); figures and loops agree"
    )
    naive_ms = measurements[-1].median_ms
    log(f"{'operation':<40} {'queries':>8} {'median ms':>11} {'naive/this':>11}")
    for m in measurements:
        log(f"{m.operation:<40} {m.queries:>8,} {m.median_ms:>11.2f} {naive_ms / m.median_ms:>10.1f}x")
    by_child, per_child = measurements[2], measurements[5]
    log(
        f"(by_child against the per-child loop: {per_child.median_ms / by_child.median_ms:.1f}x faster, "
        f"{by_child.queries} queries instead of {per_child.queries:,})"
    )
    return measurements


def plan_verdict(plan: str) -> str:
    used = [name for name in INDEXES_UNDER_TEST if name in plan]
    ranged = any("Index Cond" in line and "unit_path" in line for line in plan.splitlines())
    scanned = sorted({line.split(" on ")[1].split()[0] for line in plan.splitlines() if "Seq Scan on " in line})
    if used and ranged:
        verdict = f"uses {', '.join(used)}: the subtree is an index range"
        return verdict + (f"; but reads {', '.join(scanned)} whole (a sequential scan)." if scanned else ".")
    if scanned:
        return f"does NOT use {' nor '.join(INDEXES_UNDER_TEST)}: a sequential scan of {', '.join(scanned)}."
    return "no range on unit_path found in the plan: read it."


def explain(unit: "Unit") -> list[str]:
    """The plans of the statistics' main query and of the list's count and page, with a verdict on the path index."""
    from django.db import connection
    from django.db.models import Count, Q

    from lanhdao.members import figures
    from lanhdao.members.models import Placement

    user = bench_superuser()
    in_party = Q(member__admitted_on__lte=END) & (Q(member__ended_on__isnull=True) | Q(member__ended_on__gt=END))
    statistics_qs = figures._scoped(Placement.objects.filter(figures._covering(END), in_party), unit, True)
    by_child_qs = (
        statistics_qs.annotate(bucket=figures._Grouping(unit, {}).expression()).values("bucket").annotate(n=Count("id"))
    )
    queries = [
        ("members_on (one aggregate)", statistics_qs.values("member__gender").annotate(n=Count("id")).order_by()),
        ("by_child's members_on (grouped)", by_child_qs.order_by()),
        ("member list, count", list_queryset(user, unit)),  # as Paginator.count runs it: COUNT(*) over the query
        ("member list, first page", list_queryset(user, unit)[:PAGE_SIZE]),
    ]
    lines = []
    for title, qs in queries:
        lines.append(f"EXPLAIN of {title} for {unit.code}:")
        sql, params = qs.query.sql_with_params()
        if title.endswith("count"):
            sql, params = qs.order_by().values("pk").query.sql_with_params()
            sql = f"SELECT COUNT(*) FROM ({sql}) counted"
        analyze = "EXPLAIN (ANALYZE, BUFFERS) " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
        with connection.cursor() as cursor:
            cursor.execute(analyze + sql, params)
            rows = cursor.fetchall()
        plan = "\n".join(row[0] if len(row) == 1 else str(row[-1]) for row in rows)
        lines += [f"  {line}" for line in plan.splitlines()]
        if connection.vendor == "postgresql":
            lines.append(f"  -> {plan_verdict(plan)}")
        else:
            searched = "SEARCH" in plan and "unit_path>" in plan
            lines.append("  -> SQLite searches the unit_path range." if searched else "  -> no unit_path range.")
    return lines


class _RolledBack(Exception):
    pass


def import_file(rows: int, cells: list) -> bytes:
    """A filled members' template of `rows` rows over `cells`, with identity and card numbers no member has."""
    import io

    import openpyxl

    from lanhdao.members import excel_members

    workbook = openpyxl.load_workbook(io.BytesIO(excel_members.import_template()))
    sheet = workbook.worksheets[0]
    keys = [column.key for column in excel_members.COLUMNS]
    for i in range(rows):
        values = {
            "full_name": f"Nguyễn Văn Nhập {i}",
            "gender": "Nữ" if i % 3 else "Nam",
            "birth_date": "15/06/1990",
            "identity_number": f"9{i:011d}",
            "ethnicity": "Kinh",
            "hometown": "xã An Một",
            "address": "thôn Một",
            "phone": "0912345678",
            "unit": cells[i % len(cells)],
            "card_number": f"9{i:07d}",
            "education": "12/12",
            "qualification": "đại học",
            "theory_level": "sơ cấp",
            "admitted_on": "02/03/2020",
            "full_on": "02/03/2021",
        }
        sheet.append([values.get(key) for key in keys])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def measure_import(scale: str, rows: int, *, log: Log = print) -> dict[str, float]:
    """Import `rows` members from a generated file as the bench superuser, timed by step, then roll it back: the
    database is left as it was."""
    import time

    from django.db import transaction

    from lanhdao.members import excel_members, services_imports
    from lanhdao.org.selectors import subtree

    unit = pick_unit(scale)
    cells = list(subtree(unit).filter(kind="cell").values_list("code", flat=True)[:200])
    started = time.perf_counter()
    content = import_file(rows, cells)
    timings = {"build the file": time.perf_counter() - started}
    user = bench_superuser()
    started = time.perf_counter()
    parsed = excel_members.parse_members(content, actor=user)
    timings["read and check every row"] = time.perf_counter() - started
    if parsed.errors:
        raise AssertionError(f"the generated file has errors: {parsed.errors[:3]}")
    started = time.perf_counter()
    try:
        with transaction.atomic():
            created = services_imports.members_import(actor=user, rows=parsed.rows)
            timings["write members, placements, audit rows"] = time.perf_counter() - started
            raise _RolledBack
    except _RolledBack:
        pass
    log(
        f"import of {rows:,} members ({len(content) / 1024 / 1024:.1f} MB) into {len(cells)} cells of {unit.code}, "
        f"{created:,} written then rolled back:"
    )
    for step, seconds in timings.items():
        log(f"  {step:<40} {seconds:8.2f} s")
    log(f"  {'import (read, check, write)':<40} {sum(timings.values()) - timings['build the file']:8.2f} s")
    return timings


def ensure_members(scale: str, *, per_cell: float, log: Log = print) -> int:
    from lanhdao.members.models import Member

    present = Member.objects.count()
    if present:
        return present
    return generate_members(scale, per_cell=per_cell, log=log).created


def run(scale: str, *, repeat: int = DEFAULT_REPEAT, unit_code: str | None = None, log: Log = print):
    from lanhdao.members.models import Member
    from lanhdao.org.kinds import UnitKind
    from lanhdao.org.selectors import subtree

    unit = pick_unit(scale, unit_code)
    commune = subtree(unit).filter(kind=UnitKind.COMMUNE_COMMITTEE).first()
    log(
        f"database: {describe_database()}; scale {scale}; {Member.objects.count():,} members; period {START} to "
        f"{END}; repeat {repeat}"
    )
    results = {}
    for subject in (unit, commune):
        if subject is None:
            continue
        log("")
        results[subject.code] = measure_unit(subject, repeat=repeat, log=log)
    log("(queries: counted with a connection.execute_wrapper; the loops' include the one listing the units.")
    log(" naive/this: how many times faster than the naive per-unit loop.)")
    for subject in (unit, commune):
        if subject is None:
            continue
        log("")
        for line in explain(subject):
            log(line)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Member statistics of a province: figures.py against a per-unit loop.")
    add_common_arguments(parser, default_scale="M")
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT, help=f"timed runs (default {DEFAULT_REPEAT})")
    parser.add_argument("--unit", default=None, help="code of the unit to measure (default: as bench_subtree)")
    parser.add_argument("--per-cell", type=float, default=PER_CELL, help="members per cell if generated")
    parser.add_argument(
        "--import-rows", type=int, default=0, help="also time an Excel import of N members (rolled back), e.g. 10000"
    )
    args = parser.parse_args(argv)

    setup_django(resolve_database_url(args.scale, args.database_url))
    prepare_database(args.scale)
    ensure_members(args.scale, per_cell=args.per_cell)
    print()
    run(args.scale, repeat=args.repeat, unit_code=args.unit)
    if args.import_rows:
        print()
        measure_import(args.scale, args.import_rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
