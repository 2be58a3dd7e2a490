"""The overdue count, always visible in the main window's status bar: «۱۲ ارجاع گذشته از مهلت». Red while
any referral is overdue; refreshed every minute and whenever a referral or case changes. Clicking it opens
the follow-up tab of the referrals section. When the count cannot be read it keeps the last figure, says why
in its tooltip, and logs the error (once per failure streak)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QToolButton

from app import logs
from app.services import db_errors
from app.services.followup import deadlines
from ui import formatting, theme
from ui.change_debounce import ChangeDebouncer

log = logs.logger("ui.overdue_indicator")

REFRESH_MS = 60_000


class OverdueIndicator(QToolButton):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.setObjectName("overdue_indicator")
        self.setAutoRaise(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.counts: deadlines.DeadlineCounts | None = None
        self.error = ""
        self.timer = QTimer(self, interval=REFRESH_MS)
        self.timer.timeout.connect(self._tick)
        self.timer.start()
        self.clicked.connect(self.open_followup)
        self.changes = ChangeDebouncer(
            context.events,
            lambda _batch: self.refresh(),
            self,
            wants=lambda batch: batch.followup or batch.settings,
        )
        self.refresh()

    def _tick(self) -> None:
        if self.window().isVisible():  # a closed or hidden window asks the database nothing
            self.refresh()

    def refresh(self) -> None:
        try:
            counts = deadlines.counts()
        except (
            Exception
        ) as exc:  # the database is unreachable for a moment: keep the last figure, try next minute
            self._failed(exc)
            return
        if self.error:
            log.info("overdue count readable again")
            self.error = ""
        self.counts = counts
        late = counts.overdue
        self.setText(
            "%1 ارجاع گذشته از مهلت".replace("%1", formatting.number(late))
            if late
            else "ارجاع گذشته از مهلت نیست"
        )
        self.setIcon(
            theme.icon(
                "fa5s.hourglass-end" if late else "fa5s.hourglass-half", "#b3261e" if late else "#2e7d32"
            )
        )
        self.setStyleSheet("QToolButton { color: #b3261e; font-weight: bold; }" if late else "")
        self.setToolTip(
            "%1 ارجاع گذشته از مهلت و %2 ارجاع نزدیک به مهلت (تا ۳ روز). برای پیگیری کلیک کنید.".replace(
                "%1", formatting.number(late)
            ).replace("%2", formatting.number(counts.due_soon))
        )

    def _failed(self, exc: Exception) -> None:
        if not db_errors.is_database_error(exc):
            raise exc  # a bug, not an outage: the crash dialog shows it
        if not self.error:
            log.warning("overdue count not read", exc_info=exc)
        self.error = "شمار ارجاع‌های گذشته از مهلت به‌روز نشد: " + db_errors.explain(exc)
        self.setToolTip(self.error)
        self.setIcon(theme.icon("fa5s.exclamation-circle", "#9a6700"))

    def open_followup(self) -> None:
        """Show the referrals section and, in it, the follow-up tab."""
        window = self.window()
        page = window.show_section("referrals") if hasattr(window, "show_section") else None
        if page is None:
            self.context.events.navigate.emit("referrals")
            return
        tabs = getattr(page, "tabs", None)
        for i in range(tabs.count() if tabs else 0):
            if tabs.widget(i).objectName() == "followup_tab":
                tabs.setCurrentIndex(i)
