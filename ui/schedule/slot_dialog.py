"""Adding a slot by hand, or moving one to another day or hour."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QTimeEdit,
)

from app.services.schedule import officials, schedule
from ui import formatting
from ui.form_dialog import FormDialog
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


class SlotDialog(FormDialog):
    """`SlotDialog(actor, day=...)` adds a slot; `SlotDialog(actor, slot=SlotInfo)` moves that slot.
    After acceptance `saved` holds the SlotInfo."""

    def __init__(self, actor, *, slot=None, day: dt.date | None = None, parent=None):
        super().__init__("جابه‌جایی نوبت" if slot else "نوبت تازه", parent)
        self.actor = actor
        self.slot = slot
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
        self.end_time = time_edit(
            "end_time", slot.end_time if slot else dt.time(schedule.DEFAULT_START.hour + 1)
        )
        self.note = QLineEdit(objectName="note")
        self.parallel = QCheckBox("هم‌زمان با مسئول دیگری (هر دو در مرکز باشند)", objectName="parallel")
        self.parallel.setToolTip("ورود مسئول دوم در همین ساعت پذیرفته می‌شود و در برنامه تداخل شمرده نمی‌شود.")
        fields = [
            ("official_id", "مسئول", self.official),
            ("date", "روز", self.date),
            ("start_time", "از ساعت", self.start_time),
            ("end_time", "تا ساعت", self.end_time),
        ]
        if not slot:
            fields += [("note", "یادداشت", self.note), ("parallel", "", self.parallel)]
        for name, label, widget in fields:
            self.add_field(name, label, widget)

    def save(self):
        day = formatting.to_date(self.date)
        start, end = self.start_time.time().toPython(), self.end_time.time().toPython()
        if self.slot:
            return schedule.move_slot(self.actor, self.slot.id, day, start, end)
        return schedule.add_slot(
            self.actor,
            self.official.currentData(),
            day,
            start,
            end,
            self.note.text(),
            parallel=self.parallel.isChecked(),
        )
