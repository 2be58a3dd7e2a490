"""Reloads per change batch: how much work one batch of other PCs' changes costs the interface thread.

Opens every section of the main window (a supervisor sees them all) on a fresh SQLite database with a few
cases, hands the change watcher one batch (three cases, two referrals, settings changed: what a busy few
seconds on another PC look like), lets the pages' debounce timers run out, and counts
- the slots the change signals invoked (page handlers) and
- the SQL statements run on the interface thread meanwhile (each reload is one or more).

    QT_QPA_PLATFORM=offscreen python -m benchmarks.change_reloads

Measured 2026-12-03 (2 shared vCPUs, every section open, SQLite), before the one change feed (three
signals, each receiver a slot call, no debounce) and after (events.changes, one debounced handler per page):

| batch                                   | slot calls before | page handlers after | SQL on UI thread before | after |
|-----------------------------------------|------------------:|--------------------:|------------------------:|------:|
| one case registered on another PC       |                15 |                   7 |                      35 |    13 |
| three cases, two referrals and a setting|                37 |                  11 |                      75 |    29 |
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = tempfile.mkdtemp(prefix="samad-bench-")
os.environ["SAMAD_DATA_DIR"] = os.path.join(_HOME, "data")
os.environ["SAMAD_CONFIG_DIR"] = os.path.join(_HOME, "config")


def _batch(changes, case_ids, referral_ids, settings):
    if hasattr(changes, "announce"):
        return changes.announce(cases=case_ids, referrals=referral_ids, settings=settings)
    return changes.ChangeBatch(changes.marker(), tuple(case_ids), tuple(referral_ids), settings)


SCENARIOS = (
    ("one case registered on another PC", 1, 0, False),
    ("three cases, two referrals and a setting", 3, 2, True),
)


def wait(ms: int) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from app.db import database, open_database
    from app.services.admin import changes
    from app.services.cases import cases
    from benchmarks import workload
    from ui.application import make_application
    from ui.change_watcher import ChangeWatcher
    from ui.context import AppContext
    from ui.main_window import MainWindow

    url = f"sqlite:///{os.path.join(_HOME, 'samad.db')}"
    open_database(url)
    from app.services.admin.setup import init_database

    init_database(database.obj)
    workload.prepare_current(writers=1)
    operator = workload.actor(workload.writer_name(0))
    case_ids = [cases.register_call(operator, workload.call_data(i, random.Random(i))).id for i in range(3)]
    supervisor = workload.actor("root")
    app = QApplication.instance() or make_application(["samad-bench"])
    context = AppContext(supervisor, url, url)
    window = MainWindow(context, "مرکز")
    window.show()
    for row in range(len(window.sections)):
        window.navigation.setCurrentRow(row)
        app.processEvents()
    wait(2000)

    events = context.events
    receivers = {}
    for name in ("case_changed(int)", "referral_changed(int)", "data_changed()", "changes(PyObject)"):
        try:
            n = events.receivers(f"2{name}")
        except (RuntimeError, TypeError):
            n = 0
        receivers[name] = n
        print(f"receivers of {name}: {n}")
    db = database.obj
    statements = [0]
    main_thread = threading.main_thread()
    plain = db.execute_sql

    def counting(sql, params=None, *args, **kwargs):
        if threading.current_thread() is main_thread:
            statements[0] += 1
        return plain(sql, params, *args, **kwargs)

    db.execute_sql = counting
    watcher = ChangeWatcher(context)
    counted = getattr(sys.modules.get("ui.change_debounce"), "HANDLED", None)
    for title, n_cases, n_referrals, settings in SCENARIOS:
        statements[0] = 0
        before = counted[0] if counted else 0
        watcher._announce(_batch(changes, case_ids[:n_cases], [1, 2][:n_referrals], settings))
        wait(3000)
        # Before the one feed, the watcher emitted case_changed per case, referral_changed per referral and
        # data_changed once: each receiver is one slot call.
        handled = (
            counted[0] - before
            if counted
            else (
                n_cases * receivers["case_changed(int)"]
                + n_referrals * receivers["referral_changed(int)"]
                + receivers["data_changed()"]
            )
        )
        print(f"{title}: page handlers run {handled}, SQL statements on the interface thread {statements[0]}")
    db.execute_sql = plain
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
