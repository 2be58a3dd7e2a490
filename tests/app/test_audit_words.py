"""An audit entry's action and entity are kept on SQLite as the numbers of a frozen vocabulary (migration 38,
issue 17) and as text on PostgreSQL: the program reads and writes the words, filters by a word or a prefix, and
the hash chain (which covers the words) verifies with the same head hash before and after the migration of a
trail written as text. A word not listed is kept as its text; a number that is no word's fails to verify."""

import hashlib

import peewee
import pytest

from app import migrations
from app.db import open_database
from app.domain import audit_words
from app.domain.audit_chain import entry_hash, stored
from app.domain.audit_labels import ENTITY_LABELS
from app.migrations import m0038_audit_words as m0038
from app.models import AuditEntry
from app.models.base import stored_time
from app.services.admin import audit, audit_chain, audit_export
from app.services.admin.audit_export import AuditFilter
from app.services.demo import calls
from tests.app.test_audit_hash_storage import assert_rebuilt_as_before
from tests.app.test_audit_labels import written_actions
from tests.app.test_audit_time_storage import TIMES, insert_linked
from tests.conftest import make_user

# WORDS as released with migration 38: its numbers are what stored rows mean.
RELEASED = 98
RELEASED_SHA256 = "dd0dd522ef1553f2ffdc420d500660da784d1a31e5f0f815db3cfaf2ed468be7"


def _is_pg(db) -> bool:
    return isinstance(db, peewee.PostgresqlDatabase)


def _sql(db, sql: str, args=()):
    return db.execute_sql(sql.replace("%s", db.param), args)


def _kinds(db, column: str) -> set[str]:
    if _is_pg(db):
        return {r[0] for r in db.execute_sql(f"SELECT DISTINCT pg_typeof({column})::text FROM audit_entry")}
    return {r[0] for r in db.execute_sql(f"SELECT DISTINCT typeof({column}) FROM audit_entry")}


# --- the vocabulary ----------------------------------------------------------------------------------


def test_released_numbers_never_change():
    released = "\n".join(audit_words.WORDS[:RELEASED]).encode()
    assert hashlib.sha256(released).hexdigest() == RELEASED_SHA256, (
        "a word of audit_words.WORDS was moved, renamed or removed: stored entries would read as another "
        "word. Append new words at the end only."
    )
    assert len(set(audit_words.WORDS)) == len(audit_words.WORDS)
    assert len(audit_words.WORDS) < 128  # one byte each in SQLite's record


def test_every_action_and_entity_the_program_writes_has_a_number():
    """Not a rule of correctness (an unlisted word is stored as its text) but of size: append it to WORDS."""
    missing = sorted((written_actions() | set(ENTITY_LABELS)) - set(audit_words.WORDS))
    assert not missing, missing


def test_words_and_numbers_convert_both_ways():
    for number, word in enumerate(audit_words.WORDS, start=1):
        assert audit_words.stored_word(word) == number and audit_words.word(number) == word
    assert audit_words.stored_word("something.new") == "something.new"
    assert audit_words.word("something.new") == "something.new"
    assert audit_words.stored_word(None) is None and audit_words.word(None) is None
    assert audit_words.word(999) == "999"  # no word's number: read as its digits, never as another word
    assert set(audit_words.numbers_starting("case.")) == {
        audit_words.CODE_OF[w] for w in audit_words.WORDS if w.startswith("case.")
    }


def test_an_entity_id_is_kept_as_an_integer_only_when_it_reads_back_the_same():
    for text, kept in [("75310", 75310), ("0", 0), ("9" * 18, int("9" * 18))]:
        assert audit_words.stored_entity_id(text) == kept and str(kept) == text
    for text in ["007", "+5", "-5", "5 ", "PC-07", "", "۱۲", "١٢", "9" * 19, "1.5", None]:
        assert audit_words.stored_entity_id(text) == text


def test_entity_ids_keep_their_text_and_sqlite_keeps_plain_ones_as_integers(db):
    actor = make_user("root", "supervisor")
    with AuditEntry._meta.database.atomic():
        plain = audit.record(actor, "case.edit", "probe", 42, n=1).id
        padded = audit.record(actor, "case.edit", "probe", "007", n=2).id
    assert [AuditEntry.get_by_id(i).entity_id for i in (plain, padded)] == ["42", "007"]
    kinds = dict(_sql(db, "SELECT entity_id, id FROM audit_entry WHERE id IN (%s, %s)", (plain, padded)))
    if _is_pg(db):
        assert set(kinds) == {"42", "007"}
    else:
        assert set(kinds) == {42, "007"}  # «007» as an integer would read back «7»
    assert [r.id for r in audit.history("probe", 42)] == [plain]
    assert [r.id for r in audit.history("probe", "007")] == [padded]
    assert [r.id for r in audit.search(actor, text="42", entity="probe")] == [plain]  # the id is the text
    assert [r.id for r in audit.search(actor, text="007", entity="probe")] == [padded]
    assert audit.verify_chain(db).ok


# --- the program's reads and writes ------------------------------------------------------------------


