"""First start, login and the main window."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QFontInfo
from PySide6.QtWidgets import QApplication

from app.services.admin import users
from tests.conftest import TEST_PASSWORD
from ui.admin.first_start_dialog import FirstStartDialog
from ui.admin.login_dialog import LoginDialog
from ui.main_window import MainWindow


def test_application_is_right_to_left_with_the_bundled_font(qapp):
    assert qapp.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert "Vazirmatn" in QFontDatabase.families()
    assert QFontInfo(qapp.font()).family() == "Vazirmatn"


def test_first_start_creates_the_supervisor(qtbot, sqlite_db):
    dialog = FirstStartDialog("/tmp/x.db")
    qtbot.addWidget(dialog)
    assert dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft
    qtbot.keyClicks(dialog.username, "admin")
    dialog.full_name.setText("مریم احمدی")
    qtbot.keyClicks(dialog.password, "short")
    qtbot.keyClicks(dialog.repeat, "short")
    dialog.submit()
    assert not users.has_users()
    assert "دست‌کم" in dialog.errors.message("password")
    assert dialog.focusWidget() is dialog.password or not dialog.isVisible()
    dialog.password.setText(TEST_PASSWORD)
    dialog.repeat.setText(TEST_PASSWORD + "x")
    dialog.submit()
    assert "یکسان" in dialog.errors.message("repeat")
    dialog.repeat.setText(TEST_PASSWORD)
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert [u.username for u in users.list_users()] == ["admin"]


def test_login_wrong_then_right(qtbot, ui_operator):
    dialog = LoginDialog("مرکز", "/tmp/x.db")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, "operator1")
    qtbot.keyClicks(dialog.password, "wrong-password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.actor is None
    assert "نادرست" in dialog.error.text()
    assert dialog.password.text() == ""
    qtbot.keyClicks(dialog.password, TEST_PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.actor is not None and dialog.actor.username == "operator1"


def test_login_says_when_locked(qtbot, ui_operator):
    dialog = LoginDialog("مرکز", "/tmp/x.db", username="operator1")
    qtbot.addWidget(dialog)
    for _ in range(5):
        dialog.password.setText("bad password")
        dialog.submit()
    assert "قفل" in dialog.error.text()


def test_main_window_navigation_and_status(qtbot, ui_operator, context_for):
    window = MainWindow(context_for(ui_operator), "مرکز ارتباطات مردمی")
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    keys = [s.key for s in window.sections]
    assert "settings" not in keys and "reports" not in keys  # an operator does not see them
    assert {"intake", "calls", "referrals", "knowledge", "schedule"} <= set(keys)
    assert "کارشناس" in window.role_label.text()
    assert "/tmp/samad-test.db" in window.database_label.text()
    assert ui_operator.full_name in window.user_label.text()
    for index, section in enumerate(window.sections[:9]):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_1 + index), Qt.KeyboardModifier.ControlModifier)
        assert window.current_section() == section.key
        assert window.stack.currentWidget() is window.pages[section.key]


def test_saved_geometry_is_this_test_workers_own(qapp):
    """Each test worker keeps its own Qt settings file: the workers once shared the person's ~/.config one, and a
    window closed in one worker overwrote the geometry another worker's test had just saved."""
    import tests.conftest as test_setup
    from ui.window_state import qsettings

    assert qsettings().fileName().startswith(test_setup._HOME)


def test_supervisor_sees_settings_and_geometry_is_remembered(qtbot, ui_supervisor, context_for):
    window = MainWindow(context_for(ui_supervisor))
    qtbot.addWidget(window)
    window.show()
    assert window.show_section("settings") is not None
    window.resize(window.minimumSizeHint().width() + 13, window.minimumSizeHint().height() + 7)
    expected = (window.width(), window.height())
    window.close()
    again = MainWindow(context_for(ui_supervisor))
    qtbot.addWidget(again)
    screen_width = again.screen().availableGeometry().width()
    assert again.height() == expected[1]
    assert again.width() == expected[0] or again.width() >= screen_width - 4  # clamped to a small screen
    QApplication.processEvents()


def test_open_case_event_opens_the_case_dialog(qtbot, ui_operator, context_for):
    from app.models import County
    from app.services.cases import cases
    from ui.cases.case_dialog import CaseDialog

    info = cases.register_call(
        ui_operator,
        {
            "caller_name": "رضا کریمی",
            "phone": "09141112233",
            "county_id": County.get(County.name == "تبریز").id,
            "request_type": "request",
            "category_id": 1,
            "subject": "درخواست روشنایی معابر",
        },
    )
    context = context_for(ui_operator)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    context.events.open_case.emit(info.id)
    dialogs = [d for d in window.findChildren(CaseDialog) if d.isVisible()]
    assert len(dialogs) == 1
    dialogs[0].close()
