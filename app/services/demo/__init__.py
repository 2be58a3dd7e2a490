"""`samad demo`: realistic, varied demo data so a newcomer opens a center that is already working.

Each step module (listed in run_demo) adds one part of the center's life, in order, using the services (so every rule
holds) or, for bulk volumes, fast batched inserts that produce exactly what the services would.
A step module has `run(ctx: DemoContext) -> dict` and returns counts for the summary.
"""

from __future__ import annotations

import contextlib
import gc
import random
from dataclasses import dataclass, field

from app.services.cases import case_summary, sort_ranks
from app.services.demo import calls, followup, knowledge, numbering, people, referrals, schedule
from app.services.demo.bulk import bulk_load, compact

STEPS = [
    people,  # demo users and officials
    calls,  # citizens, cases, contacts (at the center's daily rate)
    referrals,  # orders and letters
    followup,  # responses, call-backs, reminders, escalations
    schedule,  # officials, attendance slots and sessions
    knowledge,  # articles and the article each guided case was answered with
    numbering,  # the letters, numbered in issue order, and the rows and audit entries that name them
]


@dataclass
class DemoContext:
    calls: int
    rate: int = 200  # calls on an ordinary working day
    seed: int = 1405
    progress: object = None  # callable(step: str, done: int, total: int) or None
    rng: random.Random = field(init=False)
    shared: dict = field(default_factory=dict)  # what earlier steps made, for later ones

    def __post_init__(self):
        self.rng = random.Random(self.seed)

    def report(self, step: str, done: int, total: int) -> None:
        if self.progress:
            self.progress(step, done, total)


def run_demo(calls: int = 2000, rate: int = 200, seed: int = 1405, progress=None) -> dict:
    ctx = DemoContext(calls=calls, rate=rate, seed=seed, progress=progress)
    summary = {}
    # indexes built once at the end, commits not synced (bulk.py); no cycle collections meanwhile
    with bulk_load(), _no_cycle_collector():
        for step in STEPS:
            summary.update(step.run(ctx))
        # the steps write cases in batches, past the services that keep the case summary: count them once here
        case_summary.rebuild()
        sort_ranks.refill()
    compact()
    return summary


@contextlib.contextmanager
def _no_cycle_collector():
    """Python's cycle collector off while the steps run: they hold millions of objects (the cases' columns, the
    letters held for numbering), and each full collection walked them all again (14% of the main process's
    CPU at 100,000 calls). What they make is freed by reference counting: a full collection after each step
    of a 50,000-call demo found no garbage at all, and cost 0.3 s each (some 6 s at a million)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
