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
