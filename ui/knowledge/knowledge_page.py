"""The guidance knowledge base: search circulars, agency missions and ready answers (matched words bold),
filter them, read one; supervisors write, edit, retire and import articles and see every version; the
usage tab shows which articles guided callers most."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.roles import allowed
from app.services.admin import reference
from app.services.errors import ServiceError
from app.services.knowledge import knowledge
from app.services.knowledge.knowledge import KIND_LABELS
from ui import formatting, theme
from ui.change_debounce import ChangeDebouncer
from ui.errors import show_error
from ui.knowledge.article_editor_dialog import ArticleEditorDialog
from ui.knowledge.article_history_dialog import ArticleHistoryDialog
from ui.knowledge.article_import_dialog import ArticleImportDialog
from ui.knowledge.article_results import HIT_ROLE, ArticleHitDelegate, ArticleResultsModel
from ui.knowledge.article_view import ArticleView
from ui.widgets.agency_picker import searchable_combo

TYPING_PAUSE_MS = 250


NEW_ARTICLE_KEYS = "Ctrl+Shift+N"
SEARCH_KEYS = "Ctrl+K"


class KnowledgePage(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        role = context.actor.role
        self.can_edit = allowed(role, "manage_knowledge")

        title = QLabel("بانک راهنمایی")
        title.setProperty("role", "title")
        self.counts = QLabel(objectName="counts")
        self.counts.setProperty("role", "hint")
        self.new_button = QPushButton(theme.icon("fa5s.plus"), "مقاله تازه", objectName="new_article")
        self.new_button.clicked.connect(self.new_article)
        self.import_button = QPushButton(
            theme.icon("fa5s.file-import"), "ورود از پرونده…", objectName="import_articles"
        )
        self.import_button.clicked.connect(self.open_import)
        for button in (self.new_button, self.import_button):
            button.setVisible(self.can_edit)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addWidget(self.counts)
        header.addStretch(1)
        header.addWidget(self.import_button)
        header.addWidget(self.new_button)

        self.tabs = QTabWidget(objectName="knowledge_tabs")
        self.tabs.addTab(self._search_tab(), theme.icon("fa5s.search"), "جست‌وجو")
        self.usage_tab = None
        if allowed(role, "view_reports"):
            from ui.knowledge.knowledge_usage_tab import KnowledgeUsageTab

            self.usage_tab = KnowledgeUsageTab(context, self)
            self.tabs.addTab(self.usage_tab, theme.icon("fa5s.chart-bar"), "کاربرد مقاله‌ها")
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)

        self.timer = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self.timer.timeout.connect(self.search)
        # Ctrl+F finds a case by tracking code from any screen (the main window's finder); Ctrl+K searches here
        QShortcut(QKeySequence(SEARCH_KEYS), self, activated=self.focus_search)
        if self.can_edit:
            QShortcut(
                QKeySequence(NEW_ARTICLE_KEYS), self, activated=self.new_article
            )  # Ctrl+N is a new call
            self.new_button.setToolTip(f"مقاله تازه ({NEW_ARTICLE_KEYS})")
        self.changes = ChangeDebouncer(
            context.events,
            lambda _batch: self.refresh(),
            self,
            wants=lambda batch: batch.other or batch.settings,
        )
        self.refresh()

    # --- layout ---------------------------------------------------------------------------------

    def _search_tab(self) -> QWidget:
        self.query = QLineEdit(objectName="query")
        self.query.setPlaceholderText("جست‌وجو در عنوان، متن و شماره بخشنامه‌ها… (Ctrl+K)")
        self.query.setClearButtonEnabled(True)
        self.query.addAction(theme.icon("fa5s.search"), QLineEdit.ActionPosition.LeadingPosition)
        self.query.textChanged.connect(lambda _: self.timer.start())
        self.query.returnPressed.connect(self._enter)
        self.kind = QComboBox(objectName="kind_filter")
        self.kind.addItem("همه گونه‌ها", None)
        for code, label in KIND_LABELS.items():
            self.kind.addItem(label, code)
        self.agency = QComboBox(objectName="agency_filter")
        self.agency.addItem("همه دستگاه‌ها", None)
        for item in reference.list_items("agency", active_only=True):
            self.agency.addItem(item.name, item.id)
        self.agency.setMaximumWidth(280)
        searchable_combo(self.agency)  # any part of the name finds it
        self.validity = QComboBox(objectName="validity_filter")
        self.validity.addItem("معتبر و منسوخ", None)
        self.validity.addItem("فقط معتبر", True)
        self.validity.addItem("فقط منسوخ", False)
        self.include_retired = QCheckBox("بایگانی‌شده‌ها هم", objectName="include_retired")
        self.include_retired.setVisible(self.can_edit)
        for widget in (self.kind, self.agency, self.validity):
            widget.currentIndexChanged.connect(self.search)
        self.include_retired.toggled.connect(self.search)
        filters = QHBoxLayout()
        filters.addWidget(self.query, 3)
        for widget in (self.kind, self.agency, self.validity, self.include_retired):
            filters.addWidget(widget)

        self.status = QLabel(objectName="result_status")
        self.status.setProperty("role", "hint")
        self.model = ArticleResultsModel(self)
        self.results = QListView(objectName="results")
        self.results.setModel(self.model)
        self.results.setItemDelegate(ArticleHitDelegate(self.results))
        self.results.setWordWrap(True)
        self.results.setUniformItemSizes(False)
        self.results.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.results.setResizeMode(QListView.ResizeMode.Adjust)
        self.results.selectionModel().currentChanged.connect(self._current_changed)
        self.view = ArticleView(self)
        self.view.setObjectName("article_view")
        self.view.article_link_clicked.connect(self.open_article)

        self.edit_button = QPushButton(theme.icon("fa5s.edit"), "ویرایش", objectName="edit_article")
        self.edit_button.clicked.connect(self.edit_article)
        self.history_button = QPushButton(
            theme.icon("fa5s.history"), "سابقه نسخه‌ها", objectName="article_history"
        )
        self.history_button.clicked.connect(self.show_history)
        self.retire_button = QPushButton(theme.icon("fa5s.archive"), "بایگانی", objectName="retire_article")
        self.retire_button.clicked.connect(self.toggle_retired)
        actions = QHBoxLayout()
        for button in (self.edit_button, self.history_button, self.retire_button):
            actions.addWidget(button)
        actions.addStretch(1)
        self.edit_button.setVisible(self.can_edit)
        self.retire_button.setVisible(self.can_edit)
        reader = QWidget()
        reader_layout = QVBoxLayout(reader)
        reader_layout.setContentsMargins(0, 0, 0, 0)
        reader_layout.addWidget(self.view, 1)
        reader_layout.addLayout(actions)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.status)
        left_layout.addWidget(self.results, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(reader)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        self._enable_actions()
        return tab

    # --- searching ------------------------------------------------------------------------------

    def filters(self) -> dict:
        return {
            "kind": self.kind.currentData(),
            "agency_id": self.agency.currentData(),
            "in_force": self.validity.currentData(),
            "include_retired": self.include_retired.isChecked(),
        }

    def search(self) -> None:
        self.timer.stop()
        current = self.view.article.id if self.view.article else None
        result = self.model.search(self.query.text(), **self.filters())
        if result.note:
            self.status.setText(result.note)
        elif result.more_than_cap:
            self.status.setText(
                "بیش از " + formatting.number(result.total - 1) + " مقاله یافت شد؛ واژه‌های بیشتری بنویسید."
            )
        elif self.query.text().strip():
            self.status.setText(formatting.number(result.total) + " مقاله یافت شد.")
        else:
            self.status.setText(formatting.number(result.total) + " مقاله؛ برای جست‌وجو بنویسید.")
        rows = [h.article_id for h in self.model.hits]
        row = rows.index(current) if current in rows else (0 if rows else -1)
        if row >= 0:
            self.results.setCurrentIndex(self.model.index(row))
            self._current_changed(self.model.index(row))
        else:
            self.view.show_article(None)
            self._enable_actions()

    def refresh(self) -> None:
        counts = knowledge.counts()
        self.counts.setText(
            "، ".join(
                formatting.number(counts.get(code, 0)) + " " + label for code, label in KIND_LABELS.items()
            )
        )
        self.search()

    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.query.setFocus()
        self.query.selectAll()

    def _enter(self) -> None:
        self.search()
        if self.model.rowCount():
            self.results.setFocus()

    def _current_changed(self, index, _previous=None) -> None:
        hit = index.data(HIT_ROLE) if index.isValid() else None
        if hit is None:
            self.view.show_article(None)
        else:
            self.open_article(hit.article_id, select=False)
        self._enable_actions()

    def open_article(self, article_id: int, select: bool = True) -> None:
        try:
            article = knowledge.get_article(article_id)
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.view.show_article(article, self.model.result.query if self.model.result else None)
        if select:
            rows = [h.article_id for h in self.model.hits]
            if article_id in rows:
                self.results.setCurrentIndex(self.model.index(rows.index(article_id)))
        self._enable_actions()

    def _enable_actions(self) -> None:
        article = self.view.article
        for button in (self.edit_button, self.history_button, self.retire_button):
            button.setEnabled(article is not None)
        if article is not None:
            self.retire_button.setText("بایگانی" if article.active else "بازگرداندن از بایگانی")
            self.edit_button.setEnabled(article.active)

    # --- supervisor actions -----------------------------------------------------------------------

    def new_article(self) -> ArticleEditorDialog | None:
        if not self.can_edit:
            return None
        dialog = ArticleEditorDialog(self.context, None, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.article:
            self.query.clear()
            self.open_article(dialog.article.id)
        return dialog

    def edit_article(self) -> None:
        if not self.view.article:
            return
        dialog = ArticleEditorDialog(self.context, self.view.article, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.article:
            self.open_article(dialog.article.id)

    def show_history(self) -> None:
        if self.view.article:
            ArticleHistoryDialog(self.context, self.view.article.id, self).exec()

    def toggle_retired(self) -> None:
        article = self.view.article
        if article is None:
            return
        try:
            if article.active:
                knowledge.retire_article(self.context.actor, article.id)
            else:
                knowledge.restore_article(self.context.actor, article.id)
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.context.events.announce(other=True)
        self.changes.flush()  # this page at once; the others after their pause
        self.open_article(article.id)

    def open_import(self) -> None:
        if self.can_edit:
            ArticleImportDialog(self.context, self).exec()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.query.setFocus()
