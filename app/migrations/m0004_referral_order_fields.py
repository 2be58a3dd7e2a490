"""Version 4: a referral keeps its order's copy recipients (رونوشت) and attachments line, so a draft
prepared by an operator carries them until an official issues it."""
import peewee

from app.migrations import add_missing_columns
from app.models import Referral

VERSION = 4


def apply(db: peewee.Database) -> None:
    add_missing_columns(db, Referral, "cc", "attachments")
