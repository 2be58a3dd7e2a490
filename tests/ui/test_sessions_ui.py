"""Sessions in the window: the session starts with the main window and beats; a supervisor sees it in
«نشست‌ها» and ends another PC's session, whose window then returns to the login (through its lock screen
too); the lock screen's «خروج از برنامه» ends the program; the idle lock follows its minutes in settings."""

import pytest
from PySide6.QtWidgets import QApplication, QPushButton

from app.models import LoginSession
from app.services.admin import login_sessions, settings
from tests.conftest import make_user
from ui.admin.sessions_tab import SessionsTab
from ui.context import AppContext
from ui.main_window import MainWindow


@pytest.fixture
def context(sqlite_db, ui_supervisor):
    return AppContext(ui_supervisor, sqlite_db.database, f"sqlite:///{sqlite_db.database}")


def operator_window(qtbot, context):
    """An operator's window with its session services, as if on another PC (the same database)."""
    from ui import session_services

    operator = make_user("operator1", "operator")
    theirs = AppContext(operator, context.database_label, context.database_url)
    window = MainWindow(theirs, "مرکز")
    qtbot.addWidget(window)
    window.show()
    services = session_services.start(window, theirs)
    services.watcher.stop()
    services.backups.timer.stop()
    services.heartbeat.timer.setInterval(50)  # beat often: the test waits for the next beat
    return window, services


@pytest.mark.parametrize("locked", [False, True])
def test_a_supervisor_ends_another_pcs_session_and_it_returns_to_the_login(qtbot, context, locked):
    window, services = operator_window(qtbot, context)
    theirs = window.context.session_id
    assert theirs is not None and login_sessions.is_open(theirs)
    if locked:
        services.idle_lock.lock()
    context.session_id = login_sessions.start(context.actor, "PC-SUPERVISOR")
    tab = SessionsTab(context)
    qtbot.addWidget(tab)
    rows = {r.username: r for r in tab.rows}
    assert set(rows) == {"root", "operator1"} and rows["operator1"].machine == login_sessions.machine_name()
    tab.table.selectRow([r.id for r in tab.rows].index(theirs))
    with qtbot.waitSignal(window.logout_requested, timeout=5000):
        assert tab.end_selected(confirm=False)
    assert window.logged_out and window.ended and not window.isVisible()
    assert not services.idle_lock.is_locked and not services.idle_lock.covers
    assert [r.username for r in tab.rows] == ["root"]  # the ended one is gone from the list
    assert LoginSession.get_by_id(theirs).end_reason == "ended"


def test_the_supervisors_own_session_cannot_be_ended_from_the_tab(qtbot, context, monkeypatch):
    from ui.admin import sessions_tab

    shown = []
    monkeypatch.setattr(sessions_tab, "show_error", lambda parent, exc: shown.append(exc.message))
    context.session_id = login_sessions.start(context.actor, "PC-SUPERVISOR")
    tab = SessionsTab(context)
    qtbot.addWidget(tab)
    tab.table.selectRow(0)
    assert tab.table.item(0, 6).text() == "همین رایانه (شما)"
    assert not tab.end_selected(confirm=False)
    assert shown and "خروج از حساب" in shown[0] and login_sessions.is_open(context.session_id)


def test_log_out_and_closing_end_the_session(qtbot, context):
    from ui import session_services

    for how in ("logout", "quit"):
        window = MainWindow(context, "مرکز")
        qtbot.addWidget(window)
        window.show()
        services = session_services.start(window, context)
        services.watcher.stop()
        services.backups.timer.stop()
        session = context.session_id
        window.log_out() if how == "logout" else window.close()
        row = LoginSession.get_by_id(session)
        assert row.ended_at is not None and row.end_reason == how


def test_the_lock_screens_quit_ends_the_program(qtbot, context, monkeypatch):
    from ui.idle_lock import IdleLock

    quits = []
    monkeypatch.setattr(type(QApplication.instance()), "quit", staticmethod(lambda: quits.append(1)))
    window = MainWindow(context, "مرکز")
    qtbot.addWidget(window)
    window.show()
    lock = IdleLock(window, context.actor, 15)
    lock.lock()
    lock.dialog.findChild(QPushButton, "quit").click()
    assert quits == [1] and not window.isVisible() and not lock.is_locked


def test_the_idle_lock_follows_its_minutes_in_settings(qtbot, context):
    from ui import session_services

    window = MainWindow(context, "مرکز")
    qtbot.addWidget(window)
    services = session_services.start(window, context)
    services.watcher.stop()
    services.backups.timer.stop()
    assert services.idle_lock.minutes == settings.get_int("idle_lock_minutes")
    settings.update(context.actor, {"idle_lock_minutes": "7"})
    context.events.announce(settings=True)
    assert services.idle_lock.minutes == 7 and services.idle_lock.timer.interval() == 7 * 60_000
