"""Recording a call back to the citizen after the agency answered: reached or not, the citizen's verdict,
a comment, and what happens to the case (close with an outcome, reopen to refer again, or try later)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.followup import DECISION_LABELS, SATISFACTION_LABELS, CallbackDecision, Satisfaction
from app.domain.identifiers import format_tracking_code
from app.domain.status import OUTCOME_LABELS, Outcome
from app.services.followup import callbacks
from ui import formatting
from ui.errors import show_error
from ui.form_dialog import FormDialog
from ui.widgets.text_box import persian_text_box


def _radios(
    parent: QWidget, name: str, choices: list[tuple[str, object]], vertical: bool = False
) -> tuple[QWidget, QButtonGroup, dict]:
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


class CallbackDialog(FormDialog):
    def __init__(self, context, case_id: int, parent=None):
        super().__init__("تماس با شهروند", parent)
        self.context = context
        self.case_id = case_id
        rows = callbacks.callback_rows([case_id])
        self.row = rows[0] if rows else None
        self.setMinimumWidth(600)

        head = QLabel(objectName="summary")
        head.setWordWrap(True)
        if self.row:
            r = self.row
            head.setText(
                "پرونده %1 — %2\nشهروند: %3، تلفن: %4\nپاسخ %5: %6".replace(
                    "%1", formatting.ident(format_tracking_code(r.tracking_code))
                )
                .replace("%2", r.subject)
                .replace("%3", r.citizen_name)
                .replace("%4", formatting.ident(r.phone or "—"))
                .replace("%5", r.agencies)
                .replace("%6", r.result_label or "—")
            )
        yes_no = [("بله، صحبت شد", True), ("پاسخ نداد / در دسترس نبود", False)]
        self.reached_box, self.reached_group, self.reached = _radios(self, "reached", yes_no)
        self.verdict_box, self.verdict_group, self.verdicts = _radios(
            self, "satisfaction", [(SATISFACTION_LABELS[s], str(s)) for s in Satisfaction]
        )
        self.decision_box, self.decision_group, self.decisions = _radios(
            self, "decision", [(DECISION_LABELS[d], str(d)) for d in CallbackDecision], vertical=True
        )
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

        self.outcome_label = QLabel("نتیجه بستن")
        for name, label, widget in [
            ("reached", "با شهروند صحبت شد؟", self.reached_box),
            ("satisfaction", "رضایت شهروند", self.verdict_box),
            ("comment", "توضیح", self.comment),
            ("decision", "پرونده", self.decision_box),
            ("outcome", self.outcome_label, self.outcome),
        ]:
            self.add_field(name, label, widget)
        self.body.insertWidget(0, head)
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
            self._last_reached = (
                reached  # the usual next step: close after a talk, try later when not reached
            )
            self.decisions[allowed[0]].setChecked(True)
        closing = self._checked(self.decisions) == "close"
        self.outcome.setEnabled(closing)
        if closing and reached is False:
            self.outcome.setCurrentIndex(self.outcome.findData(str(Outcome.UNREACHABLE)))

    def data(self) -> dict:
        return {
            "reached": self.reached_value(),
            "satisfaction": self._checked(self.verdicts),
            "comment": self.comment.toPlainText(),
            "decision": self._checked(self.decisions),
            "outcome": self.outcome.currentData() if self._checked(self.decisions) == "close" else None,
        }

    @property
    def result(self) -> callbacks.CallbackInfo | None:
        """The call back recorded (hides QDialog.result(), as the attribute it replaces did)."""
        return self.saved

    def save(self) -> callbacks.CallbackInfo:
        info = callbacks.record_callback(self.context.actor, self.case_id, self.data())
        self.context.events.announce(cases=[self.case_id])
        return info

    def show_refusal(self, exc) -> None:
        show_error(self, exc)
