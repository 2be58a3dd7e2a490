"""First start: schema creation, migrations, reference data, and refusing unusable databases."""

import json

import peewee
import pytest

from app import db as app_db
from app import migrations
from app.models import Agency, AuditEntry, Category, County, RequestType, Setting, User
from app.services.admin import reference
from app.services.admin.setup import init_database

SEED = json.loads(reference.SEED_FILE.read_text(encoding="utf-8"))


def table_counts(db):
    """Rows in every table; SQLite's contentless case_fts (migration 37) cannot be scanned: its shadow tables
    (case_fts_data, ...) are counted instead."""
    return {
        t: db.execute_sql(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]
        for t in db.get_tables()
        if t != "case_fts"
    }


def test_init_creates_schema_and_reference_data(db):
    assert migrations.current_version(db) == migrations.latest_version()
    assert County.select().count() == 21 == len(SEED["counties"])
    assert County.get(County.position == 1).name == "تبریز"
    # 47 provincial agencies plus one county governorate per county
    assert Agency.select().count() == 47 + 21
    assert Agency.select().where(Agency.kind == "county_governorate").count() == 21
    assert Agency.get(Agency.kind == "inspection").name.startswith("دفتر بازرسی")
    assert Category.select().count() == 21
    assert {r.code for r in RequestType.select()} == {
        "idea",
        "suggestion",
        "criticism",
        "complaint",
        "request",
        "question",
    }
    assert RequestType.get(RequestType.code == "question").name == "سؤال و راهنمایی"
    assert Setting.get_by_id("center_name").value


def test_init_twice_changes_nothing(db):
    before = table_counts(db)
    result = init_database(db)
    assert not result.changed
    assert result.migrations_applied == []
    assert table_counts(db) == before


def test_upgrade_from_older_schema_keeps_every_row(database_url):
    database = app_db.open_database(database_url)
    migrations.upgrade(database, target=1)  # a database made by release 1
    assert migrations.current_version(database) == 1
    assert "cases" not in database.get_tables()
    with database.atomic():
        County.create(name="شهرستان قدیمی", position=99)
        # as release 1 wrote it (today's model has columns release 1 did not, e.g. sort_rank, migration 35)
        database.execute_sql(
            'INSERT INTO "user" (username, full_name, title, role, password_hash, active, failed_logins, '
            "created_at) VALUES ('old', 'کاربر قدیمی', '', 'operator', 'x', %s, 0, '2025-01-01 00:00:00')".replace(
                "%s", database.param
            ),
            (True,),
        )
        # as release 1 wrote it: details as plain JSON text (today's model compresses them, migration 30)
        database.execute_sql(
            "INSERT INTO audit_entry (at, username, action, entity, entity_id, details) "
            "VALUES ('2025-01-01 00:00:00', 'old', 'legacy', 'user', '1', '{}')"
        )
    result = init_database(database)  # what a newer release does on start
    assert result.schema_from == 1 and result.schema_to == migrations.latest_version()
    assert "cases" in database.get_tables()
    assert County.get(County.name == "شهرستان قدیمی").position == 99
    assert User.get(User.username == "old").full_name == "کاربر قدیمی"
    assert AuditEntry.select().where(AuditEntry.action == "legacy").count() == 1
    # Reference data is seeded once, when a database is new (migration 14); one that holds some keeps it as it is
    assert County.select().count() == 1


def test_schema_newer_than_program_is_refused(db):
    db.execute_sql("INSERT INTO schema_version (version, applied_at) VALUES (9999, 'future')")
    with pytest.raises(app_db.DatabaseError, match="newer than this program"):
        init_database(db)


def test_a_file_that_is_not_sqlite_is_refused_and_untouched(tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_bytes(b"these are my notes, not a database" * 10)
    with pytest.raises(app_db.DatabaseError, match="not a SQLite database"):
        app_db.open_database(f"sqlite:///{bogus}")
    assert bogus.read_bytes() == b"these are my notes, not a database" * 10


@pytest.mark.parametrize(
    "url",
    ["mysql://x@y/z", "sqlite://", "postgresql://host-only", "nonsense", "postgresql://u@h:notaport/db"],
)
def test_malformed_urls_are_refused(url):
    with pytest.raises(app_db.DatabaseError):
        app_db.open_database(url)


def test_unreachable_postgres_is_one_sentence():
    with pytest.raises(app_db.DatabaseError, match="Cannot open the database postgresql://"):
        app_db.open_database("postgresql://nobody@127.0.0.1:1/none")


def test_sqlite_pragmas(sqlite_db):
    assert sqlite_db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert sqlite_db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert sqlite_db.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_foreign_keys_are_enforced(db):
    with pytest.raises(peewee.IntegrityError), db.atomic():
        Agency.create(name="دستگاه بی‌شهرستان", county=987654)


def test_redacted_url_hides_password():
    url = app_db.parse_url("postgresql://samad:s3cret@db.local:5432/samad")
    assert "s3cret" not in url.redacted()
    assert url.redacted() == "postgresql://samad:***@db.local:5432/samad"


def test_a_migration_numbered_below_the_highest_applied_is_still_applied(database_url):
    database = app_db.open_database(database_url)
    init_database(database)
    skipped = migrations.migrations()[-2].VERSION
    database.execute_sql(f"DELETE FROM schema_version WHERE version = {skipped}")
    assert skipped not in migrations.applied_versions(database)
    assert migrations.upgrade(database) == [skipped]  # idempotent migrations re-run safely
    assert skipped in migrations.applied_versions(database)
