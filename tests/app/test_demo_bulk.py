"""The demo's bulk load (app.services.demo.bulk): the indexes and triggers it sets aside while it writes come
back, also when a step fails, and the register's free-text search finds the demo's cases."""

import gc

import pytest

from app.db import database, is_postgres
from app.models import AuditEntry, Case
from app.services.admin import audit_chain
from app.services.cases import case_search, cases
from app.services.demo import STEPS, run_demo
from app.services.demo import calls as demo_calls
from app.services.demo import followup as demo_followup
from app.services.demo import referrals as demo_referrals
from tests.app.call_data import call


def _schema() -> set[tuple[str, str]]:
    """(kind, name) of every index and trigger of the database."""
    if is_postgres():
        rows = database.execute_sql(
            "SELECT 'index', indexname FROM pg_indexes WHERE schemaname = current_schema() "
            "UNION SELECT 'trigger', t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal AND n.nspname = current_schema()"
        ).fetchall()
    else:
        rows = database.execute_sql(
            "SELECT type, name FROM sqlite_master WHERE type IN ('index', 'trigger')"
        ).fetchall()
    return {tuple(r) for r in rows}


def test_a_new_demo_leaves_every_index_and_trigger_and_its_cases_are_found(db):
    demo_calls._SQL_CACHE.clear()  # the cached INSERT text carries the other database's parameter style
    before = _schema()
    run_demo(calls=400, rate=40, seed=8)
    assert _schema() == before
    for case in Case.select().order_by(Case.id).limit(20):
        word = max(case.subject.split(), key=len)
        found = Case.select(Case.id).where(case_search.text_condition(word))
        assert case.id in {c.id for c in found}, word


def test_a_failing_step_still_brings_the_indexes_back(db, monkeypatch):
    demo_calls._SQL_CACHE.clear()
    before = _schema()

    def broken(ctx):
        raise RuntimeError("a step failed")

    monkeypatch.setattr(STEPS[-1], "run", broken)
    with pytest.raises(RuntimeError):
        run_demo(calls=100, rate=40, seed=9)
    assert _schema() == before
    assert gc.isenabled()  # the cycle collector, off while the steps run, is back


def test_a_demo_databases_audit_trail_verifies_and_the_services_continue_it(db, operator):
    """Every bulk-written audit row is linked into the hash chain as audit.record links it: a demo database
    verifies whole (unlinked rows read as "added outside the program": a supervisor's alarm on a fresh demo),
    and an entry written afterwards by a service follows on."""
    demo_calls._SQL_CACHE.clear()
    run_demo(calls=300, rate=40, seed=10)
    report = audit_chain.verify_chain(database.obj)
    assert report.ok, report.summary()
    assert report.entries == AuditEntry.select().count() > 300
    cases.register_call(operator, call())
    after = audit_chain.verify_chain(database.obj)
    assert after.ok and after.head_seq == report.head_seq + 1


def test_a_large_demos_audit_rows_linked_by_a_forked_process_verify_like_the_rest(db, monkeypatch):
    """From PIPE_FROM calls the steps' audit rows are linked into the chain by a forked process while the steps
    go on (calls.audits_linked_aside), and written a block or two later: the trail still verifies whole, the
    holidays the calls step loads through the services first included (their entries come before the pipe's
    first block)."""
    demo_calls._SQL_CACHE.clear()
    monkeypatch.setattr(demo_calls, "PIPE_FROM", 0)
    monkeypatch.setattr(demo_calls, "CHUNK", 50)  # several blocks a step: each links on from the one before
    monkeypatch.setattr(demo_referrals, "CHUNK", 50)
    monkeypatch.setattr(demo_followup, "CASES_PER_CHUNK", 50)
    blocks = []
    write = demo_calls._write_linked
    monkeypatch.setattr(
        demo_calls, "_write_linked", lambda linked: (blocks.append(len(linked)), write(linked))
    )
    run_demo(calls=300, rate=40, seed=10)
    report = audit_chain.verify_chain(database.obj)
    assert report.ok, report.summary()
    assert sum(blocks) > 300 and len(blocks) > 12  # the calls, referrals and follow-up steps' rows
    assert report.entries == AuditEntry.select().count()


def test_on_postgresql_the_demo_leaves_its_tables_vacuumed_and_analysed(db):
    """A table just filled has no visibility map: index-only scans visit the heap until a VACUUM (the letters
    searched by a name at a million cases, 170 ms against 116 ms after it)."""
    if not is_postgres():
        pytest.skip("SQLite has no visibility map; its planner takes no statistics here")
    demo_calls._SQL_CACHE.clear()
    run_demo(calls=200, rate=40, seed=3)
    rows = database.execute_sql(
        "SELECT relname, last_vacuum IS NOT NULL, last_analyze IS NOT NULL FROM pg_stat_user_tables "
        "WHERE schemaname = current_schema() AND relname IN ('cases', 'referral', 'letter', 'audit_entry')"
    ).fetchall()
    assert sorted(rows) == [(name, True, True) for name in ("audit_entry", "cases", "letter", "referral")]


def test_on_postgresql_the_demo_leaves_no_dead_rows_behind(db):
    """The demo inserts every case and referral, then updates nearly all of them: without the rewrite half of
    each table was dead row versions (50,000 calls: cases 1,411 B a case, 629 B of them live; 660 B after it).
    The demo's tables are rewritten (a new file: VACUUM FULL) and the change feed's commit order is pruned
    (migration 32). How small they end is measured, not asserted: on the shared test server another schema's
    open transaction keeps dead rows from a VACUUM FULL and commit order from the prune."""
    if not is_postgres():
        pytest.skip("SQLite updates in place; its commit order is its ids")
    demo_calls._SQL_CACHE.clear()
    files = "SELECT relname, relfilenode FROM pg_class WHERE oid IN ('cases'::regclass, 'referral'::regclass)"
    before = dict(database.execute_sql(files).fetchall())
    run_demo(calls=300, rate=40, seed=4)
    after = dict(database.execute_sql(files).fetchall())
    assert [name for name in before if before[name] == after[name]] == []
    # pruned up to the oldest transaction running on the server (the shared test server's other schemas)
    assert database.execute_sql("SELECT audit_id FROM change_feed_horizon").fetchone()[0] > 0


def test_on_sqlite_the_demo_leaves_its_file_compact(db, tmp_path):
    """The demo updates nearly every row after inserting them all, and drops and builds its indexes: pages left
    free or part empty, which the file's final VACUUM gives back (100,000 calls: 3,541 -> 3,427 bytes a case).
    The file ends as small as a compacted copy of it."""
    if is_postgres():
        pytest.skip("PostgreSQL's tables are rewritten by the demo (the test above)")
    demo_calls._SQL_CACHE.clear()
    run_demo(calls=1500, rate=40, seed=4)
    pages = database.execute_sql("PRAGMA page_count").fetchone()[0]
    copy = tmp_path / "compact.db"
    database.execute_sql("VACUUM INTO ?", (str(copy),))
    assert pages * database.execute_sql("PRAGMA page_size").fetchone()[0] == copy.stat().st_size
    assert database.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
