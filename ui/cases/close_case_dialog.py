"""«بستن پرونده»: close a case with an outcome chosen from the list and a reason; a duplicate names the case
it repeats by its tracking code (looked up as it is typed). The dialog says beforehand what closing does to
the referrals still waiting: each issued one is withdrawn and its agency gets a numbered withdrawal letter
signed by the closing official (an operator is told to ask the official); drafts are dropped.
The rules live in app.services.followup.closing; the result (ClosedCase) is in `saved`."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.domain.status import OUTCOME_LABELS, Outcome
from app.services.cases import cases
from app.services.errors import ServiceError
from app.services.followup import closing
from ui import formatting
from ui.form_dialog import FormDialog
from ui.widgets.text_box import persian_text_box


class CloseCaseDialog(FormDialog):
    def __init__(self, context, case_id: int, parent=None):
        super().__init__("بستن پرونده", parent, ok_text="بستن پرونده")
        self.context = context
        self.case_id = case_id
        self.detail = cases.case_detail(case_id)
        self.plan = closing.close_plan(context.actor, case_id)
        self.setMinimumWidth(560)

        head = QLabel(objectName="close_summary", wordWrap=True)
        head.setText(
            f"پرونده {formatting.ident(self.detail.tracking_code_grouped)} — {formatting.ident(self.detail.subject)}"
            f"\nشهروند: {self.detail.caller_name} — وضعیت: {self.detail.status_label}"
        )
        head.setProperty("role", "hint")
        self.effect = QLabel(self.effect_text(), objectName="close_effect", wordWrap=True)
        self.effect.setProperty("role", "error" if not self.plan.may_close else "hint")

        self.outcome = QComboBox(objectName="outcome")
        self.outcome.addItem("— نتیجه را انتخاب کنید —", "")
        for outcome in Outcome:
            self.outcome.addItem(OUTCOME_LABELS[outcome], str(outcome))
        self.duplicate_of = QLineEdit(objectName="duplicate_of")
        self.duplicate_of.setPlaceholderText("کد رهگیری پرونده اصلی")
        self.duplicate_of.setClearButtonEnabled(True)
        self.original = QLabel(objectName="duplicate_original", wordWrap=True)
        self.original.setProperty("role", "hint")
        self.duplicate_box = duplicate_box = QWidget(objectName="duplicate_box")
        column = QVBoxLayout(duplicate_box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.duplicate_of)
        column.addWidget(self.original)
        self.reason = persian_text_box("reason")
        self.reason.setPlaceholderText("چرا پرونده بسته می‌شود (در سابقه پرونده و نامه پس‌گرفتن ارجاع می‌آید)")
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(100)

        self.body.insertWidget(0, head)
        self.body.insertWidget(1, self.effect)
        self.add_field("outcome", "نتیجه", self.outcome)
        self.duplicate_label = QLabel("تکراریِ پرونده")
        self.add_field("duplicate_of", self.duplicate_label, duplicate_box, self.duplicate_of)
        self.add_field("reason", "علت", self.reason)
        self.outcome.currentIndexChanged.connect(self._update)
        self.duplicate_of.textChanged.connect(self._look_up)
        self.ok_button.setEnabled(self.plan.may_close)
        self.outcome.setFocus()
        for widget in (self.outcome, self.duplicate_of, self.reason):
            widget.setEnabled(self.plan.may_close)  # nothing to type in vain: the official closes it
        self._update()

    def effect_text(self) -> str:
        plan = self.plan
        lines = []
        if plan.waiting_agencies:
            names = "، ".join(plan.waiting_agencies)
            if plan.may_close:
                lines.append(
                    f"ارجاع در انتظار پاسخ ({names}) پس گرفته می‌شود و برای هر دستگاه نامه «پس‌گرفتن ارجاع» "
                    "شماره‌دار به امضای شما صادر می‌شود."
                )
            else:
                lines.append(
                    f"این پرونده ارجاع صادرشده در انتظار پاسخ دارد ({names}). بستن آن یعنی پس‌گرفتن دستور "
                    "مسئول و فرستادن نامه به دستگاه، که مسئول باید امضا کند؛ از مسئول بخواهید پرونده را ببندد."
                )
        if plan.draft_agencies:
            lines.append(f"پیش‌نویس ارجاع ({'، '.join(plan.draft_agencies)}) کنار گذاشته می‌شود.")
        return "\n".join(lines) or "پرونده ارجاعی در انتظار پاسخ ندارد."

    def _update(self) -> None:
        duplicate = self.outcome.currentData() == str(Outcome.DUPLICATE)
        self.form.setRowVisible(self.duplicate_box, duplicate)
        if not duplicate:
            self.errors.clear_field("duplicate_of")

    def _look_up(self, text: str) -> None:
        """Name the case the typed tracking code belongs to, so the operator sees it is the right one."""
        if not text.strip():
            self.original.setText("")
            return
        try:
            found = cases.find_by_tracking_code(text)
        except ServiceError as exc:
            self.original.setText(exc.message)
            return
        if found.id == self.case_id:
            self.original.setText("این همین پرونده است؛ کد رهگیری پرونده اصلی را بنویسید.")
        else:
            self.original.setText(
                f"{formatting.ident(found.subject)} — {found.caller_name} — {found.status_label}"
            )

    def data(self) -> dict:
        duplicate = self.outcome.currentData() == str(Outcome.DUPLICATE)
        return {
            "outcome": self.outcome.currentData(),
            "reason": self.reason.toPlainText(),
            "duplicate_of": self.duplicate_of.text() if duplicate else None,
        }

    def save(self) -> closing.ClosedCase:
        d = self.data()
        done = closing.close_case(
            self.context.actor, self.case_id, d["outcome"], d["reason"], duplicate_of=d["duplicate_of"]
        )
        self.context.events.announce(
            cases=[self.case_id],
            referrals=done.withdrawn_referral_ids,
            letters=[x.letter_id for x in done.letters],
        )
        return done
