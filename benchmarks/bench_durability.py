"""What `synchronous=FULL` costs: one call registered (one commit) on a fresh SQLite file,
with the program's setting (FULL: the WAL is synced at every commit, so a confirmed call survives a power cut)
and with NORMAL (the earlier setting: intact after a power cut, but the last commits may be gone)."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from app.db import close_database, database
from benchmarks import workload
from benchmarks.harness import Result, median_ms


def _register_ms(url: str, synchronous: str) -> float:
    from app.services.cases import cases

    workload.prepare(url, writers=1)
    database.execute_sql(f"PRAGMA synchronous={synchronous}")
    operator = workload.actor(workload.writer_name(0))
    rng = random.Random(3)
    try:
        return median_ms(
            lambda i: cases.register_call(operator, workload.call_data(10_000 + i, rng)), runs=41
        )
    finally:
        close_database()


def run(url: str, calls: int) -> list[Result]:
    out = []
    with tempfile.TemporaryDirectory(prefix="samad-durability-") as folder:
        for mode in ("FULL", "NORMAL"):
            ms = _register_ms(f"sqlite:///{Path(folder) / f'{mode.lower()}.db'}", mode)
            out.append(
                Result(
                    f"register a call, synchronous={mode}",
                    ms,
                    41,
                    note="the program's setting" if mode == "FULL" else "the earlier setting",
                )
            )
    return out
