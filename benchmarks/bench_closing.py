"""Closing the app: from the main window's close (the user's click on ×) to the end of the process, in a fresh
process each run. The window has been up for a moment with everything a session runs: the first section's
background load, the idle lock, the watcher thread of other PCs' changes and the daily backup's timer.
Target: under one second (issue 14, point 15)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

from benchmarks.harness import Result

PROBE = r"""
import sys, time
from PySide6.QtCore import QTimer
from app.models import User
from app.services.actor import Actor
from ui.application import database_label, leave, make_application, open_and_prepare, run_session, start_logging
app = make_application()
start_logging(app)
url = sys.argv[1]
open_and_prepare(url)
actor = Actor.from_user(User.select().where(User.role == "supervisor").first())

def close_soon(window):
    def close():
        print("closing", time.time(), flush=True)
        window.close()
    QTimer.singleShot(int(sys.argv[2]), close)

run_session(app, actor, database_label(url), url, after_shown=close_soon)
leave(0)
"""

RUNS = 7


def close_times(
    url: str, open_ms: int = 1500, runs: int = RUNS, python_path: str | None = None
) -> list[float]:
    """Milliseconds from the window's close to the process's end, one fresh process per run."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    if python_path:
        env["PYTHONPATH"] = python_path
    samples = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", PROBE, url, str(open_ms)], capture_output=True, text=True, env=env
        )
        ended = time.time()
        if out.returncode != 0:
            raise RuntimeError(f"the app exited with {out.returncode}: {out.stderr[-2000:]}")
        closing = float(
            next(line for line in out.stdout.splitlines() if line.startswith("closing")).split()[1]
        )
        samples.append((ended - closing) * 1000)
    return samples


def run(url: str, calls: int) -> list[Result]:
    samples = close_times(url)
    return [
        Result(
            "close: main window's × to process end",
            statistics.median(samples),
            len(samples),
            target_ms=1000,
            note=f"min {min(samples):.0f} ms, max {max(samples):.0f} ms",
        )
    ]
