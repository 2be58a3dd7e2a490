"""Editing one kind of reference data: add, rename, retire or bring back, delete when unused."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.text import search_key
from app.services.admin import reference
from app.services.errors import ServiceError
from ui import theme
from ui.errors import show_error


class ReferenceTab(QWidget):
    def __init__(self, context, kind: str, parent=None):
        super().__init__(parent)
        self.context = context
        self.kind = kind
        self.filter = QLineEdit(objectName="filter", placeholderText="جست‌وجو در فهرست…")
        self.filter.textChanged.connect(self._apply_filter)
        self.list = QListWidget(objectName="items")
        self.list.itemDoubleClicked.connect(lambda _: self.rename())
        buttons = QHBoxLayout()
        self.add_button = QPushButton(theme.icon("fa5s.plus"), "افزودن", objectName="add")
        self.rename_button = QPushButton(theme.icon("fa5s.pen"), "تغییر نام", objectName="rename")
        self.retire_button = QPushButton(
            theme.icon("fa5s.archive"), "بایگانی / فعال‌سازی", objectName="retire"
        )
        self.delete_button = QPushButton(
            theme.icon("fa5s.trash"), "حذف (اگر به کار نرفته)", objectName="delete"
        )
        for button, slot in [
            (self.add_button, self.add),
            (self.rename_button, self.rename),
            (self.retire_button, self.toggle_active),
            (self.delete_button, self.delete),
        ]:
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        current = self.selected_id()
        self.list.clear()
        for item in reference.list_items(self.kind):
            text = item.name if item.active else "{name} (بایگانی)".replace("{name}", item.name)
            row = QListWidgetItem(text)
            row.setData(Qt.ItemDataRole.UserRole, item.id)
            row.setData(Qt.ItemDataRole.UserRole + 1, item.name)
            if not item.active:
                row.setForeground(QBrush(QColor("#8a96a3")))
            self.list.addItem(row)
            if item.id == current:
                self.list.setCurrentItem(row)
        self._apply_filter(self.filter.text())

    def _apply_filter(self, text: str) -> None:
        key = search_key(text)
        for i in range(self.list.count()):
            row = self.list.item(i)
            row.setHidden(bool(key) and key not in search_key(row.text()))

    def selected_id(self) -> int | None:
        row = self.list.currentItem()
        return row.data(Qt.ItemDataRole.UserRole) if row else None

    def _run(self, action) -> None:
        try:
            action()
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.reload()
        self.context.events.announce(settings=True)

    def add(self) -> None:
        name, ok = QInputDialog.getText(self, "افزودن", "نام:")
        if ok:
            extra = {}
            if self.kind == "request_type":
                code, ok = QInputDialog.getText(self, "افزودن", "کد لاتین (مانند appeal):")
                if not ok:
                    return
                extra["code"] = code
            self._run(lambda: reference.add_item(self.context.actor, self.kind, name, **extra))

    def rename(self) -> None:
        item_id = self.selected_id()
        if item_id is None:
            return
        old = self.list.currentItem().data(Qt.ItemDataRole.UserRole + 1)
        name, ok = QInputDialog.getText(self, "تغییر نام", "نام تازه:", text=old)
        if ok and name != old:
            self._run(lambda: reference.rename_item(self.context.actor, self.kind, item_id, name))

    def toggle_active(self) -> None:
        item_id = self.selected_id()
        if item_id is None:
            return
        active = next(i.active for i in reference.list_items(self.kind) if i.id == item_id)
        self._run(lambda: reference.set_active(self.context.actor, self.kind, item_id, not active))

    def delete(self) -> None:
        item_id = self.selected_id()
        if item_id is None:
            return
        answer = QMessageBox.question(self, "حذف", "این مورد حذف شود؟")
        if answer == QMessageBox.StandardButton.Yes:
            self._run(lambda: reference.delete_item(self.context.actor, self.kind, item_id))
