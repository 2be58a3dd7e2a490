"""Citizens' data is not readable by other accounts on the PC (POSIX): the database folder is created 0700,
the database and its WAL files 0600, and an older world-readable file is tightened when opened."""

import os
import stat

import pytest

from app.db import close_database, open_database
from app.services.admin.setup import init_database

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_first_start_creates_a_private_folder_and_files(tmp_path):
    folder = tmp_path / "fresh" / "samad-desk"
    db = open_database(f"sqlite:///{folder / 'samad.db'}")
    init_database(db)  # writes: the WAL and shared-memory files exist now
    try:
        assert mode(folder) == 0o700
        for name in ("samad.db", "samad.db-wal", "samad.db-shm"):
            assert (folder / name).exists() and mode(folder / name) == 0o600, name
    finally:
        close_database()


def test_an_older_readable_database_is_tightened(tmp_path):
    file = tmp_path / "old.db"
    db = open_database(f"sqlite:///{file}")
    init_database(db)
    close_database()
    file.chmod(0o644)
    open_database(f"sqlite:///{file}")
    close_database()
    assert mode(file) == 0o600


def test_exports_are_written_for_their_owner_only(supervisor, tmp_path):
    from app.services.admin import audit_export
    from app.services.admin.audit_export import AuditFilter
    from app.services.reporting.files import write_atomic

    for fmt in ("csv", "xlsx"):
        audit_export.export(supervisor, AuditFilter(), tmp_path / f"audit.{fmt}", fmt)
        assert mode(tmp_path / f"audit.{fmt}") == 0o600
    assert mode(write_atomic(tmp_path / "report.pdf", b"%PDF-1.4")) == 0o600
