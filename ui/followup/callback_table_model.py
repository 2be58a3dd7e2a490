"""Answered cases waiting for their call back, as a lazy table (ids first, rows a page at a time)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from app.services.followup import callbacks
from ui import formatting
from ui.widgets.id_paged_model import IdPagedTableModel

TRIED = QBrush(QColor("#8a5200"))


class CallbackTableModel(IdPagedTableModel):
    HEADERS = (
        "کد رهگیری",
        "شهروند",
        "تلفن",
        "موضوع",
        "دستگاه پاسخ‌دهنده",
        "نتیجه پاسخ",
        "تاریخ پاسخ",
        "تلاش ناموفق",
    )

    def __init__(self, parent=None):
        super().__init__(("", None), parent)

    @property
    def text(self) -> str:
        return self.filter[0]

    @property
    def agency_id(self) -> int | None:
        return self.filter[1]

    def set_filter(self, text: str = "", agency_id: int | None = None) -> None:  # type: ignore[override]
        super().set_filter((text, agency_id))

    def refresh(self) -> None:
        super().set_filter(self.filter)

    def fetch_ids(self, f: tuple[str, int | None]) -> list[int]:
        return callbacks.waiting_ids(*f)

    def fetch_rows(self, ids: list[int]) -> list[callbacks.CallbackRow]:
        return callbacks.callback_rows(ids)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            tries = formatting.number(row.attempts) if row.attempts else ""
            return (
                formatting.ident(row.tracking_code),
                row.citizen_name,
                formatting.ident(row.phone or ""),
                formatting.ident(row.subject),
                row.agencies,
                row.result_label,
                formatting.datetime(row.answered_at),
                tries,
            )[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and row.attempts:
            return TRIED
        if role == Qt.ItemDataRole.ToolTipRole and row.last_attempt_at:
            return "آخرین تلاش: %1".replace("%1", formatting.datetime(row.last_attempt_at))
        return None
