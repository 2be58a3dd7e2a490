"""Version 14: the seed reference data (counties, agencies, categories, request types) is loaded once, when
the database is new. Before, every start added again any seed entry a supervisor had renamed or deleted; a
database that already holds reference data keeps it exactly as it is.

A migration holds frozen SQL only, so this one does not load the seed itself (today's loader writes today's
columns): it leaves a mark in the settings table, and `app.services.admin.setup.init_database`, once the schema is
complete, takes the mark and loads the seed in the same transaction — exactly one PC does, however many start
on the new database together."""

import peewee

VERSION = 14
DATA = True  # rows, not schema: skipped for a database that receives another one's rows
SEED_PENDING = "reference.seed_pending"


def apply(db: peewee.Database) -> None:
    has_reference = any(
        db.execute_sql(f"SELECT 1 FROM {table} LIMIT 1").fetchone()
        for table in ("county", "agency", "category", "request_type")
    )
    if not has_reference:
        db.execute_sql(
            f"INSERT INTO setting (key, value) VALUES ({db.param}, {db.param})", (SEED_PENDING, "1")
        )
