"""Reloads per change batch: how much work one batch of other PCs' changes costs the interface thread.

Opens every section of the main window (a supervisor sees them all) on a fresh SQLite database with a few
cases, hands the change watcher one batch (three cases, two referrals, settings changed: what a busy few
seconds on another PC look like), lets the pages' debounce timers run out, and counts
- the slots the change signals invoked (page handlers) and
- the SQL statements run on the interface thread meanwhile (each reload is one or more).

    QT_QPA_PLATFORM=offscreen python -m benchmarks.change_reloads
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


def _batch(changes, case_ids, referral_ids):
    if hasattr(changes, "announce"):
        return changes.announce(cases=case_ids, referrals=referral_ids, settings=True)
    return changes.ChangeBatch(changes.marker(), tuple(case_ids), tuple(referral_ids), True)


def wait(ms: int) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from app.db import database, open_database
    from app.services import cases, changes
    from benchmarks import workload
    from ui.application import make_application
    from ui.change_watcher import ChangeWatcher
    from ui.context import AppContext
    from ui.main_window import MainWindow

    url = f"sqlite:///{os.path.join(_HOME, 'samad.db')}"
    open_database(url)
    from app.services.setup import init_database

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
    for name in ("case_changed(int)", "referral_changed(int)", "data_changed()", "changes(PyObject)"):
        try:
            n = events.receivers(f"2{name}")
        except (RuntimeError, TypeError):
            n = 0
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
    batch = _batch(changes, case_ids, [1, 2])
    watcher = ChangeWatcher(context)
    watcher._announce(batch)
    wait(3000)
    db.execute_sql = plain
    counted = getattr(sys.modules.get("ui.change_debounce"), "HANDLED", None)
    print(f"page handlers run: {counted[0] if counted else 'n/a'}")
    print(f"SQL statements on the interface thread for one batch: {statements[0]}")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
