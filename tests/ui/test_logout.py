"""«خروج از حساب» in the window and on the lock screen: the session ends (recorded) and the window closes, so
the login comes back for the next person (ui.application.run loops)."""

import pytest

from app.models import AuditEntry
from ui.context import AppContext


@pytest.fixture
def context(sqlite_db, ui_supervisor):
    return AppContext(ui_supervisor, sqlite_db.database, f"sqlite:///{sqlite_db.database}")


def test_log_out_from_the_window_and_from_the_lock_screen(qtbot, context):
    from PySide6.QtWidgets import QPushButton

    from ui.idle_lock import IdleLock
    from ui.main_window import MainWindow

    for via_lock in (False, True):
        window = MainWindow(context, "مرکز")
        qtbot.addWidget(window)
        window.show()
        with qtbot.waitSignal(window.logout_requested, timeout=5000):
            if via_lock:
                lock = IdleLock(window, context.actor, 15)
                lock.lock()
                lock.dialog.findChild(QPushButton, "logout").click()
                assert not lock.is_locked and not lock.covers
            else:
                window.logout_button.click()
        assert window.logged_out and not window.isVisible()
    actions = [e.action for e in AuditEntry.select().where(AuditEntry.action == "user.logout")]
    assert actions == ["user.logout", "user.logout"]
