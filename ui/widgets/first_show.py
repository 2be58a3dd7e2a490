"""`when_first_shown`: a page that builds its report the first time a person opens it (an empty table with a
«build» button was what they saw), unless they choose something else before it starts."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

# long enough for the page to be painted first; short enough to feel immediate
FIRST_BUILD_MS = 150


def when_first_shown(page: QWidget, build: Callable[[], None], *changed) -> QTimer:
    """Call `build` FIRST_BUILD_MS after `page` is first shown. Any of the `changed` signals (the person
    choosing another report or period) emitted before then stops it; so does stopping the returned timer,
    which a page's own build should do."""
    timer = QTimer(page, singleShot=True, interval=FIRST_BUILD_MS)
    timer.timeout.connect(build)
    for signal in changed:
        signal.connect(timer.stop)
    page.installEventFilter(_FirstShow(page, timer))
    return timer


class _FirstShow(QObject):
    def __init__(self, page: QWidget, timer: QTimer):
        super().__init__(page)
        self.timer = timer

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Show:
            watched.removeEventFilter(self)
            self.timer.start()
        return False
