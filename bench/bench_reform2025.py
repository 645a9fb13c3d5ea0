"""Benchmark of issue 16's bar "the benchmark records how long the whole country takes": the 2025 reform applied to
the whole pre-2025 country (org.shapes.country_spec_pre2025: 63 provinces, 696 districts, 10,033 communes, with
`--cells` cells under each commune and, with `--bodies`, every commune's and district's bodies) through
restructuring.reform2025_plans — every new commune created with its post-2025 bodies, every old unit closed, every
row audited — in one transaction rolled back at the end, so it can be run again.

    .venv/bin/python bench/bench_reform2025.py [--database-url URL] [--cells N] [--bodies] [--provinces 19,48]

The pre-2025 country lives in its own database (bench/out/bench-pre2025.sqlite3 by default): the L tree is the
country after the reform. --scale is accepted for bench/run.py and ignored: the country is always whole.
"""

import argparse
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.env import OUT_DIR, add_common_arguments, describe_database, setup_django


class RolledBack(Exception):
    pass


def prepare(cells: int, bodies: bool, log=print) -> int:
    """Migrate and generate the pre-2025 country unless it is there; the number of units of the tree."""
    from django.core.management import call_command

    from bench.generate import bench_superuser
    from lanhdao.org.models import Unit
    from lanhdao.org.services import units_bulk_create
    from lanhdao.org.shapes import country_spec_pre2025

    call_command("migrate", interactive=False, verbosity=0)
    if not Unit.objects.filter(code="TW").exists():
        started = time.perf_counter()
        n = units_bulk_create(
            actor=bench_superuser(), parent=None, specs=[country_spec_pre2025(cells=cells, bodies=bodies)], audit=False
        )
        log(f"generated the pre-2025 country: {n:,} units in {time.perf_counter() - started:.1f} s")
    return Unit.objects.count()


def run(provinces: list[int] | None = None, *, bodies: bool = True, log=print) -> dict:
    """The reform of `provinces` (default: every one in the tree), timed province by province, then rolled back."""
    from django.db import transaction

    from bench.generate import bench_superuser
    from lanhdao.org.kinds import UnitKind as K
    from lanhdao.org.models import Unit
    from lanhdao.restructuring import reform2025_plans as reform

    actor = bench_superuser()
    codes = provinces or reform.country_provinces()
    result: dict = {"provinces": len(codes), "times": {}}
    try:
        with transaction.atomic():
            started = time.perf_counter()
            for code in codes:
                step = time.perf_counter()
                reform.apply_province(actor=actor, province=code, bodies=bodies)
                result["times"][code] = time.perf_counter() - step
            result["apply_s"] = time.perf_counter() - started
            live = Unit.objects.filter(archived_at__isnull=True)
            result["communes"] = live.filter(kind=K.COMMUNE_COMMITTEE, code__startswith="XA").count()
            result["held"] = live.filter(kind=K.COMMUNE_COMMITTEE, code__startswith="DU").count()
            result["units_created"] = live.filter(valid_from=reform.data.EFFECTIVE_ON).count()
            raise RolledBack
    except RolledBack:
        pass
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_common_arguments(parser, default_scale="L")
    parser.add_argument("--cells", type=int, default=4, help="cells generated under each old commune (default 4)")
    parser.add_argument("--bodies", action="store_true", help="generate each old commune's and district's bodies")
    parser.add_argument("--provinces", default=None, help="new provinces to reform, by GSO code (default: all)")
    parser.add_argument("--repeat", type=int, default=1, help="ignored: one country reform is long enough")
    args = parser.parse_args(argv)
    setup_django(args.database_url or f"sqlite:///{OUT_DIR / 'bench-pre2025.sqlite3'}")
    units = prepare(args.cells, args.bodies)
    codes = [int(c) for c in args.provinces.split(",")] if args.provinces else None
    result = run(codes)
    slowest = sorted(result["times"].items(), key=lambda kv: -kv[1])[:3]
    print(f"database: {describe_database()}  pre-2025 tree: {units:,} units")
    print(
        f"reformed {result['provinces']} provinces in {result['apply_s']:.1f} s: {result['communes']:,} new communes, "
        f"{result['units_created']:,} units created, {result['held']:,} old communes left to place; slowest: "
        + ", ".join(f"{code} {s:.1f} s" for code, s in slowest)
        + "; rolled back"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
