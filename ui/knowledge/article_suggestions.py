"""The intake side panel: articles suggested from what the operator is typing, a search on demand, and one
action: «guided with this article — close the case».

The intake form calls `update_from_call(agency_id, category_id, subject, description)` whenever its text
changes; the panel waits for a pause in typing (a single-shot QTimer) before it asks for suggestions, so
typing never stutters. For a saved case (`set_case(case_id)`) the action closes it as guided at once; for a
call not yet saved it keeps the article (`chosen_article_id`, emitting `article_chosen(article_id)`), and
the intake page registers the call guided with it (cases.register_call(..., guided_by=...)).
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QListView, QPushButton, QVBoxLayout, QWidget

from app.domain.status import CaseStatus
from app.services.errors import ServiceError
from app.services.knowledge import guidance, knowledge, knowledge_search
from ui import theme
from ui.knowledge.article_results import HIT_ROLE, ArticleHitDelegate, ArticleResultsModel
from ui.knowledge.article_view import ArticleView

TYPING_PAUSE_MS = 300
LIMIT = 5


class ArticleSuggestionsPanel(QWidget):
    article_chosen = Signal(int)  # for a call not yet saved: guide it with this article when it is registered
    case_guided = Signal(int)  # a saved case was closed as guided

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.case_id: int | None = None
        self.chosen_article_id: int | None = None
        self._call: tuple = (None, None, "", "")
        self._asked: tuple | None = None

        heading = QLabel("بانک راهنمایی")
        heading.setProperty("role", "title")
        self.query = QLineEdit(objectName="suggestion_query")
        self.query.setPlaceholderText("جست‌وجو در بخشنامه‌ها و پاسخ‌ها…")
        self.query.setClearButtonEnabled(True)
        self.query.textChanged.connect(lambda _: self.timer.start())
        self.query.returnPressed.connect(self.refresh)
        self.source = QLabel(objectName="suggestion_source")
        self.source.setProperty("role", "hint")
        self.source.setWordWrap(True)
        self.model = ArticleResultsModel(self)
        self.list = QListView(objectName="suggestions")
        self.list.setModel(self.model)
        self.list.setItemDelegate(ArticleHitDelegate(self.list))
        self.list.setWordWrap(True)
        self.list.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMinimumHeight(
            5 * self.fontMetrics().height()
        )  # a suggestion or two, never one clipped line
        self.list.selectionModel().currentChanged.connect(lambda index, _: self._preview(index))
        self.list.doubleClicked.connect(lambda _: self.guide())
        self.view = ArticleView(self)
        self.view.setObjectName("suggestion_view")
        self.view.article_link_clicked.connect(self._open_linked)
        self.view.hide()  # the snippet is usually enough; the whole text on demand
        self.full_text = QPushButton(theme.icon("fa5s.file-alt"), "متن کامل", objectName="full_text")
        self.full_text.setCheckable(True)
        self.full_text.toggled.connect(self.view.setVisible)
        self.note = QLineEdit(objectName="guidance_note")
        self.note.setPlaceholderText("آنچه به شهروند گفته شد (اختیاری)")
        self.guide_button = QPushButton(
            theme.icon("fa5s.check-circle"), "راهنمایی شد با این مقاله — بستن پرونده", objectName="guide"
        )
        self.guide_button.clicked.connect(self.guide)
        self.message = QLabel(objectName="guide_message")
        self.message.setWordWrap(True)
        self.message.hide()
        actions = QHBoxLayout()  # one row: the panel keeps its room for suggestions on a 768-pixel screen
        actions.addWidget(self.guide_button, 1)
        actions.addWidget(self.full_text)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(heading)
        layout.addWidget(self.query)
        layout.addWidget(self.source)
        layout.addWidget(self.list, 3)
        layout.addWidget(self.view, 3)
        layout.addWidget(self.note)
        layout.addLayout(actions)
        layout.addWidget(self.message)

        self.timer = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self.timer.timeout.connect(self.refresh)
        self._enable()
        self.refresh()

    # --- inputs -------------------------------------------------------------------------------

    def update_from_call(
        self, agency_id: int | None, category_id: int | None, subject: str, description: str
    ) -> None:
        """What the operator has typed so far; suggestions follow after a short pause."""
        self._call = (agency_id, category_id, subject or "", description or "")
        self.timer.start()

    def set_case(self, case_id: int | None) -> None:
        """The saved case the action closes (None: the call is not registered yet)."""
        self.case_id = case_id
        self.message.clear()
        self._enable()

    def clear(self) -> None:
        """A new call: forget the previous one's text, choice and case."""
        self._call, self._asked, self.case_id, self.chosen_article_id = (None, None, "", ""), None, None, None
        self.query.clear()
        self.note.clear()
        self.message.clear()
        self.refresh()

    # --- suggestions ----------------------------------------------------------------------------

    def refresh(self) -> None:
        self.timer.stop()
        typed = self.query.text().strip()
        asked = ("query", typed) if typed else ("call", *self._call)
        if asked == self._asked:
            return
        self._asked = asked
        if typed:
            self.model.search(typed, in_force=True)
            self.source.setText("نتیجه جست‌وجو")
        else:
            hits = knowledge_search.suggest_articles(*self._call, limit=LIMIT) if any(self._call) else []
            self.model.set_hits(hits)
            self.source.setText(
                "پیشنهاد بر پایه موضوع و شرح تماس"
                if hits
                else "با نوشتن موضوع و شرح تماس، مقاله‌های مرتبط اینجا پیشنهاد می‌شوند."
            )
        if self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(0))
        else:
            self.view.show_article(None)
        self._enable()

    def current_article_id(self) -> int | None:
        hit = self.list.currentIndex().data(HIT_ROLE) if self.list.currentIndex().isValid() else None
        return hit.article_id if hit else None

    def _preview(self, index) -> None:
        hit = index.data(HIT_ROLE) if index.isValid() else None
        if hit is None:
            self.view.show_article(None)
        else:
            query = self.model.result.query if self.model.result else None
            self.view.show_article(knowledge.get_article(hit.article_id), query)
        self._enable()

    def _open_linked(self, article_id: int) -> None:
        self.view.show_article(knowledge.get_article(article_id))

    def _enable(self) -> None:
        self.guide_button.setEnabled(self.current_article_id() is not None)
        self.guide_button.setText("راهنمایی شد — بستن پرونده" if self.case_id else "راهنمایی با این مقاله")
        self.guide_button.setToolTip(
            "پرونده ثبت‌شده با راهنمایی این مقاله بسته می‌شود"
            if self.case_id
            else "با ثبت تماس، پرونده با راهنمایی این مقاله بسته می‌شود"
        )

    # --- the action -----------------------------------------------------------------------------

    def guide(self) -> None:
        article_id = self.current_article_id()
        if article_id is None:
            return
        if self.case_id is None:
            self.chosen_article_id = article_id
            title = self.model.hit(self.list.currentIndex().row()).title
            self._say("گام بعدی: راهنمایی با «" + title + "»؛ با ثبت تماس، پرونده راهنمایی و مختومه می‌شود.")
            self.article_chosen.emit(article_id)
            return
        try:
            guided = guidance.guide_case(self.context.actor, self.case_id, article_id, self.note_text())
        except ServiceError as exc:
            self._say(exc.message, error=True)
            return
        self._say("پرونده با «" + guided.article_title + "» راهنمایی و مختومه شد.")
        self.context.events.announce(cases=[guided.case_id])
        self.case_guided.emit(guided.case_id)

    def note_text(self) -> str:
        """What the operator wrote the caller was told (for register_and_guide on an unsaved call)."""
        return self.note.text()

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setProperty("role", "error" if error else "hint")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)
        self.message.setVisible(bool(text))


def install_in_intake(page) -> ArticleSuggestionsPanel:
    """Put the panel in the intake page's side column and follow the page's signals
    (ui.cases.intake_page.CallIntakePage: add_side_widget, call_text_changed, call_registered, form_cleared).
    The page reads `chosen_article_id` and `note_text()` when it saves; after a save, the saved case can be
    guided until a new call."""
    panel = ArticleSuggestionsPanel(page.context, page)
    panel.setObjectName("article_suggestions")
    page.add_side_widget(panel, 2)
    state = {"just_saved": False}

    def registered(case) -> None:
        state["just_saved"] = True
        panel.chosen_article_id = None
        panel.set_case(case.id if case.status == CaseStatus.REGISTERED else None)
        if case.status == CaseStatus.GUIDED:
            panel._say("پرونده راهنمایی و مختومه شد: " + case.subject)

    def cleared() -> None:
        if state["just_saved"]:  # the form empties itself after a save: keep the saved case and the list
            state["just_saved"] = False
            return
        panel.clear()

    page.call_text_changed.connect(panel.update_from_call)
    page.call_registered.connect(registered)
    page.form_cleared.connect(cleared)
    return panel
