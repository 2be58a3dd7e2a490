"""`samad case close CODE --outcome … --reason …` and `samad case reopen CODE --reason …`: the services the
case window uses (closing withdraws the referrals still waiting)."""

from __future__ import annotations

import argparse

from app.cli.common import actor_from_args, add_as_option, open_from_args
from app.domain.status import Outcome
from app.services.cases import case_status, cases
from app.services.followup import closing


def register(sub) -> None:
    case = sub.add_parser("case", help="close or reopen a case")
    case_sub = case.add_subparsers(dest="case_command", metavar="ACTION", required=True)
    p = case_sub.add_parser(
        "close", help="close a case with an outcome and a reason (waiting referrals are withdrawn)"
    )
    p.add_argument("code", metavar="CODE", help="the tracking code")
    p.add_argument("--outcome", required=True, choices=[o.value for o in Outcome])
    p.add_argument("--reason", required=True)
    p.add_argument("--duplicate-of", metavar="CODE", help="with --outcome duplicate: the case it repeats")
    add_as_option(p)
    p.set_defaults(func=cmd_close)
    p = case_sub.add_parser("reopen", help="reopen a closed, guided or answered case")
    p.add_argument("code", metavar="CODE")
    p.add_argument("--reason", required=True)
    add_as_option(p)
    p.set_defaults(func=cmd_reopen)


def cmd_close(args: argparse.Namespace) -> int:
    open_from_args(args)
    detail = cases.find_by_tracking_code(args.code)
    closed = closing.close_case(
        actor_from_args(args), detail.id, args.outcome, args.reason, duplicate_of=args.duplicate_of
    )
    print(
        f"{detail.tracking_code_grouped}: {case_status.case_status_label(closed.status)} "
        f"({case_status.outcome_label(closed.outcome)})"
    )
    for letter in closed.letters:  # the withdrawal letters to print and send
        print(f"{letter.number}\t{letter.agency_name}")
    return 0


def cmd_reopen(args: argparse.Namespace) -> int:
    open_from_args(args)
    detail = cases.find_by_tracking_code(args.code)
    case = case_status.reopen_case(actor_from_args(args), detail.id, args.reason)
    print(f"{detail.tracking_code_grouped}: {case_status.case_status_label(case.status)}")
    return 0
