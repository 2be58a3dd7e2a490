"""Timing helpers shared by every benchmark module: medians of repeated runs, beside a floor."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Result:
    name: str
    median_ms: float
    runs: int
    floor_ms: float | None = None  # the same operation with the raw database driver
    target_ms: float | None = None
    note: str = ""
    unit: str = "ms"  # a figure that is not a time (a size, a long wall time) says its own unit

    @property
    def factor(self) -> float | None:
        return self.median_ms / self.floor_ms if self.floor_ms else None

    def line(self) -> str:
        floor = f"{self.floor_ms:9.2f} {self.unit}" if self.floor_ms is not None else "        —   "
        factor = f"x{self.factor:5.1f}" if self.factor else "      "
        target = ""
        if self.target_ms is not None:
            target = (
                f"target {self.target_ms:g} {self.unit}: "
                f"{'met' if self.median_ms <= self.target_ms else 'MISSED'}"
            )
        return (
            f"{self.name:<44} {self.median_ms:9.2f} {self.unit}  floor {floor} {factor}  {target} {self.note}"
        )


def median_ms(fn: Callable[[int], object], runs: int = 21, warmup: int = 2) -> float:
    """Median wall time of fn(i) over `runs` calls (i = 0..runs-1), after `warmup` calls."""
    for i in range(warmup):
        fn(-1 - i)
    samples = []
    for i in range(runs):
        start = time.perf_counter()
        fn(i)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def watch_paints(widget, times: list[float]):
    """Append the time of each paint event `widget` receives to `times` (Qt benchmarks: "on screen" is the
    end of the event-loop pass in which it painted). The filter is the widget's child: it lives as long."""
    from PySide6.QtCore import QEvent, QObject

    class PaintSeen(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                times.append(time.perf_counter())
            return False

    seen = PaintSeen(widget)
    widget.installEventFilter(seen)
    return seen
