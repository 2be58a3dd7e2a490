"""Issuing and printing a session's letters as one batch: the session's draft orders are issued (by the
referrals service, issue_drafts), then every issued letter of the session is rendered and sent to the printer
in one job, or saved to a folder. Slow work runs off the interface thread with a progress dialog."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QProgressDialog
from shiboken6 import isValid

from app.domain.roles import allowed
from app.domain.status import LetterStatus
from app.private_files import write_private
from app.services.letters import letters, referrals
from app.services.schedule import sessions
from ui import formatting
from ui.errors import show_error
from ui.widgets import file_dialogs
from ui.widgets.pdf_printing import print_with_preview
from ui.worker import run_in_background


class SessionLettersBatch(QObject):
    def __init__(self, context, parent_widget):
        super().__init__(parent_widget)
        self.context = context
        self.widget = parent_widget
        self.busy = False
        self.last_result = None  # (BatchResult or None, [(number, pdf)]) of the last run
        self.task = None

    def work(self, session_id: int, progress=None):
        """Issue the drafts (when allowed) and render every issued letter of the session."""
        drafts = sessions.session_work(session_id).letters_to_issue
        result = None
        if drafts and allowed(self.context.actor.role, "issue_referral"):
            result = referrals.issue_drafts(
                self.context.actor, drafts, session_id=session_id, progress=progress
            )
        ids = letters.find_letter_ids(letters.LetterFilter(session_id=session_id, status=LetterStatus.ISSUED))
        return result, letters.letters_pdfs(sorted(ids), progress)  # in the order they were numbered

    def run(self, session_id: int, on_finished=None):
        self.busy = True
        dialog = QProgressDialog("صدور و آماده‌سازی نامه‌های جلسه…", "توقف", 0, 0, self.widget)
        dialog.setMinimumDuration(300)

        def progress(done, total):
            dialog.setMaximum(total)
            dialog.setValue(done)

        def finish():
            self.busy = False
            if not isValid(self.widget):
                return
            dialog.close()
            if on_finished:
                on_finished()

        def done(value):
            self.last_result = value
            finish()
            if isValid(self.widget):
                self.present(*value)

        def failed(exc):
            finish()
            if isValid(self.widget):
                show_error(self.widget, exc)

        self.task = run_in_background(lambda report: self.work(session_id, report), done, failed, progress)
        dialog.canceled.connect(self.task.cancel)
        return self.task

    def summary(self, result, documents) -> str:
        lines = []
        if result is not None:
            lines.append("{n} نامه صادر شد.".replace("{n}", formatting.number(len(result.issued))))
            for draft_id, why in result.failed.items():
                lines.append(
                    "پیش‌نویس {id} صادر نشد: {why}".replace("{id}", formatting.ident(draft_id)).replace(
                        "{why}", why
                    )
                )
        if not allowed(self.context.actor.role, "issue_referral"):
            lines.append("پیش‌نویس‌ها را خود مسئول صادر می‌کند؛ نامه‌های صادرشده آماده چاپ است.")
        lines.append("{n} نامه این جلسه آماده چاپ است.".replace("{n}", formatting.number(len(documents))))
        return "\n".join(lines)

    def present(self, result, documents) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information, "نامه‌های جلسه", self.summary(result, documents), parent=self.widget
        )
        print_button = box.addButton("چاپ همه", QMessageBox.ButtonRole.AcceptRole)
        save_button = box.addButton("ذخیره در پوشه", QMessageBox.ButtonRole.ActionRole)
        box.addButton("بستن", QMessageBox.ButtonRole.RejectRole)
        print_button.setEnabled(bool(documents))
        save_button.setEnabled(bool(documents))
        box.exec()
        if box.clickedButton() is print_button:
            self.print_documents(documents)
        elif box.clickedButton() is save_button:
            folder = file_dialogs.existing_folder(self.widget, "پوشه نامه‌ها")
            if folder:
                self.save_documents(documents, folder)

    def print_documents(self, documents):
        """The session's letters in the app's print preview, one job (its print button asks for the printer)."""
        title = "چاپ نامه‌های جلسه ({n} نامه)".replace("{n}", formatting.number(len(documents)))
        return print_with_preview(self.widget, [pdf for _, pdf in documents], title)

    @staticmethod
    def save_documents(documents, folder: str) -> list[Path]:
        """Each letter as «<number>.pdf» in folder (slashes in the number become dashes)."""
        saved = []
        for number, pdf in documents:
            path = Path(folder) / (re.sub(r"[\\/:*?\"<>|]", "-", number) + ".pdf")
            write_private(path, pdf)
            saved.append(path)
        return saved
