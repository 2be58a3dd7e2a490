"""The officials who sit in the center: a list, and for the supervisor add, edit, retire."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.roles import allowed
from app.services.errors import ServiceError
from app.services.schedule import officials
from ui import theme
from ui.change_debounce import ChangeDebouncer, reload_keeping_place
from ui.errors import show_error
from ui.schedule.official_dialog import OfficialDialog
from ui.schedule.schedule_models import officials_model
from ui.table_view import record_table


class OfficialsTab(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.model = officials_model(self)
        self.table = record_table(self.model, "officials")
        buttons = QHBoxLayout()
        if allowed(context.actor.role, "manage_schedule"):
            for key, text, icon_name, slot in [
                ("add", "مسئول تازه", "fa5s.user-plus", self.add),
                ("edit", "ویرایش", "fa5s.user-edit", self.edit),
                ("toggle", "غیرفعال / فعال", "fa5s.user-slash", self.toggle_active),
            ]:
                button = QPushButton(theme.icon(icon_name), text, objectName=key)
                button.clicked.connect(slot)
                buttons.addWidget(button)
            self.table.doubleClicked.connect(lambda _: self.edit())
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.changes = ChangeDebouncer(
            context.events,
            lambda _batch: reload_keeping_place(self.table, self.reload),
            self,
            wants=lambda batch: batch.other or batch.settings,
        )
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(officials.list_officials())

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def add(self) -> None:
        if OfficialDialog(self.context.actor, parent=self).exec() == QDialog.DialogCode.Accepted:
            self.context.events.announce(other=True)
            self.changes.flush()  # this page at once; the others after their pause

    def edit(self) -> None:
        official = self.selected()
        if (
            official
            and OfficialDialog(self.context.actor, official, self).exec() == QDialog.DialogCode.Accepted
        ):
            self.context.events.announce(other=True)
            self.changes.flush()  # this page at once; the others after their pause

    def toggle_active(self) -> None:
        official = self.selected()
        if not official:
            return
        try:
            officials.set_active(self.context.actor, official.id, not official.active)
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.context.events.announce(other=True)
        self.changes.flush()  # this page at once; the others after their pause
