"""The shape every big list shares: the query gives the matching ids at once, rows are fetched a page at a
time as the view scrolls (`canFetchMore`/`fetchMore`), and a new filter resets the model in one step."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

PAGE = 200
ROOT = QModelIndex()


class IdPagedTableModel(QAbstractTableModel):
    """Subclasses set HEADERS and implement `fetch_ids(filter)` and `fetch_rows(ids)`, plus `data()`."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, initial_filter=None, parent=None):
        super().__init__(parent)
        self.filter = initial_filter
        self.ids: list[int] = []
        self.rows: list = []

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

    def row_at(self, row: int):
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent=ROOT) -> int:  # noqa: N802 (Qt name)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def canFetchMore(self, parent=ROOT) -> bool:  # noqa: N802
        return not parent.isValid() and len(self.rows) < len(self.ids)

    def fetchMore(self, parent=ROOT) -> None:  # noqa: N802
        first = len(self.rows)
        more = self.fetch_rows(self.ids[first:first + PAGE])
        if not more:  # rows vanished meanwhile (another PC): stop offering more
            self.ids = self.ids[:first]
            return
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.HEADERS[section])
        return None
