"""The one database: opened from a URL (SQLite by default, PostgreSQL for a shared server).

`database` is a peewee proxy every model binds to; `open_database(url)` points it at a real
database with the right pragmas and checks it can be reached, raising `DatabaseError` with one
clear sentence otherwise.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import peewee  # first imported by the app package, without psycopg2 (app/__init__.py)

from app import paths, private_files

database = peewee.DatabaseProxy()

# How long a statement waits for another PC's lock before it gives up (SQLite busy timeout, PostgreSQL
# lock_timeout); a transaction left idle longer than IDLE_IN_TRANSACTION_SECONDS is ended by PostgreSQL, so
# nothing waits forever. What then reaches a person is BUSY_MESSAGE (after the safe retries).
LOCK_WAIT_SECONDS = 15
IDLE_IN_TRANSACTION_SECONDS = 120
BUSY_MESSAGE = (
    "پایگاه داده اکنون در دست کار دیگری است (رایانه‌ای دیگر آن را بیش از اندازه قفل نگه داشته)؛ "
    "چیزی ذخیره نشد، کمی بعد دوباره امتحان کنید."
)

SQLITE_PRAGMAS = (
    ("journal_mode", "wal"),
    ("foreign_keys", 1),
    # FULL: in WAL mode the log is synced at every commit, so a commit the program confirmed survives a power
    # cut (NORMAL keeps the database intact but may lose the last commits). Cost: benchmarks/bench_durability.py
    ("synchronous", "full"),
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
        path = unquote(url[len("sqlite:///") :]) if url.startswith("sqlite:///") else ""
        if not path:
            raise DatabaseError(f"Malformed SQLite URL (expected sqlite:///path/file.db): {url}")
        return DatabaseUrl("sqlite", path=path)
    if parsed.scheme in ("postgresql", "postgres"):
        name = parsed.path.lstrip("/")
        if not parsed.hostname or not name:
            raise DatabaseError(
                f"Malformed PostgreSQL URL (expected postgresql://user@host:port/dbname): {url}"
            )
        try:
            port = parsed.port
        except ValueError as exc:
            raise DatabaseError(f"Malformed port in database URL: {url}") from exc
        query = parse_qs(parsed.query)
        schema = (query.get("schema") or [""])[0]
        if schema and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,62}", schema):
            raise DatabaseError(f"Malformed schema name in database URL: {schema}")
        return DatabaseUrl(
            "postgresql",
            host=parsed.hostname,
            port=port,
            user=unquote(parsed.username or ""),
            password=unquote(parsed.password or ""),
            name=unquote(name),
            schema=schema,
        )
    raise DatabaseError(
        f"Unsupported database URL '{url}': use sqlite:///path/file.db or postgresql://user@host:port/dbname"
    )


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
            private_files.private_folder(file.parent)  # citizens' data: no other account on the PC looks in
            if os.name == "posix":  # SQLite gives its -wal and -shm files the database file's mode
                private_files.create_private(file, exclusive=True)
        except FileExistsError:
            pass
        except OSError as exc:
            raise DatabaseError(f"Cannot create the database folder {file.parent}: {exc.strerror}") from exc
    if file.parent.resolve() == paths.data_dir().resolve():
        private_files.tighten_folder(file.parent)  # the program's own folder, made before this rule
    _owner_only(file)


def _owner_only(file: Path) -> None:
    """POSIX: the database and its -wal/-shm files readable by their owner only (an older file is tightened)."""
    for path in (file, file.with_name(file.name + "-wal"), file.with_name(file.name + "-shm")):
        private_files.tighten(path)


# The audit trail is append-only even for raw SQL through the program's own SQLite connections. Its triggers
# refuse UPDATE and DELETE (migrations 1 and 9); this authorizer refuses what would get round them: dropping
# the triggers or the table, renaming it, and writable_schema.
_AUDIT_TABLE = "audit_entry"
_guard = threading.local()


@contextlib.contextmanager
def audit_schema_change():
    """For migrations and `samad init` only: lets this thread's SQLite connections alter the audit table and
    its triggers (e.g. to add the hash chain's columns) for the duration of the block."""
    _guard.lifted = True
    try:
        yield
    finally:
        _guard.lifted = False


def _authorizer(action, arg1, arg2, db_name, source):
    import sqlite3

    if getattr(_guard, "lifted", False):
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_DROP_TABLE and arg1 == _AUDIT_TABLE:
        return sqlite3.SQLITE_DENY
    if action in (sqlite3.SQLITE_DROP_TRIGGER, sqlite3.SQLITE_ALTER_TABLE) and arg2 == _AUDIT_TABLE:
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_PRAGMA and (arg1 or "").lower() == "writable_schema":
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


def _case_search_key(caller_name, subject, description) -> str:
    from app.domain import short_text  # imported on first use: not at start-up
    from app.domain.search_text import case_columns_key

    if isinstance(description, bytes):  # stored one byte a Persian letter (migration 41)
        description = short_text.unpack(description, "description")
    return case_columns_key(caller_name, subject, description)


def _matches(pattern, text) -> bool:
    """samad_matches(pattern, text): whether the regular expression is found in the text (Python's re, the
    patterns app.domain.search_text.token_patterns writes): the check of a phrase's words being together,
    which case_fts, keeping no positions (migration 41), cannot answer."""
    return text is not None and re.search(pattern, text) is not None


def register_sqlite_functions(conn) -> None:
    """The program's SQL functions on a sqlite3 connection: samad_case_search_key(caller_name, subject,
    description), which the triggers of the full-text table case_fts call (migration 37), and samad_matches
    (pattern, text), a phrase's check (migration 41). A connection without
    it cannot insert, edit or delete a case ("no such function"): it never corrupts the index."""
    conn.create_function("samad_case_search_key", 3, _case_search_key, deterministic=True)
    conn.create_function("samad_matches", 2, _matches, deterministic=True)


class SamadSqliteDatabase(peewee.SqliteDatabase):
    def _add_conn_hooks(self, conn):
        super()._add_conn_hooks(conn)
        conn.set_authorizer(_authorizer)
        register_sqlite_functions(conn)


class _NulSafeString:
    """PostgreSQL text cannot hold U+0000, and psycopg2 raises ValueError on it. Services refuse control
    characters in what they store; for everything else (a lookup by a typed name, say) U+0000 is sent as
    U+FFFD, so such a value simply matches nothing instead of crashing (SQLite behaves the same way)."""

    def __init__(self, value: str):
        import psycopg2.extensions

        self.adapted = psycopg2.extensions.QuotedString(value.replace("\x00", "\ufffd"))

    def prepare(self, conn) -> None:
        self.adapted.prepare(conn)

    def getquoted(self) -> bytes:
        return self.adapted.getquoted()


def _register_nul_safe_strings() -> None:
    try:
        import psycopg2.extensions
        import psycopg2.extras
    except ImportError as exc:
        raise DatabaseError(
            "PostgreSQL needs the psycopg2 driver, which is not installed (pip install psycopg2-binary)"
        ) from exc

    _give_peewee_psycopg2(psycopg2)
    psycopg2.extensions.register_adapter(str, _NulSafeString)


def _give_peewee_psycopg2(psycopg2) -> None:
    """What peewee's own import sets when it finds psycopg2 (peewee 4.5, peewee.py's head and Psycopg2Adapter),
    for the peewee the app package imported without it. Checked by tests/app/test_db_driver.py."""
    if peewee.psycopg2 is not None:
        return
    extensions = psycopg2.extensions
    peewee.pg_extensions = extensions
    peewee.pg_register_uuid = psycopg2.extras.register_uuid
    peewee.Json_pg2 = psycopg2.extras.Json
    psycopg2.extras.register_uuid()
    peewee.Psycopg2Adapter.txn_idle = extensions.TRANSACTION_STATUS_IDLE
    peewee.Psycopg2Adapter.txn_inerror = extensions.TRANSACTION_STATUS_INERROR
    peewee.Psycopg2Adapter.txn_unknown = extensions.TRANSACTION_STATUS_UNKNOWN
    peewee.psycopg2 = psycopg2


def make_database(url: str) -> peewee.Database:
    parsed = parse_url(url)
    if parsed.is_sqlite:
        _check_sqlite_file(parsed.path)
        # Transactions begin IMMEDIATE: a writer takes the write lock up front, so two PCs or processes
        # never deadlock upgrading a read lock (busy_timeout then queues them).
        pragmas = (*SQLITE_PRAGMAS, ("busy_timeout", int(LOCK_WAIT_SECONDS * 1000)))
        return SamadSqliteDatabase(
            parsed.path,
            pragmas=pragmas,
            timeout=LOCK_WAIT_SECONDS,
            lock_type="IMMEDIATE",
            autoconnect=True,
            check_same_thread=False,
        )
    _register_nul_safe_strings()
    settings = [
        f"-c lock_timeout={int(LOCK_WAIT_SECONDS * 1000)}",
        f"-c idle_in_transaction_session_timeout={int(IDLE_IN_TRANSACTION_SECONDS * 1000)}",
    ]
    if parsed.schema:
        settings.append(f"-c search_path={parsed.schema}")
    # libpq reads PGOPTIONS only when a program passes no options of its own: pass it on (e.g. the test suite's
    # synchronous_commit=off), before the program's settings so those win.
    options = {"options": " ".join([os.environ.get("PGOPTIONS", "").strip(), *settings]).strip()}
    return peewee.PostgresqlDatabase(
        parsed.name,
        host=parsed.host,
        port=parsed.port or 5432,
        user=parsed.user or None,
        password=parsed.password or None,
        autoconnect=True,
        connect_timeout=5,
        application_name=application_name(parsed),
        **options,
    )


def application_name(parsed: DatabaseUrl) -> str:
    """What PostgreSQL shows for the program's sessions (pg_stat_activity): with the schema, so a restore can
    tell the sessions of this database from those of another schema on the same server."""
    return ("samad-desk/" + parsed.schema)[:63] if parsed.schema else "samad-desk"


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
    previous = database.obj
    if previous is not None and previous is not db and not previous.is_closed():
        previous.close()  # no forgotten connection of ours keeps a lock (a restore waits for every one)
    database.initialize(db)
    return db


def is_postgres(db: peewee.Database | peewee.DatabaseProxy | None = None) -> bool:
    """Whether `db` (a database, or a proxy such as the models' `database`; default the models') is PostgreSQL."""
    target = database.obj if db is None else getattr(db, "obj", db)
    return isinstance(target, peewee.PostgresqlDatabase)


def close_database() -> None:
    if database.obj is not None and not database.obj.is_closed():
        database.obj.close()


# --- retrying a write that lost a race ---------------------------------------------------------
# SQLite: "database is locked"/"busy" once busy_timeout has run out; PostgreSQL: serialization failure
# (40001) or deadlock (40P01). Each is safe to retry from the start, because the whole transaction
# rolled back; nothing a user typed is lost and no number was used up.
RETRY_ATTEMPTS = 6
_PG_RETRY_CODES = {"40001", "40P01", "55P03"}  # serialization failure, deadlock, lock_timeout
_PG_BUSY_CODES = {"55P03", "57014", "25P03"}  # lock_timeout, canceled, idle-in-transaction timeout


def is_busy(exc: BaseException) -> bool:
    """True when `exc` means the database stayed locked by someone else longer than we wait (or contention
    that survived the retries): a person gets BUSY_MESSAGE, not a traceback."""
    candidates = [exc, exc.__cause__, exc.__context__, *(a for a in exc.args if isinstance(a, BaseException))]
    if any(
        getattr(c, "pgcode", None) in _PG_BUSY_CODES | _PG_RETRY_CODES for c in candidates if c is not None
    ):
        return True
    return is_contention(exc)


def is_contention(exc: BaseException) -> bool:
    """True when `exc` means another writer got in the way and the same transaction may simply run again."""
    candidates = [exc, exc.__cause__, exc.__context__, *(a for a in exc.args if isinstance(a, BaseException))]
    if any(getattr(c, "pgcode", None) in _PG_RETRY_CODES for c in candidates if c is not None):
        return True
    text = str(exc).lower()
    return isinstance(exc, peewee.OperationalError) and (
        "database is locked" in text or "database is busy" in text
    )


def retry_on_contention(fn):
    """Decorator for a service function that opens its own transaction: run it again (a few times, with a
    short random pause) when the database reports contention. Inside an outer transaction it does not retry
    (the outer one must roll back as a whole), it simply raises."""
    import functools
    import random
    import time

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        for attempt in range(1, RETRY_ATTEMPTS + 1):
            try:
                return fn(*args, **kwargs)
            except peewee.DatabaseError as exc:
                if attempt == RETRY_ATTEMPTS or not is_contention(exc) or database.in_transaction():
                    raise
                time.sleep(random.uniform(0.02, 0.1) * attempt)
        raise AssertionError("unreachable")

    return wrapper
