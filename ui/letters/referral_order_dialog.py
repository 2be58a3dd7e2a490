"""The referral order form: an official issues an order on a case (one letter per agency); an operator
saves it as a draft for an official. Also used to review drafts and to issue a corrected letter."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.identifiers import format_tracking_code
from app.domain.letters import CC_PURPOSES, PRIORITY_LABELS, READY_INSTRUCTIONS, Priority
from app.domain.roles import allowed
from app.domain.status import STATUS_LABELS, CaseStatus
from app.domain.text import search_key
from app.services.admin import reference
from app.services.errors import ServiceError, ValidationError
from app.services.letters import letters, referrals
from ui import formatting, theme
from ui.errors import FieldErrors, show_error
from ui.widgets.agency_picker import AgencyPicker
from ui.widgets.fit import VerticalScrollArea
from ui.widgets.ready_phrases import append_chosen_phrase
from ui.widgets.text_box import persian_text_box


class ReferralOrderDialog(QDialog):
    """`issued` holds the issued referrals (with their letters) after an official issues; `drafted` the
    drafts after «save as draft»."""

    def __init__(
        self,
        context,
        case_id: int,
        parent=None,
        *,
        draft_ids: list[int] | tuple = (),
        correct_letter_id: int | None = None,
        session_id: int | None = None,
    ):
        super().__init__(parent)
        self.context = context
        self.case_id = case_id
        self.draft_ids = list(draft_ids)
        self.correct_letter_id = correct_letter_id
        self.session_id = (
            session_id if session_id is not None else referrals.current_session_id(context.actor)
        )
        self.issued: list[referrals.ReferralInfo] = []
        self.drafted: list[referrals.ReferralInfo] = []
        self.can_issue = allowed(context.actor.role, "issue_referral")
        self.defaults = referrals.order_defaults(case_id)
        self.setWindowTitle("نامه اصلاحی" if correct_letter_id else "دستور ارجاع")
        self.setMinimumWidth(720)

        self.general_error = QLabel(objectName="general_error")
        self.errors = FieldErrors(self.general_error)
        body = QWidget(objectName="order_body")
        fields = QVBoxLayout(body)
        fields.setContentsMargins(0, 0, 0, 0)
        fields.addWidget(self._case_card())
        fields.addWidget(self._agency_box())
        fields.addLayout(self._order_form())
        fields.addWidget(self.general_error)
        layout = QVBoxLayout(self)
        layout.addWidget(VerticalScrollArea(body, object_name="order_scroll"), 1)  # fits a 768-pixel screen
        layout.addWidget(self._buttons())
        self._fill()

    # --- building -----------------------------------------------------------------------------------

    def _case_card(self) -> QWidget:
        d = self.defaults
        title = QLabel(objectName="case_card")
        title.setWordWrap(True)
        title.setText(
            "پرونده %1 — %2 — %3: %4 (وضعیت: %5)".replace(
                "%1", formatting.ident(format_tracking_code(d.tracking_code))
            )
            .replace("%2", d.citizen_name)
            .replace("%3", d.request_type)
            .replace("%4", formatting.ident(d.subject))
            .replace("%5", STATUS_LABELS[CaseStatus(d.status)])
        )
        text = formatting.ident(d.request_text)
        request = QLabel(text if len(text) <= 400 else text[:399] + "…", objectName="case_request")
        request.setProperty("role", "hint")
        request.setWordWrap(True)
        request.setToolTip(text)
        card = QGroupBox("درخواست شهروند")
        layout = QVBoxLayout(card)
        layout.addWidget(title)
        layout.addWidget(request)
        return card

    def _agency_box(self) -> QWidget:
        box = QGroupBox("دستگاه‌های اجرایی (یک نامه برای هر دستگاه)")
        self.agency_search = QLineEdit(objectName="agency_search", placeholderText="جست‌وجوی دستگاه...")
        self.agency_search.setClearButtonEnabled(True)
        self.agency_list = QListWidget(objectName="agency_list")
        self.agency_list.setMinimumHeight(150)
        for item in reference.list_items("agency", active_only=True):
            row = QListWidgetItem(item.name)
            row.setData(Qt.ItemDataRole.UserRole, item.id)
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            row.setCheckState(Qt.CheckState.Unchecked)
            self.agency_list.addItem(row)
        self.agency_chosen = QLabel(objectName="agency_chosen")
        self.agency_chosen.setWordWrap(True)
        self.agency_error = QLabel()
        self.agency_search.textChanged.connect(self._filter_agencies)
        self.agency_list.itemChanged.connect(self._show_chosen)
        self.agency_list.itemActivated.connect(self._toggle)
        layout = QVBoxLayout(box)
        layout.addWidget(self.agency_search)
        layout.addWidget(self.agency_list)
        layout.addWidget(self.agency_chosen)
        layout.addWidget(self.agency_error)
        self.errors.add("agency_ids", self.agency_list, self.agency_error)
        return box

    def _order_form(self) -> QFormLayout:
        form = QFormLayout()
        self.ready = QComboBox(objectName="ready_phrases")
        self.ready.addItem("عبارت‌های آماده...")
        for phrase in READY_INSTRUCTIONS:
            self.ready.addItem(phrase)
        self.ready.activated.connect(self._use_phrase)
        self.instruction = persian_text_box("instruction")
        self.instruction.setFixedHeight(80)
        self.instruction.setTabChangesFocus(True)
        self._row(form, "دستور", self._stack(self.ready, self.instruction), "instruction", self.instruction)

        self.due_days = QSpinBox(objectName="due_days", minimum=1, maximum=365, value=self.defaults.due_days)
        self.due_days.setSuffix(" روز")
        self.working_days = QCheckBox("روز کاری (بی‌جمعه و تعطیلی‌ها)", objectName="working_days")
        self.due_date = formatting.jalali_date_edit(self, self.defaults.due_date)
        self.due_date.setObjectName("due_date")
        self.due_days.valueChanged.connect(self._recompute_due)
        self.working_days.toggled.connect(self._recompute_due)
        due = QHBoxLayout()
        due.addWidget(self.due_days)
        due.addWidget(self.working_days)
        due.addWidget(QLabel("تا"))
        due.addWidget(self.due_date, 1)
        self._row(form, "مهلت پاسخ", due, "due_date", self.due_date)

        self.priority = QComboBox(objectName="priority")
        for value in Priority:
            self.priority.addItem(PRIORITY_LABELS[value], str(value))
        self._row(form, "فوریت", self.priority, "priority", self.priority)

        # any part of a name finds the agency («بازرسی», «فرمانداری مراغه»); a name not in the list is kept as typed
        self.cc_name = AgencyPicker(
            [(a.id, a.name) for a in reference.list_items("agency", active_only=True)], object_name="cc_name"
        )
        self.cc_name.setPlaceholderText("گیرنده رونوشت: بخشی از نام را بنویسید…")
        self.cc_purpose = QComboBox(objectName="cc_purpose", editable=True)
        self.cc_purpose.addItems(list(CC_PURPOSES))
        add_cc = QPushButton(theme.icon("fa5s.plus"), "افزودن", objectName="add_cc")
        add_cc.clicked.connect(self.add_cc)
        self.cc_list = QListWidget(objectName="cc_list")
        self.cc_list.setFixedHeight(70)
        remove_cc = QPushButton(theme.icon("fa5s.times"), "برداشتن", objectName="remove_cc")
        remove_cc.clicked.connect(
            lambda: [self.cc_list.takeItem(self.cc_list.row(i)) for i in self.cc_list.selectedItems()]
        )
        cc_row = QHBoxLayout()
        cc_row.addWidget(self.cc_name, 3)
        cc_row.addWidget(self.cc_purpose, 2)
        cc_row.addWidget(add_cc)
        cc_list_row = QHBoxLayout()
        cc_list_row.addWidget(self.cc_list, 1)
        cc_list_row.addWidget(remove_cc, 0, Qt.AlignmentFlag.AlignTop)
        self._row(form, "رونوشت", self._stack(cc_row, cc_list_row), "cc", self.cc_list)

        self.attachments = QLineEdit(
            objectName="attachments", placeholderText="ندارد — نام پیوست‌ها را با «،» جدا کنید"
        )
        self._row(form, "پیوست", self.attachments, "attachments", self.attachments)
        self.reason = QLineEdit(objectName="reason", placeholderText="مثلاً: شماره تماس شهروند اصلاح شد")
        if self.correct_letter_id:
            self._row(form, "علت اصلاح", self.reason, "reason", self.reason)
        return form

    def _row(self, form: QFormLayout, label: str, field, name: str, widget: QWidget) -> None:
        self.errors.add_row(form, name, label, field, widget)

    @staticmethod
    def _stack(*parts) -> QWidget:
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        for part in parts:
            if isinstance(part, QWidget):
                layout.addWidget(part)
            else:
                layout.addLayout(part)
        return holder

    def _buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox()
        self.issue_button = QPushButton(
            theme.icon("fa5s.file-signature"),
            "صدور نامه اصلاحی" if self.correct_letter_id else "صدور و امضای نامه",
            objectName="issue",
        )
        self.draft_button = QPushButton(theme.icon("fa5s.save"), "ذخیره پیش‌نویس", objectName="draft")
        cancel = QPushButton("انصراف", objectName="cancel")
        if self.can_issue:
            buttons.addButton(self.issue_button, QDialogButtonBox.ButtonRole.AcceptRole)
            self.issue_button.setDefault(True)
        else:
            self.issue_button.hide()
        if not self.correct_letter_id and not self.draft_ids:
            buttons.addButton(self.draft_button, QDialogButtonBox.ButtonRole.ActionRole)
        else:
            self.draft_button.hide()
        buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.issue_button.clicked.connect(self.issue)
        self.draft_button.clicked.connect(self.save_draft)
        cancel.clicked.connect(self.reject)
        if not self.can_issue:
            hint = "صدور نامه با مسئول است؛ دستور شما پیش‌نویس می‌ماند تا مسئول آن را صادر کند."
            self.draft_button.setToolTip(hint)
        return buttons

    def _fill(self) -> None:
        data: dict = {}
        if self.correct_letter_id:
            detail = letters.get_letter(self.correct_letter_id)
            data = referrals.draft_data_for_letter(self.correct_letter_id)
            data["cc"] = detail.content.get("cc", [])
            self.agency_list.setEnabled(False)
            self.agency_search.setEnabled(False)
        elif self.draft_ids:
            data = referrals.draft_data(self.draft_ids[0])
            data["agency_ids"] = [referrals.draft_data(i)["agency_ids"][0] for i in self.draft_ids]
        elif self.defaults.agency_id:
            data = {"agency_ids": [self.defaults.agency_id]}
        self.set_agencies(data.get("agency_ids", []))
        if data.get("instruction"):
            self.instruction.setPlainText(data["instruction"])
        if data.get("due_date"):
            self.working_days.setChecked(bool(data.get("working_days")))
            self.due_date.setDate(data["due_date"])
        if data.get("priority"):
            self.priority.setCurrentIndex(self.priority.findData(data["priority"]))
        for item in data.get("cc", []):
            self._add_cc_item(item["name"], item.get("purpose", ""))
        self.attachments.setText(data.get("attachments", ""))

    # --- behaviour ----------------------------------------------------------------------------------

    def _filter_agencies(self, text: str) -> None:
        """Any part of the name, in any order, folded as every agency box folds it (ي/ك, ZWNJ, digits)."""
        words = search_key(text).split()
        for i in range(self.agency_list.count()):
            item = self.agency_list.item(i)
            key = search_key(item.text())
            item.setHidden(bool(words) and not all(w in key for w in words))

    def _toggle(self, item: QListWidgetItem) -> None:
        checked = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def _show_chosen(self, *_args) -> None:
        names = [
            self.agency_list.item(i).text()
            for i in range(self.agency_list.count())
            if self.agency_list.item(i).checkState() == Qt.CheckState.Checked
        ]
        self.agency_chosen.setText("انتخاب‌شده: " + ("، ".join(names) if names else "هیچ"))

    def _use_phrase(self, index: int) -> None:
        append_chosen_phrase(self.ready, self.instruction, index)

    def _recompute_due(self, *_args) -> None:
        self.due_date.setDate(
            referrals.default_due_date(self.due_days.value(), self.working_days.isChecked())
        )

    def _add_cc_item(self, name: str, purpose: str) -> None:
        item = QListWidgetItem(f"{name} — {purpose}" if purpose else name)
        item.setData(Qt.ItemDataRole.UserRole, {"name": name, "purpose": purpose})
        self.cc_list.addItem(item)

    def add_cc(self) -> None:
        chosen = self.cc_name.value()  # one agency's id when the typed part names only one
        name = self.cc_name.name_of(chosen) if isinstance(chosen, int) else self.cc_name.text().strip()
        purpose = self.cc_purpose.currentText().strip()
        if name:
            self._add_cc_item(name, purpose)
            self.cc_name.clear()

    def set_agencies(self, ids) -> None:
        wanted = set(ids)
        for i in range(self.agency_list.count()):
            item = self.agency_list.item(i)
            item.setCheckState(
                Qt.CheckState.Checked
                if item.data(Qt.ItemDataRole.UserRole) in wanted
                else Qt.CheckState.Unchecked
            )
        self._show_chosen()
        checked = [
            self.agency_list.item(i)
            for i in range(self.agency_list.count())
            if self.agency_list.item(i).checkState() == Qt.CheckState.Checked
        ]
        if checked:
            self.agency_list.scrollToItem(checked[0], QListWidget.ScrollHint.PositionAtTop)

    def chosen_agencies(self) -> list[int]:
        return [
            self.agency_list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.agency_list.count())
            if self.agency_list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def data(self) -> dict:
        return {
            "agency_ids": self.chosen_agencies(),
            "instruction": self.instruction.toPlainText(),
            "due_date": formatting.to_date(self.due_date),
            "working_days": self.working_days.isChecked(),
            "priority": self.priority.currentData(),
            "attachments": self.attachments.text(),
            "cc": [self.cc_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.cc_list.count())],
        }

    def _run(self, action) -> bool:
        try:
            result = action()
        except ValidationError as exc:
            self.errors.show(exc)
            return False
        except ServiceError as exc:
            self.errors.clear()
            show_error(self, exc)
            return False
        self.errors.clear()
        return result

    def issue(self) -> bool:
        actor = self.context.actor
        if self.correct_letter_id:

            def action():
                self.issued = [
                    referrals.correct_letter(actor, self.correct_letter_id, self.data(), self.reason.text())
                ]
                return True
        else:  # the official sees the letters first; the numbers are taken when he signs on the preview
            return self.preview_and_issue()
        if not self._run(action):
            return False
        return self._issued()

    def preview_and_issue(self) -> bool:
        actor, data = self.context.actor, self.data()
        previews = self._run(
            lambda: referrals.preview_order(actor, self.case_id, data, session_id=self.session_id)
        )
        if not previews:
            return False
        from ui.letters.letter_preview_dialog import LetterPreviewDialog

        def sign() -> list[int] | None:
            try:
                self.issued = referrals.issue_order(
                    actor, self.case_id, data, session_id=self.session_id, draft_ids=self.draft_ids
                )
            except ServiceError as exc:
                show_error(preview, exc)
                return None
            return self.issued_letter_ids

        preview = LetterPreviewDialog.for_previews(self.context, previews, sign, self)
        preview.exec()
        return self._issued() if self.issued else False

    def _issued(self) -> bool:
        self.context.events.announce(referrals=[info.id for info in self.issued], cases=[self.case_id])
        self.accept()
        return True

    def save_draft(self) -> bool:
        def action():
            self.drafted = referrals.prepare_draft(
                self.context.actor, self.case_id, self.data(), session_id=self.session_id
            )
            return True

        if not self._run(action):
            return False
        self.context.events.announce(referrals=[info.id for info in self.drafted], cases=[self.case_id])
        self.accept()
        return True

    @property
    def issued_letter_ids(self) -> list[int]:
        return [info.letter_id for info in self.issued if info.letter_id]


def open_order_dialog(context, case_id: int, parent=None, **options) -> list[referrals.ReferralInfo]:
    """Open the order form for a case. A new order is previewed and signed (issued) on the preview, which
    then shows the issued letters to print; a correction is issued from the form, then shown to print.
    Returns what was issued (empty when saved as a draft or cancelled)."""
    dialog = ReferralOrderDialog(context, case_id, parent, **options)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.issued:
        return []
    if dialog.correct_letter_id:
        from ui.letters.letter_preview_dialog import LetterPreviewDialog

        LetterPreviewDialog.for_letters(context, dialog.issued_letter_ids, parent).exec()
    return dialog.issued
