"""What runs beside the main window for the whole session: the idle lock, the watcher that shows other PCs'
work, the automatic daily backup, the phone system's rings (ui.cases.incoming_calls) and the session's
heartbeat. `start(window, context)` is called once after login."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication

from app.services.admin import login_sessions, settings
from ui.backup_scheduler import BackupScheduler
from ui.change_watcher import ChangeWatcher
from ui.idle_lock import IdleLock
from ui.session_heartbeat import SessionHeartbeat


@dataclass
class SessionServices:
    idle_lock: IdleLock
    watcher: ChangeWatcher
    backups: BackupScheduler
    incoming_calls: object  # ui.cases.incoming_calls.IncomingCalls
    heartbeat: SessionHeartbeat

    def stop(self) -> None:
        """When the window closes (quit or log out): no timer fires and no thread runs for a gone session."""
        self.idle_lock.timer.stop()
        QApplication.instance().removeEventFilter(self.idle_lock)
        self.backups.stop()
        self.watcher.stop()
        self.incoming_calls.close()
        self.heartbeat.stop()


def start(window, context) -> SessionServices:
    idle_lock = IdleLock(window, context.actor, settings.get_int("idle_lock_minutes"))
    lock_action = QAction("قفل کردن برنامه", window)
    lock_action.setShortcut(QKeySequence("Ctrl+L"))
    lock_action.triggered.connect(idle_lock.lock)
    window.addAction(lock_action)
    context.events.changes.connect(lambda batch: batch.settings and _follow_settings(idle_lock))

    watcher = ChangeWatcher(context, parent=window)
    watcher.failed.connect(lambda message: window.statusBar().showMessage(message))
    watcher.recovered.connect(window.statusBar().clearMessage)
    watcher.start()
    backups = BackupScheduler(context.database_url, parent=window)
    backups.failed.connect(
        lambda message: window.statusBar().showMessage("پشتیبان‌گیری خودکار انجام نشد: " + message, 15_000)
    )
    backups.start()
    from ui.cases import incoming_calls  # the phone system's rings pop intake

    calls = incoming_calls.start(window, context)
    # who is logged in where: a supervisor may end this session; the next beat brings the login back
    context.session_id = login_sessions.start(context.actor)
    heartbeat = SessionHeartbeat(context.session_id, parent=window)
    heartbeat.ended.connect(lambda: _session_ended(window, idle_lock))
    window.logout_requested.connect(heartbeat.stop)
    heartbeat.start()
    services = SessionServices(idle_lock, watcher, backups, calls, heartbeat)
    window.session_services = services
    return services


def _follow_settings(idle_lock: IdleLock) -> None:
    minutes = settings.get_int("idle_lock_minutes")
    if minutes != idle_lock.minutes:
        idle_lock.set_minutes(minutes)


def _session_ended(window, idle_lock: IdleLock) -> None:
    """A supervisor ended this session: the lock screen (if up) goes, and the window returns to the login."""
    if idle_lock.is_locked:
        idle_lock.release()
    idle_lock.timer.stop()
    window.session_ended()
