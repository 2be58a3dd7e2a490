"""The audit trail's tamper check on the supervisor's audit page: verify the hash chain (in the background),
and show the day's checkpoint to write down."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from app.domain import jalali
from app.services.admin import audit_chain
from ui import formatting, theme
from ui.errors import show_error
from ui.worker import run_in_background


class AuditChainPanel(QGroupBox):
    def __init__(self, context, parent=None):
        super().__init__("درستی رد تغییرات", parent)
        self.context = context
        self.verify_button = QPushButton(theme.icon("fa5s.link"), "وارسی زنجیره", objectName="verify_chain")
        self.verify_button.clicked.connect(self.verify)
        self.result = QLabel(objectName="chain_result")
        self.result.setWordWrap(True)
        self.checkpoint = QLabel(objectName="checkpoint")
        self.checkpoint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.checkpoint.setWordWrap(True)
        hint = QLabel(
            "این نقطه وارسی را هر روز جایی بیرون از رایانه یادداشت کنید؛ اگر کسی زنجیره را از نو بسازد، "
            "با «samad audit verify --checkpoint» آشکار می‌شود."
        )
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.verify_button)
        row.addWidget(self.result, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.checkpoint)
        layout.addWidget(hint)
        self.report = None
        self.task = None
        self.show_checkpoint()

    def show_checkpoint(self, before=None) -> None:
        """The last entry before today (or before `before`)."""
        point = audit_chain.checkpoint(before=before)
        if point is None:
            self.checkpoint.setText("نقطه وارسی: هنوز رویدادی پیش از امروز نیست.")
            return
        self.checkpoint.setText(
            "نقطه وارسی (آخرین رویداد پیش از امروز، %1): %2".replace(
                "%1", jalali.format_jalali_datetime(point.at)
            ).replace("%2", formatting.ltr(point.text))
        )

    def verify(self) -> None:
        actor = self.context.actor
        self.verify_button.setEnabled(False)
        self.result.setText("در حال وارسی…")
        self.task = run_in_background(lambda progress: audit_chain.check(actor), self._done, self._failed)

    def _done(self, report) -> None:
        self.verify_button.setEnabled(True)
        self.report = report
        self.result.setProperty("role", "" if report.ok else "error")
        self.result.setText(report.summary())

    def _failed(self, exc) -> None:
        self.verify_button.setEnabled(True)
        self.result.setText("")
        show_error(self, exc)
