"""Launch to a shown main window: a fresh Python process each run (what an operator waits for), beside a bare
PySide6 window shown the same way in the same run (its floor; issue 17's target is ≤ 3× it).

The login dialog is skipped (its wait is the person's typing); everything else of `samad` runs:
interpreter start, imports, Qt application with fonts and theme, opening and checking the database,
and the main window shown with its first section. Each run is timed from the process's start to the moment it
says "shown" (after the window is shown and its events processed), not to its exit: the probe then leaves as
the program leaves (ui.application.leave), and the bare window exits as Python does. The two kinds of run
alternate, so a change in the machine's load falls on both.
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
from ui.application import make_application, open_and_prepare, database_label, leave
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
leave(0)
"""

BARE = r"""
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1366, 768)
window.show()
app.processEvents()
print("shown", flush=True)
"""


def launch_ms(code: str, url: str) -> float:
    """Milliseconds from starting `python -c code url` to its line "shown"; the process must then exit 0."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", code, url], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    shown = None
    for line in process.stdout:
        if line.startswith("shown"):
            shown = (time.perf_counter() - start) * 1000
            break
    process.stdout.read()
    error = process.stderr.read()
    if process.wait() != 0 or shown is None:
        raise RuntimeError(f"the launch probe failed (exit {process.returncode}): {error[-2000:]}")
    return shown


def launches(url: str, runs: int) -> tuple[list[float], list[float]]:
    """(bare window, app) launch times, `runs` of each, alternating."""
    bare, app = [], []
    for _ in range(runs):
        bare.append(launch_ms(BARE, url))
        app.append(launch_ms(PROBE, url))
    return bare, app


def launch_result(url: str, runs: int, name: str) -> Result:
    bare, app = launches(url, runs)
    median, floor = statistics.median(app), statistics.median(bare)
    return Result(
        name,
        median,
        runs,
        floor_ms=floor,
        note=f"target ≤ 3× a bare PySide6 window: {'met' if median <= 3 * floor else 'MISSED'}; "
        f"app min {min(app):.0f} max {max(app):.0f} ms, bare min {min(bare):.0f} max {max(bare):.0f} ms; "
        f"load {os.getloadavg()[0]:.1f}",
    )


def run(url: str, calls: int) -> list[Result]:
    return [launch_result(url, 7, "launch to shown main window (process start)")]
