"""Knowledge-base articles as HTML for Qt's rich-text views: the matched words bold, everything else escaped
(a title or text never becomes markup), Persian digits and Jalali dates."""

from __future__ import annotations

from html import escape

from app.domain.text import to_persian_digits
from app.services.knowledge.knowledge import KIND_LABELS
from ui import formatting

MARK = "<b style='color:#0b4f8a; background:#fff1b8'>"


def marked(text: str, spans=(), mark: str = MARK) -> str:
    """text escaped for HTML, with Persian digits, and each (start, end) span wrapped in bold."""
    text = to_persian_digits(text or "")
    out, last = [], 0
    for start, end in spans:
        if start < last:
            continue
        out.extend([escape(text[last:start]), mark, escape(text[start:end]), "</b>"])
        last = end
    out.append(escape(text[last:]))
    return "".join(out)


def meta_line(
    kind: str,
    number: str = "",
    issued_on=None,
    issuer: str = "",
    agency_name: str = "",
    in_force: bool = True,
) -> str:
    parts = [escape(KIND_LABELS[kind])]
    if number:
        parts.append(escape("شماره " + formatting.ident(number)))
    if issued_on:
        parts.append(escape(formatting.date(issued_on)))
    if issuer:
        parts.append(escape(issuer))
    elif agency_name:
        parts.append(escape(agency_name))
    line = " · ".join(parts)
    if kind == "circular" and not in_force:
        line += " · <span style='color:#b3261e; font-weight:bold'>" + escape("منسوخ") + "</span>"
    return line


def hit_html(hit) -> str:
    """One search hit: title (matches bold), a grey line of facts, the snippet (matches bold)."""
    retired = "" if hit.active else " <span style='color:#8a6d00'>(" + escape("بایگانی‌شده") + ")</span>"
    return (
        f"<div style='font-size:11pt; color:#1f3b57'>{marked(hit.title, hit.title_spans)}{retired}</div>"
        f"<div style='color:#5c6b7a; font-size:9pt'>"
        f"{meta_line(hit.kind, hit.number, hit.issued_on, hit.issuer, hit.agency_name, hit.in_force)}</div>"
        f"<div>{marked(hit.snippet.text, hit.snippet.spans)}</div>"
    )


def article_html(article, title_spans=(), body_spans=()) -> str:
    """A whole article: title, facts, a warning when superseded, then the text by paragraph."""
    rows = [("نوع", escape(article.kind_label))]
    if article.number:
        rows.append(("شماره", escape(formatting.ident(article.number))))
    if article.issued_on:
        rows.append(("تاریخ", escape(formatting.date(article.issued_on))))
    if article.issuer:
        rows.append(("صادرکننده", escape(article.issuer)))
    if article.agency_name:
        rows.append(("دستگاه", escape(article.agency_name)))
    rows.append(
        ("نسخه", escape(formatting.number(article.version) + " — " + formatting.datetime(article.updated_at)))
    )
    facts = facts_html(rows)
    notes = []
    if article.kind == "circular" and not article.in_force:
        text = escape("این بخشنامه دیگر معتبر نیست")
        if article.superseded_by_id:
            text += escape("؛ جایگزین: ") + (
                f"<a href='article:{article.superseded_by_id}'>{marked(article.superseded_by_label)}</a>"
            )
        notes.append(f"<p style='color:#b3261e; font-weight:bold'>{text}.</p>")
    for replaced_id, label in article.supersedes:
        notes.append(
            f"<p style='color:#5c6b7a'>{escape('جایگزین بخشنامه ')}"
            f"<a href='article:{replaced_id}'>{marked(label)}</a></p>"
        )
    if not article.active:
        notes.append(f"<p style='color:#8a6d00'>{escape('این مقاله بایگانی شده است.')}</p>")
    return (
        f"<h2 style='color:#1f3b57'>{marked(article.title, title_spans)}</h2>"
        f"{facts}{''.join(notes)}<hr/>{_paragraphs(article.body, body_spans)}"
    )


def facts_html(rows) -> str:
    """(label, html value) pairs, one per line, label first in reading order (right to left)."""
    return "".join(
        f"<p dir='rtl' style='margin:2px 0'><span style='color:#5c6b7a'>{escape(k)}:</span> {v}</p>"
        for k, v in rows
    )


def _paragraphs(body: str, spans) -> str:
    out, offset = [], 0
    for line in (body or "").split("\n"):
        end = offset + len(line)
        local = [(max(a, offset) - offset, min(b, end) - offset) for a, b in spans if a < end and b > offset]
        if line.strip():
            out.append(f"<p style='line-height:150%'>{marked(line, local)}</p>")
        offset = end + 1
    return "".join(out)
