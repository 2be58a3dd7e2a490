"""The long crash-safety run: `python -m benchmarks.soak --kills 200 [--database URL] [--no-letters]`.

A writer is killed with SIGKILL at a random moment, again and again (benchmarks/crash.py): during start-up
(the first kill falls while a new database is being migrated), while the services register calls and issue
letters, and while `samad call add` registers calls. Then the database is checked (integrity, fully migrated,
every confirmed case there, every committed case complete: citizen, contact, audit entry; numbering gapless)
and the figures printed: kills by kind, cases and letters confirmed, lost (must be 0), incomplete (must be 0).
The default database is a fresh SQLite file in a temporary folder; --database must name an EMPTY database
(e.g. a new PostgreSQL schema: postgresql://user@host/db?schema=soak).
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

    letters = not args.no_letters and workload.letter_issuer() is not None
    outcome = crash.kill_repeatedly(url, args.kills, letters, max_wait=args.max_wait)
    if not crash.prepared(url):  # every kill fell in start-up (a very short run): the next start finishes it
        workload.prepare(url, writers=1)
        close_database()
    problems = workload.check_database(url, outcome.cases, outcome.letters, outcome.codes)
    open_database(url)
    in_db = Case.select().count()
    lost = sum(1 for case_id in outcome.cases if not Case.select().where(Case.id == case_id).exists())
    lost += sum(1 for code in outcome.codes if not Case.select().where(Case.tracking_code == code).exists())
    confirmed = len(outcome.cases) + len(outcome.codes)
    close_database()
    incomplete = sum(1 for p in problems if p.startswith("case ") and " has no " in p)
    gaps = [p for p in problems if "numbering" in p or "counter" in p or "duplicate" in p]
    print(f"database: {url}")
    kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(outcome.kinds.items()))
    runs = ", ".join(f"{kind} {n}" for kind, n in sorted(outcome.runs.items()))
    print(f"kills: {outcome.kills} in {outcome.seconds:.0f} s ({kinds}; writers started: {runs})")
    print(
        f"cases confirmed: {confirmed} ({len(outcome.codes)} by `samad call add`; in the database: {in_db}; "
        f"committed but killed before confirming: {in_db - confirmed})"
    )
    print(f"letters confirmed: {len(outcome.letters)}{'' if letters else ' (letters not issued)'}")
    print(f"cases lost: {lost}")
    print(f"cases incomplete: {incomplete}")
    print(f"numbering: {'gapless' if not gaps else '; '.join(gaps)}")
    print(f"writer errors: {len(outcome.errors)}")
    print("problems: " + ("none" if not problems else "; ".join(problems[:10])))
    return 0 if not problems and not outcome.errors and lost == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
