"""The data-safety features in the interface: the idle lock hides the data until the same user's password; other PCs' work
arrives through the watcher; the daily backup runs off the interface thread; the supervisor's tabs."""

import random
import threading

import pytest
import shiboken6
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QLabel, QMessageBox

from app import local_settings
from app.models import Case
from app.services.admin import audit_export, backup
from app.services.cases import cases
from benchmarks import workload
from tests.conftest import TEST_PASSWORD
from ui.admin import audit_page, audit_table_model
from ui.admin.audit_page import AuditPage
from ui.admin.backup_settings import BackupTab
from ui.admin.database_settings import DatabaseSettingsTab
from ui.backup_scheduler import BackupScheduler
from ui.change_watcher import ChangeWatcher
from ui.context import AppContext
from ui.idle_lock import Cover, IdleLock
from ui.main_window import MainWindow


@pytest.fixture
def context(sqlite_db, ui_supervisor):
    return AppContext(ui_supervisor, sqlite_db.database, f"sqlite:///{sqlite_db.database}")


def test_idle_lock_covers_the_window_until_the_same_password(qtbot, context):
    window = MainWindow(context, "مرکز")
    qtbot.addWidget(window)
    window.show()
    lock = IdleLock(window, context.actor, 15)
    lock.set_minutes(15, interval_ms=50)  # the test does not wait fifteen minutes
    qtbot.waitUntil(lambda: lock.is_locked, timeout=5000)
    covers = window.findChildren(Cover)
    assert len(covers) == 1 and covers[0].isVisible() and covers[0].geometry() == window.rect()
    dialog = lock.dialog
    assert dialog.isVisible()
    dialog.password.setText("wrong password")
    dialog.submit()
    assert lock.is_locked and dialog.error.isVisible()
    dialog.reject()  # Esc does not unlock
    assert lock.is_locked
    dialog.password.setText(TEST_PASSWORD)
    dialog.submit()
    assert not lock.is_locked
    lock.set_minutes(15)  # back to fifteen minutes before the 50 ms timer can lock again
    qtbot.waitUntil(lambda: not window.findChildren(Cover), timeout=2000)
    assert lock.timer.isActive() and lock.timer.interval() == 15 * 60_000


def test_other_pcs_changes_arrive_as_events(qtbot, context):
    workload.prepare_current(writers=1)
    watcher = ChangeWatcher(context, poll_seconds=0.1)
    watcher.start()
    try:
        operator = workload.actor(workload.writer_name(0))
        with qtbot.waitSignal(context.events.changes, timeout=5000) as signal:
            info = cases.register_call(operator, workload.call_data(1, random.Random(1)))
        assert info.id in signal.args[0].case_ids  # one batch names the case
        with qtbot.waitSignal(context.events.changes, timeout=5000) as signal:
            again = cases.register_call(operator, workload.call_data(2, random.Random(2)))
        assert signal.args[0].case_ids == {again.id}
    finally:
        watcher.stop()


def test_backup_scheduler_makes_todays_backup_off_the_ui_thread(qtbot, context, tmp_path, monkeypatch):
    # a data folder of its own: another test's window may already have made today's backup in the shared one
    monkeypatch.setenv("SAMAD_DATA_DIR", str(tmp_path / "data"))
    scheduler = BackupScheduler(context.database_url)
    with qtbot.waitSignal(scheduler.finished, timeout=30000) as signal:  # a busy CI machine
        scheduler.run_now()
    assert signal.args[0] is not None and signal.args[0].path.exists()
    assert backup.verify_sqlite(signal.args[0].path).cases == Case.select().count()
    with qtbot.waitSignal(scheduler.finished, timeout=30000) as again:
        scheduler.run_now()
    assert again.args[0] is None  # one a day


def test_database_tab_refuses_bad_fields_and_saves_without_password(qtbot, context, tmp_path, monkeypatch):
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "pgpass"))
    tab = DatabaseSettingsTab(context)
    qtbot.addWidget(tab)
    tab.host.setText("")
    assert not tab.save()
    assert "سرور" in tab.errors.message("host")
    tab.host.setText("192.168.1.10")
    tab.password.setText("top secret 9")
    assert tab.save()
    assert "top secret" not in local_settings.settings_file().read_text(encoding="utf-8")
    assert "192.168.1.10" in local_settings.load()["database_url"] and tab.password.text() == ""


