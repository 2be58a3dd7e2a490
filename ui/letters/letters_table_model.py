"""Letters as a lazy table: the model holds the matching ids and fetches rows a page at a time."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from app.domain.identifiers import format_tracking_code
from app.domain.letters import PRIORITY_LABELS, Priority
from app.domain.status import LETTER_STATUS_LABELS, LetterStatus, label
from app.services.letters import letters
from ui import formatting
from ui.widgets.id_paged_model import IdPagedTableModel


class LettersTableModel(IdPagedTableModel):
    HEADERS = (
        "شماره نامه",
        "تاریخ",
        "دستگاه",
        "کد رهگیری",
        "شهروند",
        "موضوع",
        "امضاکننده",
        "صادرکننده",
        "مهلت",
        "فوریت",
        "وضعیت",
    )

    def __init__(self, parent=None):
        super().__init__(letters.LetterFilter(), parent)

    def fetch_ids(self, f: letters.LetterFilter) -> list[int]:
        return letters.find_letter_ids(f)

    def fetch_rows(self, ids: list[int]) -> list[letters.LetterRow]:
        return letters.letter_rows(ids)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                formatting.ident(row.number),
                formatting.datetime(row.issued_at),
                formatting.ident(row.agency_name),
                formatting.ident(format_tracking_code(row.tracking_code)),
                row.citizen_name,
                formatting.ident(row.subject),
                row.signer_name,
                row.issued_by_name,
                formatting.date(row.due_date),
                PRIORITY_LABELS[Priority(row.priority)],
                label(LETTER_STATUS_LABELS, LetterStatus, row.status),
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole and column in (2, 5):  # a narrow screen elides them
            return row.agency_name if column == 2 else row.subject
        if role == Qt.ItemDataRole.ToolTipRole and row.status == LetterStatus.CANCELLED:
            return "باطل شد: " + row.cancel_reason
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.status == LetterStatus.CANCELLED:
                return QBrush(QColor("#9a9a9a"))
            if column == 9 and row.priority == "urgent":
                return QBrush(QColor("#b3261e"))
        return None
