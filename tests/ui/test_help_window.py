"""F1 opens the user's guide at the page of the current screen; the shortcuts page lists the window's actual
shortcuts; every screen of the main window has a help page."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication

from app.services import user_guide
from ui.help_window import HelpWindow
from ui.main_window import MainWindow
from ui.wiring import SECTIONS


def test_every_screen_has_a_help_page():
    covered = {screen for page in user_guide.pages() for screen in page.screens}
    assert {s.key for s in SECTIONS} <= covered


def test_f1_opens_the_page_of_the_current_screen(qtbot, ui_supervisor, context_for):
    window = MainWindow(context_for(ui_supervisor))
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.show_section("intake")
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.help_window is not None and window.help_window.isVisible())
    help_window = window.help_window
    assert help_window.current_key == "intake"
    assert "ثبت یک تماس تازه" in help_window.browser.toPlainText()
    page = window.show_section("referrals")
    page.tabs.setCurrentIndex(1)
    assert window.show_help() is help_window and help_window.current_key == "followup"
    window.show_section("settings")
    window.show_help()
    assert help_window.current_key == "settings" and "تعطیلی‌های رسمی" in help_window.browser.toPlainText()
    # the screenshots load from the guide's folder
    resource = help_window.browser.document().resource(
        3, "images/holidays.png"
    )  # QTextDocument.ImageResource
    assert resource is not None and not resource.isNull()


def test_shortcuts_page_is_built_from_the_windows_actions(qtbot, ui_supervisor, context_for):
    window = MainWindow(context_for(ui_supervisor))
    qtbot.addWidget(window)
    extra = QAction("کاری که تازه افزوده شد", window)
    extra.setShortcut(QKeySequence("Ctrl+Shift+K"))
    window.addAction(extra)
    help_window = window.show_help()
    help_window.show_page(user_guide.SHORTCUTS)
    text = help_window.browser.toPlainText()
    assert "کاری که تازه افزوده شد" in text and "Ctrl+Shift+K" in text
    assert "راهنمای همین صفحه" in text and "F1" in text
    assert "رفتن به بخش «پیشخوان»" in text and "Ctrl+1" in text
    assert "Ctrl+8" in text and "تنظیمات" in text  # a supervisor's eighth section
    assert "window-actions" not in text


def test_help_window_on_its_own(qtbot, tmp_path):
    window = HelpWindow(user_guide.pages(), [])
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.show_page("letters")
    assert window.contents.currentItem().text() == "ارجاع به دستگاه و نامهٔ ارجاع"
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    image = window.grab()
    screen = window.screen().availableGeometry()  # no window is larger than the screen (it is clamped)
    assert image.save(str(tmp_path / "help.png")) and 0 < window.frameGeometry().width() <= min(
        1366, screen.width()
    )
    assert image.width() == window.width()
