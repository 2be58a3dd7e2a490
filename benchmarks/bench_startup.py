"""Launch to a shown main window: a fresh Python process each run (what an operator waits for).

The login dialog is skipped (its wait is the person's typing); everything else of `samad` runs:
interpreter start, imports, Qt application with fonts and theme, opening and checking the database,
and the main window shown with its first section.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

from benchmarks.harness import Result

PROBE = r"""
import sys, time
from app.db import open_database
from app.services.admin import users
from app.services.actor import Actor
from app.models import User
from ui.application import make_application, open_and_prepare, database_label
from ui.context import AppContext
from ui.main_window import MainWindow
app = make_application()
url = sys.argv[1]
open_and_prepare(url)
actor = Actor.from_user(User.select().where(User.role == "supervisor").first())
window = MainWindow(AppContext(actor, database_label(url), url))
window.show()
app.processEvents()
print("shown", flush=True)
"""


def run(url: str, calls: int) -> list[Result]:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    samples = []
    for _ in range(7):
        start = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", PROBE, url], capture_output=True, text=True, env=env, check=True
        )
        assert "shown" in out.stdout
        samples.append((time.perf_counter() - start) * 1000)
    return [
        Result(
            "launch to shown main window (process start)",
            statistics.median(samples),
            len(samples),
            note=f"min {min(samples):.0f} ms, max {max(samples):.0f} ms",
        )
    ]
