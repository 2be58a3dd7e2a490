"""Seeing other PCs' work: a background thread waits for a change (PostgreSQL NOTIFY, or a poll of the audit
trail on SQLite), reads what committed since it last looked (app.services.changes, in commit order) and
announces it as one batch on context.events.changes, so open lists and the dashboard refresh within seconds
without a manual refresh."""
from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from app.db import close_database, is_postgres
from app.services import changes


class _Bridge(QObject):
    batch = Signal(object)  # ChangeBatch, delivered on the interface thread (queued connection)


class ChangeWatcher(QObject):
    def __init__(self, context, poll_seconds: float = 2.0, notify_fallback_seconds: float = 15.0, parent=None):
        super().__init__(parent)
        self.context = context
        self.listener = changes.ChangeListener(context.database_url)
        self.poll_seconds = notify_fallback_seconds if self.listener.postgres else poll_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._bridge = _Bridge()
        self._bridge.batch.connect(self._announce)
        self.cursor = changes.Cursor()

    def start(self) -> None:
        if self._thread is None:
            self.cursor = changes.start()
            self._thread = threading.Thread(target=self._run, name="samad-change-watcher", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.poll_seconds + 2)
            self._thread = None

    def _run(self) -> None:
        cursor = self.cursor
        try:
            while not self._stop.is_set():
                self.listener.wait(self.poll_seconds)
                if self._stop.is_set():
                    break
                try:
                    # SQLite: the newest id is a cheap test; PostgreSQL reads by commit order each time.
                    if is_postgres() or changes.marker() != cursor.audit_id:
                        batch = changes.since(cursor)
                        cursor = batch.cursor
                        if not batch.empty:
                            self._bridge.batch.emit(batch)
                except Exception:  # noqa: BLE001 - a lost connection: try again on the next round
                    close_database()
        finally:
            self.listener.close()
            close_database()  # this thread's own connection only

    def _announce(self, batch: changes.ChangeBatch) -> None:
        self.cursor = batch.cursor
        self.context.events.changes.emit(batch)
