"""Issue 14, points 3 and 4: the operator's keyboard. Every page (and tab) of the main window is walked and
every live shortcut listed; two on one key fail the test (Qt fires neither). Going to intake, by click, Ctrl+2
or Ctrl+N from anywhere, leaves the cursor in the phone box, and so does a save."""
import pytest
from PySide6.QtCore import Qt

from app.services import users
from app.services.demo import run_demo
from app.services.demo.people import DEMO_PASSWORD
from tests.app.call_data import call
from tools.screen_catalog import live_shortcuts, shortcut_clashes, walk_tabs
from ui import session_services
from ui.context import AppContext
from ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, sqlite_db, tmp_path):
    run_demo(calls=30, years=1)
    context = AppContext(users.login("supervisor", DEMO_PASSWORD), str(tmp_path / "samad.db"),
                         f"sqlite:///{tmp_path / 'samad.db'}")
    w = MainWindow(context)
    qtbot.addWidget(w)
    services = session_services.start(w, context)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    yield w
    services.watcher.stop()
    services.backups.timer.stop()
    services.idle_lock.timer.stop()


def test_no_two_live_shortcuts_share_a_key_on_any_page(qtbot, window):
    clashes, seen = [], set()
    for section in window.sections:
        page = window.show_section(section.key)
        for tab in walk_tabs(page):
            clashes += [f"{section.key} {tab}: {c}" for c in shortcut_clashes(window)]
            seen |= {s.keys for s in live_shortcuts(window)}
    assert not clashes, "\n".join(clashes)
    # the list is real: the lock, the sections, a new call, saving and the intake's own keys are in it
    assert {"Ctrl+L", "Ctrl+1", "Ctrl+2", "Ctrl+N", "Ctrl+J", "Ctrl+D", "F2"} <= seen


def test_lock_and_attach_are_different_keys(qtbot, window):
    intake = window.show_section("intake")
    keys = {s.what: s.keys for s in live_shortcuts(window)}
    assert keys["قفل کردن برنامه"] == "Ctrl+L"
    assert "Ctrl+J" in intake.callers.attach_button.toolTip()
    assert "Ctrl+D" in intake.callers.fill_button.toolTip()


def test_ctrl_n_from_any_page_and_ctrl_2_land_in_the_phone_box(qtbot, window):
    window.show_section("calls")
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    intake = window.pages["intake"]
    assert window.current_section() == "intake"
    qtbot.waitUntil(lambda: intake.form.phone.hasFocus())
    window.show_section("referrals")
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_section() == "intake"
    qtbot.waitUntil(lambda: intake.form.phone.hasFocus())
    window.show_section("dashboard")
    rect = window.navigation.visualItemRect(window.navigation.item(1))
    qtbot.mouseClick(window.navigation.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_section() == "intake"
    qtbot.waitUntil(lambda: intake.form.phone.hasFocus())


def test_after_a_save_the_form_is_empty_with_the_cursor_in_the_phone_box(qtbot, window):
    intake = window.show_section("intake")
    intake.form.set_values(call())
    intake.form.subject.setFocus()
    assert intake.save(confirmed_new=True)
    assert intake.form.phone.text() == "" and intake.form.subject.text() == ""
    qtbot.waitUntil(lambda: intake.form.phone.hasFocus())
