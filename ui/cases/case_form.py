"""The fields of a call, shared by the intake page and the case dialog's edit mode.

Keyboard first: the fields follow one Tab order (FIELD_ORDER), the description box passes Tab on, and each
field has an error label under it that `errors.show(ValidationError)` fills (moving the focus there).
Persian or Latin digits are accepted anywhere; the services normalise them.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from app.domain.status import CHANNEL_LABELS, NEXT_STEP_LABELS
from app.domain.text import to_persian_digits
from app.services.admin import reference
from ui.errors import FieldErrors
from ui.widgets import choice_combo
from ui.widgets.agency_picker import AgencyPicker
from ui.widgets.text_box import persian_text_box

FIELD_ORDER = (
    "phone",
    "national_code",
    "caller_name",
    "county_id",
    "address",
    "channel",
    "request_type",
    "category_id",
    "agency_id",
    "subject",
    "description",
    "next_step",
    "guidance",
)
TEXT_FIELDS = ("phone", "national_code", "caller_name", "address", "subject", "guidance")


class CaseForm(QWidget):
    changed = Signal(str)  # the field name that changed
    next_step_changed = Signal(str)

    def __init__(self, parent=None, *, with_guidance: bool = True, columns: int = 2):
        super().__init__(parent)
        self.error_fallback = QLabel(objectName="form_error")
        self.errors = FieldErrors(self.error_fallback)
        self.widgets: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        tr = self.tr
        self.phone = self._line("phone", tr("شماره تلفن"), tr("همراه یا ثابت، مثلاً ۰۹۱۴۱۲۳۴۵۶۷"))
        self.national_code = self._line("national_code", tr("کد ملی"), tr("ده رقم"))
        self.caller_name = self._line("caller_name", tr("نام و نام خانوادگی تماس‌گیرنده"), "")
        self.county = self._combo("county_id", tr("شهرستان"))
        self.address = self._line("address", tr("نشانی (اختیاری)"), "")
        self.channel = self._combo("channel", tr("راه تماس"))
        self.request_type = self._combo("request_type", tr("نوع درخواست"))
        self.category = self._combo("category_id", tr("موضوع کلی (دسته)"))
        self.agency = AgencyPicker(parent=self, object_name="agency_id")
        self._add("agency_id", tr("دستگاه مربوط"), self.agency)
        self.agency.agency_changed.connect(lambda _: self.changed.emit("agency_id"))
        self.agency.textChanged.connect(lambda _: self.changed.emit("agency_id"))
        self.subject = self._line("subject", tr("موضوع (یک خط)"), "")
        self.description = persian_text_box("description")
        self.description.setTabChangesFocus(True)
        self.description.setPlaceholderText(tr("شرح کامل آنچه شهروند می‌گوید (Ctrl+Enter: ثبت)"))
        self.description.setMinimumHeight(90)
        self.description.textChanged.connect(lambda: self.changed.emit("description"))
        self._add("description", tr("شرح"), self.description)
        self.next_step = self._combo("next_step", tr("گام بعدی"))
        self.guidance = self._line("guidance", tr("راهنمایی داده‌شده (اگر همین‌جا راهنمایی شد)"), "")
        self.next_step.currentIndexChanged.connect(lambda _: self._next_step_changed())
        if not with_guidance:
            self.widgets.pop("guidance").hide()
            self.labels.pop("guidance").hide()
        self.load_choices()
        self._lay_out(columns)
        order = [self.widgets[f] for f in FIELD_ORDER if f in self.widgets]
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self._next_step_changed()

    # --- building -------------------------------------------------------------------------------

    def _add(self, name: str, label: str, widget: QWidget) -> None:
        title = QLabel(label, objectName=f"{name}_label")
        title.setBuddy(widget)
        error = QLabel(objectName=f"{name}_error")
        self.errors.add(name, widget, error)
        self.widgets[name] = widget
        self.labels[name] = title
        widget.setProperty("error_label", error)

    def _line(self, name: str, label: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit(objectName=name)
        edit.setPlaceholderText(placeholder)
        edit.textChanged.connect(lambda _: self.changed.emit(name))
        self._add(name, label, edit)
        return edit

    def _combo(self, name: str, label: str):
        combo = choice_combo.make(name)
        combo.currentIndexChanged.connect(lambda _: self.changed.emit(name))
        self._add(name, label, combo)
        return combo

    def _lay_out(self, columns: int) -> None:
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(2)
        wide = {"description", "subject", "guidance", "address"}
        row = col = 0
        for name in FIELD_ORDER:
            if name not in self.widgets:
                continue
            span = columns if name in wide else 1
            if col + span > columns:
                row, col = row + 1, 0
            cell = QVBoxLayout()
            cell.setSpacing(2)
            cell.addWidget(self.labels[name])
            cell.addWidget(self.widgets[name])
            cell.addWidget(self.widgets[name].property("error_label"))
            cell.addStretch(1)  # an error under one field does not push its neighbour down: rows stay aligned
            grid.addLayout(cell, row, col, 1, span)
            col += span
            if col >= columns:
                row, col = row + 1, 0
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(grid)
        self.error_fallback.setProperty("role", "error")
        self.error_fallback.setWordWrap(True)
        self.error_fallback.hide()
        outer.addWidget(self.error_fallback)

    def load_choices(self) -> None:
        """(Re)read the reference lists (active entries only)."""
        choice_combo.fill(
            self.county, [(i.name, i.id) for i in reference.list_items("county", True)], "— انتخاب کنید —"
        )
        choice_combo.fill(
            self.request_type,
            [(i.name, i.extra["code"]) for i in reference.list_items("request_type", True)],
            "— انتخاب کنید —",
        )
        choice_combo.fill(
            self.category, [(i.name, i.id) for i in reference.list_items("category", True)], "— انتخاب کنید —"
        )
        choice_combo.fill(self.channel, [(label, str(c)) for c, label in CHANNEL_LABELS.items()])
        step = choice_combo.value(self.next_step) if self.next_step.count() else "refer"
        choice_combo.fill(self.next_step, [(label, str(s)) for s, label in NEXT_STEP_LABELS.items()])
        choice_combo.set_value(self.next_step, step)
        self.agency.set_agencies([(i.id, i.name) for i in reference.list_items("agency", True)])

    def _next_step_changed(self) -> None:
        guide = choice_combo.value(self.next_step) == "guide"
        if "guidance" in self.widgets:
            self.guidance.setEnabled(guide)
        # «ارجاع به دستگاه» needs the agency (the service's rule); for the other steps it is optional
        refer = choice_combo.value(self.next_step) in ("refer", None)
        self.labels["agency_id"].setText(
            self.tr("دستگاه مربوط") if refer else self.tr("دستگاه مربوط (اختیاری)")
        )
        if not refer:
            self.errors.clear_field("agency_id")
        self.next_step_changed.emit(choice_combo.value(self.next_step) or "")

    # --- values ---------------------------------------------------------------------------------

    def fields(self) -> list[QWidget]:
        """The inputs in Tab order."""
        return [self.widgets[f] for f in FIELD_ORDER if f in self.widgets]

    def values(self) -> dict:
        data = {name: self.widgets[name].text() for name in TEXT_FIELDS if name in self.widgets}
        data.update(
            county_id=choice_combo.value(self.county),
            channel=choice_combo.value(self.channel),
            request_type=choice_combo.value(self.request_type),
            category_id=choice_combo.value(self.category),
            agency_id=self.agency.value(),
            description=self.description.toPlainText(),
            next_step=choice_combo.value(self.next_step),
        )
        if "guidance" in data and data["next_step"] != "guide":
            data["guidance"] = ""
        return data

    def set_values(self, values: dict, labels: dict | None = None) -> None:
        """Fill the fields; `labels` names values no longer offered (a retired county, say)."""
        labels = labels or {}
        for name in TEXT_FIELDS:
            if name in values and name in self.widgets:
                self.widgets[name].setText(to_persian_digits(values[name] or ""))
        for name, combo in (
            ("county_id", self.county),
            ("request_type", self.request_type),
            ("category_id", self.category),
            ("channel", self.channel),
            ("next_step", self.next_step),
        ):
            if name in values:
                if not choice_combo.set_value(combo, values[name]) and name in labels:
                    combo.addItem(labels[name], values[name])
                    choice_combo.set_value(combo, values[name])
        if "agency_id" in values:
            self.agency.set_agency(values["agency_id"], labels.get("agency_id"))
        if "description" in values:
            self.description.setPlainText(to_persian_digits(values["description"] or ""))

    def clear(self) -> None:
        for name in TEXT_FIELDS:
            if name in self.widgets:
                self.widgets[name].clear()
        for combo in (self.county, self.request_type, self.category, self.channel):
            combo.setCurrentIndex(0)
        choice_combo.set_value(self.next_step, "refer")
        self.agency.clear()
        self.description.clear()
        self.errors.clear()

    def set_read_only(self, read_only: bool) -> None:
        for widget in self.fields():
            if isinstance(widget, QLineEdit | QPlainTextEdit):
                widget.setReadOnly(read_only)
            else:
                widget.setEnabled(not read_only)
