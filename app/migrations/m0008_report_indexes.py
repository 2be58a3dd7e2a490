"""Version 8: two indexes the reports need on a large database. The monthly report counts the
cases closed in a period (cases.closed_at) and the referrals still unanswered at a period's end, i.e.
answered after it (referral.answered_at); without these each is a scan of every case or referral.
Both are plain B-tree indexes, the same on SQLite and PostgreSQL, made only if missing."""

import peewee

VERSION = 8

INDEXES = [
    "CREATE INDEX IF NOT EXISTS cases_closed_at ON cases (closed_at)",
    "CREATE INDEX IF NOT EXISTS referral_answered_at ON referral (answered_at)",
]


def apply(db: peewee.Database) -> None:
    for sql in INDEXES:
        db.execute_sql(sql)
