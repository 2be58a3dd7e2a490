"""Recording a call back to the citizen after the agency answered: reached or not, the citizen's verdict,
a comment, and what happens to the case (close with an outcome, reopen to refer again, or try later)."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.followup import DECISION_LABELS, SATISFACTION_LABELS, CallbackDecision, Satisfaction
from app.domain.status import OUTCOME_LABELS, Outcome
from app.services import callbacks
from app.services.errors import ServiceError, ValidationError
from ui import formatting
from ui.errors import FieldErrors, show_error
from ui.widgets.text_box import persian_text_box


def _radios(parent: QWidget, name: str, choices: list[tuple[str, object]],
            vertical: bool = False) -> tuple[QWidget, QButtonGroup, dict]:
    box = QWidget(parent, objectName=name)
    row = QVBoxLayout(box) if vertical else QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    group = QButtonGroup(box)
    buttons = {}
    for label, value in choices:
        button = QRadioButton(label, box, objectName=f"{name}_{value}")
        group.addButton(button)
        row.addWidget(button)
        buttons[value] = button
    row.addStretch(1)
    return box, group, buttons


class CallbackDialog(QDialog):
    def __init__(self, context, case_id: int, parent=None):
        super().__init__(parent)
        self.context = context
        self.case_id = case_id
        self.result: callbacks.CallbackInfo | None = None
        rows = callbacks.callback_rows([case_id])
        self.row = rows[0] if rows else None
        self.setWindowTitle("تماس با شهروند")
        self.setMinimumWidth(600)

        head = QLabel(objectName="summary")
        head.setWordWrap(True)
        if self.row:
            r = self.row
            head.setText("پرونده %1 — %2\nشهروند: %3، تلفن: %4\nپاسخ %5: %6"
                         .replace("%1", formatting.ident(r.tracking_code)).replace("%2", r.subject)
                         .replace("%3", r.citizen_name).replace("%4", formatting.ident(r.phone or "—"))
                         .replace("%5", r.agencies).replace("%6", r.result_label or "—"))
        yes_no = [("بله، صحبت شد", True), ("پاسخ نداد / در دسترس نبود", False)]
        self.reached_box, self.reached_group, self.reached = _radios(self, "reached", yes_no)
        self.verdict_box, self.verdict_group, self.verdicts = _radios(
            self, "satisfaction", [(SATISFACTION_LABELS[s], str(s)) for s in Satisfaction])
        self.decision_box, self.decision_group, self.decisions = _radios(
            self, "decision", [(DECISION_LABELS[d], str(d)) for d in CallbackDecision], vertical=True)
        self.outcome = QComboBox(objectName="outcome")
        for outcome in Outcome:
            if outcome != Outcome.GUIDED:
                self.outcome.addItem(OUTCOME_LABELS[outcome], str(outcome))
        if self.row:
            self.outcome.setCurrentIndex(self.outcome.findData(str(self.row.suggested_outcome)))
        self.comment = persian_text_box("comment")
        self.comment.setPlaceholderText("آنچه شهروند گفت")
        self.comment.setTabChangesFocus(True)
        self.comment.setMaximumHeight(90)

        self.general_error = QLabel(objectName="general_error")
        self.general_error.setProperty("role", "error")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        self.errors = FieldErrors(self.general_error)
        form = QFormLayout()
        self.outcome_label = QLabel("نتیجه بستن")
        for name, label, widget in [("reached", "با شهروند صحبت شد؟", self.reached_box),
                                    ("satisfaction", "رضایت شهروند", self.verdict_box),
                                    ("comment", "توضیح", self.comment),
                                    ("decision", "پرونده", self.decision_box),
                                    ("outcome", self.outcome_label, self.outcome)]:
            self.errors.add_row(form, name, label, widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)
        for group in (self.reached_group, self.decision_group):
            group.buttonToggled.connect(lambda *_: self._update())
        self._last_reached = None
        self.reached[True].setChecked(True)
        self._update()

    def reached_value(self) -> bool | None:
        for value, button in self.reached.items():
            if button.isChecked():
                return value
        return None

    def _checked(self, buttons: dict):
        return next((value for value, button in buttons.items() if button.isChecked()), None)

    def _update(self) -> None:
        reached = self.reached_value()
        self.verdict_box.setEnabled(reached is True)
        if reached is not True:
            self.verdict_group.setExclusive(False)
            for button in self.verdicts.values():
                button.setChecked(False)
            self.verdict_group.setExclusive(True)
        allowed = {True: ("close", "reopen"), False: ("later", "close")}.get(reached, ())
        for value, button in self.decisions.items():
            button.setEnabled(value in allowed)
        if allowed and (reached != self._last_reached or self._checked(self.decisions) not in allowed):
            self._last_reached = reached  # the usual next step: close after a talk, try later when not reached
            self.decisions[allowed[0]].setChecked(True)
        closing = self._checked(self.decisions) == "close"
        self.outcome.setEnabled(closing)
        if closing and reached is False:
            self.outcome.setCurrentIndex(self.outcome.findData(str(Outcome.UNREACHABLE)))

    def data(self) -> dict:
        return {"reached": self.reached_value(), "satisfaction": self._checked(self.verdicts),
                "comment": self.comment.toPlainText(), "decision": self._checked(self.decisions),
                "outcome": self.outcome.currentData() if self._checked(self.decisions) == "close" else None}

    def submit(self) -> bool:
        self.errors.clear()
        try:
            self.result = callbacks.record_callback(self.context.actor, self.case_id, self.data())
        except ValidationError as exc:
            self.errors.show(exc)
            return False
        except ServiceError as exc:
            show_error(self, exc)
            return False
        self.context.events.case_changed.emit(self.case_id)
        self.accept()
        return True
