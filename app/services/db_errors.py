"""The one place a database failure becomes a Persian sentence for the window.

The storage layer raises in English (peewee, sqlite3, psycopg2, and `app.db.DatabaseError`, whose sentences the
`samad` command prints as they are); `explain(exc)` says in Persian what happened and what to do: connection
lost, database busy (locked), disk full, read-only, damaged, not a database, a wrong address, newer than this
program. `as_service_error` wraps one in `DatabaseUnavailable`, a ServiceError, so every screen that shows
`str(exc)` shows Persian.
"""

from __future__ import annotations

import sqlite3

import peewee

from app.db import DatabaseError
from app.services.errors import ServiceError

CONNECTION_LOST = "ارتباط با پایگاه داده برقرار نیست (شبکه یا سرور در دسترس نیست). چند لحظه بعد دوباره تلاش کنید؛ اگر ادامه داشت به پشتیبانی خبر دهید."
LOCKED = "پایگاه داده در این لحظه در دست رایانهٔ دیگری است. چند ثانیه بعد دوباره تلاش کنید."
DISK_FULL = "فضای دیسکِ پایگاه داده پر است و چیزی ذخیره نشد. فضای دیسک را آزاد کنید یا به پشتیبانی خبر دهید."
READ_ONLY = "پایگاه داده فقط‌خواندنی است و چیزی ذخیره نشد. دسترسی نوشتن به پوشهٔ پایگاه داده را بررسی کنید."
DAMAGED = "پروندهٔ پایگاه داده آسیب دیده است. برنامه را ببندید و از آخرین پشتیبان بازگردانی کنید یا به پشتیبانی خبر دهید."
NOT_SQLITE = "این پرونده پایگاه دادهٔ میز سامد نیست."
BAD_ADDRESS = "نشانی پایگاه داده نادرست است. آن را در تنظیمات یا با گزینهٔ ‎--database‎ درست کنید."
NO_FOLDER = "پوشهٔ پایگاه داده ساخته نشد. دسترسی نوشتن به آن پوشه را بررسی کنید."
TOO_NEW = "پایگاه داده با نسخهٔ تازه‌تری از میز سامد ساخته شده است؛ نسخهٔ تازه‌تر را نصب کنید."
EMPTY = "پایگاه داده خالی است؛ نخست آن را آماده کنید (samad init)."
OTHER = "کار با پایگاه داده انجام نشد. جزئیات در پروندهٔ گزارش برنامه ثبت شد؛ آن را برای پشتیبانی بفرستید."

_PG_DISK_FULL = {"53100", "53200"}  # disk_full, out_of_memory
_PG_CONNECTION = {"08000", "08003", "08006", "08001", "08004", "57P01", "57P02", "57P03"}
_PG_BUSY = {"40001", "40P01", "55P03"}

# English phrases of sqlite3 and libpq, checked in this order; the first that matches names the kind.
_PHRASES = (
    (
        DISK_FULL,
        ("database or disk is full", "no space left on device", "could not extend file", "disk full"),
    ),
    (LOCKED, ("database is locked", "database is busy", "database table is locked", "could not obtain lock")),
    (READ_ONLY, ("attempt to write a readonly database", "readonly database", "read-only")),
    (DAMAGED, ("malformed", "disk image is malformed", "disk i/o error")),
    (
        CONNECTION_LOST,
        (
            "server closed the connection",
            "connection already closed",
            "could not connect",
            "connection refused",
            "terminating connection",
            "connection to server",
            "timeout expired",
            "no route to host",
            "could not translate host name",
            "unable to open database file",
            "ssl syscall error",
            "eof detected",
            "connection not open",
            "cannot operate on a closed",
        ),
    ),
)
# app.db.DatabaseError's own English sentences (the CLI prints them; the window shows these).
_OWN = (
    (NOT_SQLITE, ("is not a sqlite database",)),
    (BAD_ADDRESS, ("malformed", "unsupported database url")),
    (NO_FOLDER, ("cannot create the database folder", "path is a folder")),
    (TOO_NEW, ("is newer than this program",)),
    (EMPTY, ("the database is empty",)),
)


class DatabaseUnavailable(ServiceError):
    """A database failure, with its Persian explanation as the message; `__cause__` is the original error."""


def _chain(exc: BaseException):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def is_database_error(exc: BaseException) -> bool:
    return any(
        isinstance(e, DatabaseError | peewee.DatabaseError | peewee.InterfaceError | sqlite3.Error)
        or type(e).__module__.startswith("psycopg2")
        for e in _chain(exc)
    )


def explain(exc: BaseException) -> str | None:
    """The Persian sentence for a database failure anywhere in `exc`'s chain; None when it is not one."""
    if isinstance(exc, DatabaseUnavailable):
        return exc.message
    if not is_database_error(exc):
        return None
    chain = list(_chain(exc))
    for e in chain:
        code = getattr(e, "pgcode", None)
        if code in _PG_DISK_FULL:
            return DISK_FULL
        if code in _PG_BUSY:
            return LOCKED
        if code in _PG_CONNECTION:
            return CONNECTION_LOST
    for e in chain:
        text = str(e).lower()
        for message, phrases in _PHRASES:
            if any(p in text for p in phrases):
                return message
    for e in chain:
        if isinstance(e, DatabaseError):
            text = str(e).lower()
            for message, phrases in _OWN:
                if any(p in text for p in phrases):
                    return message
            if "cannot open the database" in text:
                return CONNECTION_LOST
    if any(isinstance(e, peewee.InterfaceError | peewee.OperationalError) for e in chain):
        return CONNECTION_LOST
    return OTHER


def as_service_error(exc: BaseException) -> BaseException:
    """`exc` itself, or for a database failure a DatabaseUnavailable (Persian message) caused by it."""
    if isinstance(exc, ServiceError):
        return exc
    message = explain(exc)
    if message is None:
        return exc
    wrapped = DatabaseUnavailable(message)
    wrapped.__cause__ = exc
    wrapped.__traceback__ = exc.__traceback__
    return wrapped


def user_message(exc: BaseException) -> str | None:
    """What to show a person for `exc`: a service's refusal or a database failure, in Persian; None for a bug."""
    if isinstance(exc, ServiceError):
        return exc.message
    return explain(exc)
