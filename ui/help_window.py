"""The user's guide inside the app (F1): the guide's pages on the right, the page in a QTextBrowser, opened at
the page of the screen the user is on. The shortcuts page lists the main window's actual shortcuts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QListWidget, QListWidgetItem, QTextBrowser

from app.services import user_guide
from ui import theme


class HelpWindow(QDialog):
    """Inputs: the guide's pages and the window's shortcuts as (what it does, keys). Not modal: the user reads
    the steps beside the screen they explain."""

    def __init__(self, pages: list[user_guide.GuidePage], shortcuts: list[tuple[str, str]], parent=None):
        super().__init__(parent)
        self.setWindowTitle("راهنمای کاربر — میز سامد")
        self.setWindowIcon(theme.icon("fa5s.question-circle"))
        self.setModal(False)
        self.pages = pages
        self.shortcuts = shortcuts
        self.contents = QListWidget(objectName="help_contents")
        self.contents.setFixedWidth(300)
        self.contents.setWordWrap(True)
        for page in pages:
            item = QListWidgetItem(page.title)
            item.setData(Qt.ItemDataRole.UserRole, page.key)
            self.contents.addItem(item)
        self.browser = QTextBrowser(objectName="help_text")
        self.browser.setOpenExternalLinks(True)
        self.browser.setSearchPaths([str(user_guide.GUIDE_DIR)])
        family = self.font().family()  # the app's bundled Vazirmatn, not the HTML default
        self.browser.document().setDefaultStyleSheet(
            f"body {{ font-family: '{family}'; font-size: 11pt; }} h1, h2 {{ color: #1f3b57; }} "
            "th { background-color: #e6e6e6; }"
        )
        layout = QHBoxLayout(self)
        layout.addWidget(self.contents)
        layout.addWidget(self.browser, 1)
        self.contents.currentRowChanged.connect(self._show_row)
        self.resize(1000, 700)
        self.contents.setCurrentRow(0)

    def markdown(self, key: str) -> str:
        page = next(p for p in self.pages if p.key == key)
        if key == user_guide.SHORTCUTS:
            return user_guide.with_window_actions(page.markdown, self.shortcuts)
        return page.markdown

    def _show_row(self, row: int) -> None:
        if row >= 0:
            self.browser.setHtml(user_guide.to_html(self.markdown(self.pages[row].key)))

    @property
    def current_key(self) -> str:
        return self.pages[self.contents.currentRow()].key

    def show_page(self, key: str) -> None:
        row = next((i for i, p in enumerate(self.pages) if p.key == key), 0)
        self.contents.setCurrentRow(row)
        self._show_row(row)

    def show_screen(self, screen: str) -> None:
        self.show_page(user_guide.page_for_screen(screen, self.pages).key)
