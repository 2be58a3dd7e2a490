"""The user's guide (راهنمای کاربر): Markdown pages under docs/guide, one source for the in-app help (F1) and
the printable PDF (`samad guide-pdf`).

Each page starts with `<!-- screens: KEY ... -->` naming the main window's sections it explains, so F1 opens
the page of the current screen. The shortcuts page holds a block between `<!-- window-actions -->` and
`<!-- /window-actions -->` that the app replaces with the window's actual shortcuts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markdown_it import MarkdownIt

GUIDE_DIR = Path(__file__).resolve().parents[2] / "docs" / "guide"
ORDER = (
    "start",
    "intake",
    "letters",
    "followup",
    "sessions",
    "knowledge",
    "reports",
    "settings",
    "shortcuts",
)
SHORTCUTS = "shortcuts"
IMAGE_WIDTH = 640  # pixels in the help window (screenshots are taken at 1366×768)
_SCREENS = re.compile(r"<!--\s*screens:([^>]*)-->")
_WINDOW_ACTIONS = re.compile(r"<!-- window-actions -->.*?<!-- /window-actions -->", re.S)


@dataclass(frozen=True)
class GuidePage:
    key: str
    title: str
    screens: tuple[str, ...]
    markdown: str

    @property
    def images(self) -> list[str]:
        """The image paths the page names, relative to GUIDE_DIR."""
        return [
            token.attrGet("src")
            for block in parser().parse(self.markdown)
            if block.children
            for token in block.children
            if token.type == "image"
        ]


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable("table")


def _page(key: str, text: str) -> GuidePage:
    title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), key)
    found = _SCREENS.search(text)
    screens = tuple(found.group(1).split()) if found else ()
    return GuidePage(key, title, screens, text)


def pages(folder: Path = GUIDE_DIR) -> list[GuidePage]:
    """The guide's pages in reading order."""
    return [_page(key, (folder / f"{key}.md").read_text(encoding="utf-8")) for key in ORDER]


def page_for_screen(screen: str, guide: list[GuidePage]) -> GuidePage:
    """The page that explains a screen ("referrals.followup", a tab; else its section "referrals"; else the
    first page)."""
    section = screen.split(".")[0]
    return next((p for p in guide if screen in p.screens), None) or next(
        (p for p in guide if section in p.screens), guide[0]
    )


def with_window_actions(markdown: str, shortcuts: list[tuple[str, str]]) -> str:
    """The shortcuts page with the window's own shortcuts as a table (what it does, its keys)."""
    if not shortcuts:
        return markdown
    rows = "\n".join(f"| {text} | {keys} |" for text, keys in shortcuts)
    return _WINDOW_ACTIONS.sub(lambda _m: f"| کار | کلید |\n| --- | --- |\n{rows}\n", markdown)


_TABLE_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_TABLE_CELL = re.compile(r"<(t[hd])\b[^>]*>.*?</\1>", re.S)


def _mirrored_row(row: re.Match) -> str:
    """Qt's rich text lays table columns out left to right whatever the direction: the first column goes last."""
    cells = [m.group(0) for m in _TABLE_CELL.finditer(row.group(1))]
    return "<tr>" + "".join(reversed(cells)) + "</tr>"


def to_html(markdown: str) -> str:
    """HTML for a QTextBrowser: right to left (blocks and table columns), images scaled to the window."""
    html = parser().render(markdown)
    html = html.replace("<img ", f'<img width="{IMAGE_WIDTH}" ')
    html = html.replace(
        "<table>", '<table dir="rtl" border="1" cellspacing="0" cellpadding="5" width="100%">'
    )
    # every block right to left, even one that starts with a Latin word («Ctrl+N را بزنید»)
    html = re.sub(r"<(p|li|h[1-6]|ol|ul|td|th)>", r'<\1 dir="rtl">', html)
    html = _TABLE_ROW.sub(_mirrored_row, html)
    return f'<html dir="rtl"><body dir="rtl">{html}</body></html>'


def guide_pdf(folder: Path = GUIDE_DIR) -> bytes:
    """The whole guide as a PDF with the letters' Persian typesetting."""
    from app.domain import jalali
    from reports.guide_pdf import render_guide
    from reports.tabular import Heading

    heading = Heading(
        "میز سامد",
        "سامانه ارتباط مردم و دولت (سامد ۱۱۱)",
        "راهنمای کاربر",
        "برای کارشناسان، مسئولان و ناظران مرکز ارتباطات مردمی",
        jalali.format_jalali(jalali.today_local()),
    )
    return render_guide([(p.title, p.markdown) for p in pages(folder)], folder, heading)
