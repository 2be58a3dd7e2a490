"""The base model every table inherits: bound to the one database proxy."""

from __future__ import annotations

import datetime as _dt

import peewee

from app.db import database


def utcnow() -> _dt.datetime:
    return _dt.datetime.now(_dt.UTC).replace(tzinfo=None)


class BaseModel(peewee.Model):
    """Timestamps are stored as naive UTC (peewee's DateTimeField on both databases)."""

    class Meta:
        database = database
        legacy_table_names = False


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
        postgres = ctx is not None and ctx.state.field_types.get("BLOB") == "BYTEA"
        return peewee.SQL("BYTEA" if postgres else self.sqlite_type)

    def db_value(self, value):
        return None if value is None else self.codec.pack(value)

    def python_value(self, value):
        return None if value is None else self.codec.unpack(value)
