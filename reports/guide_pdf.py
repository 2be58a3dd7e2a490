"""The user's guide as a printable PDF, typeset like the letters and reports: each Markdown page (parsed with
markdown-it-py) becomes headings, right-to-left paragraphs, numbered and bulleted steps, right-to-left tables
and its screenshots, one chapter per page of the guide, after a contents list."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image, KeepTogether, PageBreak, Spacer

from reports.fonts import FONT, FONT_BOLD
from reports.persian import RtlParagraph, persian_digits, rtl_table
from reports.tabular import MARGIN, Heading, build_document

WIDTH = A4[0] - 2 * MARGIN
BODY = 10.5
HEADING_SIZES = {"h1": 17, "h2": 13.5, "h3": 12}
BLUE = colors.HexColor("#1f3b57")
GREY = colors.HexColor("#555555")
IMAGE_HEIGHT = 300  # points: a 1366×768 screenshot at the full width is about 294 high


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable("table")


def inline_text(token: Token) -> str:
    """The words of an inline token (emphasis and code as plain text; line breaks as spaces)."""
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts).strip()


def _image(src: str, alt: str, base: Path) -> list[Flowable]:
    path = base / src
    reader = ImageReader(str(path))
    w, h = reader.getSize()
    scale = min(WIDTH / w, IMAGE_HEIGHT / h)
    image = Image(str(path), width=w * scale, height=h * scale)
    image.hAlign = "CENTER"
    caption = RtlParagraph(alt, FONT, 9, align="center", color=GREY, space_after=8) if alt else Spacer(1, 8)
    return [KeepTogether([Spacer(1, 4), image, Spacer(1, 3), caption])]


def _table(tokens: list[Token], start: int) -> tuple[Flowable, int]:
    rows: list[list[str]] = []
    i = start
    while tokens[i].type != "table_close":
        if tokens[i].type == "tr_open":
            rows.append([])
        elif tokens[i].type == "inline":
            rows[-1].append(inline_text(tokens[i]))
        i += 1
    ncols = len(rows[0])
    need = [max(len(row[c]) for row in rows) + 4 for c in range(ncols)]
    widths = [WIDTH * n / sum(need) for n in need]
    return rtl_table(rows, widths, size=9.5, digits=False), i


def chapter(markdown: str, base: Path) -> list[Flowable]:
    """One page of the guide as flowables."""
    tokens = _parser().parse(markdown)
    story: list[Flowable] = []
    lists: list[list] = []  # open lists: [ordered, next number]
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.type in ("bullet_list_open", "ordered_list_open"):
            lists.append([t.type == "ordered_list_open", int(t.attrGet("start") or 1)])
        elif t.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif t.type == "heading_open":
            text = inline_text(tokens[i + 1])
            size = HEADING_SIZES.get(t.tag, BODY)
            story.append(
                RtlParagraph(
                    text, FONT_BOLD, size, color=BLUE, space_before=size * 0.6, space_after=size * 0.3
                )
            )
            i += 2
        elif t.type == "table_open":
            table, i = _table(tokens, i)
            story.extend([Spacer(1, 4), table, Spacer(1, 8)])
        elif t.type == "inline":
            images = [c for c in t.children or [] if c.type == "image"]
            if images:
                for image in images:
                    story.extend(_image(image.attrGet("src"), inline_text(image), base))
            else:
                text = inline_text(t)
                if lists and tokens[i - 2].type == "list_item_open":  # a list item's first paragraph
                    ordered, number = lists[-1]
                    text = f"{persian_digits(number)}. {text}" if ordered else f"• {text}"
                    lists[-1][1] += 1
                whole_bold = (
                    bool(t.children)
                    and t.children[0].type == "strong_open"
                    and t.children[-1].type == "strong_close"
                )
                story.append(RtlParagraph(text, FONT_BOLD if whole_bold else FONT, BODY, space_after=4))
        i += 1
    return story


def render_guide(chapters: Sequence[tuple[str, str]], base: Path, heading: Heading) -> bytes:
    """chapters: (title, markdown) in reading order; base: the folder the images are named from."""
    story: list[Flowable] = [RtlParagraph("فهرست", FONT_BOLD, 13.5, color=BLUE, space_after=6)]
    for n, (title, _) in enumerate(chapters, 1):
        story.append(RtlParagraph(f"{persian_digits(n)}. {title}", FONT, 11.5, space_after=2))
    for _, markdown in chapters:
        story.append(PageBreak())
        story.extend(chapter(markdown, base))
    return build_document(heading, story, title=heading.title)
