"""The attendance report on screen: per official and per agency for a period, with PDF and Excel export."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.domain import jalali
from app.domain.attendance import format_duration, format_percent
from app.private_files import write_private
from app.services.errors import ValidationError
from app.services.schedule import attendance, attendance_export
from ui import formatting, theme
from ui.errors import show_error
from ui.schedule.schedule_models import attendance_agencies_model, attendance_officials_model
from ui.table_view import record_table
from ui.widgets import file_dialogs
from ui.worker import run_in_background


def _table(model, name: str, stretch: int) -> QTableView:
    return record_table(model, name, stretch=stretch, multi=True, alternate=True)


class AttendanceTab(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.report = None
        self.task = None
        today = jalali.to_jalali(jalali.today_local())
        start, end = jalali.jalali_month_range(today.year, today.month)
        self.date_from = formatting.jalali_date_edit(self, start)
        self.date_from.setObjectName("date_from")
        self.date_to = formatting.jalali_date_edit(self, end)
        self.date_to.setObjectName("date_to")
        self.show_button = QPushButton(theme.icon("fa5s.search"), "نمایش", objectName="show")
        self.show_button.clicked.connect(self.load)
        self.pdf_button = QPushButton(theme.icon("fa5s.file-pdf"), "PDF", objectName="pdf")
        self.xlsx_button = QPushButton(theme.icon("fa5s.file-excel"), "Excel", objectName="xlsx")
        self.pdf_button.clicked.connect(lambda: self.ask_export("pdf"))
        self.xlsx_button.clicked.connect(lambda: self.ask_export("xlsx"))
        top = QHBoxLayout()
        for w in (QLabel("از"), self.date_from, QLabel("تا"), self.date_to, self.show_button):
            top.addWidget(w)
        top.addStretch(1)
        top.addWidget(self.pdf_button)
        top.addWidget(self.xlsx_button)
        self.error = QLabel(objectName="error")
        self.error.setProperty("role", "error")
        self.error.hide()
        self.officials_model = attendance_officials_model(self)
        self.agencies_model = attendance_agencies_model(self)
        splitter = QSplitter(Qt.Orientation.Vertical)
        for title, model, name, stretch in [
            ("به تفکیک مسئول", self.officials_model, "by_official", 2),
            ("به تفکیک دستگاه", self.agencies_model, "by_agency", 0),
        ]:
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            heading = QLabel(title)
            heading.setStyleSheet("font-weight: bold;")
            box_layout.addWidget(heading)
            box_layout.addWidget(_table(model, name, stretch))
            splitter.addWidget(box)
        self.total = QLabel(objectName="total", wordWrap=True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.error)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.total)
        self._set_exports(False)
        self._loaded_once = False

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._loaded_once:  # computed when first looked at, not when the section is built
            self._loaded_once = True
            self.load()

    def _set_exports(self, enabled: bool) -> None:
        self.pdf_button.setEnabled(enabled)
        self.xlsx_button.setEnabled(enabled)

    def period(self):
        return formatting.to_date(self.date_from), formatting.to_date(self.date_to)

    def load(self):
        """Compute the report off the interface thread; returns the background task."""
        start, end = self.period()
        self.error.hide()
        self.show_button.setEnabled(False)
        actor = self.context.actor

        def done(report):
            if not isValid(self):  # the page was closed meanwhile
                return
            self.show_button.setEnabled(True)
            self.show_report(report)

        def failed(exc):
            if not isValid(self):
                return
            self.show_button.setEnabled(True)
            if isinstance(exc, ValidationError):
                self.error.setText(exc.message)
                self.error.show()
            else:
                show_error(self, exc)

        self.task = run_in_background(lambda _: attendance.attendance_report(actor, start, end), done, failed)
        return self.task

    def show_report(self, report) -> None:
        self.report = report
        self.officials_model.set_rows(report.officials)
        self.agencies_model.set_rows(report.agencies)
        t = report.total
        self.total.setText(
            (
                "جمع {period}: {scheduled} نوبت، {present} حضور ({late} با تأخیر)، {absent} غیبت، "
                "{cancelled} لغو؛ {hours} ساعت در مرکز، {calls} تماس، {orders} دستور؛ "
                "درصد حضور {percent}."
            )
            .replace("{period}", report.period_label)
            .replace("{scheduled}", formatting.number(t.scheduled))
            .replace("{present}", formatting.number(t.present))
            .replace("{late}", formatting.number(t.late))
            .replace("{absent}", formatting.number(t.absent))
            .replace("{cancelled}", formatting.number(t.cancelled))
            .replace("{hours}", format_duration(t.minutes))
            .replace("{calls}", formatting.number(t.calls))
            .replace("{orders}", formatting.number(t.orders))
            .replace("{percent}", format_percent(t.compliance))
        )
        self._set_exports(True)

    def ask_export(self, kind: str) -> None:
        if not self.report:
            return
        j = jalali.to_jalali(self.report.start)
        suggested = f"attendance-{j.year}-{j.month:02d}.{kind}"
        filters = "PDF (*.pdf)" if kind == "pdf" else "Excel (*.xlsx)"
        path = file_dialogs.save_file_name(self, "ذخیره گزارش حضور", suggested, filters)
        if path:
            self.export(kind, path)

    def export(self, kind: str, path: str, on_done=None):
        report = self.report
        make = attendance_export.attendance_pdf if kind == "pdf" else attendance_export.attendance_xlsx
        self._set_exports(False)

        def work(progress):
            write_private(path, make(report))
            return path

        def done(result):
            if not isValid(self):
                return
            self._set_exports(True)
            if on_done:
                on_done(result)

        def failed(exc):
            if not isValid(self):
                return
            self._set_exports(True)
            show_error(self, exc)

        return run_in_background(work, done, failed)
