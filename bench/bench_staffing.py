"""Benchmark of the staffing subtree view: the figures of a unit's children, its totals, its target and its trend
through staffing.selectors (a fixed few queries), against asking child by child and unit by unit.

    .venv/bin/python bench/bench_staffing.py [--scale S|M|L] [--database-url URL] [--repeat N] [--unit CODE]
                                             [--year YYYY]

The tree of the scale is generated first if it is missing (bench/generate.py), then the staffing rows if there are
none: every unit that has staff of its own (not the cells, not a committee's Executive Committee, Standing Board or
Standing members) gets a civil-servant row for each year 2021–2026, a third of them a public-employee row and a
quarter a contract row, with quotas cut by 0–15 % over the period and headcounts around them (some over quota);
every province, district and commune committee gets a 10 % target from 2021 to 2026. At L that is 54,100 units and
about 513,000 rows. The random generator is seeded by each unit's path: the same tree gives the same rows. Rows are
written with `bulk_create` and no audit rows (the benchmark's exemption, as for the other generators).

Every operation runs once with its queries counted, then `--repeat` times on the clock (median shown). The view, the
per-child loop and the per-unit loop must give the same figures, or the benchmark stops.
"""

import argparse
import random
import sys
import time
from collections.abc import Callable, Sized
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

if __package__ in (None, ""):
    # Run as a script (`python bench/bench_staffing.py`): make `lanhdao` and `bench` importable.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_subtree import DEFAULT_REPEAT, Measurement, measure, pick_unit
from bench.env import add_common_arguments, describe_database, resolve_database_url, setup_django
from bench.generate import Log, existing_rows, prepare_database

if TYPE_CHECKING:
    from lanhdao.org.models import Unit
    from lanhdao.staffing.selectors import Figures

SEED = 20261124
YEARS = range(2021, 2027)
YEAR = 2026
BATCH_SIZE = 20_000
NO_OWN_STAFF = frozenset({"cell", "executive_committee", "standing_board", "standing_members"})
TARGET_KINDS = frozenset({"province_committee", "district_committee", "commune_committee"})
INDEX_UNDER_TEST = "staffing_year_path_like"
PER_UNIT = "naive: one query per unit"
PER_CHILD = "naive: one query per child"


def _rows_of(unit_id: int, path: str, kind: str) -> list[tuple[str, int, Decimal]]:
    """(category, quota of 2021, share cut by 2026) of one unit, drawn from its path."""
    rng = random.Random(f"{SEED}:{path}")
    big = kind in TARGET_KINDS or kind in {"peoples_committee", "advisory_board", "department"}
    plan = [("civil_servant", rng.randint(8, 40) if big else rng.randint(2, 12))]
    if rng.random() < 1 / 3:
        plan.append(("public_employee", rng.randint(3, 30)))
    if rng.random() < 1 / 4:
        plan.append(("contract", rng.randint(1, 6)))
    return [(category, base, Decimal(rng.choice((0, 5, 8, 10, 12, 15))) / 100) for category, base in plan]


def generate_staffing(scale: str, *, batch_size: int = BATCH_SIZE, log: Log = print) -> int:
    """Write the staffing rows and targets of `scale` unless they are there; returns the number of rows."""
    from lanhdao.org.models import Unit
    from lanhdao.staffing.models import StaffingQuota, StreamliningTarget

    units = list(Unit.objects.filter(archived_at__isnull=True).order_by("path").values_list("id", "path", "kind"))
    ids = {path: pk for pk, path, _kind in units}
    plans = [(pk, path, _rows_of(pk, path, kind)) for pk, path, kind in units if kind not in NO_OWN_STAFF]
    count = sum(len(rows) for _pk, _path, rows in plans) * len(YEARS)
    actor, done = existing_rows(StaffingQuota, scale=scale, count=count, noun="staffing rows", log=log)
    if done:
        return count
    started = time.perf_counter()
    step = Unit.steplen

    def rows():
        for pk, path, plan in plans:
            rng = random.Random(f"{SEED}:{path}:headcount")
            level2 = ids.get(path[: 2 * step]) if len(path) >= 2 * step else None
            level3 = ids.get(path[: 3 * step]) if len(path) >= 3 * step else None
            for category, base, cut in plan:
                for year in YEARS:
                    assigned = int((base * (1 - cut * (year - YEARS[0]) / 5)).to_integral_value())
                    yield StaffingQuota(
                        unit_id=pk,
                        unit_path=path,
                        level2_id=level2,
                        level3_id=level3,
                        year=year,
                        category=category,
                        assigned=assigned,
                        headcount=max(assigned - rng.choice((-1, 0, 0, 1, 1, 2)), 0),
                        created_by=actor,
                        updated_by=actor,
                    )

    batch: list = []
    for row in rows():
        batch.append(row)
        if len(batch) == batch_size:
            StaffingQuota.objects.bulk_create(batch)
            batch = []
    StaffingQuota.objects.bulk_create(batch)
    targets = [
        StreamliningTarget(
            unit_id=pk, unit_path=path, base_year=YEARS[0], target_year=YEARS[-1], percent=Decimal(10), created_by=actor
        )
        for pk, path, kind in units
        if kind in TARGET_KINDS
    ]
    StreamliningTarget.objects.bulk_create(targets, batch_size=batch_size)
    log(
        f"{count:,} staffing rows of {len(plans):,} units and {len(targets):,} targets in "
        f"{time.perf_counter() - started:.1f} s"
    )
    _analyze()
    return count


