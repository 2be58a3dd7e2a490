"""This PC's connection to a shared PostgreSQL server: check it, save it, or go back to the local file.

The URL saved in settings.json carries no password; the password goes to the user's PostgreSQL password
file (app/pgpass.py). Messages never contain the password.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import peewee

from app import local_settings, migrations, pgpass
from app.db import DatabaseError, make_database, parse_url
from app.services.errors import ValidationError

_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.$-]{0,62}", re.ASCII)
_HOST = re.compile(r"[A-Za-z0-9.:_-]{1,253}", re.ASCII)


@dataclass(frozen=True)
class ServerConnection:
    host: str
    port: int
    database: str
    user: str
    schema: str = ""

    def url(self, password: str = "") -> str:
        return pgpass.postgres_url(self.host, self.port, self.database, self.user, self.schema, password)


@dataclass(frozen=True)
class ConnectionCheck:
    ok: bool
    message: str  # one Persian sentence
    server_version: str = ""
    schema_version: int = 0  # 0: an empty database (run `samad init` or migrate-to)
    program_version: int = 0


def validate(host: str, port, database: str, user: str, schema: str = "") -> ServerConnection:
    errors = {}
    host = (host or "").strip()
    if not _HOST.fullmatch(host):
        errors["host"] = "نشانی سرور را بنویسید (نام یا IP، مانند 192.168.1.10)."
    try:
        port_number = int(str(port).strip())
    except (TypeError, ValueError):
        port_number = 0
    if not 1 <= port_number <= 65535:
        errors["port"] = "درگاه باید عددی بین ۱ و ۶۵۵۳۵ باشد (معمولاً ۵۴۳۲)."
    database = (database or "").strip()
    if not _NAME.fullmatch(database):
        errors["database"] = "نام پایگاه داده را با حروف لاتین، رقم یا _ بنویسید."
    user = (user or "").strip()
    if not _NAME.fullmatch(user):
        errors["user"] = "نام کاربر پایگاه داده را با حروف لاتین، رقم یا _ بنویسید."
    schema = (schema or "").strip()
    if schema and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,62}", schema, re.ASCII):
        errors["schema"] = "نام شِما باید با حرف لاتین شروع شود."
    if errors:
        raise ValidationError(errors)
    return ServerConnection(host, port_number, database, user, schema)


def _scrub(message: str, password: str) -> str:
    return message.replace(password, "***") if password else message


def check(connection: ServerConnection, password: str = "") -> ConnectionCheck:
    """Connect once (password given, else the password file or PGPASSWORD) and say what is there."""
    db = make_database(connection.url(password))
    try:
        db.connect()
        server = db.execute_sql("SHOW server_version").fetchone()[0]
        version = migrations.current_version(db)
    except peewee.DatabaseError as exc:
        reason = _scrub(
            str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__, password
        )
        return ConnectionCheck(False, f"اتصال برقرار نشد: {reason}")
    finally:
        db.close()
    latest = migrations.latest_version()
    if version == 0:
        message = (
            "اتصال برقرار شد. پایگاه داده خالی است: یک بار «samad init» یا «samad migrate-to» را اجرا کنید."
        )
    elif version > latest:
        message = "اتصال برقرار شد، ولی پایگاه داده از نسخه تازه‌تر برنامه است؛ برنامه را به‌روز کنید."
    else:
        message = "اتصال برقرار شد و پایگاه داده آماده است."
    return ConnectionCheck(True, message, server, version, latest)


def save(connection: ServerConnection, password: str = "") -> str:
    """Use this server on this PC from the next start. Returns the URL saved (without the password)."""
    if password:
        pgpass.store(connection.host, connection.port, connection.database, connection.user, password)
    values = local_settings.load()
    values["database_url"] = connection.url()
    local_settings.save(values)
    return values["database_url"]


def use_local_file() -> None:
    """Forget the server: from the next start this PC opens its own SQLite file again."""
    values = local_settings.load()
    values.pop("database_url", None)
    local_settings.save(values)


def saved() -> ServerConnection | None:
    """The server this PC is set to use, or None for the local file."""
    url = local_settings.load().get("database_url")
    if not url:
        return None
    try:
        parsed = parse_url(url)
    except DatabaseError:
        return None
    if parsed.is_sqlite:
        return None
    return ServerConnection(parsed.host, parsed.port or 5432, parsed.name, parsed.user, parsed.schema)
