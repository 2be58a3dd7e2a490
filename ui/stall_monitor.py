"""Notices when the interface thread was blocked (a slow operation run in a slot instead of in a worker): a timer
that should fire every quarter second is checked for lateness, and a delay over a second is logged as slow, so a
supporter sees «the window froze for 3.2 s at 10:41» in the log. Costs one tiny timer event per 250 ms."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer

from app import logs

INTERVAL_MS = 250


class StallMonitor(QObject):
    def __init__(self, threshold: float = logs.SLOW_SECONDS, parent=None):
        super().__init__(parent)
        self.threshold = threshold
        self.stalls: list[float] = []
        self._last = time.monotonic()
        self.timer = QTimer(self, interval=INTERVAL_MS)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = time.monotonic()
        self.timer.start()

    def _tick(self) -> None:
        now = time.monotonic()
        late = now - self._last - INTERVAL_MS / 1000
        self._last = now
        if late > self.threshold:
            self.stalls.append(late)
            logs.log.warning(
                "slow: the window did not respond for %.2f s (work on the interface thread)", late
            )
