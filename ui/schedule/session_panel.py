"""Session mode: the official on duty checks in and out; the panel shows the cases held for the official,
the calls and orders of the session, and issues and prints the session's letters as one batch."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain import jalali
from app.domain.attendance import SLOT_STATUS_LABELS, SlotStatus, format_duration, format_hours, format_time
from app.domain.roles import Role, allowed
from app.services.errors import ServiceError
from app.services.letters import letters, referrals
from app.services.schedule import officials, schedule, session_desk, sessions
from ui import formatting, theme
from ui.change_debounce import ChangeDebouncer
from ui.errors import show_error
from ui.schedule.schedule_models import held_cases_model, session_calls_model, session_orders_model
from ui.schedule.session_desk import SessionDesk
from ui.schedule.session_letters import SessionLettersBatch
from ui.table_view import record_table

REFRESH_MS = 60_000  # calls registered on other PCs during the session show up within a minute
CLOCK_MS = 15_000  # the hour's clock (computed here, no database read)


DESK_TAB, HELD_TAB, CALLS_TAB, ORDERS_TAB = range(4)


def _span(minutes: int) -> str:
    """۲۵ دقیقه, or ۱:۰۵ from an hour up."""
    return formatting.number(minutes) + " دقیقه" if minutes < 60 else format_duration(minutes)


def _table(model, name: str, stretch: int) -> QTableView:
    return record_table(model, name, stretch=stretch, alternate=True)


class SessionPanel(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.session = None  # the session shown: the open one, else today's last
        self.own = (
            officials.official_for_user(context.actor.user_id)
            if context.actor.role == Role.OFFICIAL
            else None
        )

        card = QFrame(objectName="session_card")
        card.setProperty("role", "card")
        self.status = QLabel(objectName="session_status", wordWrap=True)
        self.status.setProperty("role", "title")
        self.clock = QLabel(objectName="session_clock")
        self.clock.setProperty("role", "title")
        self.duty = QLabel(objectName="duty", wordWrap=True)
        self.duty.setProperty("role", "hint")
        self.official = QComboBox(objectName="official")
        self.check_in_button = QPushButton(
            theme.icon("fa5s.sign-in-alt"), "ورود مسئول", objectName="check_in"
        )
        self.check_out_button = QPushButton(
            theme.icon("fa5s.sign-out-alt"), "خروج مسئول", objectName="check_out"
        )
        refresh = QPushButton(theme.icon("fa5s.sync"), "بازخوانی", objectName="refresh")
        self.summary_button = QPushButton(
            theme.icon("fa5s.clipboard-list"), "خلاصه جلسه", objectName="summary"
        )
        self.summary_button.setToolTip(
            "یک برگ برای مسئول: تماس‌ها، دستورها، راهنمایی‌ها و مدت حضور در برابر نوبت"
        )
        self.summary_button.clicked.connect(self.show_summary)
        self.check_in_button.clicked.connect(self.check_in)
        self.check_out_button.clicked.connect(self.check_out)
        refresh.clicked.connect(self.reload)
        controls = QHBoxLayout()
        controls.addWidget(QLabel("مسئول:"))
        controls.addWidget(self.official, 1)
        for w in (self.check_in_button, self.check_out_button, self.summary_button, refresh):
            controls.addWidget(w)
        card_layout = QVBoxLayout(card)
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.clock)
        card_layout.addLayout(top)
        card_layout.addWidget(self.duty)
        card_layout.addLayout(controls)

        self.held_model = held_cases_model(self)
        self.calls_model = session_calls_model(self)
        self.orders_model = session_orders_model(self)
        self.held_table = _table(self.held_model, "held_cases", 3)
        self.calls_table = _table(self.calls_model, "session_calls", 3)
        self.orders_table = _table(self.orders_model, "session_orders", 2)
        self.take_up_button = QPushButton(
            theme.icon("fa5s.comments"), "گفت‌وگوی مسئول با این شهروند", objectName="take_up"
        )
        self.take_up_button.clicked.connect(self.take_up)
        new_call = QPushButton(
            theme.icon("fa5s.phone-alt"), "ثبت تماس تازه در این جلسه", objectName="new_call"
        )
        new_call.clicked.connect(lambda: context.events.navigate.emit("intake"))
        self.batch = SessionLettersBatch(context, self)
        self.batch_button = QPushButton(theme.icon("fa5s.print"), "", objectName="issue_batch")
        self.batch_button.clicked.connect(self.issue_and_print)
        self.desk = SessionDesk(context, self)
        self.desk.decided.connect(lambda *_: self.reload())
        self.tabs = QTabWidget(objectName="session_tabs")
        self.tabs.addTab(self.desk, theme.icon("fa5s.headset"), "میز مسئول")
        self.tabs.addTab(
            self._with_buttons(self.held_table, [self.take_up_button, new_call]),
            theme.icon("fa5s.user-clock"),
            "",
        )
        self.tabs.addTab(self.calls_table, theme.icon("fa5s.phone"), "")
        self.tabs.addTab(
            self._with_buttons(self.orders_table, [self.batch_button]), theme.icon("fa5s.file-signature"), ""
        )

        layout = QVBoxLayout(self)
        layout.addWidget(card)
        layout.addWidget(self.tabs, 1)
        self.changes = ChangeDebouncer(context.events, lambda _batch: self.reload(), self)
        self.timer = QTimer(self, interval=REFRESH_MS)
        self.timer.timeout.connect(self._tick)
        self.timer.start()
        self.clock_timer = QTimer(self, interval=CLOCK_MS)
        self.clock_timer.timeout.connect(self.show_clock)
        self.clock_timer.start()
        self._fill_officials()
        self.reload()

    def _tick(self) -> None:
        if self.isVisible():
            self.reload()
        else:  # a page out of sight asks the database nothing; it reloads when shown again
            self._missed_tick = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if getattr(self, "_missed_tick", False):
            self._missed_tick = False
            self.reload()

    def _with_buttons(self, table: QTableView, buttons: list[QPushButton]) -> QWidget:
        box = QWidget()
        row = QHBoxLayout()
        for b in buttons:
            row.addWidget(b)
        row.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addWidget(table)
        layout.addLayout(row)
        return box

    def _fill_officials(self) -> None:
        self.official.clear()
        if self.context.actor.role == Role.OFFICIAL:
            if self.own:
                self.official.addItem(self.own.label, self.own.id)
            self.official.setEnabled(False)  # an official checks in only themselves
            return
        today = {
            s.official_id
            for s in schedule.list_slots(jalali.today_local(), jalali.today_local(), include_cancelled=False)
        }
        for o in sorted(
            officials.list_officials(active_only=True), key=lambda o: (o.id not in today, o.full_name)
        ):
            self.official.addItem(o.label, o.id)  # today's official on duty first

    # --- state -------------------------------------------------------------------------------

    def reload(self) -> None:
        today = jalali.today_local()
        self.session = sessions.current_session(self.own.id if self.own else None)
        if self.session is None:
            todays = sessions.list_sessions(today, today, self.own.id if self.own else None)
            self.session = todays[-1] if todays else None
        s = self.session
        if s and s.is_open:
            since = (
                "ساعت " + format_time(jalali.to_local(s.checked_in_at).time())
                if jalali.to_local(s.checked_in_at).date() == today
                else formatting.datetime(s.checked_in_at)
            )
            text = (
                "«{name}» از {time} در مرکز است".replace("{name}", s.official_name).replace("{time}", since)
                + self._slot_note(s)
                + "."
            )
        elif s:
            text = "جلسه «{name}» بسته شد؛ مدت حضور {duration}.".replace("{name}", s.official_name).replace(
                "{duration}", format_duration(s.duration_minutes)
            )
        elif self.context.actor.role == Role.OFFICIAL and not self.own:
            text = "حساب شما به هیچ مسئولی پیوند نخورده است؛ از ناظر مرکز بخواهید آن را پیوند دهد."
        else:
            text = "جلسه‌ای باز نیست."
        self.status.setText(text)
        self.duty.setText(self._duty_text(today))
        is_open = bool(s and s.is_open)
        can_open = allowed(self.context.actor.role, "open_session") and self.official.count() > 0
        self.check_in_button.setEnabled(can_open and not is_open)
        self.check_out_button.setEnabled(is_open)
        self.summary_button.setEnabled(self.session is not None)
        self.official.setEnabled(not is_open and self.context.actor.role != Role.OFFICIAL)
        if is_open:
            self.official.setCurrentIndex(max(0, self.official.findData(s.official_id)))
        held = sessions.held_cases()
        self.held_model.set_rows(held)
        work = sessions.session_work(s.id) if s else None
        self.calls_model.set_rows(work.calls if work else [])
        self.orders_model.set_rows(work.orders if work else [])
        self.take_up_button.setEnabled(is_open and bool(held))
        self.tabs.setTabText(
            HELD_TAB, "نگه‌داشته برای مسئول ({n})".replace("{n}", formatting.number(len(held)))
        )
        self.tabs.setTabText(
            CALLS_TAB, "تماس‌های جلسه ({n})".replace("{n}", formatting.number(len(work.calls) if work else 0))
        )
        self.tabs.setTabText(
            ORDERS_TAB,
            "دستورهای جلسه ({n})".replace("{n}", formatting.number(len(work.orders) if work else 0)),
        )
        self.desk.set_session(s if is_open else None)
        self.show_clock()
        drafts = len(work.letters_to_issue) if work else 0
        self.batch_button.setText(
            "صدور و چاپ نامه‌های جلسه ({n} پیش‌نویس)".replace("{n}", formatting.number(drafts))
        )
        self.batch_button.setEnabled(bool(work and work.orders) and not self.batch.busy)

    def show_clock(self) -> None:
        """Started, elapsed and what remains of the slot, while the session is open."""
        s = self.session
        if not (s and s.is_open):
            self.clock.clear()
            return
        c = session_desk.session_clock(s)
        parts = [
            "ورود " + format_time(jalali.to_local(s.checked_in_at).time()),
            "گذشته " + _span(c.elapsed_minutes),
        ]
        if c.remaining_minutes is not None:
            parts.append(
                "مانده از نوبت " + _span(c.remaining_minutes)
                if c.remaining_minutes >= 0
                else "گذشته از پایان نوبت " + _span(-c.remaining_minutes)
            )
        self.clock.setText(" · ".join(parts))

    def _slot_note(self, s) -> str:
        if s.slot_id is None:
            return " (خارج از برنامه حضور)"
        return " (نوبت {hours}، {status})".replace("{hours}", format_hours(s.slot_start, s.slot_end)).replace(
            "{status}", SLOT_STATUS_LABELS[SlotStatus(s.slot_status)]
        )

    def _duty_text(self, today) -> str:
        slots = schedule.list_slots(today, today)
        if not slots:
            return "امروز ({day}) نوبتی در برنامه حضور نیست.".replace("{day}", formatting.date_long(today))
        parts = [
            "{name}، {hours} ({status})".replace("{name}", s.official_name)
            .replace("{hours}", format_hours(s.start_time, s.end_time))
            .replace("{status}", SLOT_STATUS_LABELS[SlotStatus(s.status)])
            for s in slots
        ]
        return "نوبت امروز: " + "؛ ".join(parts)

    # --- actions -----------------------------------------------------------------------------

    def _run(self, action) -> bool:
        try:
            action()
        except ServiceError as exc:
            show_error(self, exc)
            self.reload()
            return False
        self.context.events.announce(other=True)
        self.changes.flush()  # this page at once; the others after their pause
        return True

    def check_in(self) -> bool:
        official_id = self.official.currentData()
        return self._run(lambda: sessions.check_in(self.context.actor, official_id))

    def check_out(self) -> bool:
        if not (self.session and self.session.is_open):
            return False
        session_id = self.session.id
        return self._run(lambda: sessions.check_out(self.context.actor, session_id))

    def take_up(self) -> bool:
        rows = self.held_table.selectionModel().selectedRows()
        case = self.held_model.row_at(rows[0].row()) if rows else None
        if not (case and self.session and self.session.is_open):
            return False
        session_id = self.session.id
        return self._run(lambda: sessions.take_up_held_case(self.context.actor, session_id, case.id))

    def issue_and_print(self) -> None:
        """The session's drafts are previewed and signed together first (when this user may issue); then,
        or when there is nothing to sign, the session's letters are printed as one job."""
        if not self.session:
            return
        drafts = sessions.session_work(self.session.id).letters_to_issue
        if drafts and allowed(self.context.actor.role, "issue_referral"):
            self.preview_and_sign(drafts)
        else:
            self.batch.run(self.session.id, on_finished=self.reload)
        self.reload()

    def preview_and_sign(self, drafts: list[int]):
        actor, session_id = self.context.actor, self.session.id
        try:
            previews = referrals.preview_drafts(actor, drafts)
        except ServiceError as exc:
            show_error(self, exc)
            return None
        from ui.letters.letter_preview_dialog import LetterPreviewDialog

        def sign() -> list[int] | None:
            result = referrals.issue_drafts(actor, drafts, session_id=session_id)
            self.context.events.announce(
                referrals=[i.id for i in result.issued], cases=sorted({i.case_id for i in result.issued})
            )
            if result.failed:
                QMessageBox.warning(self.preview, "نامه‌های جلسه", self.batch.summary(result, []))
            ids = letters.find_letter_ids(letters.LetterFilter(session_id=session_id, status="issued"))
            return sorted(ids) or None  # every letter of the session, in the order they were numbered

        self.preview = LetterPreviewDialog.for_previews(self.context, previews, sign, self)
        self.preview.exec()
        return self.preview

    def show_summary(self):
        """The session's one-page summary, to read and print."""
        if not self.session:
            return None
        from app.services.schedule.session_summary import session_summary_pdf
        from ui.letters.letter_preview_dialog import LetterPreviewDialog

        session_id = self.session.id
        self.summary_dialog = LetterPreviewDialog(
            self.context,
            [("خلاصه جلسه", f"session-{session_id}.pdf", lambda: session_summary_pdf(session_id))],
            self,
        )
        self.summary_dialog.setWindowTitle("خلاصه جلسه پاسخگویی")
        self.summary_dialog.exec()
        return self.summary_dialog

    def current_case_id(self) -> int | None:
        """The case selected in the visible table (for opening it)."""
        if self.tabs.currentIndex() == DESK_TAB:
            return self.desk.file.case.id if self.desk.file else None
        table = [self.held_table, self.calls_table, self.orders_table][self.tabs.currentIndex() - 1]
        rows = table.selectionModel().selectedRows()
        item = table.model().row_at(rows[0].row()) if rows else None
        return getattr(item, "id", None) if table is self.held_table else getattr(item, "case_id", None)

    def keyPressEvent(self, event) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and self.tabs.currentIndex() == DESK_TAB:  # the desk keeps the official on this screen
            self.desk.note.setFocus()
            return
        if enter and self.current_case_id():
            self.context.events.open_case.emit(self.current_case_id())
            return
        super().keyPressEvent(event)
