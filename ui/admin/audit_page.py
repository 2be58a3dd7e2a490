"""The supervisor's audit trail: search by words, user, action and Jalali dates; export to CSV or Excel.
Read only: nothing here (or anywhere) changes an entry; each export is itself recorded in the trail."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.audit_labels import action_label
from app.domain.text import isolate
from app.services.admin import audit_export, users
from app.services.errors import ValidationError
from ui import formatting, theme
from ui.admin.audit_chain_panel import AuditChainPanel
from ui.admin.audit_table_model import AuditTableModel, load
from ui.errors import FieldErrors, show_error
from ui.table_view import record_table
from ui.widgets import file_dialogs
from ui.worker import run_in_background


class AuditPage(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.text = QLineEdit(objectName="text")
        self.text.setPlaceholderText("واژه‌ای از جزئیات، یا شناسه")
        self.text.returnPressed.connect(self.search)
        self.user = QComboBox(objectName="user")
        self.user.addItem("همه کاربران", "")
        for u in users.list_users():
            self.user.addItem(f"{u.full_name} ({u.username})", u.username)
        self.action = QComboBox(objectName="action")
        self.action.addItem("همه کارها", "")
        for name in sorted(audit_export.actions(), key=action_label):  # in words, in the words' order
            self.action.addItem(action_label(name), name)
        self.use_dates = QCheckBox("فقط در بازه", objectName="use_dates")
        self.since = formatting.jalali_date_edit(self)
        self.until = formatting.jalali_date_edit(self)
        self.search_button = QPushButton(theme.icon("fa5s.search"), "جست‌وجو", objectName="search")
        self.search_button.clicked.connect(self.search)
        self.csv_button = QPushButton(theme.icon("fa5s.file-csv"), "خروجی CSV", objectName="csv")
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.xlsx_button = QPushButton(theme.icon("fa5s.file-excel"), "خروجی Excel", objectName="xlsx")
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.general_error = QLabel()
        self.errors = FieldErrors(self.general_error)
        text_error, until_error = QLabel(), QLabel()
        self.errors.add("text", self.text, text_error)
        self.errors.add("until", self.until, until_error)
        form = QFormLayout()
        form.addRow("جست‌وجو", self.text)
        form.addRow("", text_error)
        row = QHBoxLayout()
        row.addWidget(self.user, 1)
        row.addWidget(self.action, 1)
        form.addRow("کاربر و کار", row)
        dates = QHBoxLayout()
        dates.addWidget(self.use_dates)
        dates.addWidget(QLabel("از"))
        dates.addWidget(self.since)
        dates.addWidget(QLabel("تا"))
        dates.addWidget(self.until)
        dates.addStretch(1)
        form.addRow("تاریخ", dates)
        form.addRow("", until_error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.search_button)
        buttons.addStretch(1)
        buttons.addWidget(self.csv_button)
        buttons.addWidget(self.xlsx_button)
        self.model = AuditTableModel(context.actor, self)
        self.view = record_table(self.model, "entries", multi=True)
        self.count_label = QLabel(objectName="count")
        self.count_label.setProperty("role", "hint")
        note = QLabel(
            "رد تغییرات فقط افزودنی است و هیچ راهی برای ویرایش یا پاک کردن آن نیست؛ "
            "هر خروجی گرفتن هم در آن ثبت می‌شود."
        )
        note.setWordWrap(True)
        note.setProperty("role", "hint")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.general_error)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(note)
        self.chain = AuditChainPanel(context, self)
        layout.addWidget(self.chain)
        self.task = None
        self.search_task, self.searches = None, 0
        self.search()

    def current_filter(self) -> audit_export.AuditFilter:
        dated = self.use_dates.isChecked()
        return audit_export.AuditFilter(
            text=self.text.text(),
            username=self.user.currentData() or "",
            action=self.action.currentData() or "",
            since=formatting.to_date(self.since) if dated else None,
            until=formatting.to_date(self.until) if dated else None,
        )

    def search(self) -> bool:
        """Without a text the count and first page come at once from the indexes. With one, every entry the
        other filters leave is read and decompressed (about a minute for the six million entries of a
        million cases, migration 30): that runs off the interface thread, the window stays usable, and a
        newer search supersedes it. False when the filter is refused."""
        f = self.current_filter()
        self.searches += 1
        try:
            audit_export.check(f)
        except ValidationError as exc:
            self.errors.show(exc)
            return False
        if self.search_task is not None:
            self.search_task.cancel()  # a search still reading stops at its next chunk; its pool thread is freed
            self.search_task = None
        if f.text.strip():
            ticket = self.searches
            self.count_label.setText("در حال جست‌وجو در رد تغییرات…")
            self.search_task = run_in_background(
                lambda progress: load(self.context.actor, f, progress),
                lambda found: self._found(ticket, found),
                lambda exc: self._search_failed(ticket, exc),
                owner=self,
            )
            return True
        try:
            self.model.set_filter(f)
        except ValidationError as exc:
            self.errors.show(exc)
            return False
        self._shown()
        return True

    def _found(self, ticket: int, found) -> None:
        if ticket == self.searches:  # else a newer search is on its way
            self.search_task = None
            self.model.show(*found)
            self._shown()

    def _search_failed(self, ticket: int, exc) -> None:
        if ticket != self.searches:
            return
        self.count_label.setText("")
        if isinstance(exc, ValidationError):
            self.errors.show(exc)
        else:
            show_error(self, exc)

    def _shown(self) -> None:
        self.errors.clear()
        self.count_label.setText("%1 مورد".replace("%1", formatting.number(self.model.total)))

    def export(self, fmt: str) -> None:
        name = file_dialogs.save_file_name(self, "خروجی رد تغییرات", f"audit.{fmt}", f"*.{fmt}")
        if name:
            self.start_export(name, fmt)

    def start_export(self, file: str, fmt: str) -> None:
        actor, f = self.context.actor, self.current_filter()
        for b in (self.csv_button, self.xlsx_button):
            b.setEnabled(False)
        self.task = run_in_background(
            lambda progress: audit_export.export(actor, f, file, fmt),
            lambda rows: self._exported(file, rows),
            self._failed,
        )

    def _exported(self, file: str, rows: int) -> None:
        for b in (self.csv_button, self.xlsx_button):
            b.setEnabled(True)
        self.exported = (file, rows)
        QMessageBox.information(
            self,
            "خروجی",
            "%1 مورد در این پرونده نوشته شد:\n%2".replace("%1", formatting.number(rows)).replace(
                "%2", isolate(file)
            ),
        )

    def _failed(self, exc) -> None:
        for b in (self.csv_button, self.xlsx_button):
            b.setEnabled(True)
        show_error(self, exc)
