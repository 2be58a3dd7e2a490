"""`samad letter pdf|list|issue|cancel` and `samad holiday list|add|remove`.

`letter pdf NUMBER -o FILE` renders an issued letter from its frozen content (Persian or Latin digits).
`letter list` prints one letter a line (tab-separated) or JSON, with filters.
`letter issue` issues an order for a case as an official (`--as`), printing each letter number.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from app.cli.common import LIMIT, actor_from_args, add_as_option, bounded_int, open_from_args, print_json
from app.domain import jalali
from app.domain.identifiers import normalize_tracking_code
from app.domain.text import normalize_line, search_key
from app.models import Agency, Case
from app.private_files import private_folder
from app.services.admin import audit
from app.services.errors import NotFound, ValidationError
from app.services.letters import holidays, letters, referrals
from app.services.reporting.files import write_atomic

STATUSES = ("issued", "cancelled")


def register(sub) -> None:
    letter = sub.add_parser("letter", help="referral letters: render a PDF, list, issue, cancel")
    letter_sub = letter.add_subparsers(dest="letter_command", metavar="ACTION", required=True)
    p = letter_sub.add_parser("pdf", help="write an issued letter as PDF (byte-identical on every print)")
    p.add_argument(
        "number", metavar="NUMBER", help="the letter number, e.g. 111/1405/00042 (Persian digits too)"
    )
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="where to write the PDF")
    p.set_defaults(func=cmd_pdf)

    p = letter_sub.add_parser("list", help="list letters, newest first")
    p.add_argument("--from", dest="date_from", metavar="JALALI", help="issued on or after, e.g. 1405/09/01")
    p.add_argument("--to", dest="date_to", metavar="JALALI", help="issued on or before")
    p.add_argument("--agency", metavar="NAME|ID", help="an agency's id or part of its name")
    p.add_argument("--status", choices=STATUSES)
    p.add_argument(
        "--text", default="", help="a number, tracking code, or words of the citizen's name or subject"
    )
    p.add_argument("--limit", type=LIMIT, default=1000)
    p.add_argument("--json", action="store_true", help="print JSON instead of tab-separated lines")
    p.set_defaults(func=cmd_list)

    p = letter_sub.add_parser("issue", help="issue a referral order for a case (one letter per agency)")
    p.add_argument("--case", required=True, metavar="TRACKING_CODE")
    p.add_argument("--agency", action="append", required=True, metavar="NAME|ID", help="repeat for several")
    p.add_argument("--instruction", required=True)
    p.add_argument("--due", metavar="JALALI", help="due date (default: the request type's days)")
    p.add_argument("--working-days", action="store_true", help="count the default due days as working days")
    p.add_argument("--urgent", action="store_true")
    p.add_argument("--cc", action="append", default=[], metavar="NAME[:PURPOSE]", help="a copy recipient")
    p.add_argument("--pdf-dir", metavar="DIR", help="also write each letter's PDF into this folder")
    add_as_option(p)
    p.set_defaults(func=cmd_issue)

    p = letter_sub.add_parser("cancel", help="cancel an issued letter (its number is never reused)")
    p.add_argument("number", metavar="NUMBER")
    p.add_argument("--reason", required=True)
    add_as_option(p)
    p.set_defaults(func=cmd_cancel)

    holiday = sub.add_parser("holiday", help="the official holidays that working-day deadlines skip")
    holiday_sub = holiday.add_subparsers(dest="holiday_command", metavar="ACTION", required=True)
    p = holiday_sub.add_parser("list", help="list holidays")
    p.add_argument("--year", type=bounded_int(1300, 1500), metavar="JALALI_YEAR")
    p.set_defaults(func=cmd_holiday_list)
    p = holiday_sub.add_parser("add", help="add a holiday")
    p.add_argument("date", metavar="JALALI")
    p.add_argument("title")
    add_as_option(p)
    p.set_defaults(func=cmd_holiday_add)
    p = holiday_sub.add_parser("remove", help="remove a holiday")
    p.add_argument("date", metavar="JALALI")
    add_as_option(p)
    p.set_defaults(func=cmd_holiday_remove)


def _date(value: str | None, field: str):
    if not value:
        return None
    try:
        return jalali.parse_jalali(value)
    except ValueError as exc:
        raise ValidationError({field: str(exc)}) from exc


def _agency(value: str) -> int:
    text = normalize_line(value or "")
    if text.isdigit():
        agency = (
            Agency.get_or_none(Agency.id == int(text)) if int(text) < 2**62 else None
        )  # no id is that large
    else:
        key = search_key(text)
        matches = list(
            Agency.select().where(Agency.search_key.contains(key) & (Agency.active == True)).limit(3)  # noqa: E712
        )
        exact = [a for a in matches if a.search_key == key]
        agency = exact[0] if exact else (matches[0] if len(matches) == 1 else None)
        if len(matches) > 1 and not exact:
            raise ValidationError(
                {"--agency": f"«{value}» با چند دستگاه جور است؛ نام کامل‌تر یا شناسه را بدهید."}
            )
    if agency is None:
        raise ValidationError({"--agency": f"دستگاهی با «{value}» پیدا نشد."})
    return agency.id


def cmd_pdf(args: argparse.Namespace) -> int:
    open_from_args(args)
    letter = letters.find_by_number(args.number)
    pdf = letters.letter_pdf(letter)
    write_atomic(args.output, pdf, field="--output")  # owner-only, like every export
    audit.record_export(
        actor_from_args(args), "letter_pdf", 1, str(Path(args.output).resolve()), number=args.number
    )
    print(f"{args.output}: {len(pdf)} bytes")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    open_from_args(args)
    f = letters.LetterFilter(
        date_from=_date(args.date_from, "--from"),
        date_to=_date(args.date_to, "--to"),
        agency_id=_agency(args.agency) if args.agency else None,
        status=args.status,
        text=args.text,
    )
    rows = letters.list_letters(f, limit=args.limit)
    audit.record_export(actor_from_args(args), "letter_list", len(rows), "stdout")
    if args.json:
        print_json(
            [
                {
                    "number": r.number,
                    "date": jalali.format_jalali(r.issued_at, "en"),
                    "status": r.status,
                    "agency": r.agency_name,
                    "tracking_code": r.tracking_code,
                    "citizen": r.citizen_name,
                    "subject": r.subject,
                    "signer": r.signer_name,
                    "issued_by": r.issued_by_name,
                    "due_date": jalali.format_jalali(r.due_date, "en"),
                    "priority": r.priority,
                }
                for r in rows
            ]
        )
        return 0
    for r in rows:
        print(
            "\t".join(
                [
                    r.number,
                    jalali.format_jalali(r.issued_at),
                    r.status,
                    r.agency_name,
                    r.tracking_code,
                    r.citizen_name,
                    r.subject,
                    jalali.format_jalali(r.due_date),
                ]
            )
        )
    return 0


def cmd_issue(args: argparse.Namespace) -> int:
    open_from_args(args)
    actor = actor_from_args(args)
    try:
        code = normalize_tracking_code(args.case)
    except ValueError as exc:
        raise ValidationError({"--case": str(exc)}) from exc
    case = Case.get_or_none(Case.tracking_code == code)
    if case is None:
        raise NotFound(f"پرونده‌ای با کد رهگیری {code} نیست.")
    if args.pdf_dir:  # checked before the letters are numbered: a refusal leaves nothing issued
        _check_pdf_dir(args.pdf_dir)
    cc = []
    for item in args.cc:
        name, _, purpose = item.partition(":")
        cc.append({"name": name, "purpose": purpose})
    data = {
        "agency_ids": [_agency(a) for a in args.agency],
        "instruction": args.instruction,
        "due_date": _date(args.due, "--due"),
        "working_days": args.working_days,
        "priority": "urgent" if args.urgent else "normal",
        "cc": cc,
    }
    issued = referrals.issue_order(actor, case.id, data)
    for info in issued:  # every number is shown before any PDF is written
        print(f"{info.letter_number}\t{info.agency_name}", flush=True)
    if args.pdf_dir:
        folder = Path(args.pdf_dir).expanduser()
        private_folder(folder)
        for info in issued:
            name = info.letter_number.replace("/", "-")
            write_atomic(folder / f"{name}.pdf", letters.letter_pdf(info.letter_id), field="--pdf-dir")
    return 0


def _check_pdf_dir(path: str) -> None:
    """--pdf-dir must be a folder this account can write into, or a new folder under one."""
    folder = Path(path).expanduser()
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise ValidationError({"--pdf-dir": f"«{existing}» پرونده است، پوشه‌ای در آن ساخته نمی‌شود."})
    if not os.access(existing, os.W_OK | os.X_OK):
        raise ValidationError({"--pdf-dir": f"در پوشه «{existing}» اجازه نوشتن نیست."})


def cmd_cancel(args: argparse.Namespace) -> int:
    open_from_args(args)
    row = referrals.cancel_letter(actor_from_args(args), letters.find_by_number(args.number), args.reason)
    print(f"{row.number} cancelled")
    return 0


def cmd_holiday_list(args: argparse.Namespace) -> int:
    open_from_args(args)
    for h in holidays.list_holidays(args.year):
        print(f"{jalali.format_jalali(h.date, 'en')}\t{jalali.weekday_name(h.date)}\t{h.source}\t{h.title}")
    return 0


def cmd_holiday_add(args: argparse.Namespace) -> int:
    open_from_args(args)
    info = holidays.add_holiday(actor_from_args(args), _date(args.date, "date"), args.title)
    print(f"{jalali.format_jalali(info.date, 'en')} added")
    return 0


def cmd_holiday_remove(args: argparse.Namespace) -> int:
    open_from_args(args)
    day = _date(args.date, "date")
    match = [h for h in holidays.list_holidays() if h.date == day]
    if not match:
        raise NotFound(f"روز {jalali.format_jalali(day)} در فهرست تعطیلی‌ها نیست.")
    holidays.remove_holiday(actor_from_args(args), match[0].id)
    print(f"{jalali.format_jalali(day, 'en')} removed")
    return 0
