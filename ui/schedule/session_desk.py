"""The official's desk: one screen for the hour. The queue at the right (held today, waiting from before,
prepared by the center), the caller taken up in the middle (the case, its text, the operators' notes, the
official's note so far and the caller's earlier cases), and the decisions at the left: the official's note,
guidance that closes the case, hold for follow-up, and an order to agencies with a ready instruction and a
deadline. Nothing opens another window; the services own every rule (app.services.schedule.session_desk).

Keys: Up/Down in the queue choose the caller; Ctrl+Enter keeps the note; F6 guide and close; F7 hold for
follow-up; F8 the order; in the agency box Enter adds the agency to the order."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain.letters import READY_INSTRUCTIONS
from app.domain.roles import allowed
from app.domain.status import STATUS_LABELS, CaseStatus, label
from app.services.admin import reference
from app.services.errors import ServiceError, ValidationError
from app.services.letters import referrals
from app.services.schedule import session_desk
from ui import formatting, theme
from ui.schedule.schedule_models import Column, RowsModel
from ui.table_view import record_table
from ui.widgets.agency_picker import AgencyPicker
from ui.widgets.fit import compact_combo
from ui.widgets.ready_phrases import append_chosen_phrase
from ui.widgets.text_box import persian_text_box


def queue_model(parent=None) -> RowsModel:
    return RowsModel(
        [
            Column("نوع", lambda q: q.kind_label),
            Column("تماس‌گیرنده", lambda q: q.citizen_name),
            Column("موضوع", lambda q: q.subject + (f" ({q.detail})" if q.detail else "")),
        ],
        parent,
    )


def earlier_model(parent=None) -> RowsModel:
    return RowsModel(
        [
            Column("تاریخ", lambda c: formatting.date(c.created_at.date()), True),
            Column("کد رهگیری", lambda c: formatting.ident(c.tracking_code), True),
            Column("موضوع", lambda c: c.subject),
            Column("وضعیت", lambda c: label(STATUS_LABELS, CaseStatus, c.status)),
        ],
        parent,
    )


class SessionDesk(QWidget):
    decided = Signal(str, int)  # what was decided (note, guide, hold, order) and the case's id

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.session = None  # the open session this desk works in (SessionInfo), or None
        self.file = None  # the caller taken up (CallerFile), or None
        self.may_decide = allowed(context.actor.role, "official_desk")

        self.queue_model = queue_model(self)
        self.queue = record_table(self.queue_model, "desk_queue", stretch=2, alternate=True)
        self.queue.selectionModel().selectionChanged.connect(lambda *_: self._take_selected())
        self.queue_title = QLabel(objectName="queue_title", wordWrap=True)
        self.queue_title.setProperty("role", "heading")
        queue_box = QWidget()
        queue_layout = QVBoxLayout(queue_box)
        queue_layout.setContentsMargins(0, 0, 0, 0)
        queue_layout.addWidget(self.queue_title)
        queue_layout.addWidget(self.queue, 1)

        self.caller = QLabel(objectName="desk_caller", wordWrap=True)
        self.caller.setProperty("role", "heading")
        self.case_text = QTextBrowser(objectName="desk_case_text")
        self.case_text.setOpenLinks(False)
        self.earlier_model = earlier_model(self)
        self.earlier = record_table(self.earlier_model, "desk_earlier", stretch=2)
        self.earlier.setMaximumHeight(110)
        self.earlier_title = QLabel(objectName="earlier_title")
        self.earlier_title.setProperty("role", "hint")
        case_box = QWidget()
        case_layout = QVBoxLayout(case_box)
        case_layout.setContentsMargins(0, 0, 0, 0)
        case_layout.addWidget(self.caller)
        case_layout.addWidget(self.case_text, 3)
        case_layout.addWidget(self.earlier_title)
        case_layout.addWidget(self.earlier, 1)

        self.actions = QTabWidget(objectName="desk_actions")
        self.actions.addTab(self._decision_tab(), theme.icon("fa5s.comment-dots"), "یادداشت و تصمیم")
        self.actions.addTab(self._order_tab(), theme.icon("fa5s.file-signature"), "دستور ارجاع")
        self.message = QLabel(objectName="desk_message", wordWrap=True)
        actions_box = QWidget()
        actions_layout = QVBoxLayout(actions_box)
        actions_layout.setContentsMargins(0, 0, 0, 0)
        actions_layout.addWidget(self.actions, 1)
        actions_layout.addWidget(self.message)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, objectName="desk_splitter")
        for part, stretch in ((queue_box, 3), (case_box, 4), (actions_box, 4)):
            self.splitter.addWidget(part)
            self.splitter.setStretchFactor(self.splitter.indexOf(part), stretch)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([330, 420, 360])  # scaled to the width the desk gets
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self._show_file(None)

    # --- building ------------------------------------------------------------------------------------

    def _decision_tab(self) -> QWidget:
        box = QWidget(objectName="desk_decision")
        self.note = persian_text_box("official_note")
        self.note.setPlaceholderText("آنچه مسئول به شهروند گفت و تصمیمی که گرفت…")
        self.note.setTabChangesFocus(True)
        self.note_button = QPushButton(theme.icon("fa5s.save"), "ثبت یادداشت مسئول", objectName="save_note")
        self.note_button.setToolTip("Ctrl+Enter")
        self.guide_button = QPushButton(
            theme.icon("fa5s.check-circle"), "راهنمایی و مختومه (F6)", objectName="guide_close"
        )
        self.guide_button.setShortcut(QKeySequence("F6"))
        self.hold_button = QPushButton(
            theme.icon("fa5s.user-clock"), "نگه‌داشتن برای پیگیری (F7)", objectName="hold"
        )
        self.hold_button.setShortcut(QKeySequence("F7"))
        self.note_button.clicked.connect(self.save_note)
        self.guide_button.clicked.connect(self.guide_and_close)
        self.hold_button.clicked.connect(self.hold)
        self.note.installEventFilter(self)  # Ctrl+Enter keeps the note
        layout = QVBoxLayout(box)
        layout.addWidget(self.note, 1)
        for button in (self.note_button, self.guide_button, self.hold_button):
            layout.addWidget(button)
        return box

    def _order_tab(self) -> QWidget:
        box = QWidget(objectName="desk_order")
        agencies = [(a.id, a.name) for a in reference.list_items("agency", active_only=True)]
        self.agency = AgencyPicker(agencies, object_name="desk_agency")
        self.agency.returnPressed.connect(self.add_agency)
        add = QPushButton(theme.icon("fa5s.plus"), "افزودن", objectName="add_agency")
        add.clicked.connect(self.add_agency)
        self.chosen = QListWidget(objectName="desk_agencies")
        self.chosen.setMaximumHeight(64)
        self.chosen.setToolTip("Delete: برداشتن دستگاه")
        remove = QShortcut(QKeySequence("Delete"), self.chosen, context=Qt.ShortcutContext.WidgetShortcut)
        remove.activated.connect(
            lambda: [self.chosen.takeItem(self.chosen.row(i)) for i in self.chosen.selectedItems()]
        )
        self.ready = QComboBox(objectName="desk_ready_phrases")
        self.ready.addItem("عبارت‌های آماده دستور…")
        for phrase in READY_INSTRUCTIONS:
            self.ready.addItem(phrase)
        compact_combo(self.ready, 18)  # the long phrases show in the open list
        self.ready.activated.connect(self._use_phrase)
        self.instruction = persian_text_box("desk_instruction")
        self.instruction.setTabChangesFocus(True)
        self.instruction.setMinimumHeight(48)
        self.due_days = QSpinBox(objectName="desk_due_days", minimum=1, maximum=365, value=10)
        self.due_days.setSuffix(" روز")
        self.due_date = formatting.jalali_date_edit(self, referrals.default_due_date(10, False))
        self.due_date.setObjectName("desk_due_date")
        self.due_days.valueChanged.connect(
            lambda days: self.due_date.setDate(referrals.default_due_date(days, False))
        )
        self.order_button = QPushButton(
            theme.icon("fa5s.share-square"), "ثبت دستور (F8)", objectName="desk_order_button"
        )
        self.order_button.setShortcut(QKeySequence("F8"))
        self.order_button.setToolTip("نامه‌ها در پایان جلسه با هم پیش‌نمایش، امضا و چاپ می‌شوند.")
        self.order_button.clicked.connect(self.order)
        pick = QHBoxLayout()
        pick.addWidget(self.agency, 1)
        pick.addWidget(add)
        due = QHBoxLayout()
        due.addWidget(QLabel("مهلت"))
        due.addWidget(self.due_days)
        due.addWidget(self.due_date, 1)
        layout = QVBoxLayout(box)
        layout.addLayout(pick)
        layout.addWidget(self.chosen)
        layout.addWidget(self.ready)
        layout.addWidget(self.instruction, 1)
        layout.addLayout(due)
        layout.addWidget(self.order_button)
        return box

    def eventFilter(self, watched, event) -> bool:
        if (
            watched is self.note
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.save_note()
            return True
        return super().eventFilter(watched, event)

    # --- state ---------------------------------------------------------------------------------------

    def set_session(self, session) -> None:
        self.session = session if session and session.is_open else None
        self.reload()

    def reload(self) -> None:
        """The queue again (keeping the caller taken up), and the caller's file."""
        chosen = self.file.case.id if self.file else None
        items = session_desk.session_queue(self.session.id if self.session else None)
        self.queue_model.set_rows(items)
        counts = {k: sum(1 for q in items if q.kind == k) for k in session_desk.QUEUE_LABELS}
        self.queue_title.setText(
            "صف: {h} نگه‌داشته، {w} در انتظار، {p} آماده‌شده".replace("{h}", formatting.number(counts["held"]))
            .replace("{w}", formatting.number(counts["waiting"]))
            .replace("{p}", formatting.number(counts["prepared"]))
        )
        row = next((i for i, q in enumerate(items) if q.case_id == chosen), None)
        if row is not None:
            self.select_row(row)  # the same caller: not taken up again
        if chosen:
            self.take(chosen)
        else:
            self._show_file(None)

    def select_row(self, row: int) -> None:
        """Choose a queue row through the selection model, as a click does (QTableView.selectRow picks its
        column at the viewport's edge, unreliable in a right-to-left view not laid out yet)."""
        flags = QItemSelectionModel.SelectionFlag.Rows | QItemSelectionModel.SelectionFlag.ClearAndSelect
        index = self.queue_model.index(row, 0)
        self.queue.selectionModel().select(index, flags)
        self.queue.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)

    def _take_selected(self) -> None:
        rows = self.queue.selectionModel().selectedRows()
        item = self.queue_model.row_at(rows[0].row()) if rows else None
        if item is not None and (self.file is None or self.file.case.id != item.case_id):
            self.take(item.case_id)

    def take(self, case_id: int | None) -> None:
        """Show a case (from the queue, or any case id) as the caller taken up."""
        try:
            file = session_desk.caller_file(case_id) if case_id else None
        except ServiceError:
            file = None
        if file is not None and (self.file is None or self.file.case.id != file.case.id):
            self.note.setPlainText(file.official_note)
            self.chosen.clear()
            self.instruction.clear()
            self.message.clear()
        self._show_file(file)

    def _show_file(self, file) -> None:
        self.file = file
        can = bool(file and self.session and self.may_decide)
        for w in (self.note_button, self.guide_button, self.hold_button, self.order_button):
            w.setEnabled(can)
        if not self.may_decide:
            why = "تصمیم‌ها با خود مسئول جلسه است."
        elif not self.session:
            why = "نخست ورود مسئول را ثبت کنید."
        else:
            why = "شهروندی را از صف انتخاب کنید."
        if file is None:
            self.caller.setText("شهروندی انتخاب نشده است")
            self.case_text.setHtml(f"<p>{html.escape(why)}</p>")
            self.earlier_model.set_rows([])
            self.earlier_title.setText("پرونده‌های پیشین شهروند")
            return
        c = file.case
        self.caller.setText(
            "{name} — {phone} — پرونده {code} ({status})".replace("{name}", c.caller_name)
            .replace("{phone}", formatting.ident(c.phone or "بی‌شماره"))
            .replace("{code}", formatting.ident(c.tracking_code))
            .replace("{status}", c.status_label)
        )
        self.case_text.setHtml(self._case_html(file))
        self.earlier_model.set_rows(file.earlier)
        self.earlier_title.setText(
            "پرونده‌های پیشین شهروند ({n})".replace("{n}", formatting.number(len(file.earlier)))
        )

    @staticmethod
    def _case_html(file) -> str:
        c = file.case
        e = html.escape
        parts = [
            f"<p><b>{e(c.request_type_name)}: {e(formatting.ident(c.subject))}</b> — {e(c.county_name)}، "
            f"{e(c.category_name)}، ثبت {e(formatting.datetime(c.created_at))}</p>",
            f"<p>{e(formatting.ident(c.description)).replace(chr(10), '<br>')}</p>",
        ]
        if file.operator_notes:
            parts.append("<p><b>یادداشت کارشناسان</b></p><ul>")
            for n in file.operator_notes:
                parts.append(
                    f"<li>{e(n.who)} ({e(formatting.datetime(n.at))}): {e(formatting.ident(n.text))}</li>"
                )
            parts.append("</ul>")
        if file.official_note:
            parts.append(f"<p><b>یادداشت مسئول:</b> {e(formatting.ident(file.official_note))}</p>")
        if file.drafts:
            names = "، ".join(d.agency_name for d in file.drafts)
            parts.append(f"<p><b>دستور در انتظار امضا:</b> {e(names)}</p>")
        return "".join(parts)

    # --- decisions -----------------------------------------------------------------------------------

    def _decide(self, what: str, action) -> bool:
        if not (self.file and self.session):
            return False
        case_id = self.file.case.id
        try:
            action(self.session.id, case_id)
        except ValidationError as exc:
            self._say("\n".join(exc.errors.values()), error=True)
            return False
        except ServiceError as exc:
            self._say(exc.message, error=True)
            return False
        self.context.events.announce(cases=[case_id], other=True)
        self.decided.emit(what, case_id)
        return True

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setProperty("role", "error" if error else "hint")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)

    def save_note(self) -> bool:
        actor, text = self.context.actor, self.note.toPlainText()
        done = self._decide("note", lambda s, c: session_desk.write_official_note(actor, s, c, text))
        if done:
            self._say("یادداشت مسئول روی پرونده ثبت شد.")
            self.take(self.file.case.id)
        return done

    def guide_and_close(self) -> bool:
        actor, text = self.context.actor, self.note.toPlainText()
        done = self._decide("guide", lambda s, c: session_desk.guide_and_close(actor, s, c, text))
        if done:
            self._next("شهروند راهنمایی شد و پرونده مختومه است.")
        return done

    def hold(self) -> bool:
        actor, text = self.context.actor, self.note.toPlainText()
        done = self._decide("hold", lambda s, c: session_desk.hold_for_follow_up(actor, s, c, text))
        if done:
            self._next("پرونده برای پیگیری مسئول نگه داشته شد.")
        return done

    def order_data(self) -> dict:
        return {
            "agency_ids": self.chosen_agencies(),
            "instruction": self.instruction.toPlainText(),
            "due_date": formatting.to_date(self.due_date),
            "working_days": False,
        }

    def order(self) -> bool:
        actor, data, text = self.context.actor, self.order_data(), self.note.toPlainText()
        done = self._decide("order", lambda s, c: session_desk.order_referral(actor, s, c, data, note=text))
        if done:
            n = formatting.number(len(data["agency_ids"]))
            self._next("دستور به {n} دستگاه ثبت شد؛ نامه‌ها در پایان جلسه امضا می‌شوند.".replace("{n}", n))
        return done

    def _next(self, said: str) -> None:
        """After a decision that ends the conversation: the next caller in the queue."""
        self.file = None
        self.note.clear()
        self.chosen.clear()
        self.instruction.clear()
        self.reload()
        if self.queue_model.rowCount():
            self.select_row(0)
        self.queue.setFocus()
        self._say(said)

    # --- the order's agencies and instruction -----------------------------------------------------------

    def add_agency(self) -> bool:
        chosen = self.agency.value()
        if not isinstance(chosen, int):
            self._say("دستگاه را از فهرست انتخاب کنید (بخشی از نامش را بنویسید).", error=True)
            return False
        if chosen not in self.chosen_agencies():
            item = QListWidgetItem(self.agency.name_of(chosen))
            item.setData(Qt.ItemDataRole.UserRole, chosen)
            self.chosen.addItem(item)
        self.agency.clear()
        self.message.clear()
        return True

    def chosen_agencies(self) -> list[int]:
        return [self.chosen.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.chosen.count())]

    def _use_phrase(self, index: int) -> None:
        append_chosen_phrase(self.ready, self.instruction, index)
