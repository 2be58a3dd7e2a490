"""Leaving the app: closing the main window ends the program cleanly, every time, in a fresh process; the
session's threads and timers stop when the window closes; background work is stopped at exit. (How long
closing takes is measured in benchmarks/bench_closing.py, not asserted here.)"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from PySide6.QtWidgets import QApplication

from ui import session_services
from ui.change_watcher import ChangeWatcher
from ui.main_window import MainWindow
from ui.worker import Cancelled, run_in_background, stop_background_work

ROOT = Path(__file__).resolve().parents[2]
RUNS = 10


def run_the_app(folder: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAMAD_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    code = "import sys; sys.argv[0] = 'samad-desk'; from ui.application import main; sys.exit(main())"
    return subprocess.run(
        [sys.executable, "-c", code, "--smoke-test", str(folder)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_main_window_opens_and_closes_cleanly_many_times_in_fresh_processes(tmp_path):
    """Each run: a new database, login, the main window with its session services (idle lock, the watcher
    thread, the daily backup), a letter rendered, the window closed as a user closes it, the program's exit."""
    failures = []
    for n in range(RUNS):
        folder = tmp_path / f"run{n}"
        result = run_the_app(folder)
        log = (folder / "logs" / "samad.log").read_text(encoding="utf-8") if folder.exists() else ""
        if (
            result.returncode != 0
            or "Fatal Python error" in result.stderr
            or "smoke test passed" not in result.stdout
            or "closed in" not in log  # the whole way out: services stopped, work stopped, database closed
        ):
            failures.append(f"run {n}: exit {result.returncode}\n{result.stderr[-2000:]}")
    assert not failures, "\n".join(failures)


def test_the_session_services_stop_when_the_window_closes(qtbot, ui_operator, context_for, sqlite_db):
    context = context_for(ui_operator)
    context.database_url = f"sqlite:///{sqlite_db.database}"
    window = MainWindow(context)
    qtbot.addWidget(window)
    services = session_services.start(window, context)
    thread = services.watcher._thread
    assert thread.is_alive() and services.idle_lock.timer.isActive()
    services.stop()
    assert not thread.is_alive()  # the watcher's 2-second poll does not hold the exit
    assert not services.idle_lock.timer.isActive() and not services.backups.timer.isActive()
    services.stop()  # twice is harmless (log out, then quit)


def test_the_change_watcher_stops_without_waiting_out_its_poll(qtbot, ui_operator, context_for, sqlite_db):
    context = context_for(ui_operator)
    context.database_url = f"sqlite:///{sqlite_db.database}"
    watcher = ChangeWatcher(context, poll_seconds=600)
    watcher.start()
    thread = watcher._thread
    assert watcher.stop(timeout=10) and not thread.is_alive()


def test_background_work_is_stopped_at_exit(qtbot, qapp):
    started = threading.Event()
    stopped = []

    def work(progress):
        started.set()
        try:
            for i in range(10_000):
                threading.Event().wait(0.01)
                progress(i, 10_000)
        except Cancelled:
            stopped.append(True)
            raise
        return "finished"

    run_in_background(work)
    assert started.wait(10)
    assert stop_background_work(timeout_ms=10_000)
    assert stopped == [True]
    QApplication.processEvents()
