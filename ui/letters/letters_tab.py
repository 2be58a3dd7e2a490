"""Orders and letters: the issued letters with filters (preview, print, cancel, correct), and the drafts
waiting for an official, which can be issued and printed in one batch (a whole session's at once)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.identifiers import format_tracking_code
from app.domain.roles import allowed
from app.domain.status import LetterStatus
from app.services.admin import reference
from app.services.errors import ServiceError, ValidationError
from app.services.letters import letters, referrals
from ui import formatting, theme
from ui.change_debounce import ChangeDebouncer, reload_keeping_place
from ui.errors import show_error
from ui.letters.letter_preview_dialog import LetterPreviewDialog
from ui.letters.letters_table_model import LettersTableModel
from ui.letters.referral_order_dialog import ReferralOrderDialog
from ui.table_view import record_table
from ui.widgets.agency_picker import searchable_combo
from ui.widgets.fit import compact_combo, make_room, mark_essential
from ui.widgets.pdf_printing import print_with_dialog, print_with_preview
from ui.worker import run_in_background

DRAFT_HEADERS = ("کد رهگیری", "موضوع", "دستگاه", "دستور", "مهلت", "تهیه‌کننده", "تاریخ تهیه")


class LettersTab(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.can_issue = allowed(context.actor.role, "issue_referral")
        self.can_cancel = allowed(context.actor.role, "cancel_letter")
        self.task = None
        self.progress: QProgressDialog | None = None
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self._letters_box())
        splitter.addWidget(self._drafts_box())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.changes = ChangeDebouncer(context.events, self._changed, self)
        self.refresh()

    # --- letters ------------------------------------------------------------------------------------

    def _letters_box(self) -> QWidget:
        box = QGroupBox("نامه‌های صادرشده")
        self.search = QLineEdit(
            objectName="letter_search", placeholderText=("شماره نامه، کد رهگیری، نام شهروند یا موضوع")
        )
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.apply_filter)
        self.use_from = QCheckBox("از", objectName="use_from")
        self.date_from = formatting.jalali_date_edit(self)
        self.use_to = QCheckBox("تا", objectName="use_to")
        self.date_to = formatting.jalali_date_edit(self)
        self.agency = QComboBox(objectName="agency_filter")
        self.agency.addItem("همه دستگاه‌ها", None)
        for item in reference.list_items("agency"):
            self.agency.addItem(item.name, item.id)
        compact_combo(self.agency)
        searchable_combo(self.agency)  # any part of the name finds it
        self.status = QComboBox(objectName="status_filter")
        for label, value in (("همه", None), ("صادرشده", "issued"), ("باطل‌شده", "cancelled")):
            self.status.addItem(label, value)
        filter_button = QPushButton(theme.icon("fa5s.filter"), "نمایش", objectName="apply_filter")
        filter_button.clicked.connect(self.apply_filter)
        for widget in (self.use_from, self.use_to):
            widget.toggled.connect(self.apply_filter)
        for combo in (self.agency, self.status):
            combo.currentIndexChanged.connect(self.apply_filter)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        for widget in (
            self.use_from,
            self.date_from,
            self.use_to,
            self.date_to,
            self.agency,
            self.status,
            filter_button,
        ):
            filters.addWidget(widget)

        self.model = LettersTableModel(self)
        self.table = record_table(self.model, "letters_table", stretch=(2, 5), multi=True)  # agency, subject
        mark_essential(self.table, 0, 2, 5)
        make_room(self.table, 7, 9, 6)  # on a narrow screen: the issuer, then the priority, then the signer
        self.table.doubleClicked.connect(lambda _index: self.preview_selected())
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, self.preview_selected)
        self.count_label = QLabel(objectName="letters_count")
        self.count_label.setProperty("role", "hint")

        actions = QHBoxLayout()
        self.preview_button = self._button(actions, "fa5s.eye", "پیش‌نمایش", "preview", self.preview_selected)
        self.print_button = self._button(
            actions, "fa5s.print", "چاپ انتخاب‌شده‌ها", "print_selected", self.print_selected
        )
        self.cancel_button = self._button(
            actions, "fa5s.ban", "ابطال نامه", "cancel_letter", self.cancel_selected
        )
        self.correct_button = self._button(
            actions, "fa5s.edit", "نامه اصلاحی", "correct_letter", self.correct_selected
        )
        self._button(actions, "fa5s.folder-open", "نمایش پرونده", "open_case", self.open_case)
        self.cancel_button.setVisible(self.can_cancel)
        self.correct_button.setVisible(self.can_issue and self.can_cancel)
        actions.addStretch(1)
        actions.addWidget(self.count_label)
        layout = QVBoxLayout(box)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        return box

    def _button(self, row: QHBoxLayout, icon: str, text: str, name: str, slot) -> QPushButton:
        button = QPushButton(theme.icon(icon), text, objectName=name)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    def current_filter(self) -> letters.LetterFilter:
        return letters.LetterFilter(
            date_from=formatting.to_date(self.date_from) if self.use_from.isChecked() else None,
            date_to=formatting.to_date(self.date_to) if self.use_to.isChecked() else None,
            agency_id=self.agency.currentData(),
            status=self.status.currentData(),
            text=self.search.text(),
        )

    def apply_filter(self) -> None:
        try:
            self.model.set_filter(self.current_filter())
        except ValidationError as exc:  # e.g. the end date before the start: said where the count is
            self.count_label.setText(" ".join(exc.errors.values()))
            return
        self.count_label.setText("%1 نامه".replace("%1", formatting.number(len(self.model.ids))))

    def selected_letters(self) -> list[letters.LetterRow]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [r for r in (self.model.row_at(i) for i in rows) if r is not None]

    def preview_selected(self) -> LetterPreviewDialog | None:
        chosen = self.selected_letters()
        if not chosen:
            return None
        dialog = LetterPreviewDialog.for_letters(self.context, [r.id for r in chosen], self)
        dialog.open()
        return dialog

    def print_selected(self) -> None:
        chosen = self.selected_letters()
        if chosen:
            self.render_and_print([r.id for r in chosen])

    def cancel_selected(self, reason: str | None = None) -> bool:
        chosen = self.selected_letters()
        if len(chosen) != 1:
            return False
        row = chosen[0]
        if reason is None:
            reason, ok = QInputDialog.getMultiLineText(
                self, "ابطال نامه", "علت ابطال نامه %1:".replace("%1", formatting.ident(row.number))
            )
            if not ok:
                return False
        try:
            referrals.cancel_letter(self.context.actor, row.id, reason)
        except ServiceError as exc:
            show_error(self, exc)
            return False
        self.context.events.announce(letters=[row.id], referrals=[row.referral_id], cases=[row.case_id])
        self.changes.flush()  # this page at once; the others after their pause
        return True

    def correct_selected(self) -> ReferralOrderDialog | None:
        chosen = self.selected_letters()
        if len(chosen) != 1 or chosen[0].status != LetterStatus.ISSUED:
            return None
        dialog = ReferralOrderDialog(self.context, chosen[0].case_id, self, correct_letter_id=chosen[0].id)
        dialog.accepted.connect(
            lambda: (
                dialog.issued
                and LetterPreviewDialog.for_letters(self.context, dialog.issued_letter_ids, self).open()
            )
        )
        dialog.open()
        return dialog

    def open_case(self) -> None:
        chosen = self.selected_letters()
        if chosen:
            self.context.events.open_case.emit(chosen[0].case_id)

    # --- drafts and the batch ------------------------------------------------------------------------

    def _drafts_box(self) -> QWidget:
        box = QGroupBox("پیش‌نویس‌های در انتظار صدور")
        self.session = compact_combo(QComboBox(objectName="session_filter"))
        self.session.currentIndexChanged.connect(lambda _i: self.refresh_drafts())
        self.drafts = QStandardItemModel(0, len(DRAFT_HEADERS), self)
        self.drafts.setHorizontalHeaderLabels([h for h in DRAFT_HEADERS])
        self.drafts_table = record_table(self.drafts, "drafts_table", stretch=(1, 2, 3), multi=True)
        self.drafts_table.doubleClicked.connect(lambda _i: self.review_draft())
        top = QHBoxLayout()
        top.addWidget(QLabel("جلسه:"))
        top.addWidget(self.session, 1)
        actions = QHBoxLayout()
        self._button(
            actions,
            "fa5s.check-double",
            "انتخاب همه",
            "select_all_drafts",
            lambda: self.check_all_drafts(True),
        )
        self.batch_button = self._button(
            actions,
            "fa5s.file-signature",
            "پیش‌نمایش و صدور انتخاب‌شده‌ها",
            "issue_batch",
            lambda: self.preview_checked(),
        )
        self.review_button = self._button(
            actions, "fa5s.pen", "بررسی و صدور", "review_draft", self.review_draft
        )
        self.print_session_button = self._button(
            actions, "fa5s.print", "چاپ همه نامه‌های این جلسه", "print_session", self.print_session
        )
        self._button(actions, "fa5s.trash-alt", "کنار گذاشتن پیش‌نویس", "discard_draft", self.discard_draft)
        for button in (self.batch_button, self.review_button, self.print_session_button):
            button.setVisible(self.can_issue)
        self.batch_status = QLabel(objectName="batch_status")
        self.batch_status.setWordWrap(True)
        actions.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addLayout(top)
        layout.addWidget(self.drafts_table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.batch_status)
        return box

    def _fill_sessions(self) -> None:
        current = self.session.currentData()
        self.session.blockSignals(True)
        self.session.clear()
        self.session.addItem("همه پیش‌نویس‌ها", None)
        for s in letters.session_choices():
            self.session.addItem(
                "%1 — %2 (%3 پیش‌نویس، %4 نامه)".replace("%1", s.official_name)
                .replace("%2", formatting.datetime(s.checked_in_at))
                .replace("%3", formatting.number(s.drafts))
                .replace("%4", formatting.number(s.letters)),
                s.id,
            )
        index = self.session.findData(current)
        self.session.setCurrentIndex(max(0, index))
        self.session.blockSignals(False)

    def _changed(self, batch) -> None:
        if batch.followup or batch.settings:
            reload_keeping_place(self.table, self.refresh)

    def refresh(self) -> None:
        self.apply_filter()
        self._fill_sessions()
        self.refresh_drafts()

    def refresh_drafts(self) -> None:
        self.drafts.removeRows(0, self.drafts.rowCount())
        for d in referrals.list_drafts(session_id=self.session.currentData()):
            first = QStandardItem(formatting.ident(format_tracking_code(d.tracking_code)))
            first.setCheckable(True)
            first.setData(d.id, Qt.ItemDataRole.UserRole)
            first.setData(d.case_id, Qt.ItemDataRole.UserRole + 1)
            cells = [first] + [
                QStandardItem(text)
                for text in (
                    formatting.ident(d.subject),
                    formatting.ident(d.agency_name),
                    formatting.ident(d.instruction),
                    formatting.date(d.due_date),
                    d.prepared_by,
                    formatting.datetime(d.created_at),
                )
            ]
            self.drafts.appendRow(cells)
        self.print_session_button.setEnabled(self.session.currentData() is not None)

    def check_all_drafts(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for row in range(self.drafts.rowCount()):
            self.drafts.item(row, 0).setCheckState(state)

    def checked_drafts(self) -> list[int]:
        return [
            self.drafts.item(row, 0).data(Qt.ItemDataRole.UserRole)
            for row in range(self.drafts.rowCount())
            if self.drafts.item(row, 0).checkState() == Qt.CheckState.Checked
        ]

    def _selected_draft(self) -> tuple[int, int] | None:
        rows = self.drafts_table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.drafts.item(rows[0].row(), 0)
        return item.data(Qt.ItemDataRole.UserRole), item.data(Qt.ItemDataRole.UserRole + 1)

    def review_draft(self) -> ReferralOrderDialog | None:
        chosen = self._selected_draft()
        if chosen is None or not self.can_issue:
            return None
        draft_id, case_id = chosen
        same_case = [d.id for d in referrals.list_drafts(case_id=case_id)]
        dialog = ReferralOrderDialog(self.context, case_id, self, draft_ids=same_case or [draft_id])
        dialog.accepted.connect(
            lambda: (
                dialog.issued
                and LetterPreviewDialog.for_letters(self.context, dialog.issued_letter_ids, self).open()
            )
        )
        dialog.open()
        return dialog

    def discard_draft(self) -> None:
        chosen = self._selected_draft()
        if chosen is None:
            return
        try:
            referrals.discard_draft(self.context.actor, chosen[0])
        except ServiceError as exc:
            show_error(self, exc)
        self.refresh_drafts()

    def _start_progress(self, text: str, total: int) -> None:
        self.progress = QProgressDialog(text, "توقف", 0, max(1, total), self)
        self.progress.setWindowTitle("صدور و چاپ نامه‌ها")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self.progress.canceled.connect(lambda: self.task and self.task.cancel())
        self.progress.setValue(0)

    def _progress(self, done: int, total: int) -> None:
        if self.progress:
            self.progress.setMaximum(max(1, total))
            self.progress.setValue(done)

    def _finish_progress(self) -> None:
        if self.progress:
            self.progress.reset()
            self.progress.deleteLater()
            self.progress = None
        self.task = None

    def _batch_done(self, result: referrals.BatchResult) -> list[int]:
        failed = [
            "پیش‌نویس %1: %2".replace("%1", formatting.number(i)).replace("%2", m)
            for i, m in result.failed.items()
        ]
        self.batch_status.setText(
            "%1 نامه صادر شد.".replace("%1", formatting.number(len(result.issued)))
            + ("\n" + "\n".join(failed) if failed else "")
        )
        self.last_batch = result
        return [info.letter_id for info in result.issued if info.letter_id]

    def preview_checked(self):
        """The checked drafts' letters one by one (not yet numbered); «صدور و امضا» on the preview issues
        them together and the preview then holds the issued letters, to print as one job."""
        ids = self.checked_drafts()
        if not ids or self.task is not None:
            return None
        actor, session_id = self.context.actor, self.session.currentData()
        try:
            previews = referrals.preview_drafts(actor, ids)
        except ServiceError as exc:
            show_error(self, exc)
            return None

        def sign() -> list[int] | None:
            result = referrals.issue_drafts(actor, ids, session_id=session_id)
            self.refresh()
            return self._batch_done(result) or None

        from ui.letters.letter_preview_dialog import LetterPreviewDialog

        self.preview = LetterPreviewDialog.for_previews(self.context, previews, sign, self)
        self.preview.exec()
        return self.preview

    def issue_checked(self, printer: QPrinter | None = None, ask_printer: bool = True):
        """Issue the checked drafts in the background, then render and print their letters."""
        ids = self.checked_drafts()
        if not ids or self.task is not None:
            return None
        actor = self.context.actor
        session_id = self.session.currentData()
        self._start_progress("صدور نامه‌ها...", len(ids))

        def done(result: referrals.BatchResult) -> None:
            self._finish_progress()
            self.refresh()
            letter_ids = self._batch_done(result)
            if letter_ids:
                self.render_and_print(letter_ids, printer, ask_printer)

        def failed(exc: Exception) -> None:
            self._finish_progress()
            self.refresh()
            show_error(self, exc)

        self.task = run_in_background(
            lambda progress: referrals.issue_drafts(actor, ids, session_id=session_id, progress=progress),
            done,
            failed,
            self._progress,
        )
        return self.task

    def print_session(self) -> None:
        session_id = self.session.currentData()
        if session_id is None:
            return
        ids = letters.find_letter_ids(letters.LetterFilter(session_id=session_id, status=LetterStatus.ISSUED))
        self.render_and_print(list(reversed(ids)))

    def render_and_print(
        self, letter_ids: list[int], printer: QPrinter | None = None, ask_printer: bool = True
    ):
        """Render the letters in the background (progress shown), then print them in one job."""
        if self.task is not None or not letter_ids:
            return None
        self._start_progress("آماده‌سازی نامه‌ها برای چاپ...", len(letter_ids))

        def done(pdfs: list[tuple[str, bytes]]) -> None:
            self._finish_progress()
            self.last_printed = self._print([data for _, data in pdfs], printer, ask_printer)

        def failed(exc: Exception) -> None:
            self._finish_progress()
            show_error(self, exc)

        self.task = run_in_background(
            lambda progress: letters.letters_pdfs(letter_ids, progress), done, failed, self._progress
        )
        return self.task

    def _print(self, documents: list[bytes], printer: QPrinter | None, ask: bool) -> int | None:
        """Asked: the app's print preview opens (its print button asks for the printer) and `last_printed` is
        set when it closes. Not asked, with a printer: one job at once; returns the pages printed."""
        title = "چاپ %1 نامه".replace("%1", formatting.number(len(documents)))
        if not ask and printer is not None:
            return print_with_dialog(self, documents, title, printer, ask=False)
        preview = print_with_preview(self, documents, title)
        preview.finished.connect(lambda _: setattr(self, "last_printed", preview.printed))
        self.print_preview = preview
        return None
