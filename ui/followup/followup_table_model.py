"""Referrals waiting for their agency as a lazy table: overdue rows in red, due-soon rows in amber; the model
holds the matching ids and fetches rows a page at a time."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from app.domain.identifiers import format_tracking_code
from app.services.followup import deadlines
from ui import formatting
from ui.widgets.id_paged_model import IdPagedTableModel

OVERDUE_BACKGROUND = QBrush(QColor("#FDECEA"))
OVERDUE_TEXT = QBrush(QColor("#B3261E"))
SOON_BACKGROUND = QBrush(QColor("#FFF4DB"))
ESCALATED_TEXT = QBrush(QColor("#6A1B9A"))


class FollowUpTableModel(IdPagedTableModel):
    # How late comes second, beside the tracking code: on a 1024-pixel screen it stays in view.
    HEADERS = (
        "کد رهگیری",
        "روز گذشته/مانده",
        "موضوع",
        "شهروند",
        "دستگاه",
        "شماره نامه",
        "تاریخ ارجاع",
        "مهلت",
        "تذکر",
        "گام بعد",
    )
    DAYS_COLUMN = 1
    AGENCY_COLUMN = 4

    def __init__(self, parent=None):
        super().__init__(deadlines.FollowUpFilter(), parent)

    def fetch_ids(self, f: deadlines.FollowUpFilter) -> list[int]:
        return deadlines.followup_ids(f)

    def fetch_rows(self, ids: list[int]) -> list[deadlines.FollowUpRow]:
        return deadlines.followup_rows(ids, self.filter.today)

    def _days(self, row: deadlines.FollowUpRow) -> str:
        if row.days_late:
            return "%1 روز گذشته".replace("%1", formatting.number(row.days_late))
        if row.days_left == 0:
            return "امروز"
        return "%1 روز مانده".replace("%1", formatting.number(row.days_left))

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                formatting.ident(format_tracking_code(row.tracking_code)),
                self._days(row),
                formatting.ident(row.subject),
                row.citizen_name,
                row.agency_name,
                formatting.ident(row.letter_number),
                formatting.date(row.issued_at),
                formatting.date(row.due_date),
                formatting.number(row.reminders),
                row.next_action_label,
            )[column]
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
            return "مهلت به روز تقویمی شمرده می‌شود." if column == self.DAYS_COLUMN else None
        return None
