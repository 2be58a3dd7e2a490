"""`samad demo`: realistic, varied demo data so a newcomer opens a center that is already working.

Each step module below adds one part of the center's life, in order, using the services (so every rule
holds) or, for bulk volumes, fast batched inserts that produce exactly what the services would.
A step module has `run(ctx: DemoContext) -> dict` and returns counts for the summary.
"""
from __future__ import annotations

import importlib
import random
from dataclasses import dataclass, field

STEPS = [
    "app.services.demo.people",  # demo users and officials
    "app.services.demo.calls",  # citizens, cases, contacts
    "app.services.demo.referrals",  # orders and letters
    "app.services.demo.followup",  # responses, call-backs, reminders, escalations
    "app.services.demo.schedule",  # officials, attendance slots and sessions
    "app.services.demo.knowledge",  # articles and the article each guided case was answered with
]


@dataclass
class DemoContext:
    calls: int
    years: int = 3
    seed: int = 1405
    progress: object = None  # callable(step: str, done: int, total: int) or None
    rng: random.Random = field(init=False)
    shared: dict = field(default_factory=dict)  # what earlier steps made, for later ones

    def __post_init__(self):
        self.rng = random.Random(self.seed)

    def report(self, step: str, done: int, total: int) -> None:
        if self.progress:
            self.progress(step, done, total)


def run_demo(calls: int = 2000, years: int = 3, seed: int = 1405, progress=None) -> dict:
    ctx = DemoContext(calls=calls, years=years, seed=seed, progress=progress)
    summary = {}
    for name in STEPS:
        summary.update(importlib.import_module(name).run(ctx))
    return summary
