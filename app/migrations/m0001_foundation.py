"""Version 1: settings, reference data, users and the append-only audit trail.

The tables are written out as this version made them (frozen DDL: what peewee generated from the models
of release 1), so later model changes never change what this version means; later columns and indexes
come from their own migrations."""

import peewee

VERSION = 1

SQLITE = [
    'CREATE TABLE IF NOT EXISTS "county" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(100) NOT NULL, '
    '"position" INTEGER NOT NULL, "active" INTEGER NOT NULL)',
    'CREATE UNIQUE INDEX IF NOT EXISTS "county_name" ON "county" ("name")',
    'CREATE TABLE IF NOT EXISTS "agency" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(200) NOT NULL, '
    '"recipient" VARCHAR(250) NOT NULL, "kind" VARCHAR(30) NOT NULL, "county_id" INTEGER, '
    '"search_key" VARCHAR(250) NOT NULL, "active" INTEGER NOT NULL, '
    'FOREIGN KEY ("county_id") REFERENCES "county" ("id") ON DELETE RESTRICT)',
    'CREATE UNIQUE INDEX IF NOT EXISTS "agency_name" ON "agency" ("name")',
    'CREATE INDEX IF NOT EXISTS "agency_county_id" ON "agency" ("county_id")',
    'CREATE INDEX IF NOT EXISTS "agency_search_key" ON "agency" ("search_key")',
    'CREATE TABLE IF NOT EXISTS "user" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"username" VARCHAR(50) NOT NULL, "full_name" VARCHAR(120) NOT NULL, "title" VARCHAR(150) NOT NULL, '
    '"role" VARCHAR(20) NOT NULL, "password_hash" VARCHAR(255) NOT NULL, "active" INTEGER NOT NULL, '
    '"failed_logins" INTEGER NOT NULL, "locked_until" DATETIME, "created_at" DATETIME NOT NULL, '
    '"last_login_at" DATETIME)',
    'CREATE UNIQUE INDEX IF NOT EXISTS "user_username" ON "user" ("username")',
    'CREATE TABLE IF NOT EXISTS "audit_entry" ("id" INTEGER NOT NULL PRIMARY KEY, "at" DATETIME NOT NULL, '
    '"user_id" INTEGER, "username" VARCHAR(50) NOT NULL, "action" VARCHAR(60) NOT NULL, '
    '"entity" VARCHAR(40) NOT NULL, "entity_id" VARCHAR(40), "details" TEXT NOT NULL, '
    'FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE RESTRICT)',
    'CREATE INDEX IF NOT EXISTS "audit_entry_at" ON "audit_entry" ("at")',
    'CREATE INDEX IF NOT EXISTS "audit_entry_user_id" ON "audit_entry" ("user_id")',
    'CREATE INDEX IF NOT EXISTS "audit_entry_action" ON "audit_entry" ("action")',
    'CREATE INDEX IF NOT EXISTS "audit_entry_entity_entity_id" ON "audit_entry" ("entity", "entity_id")',
    'CREATE TABLE IF NOT EXISTS "category" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"name" VARCHAR(100) NOT NULL, "position" INTEGER NOT NULL, "active" INTEGER NOT NULL)',
    'CREATE UNIQUE INDEX IF NOT EXISTS "category_name" ON "category" ("name")',
    'CREATE TABLE IF NOT EXISTS "holiday" ("id" INTEGER NOT NULL PRIMARY KEY, "date" DATE NOT NULL, '
    '"title" VARCHAR(150) NOT NULL)',
    'CREATE UNIQUE INDEX IF NOT EXISTS "holiday_date" ON "holiday" ("date")',
    'CREATE TABLE IF NOT EXISTS "request_type" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"code" VARCHAR(30) NOT NULL, "name" VARCHAR(100) NOT NULL, "due_days" INTEGER NOT NULL, '
    '"position" INTEGER NOT NULL, "active" INTEGER NOT NULL)',
    'CREATE UNIQUE INDEX IF NOT EXISTS "request_type_code" ON "request_type" ("code")',
    'CREATE UNIQUE INDEX IF NOT EXISTS "request_type_name" ON "request_type" ("name")',
    'CREATE TABLE IF NOT EXISTS "setting" ("key" VARCHAR(80) NOT NULL PRIMARY KEY, "value" TEXT NOT NULL)',
]

