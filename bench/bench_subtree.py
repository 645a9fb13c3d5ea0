"""Benchmark of the hot path "subtree queries use the tree's index": listing a unit's whole subtree with one
prefix query on the materialised path, against walking the tree query by query.

    .venv/bin/python bench/bench_subtree.py [--scale S|M|L] [--database-url URL] [--repeat N] [--unit CODE]

The database is generated first if it is missing (bench/generate.py). Every walk is run once with its queries
counted (that run also warms the caches), then `--repeat` times on the clock; the table shows the median. All walks
must return the same set of ids, or the benchmark stops: a fast answer to another question would prove nothing.
"""

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable, Sized
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if __package__ in (None, ""):
    # Run as a script (`python bench/bench_subtree.py`): make `lanhdao` and `bench` importable.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.env import add_common_arguments, describe_database, resolve_database_url, setup_django
from bench.generate import ROOT_CODES, Log, prepare_database

if TYPE_CHECKING:
    from lanhdao.org.models import Unit

DEFAULT_REPEAT = 5


# The walks. Each takes a unit and returns the ids of its subtree, the unit itself included, archived units left
# out (the semantics of selectors.subtree). They import lazily because Django starts after this module loads.


def subtree_ids(unit: "Unit") -> list[int]:
    """The path under test: one query, `path LIKE 'prefix%'`; ids only, so Python's share of the cost stays small."""
    from lanhdao.org.selectors import subtree

    return list(subtree(unit).values_list("id", flat=True))


def subtree_objects(unit: "Unit") -> list["Unit"]:
    """The same query materialising full Unit objects, as a page listing units would."""
    from lanhdao.org.selectors import subtree

    return list(subtree(unit))


def walk_per_node(unit: "Unit") -> list[int]:
    """The baseline: a recursive walk asking every node for its children, one query per node (leaves included)."""
    from lanhdao.org.models import Unit

    ids = [unit.pk]
    pending = [(unit.path, unit.depth)]
    while pending:
        path, depth = pending.pop()
        # values_list, not objects: the baseline pays for its queries, not for building models.
        rows = Unit.objects.filter(path__startswith=path, depth=depth + 1, archived_at__isnull=True).values_list(
            "id", "path", "depth"
        )
        for pk, child_path, child_depth in rows:
            ids.append(pk)
            pending.append((child_path, child_depth))
    return ids


def walk_per_parent(unit: "Unit") -> list[int]:
    """The baseline made smarter as treebeard's get_children() is: no query for a node whose numchild is 0."""
    from lanhdao.org.models import Unit

    ids = [unit.pk]
    pending = [(unit.path, unit.depth)] if unit.numchild else []
    while pending:
        path, depth = pending.pop()
        rows = Unit.objects.filter(path__startswith=path, depth=depth + 1, archived_at__isnull=True).values_list(
            "id", "path", "depth", "numchild"
        )
        for pk, child_path, child_depth, numchild in rows:
            ids.append(pk)
            if numchild:
                pending.append((child_path, child_depth))
    return ids


def walk_per_level(unit: "Unit") -> list[int]:
    """One query per depth (`depth = d AND path LIKE 'prefix%'`) until a level comes back empty.

    The model keeps no parent id, so a level cannot be fetched as "children of these parents" by an indexed
    `IN`; the prefix plus the depth is the level walk this schema allows.
    """
    from lanhdao.org.models import Unit

    ids = [unit.pk]
    depth = unit.depth
    while True:
        depth += 1
        level = list(
            Unit.objects.filter(path__startswith=unit.path, depth=depth, archived_at__isnull=True).values_list(
                "id", flat=True
            )
        )
        if not level:
            return ids
        ids.extend(level)


