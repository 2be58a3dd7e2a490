"""The intake's recognition panel: who this caller is (from the phone or national code typed), their
earlier cases, and the open case this call is likely a repeat of. From here the operator fills the caller's
details again, attaches the call to an open case, or opens a case."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.identifiers import format_tracking_code
from app.services.cases.callers import CallerMatch, EarlierCase
from ui import formatting, theme

CASE_ROLE = Qt.ItemDataRole.UserRole


class CallerPanel(QWidget):
    use_details = Signal(object)  # CallerMatch
    attach_requested = Signal(object)  # EarlierCase (open)
    open_case = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.matches: list[CallerMatch] = []
        self.duplicates: list[EarlierCase] = []
        heading = QLabel("شناسایی تماس‌گیرنده")
        heading.setProperty("role", "title")
        self.summary = QLabel(
            "با نوشتن شماره تلفن یا کد ملی، تماس‌های پیشین این شهروند اینجا می‌آید.",
            objectName="caller_summary",
            wordWrap=True,
        )
        self.summary.setProperty("role", "hint")
        self.duplicate = QLabel(objectName="duplicate_warning", wordWrap=True)
        self.duplicate.setProperty("role", "error")
        self.duplicate.hide()
        self.table = QTableWidget(0, 4, objectName="earlier_cases")
        self.table.setHorizontalHeaderLabels(["تاریخ", "موضوع", "وضعیت", "کد رهگیری"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setMinimumHeight(
            4 * self.fontMetrics().height() + 8
        )  # header and three rows, never a sliver
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._enable)
        self.table.doubleClicked.connect(lambda index: self._open(index.row()))
        self.fill_button = QPushButton(theme.icon("fa5s.user-check"), "همان مشخصات", objectName="use_details")
        self.fill_button.setToolTip(
            "نام، کد ملی، تلفن، شهرستان و نشانی این شهروند در فرم گذاشته شود (Ctrl+D)"
        )
        self.fill_button.clicked.connect(self._use_details)
        self.attach_button = QPushButton(theme.icon("fa5s.link"), "افزودن به پرونده باز", objectName="attach")
        self.attach_button.setToolTip("این تماس به پرونده باز انتخاب‌شده افزوده شود (Ctrl+J)")
        self.attach_button.clicked.connect(self._attach)
        buttons = QHBoxLayout()
        buttons.addWidget(self.fill_button)
        buttons.addWidget(self.attach_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.duplicate)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._enable()

    def set_matches(self, matches: list[CallerMatch]) -> None:
        self.matches = list(matches)
        rows = [(m, c) for m in self.matches for c in m.cases]
        self.table.setRowCount(len(rows))
        for r, (match, case) in enumerate(rows):
            cells = [
                formatting.date(case.created_at),
                formatting.ident(case.subject),
                case.status_label,
                formatting.ident(format_tracking_code(case.tracking_code)),
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(CASE_ROLE, case)
                if case.is_open:
                    item.setToolTip("پرونده باز: می‌توان این تماس را به آن افزود")
                self.table.setItem(r, c, item)
            if len(self.matches) > 1:
                self.table.item(r, 1).setText(f"{formatting.ident(case.subject)} — {match.full_name}")
        if not self.matches:
            self.summary.setText("تماس‌گیرنده تازه است: پرونده پیشینی ندارد.")
        else:
            parts = []
            for m in self.matches:
                total = formatting.number(m.case_count)
                opened = formatting.number(len(m.open_cases))
                parts.append(f"{m.full_name}: {total} پرونده، {opened} باز")
            self.summary.setText("؛ ".join(parts))
        if self.table.rowCount():
            open_rows = [r for r, (_, c) in enumerate(rows) if c.is_open]
            self.table.setCurrentCell(open_rows[0] if open_rows else 0, 0)
        self._enable()

    def set_duplicates(self, cases: list[EarlierCase]) -> None:
        self.duplicates = list(cases)
        if not cases:
            self.duplicate.hide()
            return
        first = cases[0]
        self.duplicate.setText(
            f"احتمالاً تکراری: این شهروند پرونده باز «{first.subject}» با کد {formatting.ident(format_tracking_code(first.tracking_code))} "
            "درباره همین دستگاه یا موضوع دارد. اگر درباره همان است، تماس را به آن بیفزایید."
        )
        self.duplicate.show()

    def reset(self) -> None:
        self.matches = []
        self.table.setRowCount(0)
        self.summary.setText("با نوشتن شماره تلفن یا کد ملی، تماس‌های پیشین این شهروند اینجا می‌آید.")
        self.set_duplicates([])
        self._enable()

    def selected_case(self) -> EarlierCase | None:
        rows = self.table.selectionModel().selectedRows()
        return self.table.item(rows[0].row(), 0).data(CASE_ROLE) if rows else None

    def select_case(self, case_id: int) -> None:
        for r in range(self.table.rowCount()):
            if self.table.item(r, 0).data(CASE_ROLE).id == case_id:
                self.table.setCurrentCell(r, 0)

    def _enable(self) -> None:
        case = self.selected_case()
        self.attach_button.setEnabled(bool(case and case.is_open))
        self.fill_button.setEnabled(len(self.matches) >= 1)

    def _use_details(self) -> None:
        case = self.selected_case()
        match = next(
            (m for m in self.matches if case and case in m.cases), self.matches[0] if self.matches else None
        )
        if match:
            self.use_details.emit(match)

    def _attach(self) -> None:
        case = self.selected_case()
        if case and case.is_open:
            self.attach_requested.emit(case)

    def _open(self, row: int) -> None:
        item = self.table.item(row, 0)
        if item:
            self.open_case.emit(item.data(CASE_ROLE).id)
