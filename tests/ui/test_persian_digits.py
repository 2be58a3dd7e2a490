"""Numbers on screen are in Persian digits (issue 14, point 9): every page, tab and dialog of the screen
catalog is walked offscreen and no label, button, tab, table cell, row number or status-bar text may show a
Latin digit outside a Latin word (a code «ADSL-27», a shortcut «Ctrl+F», a path). Fields the user types into
are left alone: they accept both digit sets."""

import pytest

from app.services.admin import users
from app.services.demo import run_demo
from app.services.demo.people import DEMO_PASSWORD
from tools.screen_catalog import dialogs, find_samples, intake_scenes, latin_digit_problems, walk_tabs
from ui.context import AppContext
from ui.main_window import MainWindow


@pytest.fixture
def demo_context(sqlite_db, tmp_path):
    run_demo(calls=60, rate=10)
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
