"""Table models of the schedule section: slots of a month, officials, held cases, a session's calls and
orders, attendance figures. Each list is small (a month, a session), so a model holds its rows as given."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.domain import jalali
from app.domain.attendance import (
    SLOT_STATUS_LABELS,
    SlotStatus,
    format_duration,
    format_hours,
    format_percent,
)
from app.domain.status import REFERRAL_STATUS_LABELS, STATUS_LABELS, CaseStatus, ReferralStatus, label
from ui import formatting

CONFLICT_BRUSH = QBrush(QColor("#FDECEA"))
CANCELLED_BRUSH = QBrush(QColor("#8A94A0"))
STATUS_COLOURS = {
    SlotStatus.ATTENDED: "#2e7d32",
    SlotStatus.LATE: "#b26a00",
    SlotStatus.ABSENT: "#b3261e",
    SlotStatus.CANCELLED: "#8A94A0",
}


@dataclass(frozen=True)
class Column:
    title: str
    value: Callable[[object], str]
    align_center: bool = False


class RowsModel(QAbstractTableModel):
    """Rows (plain dataclasses) shown through a list of columns; read-only."""

    def __init__(self, columns: Sequence[Column], parent=None):
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list = []

    def set_rows(self, rows: Sequence) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int):
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent=None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent=None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].title
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item = self.rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.value(item)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_center:
            return int(Qt.AlignmentFlag.AlignCenter)
        return self.extra(item, index.column(), role)

    def extra(self, item, column: int, role):
        return None


class SlotsModel(RowsModel):
    """The slots of a period; rows with a conflict get a pink background and the conflict as tooltip."""

    def __init__(self, parent=None):
        super().__init__(
            [
                Column("تاریخ", lambda s: formatting.date(s.date), True),
                Column("روز", lambda s: s.weekday, True),
                Column("ساعت", lambda s: format_hours(s.start_time, s.end_time), True),
                Column("مسئول", lambda s: s.official_name),
                Column("سمت", lambda s: s.official_title),
                Column("دستگاه", lambda s: s.agency_name),
                Column("وضعیت", lambda s: SLOT_STATUS_LABELS[SlotStatus(s.status)], True),
                Column("یادداشت", lambda s: s.note),
            ],
            parent,
        )
        self.problems: dict[int, list[str]] = {}
        self.today = jalali.today_local()

    def set_slots(self, slots, conflicts) -> None:
        self.problems = {}
        self.today = jalali.today_local()
        for conflict in conflicts:
            for slot_id in conflict.slot_ids:
                self.problems.setdefault(slot_id, []).append(conflict.message)
        self.set_rows(slots)

    def extra(self, item, column: int, role):
        if role == Qt.ItemDataRole.FontRole and item.date == self.today:
            font = QFont()
            font.setBold(True)  # today's slot stands out
            return font
        if role == Qt.ItemDataRole.BackgroundRole and item.id in self.problems:
            return CONFLICT_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole and item.id in self.problems:
            return "\n".join(self.problems[item.id])
        if role == Qt.ItemDataRole.ForegroundRole and column == 6 and item.status in STATUS_COLOURS:
            return QBrush(QColor(STATUS_COLOURS[SlotStatus(item.status)]))
        if role == Qt.ItemDataRole.ForegroundRole and item.status == SlotStatus.CANCELLED:
            return CANCELLED_BRUSH
        return None


def officials_model(parent=None) -> RowsModel:
    return RowsModel(
        [
            Column("نام", lambda o: o.full_name),
            Column("سمت", lambda o: o.title),
            Column("دستگاه", lambda o: o.agency_name),
            Column("تلفن", lambda o: formatting.ident(o.phone), True),
            Column("حساب کاربری", lambda o: o.username or "ندارد", True),
            Column("وضعیت", lambda o: "فعال" if o.active else "غیرفعال", True),
        ],
        parent,
    )


def held_cases_model(parent=None) -> RowsModel:
    return RowsModel(
        [
            Column("کد رهگیری", lambda c: formatting.ident(c.tracking_code), True),
            Column("تماس‌گیرنده", lambda c: c.citizen_name),
            Column("تلفن", lambda c: formatting.ident(c.phone), True),
            Column("موضوع", lambda c: c.subject),
            Column("ثبت", lambda c: formatting.datetime(c.created_at), True),
            Column("در جلسه", lambda c: "بررسی شد" if c.session_id else "", True),
        ],
        parent,
    )


def session_calls_model(parent=None) -> RowsModel:
    return RowsModel(
        [
            Column("زمان", lambda c: formatting.datetime(c.at), True),
            Column("کد رهگیری", lambda c: formatting.ident(c.tracking_code), True),
            Column("تماس‌گیرنده", lambda c: c.citizen_name),
            Column("موضوع", lambda c: c.subject),
            Column("نوع", lambda c: "تماس تازه" if c.kind == "initial" else "پیگیری", True),
            Column("وضعیت پرونده", lambda c: STATUS_LABELS[CaseStatus(c.case_status)]),
        ],
        parent,
    )


def session_orders_model(parent=None) -> RowsModel:
    return RowsModel(
        [
            Column("کد رهگیری", lambda o: formatting.ident(o.tracking_code), True),
            Column("دستگاه", lambda o: o.agency_name),
            Column("دستور", lambda o: o.instruction),
            Column("مهلت", lambda o: formatting.date(o.due_date), True),
            Column("شماره نامه", lambda o: formatting.ident(o.letter_number) or "—", True),
            Column("وضعیت", lambda o: label(REFERRAL_STATUS_LABELS, ReferralStatus, o.status)),
        ],
        parent,
    )


def _figures() -> list[Column]:
    return [
        Column("نوبت", lambda r: formatting.number(r.scheduled), True),
        Column("حاضر", lambda r: formatting.number(r.attended), True),
        Column("تأخیر", lambda r: formatting.number(r.late), True),
        Column("غیبت", lambda r: formatting.number(r.absent), True),
        Column("لغو", lambda r: formatting.number(r.cancelled), True),
        Column("در پیش", lambda r: formatting.number(r.pending), True),
        Column("ساعت حضور", lambda r: format_duration(r.minutes), True),
        Column("تماس", lambda r: formatting.number(r.calls), True),
        Column("دستور", lambda r: formatting.number(r.orders), True),
        Column("درصد حضور", lambda r: format_percent(r.compliance), True),
    ]


def attendance_officials_model(parent=None) -> RowsModel:
    return RowsModel(
        [
            Column("مسئول", lambda r: r.name),
            Column("سمت", lambda r: r.title),
            Column("دستگاه", lambda r: r.agency_name),
            *_figures(),
        ],
        parent,
    )


def attendance_agencies_model(parent=None) -> RowsModel:
    return RowsModel(
        [
            Column("دستگاه", lambda r: r.name),
            Column("مسئولان", lambda r: formatting.number(r.officials), True),
            *_figures(),
        ],
        parent,
    )
