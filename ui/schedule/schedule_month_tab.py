"""The month view of the schedule: the slots of a Jalali month (date, weekday, hour, official), conflicts
highlighted, and for the supervisor: generate, add, move, substitute, swap, cancel, record how a slot ended;
for everyone: the announcement as PDF or Excel."""

from __future__ import annotations

from PySide6.QtCore import QCalendar, QItemSelectionModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.domain import jalali
from app.domain.attendance import SLOT_STATUS_LABELS, SlotStatus
from app.domain.roles import allowed
from app.domain.text import isolate
from app.private_files import write_private
from app.services.errors import ServiceError
from app.services.schedule import attendance, officials, schedule, schedule_export
from ui import formatting, theme
from ui.change_debounce import ChangeDebouncer
from ui.errors import show_error
from ui.schedule.month_grid import MonthGridModel, month_grid
from ui.schedule.rotation_dialog import RotationDialog
from ui.schedule.schedule_models import SlotsModel
from ui.schedule.slot_dialog import SlotDialog
from ui.theme import PERSIAN
from ui.widgets import file_dialogs
from ui.worker import run_in_background


class ScheduleMonthTab(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.can_edit = allowed(context.actor.role, "manage_schedule")
        today = jalali.to_jalali(jalali.today_local())
        self.year = QSpinBox(objectName="year", minimum=1390, maximum=1450, value=today.year)
        self.year.setLocale(PERSIAN)
        self.year.setGroupSeparatorShown(False)
        self.month = QComboBox(objectName="month")
        calendar = QCalendar(QCalendar.System.Jalali)
        for m in range(1, 13):
            self.month.addItem(calendar.monthName(PERSIAN, m), m)
        self.month.setCurrentIndex(today.month - 1)
        # Qt mirrors a button's icon in a right-to-left window: these draw «ماه پیش ›» on the right and
        # «‹ ماه بعد» on the left, as a Persian reader turns the calendar's pages.
        previous = QPushButton(theme.icon("fa5s.chevron-left"), "ماه پیش", objectName="previous")
        following = QPushButton(theme.icon("fa5s.chevron-right"), "ماه بعد", objectName="next")
        previous.clicked.connect(lambda: self.shift_month(-1))
        following.clicked.connect(lambda: self.shift_month(1))
        self.allow_parallel = QCheckBox("حضور هم‌زمان دو مسئول مجاز است", objectName="allow_parallel")
        self.year.valueChanged.connect(self.reload)
        self.month.currentIndexChanged.connect(self.reload)
        self.allow_parallel.toggled.connect(self.reload)
        # the month as a table of slots, or as a calendar page with the officials on their days
        self.as_table = QPushButton(theme.icon("fa5s.list"), "جدول", objectName="as_table", checkable=True)
        self.as_grid = QPushButton(
            theme.icon("fa5s.calendar-alt"), "تقویم", objectName="as_grid", checkable=True
        )
        self.as_table.setChecked(True)
        views = QButtonGroup(self)
        views.setExclusive(True)
        for b in (self.as_table, self.as_grid):
            views.addButton(b)
        self.as_grid.toggled.connect(self.show_grid)
        top = QHBoxLayout()
        for w in (QLabel("ماه:"), self.month, self.year, previous, following, self.as_table, self.as_grid):
            top.addWidget(w)
        top.addStretch(1)

        self.model = SlotsModel(self)
        self.table = QTableView(objectName="slots")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _: self.move() if self.can_edit else None)
        self.grid_model = MonthGridModel(self)
        self.grid = month_grid(self.grid_model)
        self.grid.doubleClicked.connect(self.open_day)
        self.views = QStackedWidget(objectName="month_views")
        self.views.addWidget(self.table)
        self.views.addWidget(self.grid)
        self.summary = QLabel(objectName="summary")
        self.summary.setProperty("role", "hint")
        self.conflicts = QLabel(objectName="conflicts", wordWrap=True)
        self.conflicts.setProperty("role", "error")
        self.notice = QLabel(objectName="notice", wordWrap=True)
        self.notice.setProperty("role", "hint")
        self.notice.hide()

        actions = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        edit_actions = [
            ("generate", "ساخت برنامه ماه", "fa5s.magic", self.generate),
            ("add", "نوبت تازه", "fa5s.plus", self.add),
            ("move", "جابه‌جایی", "fa5s.arrows-alt", self.move),
            ("reassign", "جانشین", "fa5s.user-friends", self.reassign),
            ("swap", "تعویض دو نوبت", "fa5s.exchange-alt", self.swap),
            ("cancel", "لغو نوبت", "fa5s.ban", self.cancel),
            ("outcome", "ثبت وضعیت", "fa5s.clipboard-check", self.record_outcome),
        ]
        for key, text, icon_name, slot in edit_actions if self.can_edit else []:
            self._button(actions, key, text, icon_name, slot)
        actions.addStretch(1)
        self._button(top, "pdf", "اعلان PDF", "fa5s.file-pdf", lambda: self.ask_export("pdf"))
        self._button(top, "xlsx", "Excel", "fa5s.file-excel", lambda: self.ask_export("xlsx"))
        under = QHBoxLayout()
        under.addWidget(self.summary)
        under.addStretch(1)
        under.addWidget(self.allow_parallel)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.views, 1)
        layout.addLayout(under)
        layout.addWidget(self.conflicts)
        layout.addWidget(self.notice)
        layout.addLayout(actions)
        self.changes = ChangeDebouncer(
            context.events,
            lambda _batch: self.reload(),
            self,
            wants=lambda batch: batch.other or batch.settings,
        )
        self.reload()

    def _button(self, layout, key, text, icon_name, slot) -> None:
        button = QPushButton(theme.icon(icon_name), text, objectName=key)
        button.clicked.connect(slot)
        layout.addWidget(button)
        self.buttons[key] = button

    # --- the period --------------------------------------------------------------------------

    def period(self):
        return schedule.month_period(self.year.value(), self.month.currentData())

    def set_month(self, year: int, month: int) -> None:
        self.year.blockSignals(True)
        self.year.setValue(year)
        self.year.blockSignals(False)
        self.month.setCurrentIndex(month - 1)
        self.reload()

    def shift_month(self, step: int) -> None:
        index = self.year.value() * 12 + self.month.currentIndex() + step
        self.set_month(index // 12, index % 12 + 1)

    def reload(self) -> None:
        start, end = self.period()
        slots = schedule.list_slots(start, end)
        found = schedule.find_conflicts(start, end, allow_parallel=self.allow_parallel.isChecked())
        self.model.set_slots(slots, found)
        self.grid_model.set_month(start, end, slots, found)
        held = sum(1 for s in slots if s.status in (SlotStatus.ATTENDED, SlotStatus.LATE))
        self.summary.setText(
            "{n} نوبت در این ماه؛ {held} نوبت برگزار شده.".replace(
                "{n}", formatting.number(len(slots))
            ).replace("{held}", formatting.number(held))
        )
        if found:
            lines = ["ناسازگاری‌ها ({n}):".replace("{n}", formatting.number(len(found)))]
            lines += ["• " + c.message for c in found[:8]]
            if len(found) > 8:
                lines.append("…")
            self.conflicts.setText("\n".join(lines))
            self.conflicts.show()
        else:
            self.conflicts.hide()

    # --- selection ---------------------------------------------------------------------------

    def show_grid(self, on: bool = True) -> None:
        self.views.setCurrentWidget(self.grid if on else self.table)
        if on != self.as_grid.isChecked():
            (self.as_grid if on else self.as_table).setChecked(True)

    def open_day(self, index) -> None:
        """A day double-clicked on the calendar: its slots chosen in the table (to edit)."""
        day = self.grid_model.day_at(index)
        ids = {s.id for s in self.grid_model.slots_on(day)}
        if not ids:
            return
        self.show_grid(False)
        self.table.selectionModel().clearSelection()
        for row, slot in enumerate(self.model.rows):
            if slot.id in ids:
                self.select_row(row, add=True)

    def selected_slots(self) -> list:
        if self.views.currentWidget() is self.grid:  # the slots of the days chosen on the calendar
            days = sorted(
                {self.grid_model.day_at(i) for i in self.grid.selectionModel().selectedIndexes()} - {None}
            )
            return [s for d in days for s in self.grid_model.slots_on(d)]
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.row_at(r) for r in rows]

    def select_row(self, row: int, add: bool = False) -> None:
        flags = QItemSelectionModel.SelectionFlag.Rows | (
            QItemSelectionModel.SelectionFlag.Select
            if add
            else QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.table.selectionModel().select(self.model.index(row, 0), flags)

    def _one(self):
        chosen = self.selected_slots()
        if len(chosen) != 1:
            QMessageBox.information(self, "برنامه حضور", "یک نوبت را در جدول انتخاب کنید.")
            return None
        return chosen[0]

    def _changed(self) -> None:
        self.context.events.announce(other=True)
        self.changes.flush()  # this page at once; the others after their pause

    def _run(self, action) -> bool:
        try:
            action()
        except ServiceError as exc:
            show_error(self, exc)
            return False
        self._changed()
        return True

    # --- edits -------------------------------------------------------------------------------

    def generate(self) -> None:
        start, end = self.period()
        dialog = RotationDialog(self.context.actor, start, end, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._changed()

    def add(self) -> None:
        start, end = self.period()
        today = jalali.today_local()
        day = today if start <= today <= end else start
        if SlotDialog(self.context.actor, day=day, parent=self).exec() == QDialog.DialogCode.Accepted:
            self._changed()

    def move(self) -> None:
        slot = self._one()
        if (
            slot
            and SlotDialog(self.context.actor, slot=slot, parent=self).exec() == QDialog.DialogCode.Accepted
        ):
            self._changed()

    def reassign(self) -> None:
        slot = self._one()
        if not slot:
            return
        choices = [o for o in officials.list_officials(active_only=True) if o.id != slot.official_id]
        label, ok = QInputDialog.getItem(
            self, "جانشین", "این نوبت به چه کسی سپرده شود؟", [o.label for o in choices], 0, False
        )
        if ok and label:
            official = next(o for o in choices if o.label == label)
            self._run(lambda: schedule.reassign_slot(self.context.actor, slot.id, official.id))

    def swap(self) -> None:
        chosen = self.selected_slots()
        if len(chosen) != 2:
            QMessageBox.information(
                self, "تعویض دو نوبت", "دو نوبت را (با Ctrl) در جدول انتخاب کنید تا مسئولانشان جابه‌جا شوند."
            )
            return
        self._run(lambda: schedule.swap_slots(self.context.actor, chosen[0].id, chosen[1].id))

    def cancel(self) -> None:
        slot = self._one()
        if not slot:
            return
        reason, ok = QInputDialog.getText(
            self,
            "لغو نوبت",
            "علت لغو نوبت {name} در {day}:".replace("{name}", slot.official_name).replace(
                "{day}", formatting.date(slot.date)
            ),
        )
        if ok:
            self._run(lambda: schedule.cancel_slot(self.context.actor, slot.id, reason))

    def record_outcome(self) -> None:
        slot = self._one()
        if not slot:
            return
        statuses = [SlotStatus.ATTENDED, SlotStatus.LATE, SlotStatus.ABSENT, SlotStatus.CANCELLED]
        label, ok = QInputDialog.getItem(
            self,
            "ثبت وضعیت نوبت",
            "این نوبت چگونه گذشت؟",
            [SLOT_STATUS_LABELS[s] for s in statuses],
            2,
            False,
        )
        if not ok:
            return
        status = statuses[[SLOT_STATUS_LABELS[s] for s in statuses].index(label)]
        note, ok = QInputDialog.getText(self, "ثبت وضعیت نوبت", "یادداشت (مانند علت غیبت):")
        if ok:
            self._run(lambda: attendance.record_outcome(self.context.actor, slot.id, status, note))

    # --- exports -----------------------------------------------------------------------------

    def ask_export(self, kind: str) -> None:
        j = jalali.to_jalali(self.period()[0])
        suggested = f"schedule-{j.year}-{j.month:02d}.{kind}"
        filters = "PDF (*.pdf)" if kind == "pdf" else "Excel (*.xlsx)"
        path = file_dialogs.save_file_name(self, "ذخیره برنامه حضور", suggested, filters)
        if path:
            self.export(kind, path)

    def export(self, kind: str, path: str, on_done=None):
        """Write the announcement off the interface thread; returns the background task."""
        start, end = self.period()
        make = schedule_export.schedule_pdf if kind == "pdf" else schedule_export.schedule_xlsx
        self.buttons[kind].setEnabled(False)

        def work(progress):
            write_private(path, make(start, end))
            return path

        def done(result):
            if not isValid(self):  # the page was closed meanwhile; the file is written all the same
                return
            self.buttons[kind].setEnabled(True)
            self.notice.setText("برنامه در {path} ذخیره شد.".replace("{path}", isolate(result)))
            self.notice.show()
            if on_done:
                on_done(result)

        def failed(exc):
            if not isValid(self):
                return
            self.buttons[kind].setEnabled(True)
            show_error(self, exc)

        return run_in_background(work, done, failed)