def check_same_ids(results: dict[str, list[int]]) -> set[int]:
    """Every walk found the same units, each once. Returns that set of ids."""
    (first_name, first), *others = results.items()
    expected = set(first)
    if len(expected) != len(first):
        raise AssertionError(f"{first_name} returned an id twice")
    for name, ids in others:
        if len(ids) != len(expected) or set(ids) != expected:
            raise AssertionError(
                f"{name} returned {len(ids)} ids ({len(set(ids) - expected)} extra, {len(expected - set(ids))} "
                f"missing) where {first_name} returned {len(first)}: the comparison would not be honest"
            )
    return expected


@dataclass
class Measurement:
    operation: str
    rows: int
    queries: int
    median_ms: float
    timings_ms: list[float]


class QueryCounter:
    """Counts the queries run while installed with `connection.execute_wrapper(counter)`.

    Not CaptureQueriesContext: it keeps only the last `connection.queries_limit` (9,000) queries, so it silently
    undercounts a longer walk (at L the 13,617-query walk came out as 6,136), and it stores every SQL text.
    """

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


def measure(operation: str, func: Callable[[], Sized], *, repeat: int) -> tuple[Measurement, Sized]:
    """Run `func` once counting its queries (that run also warms the caches), then `repeat` times on the clock."""
    from django.db import connection

    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        result = func()
    gc.collect()
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        timings.append((time.perf_counter() - started) * 1000)
    return Measurement(operation, len(result), counter.count, statistics.median(timings), timings), result


def pick_unit(scale: str, code: str | None = None) -> "Unit":
    """The unit whose subtree is listed: `--unit`, else the province root (S, M) or the largest province (L)."""
    from lanhdao.org.kinds import UnitKind
    from lanhdao.org.models import Unit
    from lanhdao.org.selectors import children

    if code:
        return Unit.objects.get(code=code)
    root = Unit.objects.get(code=ROOT_CODES[scale])
    if root.kind == UnitKind.PROVINCE_COMMITTEE:
        return root
    # The country: the province with the most units directly under it, i.e. the most communes.
    return children(root).filter(kind=UnitKind.PROVINCE_COMMITTEE).order_by("-numchild", "path").first()


def pg_plan_verdict(plan: str, path_indexes: dict[str, str], collation: str, rows: int, table_rows: int) -> str:
    """One sentence on how PostgreSQL's `plan` finds the subtree; `path_indexes` maps index names to definitions."""
    used = [name for name in path_indexes if name in plan]
    # An "Index Cond" on path is the prefix turned into a range: only the subtree's part of the index is read.
    ranged = any("Index Cond" in line and "(path)" in line for line in plan.splitlines())
    share = f"the subtree is {rows:,} of the table's {table_rows:,} rows"
    if used and ranged:
        name = used[0]
        if "pattern_ops" in path_indexes[name]:
            return f"uses the path pattern index {name}: the prefix is an index range ({share})."
        return (
            f"does NOT use the pattern index but a range on {name} ({path_indexes[name]}), which a prefix LIKE "
            f"can use only because the database collation is {collation!r} ({share})."
        )
    if used:
        return (
            f"does NOT use a path index to find the subtree: it reads all of {used[0]} in path order (for the ORDER "
            f"BY) and filters each row; {share}, so the right plan when that is (nearly) all of it."
        )
    return f"does NOT use an index on path (a sequential scan); {share}: a problem unless that is most of it."


def explain_subtree(unit: "Unit") -> list[str]:
    """The plan of the one-query listing for `unit` and whether it uses an index on `path`."""
    from django.db import connection

    from lanhdao.org.models import Unit
    from lanhdao.org.selectors import subtree

    queryset = subtree(unit).values_list("id", flat=True)
    lines = [f"EXPLAIN of the subtree query for {unit.code} ({unit.name}):", f"  SQL: {queryset.query}"]
    if connection.vendor != "postgresql":
        plan = queryset.explain()
        lines += [f"  {line}" for line in plan.splitlines()]
        # "SEARCH ... USING INDEX (path>? AND path<?)" is a range on the index; "SCAN ... USING INDEX" reads the
        # whole index in order (for the ORDER BY) and tests every row.
        if "SEARCH" in plan and "path>" in plan:
            lines.append("  -> SQLite reads only the subtree's range of the path index.")
        else:
            lines.append(
                "  -> SQLite does NOT search the path index: it reads every row of the table. Its LIKE is "
                "case-insensitive, so it cannot use the (case-sensitive) path index; a range on path can "
                "(see bench/README.md)."
            )
        return lines

    plan = queryset.explain(analyze=True, buffers=True)
    lines += [f"  {line}" for line in plan.splitlines()]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s",
            [Unit._meta.db_table, "%(path%"],
        )
        path_indexes = dict(cursor.fetchall())
        cursor.execute("SELECT datcollate FROM pg_database WHERE datname = current_database()")
        (collation,) = cursor.fetchone()
    table_rows = Unit.objects.count()
    lines.append(f"  -> {pg_plan_verdict(plan, path_indexes, collation, len(queryset), table_rows)}")
    return lines


