"""Planning a rotation for a period: which officials take turns (in the order listed), how often, when."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from app.services.schedule import officials, schedule
from ui import formatting, theme
from ui.form_dialog import FormDialog
from ui.schedule.slot_dialog import time_edit


class RotationDialog(FormDialog):
    """`RotationDialog(actor, start, end)`: the period starts as given (a month) and can be changed to any
    range; after acceptance `result` holds the RotationResult."""

    def __init__(self, actor, start, end, parent=None):
        super().__init__("ساخت برنامه حضور", parent, ok_text="ساخت برنامه")
        self.actor = actor
        self.date_from = formatting.jalali_date_edit(self, start)
        self.date_from.setObjectName("start")
        self.date_to = formatting.jalali_date_edit(self, end)
        self.date_to.setObjectName("end")
        period = QHBoxLayout()
        for w in (QLabel("از"), self.date_from, QLabel("تا"), self.date_to):
            period.addWidget(w)
        period.addStretch(1)
        self.officials = QListWidget(objectName="official_ids")
        for o in officials.list_officials(active_only=True):
            item = QListWidgetItem(o.label)
            item.setData(Qt.ItemDataRole.UserRole, o.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.officials.addItem(item)
        up = QPushButton(theme.icon("fa5s.arrow-up"), "بالاتر", objectName="up")
        down = QPushButton(theme.icon("fa5s.arrow-down"), "پایین‌تر", objectName="down")
        up.clicked.connect(lambda: self.move_current(-1))
        down.clicked.connect(lambda: self.move_current(1))
        order = QVBoxLayout()
        order.addWidget(up)
        order.addWidget(down)
        order.addStretch(1)
        chooser = QHBoxLayout()
        chooser.addWidget(self.officials, 1)
        chooser.addLayout(order)
        self.start_time = time_edit("start_time", schedule.DEFAULT_START)
        self.minutes = QSpinBox(objectName="minutes", minimum=5, maximum=720, singleStep=15, value=60)
        self.minutes.setSuffix(" دقیقه")
        self.every = QSpinBox(objectName="every", minimum=1, maximum=7, value=2)
        self.every.setToolTip("۱: هر روز کاری، ۲: یک روز در میان، ...")
        self.skip_thursdays = QCheckBox("پنج‌شنبه‌ها هم نوبت نگذار", objectName="skip_thursdays")
        self.replace = QCheckBox("نوبت‌های برگزارنشده این دوره را جایگزین کن", objectName="replace")
        rows = [
            ("start", "دوره", period, self.date_from),
            ("official_ids", "مسئولان (به ترتیب نوبت)", chooser, self.officials),
            ("start_time", "ساعت آغاز", self.start_time, None),
            ("minutes", "مدت هر نوبت", self.minutes, None),
            ("every", "هر چند روز کاری یک نوبت", self.every, None),
            ("skip_thursdays", "", self.skip_thursdays, None),
            ("replace", "", self.replace, None),
        ]
        for name, label, field, widget in rows:
            self.add_field(name, label, field, widget)
            if name == "start":  # the period's end has its own message line under the period
                end_error = QLabel()
                self.form.addRow("", end_error)
                self.errors.add("end", self.date_to, end_error)
        hint = QLabel(
            ("جمعه‌ها و تعطیلات فهرست‌شده کنار گذاشته می‌شوند؛ نوبت‌ها پس از آخرین مسئولِ دوره پیش ادامه می‌یابد."),
            wordWrap=True,
        )
        hint.setProperty("role", "hint")
        self.add_widget(hint)
        self.resize(680, 600)

    def move_current(self, step: int) -> None:
        row = self.officials.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.officials.count():
            return
        item = self.officials.takeItem(row)
        self.officials.insertItem(target, item)
        self.officials.setCurrentRow(target)

    def chosen_ids(self) -> list[int]:
        return [
            self.officials.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.officials.count())
            if self.officials.item(i).checkState() == Qt.CheckState.Checked
        ]

    @property
    def result(self):
        """The RotationResult, once made (hides QDialog.result(), as the attribute it replaces did)."""
        return self.saved

    def save(self):
        return schedule.generate_rotation(
            self.actor,
            formatting.to_date(self.date_from),
            formatting.to_date(self.date_to),
            self.chosen_ids(),
            start_time=self.start_time.time().toPython(),
            minutes=self.minutes.value(),
            every=self.every.value(),
            skip_thursdays=self.skip_thursdays.isChecked(),
            replace=self.replace.isChecked(),
        )
