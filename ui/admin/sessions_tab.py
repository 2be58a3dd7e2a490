"""Who is logged in where, for the supervisor: each open window session with its user, machine, start and last
heartbeat; «پایان دادن به نشست» ends the selected one (that PC returns to the login at its next heartbeat)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.roles import ROLE_LABELS, Role
from app.services.admin import login_sessions
from app.services.errors import ServiceError
from ui import formatting, theme
from ui.errors import show_error


class SessionsTab(QWidget):
    COLUMNS = ("کاربر", "نام", "نقش", "رایانه", "ورود", "آخرین نشانه", "وضعیت")

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.rows: list[login_sessions.SessionRow] = []
        hint = QLabel(
            "نشست‌های باز برنامه روی رایانه‌های مرکز. نشستی که پایان داده شود، در نشانه بعدی آن رایانه "
            "(حداکثر نیم دقیقه) به صفحه ورود برمی‌گردد."
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        self.table = QTableWidget(0, len(self.COLUMNS), objectName="sessions")  # a handful of rows
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.end_button = QPushButton(theme.icon("fa5s.user-slash"), "پایان دادن به نشست", objectName="end")
        self.end_button.clicked.connect(lambda: self.end_selected())
        refresh = QPushButton(theme.icon("fa5s.sync"), "تازه کردن", objectName="refresh")
        refresh.clicked.connect(self.reload)
        buttons = QHBoxLayout()
        buttons.addWidget(self.end_button)
        buttons.addWidget(refresh)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.timer = QTimer(self, interval=login_sessions.HEARTBEAT_SECONDS * 1000)
        self.timer.timeout.connect(self.reload)
        self.timer.start()
        self.reload()

    def reload(self) -> None:
        try:
            self.rows = login_sessions.open_sessions(self.context.actor)
        except ServiceError as exc:
            show_error(self, exc)
            return
        own = self.context.session_id
        self.table.setRowCount(len(self.rows))
        for r, s in enumerate(self.rows):
            state = "پاسخ می‌دهد" if s.answering else "بی‌پاسخ"
            if s.id == own:
                state = "همین رایانه (شما)"
            values = [
                s.username,
                s.full_name,
                ROLE_LABELS.get(Role(s.role), s.role),
                formatting.ltr(s.machine),
                formatting.datetime(s.started_at),
                formatting.datetime(s.last_seen_at),
                state,
            ]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if not s.answering:
                    item.setToolTip("این رایانه مدتی است نشانه نفرستاده: خاموش است یا شبکه ندارد.")
                item.setData(Qt.ItemDataRole.UserRole, s.id)
                self.table.setItem(r, c, item)
        self.table.setVerticalHeaderLabels([formatting.number(r + 1) for r in range(len(self.rows))])
        self.table.resizeColumnsToContents()

    def selected(self) -> login_sessions.SessionRow | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def end_selected(self, confirm: bool = True) -> bool:
        session = self.selected()
        if session is None:
            return False
        if confirm:
            question = "نشست «{name}» روی رایانه «{machine}» پایان یابد؟ کارهای ذخیره‌نشده او از دست می‌رود."
            answer = QMessageBox.question(
                self,
                "پایان دادن به نشست",
                question.replace("{name}", session.full_name).replace("{machine}", session.machine),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        try:
            login_sessions.end_session(self.context.actor, session.id, own_session_id=self.context.session_id)
        except ServiceError as exc:
            show_error(self, exc)
            self.reload()
            return False
        self.reload()
        return True