POSTGRES = [
    'CREATE TABLE IF NOT EXISTS "county" ("id" SERIAL NOT NULL PRIMARY KEY, "name" VARCHAR(100) NOT NULL, '
    '"position" INTEGER NOT NULL, "active" BOOLEAN NOT NULL)',
    'CREATE UNIQUE INDEX IF NOT EXISTS "county_name" ON "county" ("name")',
    'CREATE TABLE IF NOT EXISTS "agency" ("id" SERIAL NOT NULL PRIMARY KEY, "name" VARCHAR(200) NOT NULL, '
    '"recipient" VARCHAR(250) NOT NULL, "kind" VARCHAR(30) NOT NULL, "county_id" INTEGER, '
    '"search_key" VARCHAR(250) NOT NULL, "active" BOOLEAN NOT NULL, '
    'FOREIGN KEY ("county_id") REFERENCES "county" ("id") ON DELETE RESTRICT)',
    'CREATE UNIQUE INDEX IF NOT EXISTS "agency_name" ON "agency" ("name")',
    'CREATE INDEX IF NOT EXISTS "agency_county_id" ON "agency" ("county_id")',
    'CREATE INDEX IF NOT EXISTS "agency_search_key" ON "agency" ("search_key")',
    'CREATE TABLE IF NOT EXISTS "user" ("id" SERIAL NOT NULL PRIMARY KEY, "username" VARCHAR(50) NOT NULL, '
    '"full_name" VARCHAR(120) NOT NULL, "title" VARCHAR(150) NOT NULL, "role" VARCHAR(20) NOT NULL, '
    '"password_hash" VARCHAR(255) NOT NULL, "active" BOOLEAN NOT NULL, "failed_logins" INTEGER NOT NULL, '
    '"locked_until" TIMESTAMP, "created_at" TIMESTAMP NOT NULL, "last_login_at" TIMESTAMP)',
    'CREATE UNIQUE INDEX IF NOT EXISTS "user_username" ON "user" ("username")',
    'CREATE TABLE IF NOT EXISTS "audit_entry" ("id" SERIAL NOT NULL PRIMARY KEY, "at" TIMESTAMP NOT NULL, '
    '"user_id" INTEGER, "username" VARCHAR(50) NOT NULL, "action" VARCHAR(60) NOT NULL, '
    '"entity" VARCHAR(40) NOT NULL, "entity_id" VARCHAR(40), "details" TEXT NOT NULL, '
    'FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE RESTRICT)',
    'CREATE INDEX IF NOT EXISTS "audit_entry_at" ON "audit_entry" ("at")',
    'CREATE INDEX IF NOT EXISTS "audit_entry_user_id" ON "audit_entry" ("user_id")',
    'CREATE INDEX IF NOT EXISTS "audit_entry_action" ON "audit_entry" ("action")',
    'CREATE INDEX IF NOT EXISTS "audit_entry_entity_entity_id" ON "audit_entry" ("entity", "entity_id")',
    'CREATE TABLE IF NOT EXISTS "category" ("id" SERIAL NOT NULL PRIMARY KEY, '
    '"name" VARCHAR(100) NOT NULL, "position" INTEGER NOT NULL, "active" BOOLEAN NOT NULL)',
    'CREATE UNIQUE INDEX IF NOT EXISTS "category_name" ON "category" ("name")',
    'CREATE TABLE IF NOT EXISTS "holiday" ("id" SERIAL NOT NULL PRIMARY KEY, "date" DATE NOT NULL, '
    '"title" VARCHAR(150) NOT NULL)',
    'CREATE UNIQUE INDEX IF NOT EXISTS "holiday_date" ON "holiday" ("date")',
    'CREATE TABLE IF NOT EXISTS "request_type" ("id" SERIAL NOT NULL PRIMARY KEY, '
    '"code" VARCHAR(30) NOT NULL, "name" VARCHAR(100) NOT NULL, "due_days" INTEGER NOT NULL, '
    '"position" INTEGER NOT NULL, "active" BOOLEAN NOT NULL)',
    'CREATE UNIQUE INDEX IF NOT EXISTS "request_type_code" ON "request_type" ("code")',
    'CREATE UNIQUE INDEX IF NOT EXISTS "request_type_name" ON "request_type" ("name")',
    'CREATE TABLE IF NOT EXISTS "setting" ("key" VARCHAR(80) NOT NULL PRIMARY KEY, "value" TEXT NOT NULL)',
]

_SQLITE_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON audit_entry "
    "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_entry_no_delete BEFORE DELETE ON audit_entry "
    "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
]
_PG_TRIGGERS = [
    "CREATE OR REPLACE FUNCTION samad_audit_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$ LANGUAGE plpgsql",
    "DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_entry",
    "CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry "
    "FOR EACH ROW EXECUTE FUNCTION samad_audit_append_only()",
    "DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_entry",
    "CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry "
    "FOR EACH STATEMENT EXECUTE FUNCTION samad_audit_append_only()",
]


def apply(db: peewee.Database) -> None:
    postgres = isinstance(db, peewee.PostgresqlDatabase)
    for sql in (POSTGRES + _PG_TRIGGERS) if postgres else (SQLITE + _SQLITE_TRIGGERS):
        db.execute_sql(sql)
