"""The shape every big list shares: the query gives the matching ids at once, rows are fetched a page at a
time as the view scrolls (`canFetchMore`/`fetchMore`), and a new filter resets the model in one step."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex

from ui.widgets.rows_model import ROOT, RowsTableModel

PAGE = 200


class IdPagedTableModel(RowsTableModel):
    """Subclasses set HEADERS and implement `fetch_ids(filter)` and `fetch_rows(ids)`, plus `data()`."""

    def __init__(self, initial_filter=None, parent=None):
        super().__init__(parent)
        self.filter = initial_filter
        self.ids: list[int] = []

    def fetch_ids(self, f) -> list[int]:
        raise NotImplementedError

    def fetch_rows(self, ids: list[int]) -> list:
        raise NotImplementedError

    def set_filter(self, f) -> None:
        """Run the query first (a refusal leaves the model as it was), then reset in one step."""
        ids = self.fetch_ids(f)
        previous, self.filter = self.filter, f
        try:
            first = self.fetch_rows(ids[:PAGE])
        except Exception:
            self.filter = previous
            raise
        self.beginResetModel()
        self.ids, self.rows = ids, first
        self.endResetModel()

    def refresh(self) -> None:
        self.set_filter(self.filter)

    def canFetchMore(self, parent=ROOT) -> bool:
        return not parent.isValid() and len(self.rows) < len(self.ids)

    def fetchMore(self, parent=ROOT) -> None:
        first = len(self.rows)
        more = self.fetch_rows(self.ids[first : first + PAGE])
        if not more:  # rows vanished meanwhile (another PC): stop offering more
            self.ids = self.ids[:first]
            return
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()
