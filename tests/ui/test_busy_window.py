"""A busy database in the window is one Persian sentence, not a crash dialog: another PC holds SQLite's write
lock past the wait while the operator saves a call (the sentence under the form, the call kept in the form to
save again, nothing saved), and any other action that meets a lock past the wait gets a message box with the
same sentence. Seen failing: before, the save raised out of the slot into the «unexpected error» dialog."""

from __future__ import annotations

import sqlite3
import sys
import threading

import peewee
import pytest
from PySide6.QtCore import QTimer

from app import db as app_db
from app import logs
from app.db import database
from app.models import Case
from tests.ui.test_intake_page import fill
from ui import crash_handler


@pytest.fixture
def reporter(qapp, tmp_path, monkeypatch):
    monkeypatch.setenv("SAMAD_DATA_DIR", str(tmp_path / "data"))
    saved = sys.excepthook, threading.excepthook
    installed = crash_handler.install(qapp)
    yield installed
    for shown in (installed.dialog, installed.busy_box):
        if shown is not None:
            shown.close()
    logs.install_exception_hooks(None)
    sys.excepthook, threading.excepthook = saved
    monkeypatch.undo()
    logs.setup_logging()


def test_saving_a_call_while_another_pc_holds_the_lock(qtbot, intake_page, monkeypatch):
    page = intake_page
    monkeypatch.setattr(app_db, "RETRY_ATTEMPTS", 2)
    database.execute_sql("PRAGMA busy_timeout = 300")  # the program waits 15 s; the test, 0.3 s
    fill(page)
    other = sqlite3.connect(database.database, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another PC in the middle of a long write
    try:
        assert page.save() is False
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert page.message.text() == app_db.BUSY_MESSAGE and page.message.isVisible()
    assert page.form.subject.text() != ""  # what the operator typed is still there
    assert Case.select().count() == 0
    assert page.save() is True  # the lock gone, the same call saves
    assert Case.select().count() == 1


@pytest.mark.qt_no_exception_capture
def test_any_other_action_meeting_a_lock_past_the_wait_says_the_sentence(qtbot, reporter):
    def slot():
        raise peewee.OperationalError("database is locked")

    QTimer.singleShot(0, slot)
    qtbot.waitUntil(lambda: reporter.busy_box is not None and reporter.busy_box.isVisible())
    assert reporter.busy_box.text() == app_db.BUSY_MESSAGE
    assert reporter.dialog is None  # not the crash dialog
