"""`samad user add|list|reset-password`."""

from __future__ import annotations

import argparse
import getpass
import sys

from app.cli.common import actor_from_args, open_from_args
from app.services.actor import require
from app.services.admin import users
from app.services.errors import ValidationError


def register(sub) -> None:
    user = sub.add_parser("user", help="manage user accounts")
    user_sub = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    p = user_sub.add_parser("add", help="add a user (password from a prompt or --password-stdin)")
    p.add_argument("username")
    p.add_argument(
        "--role",
        required=True,
        choices=["operator", "official", "supervisor", "service"],
        help="service: a script's account (the nightly backup), which cannot open the window",
    )
    p.add_argument("--full-name", required=True)
    p.add_argument("--title", default="", help="printed under an official's signature")
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help="read passwords from standard input: first your own (with --as), then the new one",
    )
    p.set_defaults(func=cmd_add)
    p = user_sub.add_parser("list", help="list users")
    p.set_defaults(func=cmd_list)
    p = user_sub.add_parser("reset-password", help="set a new password and unlock the account")
    p.add_argument("username")
    p.add_argument("--password-stdin", action="store_true")
    p.set_defaults(func=cmd_reset)


def read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("New password: ")
    if getpass.getpass("Repeat the new password: ") != first:
        raise ValidationError({"password": "دو گذرواژه یکسان نیستند."})
    return first


def cmd_add(args: argparse.Namespace) -> int:
    """The first account (a supervisor) needs no login, as at the window's first start; later ones do."""
    open_from_args(args, login="if_accounts")
    actor = getattr(args, "actor", None)
    if actor is None:
        if args.role != "supervisor":
            raise ValidationError({"--role": "نخستین حساب باید ناظر باشد."})
        info = users.create_first_supervisor(
            args.username, args.full_name, read_password(args.password_stdin), title=args.title
        )
    else:
        require(actor, "manage_users")
        info = users.create_user(
            actor,
            args.username,
            args.role,
            args.full_name,
            read_password(args.password_stdin),
            title=args.title,
        )
    print(f"User {info.username} ({info.role.value}) added.")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    open_from_args(args)
    require(actor_from_args(args), "manage_users")
    for u in users.list_users():
        state = "active" if u.active else "inactive"
        print(f"{u.username}\t{u.role.value}\t{state}\t{u.full_name}\t{u.title}")
    return 0


def cmd_reset(args: argparse.Namespace) -> int:
    open_from_args(args)
    actor = actor_from_args(args)
    require(actor, "manage_users")
    users.reset_password(actor, args.username, read_password(args.password_stdin))
    print(f"Password of {args.username} reset; the account is unlocked.")
    return 0
