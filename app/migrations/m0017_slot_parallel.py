"""Version 17: a slot can be planned as parallel (two officials in the center in the same hour), and
check-in honours it. The DDL is written out here, as it was on the day, not derived from today's models."""

import peewee

from app.migrations import add_column

VERSION = 17


def apply(db: peewee.Database) -> None:
    add_column(
        db, "attendance_slot", "parallel", "INTEGER NOT NULL DEFAULT 0", "BOOLEAN NOT NULL DEFAULT FALSE"
    )
