"""User management for the supervisor: add, edit role and title, reset password, disable."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.roles import ROLE_LABELS, Role
from app.services.admin import users
from app.services.errors import ServiceError
from ui import formatting, theme
from ui.errors import show_error
from ui.form_dialog import FormDialog


class AddUserDialog(FormDialog):
    def __init__(self, actor, parent=None):
        super().__init__("کاربر تازه", parent)
        self.actor = actor
        self.username = QLineEdit(objectName="username")
        self.full_name = QLineEdit(objectName="full_name")
        self.title = QLineEdit(objectName="title")
        self.role = QComboBox(objectName="role")
        for role in Role:
            self.role.addItem(ROLE_LABELS[role], role.value)
        self.password = QLineEdit(objectName="password", echoMode=QLineEdit.EchoMode.Password)
        for name, label, widget in [
            ("username", "نام کاربری (لاتین)", self.username),
            ("full_name", "نام و نام خانوادگی", self.full_name),
            ("role", "نقش", self.role),
            ("title", "سمت (زیر امضا چاپ می‌شود)", self.title),
            ("password", "گذرواژه", self.password),
        ]:
            self.add_field(name, label, widget)

    @property
    def created(self):
        """The new user, once made."""
        return self.saved

    def save(self):
        return users.create_user(
            self.actor,
            self.username.text(),
            self.role.currentData(),
            self.full_name.text(),
            self.password.text(),
            title=self.title.text(),
        )


class UsersTab(QWidget):
    COLUMNS = ("نام کاربری", "نام", "نقش", "سمت", "وضعیت")

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.table = QTableWidget(0, len(self.COLUMNS), objectName="users")  # a handful of rows, not a query
        self.table.setHorizontalHeaderLabels([c for c in self.COLUMNS])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QHBoxLayout()
        for text, icon_name, slot, name in [
            ("کاربر تازه", "fa5s.user-plus", self.add, "add"),
            ("تغییر سمت", "fa5s.id-badge", self.edit_title, "title"),
            ("تعیین گذرواژه تازه", "fa5s.key", self.reset_password, "reset"),
            ("غیرفعال / فعال", "fa5s.user-slash", self.toggle_active, "toggle"),
        ]:
            button = QPushButton(theme.icon(icon_name), text, objectName=name)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        rows = users.list_users()
        self.table.setRowCount(len(rows))
        for r, u in enumerate(rows):
            state = "فعال" if u.active else "غیرفعال"
            if u.locked_until:
                state += " (قفل تا {time})".replace("{time}", formatting.datetime(u.locked_until))
            for c, value in enumerate([u.username, u.full_name, u.role_label, u.title, state]):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.setVerticalHeaderLabels([formatting.number(r + 1) for r in range(len(rows))])  # ۱، ۲، ...
        self.table.resizeColumnsToContents()

    def selected_username(self) -> str | None:
        row = self.table.currentRow()
        return self.table.item(row, 0).text() if row >= 0 else None

    def _run(self, action) -> None:
        try:
            action()
        except ServiceError as exc:
            show_error(self, exc)
        self.reload()

    def add(self) -> None:
        dialog = AddUserDialog(self.context.actor, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()

    def edit_title(self) -> None:
        username = self.selected_username()
        if username:
            current = next(u.title for u in users.list_users() if u.username == username)
            title, ok = QInputDialog.getText(self, "سمت", "سمت تازه:", text=current)
            if ok:
                self._run(lambda: users.update_user(self.context.actor, username, title=title))

    def reset_password(self) -> None:
        username = self.selected_username()
        if username:
            password, ok = QInputDialog.getText(
                self, "گذرواژه تازه", "گذرواژه تازه برای " + username, QLineEdit.EchoMode.Password
            )
            if ok:
                self._run(lambda: users.reset_password(self.context.actor, username, password))

    def toggle_active(self) -> None:
        username = self.selected_username()
        if username:
            active = next(u.active for u in users.list_users() if u.username == username)
            self._run(lambda: users.update_user(self.context.actor, username, active=not active))
