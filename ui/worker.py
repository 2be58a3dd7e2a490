"""The one helper for slow work off the interface thread (reports, PDF batches, backups, big searches).

`run_in_background(work, on_done, on_error, on_progress)`: `work(progress)` runs in a pool thread and
must not touch widgets; `progress(done, total)` may be called from it; the callbacks run on the
interface thread. `cancel()` on the returned task asks the work to stop: `progress` then raises
`Cancelled`, which ends the work quietly.

A failure is logged with its traceback; a database failure reaches `on_error` as a DatabaseUnavailable with a
Persian message (app.services.db_errors); with no `on_error`, the failure goes to the crash dialog. Work
slower than a second is logged as slow.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from shiboken6 import isValid

from app import logs
from app.services import db_errors
from app.services.errors import ServiceError

log = logs.logger("ui.worker")


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
        self.name = getattr(work, "__qualname__", repr(work))
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
            with logs.timed(f"background work {self.name}"):
                result = self.work(self._progress)
        except Cancelled:
            return
        except Exception as exc:  # logged here, reported to the interface thread: never swallowed
            if isinstance(exc, ServiceError):  # a refusal, for the person, not a fault
                log.info("background work %s refused: %s", self.name, exc)
            else:
                log.error("background work %s failed", self.name, exc_info=exc)
            self.signals.failed.emit(db_errors.as_service_error(exc))
            return
        self.signals.done.emit(result)


_running: set[Task] = set()


def _unhandled(exc: BaseException) -> None:
    """Work started without an `on_error`: its failure is an uncaught exception (log and crash dialog)."""
    logs.report_exception(exc, where="background work")


def run_in_background(
    work: Callable,
    on_done: Callable | None = None,
    on_error: Callable | None = None,
    on_progress: Callable | None = None,
    owner=None,
) -> Task:
    """Run `work` on the thread pool; `on_done`/`on_error` get its result on the interface thread. With an
    `owner` (the QObject the callbacks act on), they are dropped when the owner is gone by then (a dialog
    closed while its list loaded): a late result has nobody to show it to. A bound method of a QObject as
    `on_done` names its object as the owner by itself."""
    if owner is None and isinstance(getattr(on_done, "__self__", None), QObject):
        owner = on_done.__self__
    task = Task(work)
    _running.add(task)

    def finish(callback, value):
        _running.discard(task)
        if owner is not None and not isValid(owner):
            log.info("background work %s finished after its window closed: result dropped", task.name)
            return
        if callback:
            callback(value)

    task.signals.done.connect(lambda value: finish(on_done, value))
    task.signals.failed.connect(lambda exc: finish(on_error or _unhandled, exc))
    if on_progress:
        task.signals.progress.connect(on_progress)
    QThreadPool.globalInstance().start(task)
    return task


def stop_background_work(timeout_ms: int = 1500) -> bool:
    """At exit: ask every running task to stop (at its next progress report) and wait up to `timeout_ms` for
    the pool. True when nothing is left running. The work runs in its own transactions, so a task still running
    when the program ends is rolled back by the database, never half-written."""
    for task in list(_running):
        task.cancel()
    pool = QThreadPool.globalInstance()
    pool.clear()  # queued, not yet started: never started
    done = pool.waitForDone(timeout_ms)
    if not done:
        log.warning("background work still running at exit: %s", ", ".join(t.name for t in _running) or "?")
    return done
