"""The operator's keyboard. Every page (and tab) of the main window is walked and
every live shortcut listed; two on one key fail the test (Qt fires neither). Going to intake, by click, Ctrl+2
or Ctrl+N from anywhere, leaves the cursor in the phone box, and so does a save."""

import pytest
from PySide6.QtCore import Qt

from app.services.admin import users
from app.services.demo.people import DEMO_PASSWORD
from tests.app.call_data import call
from tests.ui.conftest import open_demo_copy
from tools.screen_catalog import live_shortcuts, shortcut_clashes, walk_tabs
from ui import session_services
from ui.context import AppContext
from ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, sqlite_db, tmp_path, demo_files):
    open_demo_copy(demo_files, tmp_path / "samad.db", calls=30)  # in place of the empty copy: run_demo's data
    context = AppContext(
        users.login("supervisor", DEMO_PASSWORD),
        str(tmp_path / "samad.db"),
        f"sqlite:///{tmp_path / 'samad.db'}",
    )
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
    qtbot.waitUntil(lambda: window.focusWidget() is intake.form.phone)
    window.show_section("referrals")
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_section() == "intake"
    qtbot.waitUntil(lambda: window.focusWidget() is intake.form.phone)
    window.show_section("dashboard")
    rect = window.navigation.visualItemRect(window.navigation.item(1))
    qtbot.mouseClick(window.navigation.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_section() == "intake"
    qtbot.waitUntil(lambda: window.focusWidget() is intake.form.phone)


def test_after_a_save_the_form_is_empty_with_the_cursor_in_the_phone_box(qtbot, window):
    intake = window.show_section("intake")
    intake.form.set_values(call())
    intake.form.subject.setFocus()
    assert intake.save(confirmed_new=True)
    assert intake.form.phone.text() == "" and intake.form.subject.text() == ""
    qtbot.waitUntil(lambda: window.focusWidget() is intake.form.phone)


# --- points 5, 6 and 7, on the intake page alone -------------------------------------------------------


def test_enter_in_a_combo_or_the_agency_box_chooses_and_never_saves(qtbot, intake_page):
    from app.models import Case

    intake_page.form.phone.setText("09123456789")
    for widget in (intake_page.form.county, intake_page.form.request_type, intake_page.form.agency):
        widget.setFocus()
        qtbot.keyClick(widget, Qt.Key.Key_Return)
        assert intake_page.focusWidget() is not widget  # moved on to the next field
    intake_page.form.agency.setFocus()
    qtbot.keyClicks(intake_page.form.agency, "a")  # any text opens the completer; Enter in it picks, no save
    qtbot.keyClick(intake_page.form.agency, Qt.Key.Key_Return)
    assert Case.select().count() == 0
    assert not intake_page.form.errors.message("subject")  # no save was tried


def test_escape_clears_and_bazgardandan_brings_the_call_back_until_the_next_is_typed(qtbot, intake_page):
    intake_page.form.set_values(call())
    qtbot.keyClick(intake_page.form.subject, Qt.Key.Key_Escape)
    assert intake_page.form.subject.text() == "" and intake_page.undo_button.isVisible()
    assert "بازگرداندن" in intake_page.undo_button.text()
    qtbot.keyClick(intake_page.form.phone, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert intake_page.form.subject.text() == "قطعی آب" and not intake_page.undo_button.isVisible()
    qtbot.keyClick(intake_page.form.subject, Qt.Key.Key_Escape)
    intake_page.form.phone.setText("0914")  # the next call begins: the discarded one is gone for good
    assert not intake_page.undo_button.isVisible() and not intake_page.restore_discarded()
    intake_page.form.phone.clear()
    qtbot.keyClick(
        intake_page.form.phone, Qt.Key.Key_Escape
    )  # an empty form: nothing to keep, nothing offered
    assert not intake_page.undo_button.isVisible()


def test_errors_focus_the_first_bad_field_in_tab_order_go_when_fixed_and_rows_stay_aligned(
    qtbot, intake_page
):
    f = intake_page.form
    f.phone.setText("09123456789")
    assert not intake_page.save()
    bad = [name for name in f.widgets if f.errors.message(name)]
    assert bad and intake_page.focusWidget() is f.widgets[bad[0]]  # the first in the form's (Tab) order
    assert f.errors.message("caller_name")
    f.caller_name.setText("علی رضایی")
    assert not f.errors.message("caller_name") and f.widgets["caller_name"].property("error_label").isHidden()
    qtbot.wait(10)
    # an error under one field of a row does not push its neighbour down
    assert f.errors.message("county_id") and not f.errors.message("caller_name")
    assert (
        f.caller_name.mapTo(f, f.caller_name.rect().topLeft()).y()
        == f.county.mapTo(f, f.county.rect().topLeft()).y()
    )


def test_known_caller_is_offered_not_copied_and_clearing_the_code_takes_the_details_out(
    qtbot, intake_page, ui_operator
):
    from app.services.cases import cases

    cases.register_call(ui_operator, call())
    intake_page.form.national_code.setText("0499370899")
    intake_page.recognise()
    assert intake_page.callers.fill_button.isEnabled() and intake_page.form.caller_name.text() == ""
    intake_page.callers.fill_button.click()
    assert intake_page.form.caller_name.text() == "علی رضایی" and intake_page.form.phone.text()
    intake_page.form.national_code.clear()
    assert intake_page.form.caller_name.text() == "" and intake_page.form.phone.text() == ""


def test_the_order_dialogs_copy_list_finds_an_agency_by_any_part_of_its_name(qtbot, window):
    """«آموزش» finds «اداره کل آموزش و پرورش ...», not only names starting so."""
    from tools.screen_catalog import find_samples
    from ui.letters.referral_order_dialog import ReferralOrderDialog

    dialog = ReferralOrderDialog(window.context, find_samples().open_case_id, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.cc_name.setText("آموزش")
    dialog.cc_name.textEdited.emit("آموزش")  # the agency picker: every name holding the typed words
    found = dialog.cc_name.matches()
    assert found and all("آموزش" in name for name in found)
    assert any(not name.startswith("آموزش") for name in found)
