"""Call intake: the operator's main screen.

Keyboard first: Tab walks every field, Enter saves (Ctrl+Enter inside the description, where Enter is a
new line), Esc clears, Ctrl+N starts a new call. As the phone or national code is typed the recognition
panel lists the caller's earlier cases; an open one can take this call as a follow-up contact, and a likely
duplicate is pointed out before saving. After saving, the tracking code is shown large, grouped for
reading aloud, with a printable slip.

Hooks for other sections: `add_side_widget(widget)` puts a widget in the side column (the knowledge base's
article suggestions); `call_text_changed(agency_id, category_id, subject, description)` is emitted after a
pause in typing; `call_registered(CaseDetail)` after each save and `form_cleared()` when a new call starts.
When an article is chosen in the suggestions panel before saving, the call is registered guided with it
(cases.register_call(..., guided_by=article, guidance_note=...)).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.identifiers import format_tracking_code
from app.services.admin import settings
from app.services.cases import callers, cases
from app.services.errors import BUSY_MESSAGE, ServiceError, ValidationError, is_busy
from app.services.schedule import sessions
from reports.tracking_slip import Slip, tracking_slip_pdf
from ui import formatting, theme
from ui.cases.caller_panel import CallerPanel
from ui.cases.case_form import TEXT_FIELDS, CaseForm
from ui.cases.intake_rings import install as install_rings
from ui.change_debounce import ChangeDebouncer
from ui.knowledge.article_suggestions import install_in_intake
from ui.widgets.agency_picker import AgencyPicker
from ui.widgets.fit import VerticalScrollArea
from ui.widgets.pdf_printing import print_with_preview

LOOKUP_PAUSE_MS = 250
TEXT_PAUSE_MS = 400


def _card(name: str) -> QFrame:
    frame = QFrame(objectName=name)
    frame.setProperty("role", "card")
    return frame


class CallIntakePage(QWidget):
    call_text_changed = Signal(object, object, str, str)  # agency id, category id, subject, description
    call_registered = Signal(object)  # CaseDetail of the case saved (or followed up)
    form_cleared = Signal()

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.attach_case = None  # EarlierCase the next save attaches to
        self.last_case: cases.CaseDetail | None = None
        self._duplicate_ok = False
        self._discarded: tuple | None = None  # (values, attach case) of the call Esc cleared
        self._restoring = False
        self._clearing = False
        self._filling = False
        self._filled: dict = {}  # what «همان مشخصات» put in the form (name -> value)
        self._typed_keys: list[str] = []  # the phone and/or national code the caller was found by

        title = QLabel("ثبت تماس")
        title.setProperty("role", "title")
        self.session_label = QLabel(objectName="session_banner", wordWrap=True)
        self.session_label.setProperty("role", "hint")
        self.attach_banner = QLabel(objectName="attach_banner", wordWrap=True)
        self.attach_banner.hide()
        self.form = CaseForm(self)
        self.message = QLabel(objectName="intake_message", wordWrap=True)
        self.message.hide()
        self.save_anyway = QPushButton(
            theme.icon("fa5s.plus-circle"), "ثبت به‌عنوان پرونده تازه", objectName="save_anyway"
        )
        self.save_anyway.clicked.connect(lambda: self.save(confirmed_new=True))
        self.save_anyway.hide()
        self.save_button = QPushButton(theme.icon("fa5s.save"), "ثبت تماس (Enter)", objectName="save")
        self.save_button.clicked.connect(lambda: self.save())
        self.clear_button = QPushButton(theme.icon("fa5s.eraser"), "پاک کردن (Esc)", objectName="clear")
        self.clear_button.clicked.connect(self.clear_form)
        self.new_button = QPushButton(
            theme.icon("fa5s.phone-alt"), "تماس تازه (Ctrl+N)", objectName="new_call"
        )
        self.new_button.clicked.connect(self.new_call)
        buttons = QHBoxLayout()
        for b in (self.save_button, self.clear_button, self.new_button):
            buttons.addWidget(b)
        self.undo_button = QPushButton(theme.icon("fa5s.undo"), "بازگرداندن", objectName="undo_clear")
        self.undo_button.setToolTip("تماسی که با Esc پاک شد به فرم برگردد (Ctrl+Z)")
        self.undo_button.clicked.connect(self.restore_discarded)
        self.undo_button.hide()
        buttons.addStretch(1)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.save_anyway)

        form_card = _card("intake_form")
        form_layout = QVBoxLayout(form_card)
        form_layout.addWidget(self.attach_banner)
        form_layout.addWidget(self.form)
        form_layout.addWidget(self.message)
        form_layout.addLayout(buttons)
        form_layout.addStretch(1)
        scroll = VerticalScrollArea(form_card, object_name="intake_scroll")

        self.result = self._result_card()
        self.callers = CallerPanel(self)
        self.callers.use_details.connect(self.use_caller_details)
        self.callers.attach_requested.connect(self.attach_to)
        self.callers.open_case.connect(self.open_case)
        side = QWidget(objectName="intake_side")
        self.side_panel = QVBoxLayout(side)  # the slot other sections add to (add_side_widget)
        self.side_panel.setContentsMargins(0, 0, 0, 0)
        self.side_panel.addWidget(self.result)
        recognition = _card("recognition")
        QVBoxLayout(recognition).addWidget(self.callers)
        self.side_panel.addWidget(recognition, 1)

        self.splitter = splitter = QSplitter(objectName="intake_splitter")
        splitter.addWidget(scroll)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([600, 400])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.session_label)
        self.rings = install_rings(self, head)  # «تماس‌های امروز», and the phone system's rings
        layout.addLayout(head)
        layout.addWidget(splitter, 1)

        self.lookup_timer = QTimer(self, singleShot=True, interval=LOOKUP_PAUSE_MS)
        self.lookup_timer.timeout.connect(self.recognise)
        self.text_timer = QTimer(self, singleShot=True, interval=TEXT_PAUSE_MS)
        self.text_timer.timeout.connect(self._emit_text)
        self.form.changed.connect(self._field_changed)
        QWidget.setTabOrder(self.form.fields()[-1], self.save_button)
        QWidget.setTabOrder(self.save_button, self.clear_button)
        QWidget.setTabOrder(self.clear_button, self.new_button)
        for keys, slot in (
            (QKeySequence.StandardKey.New, self.new_call),
            ("Ctrl+Return", self.save),
            ("Ctrl+Enter", self.save),
            ("Ctrl+D", self.callers.fill_button.click),
            ("Ctrl+J", self.callers.attach_button.click),
            ("Ctrl+Z", self.restore_discarded),
        ):
            shortcut = QShortcut(
                QKeySequence(keys), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut
            )
            shortcut.activated.connect(lambda s=slot: s())
        for field in self.form.fields():
            field.installEventFilter(self)
        self.changes = ChangeDebouncer(
            context.events, lambda _batch: self.form.load_choices(), self, wants=lambda batch: batch.settings
        )
        self.articles = install_in_intake(self)  # the knowledge base's suggestions
        self._show_session()
        self.form.phone.setFocus()

    def _result_card(self) -> QFrame:
        """The last saved call's tracking code, large, beside what was saved and its two actions: compact, so
        the recognition panel and the suggestions under it keep their room on a 768-pixel screen."""
        card = _card("result")
        heading = QLabel("کد رهگیری", objectName="result_heading")
        self.code_label = QLabel(objectName="tracking_code", alignment=Qt.AlignmentFlag.AlignCenter)
        self.code_label.setProperty("role", "big-code")
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_text = QLabel(objectName="result_text", wordWrap=True)
        self.result_text.setProperty("role", "hint")
        self.slip_button = QPushButton(theme.icon("fa5s.print"), "چاپ رسید", objectName="print_slip")
        self.slip_button.clicked.connect(self.print_slip)
        self.open_button = QPushButton(theme.icon("fa5s.folder-open"), "نمایش پرونده", objectName="open_case")
        self.open_button.clicked.connect(lambda: self.last_case and self.open_case(self.last_case.id))
        code = QVBoxLayout()
        code.setSpacing(0)
        code.addWidget(heading, 0, Qt.AlignmentFlag.AlignHCenter)
        code.addWidget(self.code_label)
        about = QVBoxLayout()
        about.addWidget(self.result_text, 1)
        row = QHBoxLayout()
        row.addWidget(self.slip_button)
        row.addWidget(self.open_button)
        row.addStretch(1)
        about.addLayout(row)
        layout = QHBoxLayout(card)
        layout.addLayout(code)
        layout.addLayout(about, 1)
        card.hide()
        return card

    # --- hooks ----------------------------------------------------------------------------------

    def add_side_widget(self, widget: QWidget, stretch: int = 1) -> None:
        """Put another section's widget in the side column, under the recognition panel."""
        self.side_panel.addWidget(widget, stretch)

    def _emit_text(self) -> None:
        values = self.form.values()
        agency = values["agency_id"] if isinstance(values["agency_id"], int) else None
        self.call_text_changed.emit(agency, values["category_id"], values["subject"], values["description"])

    # --- typing ---------------------------------------------------------------------------------

    def _field_changed(self, name: str) -> None:
        if self._discarded is not None and not (self._restoring or self._clearing) and self.has_typed_data():
            self._forget_discarded()  # the next call is being typed: the discarded one is gone for good
        if name in ("phone", "national_code"):
            self.lookup_timer.start()
            if not self._filling:
                self._unfill_if_key_cleared()
        if name in ("phone", "national_code", "agency_id", "category_id"):
            self._duplicate_ok = False
            self.save_anyway.hide()
        if name in ("agency_id", "category_id", "subject", "description"):
            self.text_timer.start()

    def recognise(self) -> None:
        """Look the caller up by what is typed so far (fast: two indexed queries)."""
        self.lookup_timer.stop()
        phone, code = self.form.phone.text(), self.form.national_code.text()
        if not phone.strip() and not code.strip():
            self.callers.reset()
            return
        matches = callers.lookup_caller(phone=phone, national_code=code)
        self.callers.set_matches(matches)  # offered in the side panel («همان مشخصات», Ctrl+D), never copied
        self.check_duplicates()

    def check_duplicates(self) -> list:
        found = [
            c
            for c in callers.likely_duplicates(self.form.values())
            if not self.attach_case or c.id != self.attach_case.id
        ]
        self.callers.set_duplicates(found)
        return found

    def use_caller_details(self, match) -> None:
        """The operator chose «همان مشخصات»: what this caller told us before goes into the caller's fields.
        What it put there is remembered, so clearing the phone and the national code takes it out again."""
        before = self.form.values()
        self._typed_keys = [k for k in ("phone", "national_code") if str(before[k] or "").strip()]
        values = {
            "caller_name": match.full_name,
            "national_code": match.national_code or "",
            "phone": match.phone or "",
            "address": match.address or "",
            "county_id": match.county_id,
        }
        for key in self._typed_keys:  # a phone or code typed for this call stays exactly as typed
            values.pop(key)
        self._filling = True
        try:
            self.form.set_values(values)
        finally:
            self._filling = False
        shown = self.form.values()
        self._filled = {
            name: shown[name]
            for name in values
            if name not in self._typed_keys and shown[name] != before[name]
        }
        self.form.subject.setFocus()

    def _unfill_if_key_cleared(self) -> None:
        """The phone or national code the caller was found by is cleared: the details «همان مشخصات» filled in
        go too (fields the operator changed since stay as typed)."""
        if not self._filled or all(self.form.widgets[k].text().strip() for k in self._typed_keys):
            return
        now = self.form.values()
        undo = {
            name: ("" if name != "county_id" else None)
            for name, value in self._filled.items()
            if now.get(name) == value
        }
        self._filled = {}
        if undo:
            self.form.set_values(undo)

    def attach_to(self, case) -> None:
        """The next save adds this call to the open case instead of opening a new one."""
        self.attach_case = case
        self.attach_banner.setText(
            f"این تماس به پرونده باز «{case.subject}» (کد {formatting.ident(format_tracking_code(case.tracking_code))}) افزوده می‌شود؛ "
            "برای ثبت پرونده تازه Esc بزنید."
        )
        self.attach_banner.show()
        self.save_button.setText("افزودن تماس به پرونده (Enter)")
        self.callers.set_duplicates([])
        self.form.description.setFocus()

    def cancel_attach(self) -> None:
        self.attach_case = None
        self.attach_banner.hide()
        self.save_button.setText("ثبت تماس (Enter)")

    # --- saving ---------------------------------------------------------------------------------

    def _session_id(self) -> int | None:
        session = sessions.current_session()
        return session.id if session else None

    def _show_session(self) -> None:
        session = sessions.current_session()
        self.session_label.setText("جلسه پاسخگویی باز: " + session.official_name if session else "")

    def save(self, confirmed_new: bool = False) -> bool:
        self.form.errors.clear()
        self._say("")
        data = self.form.values()
        if self.attach_case is not None:
            data["attach_to"] = self.attach_case.id
        elif not (confirmed_new or self._duplicate_ok) and self.check_duplicates():
            self._say(
                (
                    "این تماس احتمالاً تکرار پرونده‌ای باز است (فهرست کنار فرم). آن را به پرونده باز "
                    "بیفزایید یا «ثبت به‌عنوان پرونده تازه» را بزنید."
                ),
                error=True,
            )
            self._duplicate_ok = True
            self.save_anyway.show()
            self.save_anyway.setFocus()
            return False
        try:
            saved = cases.register_call(
                self.context.actor,
                data,
                session_id=self._session_id(),
                guided_by=self.articles.chosen_article_id,
                guidance_note=self.articles.note_text(),
            )
        except ValidationError as exc:
            self.form.errors.show(exc)
            return False
        except ServiceError as exc:
            self._say(exc.message, error=True)
            return False
        except Exception as exc:  # another PC held the database past the wait (after the safe retries)
            if not is_busy(exc):
                raise
            self._say(BUSY_MESSAGE, error=True)  # one sentence; the call stays in the form to save again
            return False
        case_id = saved.id
        self.last_case = cases.case_detail(case_id)
        self._show_result(self.last_case, follow_up=self.attach_case is not None)
        self.context.events.announce(cases=[case_id])
        self.call_registered.emit(self.last_case)
        self.clear_form(keep_result=True)
        return True

    def _show_result(self, case: cases.CaseDetail, follow_up: bool) -> None:
        self.code_label.setText(formatting.ident(case.tracking_code_grouped))
        what = "تماس پیگیری به این پرونده افزوده شد" if follow_up else "پرونده تازه ثبت شد"
        self.result_text.setText(f"{what}: {case.caller_name} — {case.subject}\n{case.status_label}")
        self.result.show()

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setProperty("role", "error" if error else "hint")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def clear_form(self, keep_result: bool = True) -> None:
        self.cancel_attach()
        self._clearing = True
        try:
            self.form.clear()
        finally:
            self._clearing = False
        self._filled = {}
        self.callers.reset()
        self._duplicate_ok = False
        self.save_anyway.hide()
        self._say("")
        if not keep_result:
            self.result.hide()
        self._show_session()
        self.form_cleared.emit()
        self.form.phone.setFocus()

    def new_call(self) -> None:
        self.clear_form(keep_result=False)

    # --- Esc, and getting the discarded call back ------------------------------------------------------

    def has_typed_data(self) -> bool:
        values = self.form.values()
        return (
            any(str(values.get(name) or "").strip() for name in TEXT_FIELDS + ("description",))
            or values.get("agency_id") is not None
            or values.get("county_id") is not None
        )

    def discard(self) -> None:
        """Esc: clear the form. What was typed is kept until the next call is typed, and «بازگرداندن»
        (Ctrl+Z) brings it back, so a slip of the finger never loses a call."""
        kept = self.form.values() if self.has_typed_data() else None
        attach = self.attach_case
        self.clear_form(keep_result=True)
        if kept is not None:
            self._discarded = (kept, attach)
            self._say("فرم پاک شد. برای بازگرداندن تماس پاک‌شده «بازگرداندن» (Ctrl+Z) را بزنید.")
            self.undo_button.show()

    def restore_discarded(self) -> bool:
        if self._discarded is None:
            return False
        kept, attach = self._discarded
        self._restoring = True
        try:
            self.form.set_values(kept)
        finally:
            self._restoring = False
        self._forget_discarded()
        if attach is not None:
            self.attach_to(attach)
        self.recognise()
        self.form.phone.setFocus()
        return True

    def eventFilter(self, watched, event) -> bool:
        """While a discarded call can come back, Ctrl+Z in an (empty) field is ours, not the field's undo."""
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and self._discarded is not None
            and event.matches(QKeySequence.StandardKey.Undo)
        ):
            event.ignore()
            return True
        return super().eventFilter(watched, event)

    def _forget_discarded(self) -> None:
        self._discarded = None
        self.undo_button.hide()
        if self.message.text().startswith("فرم پاک شد"):
            self._say("")

    def focus_first(self) -> None:
        """Where the next call starts: the phone box (the main window calls this whenever intake is shown)."""
        self.form.phone.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- the slip and the case --------------------------------------------------------------------

    def slip_pdf(self) -> bytes:
        case = self.last_case
        return tracking_slip_pdf(
            Slip(
                settings.get("center_name"),
                format_tracking_code(case.tracking_code),
                case.tracking_code,
                formatting.datetime(case.created_at),
                case.caller_name,
                case.subject,
            )
        )

    def print_slip(self):
        """The slip in the app's print preview (its print button asks for the printer): no PDF viewer needed."""
        if self.last_case is None:
            return None
        return print_with_preview(self, [self.slip_pdf()], "چاپ رسید")

    def open_case(self, case_id: int) -> None:
        from ui.cases.case_dialog import open_case_dialog

        open_case_dialog(self.context, case_id, self)

    # --- keys -------------------------------------------------------------------------------------

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            focus = self.focusWidget()
            if isinstance(focus, QAbstractButton):
                focus.click()
            elif isinstance(focus, QComboBox | AgencyPicker):
                focus.focusNextChild()  # Enter chooses the item and moves on; it never saves a half-filled call
            elif not isinstance(focus, QPlainTextEdit):
                self.save()
            return
        if key == Qt.Key.Key_Escape:
            self.discard()
            return
        super().keyPressEvent(event)

    def showEvent(self, event) -> None:
        self._show_session()
        super().showEvent(event)
