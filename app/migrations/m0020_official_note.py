"""Version 20: the official's note on a case (what the official on duty told the citizen and decided in the
session), kept on the case beside the operator's description. NULL is «no note». The DDL is written out here,
as it was on the day, not derived from today's models."""

import peewee

from app.migrations import add_column

VERSION = 20


def apply(db: peewee.Database) -> None:
    add_column(db, "cases", "official_note", "TEXT")
