"""How often each article guided a caller in a period: the circulars people do not know."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import jalali
from app.services.errors import ValidationError
from app.services.knowledge import knowledge_usage
from app.services.knowledge.knowledge import KIND_LABELS
from ui import formatting, theme
from ui.errors import FieldErrors
from ui.table_view import record_table
from ui.widgets.rows_model import RowsTableModel


class UsageModel(RowsTableModel):
    HEADERS = ("عنوان", "نوع", "شماره", "شمار راهنمایی", "آخرین بار")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                r.title,
                KIND_LABELS[r.kind],
                formatting.ident(r.number),
                formatting.number(r.count),
                formatting.datetime(r.last_used),
            )[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 3:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.UserRole:
            return r.article_id
        return None


class KnowledgeUsageTab(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        today = jalali.today_local()
        j = jalali.to_jalali(today)
        self.first = formatting.jalali_date_edit(self, jalali.from_jalali(j.year, j.month, 1))
        self.first.setObjectName("first")
        self.last = formatting.jalali_date_edit(self, today)
        self.last.setObjectName("last")
        self.kind = QComboBox(objectName="usage_kind")
        self.kind.addItem("همه گونه‌ها", None)
        for code, label in KIND_LABELS.items():
            self.kind.addItem(label, code)
        self.include_unused = QCheckBox("مقاله‌های بی‌کاربرد هم", objectName="include_unused")
        show = QPushButton(theme.icon("fa5s.chart-bar"), "نمایش", objectName="show_usage")
        show.clicked.connect(self.refresh)
        self.summary = QLabel(objectName="usage_summary")
        self.summary.setProperty("role", "hint")
        self.errors = FieldErrors(self.summary)
        last_error = QLabel()
        self.errors.add("last", self.last, last_error)
        self.model = UsageModel(self)
        self.table = record_table(self.model, "usage_table", stretch=0, multi=True)
        row = QHBoxLayout()
        for widget in (
            QLabel("از"),
            self.first,
            QLabel("تا"),
            self.last,
            self.kind,
            self.include_unused,
            show,
        ):
            row.addWidget(widget)
        row.addStretch(1)
        hint = QLabel(
            "مقاله‌هایی که بیشتر با آن‌ها راهنمایی شده است، همان‌هایی‌اند که مردم کمتر می‌دانند: "
            "اطلاع‌رسانی دستگاه‌ها را به آن‌ها جلب کنید."
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(row)
        layout.addWidget(last_error)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.refresh()

    def set_period(self, first: dt.date, last: dt.date) -> None:
        self.first.setDate(first)
        self.last.setDate(last)

    def refresh(self) -> None:
        self.errors.clear()
        try:
            rows = knowledge_usage.article_usage(
                self.context.actor,
                formatting.to_date(self.first),
                formatting.to_date(self.last),
                kind=self.kind.currentData(),
                include_unused=self.include_unused.isChecked(),
            )
        except ValidationError as exc:
            self.errors.show(exc)
            return
        self.model.set_rows(rows)
        total = sum(r.count for r in rows)
        self.summary.setText(
            formatting.number(total)
            + " تماس با "
            + formatting.number(sum(1 for r in rows if r.count))
            + " مقاله راهنمایی شده است."
        )
        self.summary.show()
