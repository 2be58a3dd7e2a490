"""The schedule's month as a calendar page: Saturday-first Jalali weeks, right to left (Saturday at the right,
as the window is right-to-left), each day with the officials on duty and their hours. Fridays and days
outside the month are shaded, today is bold, a day with a conflict is pink (its conflicts in the tooltip)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from app.domain import jalali
from app.domain.attendance import SLOT_STATUS_LABELS, SlotStatus, format_hours
from ui import formatting
from ui.schedule.schedule_models import CANCELLED_BRUSH, CONFLICT_BRUSH, STATUS_COLOURS

FRIDAY_BRUSH = QBrush(QColor("#F1F4F7"))
DAY_ROLE = Qt.ItemDataRole.UserRole


class MonthGridModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.weeks: list[list[dt.date | None]] = []
        self.by_day: dict[dt.date, list] = {}
        self.problems: dict[int, list[str]] = {}
        self.today = jalali.today_local()

    def set_month(self, start: dt.date, end: dt.date, slots, conflicts) -> None:
        self.beginResetModel()
        self.weeks = jalali.month_weeks(start, end)
        self.by_day = {}
        for s in sorted(slots, key=lambda s: (s.date, s.start_time, s.official_name)):
            self.by_day.setdefault(s.date, []).append(s)
        self.problems = {}
        for conflict in conflicts:
            for slot_id in conflict.slot_ids:
                self.problems.setdefault(slot_id, []).append(conflict.message)
        self.today = jalali.today_local()
        self.endResetModel()

    def day_at(self, index: QModelIndex) -> dt.date | None:
        if not index.isValid() or index.row() >= len(self.weeks):
            return None
        return self.weeks[index.row()][index.column()]

    def slots_on(self, day: dt.date | None) -> list:
        return list(self.by_day.get(day, [])) if day else []

    def index_of(self, day: dt.date) -> QModelIndex:
        for r, week in enumerate(self.weeks):
            if day in week:
                return self.index(r, week.index(day))
        return QModelIndex()

    def rowCount(self, parent=None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.weeks)

    def columnCount(self, parent=None) -> int:
        return 0 if parent is not None and parent.isValid() else 7

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return jalali.SATURDAY_FIRST[section]
        return None

    @staticmethod
    def _line(s) -> str:
        mark = " ✕" if s.status == SlotStatus.CANCELLED else ""
        return f"{s.official_name} {format_hours(s.start_time, s.end_time)}{mark}"

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        day = self.day_at(index)
        if day is None:
            return FRIDAY_BRUSH if role == Qt.ItemDataRole.BackgroundRole else None
        slots = self.by_day.get(day, [])
        if role == Qt.ItemDataRole.DisplayRole:
            number = formatting.ident(jalali.to_jalali(day).day)
            return "\n".join([number] + [self._line(s) for s in slots])
        if role == DAY_ROLE:
            return day
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"{jalali.weekday_name(day)} {formatting.date_long(day)}"]
            for s in slots:
                lines.append(
                    f"{self._line(s)} — {s.official_title} ({SLOT_STATUS_LABELS[SlotStatus(s.status)]})"
                )
                lines += ["  " + m for m in self.problems.get(s.id, [])]
            return "\n".join(lines)
        if role == Qt.ItemDataRole.BackgroundRole:
            if any(s.id in self.problems for s in slots):
                return CONFLICT_BRUSH
            if jalali.is_friday(day):
                return FRIDAY_BRUSH
            return None
        if role == Qt.ItemDataRole.FontRole and day == self.today:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and slots:
            if all(s.status == SlotStatus.CANCELLED for s in slots):
                return CANCELLED_BRUSH
            colours = {STATUS_COLOURS.get(SlotStatus(s.status)) for s in slots} - {None}
            if len(colours) == 1:
                return QBrush(QColor(colours.pop()))
        return None


def month_grid(model: MonthGridModel, parent=None) -> QTableView:
    view = QTableView(parent, objectName="month_grid")
    view.setModel(model)
    view.setWordWrap(True)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    view.verticalHeader().setMinimumSectionSize(36)
    return view
