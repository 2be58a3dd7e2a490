"""Letters as a lazy table: the model holds the matching ids and fetches rows a page at a time."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.domain.letters import PRIORITY_LABELS, Priority
from app.services import letters
from ui import formatting

PAGE = 200
ROOT = QModelIndex()
STATUS_LABELS = {"issued": "صادرشده", "cancelled": "باطل‌شده"}


class LettersTableModel(QAbstractTableModel):
    HEADERS = ("شماره نامه", "تاریخ", "دستگاه", "کد رهگیری", "شهروند", "موضوع", "امضاکننده", "مهلت", "فوریت",
               "وضعیت")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.filter = letters.LetterFilter()
        self.ids: list[int] = []
        self.rows: list[letters.LetterRow] = []

    def set_filter(self, f: letters.LetterFilter) -> None:
        ids = letters.find_letter_ids(f)
        first = letters.letter_rows(ids[:PAGE])
        self.beginResetModel()
        self.filter, self.ids, self.rows = f, ids, first
        self.endResetModel()

    def refresh(self) -> None:
        self.set_filter(self.filter)

    def row_at(self, row: int) -> letters.LetterRow | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent=ROOT) -> int:  # noqa: N802 (Qt name)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def canFetchMore(self, parent=ROOT) -> bool:  # noqa: N802
        return not parent.isValid() and len(self.rows) < len(self.ids)

    def fetchMore(self, parent=ROOT) -> None:  # noqa: N802
        first = len(self.rows)
        more = letters.letter_rows(self.ids[first:first + PAGE])
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
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (formatting.ident(row.number), formatting.datetime(row.issued_at), formatting.ident(row.agency_name),
                    formatting.ident(row.tracking_code), row.citizen_name, formatting.ident(row.subject),
                    row.signer_name,
                    formatting.date(row.due_date), self.tr(PRIORITY_LABELS[Priority(row.priority)]),
                    self.tr(STATUS_LABELS.get(row.status, row.status)))[column]
        if role == Qt.ItemDataRole.ToolTipRole and row.status == "cancelled":
            return self.tr("باطل شد: ") + row.cancel_reason
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.status == "cancelled":
                return QBrush(QColor("#9a9a9a"))
            if column == 8 and row.priority == "urgent":
                return QBrush(QColor("#b3261e"))
        return None
