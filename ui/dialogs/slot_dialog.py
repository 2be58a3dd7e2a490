"""Adding a slot by hand, or moving one to another day or hour."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTimeEdit,
    QVBoxLayout,
)

from app.services import officials, schedule
from app.services.errors import ServiceError, ValidationError
from ui import formatting
from ui.errors import FieldErrors
from ui.theme import PERSIAN


def time_edit(name: str, value: dt.time) -> QTimeEdit:
    """An hour input with Persian digits. Like the date factory (ui.formatting.jalali_date_edit) it is laid out
    left to right, or Qt mirrors its sections in a right-to-left window (۰۰:۱۰ for ۱۰:۰۰)."""
    edit = QTimeEdit(objectName=name)
    edit.setLocale(PERSIAN)
    edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    edit.setDisplayFormat("HH:mm")
    edit.setTime(QTime(value.hour, value.minute))
    return edit


class SlotDialog(QDialog):
    """`SlotDialog(actor, day=...)` adds a slot; `SlotDialog(actor, slot=SlotInfo)` moves that slot.
    After acceptance `saved` holds the SlotInfo."""

    def __init__(self, actor, *, slot=None, day: dt.date | None = None, parent=None):
        super().__init__(parent)
        self.actor = actor
        self.slot = slot
        self.saved = None
        self.setWindowTitle("جابه‌جایی نوبت" if slot else "نوبت تازه")
        self.official = QComboBox(objectName="official_id")
        if slot:
            self.official.addItem(slot.official_name, slot.official_id)
            self.official.setEnabled(False)  # another official: «جانشین»
        else:
            for o in officials.list_officials(active_only=True):
                self.official.addItem(o.label, o.id)
        self.date = formatting.jalali_date_edit(self, slot.date if slot else day)
        self.date.setObjectName("date")
        self.start_time = time_edit("start_time", slot.start_time if slot else schedule.DEFAULT_START)
        self.end_time = time_edit("end_time", slot.end_time if slot else dt.time(schedule.DEFAULT_START.hour + 1))
        self.note = QLineEdit(objectName="note")
        self.parallel = QCheckBox("هم‌زمان با مسئول دیگری (هر دو در مرکز باشند)", objectName="parallel")
        self.parallel.setToolTip("ورود مسئول دوم در همین ساعت پذیرفته می‌شود و در برنامه تداخل شمرده نمی‌شود.")
        self.general_error = QLabel()
        self.errors = FieldErrors(self.general_error)
        form = QFormLayout()
        fields = [("official_id", "مسئول", self.official), ("date", "روز", self.date),
                  ("start_time", "از ساعت", self.start_time), ("end_time", "تا ساعت", self.end_time)]
        if not slot:
            fields += [("note", "یادداشت", self.note), ("parallel", "", self.parallel)]
        for name, label, widget in fields:
            self.errors.add_row(form, name, label, widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("ذخیره")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("انصراف")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)

    def submit(self) -> None:
        day = formatting.to_date(self.date)
        start, end = self.start_time.time().toPython(), self.end_time.time().toPython()
        try:
            if self.slot:
                self.saved = schedule.move_slot(self.actor, self.slot.id, day, start, end)
            else:
                self.saved = schedule.add_slot(self.actor, self.official.currentData(), day, start, end,
                                               self.note.text(), parallel=self.parallel.isChecked())
        except ValidationError as exc:
            self.errors.show(exc)
            return
        except ServiceError as exc:
            self.errors.show(ValidationError({"": exc.message}))
            return
        self.accept()
