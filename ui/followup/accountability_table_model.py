"""The agency accountability figures as a sortable table: worst agency on top by default, any column sorts
(numbers as numbers, «—» last), the total row always at the bottom. A few dozen aggregated rows."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.services.followup.accountability import AccountabilityReport, AgencyFigures
from ui import formatting
from ui.theme import PERSIAN

ROOT = QModelIndex()
LOW = QBrush(QColor("#FDECEA"))
RED = QBrush(QColor("#B3261E"))
TOTAL = QBrush(QColor("#EEF1F4"))
SORT_ROLE = Qt.ItemDataRole.UserRole


def _pct(value: float | None) -> str:
    return "—" if value is None else PERSIAN.toString(value * 100, "f", 0) + "٪"


def _days(value: float | None) -> str:
    return "—" if value is None else PERSIAN.toString(value, "f", 1)


COLUMNS: list[tuple[str, object]] = [
    ("رتبه", None),
    ("دستگاه", lambda f: f.agency_name),
    ("ارجاع", lambda f: f.received),
    ("پاسخ", lambda f: f.answered),
    ("پاسخ به‌موقع", lambda f: f.on_time),
    ("درصد به‌موقع", lambda f: f.on_time_pct),
    ("میانه روز پاسخ", lambda f: f.median_days),
    ("میانگین روز پاسخ", lambda f: f.average_days),
    ("گذشته از مهلت اکنون", lambda f: f.overdue_now),
    ("تذکر", lambda f: f.reminders),
    ("ارجاع به بازرسی", lambda f: f.escalations),
    ("تماس با رأی", lambda f: f.rated),
    ("درصد رضایت", lambda f: f.satisfied_pct),
]
PERCENT_COLUMNS, DAY_COLUMNS = (5, 12), (6, 7)


class AccountabilityTableModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.report: AccountabilityReport | None = None
        self.rows: list[AgencyFigures] = []
        self.rank: dict[int | None, int] = {}  # worst first, as the report orders them

    def set_report(self, report: AccountabilityReport | None) -> None:
        self.beginResetModel()
        self.report = report
        self.rows = list(report.agencies) if report else []
        self.rank = {f.agency_id: i for i, f in enumerate(self.rows, 1)}
        self.endResetModel()

    def figures_at(self, row: int) -> AgencyFigures | None:
        if 0 <= row < len(self.rows):
            return self.rows[row]
        return self.report.total if self.report and row == len(self.rows) else None

    def rowCount(self, parent=ROOT) -> int:
        return 0 if parent.isValid() or not self.report else len(self.rows) + 1

    def columnCount(self, parent=ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        return None

    def _value(self, f: AgencyFigures, column: int):
        if column == 0:
            return self.rank.get(f.agency_id) if f.agency_id is not None else None
        return COLUMNS[column][1](f)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        f = self.figures_at(index.row())
        column = index.column()
        total = index.row() == len(self.rows)
        value = self._value(f, column)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 1:
                return f.agency_name if not total else "جمع"
            if value is None and column == 0:
                return ""
            if column in PERCENT_COLUMNS:
                return _pct(value)
            if column in DAY_COLUMNS:
                return _days(value)
            return formatting.number(value)
        if role == Qt.ItemDataRole.ToolTipRole and column == 1 and not total:
            return f.agency_name  # a narrow screen cuts the name short
        if role == SORT_ROLE:
            return value
        if role == Qt.ItemDataRole.BackgroundRole:
            if total:
                return TOTAL
            if column == 5 and f.on_time_pct is not None and f.on_time_pct < 0.5:
                return LOW
        if role == Qt.ItemDataRole.ForegroundRole and column == 8 and f.overdue_now and not total:
            return RED
        if role == Qt.ItemDataRole.FontRole and total:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 1:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Sort the agencies (the total stays last); an empty figure («—») sorts last either way."""
        descending = order == Qt.SortOrder.DescendingOrder

        def key(f: AgencyFigures):
            value = self._value(f, column)
            if value is None:
                return (1, 0)
            if isinstance(value, str):
                return (0, value)
            return (0, -value if descending else value)

        self.layoutAboutToBeChanged.emit()
        if column == 1:
            self.rows.sort(key=lambda f: f.agency_name, reverse=descending)
        else:
            self.rows.sort(key=key)
        self.layoutChanged.emit()
