"""Fill a database with an organisation tree of the real shape, at one of three scales.

    .venv/bin/python bench/generate.py --scale S|M|L [--database-url URL] [--reset]

S  one district of Thái Nguyên (Thành phố Thái Nguyên, the largest) under a bare province root:     644 units
M  the province of Thái Nguyên as it stood before the 2025 reform (`shapes.province_spec`):        3,610 units
L  the post-2025 country (`shapes.country_spec_2025`): 34 provinces, 3,321 communes, ~53,000
   grassroots organisations and ~212,000 cells:                                                   269,308 units

The database is migrated first. Running twice does nothing the second time (the root's code is already there);
`--reset` flushes the whole database first, and only agrees to do so on a database whose name says "bench".
"""

import argparse
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if __package__ in (None, ""):
    # Run as a script (`python bench/generate.py`): make `lanhdao` and `bench` importable from the project root.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.env import add_common_arguments, describe_database, resolve_database_url, setup_django

if TYPE_CHECKING:
    from lanhdao.accounts.models import User
    from lanhdao.org.services import UnitSpec

ROOT_CODES = {"S": "TU19", "M": "TU19", "L": "TW"}
S_DISTRICT_CODE = "164"  # Thành phố Thái Nguyên in the pre-2025 list of districts
BENCH_USERNAME = "bench"

Log = Callable[[str], None]


class ScaleMismatch(Exception):
    """The database already holds a tree under the root's code, but not the one this scale builds."""


@dataclass
class Generated:
    scale: str
    root_code: str
    expected: int  # units the scale's tree holds
    created: int  # units written by this run (0 when skipped)
    skipped: bool
    seconds: float


def scale_specs(scale: str) -> list["UnitSpec"]:
    """The UnitSpec trees to create for `scale`: always a single root, whose code is ROOT_CODES[scale]."""
    from vietnam_provinces.legacy import District

    from lanhdao.org.kinds import UnitKind
    from lanhdao.org.services import UnitSpec
    from lanhdao.org.shapes import TERM_START, country_spec_2025, district_spec, province_spec

    if scale == "S":
        district = District.from_code(int(S_DISTRICT_CODE))
        province_root = UnitSpec(ROOT_CODES["S"], "Tỉnh ủy Thái Nguyên", UnitKind.PROVINCE_COMMITTEE, TERM_START)
        province_root.children = [district_spec(district)]
        specs = [province_root]
    elif scale == "M":
        specs = [province_spec("Thái Nguyên")]
    elif scale == "L":
        specs = [country_spec_2025()]
    else:
        raise ValueError(f"unknown scale {scale!r}")
    if specs[0].code != ROOT_CODES[scale]:  # shapes.py changed its codes: the idempotence check would miss
        raise ValueError(f"scale {scale}: the root's code is {specs[0].code}, expected {ROOT_CODES[scale]}")
    return specs


def count_specs(specs: Iterable["UnitSpec"]) -> int:
    return sum(1 + count_specs(spec.children) for spec in specs)


def bench_superuser() -> "User":
    """The actor of the bulk creation: units_bulk_create wants a superuser to create roots."""
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    user = user_model.objects.filter(username=BENCH_USERNAME).first()
    if user is None:
        # No password: the account only exists to be the actor of the generated data, nobody signs in with it.
        user = user_model.objects.create_superuser(BENCH_USERNAME, email="", password=None, full_name="Benchmark")
    return user


