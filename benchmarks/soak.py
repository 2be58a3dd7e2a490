"""The long crash-safety run: `python -m benchmarks.soak --kills 200 [--database URL] [--no-letters]`.

A writer registers calls and issues letters; it is killed with SIGKILL at a random moment, again and again.
Then the database is checked (integrity, every confirmed case complete, numbering gapless) and the figures
printed: cases registered, letters issued, kills, cases lost (must be 0). The default database is a fresh
SQLite file in a temporary folder; --database must name an EMPTY database (e.g. a new PostgreSQL schema).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile

from app.db import close_database, open_database
from app.models import Case


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.soak")
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--database", help="an empty database URL (default: a new SQLite file)")
    parser.add_argument("--no-letters", action="store_true", help="register calls only")
    parser.add_argument("--max-wait", type=float, default=1.0, help="longest pause before a kill, in seconds")
    args = parser.parse_args(argv)
    folder = tempfile.mkdtemp(prefix="samad-soak-")
    os.environ.setdefault("SAMAD_DATA_DIR", folder)
    os.environ.setdefault("SAMAD_CONFIG_DIR", folder)
    url = args.database or f"sqlite:///{folder}/soak.db"

    from benchmarks import crash, workload

    workload.prepare(url, writers=1)
    close_database()
    letters = not args.no_letters and workload.letter_issuer() is not None
    outcome = crash.kill_repeatedly(url, args.kills, letters, max_wait=args.max_wait)
    problems = workload.check_database(url, outcome.cases, outcome.letters)
    open_database(url)
    in_db = Case.select().count()
    lost = sum(1 for case_id in outcome.cases if not Case.select().where(Case.id == case_id).exists())
    close_database()
    print(f"database: {url}")
    print(f"kills: {outcome.kills} in {outcome.seconds:.0f} s")
    print(
        f"cases confirmed: {len(outcome.cases)} (in the database: {in_db}; committed but killed before "
        f"confirming: {in_db - len(outcome.cases)})"
    )
    print(f"letters confirmed: {len(outcome.letters)}{'' if letters else ' (letters not issued)'}")
    print(f"cases lost: {lost}")
    print(f"writer errors: {len(outcome.errors)}")
    print("problems: " + ("none" if not problems else "; ".join(problems[:10])))
    return 0 if not problems and not outcome.errors and lost == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
