"""Uncaught exceptions in the window: logged with the traceback and shown in a Persian dialog
with «کپی جزئیات» and the log's path; worker failures, the change watcher and the overdue indicator too."""

from __future__ import annotations

import sqlite3
import sys
import threading

import pytest
from PySide6.QtCore import QObject, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication
from shiboken6 import isValid

from app import db as app_db
from app import logs
from app.services import db_errors
from ui import crash_handler
from ui.dialogs.crash_dialog import CrashDialog
from ui.worker import run_in_background


@pytest.fixture
def reporter(qapp, tmp_path, monkeypatch):
    """The crash handler installed with its log in a fresh data folder; the hooks are put back afterwards."""
    monkeypatch.setenv("SAMAD_DATA_DIR", str(tmp_path / "data"))
    saved = sys.excepthook, threading.excepthook
    installed = crash_handler.install(qapp)
    yield installed
    if installed.dialog is not None:
        installed.dialog.close()
    sys.excepthook, threading.excepthook = saved
    logs.install_exception_hooks(None)
    sys.excepthook, threading.excepthook = saved
    monkeypatch.undo()
    logs.setup_logging()


def log_text() -> str:
    logs.flush()
    return logs.log_file().read_text(encoding="utf-8")


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_is_logged_and_shown(qtbot, reporter):
    def slot():
        raise RuntimeError("boom in a slot for caller 09141234567")

    QTimer.singleShot(0, slot)
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    dialog = reporter.dialog
    assert dialog.windowTitle() == "خطای پیش‌بینی‌نشده"
    assert "کاری که در دست داشتید" in dialog.message.text()
    assert str(logs.log_file()) in dialog.log_label.text()
    assert "RuntimeError: boom in a slot" in dialog.details and "09141234567" not in dialog.details
    text = log_text()
    assert "uncaught exception" in text and "RuntimeError: boom in a slot" in text and "in slot" in text


@pytest.mark.qt_no_exception_capture
def test_copy_details_puts_the_traceback_and_log_path_on_the_clipboard(qtbot, reporter):
    QApplication.clipboard().clear()
    QTimer.singleShot(0, lambda: 1 / 0)
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    qtbot.mouseClick(
        reporter.dialog.copy_button, __import__("PySide6.QtCore").QtCore.Qt.MouseButton.LeftButton
    )
    copied = QApplication.clipboard().text()
    assert "ZeroDivisionError" in copied and "Traceback" in copied
    assert str(logs.log_file()) in copied and "Samad Desk" in copied
    assert reporter.dialog.copy_button.text() == "کپی شد"


@pytest.mark.qt_no_exception_capture
def test_a_second_error_while_the_dialog_is_open_is_only_logged(qtbot, reporter):
    QTimer.singleShot(0, lambda: 1 / 0)
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    first = reporter.dialog
    QTimer.singleShot(0, lambda: [][1])
    qtbot.waitUntil(lambda: reporter.suppressed == 1)
    assert reporter.dialog is first and "IndexError" in log_text()


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_thread_reaches_the_dialog(qtbot, reporter):
    thread = threading.Thread(target=lambda: {}["missing"], name="samad-test-thread")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    assert "KeyError" in reporter.dialog.details
    assert "in thread samad-test-thread" in log_text()


@pytest.mark.qt_no_exception_capture
def test_background_work_without_an_error_callback_reaches_the_dialog(qtbot, reporter):
    def work(progress):
        raise LookupError("lost in the worker")

    run_in_background(work)
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible(), timeout=5000)
    assert "LookupError: lost in the worker" in reporter.dialog.details
    text = log_text()
    assert "background work" in text and "failed" in text and "LookupError" in text


