"""«بازگشایی پرونده»: reopen a closed (or guided, or answered) case with a reason; it goes back to «ثبت‌شده»
to be guided or referred again. Referrals withdrawn when it was closed stay withdrawn (their agencies were
told to stop): a new order is issued if the case is to be referred again. The rule is
app.services.cases.case_status.reopen_case."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from app.services.cases import case_status, cases
from ui import formatting
from ui.form_dialog import FormDialog
from ui.widgets.text_box import persian_text_box


class ReopenCaseDialog(FormDialog):
    def __init__(self, context, case_id: int, parent=None):
        super().__init__("بازگشایی پرونده", parent, ok_text="بازگشایی")
        self.context = context
        self.case_id = case_id
        d = cases.case_detail(case_id)
        self.setMinimumWidth(520)
        outcome = f" ({d.outcome_label})" if d.outcome else ""
        head = QLabel(
            f"پرونده {formatting.ident(d.tracking_code_grouped)} — {formatting.ident(d.subject)}\n"
            f"وضعیت: {d.status_label}{outcome}. پس از بازگشایی «ثبت‌شده» می‌شود تا دوباره راهنمایی یا ارجاع شود.",
            objectName="reopen_summary",
            wordWrap=True,
        )
        head.setProperty("role", "hint")
        self.reason = persian_text_box("reason")
        self.reason.setPlaceholderText("چرا پرونده بازگشایی می‌شود")
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(100)
        self.body.insertWidget(0, head)
        self.add_field("reason", "علت", self.reason)
        self.reason.setFocus()

    def save(self):
        case = case_status.reopen_case(self.context.actor, self.case_id, self.reason.toPlainText())
        self.context.events.announce(cases=[self.case_id])
        return case
