"""Run every benchmark under bench/ (the modules named bench_*.py) in turn, with the same options.

    .venv/bin/python bench/run.py [--scale S|M|L] [--database-url URL] [--repeat N]     (`make bench`)

A benchmark module has a `main(argv) -> int` that accepts at least --scale, --database-url and --repeat, and
generates its database first if it is missing.
"""

import importlib
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script (`python bench/run.py`): make `lanhdao` and `bench` importable.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.env import BENCH_DIR


def benchmark_modules() -> list[str]:
    return [f"bench.{path.stem}" for path in sorted(BENCH_DIR.glob("bench_*.py"))]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    status = 0
    for name in benchmark_modules():
        print(f"=== {name} {' '.join(argv)}".rstrip(), flush=True)
        started = time.perf_counter()
        status = importlib.import_module(name).main(argv) or status
        print(f"=== {name}: {time.perf_counter() - started:.1f} s\n", flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
