"""Numbers on screen are in Persian digits (issue 14, point 9): every page, tab and dialog of the screen
catalog is walked offscreen and no label, button, tab, table cell, row number or status-bar text may show a
Latin digit outside a Latin word (a code «ADSL-27», a shortcut «Ctrl+F», a path). Fields the user types into
are left alone: they accept both digit sets."""

import pytest

from app.domain import jalali
from app.services.admin import users
from app.services.demo.people import DEMO_PASSWORD
from tests.ui.conftest import open_demo_copy
from tools.screen_catalog import dialogs, find_samples, intake_scenes, latin_digit_problems, walk_tabs
from ui.context import AppContext
from ui.main_window import MainWindow


@pytest.fixture
def demo_context(sqlite_db, tmp_path, demo_files):
    open_demo_copy(demo_files, tmp_path / "samad.db", calls=60)  # in place of the empty copy: run_demo's data
    return AppContext(users.login("supervisor", DEMO_PASSWORD), str(tmp_path / "samad.db"))


def _settle(qtbot, page):
    """Wait for the background queries a page starts (its tables fill off the interface thread)."""
    qtbot.wait(60)


def test_no_latin_digit_on_any_page_tab_or_status_bar(qtbot, demo_context):
    window = MainWindow(demo_context)
    qtbot.addWidget(window)
    window.show()
    window.resize(1366, 728)
    problems = []
    for section in window.sections:
        page = window.show_section(section.key)
        for tab in walk_tabs(page):
            _settle(qtbot, page)
            problems += [f"{section.key} {tab}: {p}" for p in latin_digit_problems(window)]
    page = window.show_section("intake")
    for scene in intake_scenes(page):
        _settle(qtbot, page)
        problems += [f"intake {scene}: {p}" for p in latin_digit_problems(window)]
    assert not problems, "\n".join(dict.fromkeys(problems))


def test_no_latin_digit_in_any_dialog(qtbot, demo_context):
    samples = find_samples()
    problems = []
    for entry in dialogs():
        dialog = entry.build(demo_context, samples, None)
        qtbot.addWidget(dialog)
        dialog.show()
        for tab in walk_tabs(dialog):
            _settle(qtbot, dialog)
            problems += [f"{entry.name} {tab}: {p}" for p in latin_digit_problems(dialog)]
        dialog.close()
    assert not problems, "\n".join(dict.fromkeys(problems))


def test_the_scan_tells_latin_digits_from_latin_words():
    from tools.screen_catalog import stray_latin_digits

    assert stray_latin_digits("پس از 15 دقیقه") and stray_latin_digits("دست‌کم 8 نویسه")
    assert stray_latin_digits("referral_id: 60")
    assert not stray_latin_digits("پس از ۱۵ دقیقه")
    assert not stray_latin_digits("مودم ADSL-27 و میان‌بر Ctrl+F و /home/u1/samad.db")
    # a command or an address isolated as typed keeps its digits; the same outside an isolate does not
    assert not stray_latin_digits("نشانی: \u2066http://127.0.0.1:8111/ring?line=111\u2069")
    assert stray_latin_digits("نشانی: 127.0.0.1 و \u2066samad call ring\u2069")


def test_number_boxes_show_persian_digits_and_accept_both(qtbot, ui_supervisor):
    import datetime as dt

    from PySide6.QtWidgets import QSpinBox

    from ui.schedule.rotation_dialog import RotationDialog

    today = jalali.today_local()
    dialog = RotationDialog(ui_supervisor, today, today + dt.timedelta(days=7))
    qtbot.addWidget(dialog)
    box = dialog.minutes
    assert isinstance(box, QSpinBox) and "دقیقه" in box.text()
    for typed, value in (("45", 45), ("۳۰", 30)):
        box.lineEdit().selectAll()
        box.lineEdit().insert(typed)
        box.interpretText()
        assert box.value() == value, typed
        assert box.text().startswith(str(value).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")))


def test_a_path_in_a_persian_sentence_is_isolated_so_it_reads_as_typed(qtbot, tmp_path, ui_supervisor):
    from app.domain.text import FSI, PDI
    from app.services.errors import ValidationError
    from app.services.reporting import files
    from ui.main_window import MainWindow

    folder = tmp_path / "گزارش‌ها"
    with pytest.raises(ValidationError) as refused:
        files.check_target(folder / "r.pdf")
    assert f"«{FSI}{folder}{PDI}»" in refused.value.errors["output"]
    window = MainWindow(AppContext(ui_supervisor, "/home/operator/samad.db"))
    qtbot.addWidget(window)
    assert window.database_label.text() == f"پایگاه داده: {FSI}/home/operator/samad.db{PDI}"
