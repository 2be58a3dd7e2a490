"""Version 2: citizens, cases and contacts; referrals, letters and follow-up; officials; knowledge base."""
import peewee

from app.models import OPERATIONS_TABLES

VERSION = 2


def apply(db: peewee.Database) -> None:
    db.create_tables(OPERATIONS_TABLES, safe=True)