def _analyze() -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE org_staffingquota; ANALYZE org_streamliningtarget")


# --- the operations ------------------------------------------------------------------------------------------------


def by_path_prefix(unit: "Unit", year: int) -> dict:
    """child_figures, but grouped on the child's path prefix at every depth (what it does below depth 3)."""
    from django.db.models.functions import Substr

    from lanhdao.org.models import Unit
    from lanhdao.staffing import selectors as sel

    rows = (
        sel.subtree_rows(unit, years=[year])
        .annotate(child=Substr("unit_path", 1, (unit.depth + 1) * Unit.steplen))
        .values("child")
        .annotate(**sel.aggregates())
    )
    return {r["child"]: sel.figures_of(r) for r in rows}


def per_unit(unit: "Unit", year: int) -> dict[int, "Figures"]:
    """The baseline: every unit of the subtree sums its own rows, one query per unit."""
    from lanhdao.org.selectors import subtree
    from lanhdao.staffing import selectors as sel
    from lanhdao.staffing.models import StaffingQuota

    return {
        u.pk: sel.figures_of(StaffingQuota.objects.filter(unit=u, year=year).aggregate(**sel.aggregates()))
        for u in subtree(unit, include_archived=True)
    }


def per_child(unit: "Unit", year: int) -> dict[int, "Figures"]:
    """A view written child by child: one subtree query per child."""
    from lanhdao.org.selectors import children
    from lanhdao.staffing import selectors as sel

    return {kid.pk: sel.subtree_figures(kid, year) for kid in children(unit, include_archived=True)}


def check(unit: "Unit", summary, loops: dict[str, dict]) -> None:
    """The view's totals and lines agree with the loops (those that were run)."""
    from lanhdao.staffing.selectors import Figures

    lines = {line.unit.pk: line.figures for line in summary.lines if line.unit is not None and line.figures.rows}
    if PER_CHILD in loops:
        expected = {pk: f for pk, f in loops[PER_CHILD].items() if f.rows}
        if lines != expected:
            raise AssertionError(f"{unit.code}: the view's lines differ from the per-child loop")
    if PER_UNIT in loops:
        total = sum(loops[PER_UNIT].values(), Figures())
        if total != summary.totals:
            raise AssertionError(f"{unit.code}: the view counts {summary.totals}, the per-unit loop {total}")


