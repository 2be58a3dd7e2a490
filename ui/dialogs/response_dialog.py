"""Recording an agency's response to a referral: its letter number and date, the answer, the result, scanned
attachments kept with the case; when the agency says the matter is not its responsibility, the case is
re-routed to another agency from the same dialog."""
from __future__ import annotations

import mimetypes
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
)

from app.domain.followup import RESULT_LABELS, ResponseResult
from app.domain.roles import allowed
from app.services import followup, reference, referrals
from app.services.errors import ServiceError, ValidationError
from ui import formatting, theme
from ui.errors import FieldErrors, show_error
from ui.widgets.agency_picker import AgencyPicker
from ui.widgets.text_box import persian_text_box


class ResponseDialog(QDialog):
    def __init__(self, context, referral_id: int, parent=None, reroute: bool = False):
        super().__init__(parent)
        self.context = context
        self.summary = followup.referral_summary(referral_id)
        self.result: followup.ResponseInfo | None = None
        self.files: list[followup.AttachmentIn] = []
        self.setWindowTitle("ثبت پاسخ دستگاه")
        self.setMinimumWidth(640)

        s = self.summary
        head = QLabel(objectName="summary")
        head.setWordWrap(True)
        head.setText("پرونده %1 — %2\nارجاع به «%3» با نامه %4 در %5؛ مهلت پاسخ: %6"
                     .replace("%1", formatting.ident(s.tracking_code)).replace("%2", s.subject)
                     .replace("%3", s.agency_name).replace("%4", formatting.ident(s.letter_number) or "—")
                     .replace("%5", formatting.date_long(s.issued_at)).replace("%6", formatting.date_long(s.due_date)))

        self.number = QLineEdit(objectName="agency_letter_number")
        self.number.setPlaceholderText("شماره نامه پاسخ دستگاه (اگر پاسخ تلفنی است خالی بماند)")
        self.date = formatting.jalali_date_edit(self)
        self.date.setObjectName("agency_letter_date")
        self.outcome = QComboBox(objectName="result")
        for result in ResponseResult:
            self.outcome.addItem(RESULT_LABELS[result], str(result))
        self.text = persian_text_box("text")
        self.text.setPlaceholderText("خلاصه پاسخ دستگاه")
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(90)

        self.attachment_list = QListWidget(objectName="attachments")
        self.attachment_list.setMaximumHeight(80)
        add = QPushButton(theme.icon("fa5s.paperclip"), "افزودن پیوست…", objectName="add_attachment")
        remove = QPushButton(theme.icon("fa5s.times"), "برداشتن", objectName="remove_attachment")
        add.clicked.connect(self.choose_files)
        remove.clicked.connect(self.remove_selected)
        files_row = QHBoxLayout()
        files_row.addWidget(self.attachment_list, 1)
        buttons_col = QVBoxLayout()
        buttons_col.addWidget(add)
        buttons_col.addWidget(remove)
        buttons_col.addStretch(1)
        files_row.addLayout(buttons_col)

        self.reroute_box = QGroupBox("ارجاع به دستگاه دیگر (از همین‌جا)", objectName="reroute")
        self.reroute_box.setCheckable(True)
        self.reroute_box.setChecked(reroute)
        agencies = [(a.id, a.name) for a in reference.list_items("agency", active_only=True)
                    if a.id != s.agency_id and a.extra.get("kind") != "inspection"]
        self.new_agency = AgencyPicker(agencies, self, object_name="agency_id")
        self.instruction = persian_text_box("instruction", s.instruction)
        self.instruction.setMaximumHeight(70)
        self.instruction.setTabChangesFocus(True)
        self.due = formatting.jalali_date_edit(self, referrals.order_defaults(s.case_id).due_date)
        self.due.setObjectName("due_date")
        official = allowed(context.actor.role, "issue_referral")
        note = QLabel("نامه ارجاع تازه همین حالا با امضای شما صادر می‌شود." if official else
                      "دستور تازه برای صدور به کارتابل مسئول می‌رود (پیش‌نویس).", objectName="reroute_note")
        note.setProperty("role", "hint")

        self.general_error = QLabel(objectName="general_error")
        self.general_error.setProperty("role", "error")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        self.errors = FieldErrors(self.general_error)
        form = QFormLayout()
        for name, label, widget in [("agency_letter_number", "شماره نامه دستگاه", self.number),
                                    ("agency_letter_date", "تاریخ نامه دستگاه", self.date),
                                    ("result", "نتیجه", self.outcome),
                                    ("text", "متن پاسخ", self.text)]:
            self._row(form, name, label, widget)
        self.errors.add_row(form, "attachments", "پیوست‌ها (پویش نامه)", files_row, self.attachment_list)
        reroute_form = QFormLayout(self.reroute_box)
        for name, label, widget in [("agency_id", "دستگاه تازه", self.new_agency),
                                    ("instruction", "دستور", self.instruction),
                                    ("due_date", "مهلت پاسخ", self.due)]:
            self._row(reroute_form, name, label, widget)
        reroute_form.addRow(note)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addLayout(form)
        layout.addWidget(self.reroute_box)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)
        self.outcome.currentIndexChanged.connect(self._result_changed)
        if reroute:
            self.outcome.setCurrentIndex(self.outcome.findData(str(ResponseResult.NOT_RESPONSIBLE)))
        self._result_changed()

    def _row(self, form: QFormLayout, name: str, label: str, widget) -> None:
        self.errors.add_row(form, name, label, widget)

    def _result_changed(self) -> None:
        not_ours = self.outcome.currentData() == ResponseResult.NOT_RESPONSIBLE
        self.reroute_box.setVisible(not_ours)
        if not not_ours:
            self.reroute_box.setChecked(False)

    # --- attachments ------------------------------------------------------------------------------------

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "پیوست پاسخ دستگاه", "",
                                                "پویش و سند (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;همه (*)")
        self.add_files(paths)

    def add_files(self, paths: list[str]) -> None:
        for path in paths:
            try:
                data = Path(path).read_bytes()
            except OSError as exc:
                show_error(self, exc)
                continue
            name = Path(path).name
            self.files.append(followup.AttachmentIn(name, data, mimetypes.guess_type(name)[0] or ""))
            size = formatting.number(max(1, len(data) // 1024))
            self.attachment_list.addItem("%1 (%2 کیلوبایت)".replace("%1", name).replace("%2", size))

    def remove_selected(self) -> None:
        row = self.attachment_list.currentRow()
        if row >= 0:
            self.attachment_list.takeItem(row)
            del self.files[row]

    # --- saving -----------------------------------------------------------------------------------------

    def data(self) -> dict:
        return {"agency_letter_number": self.number.text(), "agency_letter_date": formatting.to_date(self.date),
                "text": self.text.toPlainText(), "result": self.outcome.currentData(), "attachments": self.files}

    def reroute_data(self) -> dict | None:
        if self.outcome.currentData() != ResponseResult.NOT_RESPONSIBLE or not self.reroute_box.isChecked():
            return None
        return {"agency_id": self.new_agency.value(), "instruction": self.instruction.toPlainText(),
                "due_date": formatting.to_date(self.due)}

    def submit(self) -> bool:
        self.errors.clear()
        try:
            self.result = followup.record_response(self.context.actor, self.summary.id, self.data(),
                                                   reroute=self.reroute_data())
        except ValidationError as exc:
            self.errors.show(exc)
            return False
        except ServiceError as exc:
            show_error(self, exc)
            return False
        self.context.events.referral_changed.emit(self.summary.id)
        self.context.events.case_changed.emit(self.summary.case_id)
        self.accept()
        return True
