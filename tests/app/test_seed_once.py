"""Reference data is loaded once: starting the program again changes no data (a county a
supervisor renamed, a category deleted, stay so); on PostgreSQL two PCs starting a new database together run
the migrations once (an advisory lock), not twice."""

import multiprocessing
import subprocess
import sys

import pytest

from app import migrations
from app.db import close_database, open_database
from app.models import Agency, AuditEntry, Category, County
from app.services.admin import reference
from app.services.admin.setup import init_database
from tests.app.test_setup import table_counts


def test_starting_again_keeps_what_a_supervisor_changed(db, supervisor):
    county = County.get(County.position == 1)
    reference.rename_item(supervisor, "county", county.id, "تبریز بزرگ")
    unused = Category.select().order_by(Category.id.desc()).first()
    reference.delete_item(supervisor, "category", unused.id)
    before = table_counts(db)
    result = init_database(db)  # what every start does
    assert not result.changed
    assert table_counts(db) == before
    assert not County.select().where(County.name == "تبریز").exists()
    assert not Category.select().where(Category.name == unused.name).exists()
    assert AuditEntry.select().where(AuditEntry.action == "reference.seed").count() == 1


RESTART = (
    "import sys; from app.services.admin.setup import open_for_app; from app.db import close_database; "
    "open_for_app(sys.argv[1]); close_database()"
)


def test_agencies_a_supervisor_renamed_deleted_or_retired_stay_so_after_a_restart(
    db, database_url, supervisor
):
    """A real restart: a new process starts as the desktop app does (setup.open_for_app: open, migrate, load
    what is missing), twice. Seen failing: with `_load_seed_once` loading the seed on every start (its mark
    ignored), the renamed and the deleted agency came back as new rows."""
    agencies = list(Agency.select().order_by(Agency.id).limit(3))
    renamed, deleted, retired = agencies
    reference.rename_item(supervisor, "agency", renamed.id, "اداره کل آب منطقه‌ای (نام تازه)")
    reference.delete_item(supervisor, "agency", deleted.id)
    reference.set_active(supervisor, "agency", retired.id, False)
    before = [(a.id, a.name, a.active) for a in Agency.select().order_by(Agency.id)]
    counts = table_counts(db)
    close_database()
    for _ in range(2):
        subprocess.run([sys.executable, "-c", RESTART, database_url], check=True, capture_output=True)
    db = open_database(database_url)
    assert [(a.id, a.name, a.active) for a in Agency.select().order_by(Agency.id)] == before
    assert not Agency.select().where(Agency.name.in_([renamed.name, deleted.name])).exists()
    after = table_counts(db)
    # the restart's only writes: the year's official holidays on its first start (the fixture leaves them out)
    for name in ("holiday", "holiday_year", "audit_entry", "audit_commit"):
        after.pop(name, None), counts.pop(name, None)
    assert after == counts


def _start(url, barrier, results):
    try:
        db = open_database(url)
        barrier.wait(timeout=60)
        init_database(db)
        results.put("ok")
    except Exception as exc:  # what a PC starting would have shown
        results.put(f"{type(exc).__name__}: {exc}")
    finally:
        close_database()


@pytest.mark.postgres
def test_pcs_starting_a_new_database_together_migrate_it_once(pg_schema_url):
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(3), ctx.Queue()
    procs = [ctx.Process(target=_start, args=(pg_schema_url, barrier, results)) for _ in range(3)]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=180) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    assert outcomes == ["ok"] * 3
    db = open_database(pg_schema_url)
    versions = [r[0] for r in db.execute_sql("SELECT version FROM schema_version ORDER BY version")]
    assert versions == [m.VERSION for m in migrations.migrations()]
    assert County.select().count() == 21
    assert AuditEntry.select().where(AuditEntry.action == "reference.seed").count() == 1
