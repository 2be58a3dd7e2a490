"""The base model every table inherits: bound to the one database proxy."""

from __future__ import annotations

import datetime as _dt

import peewee

from app.db import database, is_postgres
from app.domain.utc_micros import from_micros, micros_of_text, to_micros


def utcnow() -> _dt.datetime:
    return _dt.datetime.now(_dt.UTC).replace(tzinfo=None)


class BaseModel(peewee.Model):
    """Timestamps are naive UTC datetimes in Python (UtcTimeField: TIMESTAMP on PostgreSQL, integer
    microseconds on SQLite)."""

    class Meta:
        database = database
        legacy_table_names = False


def _postgres_ddl(ctx) -> bool:
    """Whether a field's DDL is being written for PostgreSQL (its type names; SQLite's otherwise)."""
    return ctx is not None and ctx.state.field_types.get("BLOB") == "BYTEA"


def stored_time(db, value):
    """What a UtcTimeField column holds for `value` on `db` (a database, or the models' proxy): on SQLite a
    datetime, a date or a time's text becomes integer microseconds since the epoch (app.domain.utc_micros);
    on PostgreSQL, and for any other value (None; an integer already stored), `value` as it is. Raw SQL that
    writes or compares a stored time (an audit entry's, a case's, a letter's ...) passes it through here, as the
    model's field does."""
    if is_postgres(getattr(db, "obj", db)):
        return value
    if isinstance(value, _dt.date):
        return to_micros(value)
    return micros_of_text(value)


class UtcTimeField(peewee.DateTimeField):
    """A naive UTC datetime, as DateTimeField, kept on SQLite as integer microseconds since the Unix epoch:
    8 bytes in the row and in an index where the text took 19-26 (issue 17: migration 34 for the audit entries'
    time, migration 36 for every other table's). PostgreSQL keeps its TIMESTAMP. Exact both ways, microseconds
    included. A value stored otherwise (text written behind the program's back) reads back as DateTimeField
    reads it.

    `sqlite_type` is the column's declared type on SQLite: INTEGER where the table was rebuilt for it (the audit
    entries), DATETIME where migration 36 converted the values in place (SQLite cannot change a column's type;
    a DATETIME column has NUMERIC affinity and keeps an integer as an integer)."""

    def __init__(self, *args, sqlite_type: str = "DATETIME", **kwargs):
        self.sqlite_type = sqlite_type
        super().__init__(*args, **kwargs)

    def ddl_datatype(self, ctx):
        return peewee.SQL("TIMESTAMP" if _postgres_ddl(ctx) else self.sqlite_type)

    def db_value(self, value):
        return stored_time(self.model._meta.database, value)

    def python_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return from_micros(value)
        return super().python_value(value)


class CompressedTextField(peewee.Field):
    """Text the program reads and writes as a str, stored compressed by `codec` (app.domain.compressed_text):
    a letter's frozen content, an audit entry's details. Rows stored before their column was compressed read
    back too. The column is BYTEA on PostgreSQL; on SQLite `sqlite_type` (a letter's content stays TEXT as
    migration 2 made it: SQLite keeps a BLOB in a TEXT column as it is)."""

    field_type = "COMPRESSED_TEXT"

    def __init__(self, codec, *args, sqlite_type: str = "BLOB", **kwargs):
        self.codec = codec
        self.sqlite_type = sqlite_type
        super().__init__(*args, **kwargs)

    def ddl_datatype(self, ctx):
        return peewee.SQL("BYTEA" if _postgres_ddl(ctx) else self.sqlite_type)

    def db_value(self, value):
        return None if value is None else self.codec.pack(value)

    def python_value(self, value):
        return None if value is None else self.codec.unpack(value)
