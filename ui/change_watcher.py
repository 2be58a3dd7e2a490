"""Seeing other PCs' work: a background thread waits for a change (PostgreSQL NOTIFY, or a poll of the audit
trail on SQLite), reads what committed since it last looked (app.services.admin.changes, in commit order) and
announces it as one batch on context.events.changes, so open lists and the dashboard refresh within seconds
without a manual refresh.

A failed round (the server or the shared file went away) is logged with its traceback and announced once
through `failed` (a Persian sentence for the status bar); the next good round logs and announces `recovered`."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QObject, Signal

from app import logs
from app.services import db_errors
from app.services.admin import changes
from app.services.admin.setup import close_thread_connection

log = logs.logger("ui.change_watcher")
PRUNE_SECONDS = 3600  # PostgreSQL: the feed's old commit order is pruned at start and hourly (changes.prune)


class _Bridge(QObject):
    batch = Signal(object)  # ChangeBatch, delivered on the interface thread (queued connection)
    failed = Signal(str)
    recovered = Signal()


class ChangeWatcher(QObject):
    failed = Signal(str)  # why other PCs' work is not showing, in Persian (once per outage)
    recovered = Signal()

    def __init__(
        self, context, poll_seconds: float = 2.0, notify_fallback_seconds: float = 15.0, parent=None
    ):
        super().__init__(parent)
        self.context = context
        self.listener = changes.ChangeListener(context.database_url)
        self.poll_seconds = notify_fallback_seconds if self.listener.postgres else poll_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._bridge = _Bridge()
        self._bridge.batch.connect(self._announce)
        self._bridge.failed.connect(self.failed)
        self._bridge.recovered.connect(self.recovered)
        self.cursor = changes.Cursor()
        self.failing = False

    def start(self) -> None:
        if self._thread is None:
            self.cursor = changes.start()
            self._thread = threading.Thread(target=self._run, name="samad-change-watcher", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 2.0) -> bool:
        """Stop and wait for the thread (it wakes at once; a query in flight gets `timeout` seconds to end).
        True when the thread has ended."""
        self._stop.set()
        self.listener.interrupt()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout=timeout)
            if thread.is_alive():
                log.warning("the change watcher did not stop within %.1f s", timeout)
                return False
        return True

    def _run(self) -> None:
        cursor = self.cursor
        next_prune = time.monotonic()
        try:
            while not self._stop.is_set():
                if self.listener.postgres and time.monotonic() >= next_prune:
                    next_prune = time.monotonic() + PRUNE_SECONDS
                    self._prune()
                self.listener.wait(self.poll_seconds)
                if self._stop.is_set():
                    break
                try:
                    # SQLite: the newest id is a cheap test; PostgreSQL reads by commit order each time.
                    if self.listener.postgres or changes.marker() != cursor.audit_id:
                        batch = changes.since(cursor)
                        cursor = batch.cursor
                        if not batch.empty:
                            self._bridge.batch.emit(batch)
                except Exception as exc:  # a lost connection: logged, shown, and tried again next round
                    self._round_failed(exc)
                    close_thread_connection()
                else:
                    if self.failing:
                        self.failing = False
                        log.info("changes from other PCs are arriving again")
                        self._bridge.recovered.emit()
        finally:
            self.listener.close()
            close_thread_connection()  # this thread's own connection only

    def _prune(self) -> None:
        """Housekeeping any PC may do (every PC does, harmlessly): a failure only leaves the rows a while."""
        try:
            deleted = changes.prune()
        except Exception as exc:  # an unreachable server shows in the next round's read
            log.info("change feed: could not prune its commit order: %s", exc)
            close_thread_connection()
        else:
            if deleted:
                log.info("change feed: forgot the commit order of %d entries older than a day", deleted)

    def _round_failed(self, exc: Exception) -> None:
        if self.failing:  # the same outage: one log entry and one message, not one every two seconds
            log.debug("change watcher still failing: %s", exc)
            return
        self.failing = True
        log.warning("change watcher: cannot read other PCs' changes", exc_info=exc)
        reason = db_errors.explain(exc) or "خطای پیش‌بینی‌نشده؛ جزئیات در پروندهٔ گزارش."
        self._bridge.failed.emit("کار رایانه‌های دیگر نمایش داده نمی‌شود: " + reason)

    def _announce(self, batch: changes.ChangeBatch) -> None:
        self.cursor = batch.cursor
        self.context.events.changes.emit(batch)
