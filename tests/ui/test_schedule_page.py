"""The schedule section: tabs by role, generating a month, conflicts highlighted, manual edits, field errors
in the dialogs, exports written off the interface thread, the attendance report on screen."""

import datetime as dt

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QInputDialog

from app.models import AttendanceSlot, Official
from app.services.schedule import officials, schedule
from tests.app.schedule_data import AZAR, azar, make_officials
from tests.conftest import make_user
from tests.pdf_text import has_phrase
from ui.schedule import schedule_month_tab
from ui.schedule.official_dialog import OfficialDialog
from ui.schedule.rotation_dialog import RotationDialog
from ui.schedule.schedule_models import CONFLICT_BRUSH
from ui.schedule.schedule_page import SchedulePage
from ui.schedule.slot_dialog import SlotDialog


@pytest.fixture
def azar_tab(qtbot, ui_supervisor, context_for):
    ids = make_officials(ui_supervisor)
    page = SchedulePage(context_for(ui_supervisor))
    qtbot.addWidget(page)
    page.month.set_month(1405, 9)
    yield page.month, ids  # the page stays referenced (and alive) until the test ends


def tab_titles(page):
    return [page.tabs.tabText(i) for i in range(page.tabs.count())]


def test_tabs_by_role(qtbot, ui_supervisor, ui_operator, context_for):
    page = SchedulePage(context_for(ui_supervisor))
    qtbot.addWidget(page)
    assert tab_titles(page) == ["برنامه حضور", "جلسه پاسخگویی", "گزارش حضور", "مسئولان"]
    assert "generate" in page.month.buttons
    operator_page = SchedulePage(context_for(ui_operator))
    qtbot.addWidget(operator_page)
    assert tab_titles(operator_page) == ["برنامه حضور", "جلسه پاسخگویی"]
    assert operator_page.tabs.currentWidget() is operator_page.session
    assert "generate" not in operator_page.month.buttons and "pdf" in operator_page.month.buttons
    governor = make_user("official1", "official", title="استاندار")
    official_page = SchedulePage(context_for(governor))
    qtbot.addWidget(official_page)
    assert tab_titles(official_page) == ["برنامه حضور", "جلسه پاسخگویی", "گزارش حضور"]


def test_rotation_dialog_generates_the_month(qtbot, azar_tab, ui_supervisor):
    tab, ids = azar_tab
    dialog = RotationDialog(ui_supervisor, *AZAR, tab)
    qtbot.addWidget(dialog)
    assert dialog.officials.count() == 3 and dialog.every.value() == 2
    dialog.officials.setCurrentRow(2)
    dialog.move_current(-2)  # the third official goes first
    assert dialog.chosen_ids() == [ids[2], ids[0], ids[1]]
    dialog.submit()
    assert dialog.result is not None and len(dialog.result.slots) == 13
    tab.reload()
    assert tab.model.rowCount() == 13
    first = tab.model.row_at(0)
    assert first.official_id == ids[2]
    assert tab.model.index(0, 0).data() == "۱۴۰۵/۰۹/۰۱" and tab.model.index(0, 1).data() == "یکشنبه"
    assert tab.model.index(0, 2).data() == "۱۰:۰۰ تا ۱۱:۰۰"
    assert "۱۳ نوبت" in tab.summary.text() and tab.conflicts.isHidden()


def test_rotation_without_officials_shows_the_error_and_saves_nothing(qtbot, azar_tab, ui_supervisor):
    tab, _ = azar_tab
    dialog = RotationDialog(ui_supervisor, *AZAR, tab)
    qtbot.addWidget(dialog)
    dialog.show()
    for i in range(dialog.officials.count()):
        dialog.officials.item(i).setCheckState(Qt.CheckState.Unchecked)
    dialog.submit()
    assert "دست‌کم یک مسئول" in dialog.errors.message("official_ids")
    assert dialog.result is None and AttendanceSlot.select().count() == 0