def test_a_database_failure_in_background_work_arrives_in_persian(qtbot, reporter, tmp_path):
    path = tmp_path / "tiny.db"
    con = sqlite3.connect(path, check_same_thread=False)
    con.execute("CREATE TABLE t (x)")
    con.execute("PRAGMA max_page_count = 2")  # a disk that fills after two pages: a real "disk is full"
    con.commit()
    failures = []

    def work(progress):
        con.execute("INSERT INTO t VALUES (?)", ("x" * 100_000,))

    run_in_background(work, on_error=failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    con.close()
    assert isinstance(failures[0], db_errors.DatabaseUnavailable)
    assert str(failures[0]) == db_errors.DISK_FULL
    assert "database or disk is full" in log_text()


def test_crash_dialog_on_its_own(qtbot):
    dialog = CrashDialog("Traceback ...\nValueError: x", "/tmp/logs/samad.log", "پیام")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.text.isVisible()
    dialog.show_details.click()
    assert dialog.text.isVisible() and dialog.text.toPlainText().startswith("Traceback")
    assert dialog.copied_text().endswith("Log file: /tmp/logs/samad.log\n")


def test_the_overdue_indicator_says_and_logs_a_lost_database(
    qtbot, reporter, ui_operator, context_for, tmp_path
):
    from ui.followup.overdue_indicator import OverdueIndicator

    indicator = OverdueIndicator(context_for(ui_operator))
    qtbot.addWidget(indicator)
    before = indicator.text()
    working = app_db.database.obj
    app_db.open_database("sqlite:///" + str(tmp_path / "other.db"))  # a database without the tables
    try:
        indicator.refresh()
    finally:
        app_db.close_database()
        app_db.database.initialize(working)
    assert indicator.text() == before  # the last figure stays
    assert indicator.error.startswith("شمار ارجاع‌های گذشته از مهلت به‌روز نشد: ")
    assert indicator.toolTip() == indicator.error
    assert "overdue count not read" in log_text() and "no such table" in log_text()
    indicator.refresh()
    assert indicator.error == ""


def test_the_change_watcher_logs_and_announces_an_outage_once(qtbot, reporter, ui_operator, tmp_path):
    from ui.change_watcher import ChangeWatcher
    from ui.context import AppContext

    watcher = ChangeWatcher(AppContext(ui_operator, "x", f"sqlite:///{tmp_path / 'samad.db'}"))
    messages = []
    watcher.failed.connect(messages.append)
    for _ in range(3):
        watcher._round_failed(app_db.peewee.OperationalError("database is locked"))
    qtbot.waitUntil(lambda: bool(messages))
    assert messages == ["کار رایانه‌های دیگر نمایش داده نمی‌شود: " + db_errors.LOCKED]
    assert log_text().count("cannot read other PCs' changes") == 1


def test_a_blocked_window_is_logged_as_slow(qtbot, reporter):
    import time

    from ui.stall_monitor import StallMonitor

    monitor = StallMonitor(threshold=0.3)
    monitor.start()
    qtbot.wait(300)
    QTimer.singleShot(0, lambda: time.sleep(0.6))  # a slot doing slow work on the interface thread
    qtbot.waitUntil(lambda: bool(monitor.stalls), timeout=3000)
    monitor.timer.stop()
    assert 0.3 < monitor.stalls[0] < 2
    assert "slow: the window did not respond for" in log_text()


def test_a_result_arriving_after_its_window_closed_is_dropped_without_a_crash(qtbot, reporter):
    """A list that finishes loading after its dialog was closed (the table model deleted with it) had Qt raise
    «Internal C++ object already deleted» in the result's callback: the crash dialog, for nothing."""
    owner = QObject()
    release = threading.Event()
    called = []

    def work(progress):
        release.wait(5)
        return 42

    def show(value):
        owner.objectName()  # what the model's reset does: touch the (deleted) Qt object
        called.append(value)

    run_in_background(work, show, owner=owner)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not isValid(owner), timeout=2000)
    release.set()
    QThreadPool.globalInstance().waitForDone(5000)
    qtbot.wait(50)
    assert called == [] and reporter.dialog is None
    assert "finished after its window closed" in log_text()
