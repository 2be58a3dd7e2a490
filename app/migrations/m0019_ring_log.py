"""Version 19: the ring log. Each ring the phone system hands the app (`samad call ring`, or the optional
listener on 127.0.0.1) is kept with its time, number, line, the user whose app it reached and the case
registered from it, so «تماس‌های امروز» can show who is still waiting to be called back. Frozen DDL."""

import peewee

VERSION = 19

SQLITE = [
    'CREATE TABLE IF NOT EXISTS "ring" ("id" INTEGER NOT NULL PRIMARY KEY, "at" DATETIME NOT NULL, '
    '"number" VARCHAR(20) NOT NULL, "line" VARCHAR(20) NOT NULL, "user_id" INTEGER NOT NULL, '
    '"case_id" INTEGER, FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON DELETE SET NULL)',
]
POSTGRES = [
    'CREATE TABLE IF NOT EXISTS "ring" ("id" SERIAL NOT NULL PRIMARY KEY, "at" TIMESTAMP NOT NULL, '
    '"number" VARCHAR(20) NOT NULL, "line" VARCHAR(20) NOT NULL, "user_id" INTEGER NOT NULL, '
    '"case_id" INTEGER, FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON DELETE SET NULL)',
]
INDEXES = [
    'CREATE INDEX IF NOT EXISTS "ring_at" ON "ring" ("at")',
    'CREATE INDEX IF NOT EXISTS "ring_user_id" ON "ring" ("user_id")',
    'CREATE INDEX IF NOT EXISTS "ring_case_id" ON "ring" ("case_id")',
]


def apply(db: peewee.Database) -> None:
    for sql in (POSTGRES if isinstance(db, peewee.PostgresqlDatabase) else SQLITE) + INDEXES:
        db.execute_sql(sql)
