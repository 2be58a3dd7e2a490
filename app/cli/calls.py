"""`samad call add [FILE|-] [--keep-good] [--as USERNAME]`, `samad call show CODE` and
`samad call find TEXT [--json]`, `samad call ring NUMBER [--line 111]`, `samad call reindex`.

`add` reads one case (a JSON object) or a list of them and prints each tracking code on its own line;
a bad record is reported with its index (from 0) and nothing is saved, unless --keep-good is given.
`show` prints a case with its history as JSON. `find` is the calls register's search (the same free-text
rule and filters as the register page): one line per case, or JSON with the total. All go through the
services the form and the register use. `ring` is for the phone system (MicroSIP's call command, an Asterisk
dialplan): it hands the caller's number to this OS user's running app, which pops intake with the caller's
cases; with the app closed it says so and exits 1.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys

from app import wiring
from app.cli.common import actor_from_args, add_as_option, open_from_args, print_json
from app.domain import jalali
from app.domain.status import CaseStatus, Channel
from app.services.admin import audit
from app.services.cases import case_import, case_query, case_search, cases
from app.services.errors import ValidationError


def register(sub) -> None:
    call = sub.add_parser("call", help="register calls from JSON, show a case")
    call_sub = call.add_subparsers(dest="call_command", metavar="ACTION", required=True)
    p = call_sub.add_parser("add", help="register one case (a JSON object) or many (a JSON array)")
    p.add_argument(
        "file", nargs="?", default="-", metavar="FILE|-", help="JSON file; '-' or nothing: standard input"
    )
    p.add_argument(
        "--keep-good",
        action="store_true",
        help="save the good records even if some are bad (default: save none when one is bad)",
    )
    add_as_option(p)
    p.set_defaults(func=cmd_add)
    p = call_sub.add_parser("show", help="print a case and its history as JSON")
    p.add_argument("code", metavar="CODE", help="the tracking code (Persian or Latin digits, dashes allowed)")
    add_as_option(p)
    p.set_defaults(func=cmd_show)
    p = call_sub.add_parser(
        "reindex", help="index every case's text again for the register's search (supervisor; a repair)"
    )
    add_as_option(p)
    p.set_defaults(func=cmd_reindex)
    p = call_sub.add_parser("find", help="search the calls register (the register page's search and filters)")
    p.add_argument(
        "text",
        nargs="*",
        metavar="TEXT",
        help="words of the caller's name, subject or description; nothing: every case the filters keep",
    )
    p.add_argument(
        "--from", dest="date_from", metavar="JALALI", help="registered on or after, e.g. 1405/09/01"
    )
    p.add_argument("--to", dest="date_to", metavar="JALALI", help="registered on or before, e.g. 1405/09/30")
    p.add_argument("--type", dest="request_type", metavar="CODE", help="request type code, e.g. complaint")
    p.add_argument("--status", choices=[s.value for s in CaseStatus])
    p.add_argument("--channel", choices=[c.value for c in Channel])
    for name in ("agency", "county", "category", "operator", "citizen"):
        p.add_argument(f"--{name}", dest=f"{name}_id", type=int, metavar="ID")
    p.add_argument("--sort", choices=sorted(case_query.SORTS), default=case_query.DEFAULT_SORT)
    p.add_argument("--ascending", action="store_true", help="oldest (or smallest) first")
    p.add_argument(
        "--limit",
        type=int,
        default=case_query.PAGE_SIZE,
        help=f"at most this many rows (1..{case_query.MAX_PAGE})",
    )
    p.add_argument("--json", action="store_true", help="print the total and the rows as JSON")
    add_as_option(p)
    p.set_defaults(func=cmd_find)
    p = call_sub.add_parser(
        "ring",
        help="a call is ringing: hand the caller's number to the running app (for the phone system; no login)",
    )
    p.add_argument("number", metavar="NUMBER", help="the caller's number (Persian or Latin digits)")
    p.add_argument("--line", default="", help="the line it rings on, e.g. 111 (optional)")
    p.set_defaults(func=cmd_ring)


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        with open(path, encoding="utf-8-sig") as fh:
            return fh.read()
    except OSError as exc:
        raise ValidationError({"FILE": f"پرونده {path} خوانده نشد: {exc.strerror}"}) from exc
    except UnicodeDecodeError as exc:
        raise ValidationError({"FILE": f"پرونده {path} با UTF-8 نوشته نشده است."}) from exc


def load_records(text: str) -> list:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            {"FILE": f"JSON درست نیست (سطر {exc.lineno}، ستون {exc.colno}): {exc.msg}"}
        ) from exc
    except RecursionError:
        raise ValidationError({"FILE": "JSON بیش از اندازه تودرتو است؛ هر پرونده یک شیء ساده است."}) from None
    if value == []:
        raise ValidationError({"FILE": "فهرست JSON خالی است؛ پرونده‌ای برای ثبت نیست."})
    return value if isinstance(value, list) else [value]


def cmd_add(args: argparse.Namespace) -> int:
    open_from_args(args)
    actor = actor_from_args(args)
    if actor.user_id is None:
        raise ValidationError(
            {"--as": "هر پرونده نام کارشناس ثبت‌کننده را دارد؛ با --as USERNAME بگویید به نام چه کسی ثبت شود."}
        )
    records = load_records(_read(args.file))
    result = case_import.register_calls(actor, records, keep_good=args.keep_good)
    for _index, info in result.saved:
        print(info.tracking_code)
    for index, errors in result.rejected:
        for field, message in errors.items():
            print(f"samad: record {index}: {field + ': ' if field else ''}{message}", file=sys.stderr)
    if result.rejected and not result.saved:
        print(
            f"samad: nothing saved ({len(result.rejected)} of {len(records)} records refused)",
            file=sys.stderr,
        )
    elif result.rejected:
        print(f"samad: {len(result.saved)} saved, {len(result.rejected)} refused", file=sys.stderr)
    return 1 if result.rejected else 0


def _plain(value):
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def case_json(detail: cases.CaseDetail) -> dict:
    data = _plain(detail)
    data.update(
        tracking_code_grouped=detail.tracking_code_grouped,
        status_label=detail.status_label,
        channel_label=detail.channel_label,
        next_step_label=detail.next_step_label,
        created_at_jalali=jalali.format_jalali_datetime(detail.created_at, digits="en"),
    )
    data["history"] = [
        {**_plain(e), "at_jalali": jalali.format_jalali_datetime(e.at, digits="en")}
        for e in wiring.case_timeline(detail.id)
    ]
    return data


def cmd_show(args: argparse.Namespace) -> int:
    open_from_args(args)
    data = case_json(cases.find_by_tracking_code(args.code))
    # A citizen's details leave the program: recorded in the audit trail first, so nothing is shown unrecorded
    # (a busy database: the sentence, and no case on the screen).
    audit.record_export(
        actor_from_args(args), "case_json", 1, "stdout", tracking_code=data.get("tracking_code")
    )
    print_json(data)
    return 0


def _day(value: str | None, flag: str, errors: dict):
    if not value:
        return None
    try:
        return jalali.parse_jalali(value)
    except ValueError as exc:
        errors[flag] = str(exc)
        return None


def find_filter(args: argparse.Namespace) -> case_query.CaseFilter:
    errors: dict[str, str] = {}
    days = {
        name: _day(getattr(args, name), flag, errors)
        for name, flag in (("date_from", "--from"), ("date_to", "--to"))
    }
    if errors:
        raise ValidationError(errors)
    return case_query.CaseFilter(
        **days,
        request_type=args.request_type,
        status=args.status,
        channel=args.channel,
        agency_id=args.agency_id,
        county_id=args.county_id,
        category_id=args.category_id,
        operator_id=args.operator_id,
        citizen_id=args.citizen_id,
        text=" ".join(args.text),
    )


def _row_json(row: case_query.CaseRow) -> dict:
    return {
        "id": row.id,
        "tracking_code": row.tracking_code,
        "created_at": row.created_at.isoformat(),
        "created_at_jalali": jalali.format_jalali_datetime(row.created_at, digits="en"),
        "caller_name": row.caller_name,
        "phone": row.phone,
        "subject": row.subject,
        "request_type": row.request_type_name,
        "category": row.category_name,
        "agency": row.agency_name,
        "county": row.county_name,
        "status": row.status,
        "status_label": row.status_label,
        "channel": row.channel,
        "operator": row.operator_name,
    }


def cmd_reindex(args: argparse.Namespace) -> int:
    open_from_args(args)
    count = case_search.rebuild_index(actor_from_args(args))
    print(f"{count} case(s) indexed.")
    return 0


def cmd_find(args: argparse.Namespace) -> int:
    open_from_args(args)
    f = find_filter(args)
    page = case_query.first_page(f, sort=args.sort, descending=not args.ascending, limit=args.limit)
    if args.json:
        print_json({"total": page.total, "rows": [_row_json(r) for r in page.rows]})
    else:
        print(f"{page.total} case(s)")
        for r in page.rows:
            print(
                "\t".join(
                    (
                        r.tracking_code,
                        jalali.format_jalali(r.created_at, "en"),
                        r.caller_name,
                        r.subject,
                        r.status_label,
                    )
                )
            )
    # Citizens' names (and, in JSON, phones) left the program: recorded like `call show`.
    audit.record_export(actor_from_args(args), "case_find", len(page.rows), "stdout", text=f.text[:100])
    return 0


def cmd_ring(args) -> int:
    """Check the number, hand it to this OS user's running app through the local socket, say what happened.
    Opens no database and logs nobody in: the app that receives it is logged in and records the ring."""
    from app.services.cases import ring_link, rings

    number, line = rings.clean_number(args.number), rings.clean_line(args.line)
    try:
        reply = ring_link.send_ring(number, line)
    except OSError as exc:  # a timeout, a broken pipe: the app did not answer
        print(f"samad: {ring_link.NOT_RUNNING} ({exc.__class__.__name__})", file=sys.stderr)
        return 1
    if not reply.get("ok"):
        print(f"samad: {reply.get('error') or 'برنامه شماره را نپذیرفت.'}", file=sys.stderr)
        return 1
    print(f"ring {reply.get('number', number)} handed to the app")
    return 0