def test_entries_keep_numbers_on_sqlite_and_read_back_as_words(db):
    actor = make_user("root", "supervisor")
    with AuditEntry._meta.database.atomic():
        listed = [audit.record(actor, "case.edit", "case", str(i), n=i).id for i in range(3)]
        new = audit.record(actor, "case.something_new", "probe", "9", n=9).id
    assert [(e.action, e.entity) for e in AuditEntry.select().where(AuditEntry.id.in_(listed))] == [
        ("case.edit", "case")
    ] * 3
    assert (AuditEntry.get_by_id(new).action, AuditEntry.get_by_id(new).entity) == (
        "case.something_new",
        "probe",
    )
    raw = dict(
        (r[0], r[1:])
        for r in _sql(db, "SELECT id, action, entity FROM audit_entry WHERE id IN (%s, %s)", (listed[0], new))
    )
    if _is_pg(db):
        assert raw[listed[0]] == ("case.edit", "case")
    else:
        assert raw[listed[0]] == (audit_words.CODE_OF["case.edit"], audit_words.CODE_OF["case"])
        assert raw[new] == ("case.something_new", "probe")  # not listed: its text
        assert _kinds(db, "action") == {"integer", "text"}
    # filters: a word, a prefix (the listed words' numbers and text that begins so), an entity
    assert [r.id for r in audit.search(actor, action="case.edit")] == listed[::-1]
    prefix = audit_export.page(actor, AuditFilter(action="case."), limit=50)
    assert [r.id for r in prefix] == [new, *listed[::-1]]
    assert [r.id for r in audit_export.page(actor, AuditFilter(entity="probe"), limit=50)] == [new]
    assert {"case.edit", "case.something_new"} <= set(audit_export.actions())
    assert audit_export.actions() == sorted(audit_export.actions())
    assert [r.id for r in audit.search(actor, text="something_new")] == []  # the details, not the action
    assert audit.verify_chain(db).ok


def test_the_demos_raw_audit_rows_store_the_words_as_the_model_does(db):
    make_user("root", "supervisor")
    rows = [(t, None, "demo", "case.register", "case", str(i), {"n": i}) for i, t in enumerate(TIMES)]
    calls.insert_audits(rows)
    read = {(e.action, e.entity) for e in AuditEntry.select().where(AuditEntry.username == "demo")}
    assert read == {("case.register", "case")}
    assert _kinds(db, "action") == ({"character varying"} if _is_pg(db) else {"integer"})
    assert audit.verify_chain(db).ok


def test_a_number_that_is_no_word_fails_to_verify(db):
    if _is_pg(db):
        pytest.skip("PostgreSQL keeps the words as text")
    make_user("root", "supervisor")
    seq, prev = audit_chain.next_link(db)
    values = (TIMES[0], None, "x", "case.edit", "case", "1")
    digest = entry_hash(seq, prev, *values, "{}")
    _sql(  # hashed over «case.edit», stored as a number no word has
        db,
        "INSERT INTO audit_entry (at, user_id, username, action, entity, entity_id, details, seq, entry_hash) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
        (1_796_416_200_000_000, None, "x", 120, audit_words.CODE_OF["case"], "1", b"{}", seq, stored(digest)),
    )
    report = audit.verify_chain(db)
    assert not report.ok and report.first.seq == seq


# --- the migration -------------------------------------------------------------------------------


def test_an_old_trail_migrates_with_every_hash_and_filter_unchanged(database_url):
    db = open_database(database_url)
    migrations.upgrade(db, target=m0038.VERSION - 1)
    seq, prev = audit_chain.next_link(db)
    words = [
        ("case.edit", "case"),
        ("letter.issue", "letter"),
        ("case.unlisted", "probe"),
        ("user.login", "user"),
    ]
    with db.atomic():
        for i, (action, entity) in enumerate(words * 3):
            at = TIMES[i % len(TIMES)]
            values = (at, None, "old", action, entity, f"{i:03d}" if i % 2 else str(i))  # «001» stays text
            digest = insert_linked(db, seq, prev, values, f'{{"n":{i}}}', stored_time(db, at))
            seq, prev = seq + 1, digest
    if not _is_pg(db):
        db.execute_sql("ANALYZE")
        stats = db.execute_sql(
            "SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'audit_entry' ORDER BY idx"
        ).fetchall()
        assert _kinds(db, "action") == {"text"}
    before = audit.verify_chain(db)
    assert before.ok, before.problems

    def found():
        actor = make_user("root", "supervisor")
        return (
            [r.id for r in audit.search(actor, username="old", action="letter.issue")],
            [r.id for r in audit_export.page(actor, AuditFilter(username="old", action="case."), limit=50)],
            [r.id for r in audit_export.page(actor, AuditFilter(username="old", entity="probe"), limit=50)],
            sorted(
                (e.id, e.action, e.entity) for e in AuditEntry.select().where(AuditEntry.username == "old")
            ),
            [
                e.entity_id
                for e in AuditEntry.select().where(AuditEntry.username == "old").order_by(AuditEntry.id)
            ],
        )

    assert m0038.VERSION in migrations.upgrade(db)
    after = audit.verify_chain(db)
    assert after.ok, after.problems
    assert (after.entries, after.head_seq, after.head_hash) == (
        before.entries,
        before.head_seq,
        before.head_hash,
    )
    searched = found()
    assert len(searched[0]) == 3 and len(searched[1]) == 6 and len(searched[2]) == 3
    assert {(a, e) for _, a, e in searched[3]} == set(words)
    assert searched[4] == [f"{i:03d}" if i % 2 else str(i) for i in range(12)]
    if not _is_pg(db):
        assert {c.name: c.data_type.lower() for c in db.get_columns("audit_entry")}["action"] == "integer"
        kinds = {
            r[0]: r[1] for r in db.execute_sql("SELECT DISTINCT action, typeof(action) FROM audit_entry")
        }
        assert kinds.pop("case.unlisted") == "text" and set(kinds.values()) == {"integer"}
        id_kinds = "SELECT typeof(entity_id), COUNT(*) FROM audit_entry WHERE username = 'old' GROUP BY 1"
        assert dict(db.execute_sql(id_kinds).fetchall()) == {"integer": 6, "text": 6}
        assert audit_chain.missing_triggers(db) == []
        assert_rebuilt_as_before(db, stats)
    assert migrations.upgrade(db) == [] and m0038.apply(db) is None  # again: nothing to do
