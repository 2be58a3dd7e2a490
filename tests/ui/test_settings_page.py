"""The supervisor's settings: a bad value is shown at its field; reference data and users are edited."""

from PySide6.QtWidgets import QLineEdit, QMessageBox

from app.services.admin import reference, settings, users
from ui.admin.center_tab import CenterSettingsTab
from ui.admin.reference_tab import ReferenceTab
from ui.admin.settings_page import SettingsPage
from ui.admin.users_tab import AddUserDialog
from ui.wiring import SETTINGS_TABS


def test_settings_page_has_every_tab(qtbot, ui_supervisor, context_for):
    page = SettingsPage(context_for(ui_supervisor), SETTINGS_TABS)
    qtbot.addWidget(page)
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert titles[:6] == ["مرکز", "شهرستان‌ها", "دستگاه‌های اجرایی", "موضوع‌ها", "انواع درخواست", "کاربران"]


def test_bad_setting_is_shown_at_its_field_and_nothing_saved(qtbot, ui_supervisor, context_for, monkeypatch):
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    tab = CenterSettingsTab(context_for(ui_supervisor))
    qtbot.addWidget(tab)
    tab.show()
    tab.edits["center_name"].setText("مرکز سامد تبریز")
    tab.edits["letter_number_format"].setText("۱۱۱/{year}/{nonsense}")
    assert not tab.save()
    assert "nonsense" in tab.errors.message("letter_number_format")
    assert tab.focusWidget() is tab.findChild(QLineEdit, "letter_number_format")
    assert settings.get("center_name") != "مرکز سامد تبریز"  # all or nothing
    tab.edits["letter_number_format"].setText("۱۱۱/{year}/{serial:05d}")
    assert tab.save()
    assert settings.get("center_name") == "مرکز سامد تبریز"


def test_reference_tab_adds_and_retires(qtbot, ui_supervisor, context_for, monkeypatch):
    tab = ReferenceTab(context_for(ui_supervisor), "county")
    qtbot.addWidget(tab)
    assert tab.list.count() == 21
    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("سهند", True))
    tab.add()
    assert tab.list.count() == 22
    tab.list.setCurrentRow(21)
    tab.toggle_active()
    retired = [i for i in reference.list_items("county") if not i.active]
    assert [i.name for i in retired] == ["سهند"]
    assert "بایگانی" in tab.list.item(21).text()
    tab.filter.setText("سهن")
    assert [tab.list.item(i).isHidden() for i in range(tab.list.count())].count(False) == 1


def test_add_user_dialog_shows_duplicate_at_username(qtbot, ui_supervisor):
    dialog = AddUserDialog(ui_supervisor)
    qtbot.addWidget(dialog)
    dialog.username.setText("root")
    dialog.full_name.setText("دیگری")
    dialog.password.setText("long enough 1")
    dialog.submit()
    assert "پیش‌تر" in dialog.errors.message("username")
    dialog.username.setText("ali")
    dialog.submit()
    assert any(u.username == "ali" for u in users.list_users())


def test_users_row_numbers_are_persian_digits(qtbot, ui_supervisor, context_for):
    """The users' table numbers its rows ۱، ۲ (Qt's own header would say 1, 2)."""
    from ui.admin.users_tab import UsersTab

    tab = UsersTab(context_for(ui_supervisor))
    qtbot.addWidget(tab)
    assert tab.table.rowCount() >= 1
    assert tab.table.verticalHeaderItem(0).text() == "۱"
