"""Benchmark of issue 7's bar "a merge of two provinces of the L dataset completes in minutes": two provinces merged
into a new one through restructuring.services (plan, preview, apply: every unit closed and copied, members'
placements, open posts, open tasks and roles moved, every row audited), against the floor measured in the same
transaction: one plain UPDATE touching each moved member and task row once.

    .venv/bin/python bench/bench_restructure.py [--scale S|M|L] [--database-url URL] [--units CODE,CODE] [--repeat N]

The tree is generated if missing (bench/generate.py); members and tasks are used if present (bench/generate_members.py,
bench/generate_tasks.py) — the figures say how many there were. Everything runs inside one transaction that is rolled
back at the end, so the benchmark database is left as it was and the benchmark can be run again.
"""

import argparse
import datetime
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.env import add_common_arguments, describe_database, resolve_database_url, setup_django
from bench.generate import prepare_database

EFFECTIVE_ON = datetime.date(2026, 1, 1)


class RolledBack(Exception):
    pass


def pick_provinces(codes: str | None):
    from lanhdao.org.kinds import UnitKind
    from lanhdao.org.models import Unit

    if codes:
        return [Unit.objects.get(code=c.strip()) for c in codes.split(",")]
    provinces = Unit.objects.filter(kind=UnitKind.PROVINCE_COMMITTEE, archived_at__isnull=True, depth=2)
    chosen = list(provinces.order_by("-numchild", "path")[:2])
    if len(chosen) < 2:  # S and M hold one province: merge two of its districts instead
        chosen = list(
            Unit.objects.filter(kind=UnitKind.DISTRICT_COMMITTEE, archived_at__isnull=True).order_by("-numchild")[:2]
        )
    return chosen


def floor(paths: list[str]) -> float:
    """One UPDATE per table touching the members and open tasks under `paths` once: the least any merge must write."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        for table, column in (("members_member", "unit_path"), ("work_task", "lead_path")):
            where = " OR ".join(f"{column} LIKE %s" for _ in paths)
            cursor.execute(f"UPDATE {table} SET {column} = {column} WHERE {where}", [p + "%" for p in paths])
    return time.perf_counter() - started


def run(scale: str, codes: str | None) -> dict:
    """One merge, timed, then rolled back."""
    from django.db import transaction

    from bench.generate import bench_superuser
    from lanhdao.org.selectors import parent_of
    from lanhdao.restructuring import plans, services

    actor = bench_superuser()
    sources = pick_provinces(codes)
    parent = parent_of(sources[0])
    result: dict = {"sources": ", ".join(f"{u.code} {u.name}" for u in sources)}
    try:
        with transaction.atomic():
            result["floor_s"] = floor([u.path for u in sources])
            started = time.perf_counter()
            plan = plans.merge(
                sources=sources,
                effective_on=EFFECTIVE_ON,
                parent=parent,
                new={"code": "BENCH-MERGED", "name": "Tỉnh ủy hợp nhất (benchmark)", "kind": sources[0].kind},
            )
            result["preview"] = services.preview(plan, actor=actor, legal_basis_text="benchmark")
            result["preview_s"] = time.perf_counter() - started
            started = time.perf_counter()
            operation = services.apply(actor=actor, plan=plan, legal_basis_text="benchmark", today=EFFECTIVE_ON)
            result["apply_s"] = time.perf_counter() - started
            result["summary"] = operation.summary
            raise RolledBack
    except RolledBack:
        pass
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_common_arguments(parser, default_scale="M")
    parser.add_argument("--units", default=None, help="the two units to merge, by code (default: the two largest)")
    parser.add_argument("--repeat", type=int, default=1, help="merges to time, each rolled back (median shown)")
    args = parser.parse_args(argv)
    setup_django(resolve_database_url(args.scale, args.database_url))
    prepare_database(args.scale)
    results = [run(args.scale, args.units) for _ in range(max(1, args.repeat))]
    result = sorted(results, key=lambda r: r["apply_s"])[len(results) // 2]
    print(f"database: {describe_database()}  scale {args.scale}")
    print(f"merged: {result['sources']}")
    print("moved: " + ", ".join(f"{k} {v:,}" for k, v in result["summary"].items()))
    moved_rows = result["summary"].get("members", 0) + result["summary"].get("tasks", 0)
    ratio = f"{result['apply_s'] / result['floor_s']:.1f}×" if moved_rows and result["floor_s"] else "n/a"
    print(
        f"preview {result['preview_s']:.2f} s; apply {result['apply_s']:.2f} s "
        f"(floor, one UPDATE of the same member and task rows: {result['floor_s']:.2f} s; ratio {ratio}); "
        "rolled back"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
