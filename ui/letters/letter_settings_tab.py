"""The supervisor's letter settings: the referral letter's body template (placeholders checked, a sample
letter to look at) and the official holidays that working-day deadlines skip."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain import jalali
from app.domain.letters import BODY_TEMPLATE_KEY
from app.domain.text import display_digits
from app.services.errors import ServiceError, ValidationError
from app.services.letters import holidays, letter_templates
from ui import formatting, theme
from ui.errors import FieldErrors, show_error
from ui.letters.letter_preview_dialog import LetterPreviewDialog
from ui.theme import PERSIAN
from ui.widgets.text_box import persian_text_box


class LetterSettingsTab(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._template_box())
        splitter.addWidget(self._holidays_box())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.load_template()
        self.load_holidays()

    # --- the template -------------------------------------------------------------------------------

    def _template_box(self) -> QWidget:
        box = QGroupBox("متن نامه ارجاع")
        self.template = persian_text_box("template")
        self.template_error = QLabel()
        self.template_state = QLabel(objectName="template_state")
        self.template_state.setProperty("role", "hint")
        self.errors = FieldErrors(self.template_error)
        self.errors.add("template", self.template, self.template_error)
        hint = QLabel("جای‌نگهدارها را با دوبار کلیک در متن بگذارید؛ جای‌نگهدار ناشناخته پذیرفته نمی‌شود.")
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        self.placeholders = QListWidget(objectName="placeholders")
        for name, label in letter_templates.template_info(BODY_TEMPLATE_KEY).placeholders.items():
            item = QListWidgetItem(f"{label}  {formatting.ltr('{' + name + '}')}")
            item.setData(Qt.ItemDataRole.UserRole, "{" + name + "}")
            self.placeholders.addItem(item)
        self.placeholders.itemDoubleClicked.connect(
            lambda item: self.template.insertPlainText(item.data(Qt.ItemDataRole.UserRole))
        )
        self.placeholders.setMaximumWidth(330)
        save = QPushButton(theme.icon("fa5s.save"), "ذخیره متن", objectName="save_template")
        reset = QPushButton(theme.icon("fa5s.undo"), "بازگرداندن متن پیش‌فرض", objectName="reset_template")
        sample = QPushButton(theme.icon("fa5s.eye"), "نامه نمونه", objectName="sample_letter")
        save.clicked.connect(self.save_template)
        reset.clicked.connect(self.reset_template)
        sample.clicked.connect(self.show_sample)
        editor = QHBoxLayout()
        editor.addWidget(self.template, 1)
        editor.addWidget(self.placeholders)
        buttons = QHBoxLayout()
        for b in (save, sample, reset):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.template_state)
        layout = QVBoxLayout(box)
        layout.addWidget(hint)
        layout.addLayout(editor, 1)
        layout.addWidget(self.template_error)
        layout.addLayout(buttons)
        return box

    def load_template(self) -> None:
        info = letter_templates.template_info(BODY_TEMPLATE_KEY)
        self.template.setPlainText(info.text)
        self._show_state(info.is_default)

    def _show_state(self, is_default: bool) -> None:
        self.template_state.setText("متن پیش‌فرض" if is_default else "متن ویرایش‌شده")

    def save_template(self) -> bool:
        try:
            info = letter_templates.save_template(
                self.context.actor, BODY_TEMPLATE_KEY, self.template.toPlainText()
            )
        except ValidationError as exc:
            self.errors.show(exc)
            return False
        except ServiceError as exc:
            show_error(self, exc)
            return False
        self.errors.clear()
        self._show_state(info.is_default)
        self.context.events.announce(settings=True)
        return True

    def reset_template(self) -> bool:
        try:
            info = letter_templates.reset_template(self.context.actor, BODY_TEMPLATE_KEY)
        except ServiceError as exc:
            show_error(self, exc)
            return False
        self.errors.clear()
        self.template.setPlainText(info.text)
        self._show_state(True)
        return True

    def show_sample(self) -> LetterPreviewDialog | None:
        try:
            pdf = letter_templates.sample_pdf(self.template.toPlainText())
        except ValidationError as exc:
            self.errors.show(exc)
            return None
        self.errors.clear()
        dialog = LetterPreviewDialog(self.context, [("نامه نمونه", "sample.pdf", lambda: pdf)], self)
        dialog.open()
        return dialog

    # --- holidays -----------------------------------------------------------------------------------

    def _holidays_box(self) -> QWidget:
        box = QGroupBox("تعطیلی‌های رسمی")
        hint = QLabel(
            "مهلت‌هایی که به روز کاری شمرده می‌شوند جمعه‌ها و این روزها را نمی‌شمارند. تعطیلی‌های رسمی "
            "امسال و سال بعد خودکار بارگذاری می‌شوند؛ اگر روز تعطیلی قمری جز این اعلام شد، آن روز را "
            "بردارید و روز اعلام‌شده را بیفزایید."
        )
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        self.year = QSpinBox(
            objectName="holiday_year",
            minimum=1390,
            maximum=1499,
            value=jalali.jalali_year(jalali.today_local()),
        )
        self.year.setLocale(PERSIAN)
        self.year.valueChanged.connect(lambda _v: self.load_holidays())
        self.holiday_list = QListWidget(objectName="holiday_list")
        self.holiday_date = formatting.jalali_date_edit(self)
        self.holiday_title = QLineEdit(objectName="holiday_title", placeholderText="مثلاً: عید نوروز")
        self.holiday_error = QLabel(objectName="holiday_error")
        self.holiday_error.setProperty("role", "error")
        self.holiday_error.setWordWrap(True)
        add = QPushButton(theme.icon("fa5s.plus"), "افزودن", objectName="add_holiday")
        remove = QPushButton(
            theme.icon("fa5s.trash-alt"), "برداشتن روز انتخاب‌شده", objectName="remove_holiday"
        )
        add.clicked.connect(self.add_holiday)
        remove.clicked.connect(self.remove_holiday)
        self.holiday_title.returnPressed.connect(self.add_holiday)
        year_row = QHBoxLayout()
        year_row.addWidget(QLabel("سال"))
        year_row.addWidget(self.year)
        year_row.addStretch(1)
        add_row = QHBoxLayout()
        add_row.addWidget(self.holiday_date)
        add_row.addWidget(self.holiday_title, 1)
        add_row.addWidget(add)
        layout = QVBoxLayout(box)
        layout.addWidget(hint)
        layout.addLayout(year_row)
        layout.addWidget(self.holiday_list, 1)
        layout.addLayout(add_row)
        layout.addWidget(self.holiday_error)
        layout.addWidget(remove)
        return box

    def load_holidays(self) -> None:
        self.holiday_list.clear()
        for h in holidays.list_holidays(self.year.value()):
            source = "" if h.official else "  (افزوده‌شده به دست کاربر)"
            item = QListWidgetItem(
                f"{formatting.date(h.date)}  {jalali.weekday_name(h.date)}  —  {display_digits(h.title)}{source}"
            )
            item.setData(Qt.ItemDataRole.UserRole, h.id)
            self.holiday_list.addItem(item)

    def add_holiday(self) -> bool:
        day = formatting.to_date(self.holiday_date)
        try:
            holidays.add_holiday(self.context.actor, day, self.holiday_title.text())
        except ValidationError as exc:
            self.holiday_error.setText(" ".join(exc.errors.values()))
            return False
        except ServiceError as exc:
            show_error(self, exc)
            return False
        self.holiday_error.clear()
        self.holiday_title.clear()
        if jalali.jalali_year(day) != self.year.value():
            self.year.setValue(jalali.jalali_year(day))
        self.load_holidays()
        return True

    def remove_holiday(self) -> bool:
        item = self.holiday_list.currentItem()
        if item is None:
            return False
        answer = QMessageBox.question(self, "تعطیلی‌ها", "این روز از فهرست تعطیلی‌ها برداشته شود؟")
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            holidays.remove_holiday(self.context.actor, item.data(Qt.ItemDataRole.UserRole))
        except ServiceError as exc:
            show_error(self, exc)
        self.load_holidays()
        return True
