"""Version 21: who is logged in where, and follow-up letters prepared for an official to sign.

login_session: one row per window session (user, machine, started, last heartbeat); a supervisor can end one,
and that PC's window returns to the login at its next heartbeat. follow_up_draft: a reminder or escalation an
operator prepared, which an official issues (alone or in a batch) under their own signature. The DDL is
written out here, as it was on the day, not derived from today's models."""

import peewee

VERSION = 21

SQLITE = (
    'CREATE TABLE IF NOT EXISTS "login_session" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"user_id" INTEGER NOT NULL, "machine" VARCHAR(120) NOT NULL, "started_at" DATETIME NOT NULL, '
    '"last_seen_at" DATETIME NOT NULL, "ended_at" DATETIME, "ended_by_id" INTEGER, '
    '"end_reason" VARCHAR(20) NOT NULL, '
    'FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("ended_by_id") REFERENCES "user" ("id") ON DELETE RESTRICT)'
)
POSTGRES = (
    'CREATE TABLE IF NOT EXISTS "login_session" ("id" SERIAL NOT NULL PRIMARY KEY, '
    '"user_id" INTEGER NOT NULL, "machine" VARCHAR(120) NOT NULL, "started_at" TIMESTAMP NOT NULL, '
    '"last_seen_at" TIMESTAMP NOT NULL, "ended_at" TIMESTAMP, "ended_by_id" INTEGER, '
    '"end_reason" VARCHAR(20) NOT NULL, '
    'FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("ended_by_id") REFERENCES "user" ("id") ON DELETE RESTRICT)'
)
DRAFT = (
    'CREATE TABLE IF NOT EXISTS "follow_up_draft" ("id" {pk}, "referral_id" INTEGER NOT NULL, '
    '"kind" VARCHAR(20) NOT NULL, "prepared_by_id" INTEGER NOT NULL, "prepared_at" {ts} NOT NULL, '
    '"status" VARCHAR(20) NOT NULL, "letter_id" INTEGER, "closed_by_id" INTEGER, "closed_at" {ts}, '
    'FOREIGN KEY ("referral_id") REFERENCES "referral" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("prepared_by_id") REFERENCES "user" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("letter_id") REFERENCES "letter" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("closed_by_id") REFERENCES "user" ("id") ON DELETE RESTRICT)'
)
INDEXES = (
    'CREATE INDEX IF NOT EXISTS "login_session_user_id" ON "login_session" ("user_id")',
    'CREATE INDEX IF NOT EXISTS "login_session_ended_at" ON "login_session" ("ended_at")',
    'CREATE INDEX IF NOT EXISTS "login_session_ended_by_id" ON "login_session" ("ended_by_id")',
    *(
        f'CREATE INDEX IF NOT EXISTS "follow_up_draft_{c}" ON "follow_up_draft" ("{c}")'
        for c in ("referral_id", "prepared_by_id", "status", "letter_id", "closed_by_id")
    ),
)


def apply(db: peewee.Database) -> None:
    pg = isinstance(db, peewee.PostgresqlDatabase)
    db.execute_sql(POSTGRES if pg else SQLITE)
    db.execute_sql(
        DRAFT.format(pk="SERIAL NOT NULL PRIMARY KEY", ts="TIMESTAMP")
        if pg
        else DRAFT.format(pk="INTEGER NOT NULL PRIMARY KEY", ts="DATETIME")
    )
    for sql in INDEXES:
        db.execute_sql(sql)
