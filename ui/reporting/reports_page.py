"""The reports screen: choose a report and a Jalali period, see its table and chart, export PDF, Excel or CSV.
Reports run off the interface thread with progress shown and can be cancelled; so do exports."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.domain import jalali
from app.domain.period import Period, jalali_month, last_days
from app.domain.report import MonthlyReport, Report
from app.domain.text import isolate
from app.services.errors import ServiceError, ValidationError
from app.services.reporting import exports
from app.services.reporting.kinds import build_report, kind_choices
from app.services.reporting.monthly import monthly_report
from app.services.reporting.period import make_period
from ui import formatting, theme
from ui.errors import FieldErrors, show_error
from ui.reporting.report_charts import ChartView, make_chart
from ui.reporting.report_table_model import ReportTableModel
from ui.widgets import file_dialogs
from ui.widgets.first_show import when_first_shown
from ui.worker import run_in_background

MONTHLY = "monthly"
PRESETS = ("this_month", "last_month", "last_30", "this_year", "custom")


class ReportsPage(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.result: Report | MonthlyReport | None = None
        self.shown: Report | None = None
        self._task = None
        self._token = None
        self.last_export: str | None = None
        self.ask_path = self._ask_path  # replaced in tests (no file dialog)

        self.kind = QComboBox(objectName="kind")
        self.kind.addItem("گزارش ماهانه به استاندار", MONTHLY)
        for key, title in kind_choices():
            self.kind.addItem(title, key)
        self.preset = QComboBox(objectName="preset")
        for key, label in zip(
            PRESETS, ("این ماه", "ماه پیش", "سی روز گذشته", "امسال تا امروز", "دلخواه"), strict=True
        ):
            self.preset.addItem(label, key)
        self.first = formatting.jalali_date_edit(self)
        self.first.setObjectName("first")
        self.last = formatting.jalali_date_edit(self)
        self.last.setObjectName("last")
        self.run_button = QPushButton(theme.icon("fa5s.play"), "نمایش گزارش", objectName="run")
        self.run_button.setDefault(True)
        self.run_button.setShortcut("Ctrl+Return")
        self.run_button.clicked.connect(self.run_report)
        self.cancel_button = QPushButton(theme.icon("fa5s.stop"), "لغو", objectName="cancel")
        self.cancel_button.setShortcut("Esc")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.progress = QProgressBar(objectName="progress")
        self.progress.setMaximumWidth(180)
        self.progress.hide()
        self.export_buttons = {}
        for fmt, icon_name in (
            ("pdf", "fa5s.file-pdf"),
            ("xlsx", "fa5s.file-excel"),
            ("csv", "fa5s.file-csv"),
        ):
            button = QPushButton(
                theme.icon(icon_name), exports.FORMAT_LABELS[fmt], objectName=f"export_{fmt}"
            )
            button.setEnabled(False)
            button.clicked.connect(lambda _=False, fmt=fmt: self.export(fmt))
            self.export_buttons[fmt] = button

        self.status = QLabel(objectName="status")
        self.status.setWordWrap(True)
        self.status.setProperty("role", "hint")
        self.general_error = QLabel(objectName="general_error")
        self.errors = FieldErrors(self.general_error)
        first_error, last_error = QLabel(), QLabel()
        self.errors.add("date_from", self.first, first_error)
        self.errors.add("date_to", self.last, last_error)

        controls = QHBoxLayout()
        for widget in (
            QLabel("گزارش"),
            self.kind,
            QLabel("دوره"),
            self.preset,
            QLabel("از"),
            self.first,
            QLabel("تا"),
            self.last,
            self.run_button,
        ):
            controls.addWidget(widget)
        controls.addStretch(1)
        errors_row = QHBoxLayout()
        for label in (first_error, last_error, self.general_error):
            errors_row.addWidget(label)
        errors_row.addStretch(1)

        self.heading = QLabel(objectName="report_heading")
        self.heading.setProperty("role", "title")
        self.heading.setWordWrap(True)
        exports_row = QHBoxLayout()
        exports_row.addWidget(self.heading, 1)
        for button in self.export_buttons.values():
            exports_row.addWidget(button)

        self.chart = ChartView()
        self.model = ReportTableModel(self)
        self.table = QTableView(objectName="report_table")
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.chart)
        self.splitter.addWidget(self.table)
        self.splitter.setSizes([320, 400])

        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addLayout(errors_row)
        layout.addLayout(exports_row)
        # the progress and «لغو» beside the status line, not in the controls row, which they widened past a
        # 1024-pixel screen (the window grew to 1,096 while a report was built and stayed so)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.progress)
        status_row.addWidget(self.cancel_button)
        layout.addLayout(status_row)
        layout.addWidget(self.splitter, 1)

        self.preset.currentIndexChanged.connect(self._apply_preset)
        self.first.dateChanged.connect(self._dates_edited)
        self.last.dateChanged.connect(self._dates_edited)
        self._setting_preset = False
        self._apply_preset()
        # opened, it builds this month's report to the governor (about a tenth of a second at a million cases)
        self.first_report = when_first_shown(
            self, self.run_report, self.kind.currentIndexChanged, self.preset.currentIndexChanged
        )

    # --- the period --------------------------------------------------------------------------------

    def preset_period(self, key: str, today: dt.date | None = None) -> Period | None:
        today = today or jalali.today_local()
        j = jalali.to_jalali(today)
        if key == "this_month":
            return Period(jalali_month(j.year, j.month).start, today)
        if key == "last_month":
            return jalali_month(j.year, j.month).previous()
        if key == "last_30":
            return last_days(30, today)
        if key == "this_year":
            return Period(jalali.from_jalali(j.year, 1, 1), today)
        return None

    def _apply_preset(self) -> None:
        found = self.preset_period(self.preset.currentData())
        if found is None:
            return
        self._setting_preset = True
        self.first.setDate(found.start)
        self.last.setDate(found.end)
        self._setting_preset = False

    def _dates_edited(self) -> None:
        if not self._setting_preset:
            self.first_report.stop()
            self.preset.blockSignals(True)
            self.preset.setCurrentIndex(PRESETS.index("custom"))
            self.preset.blockSignals(False)

    def set_period(self, start: dt.date, end: dt.date) -> None:
        self.first.setDate(start)
        self.last.setDate(end)

    def set_kind(self, key: str) -> None:
        self.kind.setCurrentIndex(self.kind.findData(key))

    # --- running -----------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._task is not None

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setProperty("role", "error" if error else "hint")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    def _busy(self, text: str) -> None:
        self.run_button.setEnabled(False)
        for button in self.export_buttons.values():
            button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self._say(text)

    def _idle(self) -> None:
        self._task = None
        self._token = None
        self.run_button.setEnabled(True)
        self.progress.hide()
        self.cancel_button.hide()
        for button in self.export_buttons.values():
            button.setEnabled(self.result is not None)

    def run_report(self) -> None:
        self.first_report.stop()
        if self.running:
            return
        self.errors.clear()
        try:
            period = make_period(formatting.to_date(self.first), formatting.to_date(self.last))
        except ValidationError as exc:
            self.errors.show(exc)
            return
        actor, kind = self.context.actor, self.kind.currentData()

        def work(progress):
            if kind == MONTHLY:
                return monthly_report(actor, period, progress)
            return build_report(actor, kind, period, progress)

        token = self._token = object()
        self._busy("در حال ساختن گزارش…")
        self._task = run_in_background(
            work,
            lambda result: self._built(token, result),
            lambda exc: self._failed(token, exc),
            self._progressed,
        )

    def _progressed(self, done: int, total: int) -> None:
        if isValid(self) and self.running and total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def cancel(self) -> None:
        """Stop waiting for the report (or export); its work stops at its next step and is thrown away."""
        if self._task is None:
            return
        self._task.cancel()
        self._idle()
        self._say("لغو شد.")

    def _built(self, token, result) -> None:
        if not isValid(self) or token is not self._token:
            return  # cancelled meanwhile, or the page is gone
        self.result = result
        self._idle()
        self.show_result(result)

    def _failed(self, token, exc: Exception) -> None:
        if not isValid(self) or token is not self._token:
            return
        self._idle()
        if isinstance(exc, ValidationError):
            self.errors.show(exc)
            self._say("")
        elif isinstance(exc, ServiceError):
            self._say(exc.message, error=True)
        else:
            self._say("")
            show_error(self, exc)

    def show_result(self, result: Report | MonthlyReport) -> None:
        table = result.as_report() if isinstance(result, MonthlyReport) else result
        self.shown = table
        title = table.title if isinstance(result, MonthlyReport) else table.title + " — " + table.period.label
        self.heading.setText(title)
        self.model.set_report(table)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        spec = (
            result.per_day.charts[0]
            if isinstance(result, MonthlyReport)
            else table.charts[0]
            if table.charts
            else None
        )
        if spec is not None:
            self.chart.replace(make_chart(spec.kind, spec.labels, spec.values, spec.title))
        self.chart.setVisible(spec is not None and not spec.empty)
        rows = len(table.rows)
        self._say("ساخته شد: " + formatting.number(rows) + " ردیف، " + formatting.datetime(table.made_at))

    # --- exporting ---------------------------------------------------------------------------------

    def _ask_path(self, fmt: str, suggested: str) -> str:
        return file_dialogs.save_file_name(
            self, "ذخیره گزارش", suggested, f"{exports.FORMAT_LABELS[fmt]} (*.{fmt})"
        )

    def export(self, fmt: str) -> None:
        if self.result is None or self.running:
            return
        table = self.shown
        suggested = f"{table.kind}-{table.period.label_en}.{fmt}"
        path = self.ask_path(fmt, suggested)
        if not path:
            return
        self.start_export(path, fmt)

    def start_export(self, path: str, fmt: str) -> None:
        actor, result = self.context.actor, self.result
        token = self._token = object()
        self._busy("در حال نوشتن پرونده…")
        self._task = run_in_background(
            lambda progress: exports.export_report(actor, result, path, fmt),
            lambda written: self._exported(token, written),
            lambda exc: self._export_failed(token, exc),
        )

    def _exported(self, token, written) -> None:
        if not isValid(self) or token is not self._token:
            return
        self._idle()
        self.last_export = str(written)
        self._say("گزارش در این پرونده ذخیره شد: " + isolate(written))

    def _export_failed(self, token, exc: Exception) -> None:
        if not isValid(self) or token is not self._token:
            return
        self._idle()
        if isinstance(exc, ServiceError):
            self._say(exc.message, error=True)
        else:
            self._say("")
            show_error(self, exc)
