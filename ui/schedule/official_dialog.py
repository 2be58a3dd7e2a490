"""Adding or editing an official: name, title, agency, phone, and the account they sign letters with."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit

from app.services.admin import reference, users
from app.services.schedule import officials
from ui.form_dialog import FormDialog
from ui.widgets.agency_picker import searchable_combo


class OfficialDialog(FormDialog):
    """`OfficialDialog(actor, official=None)`; after acceptance `saved` holds the OfficialInfo."""

    def __init__(self, actor, official=None, parent=None):
        super().__init__("ویرایش مسئول" if official else "مسئول تازه", parent)
        self.actor = actor
        self.official = official
        self.full_name = QLineEdit(objectName="full_name")
        self.title = QLineEdit(objectName="title")
        self.title.setPlaceholderText("مانند: مدیرکل آموزش و پرورش استان")
        self.agency = QComboBox(objectName="agency_id")
        self.agency.setEditable(True)  # type to find among a hundred agencies
        self.agency.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.agency.addItem("— بدون دستگاه —", None)
        for item in reference.list_items("agency", active_only=True):
            self.agency.addItem(item.name, item.id)
        searchable_combo(self.agency)  # any part of the name finds it
        self.phone = QLineEdit(objectName="phone")
        self.phone.setPlaceholderText("041xxxxxxxx")
        self.username = QComboBox(objectName="username")
        self.username.addItem("— بدون حساب (نامه امضا نمی‌کند) —", "")
        linked = {o.username for o in officials.list_officials() if o.username}
        for u in users.list_users():
            if (
                u.role == "official"
                and u.active
                and (u.username not in linked or (official and u.username == official.username))
            ):
                self.username.addItem(f"{u.full_name} ({u.username})", u.username)
        for name, label, widget in [
            ("full_name", "نام و نام خانوادگی", self.full_name),
            ("title", "سمت", self.title),
            ("agency_id", "دستگاه", self.agency),
            ("phone", "تلفن", self.phone),
            ("username", "حساب کاربری با نقش مسئول", self.username),
        ]:
            self.add_field(name, label, widget)
        if official:
            self.full_name.setText(official.full_name)
            self.title.setText(official.title)
            self.agency.setCurrentIndex(max(0, self.agency.findData(official.agency_id)))
            self.phone.setText(official.phone)
            self.username.setCurrentIndex(max(0, self.username.findData(official.username)))
        self.resize(520, self.sizeHint().height())

    def values(self) -> dict:
        agency_id = self.agency.currentData()
        if self.agency.currentText() != self.agency.itemText(self.agency.currentIndex()):
            agency_id = -1  # typed text that matches no agency: the service names the field
        return {
            "full_name": self.full_name.text(),
            "title": self.title.text(),
            "agency_id": agency_id,
            "phone": self.phone.text(),
            "username": self.username.currentData() or "",
        }

    def save(self):
        if self.official:
            return officials.update_official(self.actor, self.official.id, self.values())
        return officials.create_official(self.actor, self.values())
