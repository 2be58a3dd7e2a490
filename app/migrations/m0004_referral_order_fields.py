"""Version 4: a referral keeps its order's copy recipients (رونوشت) and attachments line, so a draft
prepared by an operator carries them until an official issues it."""

import peewee

from app.migrations import add_column

VERSION = 4


def apply(db: peewee.Database) -> None:
    add_column(db, "referral", "cc", "TEXT NOT NULL DEFAULT '[]'")
    add_column(db, "referral", "attachments", "VARCHAR(100) NOT NULL DEFAULT ''")
