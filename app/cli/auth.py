"""Who runs a command: the login options every command has, and the password check behind them."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from app.domain.roles import Role
from app.services.actor import Actor
from app.services.admin import users
from app.services.errors import PermissionDenied, ServiceError

# What a script's service account may run (its services check the role again).
SERVICE_COMMANDS = frozenset({"backup", "audit verify"})


class LoginRequired(ServiceError):
    """The command acts on the center's data and nobody said who they are."""


def add_login_options(parser: argparse.ArgumentParser) -> None:
    present = {s for action in parser._actions for s in action.option_strings}
    if "--as" not in present:
        parser.add_argument(
            "--as",
            dest="as_user",
            metavar="USERNAME",
            help="act as this user (default: SAMAD_USER); the password is asked on the terminal",
        )
    if "--password-stdin" not in present:
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the password from the first line of standard input",
        )
    if "--password-file" not in present:
        parser.add_argument(
            "--password-file",
            metavar="FILE",
            help="read the password from FILE, which only its owner may read (chmod 600); "
            "default: SAMAD_PASSWORD_FILE",
        )


def add_login_options_everywhere(parser: argparse.ArgumentParser) -> None:
    """Give every leaf command the login options (so `samad COMMAND --as NAME` always parses)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                add_login_options_everywhere(sub)
            return
    if parser.get_default("func") is not None:
        add_login_options(parser)


def read_password_file(path: str) -> str:
    file = Path(path).expanduser()
    try:
        st = file.stat()
        if os.name == "posix" and (st.st_mode & 0o077 or st.st_uid != os.geteuid()):
            raise LoginRequired(
                f"پرونده گذرواژه {file} را دیگران هم می‌توانند بخوانند؛ "
                f"آن را از آنِ خودتان کنید و بنویسید: chmod 600 {file}"
            )
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise LoginRequired(f"پرونده گذرواژه {file} خوانده نشد: {exc.strerror}") from exc
    return text.splitlines()[0] if text else ""


def read_login_password(args: argparse.Namespace, username: str) -> str:
    if getattr(args, "_checked_password", None) is not None:
        return args._checked_password
    file = getattr(args, "password_file", None) or os.environ.get("SAMAD_PASSWORD_FILE")
    if file:
        return read_password_file(file)
    if getattr(args, "password_stdin", False):
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise LoginRequired(
            "گذرواژه پرسیده نشد چون پایانه‌ای در کار نیست؛ --password-stdin یا --password-file را بدهید."
        )
    return getpass.getpass(f"Password for {username}: ")


def authenticate(args: argparse.Namespace) -> Actor:
    """Log the named person in as the window does (lockout and audit included)."""
    username = (getattr(args, "as_user", None) or os.environ.get("SAMAD_USER") or "").strip()
    if not username:
        raise LoginRequired("این فرمان به جای کسی کار می‌کند؛ با --as نام‌کاربری (و گذرواژه‌اش) بگویید کیستید.")
    actor = users.login(username, read_login_password(args, username), via="cli")
    args.actor = actor  # set before the check below, so a refusal is audited under the account's name
    if actor.role == Role.SERVICE and command_name(args) not in SERVICE_COMMANDS:
        raise PermissionDenied("حساب خودکار اجازه این فرمان را ندارد؛ تنها پشتیبان‌گیری و وارسی رد تغییرات.")
    return actor


def command_name(args: argparse.Namespace) -> str:
    """'audit verify', 'backup'...: the command and its action, as typed."""
    return " ".join(
        [str(args.command)] + [str(v) for k, v in vars(args).items() if k.endswith("_command") and v]
    )


def check_password_only(db, args: argparse.Namespace) -> None:
    """Before `samad init` upgrades an older schema (which cannot record a login yet): the named account must
    exist, be an active supervisor, not locked, and the password must match. Nothing is written."""
    import datetime as dt

    from app.domain.utc_micros import from_micros
    from app.services.admin.passwords import verify_password
    from app.services.errors import AuthenticationFailed, PermissionDenied

    username = (getattr(args, "as_user", None) or os.environ.get("SAMAD_USER") or "").strip().lower()
    if not username:
        raise LoginRequired("این پایگاه داده حساب کاربری دارد؛ با --as نام ناظر (و گذرواژه‌اش) بگویید کیستید.")
    row = db.execute_sql(
        f'SELECT password_hash, role, active, locked_until FROM "user" WHERE username = {db.param}',
        (username,),
    ).fetchone()
    password = read_login_password(args, username)
    until = row[3] if row else None
    if isinstance(until, int):  # SQLite since migration 36: integer microseconds; text before it
        until = from_micros(until).isoformat(" ")
    locked = row and until and str(until) > dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(" ")
    if row is None or not row[2] or locked or not verify_password(password, row[0]):
        raise AuthenticationFailed("نام کاربری یا گذرواژه نادرست است.")
    if row[1] != "supervisor":
        raise PermissionDenied("تنها ناظر پایگاه داده را ارتقا می‌دهد.")
    # the password is known good: authenticate() after the upgrade uses it again instead of asking twice
    args._checked_password = password
