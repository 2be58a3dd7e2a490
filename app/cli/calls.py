"""`samad call add [FILE|-] [--keep-good] [--as USERNAME]` and `samad call show CODE`.

`add` reads one case (a JSON object) or a list of them and prints each tracking code on its own line;
a bad record is reported with its index (from 0) and nothing is saved, unless --keep-good is given.
`show` prints a case with its history as JSON. Both go through the services the form uses.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys

from app import wiring
from app.cli.common import actor_from_args, add_as_option, open_from_args, print_json
from app.domain import jalali
from app.services import audit, case_import, cases
from app.services.errors import ValidationError


def register(sub) -> None:
    call = sub.add_parser("call", help="register calls from JSON, show a case")
    call_sub = call.add_subparsers(dest="call_command", metavar="ACTION", required=True)
    p = call_sub.add_parser("add", help="register one case (a JSON object) or many (a JSON array)")
    p.add_argument("file", nargs="?", default="-", metavar="FILE|-", help="JSON file; '-' or nothing: standard input")
    p.add_argument("--keep-good", action="store_true",
                   help="save the good records even if some are bad (default: save none when one is bad)")
    add_as_option(p)
    p.set_defaults(func=cmd_add)
    p = call_sub.add_parser("show", help="print a case and its history as JSON")
    p.add_argument("code", metavar="CODE", help="the tracking code (Persian or Latin digits, dashes allowed)")
    add_as_option(p)
    p.set_defaults(func=cmd_show)


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
        raise ValidationError({"FILE": f"JSON درست نیست (سطر {exc.lineno}، ستون {exc.colno}): {exc.msg}"}) from exc
    return value if isinstance(value, list) else [value]


def cmd_add(args: argparse.Namespace) -> int:
    open_from_args(args)
    actor = actor_from_args(args)
    if actor.user_id is None:
        raise ValidationError({"--as": "هر پرونده نام کارشناس ثبت‌کننده را دارد؛ با --as USERNAME بگویید به نام چه کسی ثبت شود."})
    records = load_records(_read(args.file))
    result = case_import.register_calls(actor, records, keep_good=args.keep_good)
    for _index, info in result.saved:
        print(info.tracking_code)
    for index, errors in result.rejected:
        for field, message in errors.items():
            print(f"samad: record {index}: {field + ': ' if field else ''}{message}", file=sys.stderr)
    if result.rejected and not result.saved:
        print(f"samad: nothing saved ({len(result.rejected)} of {len(records)} records refused)", file=sys.stderr)
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
    data.update(tracking_code_grouped=detail.tracking_code_grouped, status_label=detail.status_label,
                channel_label=detail.channel_label, next_step_label=detail.next_step_label,
                created_at_jalali=jalali.format_jalali_datetime(detail.created_at, digits="en"))
    data["history"] = [{**_plain(e), "at_jalali": jalali.format_jalali_datetime(e.at, digits="en")}
                       for e in wiring.case_timeline(detail.id)]
    return data


def cmd_show(args: argparse.Namespace) -> int:
    open_from_args(args)
    data = case_json(cases.find_by_tracking_code(args.code))
    print_json(data)
    # A citizen's details left the program: recorded in the audit trail.
    audit.record_export(actor_from_args(args), "case_json", 1, "stdout", tracking_code=data.get("tracking_code"))
    return 0