def generate(scale: str, *, log: Log = print) -> Generated:
    """Create the tree of `scale` unless it is already there. The database must be migrated."""
    from django.db import connection

    from lanhdao.org.models import Unit
    from lanhdao.org.selectors import subtree
    from lanhdao.org.services import units_bulk_create

    started = time.perf_counter()
    specs = scale_specs(scale)
    expected = count_specs(specs)
    root_code = ROOT_CODES[scale]
    log(f"scale {scale}: {expected:,} units in the tree, built in memory in {time.perf_counter() - started:.2f} s")

    root = Unit.objects.filter(code=root_code).first()
    if root is not None:
        present = subtree(root, include_archived=True).count()
        if present != expected:
            # S and M share the province's code: a database holding one must not pass for the other.
            raise ScaleMismatch(
                f"{root_code} is already there with {present:,} units, scale {scale} builds {expected:,}: "
                "use another database or --reset"
            )
        log(f"{root_code} is already there with its {present:,} units: nothing to do")
        return Generated(scale, root_code, expected, 0, True, time.perf_counter() - started)

    actor = bench_superuser()
    insert_started = time.perf_counter()
    # audit=False is for the benchmark only: every other caller records one audit row per unit (STYLE.md, bulk
    # writes keep their history). Here the audit rows would double the write and measure the audit trail instead.
    created = units_bulk_create(actor=actor, parent=None, specs=specs, audit=False)
    log(f"units_bulk_create wrote {created:,} units in {time.perf_counter() - insert_started:.2f} s")

    if connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum would have them a minute later: without them the planner guesses the
        # table's size and the benchmark would measure the guess. (SQLite gets none: Django never runs ANALYZE
        # there, so a real SQLite deployment plans without statistics too.)
        analyze_started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(f'ANALYZE "{Unit._meta.db_table}"')
        log(f"ANALYZE in {time.perf_counter() - analyze_started:.2f} s")
    return Generated(scale, root_code, expected, created, False, time.perf_counter() - started)


def print_counts(root_code: str, *, log: Log = print) -> None:
    from lanhdao.org.models import Unit
    from lanhdao.org.selectors import subtree_counts

    root = Unit.objects.get(code=root_code)
    counts = subtree_counts(root)
    counts[root.kind] = counts.get(root.kind, 0) + 1
    total = Unit.objects.count()
    log(f"units under {root_code} (itself included): {sum(counts.values()):,}; in the database: {total:,}")
    for kind, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        log(f"  {kind:<22} {n:>9,}")


def prepare_database(scale: str, *, reset: bool = False, log: Log = print) -> Generated:
    """Migrate, flush when asked, and generate `scale`: what both the generator and the benchmarks start with."""
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    log(f"migrate in {time.perf_counter() - started:.2f} s")
    if reset:
        name = str(connection.settings_dict["NAME"])
        if "bench" not in Path(name).name:
            # A DATABASE_URL left in the environment could point at real data: flush only a benchmark database.
            raise ScaleMismatch(f"--reset refuses to flush {name!r}: its name does not contain 'bench'")
        call_command("flush", interactive=False, verbosity=0)
        log(f"flushed {describe_database()}")
    return generate(scale, log=log)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fill a database with an organisation tree at scale S, M or L.")
    add_common_arguments(parser, default_scale="M")
    parser.add_argument("--reset", action="store_true", help="flush the database first (bench databases only)")
    args = parser.parse_args(argv)

    setup_django(resolve_database_url(args.scale, args.database_url))
    print(f"database: {describe_database()}")
    started = time.perf_counter()
    try:
        result = prepare_database(args.scale, reset=args.reset)
    except ScaleMismatch as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print_counts(result.root_code)
    print(f"done in {time.perf_counter() - started:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())


def existing_rows(model, *, scale: str, count: int, noun: str, log: Log) -> tuple[object, bool]:
    """Shared start of the fact generators: (the bench superuser, whether `count` generated rows are already there).

    Refuses when the tree of `scale` is missing, or when the table holds rows that are not exactly this generation.
    """
    from lanhdao.org.models import Unit

    if not Unit.objects.filter(code=ROOT_CODES[scale]).exists():
        raise ScaleMismatch(f"the tree of scale {scale} is not in {describe_database()}: generate it first")
    actor = bench_superuser()
    present = model.objects.count()
    if not present:
        return actor, False
    generated = model.objects.filter(created_by=actor).count()
    if generated == present == count:
        log(f"the {present:,} {noun} are already there: nothing to do")
        return actor, True
    raise ScaleMismatch(
        f"the database holds {present:,} {noun} ({generated:,} of them generated), asked for {count:,}: use --reset"
    )