def test_conflicts_are_highlighted(qtbot, azar_tab, ui_supervisor):
    tab, (a, b, _) = azar_tab
    friday = schedule.add_slot(ui_supervisor, a, azar(6), dt.time(10), dt.time(11))
    schedule.add_slot(ui_supervisor, a, azar(8), dt.time(10), dt.time(11))
    schedule.add_slot(ui_supervisor, b, azar(8), dt.time(10), dt.time(11))
    tab.reload()
    assert tab.model.rowCount() == 3
    assert tab.model.index(0, 3).data(Qt.ItemDataRole.BackgroundRole) == CONFLICT_BRUSH
    assert "جمعه" in tab.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert tab.model.row_at(0).id == friday.id
    assert tab.conflicts.isVisibleTo(tab) and "ناسازگاری‌ها (۲)" in tab.conflicts.text()
    tab.allow_parallel.setChecked(True)  # two officials at once allowed: only the Friday remains
    assert "ناسازگاری‌ها (۱)" in tab.conflicts.text()
    assert tab.model.index(1, 0).data(Qt.ItemDataRole.BackgroundRole) is None


def test_swap_cancel_and_reassign_from_the_table(qtbot, azar_tab, ui_supervisor, monkeypatch):
    tab, (a, b, c) = azar_tab
    schedule.generate_rotation(ui_supervisor, *AZAR, [a, b, c])
    tab.reload()
    tab.select_row(0)
    tab.select_row(1, add=True)
    tab.swap()
    assert [tab.model.row_at(0).official_id, tab.model.row_at(1).official_id] == [b, a]
    tab.select_row(2)
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kw: ("سفر استانی", True))
    tab.cancel()
    assert tab.model.row_at(2).status == "cancelled" and tab.model.index(2, 6).data() == "لغوشده"
    tab.select_row(3)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *args, **kw: (officials.get_official(c).label, True))
    tab.reassign()
    assert tab.model.row_at(3).official_id == c
    shown = []
    monkeypatch.setattr(schedule_month_tab, "show_error", lambda parent, exc: shown.append(exc.message))
    tab.select_row(2)
    tab.cancel()  # a cancelled slot cannot be cancelled again: the refusal is shown
    assert shown and "لغوشده" in shown[0]


def test_slot_dialog_refuses_an_end_before_the_start(qtbot, azar_tab, ui_supervisor):
    tab, _ = azar_tab
    dialog = SlotDialog(ui_supervisor, day=azar(2), parent=tab)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start_time.setTime(dialog.start_time.time().fromString("11:00", "HH:mm"))
    dialog.end_time.setTime(dialog.end_time.time().fromString("10:00", "HH:mm"))
    dialog.submit()
    assert "پس از ساعت آغاز" in dialog.errors.message("end_time")
    assert AttendanceSlot.select().count() == 0
    dialog.end_time.setTime(dialog.end_time.time().fromString("12:00", "HH:mm"))
    dialog.submit()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert (dialog.saved.date, dialog.saved.start_time, dialog.saved.end_time) == (
        azar(2),
        dt.time(11),
        dt.time(12),
    )


def test_exports_are_written_in_the_background(qtbot, azar_tab, ui_supervisor, tmp_path):
    tab, ids = azar_tab
    schedule.generate_rotation(ui_supervisor, *AZAR, ids)
    tab.reload()
    written = []
    tab.export("pdf", str(tmp_path / "azar.pdf"), on_done=written.append)
    tab.export("xlsx", str(tmp_path / "azar.xlsx"), on_done=written.append)
    qtbot.waitUntil(lambda: len(written) == 2, timeout=20000)
    assert has_phrase((tmp_path / "azar.pdf").read_bytes(), "برنامه حضور مسئولان در مرکز آذر 1405")
    sheet = load_workbook(tmp_path / "azar.xlsx").active
    assert sheet.sheet_view.rightToLeft and sheet.max_row == 14
    assert "ذخیره شد" in tab.notice.text()


def test_official_dialog_shows_a_bad_phone_at_its_field(qtbot, ui_supervisor):
    make_user("official1", "official", title="استاندار")
    dialog = OfficialDialog(ui_supervisor)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.full_name.setText("محمدرضا کریمی")
    dialog.title.setText("استاندار آذربایجان شرقی")
    dialog.phone.setText("12345")
    dialog.username.setCurrentIndex(dialog.username.findData("official1"))
    dialog.submit()
    assert "تلفن" in dialog.errors.message("phone")
    assert Official.select().count() == 0
    dialog.phone.setText("04135234001")
    dialog.submit()
    assert dialog.saved.username == "official1" and dialog.saved.phone == "04135234001"


