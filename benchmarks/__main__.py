"""`python -m benchmarks [--calls N] [--database URL] [SUITE ...]`

Builds (or reuses) a demo database of N cases with `samad demo`, then runs each suite module
`benchmarks/bench_<suite>.py` (its `run(url: str, calls: int) -> list[Result]`) and prints medians.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
import time
from pathlib import Path

import benchmarks
from app.db import close_database, open_database
from app.services.admin.setup import init_database
from app.services.demo import run_demo

CACHE = Path(__file__).resolve().parent.parent / "out" / "benchmarks"


def suites() -> list[str]:
    return sorted(
        m.name[len("bench_") :]
        for m in pkgutil.iter_modules(benchmarks.__path__)
        if m.name.startswith("bench_")
    )


def prepare(url: str | None, calls: int) -> str:
    if url is None:
        CACHE.mkdir(parents=True, exist_ok=True)
        path = CACHE / f"demo-{calls}.db"
        url = f"sqlite:///{path}"
        if path.exists():
            return url
    db = open_database(url)
    init_database(db)
    from app.models import Case

    if Case.select().count() == 0:
        started = time.perf_counter()
        summary = run_demo(calls=calls)
        print(f"demo data: {summary} in {time.perf_counter() - started:.1f} s", flush=True)
    close_database()
    return url


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument(
        "--calls", type=int, default=100_000, help="cases in the demo database (default 100000)"
    )
    parser.add_argument("--database", help="use this database instead of a cached SQLite demo file")
    parser.add_argument("suite", nargs="*", help=f"suites to run (default all: {', '.join(suites())})")
    args = parser.parse_args(argv)
    chosen = args.suite or suites()
    unknown = set(chosen) - set(suites())
    if unknown:
        parser.error(f"unknown suite(s): {', '.join(sorted(unknown))}")
    url = prepare(args.database, args.calls)
    print(f"database: {url}  cases: {args.calls}")
    for name in chosen:
        module = importlib.import_module(f"benchmarks.bench_{name}")
        print(f"\n[{name}]", flush=True)
        for result in module.run(url, args.calls):
            print(result.line(), flush=True)
        close_database()
    return 0


if __name__ == "__main__":
    sys.exit(main())
