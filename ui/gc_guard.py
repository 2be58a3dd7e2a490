"""Python's cycle collector runs only on the interface thread.

Left automatic, the collector runs in whichever thread happens to allocate when a threshold is crossed: a
background worker (ui.worker) running a query can then free a widget or a QObject caught in a reference
cycle, and Qt objects destroyed outside their thread crash the process (seen as a segmentation fault in a
worker thread, "Garbage-collecting", while the dashboard refreshed). The collector is switched off and a
timer on the interface thread does the same work: it collects the generations whose thresholds are crossed,
as the automatic collector would, a few times a second.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 250


class InterfaceThreadCollector(QObject):
    def __init__(self, parent: QObject):
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.collect_due)
        gc.disable()
        self.timer.start()

    def collect_due(self) -> int:
        """Collect the oldest generation whose count passed its threshold (younger ones come with it);
        returns the generation collected, or -1 when none was due."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if self.thresholds[generation] and counts[generation] > self.thresholds[generation]:
                gc.collect(generation)
                return generation
        return -1


def install(app: QObject) -> InterfaceThreadCollector:
    """Once per application: switch automatic collection off and collect on `app`'s thread instead."""
    existing = app.findChild(InterfaceThreadCollector)
    return existing or InterfaceThreadCollector(app)
