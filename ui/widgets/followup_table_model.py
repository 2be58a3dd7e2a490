"""Referrals waiting for their agency as a lazy table: overdue rows in red, due-soon rows in amber; the model
holds the matching ids and fetches rows a page at a time."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.services import deadlines
from ui import formatting

PAGE = 200
ROOT = QModelIndex()
OVERDUE_BACKGROUND = QBrush(QColor("#FDECEA"))
OVERDUE_TEXT = QBrush(QColor("#B3261E"))
SOON_BACKGROUND = QBrush(QColor("#FFF4DB"))
ESCALATED_TEXT = QBrush(QColor("#6A1B9A"))


class FollowUpTableModel(QAbstractTableModel):
    HEADERS = ("کد رهگیری", "موضوع", "شهروند", "دستگاه", "شماره نامه", "تاریخ ارجاع", "مهلت", "روز گذشته/مانده",
               "تذکر", "گام بعد")
    DAYS_COLUMN = 7

    def __init__(self, parent=None):
        super().__init__(parent)
        self.filter = deadlines.FollowUpFilter()
        self.ids: list[int] = []
        self.rows: list[deadlines.FollowUpRow] = []

    def set_filter(self, f: deadlines.FollowUpFilter) -> None:
        ids = deadlines.followup_ids(f)
        first = deadlines.followup_rows(ids[:PAGE], f.today)
        self.beginResetModel()
        self.filter, self.ids, self.rows = f, ids, first
        self.endResetModel()

    def refresh(self) -> None:
        self.set_filter(self.filter)

    def row_at(self, row: int) -> deadlines.FollowUpRow | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent=ROOT) -> int:  # noqa: N802 (Qt name)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def canFetchMore(self, parent=ROOT) -> bool:  # noqa: N802
        return not parent.isValid() and len(self.rows) < len(self.ids)

    def fetchMore(self, parent=ROOT) -> None:  # noqa: N802
        first = len(self.rows)
        more = deadlines.followup_rows(self.ids[first:first + PAGE], self.filter.today)
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

    def _days(self, row: deadlines.FollowUpRow) -> str:
        if row.days_late:
            return self.tr("%1 روز گذشته").replace("%1", formatting.number(row.days_late))
        if row.days_left == 0:
            return self.tr("امروز")
        return self.tr("%1 روز مانده").replace("%1", formatting.number(row.days_left))

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (formatting.ident(row.tracking_code), formatting.ident(row.subject), row.citizen_name,
                    row.agency_name, formatting.ident(row.letter_number), formatting.date(row.issued_at),
                    formatting.date(row.due_date), self._days(row), formatting.number(row.reminders),
                    self.tr(row.next_action_label))[column]
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.overdue:
                return OVERDUE_BACKGROUND
            if row.days_left <= self.filter.soon_days:
                return SOON_BACKGROUND
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.escalated and column == 9:
                return ESCALATED_TEXT
            if row.overdue and column == self.DAYS_COLUMN:
                return OVERDUE_TEXT
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("مهلت به روز تقویمی شمرده می‌شود.") if column == self.DAYS_COLUMN else None
        return None
