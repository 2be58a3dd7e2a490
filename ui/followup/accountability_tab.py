"""Agency accountability: for a Jalali period, per agency, referrals received, answered, answered on time,
median and average days to answer, overdue now, reminders, escalations and citizens satisfied — the worst
agency on top, any column sortable, exported as PDF, Excel or CSV. Built off the interface thread."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import jalali
from app.domain.roles import allowed
from app.domain.text import isolate
from app.private_files import write_private
from app.services.errors import ValidationError
from app.services.followup import accountability, accountability_export
from ui import formatting, theme
from ui.errors import show_error
from ui.followup.accountability_table_model import AccountabilityTableModel
from ui.table_view import record_table
from ui.widgets import file_dialogs
from ui.widgets.first_show import when_first_shown
from ui.widgets.fit import make_room, mark_essential
from ui.worker import run_in_background

PRESETS = (
    ("this_month", "این ماه"),
    ("last_month", "ماه گذشته"),
    ("three_months", "سه ماه اخیر"),
    ("this_year", "امسال"),
    ("twelve_months", "دوازده ماه اخیر"),
    ("custom", "دلخواه"),
)
WRITERS = {
    "pdf": accountability_export.accountability_pdf,
    "xlsx": accountability_export.accountability_xlsx,
    "csv": accountability_export.accountability_csv,
}
FILTERS = {"pdf": "PDF (*.pdf)", "xlsx": "Excel (*.xlsx)", "csv": "CSV (*.csv)"}


AGENCY_WIDTH = 220  # pixels: most of an agency's name; the whole one in its tooltip or the export


def preset_period(key: str, today: dt.date) -> tuple[dt.date, dt.date] | None:
    j = jalali.to_jalali(today)
    if key == "this_month":
        return jalali.jalali_month_range(j.year, j.month)[0], today
    if key == "last_month":
        year, month = (j.year - 1, 12) if j.month == 1 else (j.year, j.month - 1)
        return jalali.jalali_month_range(year, month)
    if key == "three_months":
        return today - dt.timedelta(days=89), today
    if key == "this_year":
        return jalali.from_jalali(j.year, 1, 1), today
    if key == "twelve_months":
        return today - dt.timedelta(days=364), today
    return None


class AccountabilityTab(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.setObjectName("accountability_tab")
        self.report: accountability.AccountabilityReport | None = None
        self.task = None
        self.preset = QComboBox(objectName="preset")
        for key, label in PRESETS:
            self.preset.addItem(label, key)
        self.date_from = formatting.jalali_date_edit(self)
        self.date_from.setObjectName("date_from")
        self.date_to = formatting.jalali_date_edit(self)
        self.date_to.setObjectName("date_to")
        self.run_button = QPushButton(theme.icon("fa5s.play"), "ساختن گزارش", objectName="run")
        self.exports = {
            fmt: QPushButton(theme.icon(icon), label, objectName=f"export_{fmt}")
            for fmt, icon, label in (
                ("pdf", "fa5s.file-pdf", "PDF"),
                ("xlsx", "fa5s.file-excel", "Excel"),
                ("csv", "fa5s.file-csv", "CSV"),
            )
        }
        self.status = QLabel(objectName="status")
        self.status.setProperty("role", "hint")
        self.status.setWordWrap(True)
        self.model = AccountabilityTableModel(self)
        self.table = record_table(self.model, "accountability", stretch=1, multi=True, alternate=True)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicatorShown(False)
        mark_essential(self.table, 0, 1)  # the rank and the agency
        make_room(self.table, floor=AGENCY_WIDTH)  # at 1024 px the agency keeps its width, the figures scroll
        note = QLabel(
            (
                "ارجاع‌هایی که نامه‌شان در دوره صادر شده است. «به‌موقع» یعنی پاسخ تا مهلت نخست (پیش از "
                "تمدید با تذکر)؛ درصد آن از ارجاع‌هایی است که مهلتشان رسیده است. روزها تقویمی است. "
                "«گذشته از مهلت» به وضعیت امروز است. رضایت از رأی شهروند در نخستین تماس پس از پاسخ دستگاه."
            ),
            objectName="note",
        )
        note.setWordWrap(True)
        note.setProperty("role", "hint")
        top = QHBoxLayout()
        top.addWidget(QLabel("دوره:"))
        top.addWidget(self.preset)
        top.addWidget(QLabel("از"))
        top.addWidget(self.date_from)
        top.addWidget(QLabel("تا"))
        top.addWidget(self.date_to)
        top.addWidget(self.run_button)
        top.addStretch(1)
        for button in self.exports.values():
            top.addWidget(button)
            button.setToolTip("خروجی گزارش: " + button.text())
            button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        self.preset.currentIndexChanged.connect(self._preset_chosen)
        self.date_from.dateChanged.connect(self._dates_edited)
        self.date_to.dateChanged.connect(self._dates_edited)
        self.run_button.clicked.connect(self.run_report)
        for fmt, button in self.exports.items():
            button.clicked.connect(lambda _=False, f=fmt: self.export(f))
        self.allowed = allowed(context.actor.role, "view_reports")
        if not self.allowed:
            self.run_button.setEnabled(False)
            self.status.setText("این گزارش را ناظر و مسئولان می‌بینند.")
        self.preset.setCurrentIndex(self.preset.findData("twelve_months"))
        self._preset_chosen()
        # opened, it builds the last twelve months (under a twentieth of a second at a million cases)
        self.first_report = when_first_shown(self, self.run_report, self.preset.currentIndexChanged)

    # --- period ------------------------------------------------------------------------------------------

    def set_period(self, start: dt.date, end: dt.date) -> None:
        for edit, value in ((self.date_from, start), (self.date_to, end)):
            edit.blockSignals(True)
            edit.setDate(value)
            edit.blockSignals(False)

    def _preset_chosen(self) -> None:
        period = preset_period(self.preset.currentData(), jalali.today_local())
        if period:
            self.set_period(*period)

    def _dates_edited(self) -> None:
        self.first_report.stop()
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(self.preset.findData("custom"))
        self.preset.blockSignals(False)

    # --- building ----------------------------------------------------------------------------------------

    def run_report(self) -> None:
        self.first_report.stop()
        if not self.allowed or self.task:
            return
        actor, start, end = (
            self.context.actor,
            formatting.to_date(self.date_from),
            formatting.to_date(self.date_to),
        )
        self.run_button.setEnabled(False)
        self.status.setText("در حال ساختن گزارش…")
        self.task = run_in_background(
            lambda progress: accountability.accountability_report(actor, start, end),
            self.show_report,
            self._failed,
        )

    def _failed(self, exc: Exception) -> None:
        self.task = None
        self.run_button.setEnabled(True)
        self.status.setText("")
        if isinstance(exc, ValidationError):
            self.status.setText(exc.message)
            return
        show_error(self, exc)

    def show_report(self, report: accountability.AccountabilityReport) -> None:
        self.task = None
        self.run_button.setEnabled(self.allowed)
        self.report = report
        self.model.set_report(report)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for button in self.exports.values():
            button.setEnabled(bool(report.agencies))
        total = report.total
        self.status.setText(
            "%1 دستگاه، %2 ارجاع؛ به‌موقع: %3؛ گذشته از مهلت اکنون: %4. بدترین عملکرد در بالا.".replace(
                "%1", formatting.number(len(report.agencies))
            )
            .replace("%2", formatting.number(total.received))
            .replace("%3", self.model.data(self.model.index(len(report.agencies), 5)) or "—")
            .replace("%4", formatting.number(total.overdue_now))
        )

    # --- export ------------------------------------------------------------------------------------------

    def export(self, fmt: str, path: str | None = None) -> str | None:
        if self.report is None:
            return None
        if path is None:
            name = f"agencies-{self.report.period.label_en}.{fmt}"
            path = file_dialogs.save_file_name(self, "ذخیره گزارش", name, FILTERS[fmt])
            if not path:
                return None
        report = self.report

        def work(progress):
            write_private(path, WRITERS[fmt](report))
            return path

        self.status.setText("در حال نوشتن پرونده…")
        run_in_background(work, self._exported, lambda exc: show_error(self, exc))
        return path

    def _exported(self, path: str) -> None:
        self.status.setText("گزارش در %1 ذخیره شد.".replace("%1", isolate(path)))