def test_database_tab_tests_a_connection_in_the_background(qtbot, context):
    tab = DatabaseSettingsTab(context)
    qtbot.addWidget(tab)
    tab.host.setText("127.0.0.1")
    tab.port.setText("1")
    tab.test_connection()
    qtbot.waitUntil(lambda: tab.test_button.isEnabled(), timeout=10000)
    assert "اتصال برقرار نشد" in tab.status.text()


def test_backup_tab_backs_up_now(qtbot, context, tmp_path):
    tab = BackupTab(context)
    qtbot.addWidget(tab)
    file = tmp_path / "now.db"
    tab.start_backup(str(file))
    qtbot.waitUntil(lambda: tab.backup_button.isEnabled(), timeout=10000)
    assert file.exists() and "now.db" in tab.status.text()


def test_audit_page_searches_and_exports(qtbot, context, tmp_path, monkeypatch):
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    page = AuditPage(context)
    qtbot.addWidget(page)
    assert page.model.rowCount() == page.model.total > 0
    page.text.setText("x" * 300)
    assert not page.search() and page.findChildren(QLabel)
    page.text.setText("")
    page.action.setCurrentIndex(page.action.findData("user.create"))
    assert page.search() and {r.action for r in page.model.rows} == {"user.create"}
    file = tmp_path / "audit.csv"
    page.start_export(str(file), "csv")
    qtbot.waitUntil(lambda: page.csv_button.isEnabled(), timeout=10000)
    assert file.exists() and page.exported[1] == page.model.total


@pytest.fixture
def roomy_pool():
    """Two more pool threads than this process's pool has: a test holding one thread on purpose must not wait
    for what earlier tests of the same worker left running (the pool has as many threads as cores)."""
    pool = QThreadPool.globalInstance()
    threads = pool.maxThreadCount()
    pool.setMaxThreadCount(threads + 2)
    yield
    pool.setMaxThreadCount(threads)


def test_audit_search_by_text_runs_off_the_interface_thread(qtbot, context, monkeypatch, roomy_pool):
    """A text reads every entry the other filters leave (compressed details, migration 30): the page asks in
    the background, says so, shows the matches when they come, and a newer search supersedes an older one."""
    page = AuditPage(context)
    qtbot.addWidget(page)
    gate, calls = threading.Event(), []
    real = audit_table_model.load

    def slow(actor, f, progress=None):
        calls.append(f.text)
        if f.text == "کند":
            gate.wait(10)
        return real(actor, f, progress)

    monkeypatch.setattr(audit_page, "load", slow)
    page.text.setText("کند")
    assert page.search() and "در حال جست‌وجو" in page.count_label.text()
    older = page.search_task
    page.text.setText("user")  # a newer search, answered first
    assert page.search() and older.cancelled  # the older one stops at its next chunk
    qtbot.waitUntil(
        lambda: set(calls) == {"کند", "user"} and "مورد" in page.count_label.text(), timeout=10000
    )
    gate.set()
    qtbot.wait(300)  # the older answer arrives and is dropped
    assert page.model.filter.text == "user"
    assert page.model.total == audit_export.count(context.actor, page.model.filter) > 0


def test_session_services_start_with_the_main_window(qtbot, context):
    from ui import session_services

    window = MainWindow(context, "مرکز")
    qtbot.addWidget(window)
    services = session_services.start(window, context)
    try:
        assert services.idle_lock.timer.isActive() and services.idle_lock.minutes == 15
        assert services.backups.enabled and services.backups.timer.isActive()
        assert any(a.shortcut().toString() == "Ctrl+L" for a in window.actions())
    finally:
        services.watcher.stop()
        services.backups.timer.stop()


def test_a_backup_ending_after_its_window_went_disturbs_nothing(qtbot, context, tmp_path, monkeypatch):
    """The window closed (log out, quit, a test's end) while the day's backup ran: its result has nobody to
    tell, and must not raise in the event loop ("Signal source has been deleted")."""
    monkeypatch.setenv("SAMAD_DATA_DIR", str(tmp_path / "data"))
    gate = threading.Event()
    monkeypatch.setattr(backup, "auto_backup", lambda url: gate.wait(10) and None)
    scheduler = BackupScheduler(context.database_url)
    scheduler.run_now()
    shiboken6.delete(scheduler)
    gate.set()
    qtbot.wait(300)  # the result arrives; pytest-qt fails the test on any exception in the event loop
