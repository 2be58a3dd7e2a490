"""A Report's rows for a QTableView: Persian digits, Jalali dates, the total row in bold.

Report rows are aggregates (tens or hundreds of rows, never the case list), so they are held as given.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.domain.report import DATE, FLOAT, INT, NUMBER, PERCENT, TEXT, Report
from app.domain.text import to_persian_digits
from ui import formatting
from ui.theme import PERSIAN

_ROOT = QModelIndex()
TOTAL_BACKGROUND = QBrush(QColor("#EEF1F4"))


def display(value, kind: str) -> str:
    if value is None:
        return "" if kind == TEXT else "—"
    if kind == TEXT:
        return to_persian_digits(str(value))
    if kind == DATE:
        return formatting.date(value)
    if kind == PERCENT:
        return PERSIAN.toString(value * 100, "f", 1) + "٪"
    if kind == FLOAT or (kind == NUMBER and not isinstance(value, int)):
        return PERSIAN.toString(float(value), "f", 1)
    return formatting.number(int(value))


class ReportTableModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.report: Report | None = None
        self.rows: list[tuple] = []

    def set_report(self, report: Report | None) -> None:
        self.beginResetModel()
        self.report = report
        self.rows = [] if report is None else [*report.rows, *([report.total] if report.total else [])]
        self.endResetModel()

    def is_total(self, row: int) -> bool:
        return bool(self.report and self.report.total) and row == len(self.rows) - 1

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() or self.report is None else len(self.report.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if self.report is None:
            return None
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.report.columns[section].title
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return "" if self.is_total(section) else formatting.number(section + 1)
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.report is None:
            return None
        column = self.report.columns[index.column()]
        value = self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return display(value, column.kind)
        if role == Qt.ItemDataRole.UserRole:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind in (INT, FLOAT, PERCENT, NUMBER, DATE):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.FontRole and self.is_total(index.row()):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and self.is_total(index.row()):
            return TOTAL_BACKGROUND
        return None
