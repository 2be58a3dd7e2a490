"""`samad kb search QUERY`, `samad kb import FILE [--dry-run]`, `samad kb usage --from JALALI --to JALALI`,
`samad kb reindex`: the guidance knowledge base from the command line, through the services the page uses."""

from __future__ import annotations

import argparse
import sys

from app.cli.common import (
    LIMIT,
    ROW_ID,
    actor_from_args,
    add_as_option,
    open_from_args,
    print_json,
)
from app.cli.report import period
from app.domain import jalali
from app.domain.text import to_persian_digits
from app.services.actor import require
from app.services.knowledge import knowledge_import, knowledge_search, knowledge_usage
from app.services.knowledge.knowledge import KIND_LABELS
from app.services.knowledge.knowledge_search import SearchHit

BOLD, PLAIN = "\033[1m", "\033[0m"


def register(sub) -> None:
    kb = sub.add_parser("kb", help="the guidance knowledge base: search, import circulars, usage")
    kb_sub = kb.add_subparsers(dest="kb_command", metavar="ACTION", required=True)
    p = kb_sub.add_parser(
        "search", help="search articles (Persian or Arabic letters, any digits, half-spaces)"
    )
    p.add_argument("query", nargs="+", help="words to find; symbols and quotes are only separators")
    p.add_argument("--kind", choices=sorted(KIND_LABELS), help="only circulars, missions or answers")
    p.add_argument("--agency", type=ROW_ID, metavar="ID", help="only articles of this agency")
    p.add_argument("--in-force", action="store_true", help="leave out superseded circulars")
    p.add_argument("--limit", type=LIMIT, default=10)
    p.add_argument("--json", action="store_true", help="print the hits as JSON")
    p.set_defaults(func=cmd_search)
    p = kb_sub.add_parser(
        "import", help="import circulars from .txt, .docx, .csv or .xlsx and report each row"
    )
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true", help="check every row and report, save nothing")
    p.add_argument("--issuer", default="", help="issuing body for rows that name none")
    add_as_option(p)
    p.set_defaults(func=cmd_import)
    p = kb_sub.add_parser("usage", help="how often each article guided a caller in a period")
    p.add_argument(
        "--from", dest="date_from", required=True, metavar="JALALI", help="first day, e.g. 1405/07/01"
    )
    p.add_argument("--to", dest="date_to", required=True, metavar="JALALI", help="last day, e.g. 1405/07/30")
    p.add_argument("--kind", choices=sorted(KIND_LABELS))
    p.add_argument("--all", action="store_true", help="also list articles nobody was guided with")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_usage)
    p = kb_sub.add_parser("reindex", help="rebuild the full-text index from the articles")
    p.set_defaults(func=cmd_reindex)


def _marked(text: str, spans, bold: bool) -> str:
    if not bold:
        return text
    out, last = [], 0
    for start, end in spans:
        out.extend([text[last:start], BOLD, text[start:end], PLAIN])
        last = end
    out.append(text[last:])
    return "".join(out)


def _hit_json(h: SearchHit) -> dict:
    return {
        "id": h.article_id,
        "kind": h.kind,
        "title": h.title,
        "number": h.number,
        "issued_on": jalali.format_jalali(h.issued_on, "en") if h.issued_on else "",
        "issuer": h.issuer,
        "agency": h.agency_name,
        "in_force": h.in_force,
        "snippet": h.snippet.text,
        "snippet_spans": [list(s) for s in h.snippet.spans],
        "score": round(h.score, 6),
    }


def cmd_search(args: argparse.Namespace) -> int:
    open_from_args(args)
    result = knowledge_search.search(
        " ".join(args.query),
        kind=args.kind,
        agency_id=args.agency,
        in_force=True if args.in_force else None,
        limit=args.limit,
    )
    if args.json:
        print_json({"total": result.total, "note": result.note, "hits": [_hit_json(h) for h in result.hits]})
        return 0
    if result.note:
        print(result.note)
    bold = sys.stdout.isatty()
    print(f"more than {result.total - 1} articles" if result.more_than_cap else f"{result.total} article(s)")
    for h in result.hits:
        meta = [KIND_LABELS[h.kind]]
        if h.number:
            meta.append(to_persian_digits(h.number))
        if h.issued_on:
            meta.append(jalali.format_jalali(h.issued_on))
        if h.kind == "circular" and not h.in_force:
            meta.append("منسوخ")
        print(f"\n#{h.article_id}  {_marked(h.title, h.title_spans, bold)}  ({'، '.join(meta)})")
        print(f"    {_marked(h.snippet.text, h.snippet.spans, bold)}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    open_from_args(args)
    actor = actor_from_args(args)
    report = knowledge_import.import_file(actor, args.file, issuer=args.issuer, dry_run=args.dry_run)
    verb = "would import" if report.dry_run else "imported"
    for o in report.imported:
        print(f"line {o.line}: {verb}" + (f" #{o.article_id}" if o.article_id else "") + f"  {o.title}")
    for o in report.refused:
        print(f"line {o.line}: refused  {o.title or '—'}: {o.reasons}")
    print(
        f"{report.file_name}: {len(report.imported)} {verb}, {len(report.refused)} refused"
        + (" (dry run: nothing saved)" if report.dry_run else "")
    )
    return 0 if report.imported or not report.refused else 1


def cmd_usage(args: argparse.Namespace) -> int:
    open_from_args(args)
    start, end = period(args)
    rows = knowledge_usage.article_usage(
        actor_from_args(args), start, end, kind=args.kind, include_unused=args.all
    )
    if args.json:
        print_json(
            [
                {
                    "id": r.article_id,
                    "kind": r.kind,
                    "title": r.title,
                    "number": r.number,
                    "count": r.count,
                    "in_force": r.in_force,
                }
                for r in rows
            ]
        )
        return 0
    print(
        f"{jalali.format_jalali(start)} – {jalali.format_jalali(end)}: {sum(r.count for r in rows)} guided call(s)"
    )
    for r in rows:
        number = f" [{to_persian_digits(r.number)}]" if r.number else ""
        print(f"{r.count:6d}  {KIND_LABELS[r.kind]}{number}  {r.title}")
    return 0


def cmd_reindex(args: argparse.Namespace) -> int:
    open_from_args(args)
    from app.db import database

    require(actor_from_args(args), "manage_knowledge")
    with database.atomic():
        count = knowledge_search.rebuild_index()
    print(f"{count} article(s) indexed.")
    return 0
