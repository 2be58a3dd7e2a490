"""This window session's heartbeat (app.services.admin.login_sessions): every HEARTBEAT_SECONDS, off the
interface thread, the session's row is marked as seen. When a supervisor has ended the session, the beat says
so and `ended` fires once: the window goes back to the login (ui.session_services). A beat that fails (the
network is down, the database busy) changes nothing: the next one tries again."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from shiboken6 import isValid

from app.services.admin import login_sessions
from ui.worker import run_in_background


class SessionHeartbeat(QObject):
    ended = Signal()

    def __init__(self, session_id: int, interval_ms: int | None = None, parent=None):
        super().__init__(parent)
        self.session_id = session_id
        self.busy = False
        self.stopped = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms or login_sessions.HEARTBEAT_SECONDS * 1000)
        self.timer.timeout.connect(self.beat)

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.stopped = True
        self.timer.stop()

    def beat(self) -> None:
        if self.busy or self.stopped:
            return
        self.busy = True
        session_id = self.session_id
        run_in_background(lambda progress: login_sessions.heartbeat(session_id), self._beaten, self._failed)

    def _beaten(self, still_open: bool) -> None:
        if not isValid(self):  # the window closed meanwhile
            return
        self.busy = False
        if not still_open and not self.stopped:
            self.stop()
            self.ended.emit()

    def _failed(self, exc: BaseException) -> None:
        if isValid(self):
            self.busy = False  # the next beat tries again; a network blip does not log anyone out
