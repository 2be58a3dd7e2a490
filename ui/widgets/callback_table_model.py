"""Answered cases waiting for their call back, as a lazy table (ids first, rows a page at a time)."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.services import callbacks
from ui import formatting

PAGE = 200
ROOT = QModelIndex()
TRIED = QBrush(QColor("#8a5200"))


class CallbackTableModel(QAbstractTableModel):
    HEADERS = ("کد رهگیری", "شهروند", "تلفن", "موضوع", "دستگاه پاسخ‌دهنده", "نتیجه پاسخ", "تاریخ پاسخ",
               "تلاش ناموفق")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.text = ""
        self.agency_id: int | None = None
        self.ids: list[int] = []
        self.rows: list[callbacks.CallbackRow] = []

    def set_filter(self, text: str = "", agency_id: int | None = None) -> None:
        ids = callbacks.waiting_ids(text, agency_id)
        first = callbacks.callback_rows(ids[:PAGE])
        self.beginResetModel()
        self.text, self.agency_id, self.ids, self.rows = text, agency_id, ids, first
        self.endResetModel()

    def refresh(self) -> None:
        self.set_filter(self.text, self.agency_id)

    def row_at(self, row: int) -> callbacks.CallbackRow | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent=ROOT) -> int:  # noqa: N802 (Qt name)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def canFetchMore(self, parent=ROOT) -> bool:  # noqa: N802
        return not parent.isValid() and len(self.rows) < len(self.ids)

    def fetchMore(self, parent=ROOT) -> None:  # noqa: N802
        first = len(self.rows)
        more = callbacks.callback_rows(self.ids[first:first + PAGE])
        if not more:
            self.ids = self.ids[:first]
            return
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.HEADERS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            tries = formatting.number(row.attempts) if row.attempts else ""
            return (formatting.ident(row.tracking_code), row.citizen_name, formatting.ident(row.phone or ""),
                    formatting.ident(row.subject), row.agencies, self.tr(row.result_label),
                    formatting.datetime(row.answered_at), tries)[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and row.attempts:
            return TRIED
        if role == Qt.ItemDataRole.ToolTipRole and row.last_attempt_at:
            return self.tr("آخرین تلاش: %1").replace("%1", formatting.datetime(row.last_attempt_at))
        return None
