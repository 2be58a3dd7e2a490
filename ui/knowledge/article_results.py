"""Search hits as a lazy list model (a page at a time, as the view scrolls) and the delegate that draws each
hit as rich text with the matched words bold."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QColor, QTextDocument, QTextOption
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.domain.text import to_persian_digits
from app.services.knowledge import knowledge_search
from app.services.knowledge.knowledge_search import SearchHit, SearchResult
from ui.knowledge.article_html import hit_html

PAGE = 40
HIT_ROLE = Qt.ItemDataRole.UserRole + 1
HTML_ROLE = Qt.ItemDataRole.UserRole + 2
_ROOT = QModelIndex()
SELECTED, SELECTED_EDGE, HOVER, LINE = (
    QColor("#dcebf7"),
    QColor("#2f6690"),
    QColor("#f2f6fa"),
    QColor("#d5dde5"),
)


class ArticleResultsModel(QAbstractListModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.hits: list[SearchHit] = []
        self.total = 0
        self.note = ""
        self.query_text = ""
        self.filters: dict = {}
        self.result: SearchResult | None = None

    def search(self, text: str, **filters) -> SearchResult:
        """Run the search (first page) and show it; the rest is fetched as the view scrolls."""
        result = knowledge_search.search(text, limit=PAGE, **filters)
        self.set_hits(result.hits, result.total, result.note)
        self.query_text, self.filters, self.result = text, filters, result
        return result

    def set_hits(self, hits: list[SearchHit], total: int | None = None, note: str = "") -> None:
        self.beginResetModel()
        self.hits = list(hits)
        self.total = len(hits) if total is None else total
        self.note = note
        self.query_text, self.filters, self.result = "", {}, None
        self.endResetModel()

    def hit(self, row: int) -> SearchHit | None:
        return self.hits[row] if 0 <= row < len(self.hits) else None

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.hits)

    def canFetchMore(self, parent=_ROOT) -> bool:
        return not parent.isValid() and self.result is not None and len(self.hits) < self.total

    def fetchMore(self, parent=_ROOT) -> None:
        more = knowledge_search.search(
            self.query_text, limit=PAGE, offset=len(self.hits), **self.filters
        ).hits
        if not more:
            self.total = len(self.hits)
            return
        first = len(self.hits)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self.hits.extend(more)
        self.endInsertRows()

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        hit = self.hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:  # what is read aloud and copied: digits as drawn
            return to_persian_digits(hit.title)
        if role == HTML_ROLE:
            return hit_html(hit)
        if role == HIT_ROLE:
            return hit
        if role == Qt.ItemDataRole.ToolTipRole:
            return to_persian_digits(hit.title)
        return None


class ArticleHitDelegate(QStyledItemDelegate):
    """Paints HTML_ROLE right-to-left, wrapped to the view's width."""

    PADDING = 8

    def _document(self, option: QStyleOptionViewItem, html: str) -> QTextDocument:
        doc = QTextDocument()
        text_option = QTextOption()
        text_option.setTextDirection(Qt.LayoutDirection.RightToLeft)
        text_option.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        text_option.setWrapMode(QTextOption.WrapMode.WordWrap)
        doc.setDefaultTextOption(text_option)
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(0)
        doc.setHtml(f"<div dir='rtl'>{html}</div>")
        doc.setTextWidth(max(50, option.rect.width() - 2 * self.PADDING))
        return doc

    def paint(self, painter, option, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        painter.save()
        if opt.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(opt.rect, SELECTED)
            painter.fillRect(opt.rect.adjusted(opt.rect.width() - 4, 0, 0, 0), SELECTED_EDGE)
        elif opt.state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(opt.rect, HOVER)
        painter.setPen(LINE)
        painter.drawLine(opt.rect.bottomLeft(), opt.rect.bottomRight())
        doc = self._document(opt, index.data(HTML_ROLE) or "")
        painter.translate(opt.rect.left() + self.PADDING, opt.rect.top() + self.PADDING)
        doc.documentLayout().draw(painter, QAbstractTextDocumentLayout.PaintContext())
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        if opt.rect.width() <= 0 and opt.widget is not None:
            opt.rect.setWidth(opt.widget.viewport().width())
        doc = self._document(opt, index.data(HTML_ROLE) or "")
        return QSize(int(doc.idealWidth()) + 2 * self.PADDING, int(doc.size().height()) + 2 * self.PADDING)
