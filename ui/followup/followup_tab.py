"""Follow-up and deadlines: referrals waiting for their agency, overdue in red and due soon in amber, by
agency with days late (calendar days). From here the operator records an agency's response (with
attachments), sends the reminder or — after the configured reminders — the escalation to the inspection
office, re-routes a case, and sees the selected case's timeline."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.followup import NextAction
from app.domain.roles import allowed
from app.domain.text import to_persian_digits
from app.services.errors import ServiceError
from app.services.followup import deadlines, reminders
from ui import formatting, theme
from ui.cases.case_timeline import CaseTimeline
from ui.change_debounce import ChangeDebouncer
from ui.errors import show_error
from ui.followup.followup_table_model import FollowUpTableModel
from ui.table_view import record_table
from ui.widgets.fit import mark_essential
from ui.worker import run_in_background

KIND_LABELS = (
    ("overdue", "گذشته از مهلت"),
    ("due_soon", "نزدیک به مهلت (تا ۳ روز)"),
    ("waiting", "همه در انتظار پاسخ"),
)


class FollowUpTab(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.setObjectName("followup_tab")
        self.task = None
        self.kind = QComboBox(objectName="kind")
        for key, label in KIND_LABELS:
            self.kind.addItem(label, key)
        self.search = QLineEdit(objectName="search")
        self.search.setPlaceholderText("شماره نامه، کد رهگیری یا واژه‌ای از موضوع…")
        self.search.setClearButtonEnabled(True)
        refresh = QPushButton(theme.icon("fa5s.sync"), "تازه کردن", objectName="refresh")
        self.summary = QLabel(objectName="summary")
        filters = QHBoxLayout()
        filters.addWidget(QLabel("فهرست:"))
        filters.addWidget(self.kind)
        filters.addWidget(self.search, 1)
        filters.addWidget(refresh)

        self.agencies = QTableWidget(0, 4, objectName="agencies")  # one row per agency with waiting referrals
        self.agencies.setHorizontalHeaderLabels(["دستگاه", "گذشته", "نزدیک", "بیشترین"])
        self.agencies.horizontalHeaderItem(3).setToolTip("بیشترین روز گذشته از مهلت")
        self.agencies.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.agencies.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.agencies.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.agencies.verticalHeader().hide()
        self.agencies.setWordWrap(False)
        header = self.agencies.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.agencies.itemSelectionChanged.connect(self.apply_filter)

        self.model = FollowUpTableModel(self)
        self.table = record_table(self.model, "followups", stretch=2)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(FollowUpTableModel.AGENCY_COLUMN, QHeaderView.ResizeMode.Interactive)
        mark_essential(self.table, 0, FollowUpTableModel.DAYS_COLUMN)  # the code and how late: always in view
        self.table.activated.connect(lambda _: self.record_response())
        self.timeline = CaseTimeline(self)

        self.respond_button = QPushButton(
            theme.icon("fa5s.reply"), "ثبت پاسخ دستگاه (F2)", objectName="respond"
        )
        self.chase_button = QPushButton(theme.icon("fa5s.bell"), "نامه تذکر (F3)", objectName="chase")
        self.reroute_button = QPushButton(
            theme.icon("fa5s.random"), "ارجاع به دستگاه دیگر", objectName="reroute"
        )
        self.letter_button = QPushButton(theme.icon("fa5s.file-pdf"), "نامه‌ها", objectName="letters")
        # an official issues what operators prepared (the letters then carry the official's signature)
        self.drafts_button = QPushButton(theme.icon("fa5s.file-signature"), "", objectName="issue_drafts")
        self.drafts_button.setVisible(allowed(context.actor.role, "issue_referral"))
        self.drafts_button.clicked.connect(self.issue_drafts)
        self.can_sign = True
        self.chase_all_button = QPushButton(
            theme.icon("fa5s.bullhorn"), "پیگیری همه گذشته‌های این دستگاه", objectName="chase_all"
        )
        self.respond_button.clicked.connect(self.record_response)
        self.chase_button.clicked.connect(self.chase)
        self.reroute_button.clicked.connect(lambda: self.record_response(reroute=True))
        self.letter_button.clicked.connect(self.show_letters)
        self.chase_all_button.clicked.connect(self.chase_agency)
        refresh.clicked.connect(self.reload)
        self.kind.currentIndexChanged.connect(self.apply_filter)
        self._search_timer = QTimer(self, singleShot=True, interval=300)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _: self._search_timer.start())
        QShortcut(QKeySequence("F2"), self, self.record_response)
        QShortcut(QKeySequence("F3"), self, self.chase)
        QShortcut(QKeySequence("F5"), self, self.reload)

        actions = QHBoxLayout()
        for button in (self.respond_button, self.chase_button, self.reroute_button, self.letter_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.chase_all_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(QLabel("دستگاه‌ها"))
        right_layout.addWidget(self.agencies)
        middle = QSplitter(Qt.Orientation.Vertical)
        middle.addWidget(self.table)
        middle.addWidget(self.timeline)
        middle.setStretchFactor(0, 3)
        middle.setStretchFactor(1, 2)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(right)
        split.addWidget(middle)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        split.setSizes([420, 980])
        layout = QVBoxLayout(self)
        filters.insertWidget(filters.count() - 1, self.drafts_button)  # beside «تازه کردن»: the row has room
        layout.addLayout(filters)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        layout.addLayout(actions)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selection_changed())
        self.changes = ChangeDebouncer(
            context.events,
            lambda _batch: self.reload(),
            self,
            wants=lambda batch: batch.followup or batch.settings,
        )
        self.reload()

    # --- loading -----------------------------------------------------------------------------------------

    def reload(self) -> None:
        self.can_sign = reminders.can_sign_followup(self.context.actor)
        self.chase_all_button.setVisible(self.can_sign)
        if self.drafts_button.isVisibleTo(self):
            waiting = len(reminders.pending_drafts())
            self.drafts_button.setText("صدور پیش‌نویس‌ها (%1)".replace("%1", formatting.number(waiting)))
            self.drafts_button.setEnabled(waiting > 0 and not self.task)
        counts = deadlines.counts()
        self.summary.setText(
            "%1 ارجاع گذشته از مهلت و %2 نزدیک به مهلت (روزها تقویمی شمرده می‌شود)".replace(
                "%1", formatting.number(counts.overdue)
            ).replace("%2", formatting.number(counts.due_soon))
        )
        self.summary.setProperty("role", "error" if counts.overdue else "hint")
        self.summary.style().unpolish(self.summary)
        self.summary.style().polish(self.summary)
        chosen = self.selected_agency()
        rows = deadlines.by_agency()
        self.agencies.blockSignals(True)
        self.agencies.setRowCount(len(rows) + 1)
        self.agencies.setItem(0, 0, QTableWidgetItem("همه دستگاه‌ها"))
        self.agencies.item(0, 0).setData(Qt.ItemDataRole.UserRole, None)
        total = [sum(a.overdue for a in rows), sum(a.due_soon for a in rows)]
        for c, value in enumerate(total, 1):
            self.agencies.setItem(0, c, QTableWidgetItem(formatting.number(value)))
        self.agencies.setItem(0, 3, QTableWidgetItem(""))
        for r, a in enumerate(rows, 1):
            name = QTableWidgetItem(a.agency_name)
            name.setData(Qt.ItemDataRole.UserRole, a.agency_id)
            self.agencies.setItem(r, 0, name)
            self.agencies.setItem(r, 1, QTableWidgetItem(formatting.number(a.overdue)))
            self.agencies.setItem(r, 2, QTableWidgetItem(formatting.number(a.due_soon)))
            late = "%1 روز".replace("%1", formatting.number(a.most_days_late)) if a.most_days_late else ""
            self.agencies.setItem(r, 3, QTableWidgetItem(late))
            if a.overdue:
                self.agencies.item(r, 1).setForeground(Qt.GlobalColor.darkRed)
        row = next(
            (
                r
                for r in range(self.agencies.rowCount())
                if self.agencies.item(r, 0).data(Qt.ItemDataRole.UserRole) == chosen
            ),
            0,
        )
        self.agencies.selectRow(row)
        self.agencies.blockSignals(False)
        self.apply_filter()

    def selected_agency(self) -> int | None:
        items = self.agencies.selectedItems()
        return (
            items[0].tableWidget().item(items[0].row(), 0).data(Qt.ItemDataRole.UserRole) if items else None
        )

    def apply_filter(self) -> None:
        current = self.current_row()
        self.model.set_filter(
            deadlines.FollowUpFilter(
                kind=self.kind.currentData(), agency_id=self.selected_agency(), text=self.search.text()
            )
        )
        self.table.setColumnWidth(FollowUpTableModel.AGENCY_COLUMN, 200)
        row = next(
            (i for i, r in enumerate(self.model.rows) if current and r.referral_id == current.referral_id), 0
        )
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(row, 0))
        self._selection_changed()

    def current_row(self) -> deadlines.FollowUpRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _selection_changed(self) -> None:
        row = self.current_row()
        for button in (self.respond_button, self.reroute_button, self.letter_button):
            button.setEnabled(row is not None)
        action = NextAction(row.next_action) if row else NextAction.NONE
        self.chase_button.setEnabled(action in (NextAction.REMIND, NextAction.ESCALATE))
        if action == NextAction.ESCALATE:
            self.chase_button.setText(
                "ارجاع به بازرسی (F3)" if self.can_sign else "پیش‌نویس ارجاع به بازرسی (F3)"
            )
            self.chase_button.setIcon(theme.icon("fa5s.gavel", "#b3261e"))
        else:
            self.chase_button.setText("نامه تذکر (F3)" if self.can_sign else "پیش‌نویس تذکر (F3)")
            self.chase_button.setIcon(theme.icon("fa5s.bell"))
        self.chase_all_button.setEnabled(self.selected_agency() is not None and not self.task)
        self.timeline.set_case(row.case_id if row else None)

    # --- actions -----------------------------------------------------------------------------------------

    def record_response(self, reroute: bool = False) -> None:
        row = self.current_row()
        if row is None:
            return
        from ui.followup.response_dialog import ResponseDialog

        try:
            dialog = ResponseDialog(self.context, row.referral_id, self, reroute=reroute)
        except ServiceError as exc:
            show_error(self, exc)
            return
        dialog.exec()  # a saved response announces itself (events.announce), which reloads the list

    def chase(self) -> reminders.ChaseInfo | None:
        row = self.current_row()
        if row is None or row.next_action not in (NextAction.REMIND, NextAction.ESCALATE):
            return None
        if row.next_action == NextAction.ESCALATE:
            question = "«%1» به %2 تذکر پاسخ نداده است. نامه ارجاع به دفتر بازرسی صادر شود؟"
        else:
            question = "برای ارجاع به «%1» نامه تذکر (تذکر شماره %2) با مهلت تازه صادر شود؟"
        question = question.replace("%1", row.agency_name).replace(
            "%2",
            formatting.number(row.reminders if row.next_action == NextAction.ESCALATE else row.reminders + 1),
        )
        if not self.can_sign:  # no signer for this person: a draft an official issues
            return self.prepare_draft(row)
        if not self.confirm(question):
            return None
        try:
            info = reminders.chase(self.context.actor, row.referral_id)
        except ServiceError as exc:
            show_error(self, exc)
            self.reload()
            return None
        self.context.events.announce(referrals=[row.referral_id])
        self.changes.flush()  # this page at once; the others after their pause
        self.offer_letter(info)
        return info

    def prepare_draft(self, row) -> None:
        question = (
            "نامه پیگیری را مسئول امضا و صادر می‌کند. پیش‌نویس آن برای ارجاع به «%1» آماده شود تا مسئول صادرش کند؟"
        ).replace("%1", row.agency_name)
        if not self.confirm(question):
            return None
        try:
            reminders.prepare_draft(self.context.actor, row.referral_id)
        except ServiceError as exc:
            show_error(self, exc)
            return None
        self.context.events.announce(referrals=[row.referral_id])
        self.changes.flush()
        self.summary.setText("پیش‌نویس آماده شد؛ پس از صدور مسئول، نامه در فهرست نامه‌ها دیده می‌شود.")
        return None

    def issue_drafts(self) -> None:
        """An official issues every pending draft in one batch, off the interface thread."""
        waiting = reminders.pending_drafts()
        if not waiting or self.task:
            return
        question = "%1 پیش‌نویس نامه پیگیری با امضای شما صادر شود؟".replace(
            "%1", formatting.number(len(waiting))
        )
        if not self.confirm(question):
            return
        actor, ids = self.context.actor, [d.id for d in waiting]
        self.drafts_button.setEnabled(False)
        self.task = run_in_background(
            lambda progress: reminders.issue_drafts(actor, ids, progress),
            self._chased_many,
            self._chase_failed,
        )

    def confirm(self, question: str) -> bool:
        answer = QMessageBox.question(self, "پیگیری", question)
        return answer == QMessageBox.StandardButton.Yes

    def offer_letter(self, info: reminders.ChaseInfo) -> None:
        kind = "نامه تذکر" if info.kind == "reminder" else "نامه ارجاع به بازرسی"
        text = "%1 شماره %2 صادر شد.".replace("%1", kind).replace("%2", formatting.ident(info.letter_number))
        if info.new_due_date:
            text += " " + "مهلت تازه: %1".replace("%1", formatting.date_long(info.new_due_date))
        box = QMessageBox(
            QMessageBox.Icon.Information, "پیگیری", text, QMessageBox.StandardButton.Close, self
        )
        show = box.addButton("نمایش و چاپ نامه", QMessageBox.ButtonRole.AcceptRole)
        box.exec()
        if box.clickedButton() is show:
            self.preview([info.letter_id])

    def preview(self, letter_ids: list[int]) -> None:
        from ui.letters.letter_preview_dialog import LetterPreviewDialog

        LetterPreviewDialog.for_letters(self.context, letter_ids, self).exec()

    def show_letters(self) -> None:
        row = self.current_row()
        if row is None:
            return
        from app.services.letters import letters

        ids = letters.find_letter_ids(letters.LetterFilter(case_id=row.case_id))
        self.preview(ids[::-1])

    def chase_agency(self) -> None:
        agency = self.selected_agency()
        if agency is None or self.task:
            return
        ids = deadlines.followup_ids(deadlines.FollowUpFilter(kind="overdue", agency_id=agency))
        if not ids:
            return
        question = "برای %1 ارجاع گذشته از مهلت این دستگاه، نامه تذکر یا ارجاع به بازرسی صادر شود؟".replace(
            "%1", formatting.number(len(ids))
        )
        if not self.confirm(question):
            return
        actor = self.context.actor
        self.chase_all_button.setEnabled(False)
        self.task = run_in_background(
            lambda progress: reminders.chase_many(actor, ids, progress),
            self._chased_many,
            self._chase_failed,
            lambda done, total: self.summary.setText(
                "پیگیری %1 از %2…".replace("%1", formatting.number(done)).replace(
                    "%2", formatting.number(total)
                )
            ),
        )

    def _chased_many(self, batch: reminders.ChaseBatch) -> None:
        self.task = None
        self.context.events.announce(
            referrals=[c.referral_id for c in batch.done], letters=[c.letter_id for c in batch.done]
        )
        self.changes.flush()  # this page at once; the others after their pause
        text = "%1 نامه صادر شد؛ %2 ارجاع پیگیری نشد.".replace(
            "%1", formatting.number(len(batch.done))
        ).replace("%2", formatting.number(len(batch.failed)))
        if batch.failed:
            text += "\n" + to_persian_digits("\n".join(sorted(set(batch.failed.values()))[:5]))
        QMessageBox.information(self, "پیگیری", text)
        if batch.done:
            self.preview([d.letter_id for d in batch.done])

    def _chase_failed(self, exc: Exception) -> None:
        self.task = None
        self.reload()
        show_error(self, exc)
