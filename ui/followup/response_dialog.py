"""Recording an agency's response to a referral: its letter number and date, the answer, the result, scanned
attachments kept with the case; when the agency says the matter is not its responsibility, the case is
re-routed to another agency from the same dialog."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
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
from app.domain.identifiers import format_tracking_code
from app.domain.roles import allowed
from app.services.admin import reference
from app.services.followup import followup
from app.services.letters import referrals
from ui import formatting, theme
from ui.errors import show_error
from ui.form_dialog import FormDialog
from ui.widgets import file_dialogs
from ui.widgets.agency_picker import AgencyPicker
from ui.widgets.text_box import persian_text_box


class ResponseDialog(FormDialog):
    def __init__(self, context, referral_id: int, parent=None, reroute: bool = False):
        super().__init__("ثبت پاسخ دستگاه", parent)
        self.context = context
        self.summary = followup.referral_summary(referral_id)
        self.files: list[followup.AttachmentIn] = []
        self.setMinimumWidth(640)

        s = self.summary
        head = QLabel(objectName="summary")
        head.setWordWrap(True)
        head.setText(
            "پرونده %1 — %2\nارجاع به «%3» با نامه %4 در %5؛ مهلت پاسخ: %6".replace(
                "%1", formatting.ident(format_tracking_code(s.tracking_code))
            )
            .replace("%2", s.subject)
            .replace("%3", s.agency_name)
            .replace("%4", formatting.ident(s.letter_number) or "—")
            .replace("%5", formatting.date_long(s.issued_at))
            .replace("%6", formatting.date_long(s.due_date))
        )

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
        agencies = [
            (a.id, a.name)
            for a in reference.list_items("agency", active_only=True)
            if a.id != s.agency_id and a.extra.get("kind") != "inspection"
        ]
        self.new_agency = AgencyPicker(agencies, self, object_name="agency_id")
        self.instruction = persian_text_box("instruction", s.instruction)
        self.instruction.setMaximumHeight(70)
        self.instruction.setTabChangesFocus(True)
        self.due = formatting.jalali_date_edit(self, referrals.order_defaults(s.case_id).due_date)
        self.due.setObjectName("due_date")
        official = allowed(context.actor.role, "issue_referral")
        note = QLabel(
            "نامه ارجاع تازه همین حالا با امضای شما صادر می‌شود."
            if official
            else "دستور تازه برای صدور به کارتابل مسئول می‌رود (پیش‌نویس).",
            objectName="reroute_note",
        )
        note.setProperty("role", "hint")

        for name, label, widget in [
            ("agency_letter_number", "شماره نامه دستگاه", self.number),
            ("agency_letter_date", "تاریخ نامه دستگاه", self.date),
            ("result", "نتیجه", self.outcome),
            ("text", "متن پاسخ", self.text),
        ]:
            self.add_field(name, label, widget)
        self.add_field("attachments", "پیوست‌ها (پویش نامه)", files_row, self.attachment_list)
        reroute_form = QFormLayout(self.reroute_box)
        for name, label, widget in [
            ("agency_id", "دستگاه تازه", self.new_agency),
            ("instruction", "دستور", self.instruction),
            ("due_date", "مهلت پاسخ", self.due),
        ]:
            self.errors.add_row(reroute_form, name, label, widget)
        reroute_form.addRow(note)

        self.body.insertWidget(0, head)
        self.add_widget(self.reroute_box)
        self.outcome.currentIndexChanged.connect(self._result_changed)
        if reroute:
            self.outcome.setCurrentIndex(self.outcome.findData(str(ResponseResult.NOT_RESPONSIBLE)))
        self._result_changed()

    def _result_changed(self) -> None:
        not_ours = self.outcome.currentData() == ResponseResult.NOT_RESPONSIBLE
        self.reroute_box.setVisible(not_ours)
        if not not_ours:
            self.reroute_box.setChecked(False)

    # --- attachments ------------------------------------------------------------------------------------

    def choose_files(self) -> None:
        paths = file_dialogs.open_file_names(
            self, "پیوست پاسخ دستگاه", "پویش و سند (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;همه (*)"
        )
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
        return {
            "agency_letter_number": self.number.text(),
            "agency_letter_date": formatting.to_date(self.date),
            "text": self.text.toPlainText(),
            "result": self.outcome.currentData(),
            "attachments": self.files,
        }

    def reroute_data(self) -> dict | None:
        if self.outcome.currentData() != ResponseResult.NOT_RESPONSIBLE or not self.reroute_box.isChecked():
            return None
        return {
            "agency_id": self.new_agency.value(),
            "instruction": self.instruction.toPlainText(),
            "due_date": formatting.to_date(self.due),
        }

    @property
    def result(self) -> followup.ResponseInfo | None:
        """The response recorded (hides QDialog.result(), as the attribute it replaces did)."""
        return self.saved

    def save(self) -> followup.ResponseInfo:
        info = followup.record_response(
            self.context.actor, self.summary.id, self.data(), reroute=self.reroute_data()
        )
        self.context.events.announce(referrals=[self.summary.id], cases=[self.summary.case_id])
        return info

    def show_refusal(self, exc) -> None:
        show_error(self, exc)
