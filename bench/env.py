"""What every benchmark script shares: the command-line options and how Django is set up for them.

Nothing here imports Django models at module level, so the scripts can choose the database before Django starts.
"""

import argparse
import os
from pathlib import Path

import django
from django.apps import apps

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
OUT_DIR = BENCH_DIR / "out"  # git-ignored
SCALES = ("S", "M", "L")


def default_database_url(scale: str) -> str:
    # One SQLite file per scale, so a benchmark never touches the development database and scales never mix.
    return f"sqlite:///{OUT_DIR / f'bench-{scale}.sqlite3'}"


def add_common_arguments(parser: argparse.ArgumentParser, *, default_scale: str) -> None:
    parser.add_argument("--scale", choices=SCALES, default=default_scale, type=str.upper, help="S, M or L")
    parser.add_argument(
        "--database-url",
        default=None,
        help="database to use (default: $DATABASE_URL, else bench/out/bench-<scale>.sqlite3)",
    )


def resolve_database_url(scale: str, option: str | None) -> str:
    return option or os.environ.get("DATABASE_URL") or default_database_url(scale)


def setup_django(database_url: str) -> None:
    """Point Django at `database_url` and start it. Must run before any model is imported."""
    if apps.ready:
        return
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lanhdao.settings.base")
    # With DEBUG on, Django keeps the text of every query, which would charge the query-per-node walk thousands of
    # bookkeeping steps the one-query listing does not pay. Queries are counted explicitly where needed.
    os.environ.setdefault("LANHDAO_DEBUG", "0")
    OUT_DIR.mkdir(exist_ok=True)
    django.setup()


def describe_database() -> str:
    """'postgresql lanhdao_bench' or 'sqlite3 bench-M.sqlite3': which database the figures come from."""
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    return f"{connection.vendor} {Path(name).name if connection.vendor == 'sqlite' else name}"
