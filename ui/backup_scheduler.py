"""The automatic daily backup of a SQLite database while the app runs: once soon after start, then every
few hours (the service makes at most one a day and prunes old ones), always off the interface thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from shiboken6 import isValid

from app.services.admin import backup
from app.services.admin.setup import is_local_file
from ui.worker import run_in_background

FIRST_DELAY_MS = 30_000
EVERY_MS = 3 * 60 * 60 * 1000


class BackupScheduler(QObject):
    finished = Signal(object)  # BackupInfo, or None when nothing was due
    failed = Signal(str)

    def __init__(self, database_url: str, parent=None):
        super().__init__(parent)
        self.database_url = database_url
        self.enabled = is_local_file(database_url)
        self.last_error = ""
        self._running = False
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.run_now)

    def start(self, first_delay_ms: int = FIRST_DELAY_MS, every_ms: int = EVERY_MS) -> None:
        if not self.enabled:
            return
        QTimer.singleShot(first_delay_ms, self, self.run_now)  # tied to self: never fires after the session
        self.timer.start(every_ms)

    def stop(self) -> None:
        self.timer.stop()
        self.enabled = False

    def run_now(self) -> None:
        if not self.enabled or self._running:
            return
        self._running = True
        url = self.database_url
        run_in_background(lambda progress: backup.auto_backup(url), self._done, self._failed)

    def _done(self, info) -> None:
        if not isValid(self):  # the window (and this scheduler) went while the backup ran: nobody to tell
            return
        self._running = False
        self.last_error = ""
        self.finished.emit(info)

    def _failed(self, exc) -> None:
        if not isValid(self):
            return
        self._running = False
        self.last_error = str(exc)
        self.failed.emit(self.last_error)