def test_attendance_tab_shows_and_exports(qtbot, ui_supervisor, context_for, tmp_path):
    ids = make_officials(ui_supervisor)
    schedule.generate_rotation(ui_supervisor, *AZAR, ids)
    page = SchedulePage(context_for(ui_supervisor))
    qtbot.addWidget(page)
    tab = page.attendance
    tab.date_from.setDate(tab.date_from.date().fromString("2026-11-22", "yyyy-MM-dd"))
    tab.date_to.setDate(tab.date_to.date().fromString("2026-12-21", "yyyy-MM-dd"))
    task = tab.load()
    qtbot.waitUntil(lambda: tab.report is not None and tab.report.start == AZAR[0], timeout=20000)
    assert task is not None
    assert tab.officials_model.rowCount() == 3 and tab.agencies_model.rowCount() == 2
    assert "۱۳ نوبت" in tab.total.text()
    written = []
    tab.export("pdf", str(tmp_path / "a.pdf"), on_done=written.append)
    qtbot.waitUntil(lambda: bool(written), timeout=20000)
    assert has_phrase((tmp_path / "a.pdf").read_bytes(), "گزارش حضور مسئولان در مرکز آذر 1405")


def test_rotation_dialog_takes_any_range_and_names_a_reversed_one(qtbot, azar_tab, ui_supervisor):
    tab, _ = azar_tab
    dialog = RotationDialog(ui_supervisor, *AZAR, tab)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.date_from.setDate(QDate(azar(10)))
    dialog.date_to.setDate(QDate(azar(1)))
    dialog.submit()
    assert "پیش از آغاز" in dialog.errors.message("end") and AttendanceSlot.select().count() == 0
    dialog.date_to.setDate(QDate(azar(16)))
    dialog.submit()
    assert [s.date for s in dialog.result.slots] == [azar(10), azar(12), azar(15)]


def test_the_month_as_a_calendar_page(qtbot, azar_tab, ui_supervisor):
    """Saturday-first Jalali weeks, Saturday at the right; the officials on their days; a double-click on a
    day chooses its slots in the table (to edit)."""
    tab, (a, b, _) = azar_tab
    one = schedule.add_slot(ui_supervisor, a, azar(8), dt.time(10), dt.time(11))
    two = schedule.add_slot(ui_supervisor, b, azar(8), dt.time(10), dt.time(11))
    tab.reload()
    tab.resize(1000, 600)
    tab.show()
    qtbot.waitExposed(tab)
    tab.as_grid.click()
    assert tab.views.currentWidget() is tab.grid and not tab.table.isVisible()
    grid, model = tab.grid, tab.grid_model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in (0, 6)] == ["شنبه", "جمعه"]
    first = model.index_of(azar(1))  # 1 Azar 1405 is a Sunday: the first row's second day
    assert (first.row(), first.column()) == (0, 1) and model.index(0, 0).data() is None
    assert model.index_of(azar(6)).column() == 6  # a Friday
    eighth = model.index_of(azar(8))
    text = eighth.data()
    assert text.startswith("۸\n") and text.count("۱۰:۰۰ تا ۱۱:۰۰") == 2
    assert eighth.data(Qt.ItemDataRole.BackgroundRole) == CONFLICT_BRUSH  # two officials in one hour
    assert len(model.weeks) == 5 and all(len(w) == 7 for w in model.weeks)
    header = grid.horizontalHeader()  # right to left: Saturday at the right edge, Friday at the left
    assert header.sectionViewportPosition(0) > header.sectionViewportPosition(6)
    grid.selectionModel().select(eighth, grid.selectionModel().SelectionFlag.ClearAndSelect)
    assert {s.id for s in tab.selected_slots()} == {one.id, two.id}
    tab.open_day(eighth)
    assert tab.views.currentWidget() is tab.table and tab.as_table.isChecked()
    assert {s.id for s in tab.selected_slots()} == {one.id, two.id}
