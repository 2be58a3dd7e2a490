"""`samad schedule generate|export|list|close-past` and `samad official list`: the attendance schedule from
the command line (the same services the schedule page uses)."""

from __future__ import annotations

import argparse
import datetime as dt

from app.cli.common import actor_from_args, add_as_option, open_from_args
from app.domain import jalali
from app.domain.attendance import SLOT_STATUS_LABELS, SlotStatus, format_hours, parse_time
from app.domain.text import to_ascii_digits
from app.private_files import write_private
from app.services.errors import ValidationError
from app.services.schedule import attendance, officials, schedule, schedule_export


def register(sub) -> None:
    p = sub.add_parser("schedule", help="the officials' attendance schedule: generate, export, list")
    actions = p.add_subparsers(dest="schedule_command", metavar="ACTION", required=True)
    g = actions.add_parser("generate", help="plan a rotation for a Jalali month or a period")
    _period_options(g)
    g.add_argument(
        "--officials",
        required=True,
        metavar="ID,ID,...",
        help="official ids in the order they take turns (see 'samad official list')",
    )
    g.add_argument("--start", default="10:00", help="slot start time (default 10:00)")
    g.add_argument("--minutes", type=int, default=schedule.DEFAULT_MINUTES, help="slot length (default 60)")
    g.add_argument("--every", type=int, default=2, help="every Nth working day (default 2: every other day)")
    g.add_argument("--skip-thursdays", action="store_true", help="leave Thursdays out too")
    g.add_argument("--replace", action="store_true", help="replace the period's slots not yet held")
    add_as_option(g)
    g.set_defaults(func=cmd_generate)
    e = actions.add_parser("export", help="the announcement as PDF or Excel")
    _period_options(e)
    e.add_argument("--format", choices=["pdf", "xlsx"], default="pdf")
    e.add_argument("-o", "--output", required=True, metavar="FILE")
    e.set_defaults(func=cmd_export)
    s = actions.add_parser("list", help="list the slots of a period with their status and conflicts")
    _period_options(s)
    s.set_defaults(func=cmd_list)
    c = actions.add_parser("close-past", help="record every past slot nobody checked in to as absent")
    add_as_option(c)
    c.set_defaults(func=cmd_close_past)
    o = sub.add_parser("official", help="officials who sit in the center")
    o_actions = o.add_subparsers(dest="official_command", metavar="ACTION", required=True)
    o_actions.add_parser("list", help="list officials with their ids").set_defaults(func=cmd_officials)


def _period_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--month", metavar="YYYY/MM", help="a Jalali month, e.g. 1405/09")
    p.add_argument("--from", dest="date_from", metavar="JALALI", help="first day, e.g. 1405/09/01")
    p.add_argument("--to", dest="date_to", metavar="JALALI", help="last day")


def period(args: argparse.Namespace) -> tuple[dt.date, dt.date]:
    if args.month:
        parts = to_ascii_digits(args.month).replace("-", "/").split("/")
        try:
            return schedule.month_period(int(parts[0]), int(parts[1]))
        except (ValueError, IndexError) as exc:
            raise ValidationError({"--month": "ماه را به شکل ۱۴۰۵/۰۹ بنویسید."}) from exc
    if not (args.date_from and args.date_to):
        raise ValidationError({"--month": "دوره را با --month یا با --from و --to بدهید."})
    from app.cli.report import period as report_period

    return report_period(args)


def cmd_generate(args: argparse.Namespace) -> int:
    open_from_args(args)
    start, end = period(args)
    try:
        start_time = parse_time(args.start)
    except ValueError as exc:
        raise ValidationError({"--start": str(exc)}) from exc
    try:
        ids = [int(x) for x in to_ascii_digits(args.officials).replace(" ", "").split(",") if x]
    except ValueError as exc:
        raise ValidationError({"--officials": "شناسه مسئولان را با ویرگول جدا کنید، مانند 1,2,3"}) from exc
    result = schedule.generate_rotation(
        actor_from_args(args),
        start,
        end,
        ids,
        start_time=start_time,
        minutes=args.minutes,
        every=args.every,
        skip_thursdays=args.skip_thursdays,
        replace=args.replace,
    )
    for s in result.slots:
        print(
            f"{jalali.format_jalali(s.date, 'en')}\t{s.weekday}\t"
            f"{format_hours(s.start_time, s.end_time, 'en')}\t{s.official_name}"
        )
    print(f"{len(result.slots)} slots planned, {result.removed} replaced.")
    for conflict in schedule.find_conflicts(start, end):
        print(f"conflict: {conflict.message}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    open_from_args(args)
    start, end = period(args)
    data = (
        schedule_export.schedule_pdf(start, end)
        if args.format == "pdf"
        else schedule_export.schedule_xlsx(start, end)
    )
    write_private(args.output, data)
    print(f"Schedule written to {args.output}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    open_from_args(args)
    start, end = period(args)
    conflicts = schedule.find_conflicts(start, end)
    marked = schedule.conflicted_slot_ids(conflicts)
    for s in schedule.list_slots(start, end):
        flag = "  !" if s.id in marked else ""
        print(
            f"{s.id}\t{jalali.format_jalali(s.date, 'en')}\t{s.weekday}\t"
            f"{format_hours(s.start_time, s.end_time, 'en')}\t{s.official_name}\t"
            f"{SLOT_STATUS_LABELS[SlotStatus(s.status)]}{flag}"
        )
    for conflict in conflicts:
        print(f"conflict: {conflict.message}")
    return 0


def cmd_close_past(args: argparse.Namespace) -> int:
    open_from_args(args)
    count = attendance.close_past_slots(actor_from_args(args))
    print(f"{count} past slots recorded as absent.")
    return 0


def cmd_officials(args: argparse.Namespace) -> int:
    open_from_args(args)
    for o in officials.list_officials():
        state = "active" if o.active else "inactive"
        print(f"{o.id}\t{o.full_name}\t{o.title}\t{o.agency_name}\t{o.username}\t{state}")
    return 0
