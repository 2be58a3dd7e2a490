"""Concurrent writers: `python -m benchmarks.concurrency --writers 4 --cases 200 [--database URL] [--no-letters]`.

N processes register calls (and issue a letter for every second case) at once on one database; prints the
cases per second sustained and checks numbering afterwards. --database must name an EMPTY database.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile

from app.db import close_database


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.concurrency")
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--cases", type=int, default=200, help="cases per writer")
    parser.add_argument("--database")
    parser.add_argument("--no-letters", action="store_true")
    args = parser.parse_args(argv)
    folder = tempfile.mkdtemp(prefix="samad-concurrency-")
    os.environ.setdefault("SAMAD_DATA_DIR", folder)
    os.environ.setdefault("SAMAD_CONFIG_DIR", folder)
    url = args.database or f"sqlite:///{folder}/concurrency.db"

    from benchmarks import crash, workload

    workload.prepare(url, writers=args.writers)
    close_database()
    letters = not args.no_letters and workload.letter_issuer() is not None
    outcome = crash.run_concurrently(url, args.writers, args.cases, letters)
    problems = workload.check_database(url, outcome.cases, outcome.letters)
    close_database()
    total = len(outcome.cases)
    print(f"database: {url}")
    print(
        f"writers: {args.writers}, cases: {total}, letters: {len(outcome.letters)}, in {outcome.seconds:.1f} s "
        "(including each process's start)"
    )
    print(
        f"cases per second sustained: {total / outcome.seconds:.1f}"
        + (f" (+ {len(outcome.letters) / outcome.seconds:.1f} letters per second)" if letters else "")
    )
    print(f"errors reaching a user: {len(outcome.errors)}")
    print("problems: " + ("none" if not problems else "; ".join(problems[:10])))
    return 0 if not problems and not outcome.errors else 1


if __name__ == "__main__":
    sys.exit(main())
