"""The one helper for slow work off the interface thread (reports, PDF batches, backups, big searches).

`run_in_background(work, on_done, on_error, on_progress)`: `work(progress)` runs in a pool thread and
must not touch widgets; `progress(done, total)` may be called from it; the callbacks run on the
interface thread. `cancel()` on the returned task asks the work to stop: `progress` then raises
`Cancelled`, which ends the work quietly.
"""
from __future__ import annotations

import traceback
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class Cancelled(Exception):
    pass


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)


class Task(QRunnable):
    def __init__(self, work: Callable):
        super().__init__()
        self.work = work
        self.signals = _Signals()
        self.cancelled = False
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self.cancelled = True

    def _progress(self, done: int, total: int) -> None:
        if self.cancelled:
            raise Cancelled()
        self.signals.progress.emit(done, total)

    def run(self) -> None:
        try:
            result = self.work(self._progress)
        except Cancelled:
            return
        except Exception as exc:  # reported to the interface thread, never swallowed
            exc.traceback_text = traceback.format_exc()
            self.signals.failed.emit(exc)
            return
        self.signals.done.emit(result)


_running: set[Task] = set()


def run_in_background(work: Callable, on_done: Callable | None = None, on_error: Callable | None = None,
                      on_progress: Callable | None = None) -> Task:
    task = Task(work)
    _running.add(task)

    def finish(callback, value):
        _running.discard(task)
        if callback:
            callback(value)

    task.signals.done.connect(lambda value: finish(on_done, value))
    task.signals.failed.connect(lambda exc: finish(on_error, exc))
    if on_progress:
        task.signals.progress.connect(on_progress)
    QThreadPool.globalInstance().start(task)
    return task
