"""One case with its full history as a compact timeline (every contact, change, order, letter, answer and
status move: one line each, with who and when; the details of a line on click) and, until it is referred,
an edit mode for correcting its fields. If someone saved the case meanwhile, both versions are shown side by
side and the operator chooses: apply their own changes on top of the current version, or drop them.

An open case offers «بستن پرونده» (ui/cases/close_case_dialog.py) and the referral order; a closed one
offers «بازگشایی» (ui/cases/reopen_case_dialog.py) instead of a new order."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.status import CLOSED_STATUSES, CaseStatus
from app.services.cases import case_edit, cases
from app.services.cases.cases import FIELD_LABELS
from app.services.errors import Conflict, ServiceError, ValidationError
from ui import formatting, theme, window_state
from ui.cases.case_form import CaseForm
from ui.cases.case_timeline import CaseTimeline


class CaseDialog(QDialog):
    def __init__(self, context, case_id: int, parent=None):
        super().__init__(parent)
        self.context = context
        self.case_id = case_id
        self.started_from: dict = {}
        self.pending: dict = {}

        self.code = QLabel(objectName="case_code")
        self.code.setProperty("role", "big-code")
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state = QLabel(objectName="case_state", wordWrap=True)
        self.state.setProperty("role", "hint")
        head = QHBoxLayout()
        head.addWidget(self.code)
        head.addWidget(self.state, 1)

        self.view = QWidget(objectName="case_view")
        self.view_form = QFormLayout(self.view)
        self._form: CaseForm | None = (
            None  # the edit form, built on the first «ویرایش» (most opens only read)
        )
        self.stack = QStackedWidget(objectName="case_stack")
        self.stack.addWidget(self.view)

        self.conflict = self._conflict_panel()
        self.history = CaseTimeline(self)
        self.history.setObjectName("history")
        history_box = QWidget()
        history_layout = QVBoxLayout(history_box)
        history_layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel("سابقه پرونده")
        heading.setProperty("role", "title")
        history_layout.addWidget(heading)
        history_layout.addWidget(self.history)

        self.edit_button = QPushButton(theme.icon("fa5s.pen"), "ویرایش", objectName="edit")
        self.save_button = QPushButton(theme.icon("fa5s.save"), "ذخیره تغییرها", objectName="save_edit")
        self.cancel_button = QPushButton("انصراف", objectName="cancel_edit")
        self.close_button = QPushButton("بستن", objectName="close")
        # an official issues the order (an operator saves it as a draft) from the case
        self.order_button = QPushButton(
            theme.icon("fa5s.file-signature"), "دستور ارجاع", objectName="issue_order"
        )
        self.order_button.clicked.connect(self.open_order)
        self.close_case_button = QPushButton(
            theme.icon("fa5s.check-circle"), "بستن پرونده", objectName="close_case"
        )
        self.reopen_button = QPushButton(theme.icon("fa5s.folder-open"), "بازگشایی", objectName="reopen_case")
        self.close_case_button.clicked.connect(self.open_close_case)
        self.reopen_button.clicked.connect(self.open_reopen)
        self.edit_button.clicked.connect(self.start_edit)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.cancel_edit)
        self.close_button.clicked.connect(self.reject)
        self.hint = QLabel(objectName="edit_hint", wordWrap=True)
        self.hint.setProperty("role", "hint")
        buttons = QHBoxLayout()
        buttons.addWidget(self.hint, 1)
        for b in (
            self.order_button,
            self.close_case_button,
            self.reopen_button,
            self.edit_button,
            self.save_button,
            self.cancel_button,
            self.close_button,
        ):
            buttons.addWidget(b)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(head)
        top_layout.addWidget(self.stack)
        top_layout.addWidget(self.conflict)
        scroll = QScrollArea(objectName="case_scroll", widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        scroll.setWidget(top)
        splitter = QSplitter(Qt.Orientation.Vertical, objectName="case_splitter")
        splitter.addWidget(scroll)
        splitter.addWidget(history_box)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([320, 420])  # the fields scroll; the timeline keeps room for several lines
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        if not window_state.restore(self, "case_dialog"):
            self.resize(980, 760)
        self.load()

    @property
    def form(self) -> CaseForm:
        if self._form is None:
            self._form = CaseForm(self, with_guidance=False)
            self.stack.addWidget(self._form)
        return self._form

    def _conflict_panel(self) -> QFrame:
        frame = QFrame(objectName="conflict")
        frame.setProperty("role", "card")
        self.conflict_text = QLabel(objectName="conflict_text", wordWrap=True)
        self.conflict_text.setProperty("role", "error")
        self.conflict_table = QTableWidget(0, 3, objectName="conflict_table")
        self.conflict_table.setHorizontalHeaderLabels(["فیلد", "تغییر شما", "نسخه کنونی (ذخیره‌شده)"])
        self.conflict_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.conflict_table.verticalHeader().setVisible(False)
        self.conflict_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        mine = QPushButton(theme.icon("fa5s.check"), "ذخیره تغییر من روی نسخه کنونی", objectName="keep_mine")
        theirs = QPushButton(theme.icon("fa5s.undo"), "کنار گذاشتن تغییر من", objectName="take_theirs")
        mine.clicked.connect(self.apply_mine)
        theirs.clicked.connect(self.take_theirs)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(mine)
        row.addWidget(theirs)
        layout = QVBoxLayout(frame)
        layout.addWidget(self.conflict_text)
        layout.addWidget(self.conflict_table)
        layout.addLayout(row)
        frame.hide()
        return frame

    # --- showing --------------------------------------------------------------------------------

    def load(self) -> None:
        d = self.detail = cases.case_detail(self.case_id)
        self.setWindowTitle("پرونده " + formatting.ident(d.tracking_code_grouped))
        self.code.setText(formatting.ident(d.tracking_code_grouped))
        closed = f" — مختومه در {formatting.datetime(d.closed_at)}" if d.closed_at else ""
        outcome = f" ({d.outcome_label})" if d.outcome else ""
        self.state.setText(
            f"{d.status_label}{outcome}{closed}\nثبت: {formatting.datetime(d.created_at)}"
            f" — {d.operator_name} — {d.channel_label}"
        )
        while self.view_form.rowCount():
            self.view_form.removeRow(0)
        rtl = "\u200f"  # a value of digits or a dash only would otherwise sit at the left
        rows = [
            ("caller_name", d.caller_name),
            ("national_code", formatting.ident(d.national_code or "—")),
            ("phone", formatting.ident(d.phone or "—")),
            ("county_id", d.county_name),
            ("address", formatting.ident(d.address) or "—"),
            ("request_type", d.request_type_name),
            ("category_id", d.category_name),
            ("agency_id", d.agency_name or "—"),
            ("subject", formatting.ident(d.subject)),
            ("description", formatting.ident(d.description) or "—"),
            ("next_step", d.next_step_label),
        ]
        for field, text in rows:
            value = QLabel(rtl + text, objectName=f"view_{field}", wordWrap=True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.view_form.addRow(FIELD_LABELS[field] + ":", value)
        self._fill_history()
        self._mode(editing=False)

    def _fill_history(self) -> None:
        self.history.set_case(self.case_id)

    @property
    def is_closed(self) -> bool:
        return CaseStatus(self.detail.status) in CLOSED_STATUSES

    def _mode(self, editing: bool) -> None:
        self.stack.setCurrentWidget(self.form if editing else self.view)
        self.edit_button.setVisible(not editing)
        # a closed case is reopened, not ordered again
        self.order_button.setVisible(not editing and not self.is_closed)
        self.close_case_button.setVisible(not editing and not self.is_closed)
        self.reopen_button.setVisible(not editing and self.is_closed)
        self.edit_button.setEnabled(self.detail.editable)
        self.save_button.setVisible(editing)
        self.cancel_button.setVisible(editing)
        if not editing:
            self.conflict.hide()
        if self.detail.editable or editing:
            self.hint.setText("")
        elif self.is_closed:
            self.hint.setText("پرونده مختومه است؛ برای ادامه کار روی آن، بازگشایی کنید.")
        else:
            self.hint.setText("پرونده ارجاع شده است؛ فیلدهای آن دیگر ویرایش نمی‌شود.")

    def open_close_case(self) -> None:
        """«بستن پرونده»: outcome and reason; the withdrawal letters it issued open in the preview to print."""
        from ui.cases.close_case_dialog import CloseCaseDialog

        dialog = CloseCaseDialog(self.context, self.case_id, self)
        if dialog.exec() and dialog.saved is not None:
            self.load()
            if dialog.saved.letters:
                from ui.letters.letter_preview_dialog import LetterPreviewDialog

                preview = LetterPreviewDialog.for_letters(
                    self.context, [x.letter_id for x in dialog.saved.letters], self
                )
                preview.exec()

    def open_reopen(self) -> None:
        from ui.cases.reopen_case_dialog import ReopenCaseDialog

        if ReopenCaseDialog(self.context, self.case_id, self).exec():
            self.load()

    def open_order(self) -> None:
        """The referral order form for this case; the case is reloaded afterwards."""
        from ui.letters.referral_order_dialog import open_order_dialog

        open_order_dialog(self.context, self.case_id, self)
        self.load()

    # --- editing --------------------------------------------------------------------------------

    def _labels(self) -> dict:
        d = self.detail
        return {
            "county_id": d.county_name,
            "category_id": d.category_name,
            "agency_id": d.agency_name,
            "request_type": d.request_type_name,
        }

    def start_edit(self) -> None:
        if not self.detail.editable:
            return
        self.form.load_choices()
        self.form.set_values(self.detail.values(), self._labels())
        self.started_from = self.form.values()
        self.version = self.detail.version
        self.form.errors.clear()
        self._mode(editing=True)
        self.form.caller_name.setFocus()

    def cancel_edit(self) -> None:
        self.load()

    def my_changes(self) -> dict:
        now = self.form.values()
        return {
            k: v for k, v in now.items() if k in case_edit.EDITABLE_FIELDS and v != self.started_from.get(k)
        }

    def save(self) -> bool:
        self.pending = self.my_changes()
        return self._send(self.version)

    def _send(self, version: int) -> bool:
        self.form.errors.clear()
        try:
            case_edit.edit_case(self.context.actor, self.case_id, version, self.pending)
        except ValidationError as exc:
            self.form.errors.show(exc)
            return False
        except Conflict as exc:
            if exc.current is None:
                self.hint.setText(exc.message)
                return False
            self._show_conflict(exc)
            return False
        except ServiceError as exc:
            self.hint.setText(exc.message)
            return False
        self.context.events.announce(cases=[self.case_id])
        self.load()
        return True

    def _show_conflict(self, exc: Conflict) -> None:
        current = exc.current
        self.conflict_version = current["version"]
        theirs = case_edit.describe_values(current)
        mine = case_edit.describe_values(self.pending)
        fields = [
            f for f in case_edit.EDITABLE_FIELDS if f in mine or current.get(f) != self.detail.values().get(f)
        ]
        self.conflict_table.setRowCount(len(fields))
        for r, field in enumerate(fields):
            cells = (
                FIELD_LABELS[field],
                formatting.ident(mine.get(field, "(بی‌تغییر)")),
                formatting.ident(theirs.get(field, "")),
            )
            for c, text in enumerate(cells):
                self.conflict_table.setItem(r, c, QTableWidgetItem(text))
        self.conflict_text.setText(exc.message)
        self.conflict.show()

    def apply_mine(self) -> bool:
        """Save my changes on top of the version now in the database."""
        self.conflict.hide()
        return self._send(self.conflict_version)

    def take_theirs(self) -> None:
        self.conflict.hide()
        self.load()

    def done(self, result: int) -> None:
        window_state.save(self, "case_dialog")
        super().done(result)


_open_dialogs: dict[int, CaseDialog] = {}  # case id -> its open window (one window per case)


def open_case_dialog(context, case_id: int, parent=None) -> CaseDialog:
    """Open a case window-modally (for `context.events.open_case` and any "open case" button). A case already
    open is not opened twice (a double-click that also activates, or a second double-click): its window
    comes forward instead."""
    from shiboken6 import isValid

    dialog = _open_dialogs.get(case_id)
    if dialog is not None and isValid(dialog) and dialog.isVisible():
        dialog.raise_()
        dialog.activateWindow()
        return dialog
    dialog = CaseDialog(context, case_id, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _open_dialogs[case_id] = dialog
    dialog.finished.connect(
        lambda _result, c=case_id, d=dialog: _open_dialogs.get(c) is d and _open_dialogs.pop(c)
    )
    dialog.open()
    return dialog
