"""One page's share of the change feed: the batches of `events.changes` that arrive close together are
merged and handed to the page once, after a short pause, so a burst of saves on other PCs costs each page
one reload at most. The page's handler looks at the batch and reloads only what it shows, keeping the
user's place (selection, scroll, highlighted item)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from app.services.admin.changes import ChangeBatch

DELAY_MS = 250
HANDLED = [0]  # batches handed to pages since start (benchmarks/change_reloads.py counts them)


class ChangeDebouncer(QObject):
    def __init__(
        self,
        events,
        handler: Callable[[ChangeBatch], None],
        parent: QObject,
        delay_ms: int = DELAY_MS,
        wants: Callable[[ChangeBatch], bool] | None = None,
    ):
        """`handler(batch)` runs on the interface thread `delay_ms` after the last batch `wants` accepts."""
        super().__init__(parent)
        self.handler = handler
        self.wants = wants or (lambda batch: not batch.empty)
        self.pending: ChangeBatch | None = None
        self.timer = QTimer(self, singleShot=True, interval=delay_ms)
        self.timer.timeout.connect(self.flush)
        events.changes.connect(self.collect)

    def collect(self, batch: ChangeBatch) -> None:
        if not self.wants(batch):
            return
        self.pending = batch if self.pending is None else self.pending.merged(batch)
        self.timer.start()

    def flush(self) -> None:
        """Hand the merged batch over now (the timer does this; tests may call it)."""
        self.timer.stop()
        batch, self.pending = self.pending, None
        if batch is not None:
            HANDLED[0] += 1
            self.handler(batch)


class Place:
    """Where the user is in a table view: the current row's key and the scroll position. `take` it before a
    reload and `restore` it after (at once for a model filled synchronously, or when an asynchronous one
    says it has loaded). `key_of(model, row)` gives a row's key, e.g. its id; rows not loaded are not searched."""

    def __init__(self, view, key_of, find=None):
        """`find(model, key)`, when given, says the key's row (or None) without walking every row: for a
        lazily-fetching model whose rows past the loaded pages would each be fetched to be compared."""
        self.view, self.key_of, self.find = view, key_of, find
        self.key = None
        self.column = 0
        self.scroll = 0

    def take(self) -> Place:
        index = self.view.currentIndex()
        self.key = self.key_of(self.view.model(), index.row()) if index.isValid() else None
        self.column = max(index.column(), 0)
        self.scroll = self.view.verticalScrollBar().value()
        return self

    def restore(self) -> bool:
        """Put the current row and the scroll back; False when the row is gone (or nothing was current)."""
        model, found = self.view.model(), False
        if self.key is not None:
            rows = range(model.rowCount())
            if self.find is not None:
                row = self.find(model, self.key)
                rows = [] if row is None else [row]
            for row in rows:
                if self.key_of(model, row) == self.key:
                    self.view.setCurrentIndex(model.index(row, self.column))
                    found = True
                    break
        self.view.verticalScrollBar().setValue(self.scroll)
        self.key = None
        return found


def row_id(model, row: int):
    """The key of a RowsTableModel row: its `id` (or `case_id`)."""
    item = model.row_at(row)
    return getattr(item, "id", getattr(item, "case_id", None)) if item is not None else None


def reload_keeping_place(view, reload: Callable[[], None], key_of=row_id) -> None:
    place = Place(view, key_of).take()
    reload()
    place.restore()