def measure_unit(unit: "Unit", year: int, *, repeat: int, naive_per_unit: bool, log: Log = print) -> list:
    from lanhdao.staffing import selectors as sel

    operations: list[tuple[str, Callable[[], Sized]]] = [
        ("subtree view: summary()", lambda: sel.summary(unit, year).lines),
        ("  child_figures (1 query)", lambda: sel.child_figures(unit, year)),
        ("  the same on a path prefix", lambda: by_path_prefix(unit, year)),
        ("subtree_figures (1 query)", lambda: [sel.subtree_figures(unit, year)]),
        ("series of 6 years (1 query)", lambda: sel.series(unit, range(year - 5, year + 1))),
        (
            "over quota: first 50 + count",
            lambda: [*sel.over_quota(unit, year)[:50], sel.over_quota(unit, year).count()],
        ),
        (PER_CHILD, lambda: per_child(unit, year)),
    ]
    if naive_per_unit:
        operations.append((PER_UNIT, lambda: per_unit(unit, year)))
    measurements, results = [], {}
    for name, func in operations:
        measurement, result = measure(name, func, repeat=repeat)
        measurements.append(measurement)
        results[name] = result
    summary = sel.summary(unit, year)
    check(unit, summary, {k: v for k, v in results.items() if k in (PER_CHILD, PER_UNIT)})
    if {k: v for k, v in sel.child_figures(unit, year).items() if k != sel.SELF} != {
        (kid.pk if unit.depth + 1 in (2, 3) else kid.path): f
        for kid, f in (
            (line.unit, line.figures) for line in summary.lines if line.unit is not None and line.figures.rows
        )
    }:
        raise AssertionError(f"{unit.code}: child_figures and summary disagree")
    t = summary.totals
    log(
        f"{unit.code} ({unit.name}), {year}: {t.rows:,} rows, quota {t.assigned:,}, headcount {t.headcount:,}, "
        f"{len(summary.lines):,} lines; view and loops agree"
    )
    slowest = max(m.median_ms for m in measurements)
    log(f"{'operation':<36} {'queries':>8} {'median ms':>11} {'slowest/this':>13}")
    for m in measurements:
        log(f"{m.operation:<36} {m.queries:>8,} {m.median_ms:>11.2f} {slowest / m.median_ms:>12.1f}x")
    return measurements


def explain_child_figures(unit: "Unit", year: int) -> list[str]:
    from django.db import connection

    from lanhdao.staffing import selectors as sel

    queryset = sel.grouped_by_child(unit, sel.subtree_rows(unit, years=[year]))
    lines = [f"EXPLAIN of child_figures for {unit.code} ({unit.name}):"]
    if connection.vendor != "postgresql":
        plan = queryset.explain()
        lines += [f"  {line}" for line in plan.splitlines()]
        return lines
    plan = queryset.explain(analyze=True, buffers=True)
    lines += [f"  {line}" for line in plan.splitlines()]
    ranged = any("Index Cond" in line and "unit_path" in line for line in plan.splitlines())
    verdict = (
        f"uses {INDEX_UNDER_TEST}: year and path prefix are one index range."
        if INDEX_UNDER_TEST in plan and ranged
        else f"does NOT use {INDEX_UNDER_TEST} as a range on (year, unit_path)."
    )
    lines.append(f"  -> {verdict}")
    return lines


def run(
    scale: str, *, repeat: int = DEFAULT_REPEAT, unit_code: str | None = None, year: int = YEAR, log: Log = print
) -> dict[str, list[Measurement]]:
    """Measure the subtree view of the chosen unit, of a commune inside it, and (at L) of the root."""
    from lanhdao.org.kinds import UnitKind
    from lanhdao.org.models import Unit
    from lanhdao.org.selectors import subtree
    from lanhdao.staffing.models import StaffingQuota

    unit = pick_unit(scale, unit_code)
    commune = subtree(unit).filter(kind=UnitKind.COMMUNE_COMMITTEE).first()
    root = Unit.objects.filter(depth=1).order_by("path").first()
    log(
        f"database: {describe_database()}; scale {scale}; {StaffingQuota.objects.count():,} staffing rows; "
        f"year {year}; repeat {repeat}"
    )
    results = {}
    subjects = [(unit, True), (commune, True)] + ([(root, False)] if root.pk != unit.pk else [])
    for subject, naive in subjects:
        if subject is None:
            continue
        log("")
        results[subject.code] = measure_unit(subject, year, repeat=repeat, naive_per_unit=naive, log=log)
    log("(queries: counted with a connection.execute_wrapper; the loops' include the one listing the units. The root")
    log(" is measured without the per-unit loop, one query for each unit of the country.)")
    for subject in (unit, commune):
        if subject is not None:
            log("")
            for line in explain_child_figures(subject, year):
                log(line)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Staffing subtree view: a fixed few queries against per-unit loops.")
    add_common_arguments(parser, default_scale="M")
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT, help=f"timed runs (default {DEFAULT_REPEAT})")
    parser.add_argument("--unit", default=None, help="code of the unit to measure (default: as bench_subtree)")
    parser.add_argument("--year", type=int, default=YEAR, help=f"the year of the figures ({YEAR})")
    args = parser.parse_args(argv)

    setup_django(resolve_database_url(args.scale, args.database_url))
    prepare_database(args.scale)
    generate_staffing(args.scale)
    print()
    run(args.scale, repeat=args.repeat, unit_code=args.unit, year=args.year)
    return 0


if __name__ == "__main__":
    sys.exit(main())
