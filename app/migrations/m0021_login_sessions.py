"""Version 21: who is logged in where. One row per window session (user, machine, started, last heartbeat);
a supervisor can end one, and that PC's window returns to the login at its next heartbeat. The DDL is written
out here, as it was on the day, not derived from today's models."""

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
INDEXES = (
    'CREATE INDEX IF NOT EXISTS "login_session_user_id" ON "login_session" ("user_id")',
    'CREATE INDEX IF NOT EXISTS "login_session_ended_at" ON "login_session" ("ended_at")',
    'CREATE INDEX IF NOT EXISTS "login_session_ended_by_id" ON "login_session" ("ended_by_id")',
)


def apply(db: peewee.Database) -> None:
    db.execute_sql(POSTGRES if isinstance(db, peewee.PostgresqlDatabase) else SQLITE)
    for sql in INDEXES:
        db.execute_sql(sql)
