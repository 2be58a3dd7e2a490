"""Every saved version of an article, newest first; a supervisor may make an old one current again."""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
)

from app.domain.roles import allowed
from app.services.errors import ServiceError
from app.services.knowledge import knowledge
from app.services.knowledge.knowledge import KIND_LABELS
from ui import formatting, theme
from ui.errors import show_error
from ui.knowledge.article_html import facts_html, marked


class ArticleHistoryDialog(QDialog):
    def __init__(self, context, article_id: int, parent=None):
        super().__init__(parent)
        self.context = context
        self.article_id = article_id
        self.reverted = False
        self.setWindowTitle("سابقه نسخه‌های مقاله")
        self.resize(900, 600)
        self.versions_list = QListWidget(objectName="versions")
        self.versions_list.currentRowChanged.connect(self._show)
        self.text = QTextBrowser(objectName="version_text")
        splitter = QSplitter()
        splitter.addWidget(self.versions_list)
        splitter.addWidget(self.text)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 640])
        self.revert_button = QPushButton(theme.icon("fa5s.undo"), "بازگرداندن این نسخه", objectName="revert")
        self.revert_button.clicked.connect(self.revert)
        self.revert_button.setVisible(allowed(context.actor.role, "manage_knowledge"))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("بستن")
        close.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.revert_button)
        row.addStretch(1)
        row.addWidget(close)
        hint = QLabel("هر ذخیره یک نسخه است؛ نسخه‌های پیشین هرگز پاک نمی‌شوند.")
        hint.setProperty("role", "hint")
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(splitter, 1)
        layout.addLayout(row)
        self.load()

    def load(self) -> None:
        self.versions = knowledge.list_versions(self.article_id)
        self.versions_list.clear()
        for v in self.versions:
            label = "نسخه " + formatting.number(v.version) + " — " + formatting.datetime(v.saved_at)
            item = QListWidgetItem(label + "\n" + v.saved_by)
            self.versions_list.addItem(item)
        self.versions_list.setCurrentRow(0)

    def _show(self, row: int) -> None:
        if row < 0 or row >= len(self.versions):
            self.text.clear()
            return
        v = self.versions[row]
        f = v.fields
        facts = [("نوع", KIND_LABELS.get(f.get("kind"), ""))]
        if f.get("number"):
            facts.append(("شماره", formatting.ident(f["number"])))
        if f.get("issued_on"):
            facts.append(("تاریخ", formatting.date(dt.date.fromisoformat(f["issued_on"]))))
        if f.get("issuer"):
            facts.append(("صادرکننده", f["issuer"]))
        if f.get("kind") == "circular":
            facts.append(("اعتبار", "معتبر" if f.get("in_force") else "منسوخ"))
        facts.append(("وضعیت", "فعال" if f.get("active", True) else "بایگانی‌شده"))
        facts.append(("ذخیره‌کننده", v.saved_by))
        rows = facts_html((k, escape(val)) for k, val in facts)
        body = "".join(f"<p>{marked(line)}</p>" for line in v.body.split("\n") if line.strip())
        self.text.setHtml(f"<div dir='rtl'><h3>{marked(v.title)}</h3>{rows}<hr/>{body}</div>")
        self.revert_button.setEnabled(row > 0)

    def revert(self) -> None:
        row = self.versions_list.currentRow()
        if row <= 0:
            return
        version = self.versions[row].version
        answer = QMessageBox.question(
            self,
            "بازگرداندن نسخه",
            "متن و ویژگی‌های نسخه "
            + formatting.number(version)
            + " نسخه کنونی شود؟ (نسخه تازه‌ای ساخته می‌شود.)",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.revert_version(version)

    def revert_version(self, version: int) -> None:
        try:
            knowledge.revert_to_version(self.context.actor, self.article_id, version)
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.reverted = True
        self.context.events.announce(other=True)
        self.load()
