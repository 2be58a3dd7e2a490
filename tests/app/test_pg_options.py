"""PGOPTIONS (libpq's environment variable for server settings) reaches the program's PostgreSQL
connections as it would any libpq program's, and cannot loosen the program's own settings."""

import pytest

from app import db as app_db


@pytest.mark.postgres
def test_pgoptions_reaches_the_connection_but_not_over_the_programs_settings(pg_schema_url, monkeypatch):
    monkeypatch.setenv("PGOPTIONS", "-c synchronous_commit=off -c lock_timeout=1s -c work_mem=5MB")
    database = app_db.make_database(pg_schema_url)
    try:
        assert database.execute_sql("SHOW work_mem").fetchone()[0] == "5MB"
        assert database.execute_sql("SHOW synchronous_commit").fetchone()[0] == "off"
        assert database.execute_sql("SHOW lock_timeout").fetchone()[0] == f"{app_db.LOCK_WAIT_SECONDS}s"
    finally:
        database.close()
