"""Locking the session after `idle_lock_minutes` without keyboard or mouse input.

An event filter on the QApplication restarts a timer on every input. When it fires, every visible window
of the app is covered by an opaque panel (its data is hidden, even behind an open dialog) and the lock
dialog asks for the same user's password. Ctrl+L locks at once.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QWidget

from app.services.actor import Actor
from ui.admin.lock_dialog import LockDialog

INPUT_EVENTS = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.TabletPress,
}


class Cover(QWidget):
    """An opaque panel over one window, following its size."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.setObjectName("lock_cover")
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, Qt.GlobalColor.darkGray)
        self.setPalette(palette)
        self.setGeometry(window.rect())
        window.installEventFilter(self)
        self.raise_()
        self.show()

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(watched.rect())
            self.raise_()
        return False


class IdleLock(QObject):
    locked = Signal()
    unlocked = Signal()

    def __init__(self, window: QWidget, actor: Actor, minutes: int, parent=None):
        super().__init__(parent or window)
        self.window = window
        self.actor = actor
        self.minutes = minutes
        self.dialog: LockDialog | None = None
        self.covers: list[Cover] = []
        self.timer = QTimer(self, singleShot=True)
        self.timer.timeout.connect(self.lock)
        self.set_minutes(minutes)
        QApplication.instance().installEventFilter(self)

    def set_minutes(self, minutes: int, interval_ms: int | None = None) -> None:
        self.minutes = max(1, int(minutes))
        self.timer.setInterval(interval_ms if interval_ms is not None else self.minutes * 60_000)
        if not self.is_locked:
            self.timer.start()

    @property
    def is_locked(self) -> bool:
        return self.dialog is not None

    def eventFilter(self, watched, event) -> bool:
        if event.type() in INPUT_EVENTS and not self.is_locked:
            self.timer.start()  # restarts: idle time counts from the last input
        return False

    def lock(self) -> None:
        if self.is_locked:
            return
        self.timer.stop()
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible() and not isinstance(widget, LockDialog) and widget.isWindow():
                self.covers.append(Cover(widget))
        self.dialog = LockDialog(self.actor, self.minutes, self.window)
        self.dialog.unlocked.connect(self._unlock)
        self.dialog.quit_requested.connect(self._quit)
        self.dialog.logout_requested.connect(self._log_out)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        self.locked.emit()

    def _quit(self) -> None:
        """«خروج از برنامه»: the covers and the dialog go first, then every window closes and the app ends."""
        self._unlock()
        self.timer.stop()
        QApplication.closeAllWindows()
        QApplication.instance().quit()

    def _log_out(self) -> None:
        self._unlock()
        self.timer.stop()
        log_out = getattr(self.window, "log_out", None)
        if log_out is not None:
            log_out()

    def release(self) -> None:
        """The covers and the lock dialog go without a password (the session is over: ended elsewhere)."""
        if self.is_locked:
            self._unlock()
        self.timer.stop()

    def _unlock(self) -> None:
        for cover in self.covers:
            cover.parentWidget().removeEventFilter(cover)
            cover.deleteLater()
        self.covers.clear()
        self.dialog.hide()  # at once: a lock dialog still showing refuses closeAllWindows («خروج از برنامه»)
        self.dialog.deleteLater()
        self.dialog = None
        self.timer.start()
        self.unlocked.emit()
