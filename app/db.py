"""The one database: opened from a URL (SQLite by default, PostgreSQL for a shared server).

`database` is a peewee proxy every model binds to; `open_database(url)` points it at a real
database with the right pragmas and checks it can be reached, raising `DatabaseError` with one
clear sentence otherwise.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
import re
from urllib.parse import parse_qs, unquote, urlparse

import peewee

from app import paths

database = peewee.DatabaseProxy()

SQLITE_PRAGMAS = (
    ("journal_mode", "wal"),
    ("foreign_keys", 1),
    ("busy_timeout", 15000),
    ("synchronous", "normal"),
    ("cache_size", -64000),
)
SQLITE_HEADER = b"SQLite format 3\x00"


class DatabaseError(Exception):
    """The database cannot be used; the message is one sentence for the user."""


@dataclass(frozen=True)
class DatabaseUrl:
    scheme: str  # "sqlite" or "postgresql"
    path: str = ""  # sqlite file (or ":memory:")
    host: str = ""
    port: int | None = None
    user: str = ""
    password: str = ""
    name: str = ""
    schema: str = ""  # optional PostgreSQL schema (?schema=name), e.g. one per test run

    @property
    def is_sqlite(self) -> bool:
        return self.scheme == "sqlite"

    def redacted(self) -> str:
        """The URL to show a person or a log: never the password."""
        if self.is_sqlite:
            return f"sqlite:///{self.path}"
        auth = f"{self.user}:***@" if self.password else (f"{self.user}@" if self.user else "")
        port = f":{self.port}" if self.port else ""
        schema = f"?schema={self.schema}" if self.schema else ""
        return f"postgresql://{auth}{self.host}{port}/{self.name}{schema}"


def parse_url(url: str) -> DatabaseUrl:
    url = (url or "").strip()
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        # sqlite:///relative.db, sqlite:////abs/path.db, sqlite:///:memory:
        path = unquote(url[len("sqlite:///"):]) if url.startswith("sqlite:///") else ""
        if not path:
            raise DatabaseError(f"Malformed SQLite URL (expected sqlite:///path/file.db): {url}")
        return DatabaseUrl("sqlite", path=path)
    if parsed.scheme in ("postgresql", "postgres"):
        name = parsed.path.lstrip("/")
        if not parsed.hostname or not name:
            raise DatabaseError(
                f"Malformed PostgreSQL URL (expected postgresql://user@host:port/dbname): {url}")
        try:
            port = parsed.port
        except ValueError as exc:
            raise DatabaseError(f"Malformed port in database URL: {url}") from exc
        query = parse_qs(parsed.query)
        schema = (query.get("schema") or [""])[0]
        if schema and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,62}", schema):
            raise DatabaseError(f"Malformed schema name in database URL: {schema}")
        return DatabaseUrl("postgresql", host=parsed.hostname, port=port,
                           user=unquote(parsed.username or ""), password=unquote(parsed.password or ""),
                           name=unquote(name), schema=schema)
    raise DatabaseError(
        f"Unsupported database URL '{url}': use sqlite:///path/file.db or postgresql://user@host:port/dbname")


def default_url() -> str:
    return "sqlite:///" + str(paths.data_dir() / "samad.db")


def resolve_url(explicit: str | None = None) -> str:
    """--database, then SAMAD_DATABASE_URL, then the settings file, then the per-user default."""
    if explicit:
        return explicit
    if os.environ.get("SAMAD_DATABASE_URL"):
        return os.environ["SAMAD_DATABASE_URL"]
    from app import local_settings

    configured = local_settings.load().get("database_url")
    return configured or default_url()


def _check_sqlite_file(path: str) -> None:
    if path == ":memory:":
        return
    file = Path(path)
    if file.exists():
        if file.is_dir():
            raise DatabaseError(f"The database path is a folder, not a file: {path}")
        with file.open("rb") as fh:
            head = fh.read(16)
        if head and head != SQLITE_HEADER:
            raise DatabaseError(f"The file is not a SQLite database: {path}")
    else:
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(f"Cannot create the database folder {file.parent}: {exc.strerror}") from exc


def make_database(url: str) -> peewee.Database:
    parsed = parse_url(url)
    if parsed.is_sqlite:
        _check_sqlite_file(parsed.path)
        # Transactions begin IMMEDIATE: a writer takes the write lock up front, so two PCs or processes
        # never deadlock upgrading a read lock (busy_timeout then queues them).
        return peewee.SqliteDatabase(parsed.path, pragmas=SQLITE_PRAGMAS, timeout=15, lock_type="IMMEDIATE",
                                     autoconnect=True, check_same_thread=False)
    options = {"options": f"-csearch_path={parsed.schema}"} if parsed.schema else {}
    return peewee.PostgresqlDatabase(
        parsed.name, host=parsed.host, port=parsed.port or 5432, user=parsed.user or None,
        password=parsed.password or None, autoconnect=True, connect_timeout=5,
        application_name="samad-desk", **options)


def open_database(url: str) -> peewee.Database:
    """Point the shared proxy at `url`, connect once to prove it works, and return the database."""
    db = make_database(url)
    try:
        db.connect(reuse_if_open=True)
        db.execute_sql("SELECT 1")
    except peewee.DatabaseError as exc:
        db.close()
        parsed = parse_url(url)
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if parsed.is_sqlite and "not a database" in reason:
            raise DatabaseError(f"The file is not a SQLite database: {parsed.path}") from exc
        raise DatabaseError(f"Cannot open the database {parsed.redacted()}: {reason}") from exc
    database.initialize(db)
    return db


def is_postgres(db: peewee.Database | None = None) -> bool:
    target = db or database.obj
    return isinstance(target, peewee.PostgresqlDatabase)


def close_database() -> None:
    if database.obj is not None and not database.obj.is_closed():
        database.obj.close()