def run(
    scale: str, *, repeat: int = DEFAULT_REPEAT, unit_code: str | None = None, log: Log = print
) -> list[Measurement]:
    """Time every walk over the subtree of the chosen unit, check they agree, print the table and the plans."""
    from lanhdao.org.kinds import UnitKind
    from lanhdao.org.selectors import subtree, subtree_counts

    unit = pick_unit(scale, unit_code)
    log(f"database: {describe_database()}; scale {scale}; unit {unit.code} ({unit.name}); repeat {repeat}")

    naive_name = "walk, 1 query per node (naive)"
    operations: list[tuple[str, Callable[[], Sized]]] = [
        ("subtree ids, 1 query", lambda: subtree_ids(unit)),
        ("subtree objects, 1 query", lambda: subtree_objects(unit)),
        ("subtree_counts, 1 query", lambda: subtree_counts(unit)),
        ("walk, 1 query per level", lambda: walk_per_level(unit)),
        ("walk, 1 query per parent", lambda: walk_per_parent(unit)),
        (naive_name, lambda: walk_per_node(unit)),
    ]
    measurements, results = [], {}
    for name, func in operations:
        measurement, result = measure(name, func, repeat=repeat)
        measurements.append(measurement)
        results[name] = result

    counts = results.pop("subtree_counts, 1 query")
    results["subtree objects, 1 query"] = [u.pk for u in results["subtree objects, 1 query"]]
    ids = check_same_ids(results)
    if sum(counts.values()) != len(ids) - 1:  # subtree_counts leaves the unit itself out
        raise AssertionError(f"subtree_counts counts {sum(counts.values())} units, the walks found {len(ids) - 1}")
    log(f"all walks return the same {len(ids):,} ids")

    naive_ms = next(m.median_ms for m in measurements if m.operation == naive_name)
    log("")
    log(f"{'operation':<32} {'rows':>8} {'queries':>8} {'median ms':>11} {'naive/this':>11}")
    for m in measurements:
        log(f"{m.operation:<32} {m.rows:>8,} {m.queries:>8,} {m.median_ms:>11.2f} {naive_ms / m.median_ms:>10.1f}x")
    log("(rows: rows fetched; subtree_counts fetches one row per kind. naive/this: how many times faster than the")
    log(" naive walk.)")

    log("")
    for line in explain_subtree(unit):
        log(line)
    # The listed unit may be most of the table, where a sequential scan is the right plan; a commune is selective.
    commune = subtree(unit).filter(kind=UnitKind.COMMUNE_COMMITTEE).first()
    if commune is not None:
        log("")
        for line in explain_subtree(commune):
            log(line)
    return measurements


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Subtree listing: one query against query-per-node walks.")
    add_common_arguments(parser, default_scale="M")
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT, help=f"timed runs (default {DEFAULT_REPEAT})")
    parser.add_argument("--unit", default=None, help="code of the unit to list (default: see pick_unit)")
    args = parser.parse_args(argv)

    setup_django(resolve_database_url(args.scale, args.database_url))
    prepare_database(args.scale)
    print()
    run(args.scale, repeat=args.repeat, unit_code=args.unit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
