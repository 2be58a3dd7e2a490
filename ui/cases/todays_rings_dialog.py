"""«تماس‌های امروز»: every ring of the day (the phone system's calls that reached an app of the center), newest
first, with its time, number, line, who took it and the case registered from it. Rings no case came from are
the callers to call back: «تماس دوباره» puts the number in intake, and the case saved there is linked to it."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QCheckBox, QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from app.domain import jalali
from app.domain.identifiers import format_tracking_code
from app.services.cases import rings
from ui import formatting, theme
from ui.table_view import record_table

COLUMNS = ("ساعت", "شماره", "خط", "پاسخ‌دهنده", "پرونده")
_ROOT = QModelIndex()
WAITING = "بی‌پرونده: تماس دوباره"


def ring_time(ring: rings.RingInfo) -> str:
    local = jalali.to_local(ring.at)
    return formatting.ident(f"{local.hour:02d}:{local.minute:02d}")


class RingsModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[rings.RingInfo] = []

    def set_rows(self, rows: list[rings.RingInfo]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=_ROOT) -> int:
        return len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        ring = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                ring_time(ring),
                formatting.ident(ring.number),
                formatting.ident(ring.line),
                ring.user_name,
                formatting.ident(format_tracking_code(ring.tracking_code)) if ring.registered else WAITING,
            )[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and not ring.registered and index.column() == 4:
            return QBrush(QColor("#b3261e"))
        if role == Qt.ItemDataRole.UserRole:
            return ring
        return None


class TodaysRingsDialog(QDialog):
    call_back = Signal(object)  # RingInfo: the operator calls this caller back from intake

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("تماس‌های امروز")
        self.summary = QLabel(objectName="rings_summary")
        self.summary.setProperty("role", "hint")
        self.waiting_only = QCheckBox("فقط تماس‌هایی که پرونده‌ای از آن‌ها ثبت نشده", objectName="waiting_only")
        self.waiting_only.toggled.connect(self.reload)
        self.model = RingsModel(self)
        self.table = record_table(self.model, "rings_table", self, stretch=3)
        self.table.doubleClicked.connect(lambda _index: self._call_back())
        self.table.setMinimumHeight(160)
        self.call_button = QPushButton(
            theme.icon("fa5s.phone-volume"), "تماس دوباره از صفحه ثبت تماس", objectName="call_back"
        )
        self.call_button.setToolTip(
            "شماره به صفحه ثبت تماس می‌رود و پرونده‌ای که آنجا ثبت شود به این تماس پیوند می‌خورد"
        )
        self.call_button.clicked.connect(self._call_back)
        refresh = QPushButton(theme.icon("fa5s.sync"), "تازه کردن", objectName="refresh")
        refresh.clicked.connect(self.reload)
        close = QPushButton("بستن", objectName="close")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.call_button)
        buttons.addWidget(refresh)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.waiting_only)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.resize(720, 480)
        self.reload()

    def reload(self) -> None:
        all_rings = rings.rings_of_day()
        waiting = [r for r in all_rings if not r.registered]
        self.model.set_rows(waiting if self.waiting_only.isChecked() else all_rings)
        self.summary.setText(
            f"امروز {formatting.number(len(all_rings))} تماس زنگ خورد؛ "
            f"{formatting.number(len(waiting))} تماس هنوز پرونده‌ای ندارد."
        )
        self.call_button.setEnabled(bool(self.model.rows))
        if self.model.rows:
            self.table.setCurrentIndex(self.model.index(0, 0))

    def selected(self) -> rings.RingInfo | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()] if index.isValid() else None

    def _call_back(self) -> None:
        ring = self.selected()
        if ring is not None:
            self.call_back.emit(ring)
            self.accept()
