"""The audit trail's hash chain: what linking costs each write, and how long a full verify takes.

Runs on its own SQLite file (the demo database is left alone): a trail of ENTRIES entries written through
audit.record, each in its own transaction as a service writes it, beside the same INSERT without the chain
(the floor); then verify_chain over the whole trail.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

from app.db import close_database, open_database
from app.models.base import stored_time
from app.services.actor import Actor
from app.services.admin import audit
from app.services.admin.setup import init_database
from benchmarks.harness import Result, median_ms

ENTRIES = 100_000
ACTOR = Actor(None, "bench", "سنجش", "supervisor")


def run(url: str, calls: int) -> list[Result]:
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{Path(tmp) / 'chain.db'}")
        init_database(db)
        for start in range(0, ENTRIES, 5000):  # fill in big transactions (the fill is not what is measured)
            with db.atomic():
                for i in range(start, start + 5000):
                    audit.record(ACTOR, "case.register", "case", i, subject=f"موضوع {i}", channel="phone")

        def chained(i):
            with db.atomic():
                audit.record(ACTOR, "case.register", "case", i, subject="موضوع", channel="phone")

        def floor(i):
            with db.atomic():
                db.execute_sql(
                    "INSERT INTO audit_entry (at, username, action, entity, entity_id, details) "
                    "VALUES (?, 'bench', 'case.register', 'case', ?, '{}')",
                    (stored_time(db, dt.datetime(2026, 12, 3, 8)), i),
                )

        write = median_ms(chained, runs=201)
        write_floor = median_ms(floor, runs=201)
        started = time.perf_counter()
        report = audit.verify_chain(db)
        verify_s = time.perf_counter() - started
        close_database()
    entries = report.entries
    return [
        Result(
            "audit.record in its own transaction",
            write,
            201,
            floor_ms=write_floor,
            note="(floor: the same INSERT, no chain)",
        ),
        Result(
            f"verify_chain over {entries:,} entries",
            verify_s * 1000,
            1,
            note=f"{entries / verify_s:,.0f} entries/s; problems {len(report.problems)} (the floor's rows)",
        ),
    ]
