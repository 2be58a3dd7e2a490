"""One article, read-only, with the searched words bold; links to the circular that replaced it (or that it
replaced) ask to open that article."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTextBrowser

from app.domain.search_text import Query, highlight_spans
from app.services.knowledge.knowledge import ArticleInfo
from ui.knowledge.article_html import article_html


class ArticleView(QTextBrowser):
    article_link_clicked = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._anchor)
        self.article: ArticleInfo | None = None
        self.show_article(None)

    def show_article(self, article: ArticleInfo | None, query: Query | None = None) -> None:
        self.article = article
        if article is None:
            self.setHtml("<p style='color:#5c6b7a'>" + "مقاله‌ای را از فهرست برگزینید." + "</p>")
            return
        title_spans = highlight_spans(article.title, query) if query else ()
        body_spans = highlight_spans(article.body, query) if query else ()
        self.setHtml(f"<div dir='rtl'>{article_html(article, title_spans, body_spans)}</div>")

    def _anchor(self, url) -> None:
        text = url.toString()
        if text.startswith("article:") and text[8:].isdigit():
            self.article_link_clicked.emit(int(text[8:]))
