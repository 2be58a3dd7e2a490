"""Uncaught exceptions in the window: every one is logged (app.logs) and then shown in the crash dialog, on the
interface thread whichever thread raised it. A database failure shows its Persian explanation instead of the
"unexpected error" text. While one dialog is open, further errors are only logged (no pile of dialogs)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from app import logs
from app.services import db_errors
from app.services.errors import BUSY_MESSAGE, is_busy
from ui.dialogs.crash_dialog import CrashDialog


class CrashReporter(QObject):
    _report = Signal(object, str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.dialog: CrashDialog | None = None
        self.busy_box: QMessageBox | None = None
        self.suppressed = 0
        self._report.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def __call__(self, exc: BaseException, details: str) -> None:  # any thread
        self._report.emit(exc, details)

    def _show(self, exc: BaseException, details: str) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.suppressed += 1
            return
        if is_busy(exc):  # not a crash: another PC held the database past the wait; one sentence
            box = QMessageBox(
                QMessageBox.Icon.Warning, "پایگاه داده", BUSY_MESSAGE, QMessageBox.StandardButton.Ok
            )
            box.setParent(QApplication.activeWindow(), box.windowFlags())
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.busy_box = box
            box.open()
            return
        explained = db_errors.explain(exc)
        message = (
            (explained + " جزئیات در پروندهٔ گزارش ثبت شد.")
            if explained and explained != db_errors.OTHER
            else ""
        )
        self.dialog = CrashDialog(details, str(logs.log_file()), message, QApplication.activeWindow())
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.destroyed.connect(self._forget)
        self.dialog.open()

    def _forget(self) -> None:
        self.dialog = None


def install(app: QApplication) -> CrashReporter:
    """Log to the data folder and show uncaught exceptions from now on; returns the reporter (tests read it)."""
    logs.setup_logging()
    reporter = CrashReporter(app)
    logs.install_exception_hooks(reporter)
    return reporter
