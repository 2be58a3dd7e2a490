"""The calls register's full-text index with no key in the row (migration 37).

SQLite's case_fts is contentless: it is handed samad_case_search_key(caller_name, subject, description) by the
triggers, and can only delete the tokens of a row when handed the same key again. So: the key's rule is pinned
over a fixed corpus; after random registrations, imports, edits (a caller's new name among them) and deletions
every search answers exactly what a brute-force search of the rows answers (FTS5's 'integrity-check' of a
contentless table checks the index only against itself); a plain sqlite3 connection, which lacks the function,
cannot write a case's text at all; and migration 37 keeps every search of an older database as it was (the
register, the letters list, the follow-up and call-back lists), on both databases.
"""

from __future__ import annotations

import random
import sqlite3

import peewee
import pytest

from app import migrations
from app.cli import main
from app.db import database, open_database
from app.domain.search_text import case_columns_key, case_key, parse_query
from app.migrations import m0003_case_search
from app.models import Case, Contact
from app.services.cases import case_edit, case_import, case_search, cases
from app.services.cases.case_query import CaseFilter, count_cases, list_cases
from app.services.followup import callbacks, deadlines
from app.services.letters import letters
from tests.app.call_data import call
from tests.app.followup_helpers import issue

# --- the key's rule is pinned ---------------------------------------------------------------------

PINNED = {
    ("علي رضايي", "قطعی آب", "آب محله سه روز است قطع است."): "علی رضایی قطعی اب اب محله سه روز است قطع است",
    ("فاطمه‌ زهرا كريمي", "کتاب‌ها را می‌خواهم", "درخواست تمدید مستمری؛ شماره ۱۲۳۴۵/۱۰۰ و 6789"): (
        "فاطمه زهرا کریمی کتاب ها را می خواهم کتابها میخواهم درخواست تمدید مستمری شماره 12345 100 و 6789"
    ),
    ("مؤمنی", "مسئله‌ی  آسفالت", "جادهٔ روستا پر از چاله است — هر هفته تصادف می شود!"): (
        "مومنی مسیله ی اسفالت مسیلهی جاده روستا پر از چاله است هر هفته تصادف می شود میشود"
    ),
    ("", "ﻛﺘﺎﺏ الإسلام", "قُرآن، إيران و أحمد؛ آمار ۱۴۰۳"): "کتاب الاسلام قران ایران و احمد امار 1403",
    ("سيد محمد‌علی", "خاموشی روشنایی", None): "سید محمد علی محمدعلی خاموشی روشنایی",
}


def test_the_case_key_is_pinned():
    for texts, key in PINNED.items():
        assert case_columns_key(*texts) == key, (
            "A case's search key changed. SQLite's case_fts (contentless, migration 37) deletes a case's tokens "
            "by recomputing its key: an index built with the old rule silently keeps stale tokens. Add a "
            "migration that calls app.migrations.rebuild_sqlite_case_fts(db) on SQLite (and rewrites "
            "cases.search_key on PostgreSQL, as migration 10 did), then update PINNED."
        )
        assert case_key(*(t or "" for t in texts)) == key  # what PostgreSQL's column holds


# --- the index follows every change ----------------------------------------------------------------

WORDS = (
    "آب برق گاز قطعی مکرر محله روستا جاده آسفالت چاله مستمری بیمه تمدید کتاب‌ها می‌خواهم "
    "شهرداری خاموشی روشنایی مدرسه معلم درمانگاه دارو نان یارانه مسئله‌ی مؤسسه إيران كارت"
).split()
NAMES = ("علي رضايي", "زهرا احمدی", "محمد‌علی کریمی", "فاطمه مؤمنی", "آرش بهرامی", "سيد حسين")
QUERIES = (
    "آب",
    "قطع",
    "روستا جاده",
    "کتابها",
    "کتاب ها",
    "می خواهم",
    "محمدعلی",
    "محمد",
    "علی",
    "مسیله",
    "ایران",
    "کارت",
    "زهرا احمدی",
    "شهردار",
    "بیمه دارو",
)


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _phrase_in(tokens: list[str], phrase) -> bool:
    n = len(phrase.tokens)
    for i in range(len(tokens) - n + 1):
        head, last = tokens[i : i + n - 1], tokens[i + n - 1]
        if head == list(phrase.tokens[:-1]) and (
            last.startswith(phrase.tokens[-1]) if phrase.prefix else last == phrase.tokens[-1]
        ):
            return True
    return False


def brute_force(text: str) -> set[int]:
    """The cases whose key (made in Python from the row) holds every word of `text`."""
    query = parse_query(text)
    found = set()
    for case_id, name, subject, description in Case.select(
        Case.id, Case.caller_name, Case.subject, Case.description
    ).tuples():
        tokens = case_key(name or "", subject or "", description or "").split()
        if all(any(_phrase_in(tokens, p) for p in term.alternatives) for term in query.terms):
            found.add(case_id)
    return found


def assert_index_exact() -> None:
    for text in QUERIES:
        expected = brute_force(text)
        assert {r.id for r in list_cases(CaseFilter(text=text), limit=1000)} == expected, text
        assert count_cases(CaseFilter(text=text)) == len(expected), text
    if not isinstance(database.obj, peewee.PostgresqlDatabase):
        assert set(Case.select(Case.search_key).tuples()) <= {("",)}  # SQLite stores no key


def _delete_case(case_id: int) -> None:
    Contact.delete().where(Contact.case == case_id).execute()
    Case.delete().where(Case.id == case_id).execute()


def test_random_changes_keep_every_search_exact(operator, supervisor):
    rng = random.Random(37)
    ids: list[int] = []
    for _ in range(30):
        ids.append(
            cases.register_call(
                operator,
                call(caller_name=rng.choice(NAMES), subject=_text(rng, 3), description=_text(rng, 8)),
            ).id
        )
    result = case_import.register_calls(
        operator, [call(subject=_text(rng, 2), description=_text(rng, 5)) for _ in range(5)]
    )
    ids += [info.id for _, info in result.saved]
    assert_index_exact()
    for step in range(60):
        action = rng.choice(("edit", "edit", "rename", "register", "delete"))
        if action == "register":
            ids.append(
                cases.register_call(operator, call(subject=_text(rng, 2), description=_text(rng, 4))).id
            )
        elif action == "delete":
            _delete_case(ids.pop(rng.randrange(len(ids))))
        else:
            case_id = rng.choice(ids)
            version = Case.get_by_id(case_id).version
            if action == "rename":
                changes = {"caller_name": rng.choice(NAMES)}
            else:
                changes = rng.choice(
                    (
                        {"subject": _text(rng, 2)},
                        {"description": _text(rng, 6)},
                        {"subject": _text(rng, 3), "description": _text(rng, 3)},
                        {"channel": rng.choice(("phone", "in_person"))},  # text untouched
                    )
                )
            case_edit.edit_case(supervisor, case_id, version, changes)
        if step % 10 == 9:
            assert_index_exact()
    assert_index_exact()


def test_a_connection_without_the_function_cannot_write_a_case(db, operator):
    """A plain sqlite3 connection reads and checks the database, and may change a case's other columns, but an
    insert, a delete, or a change of the text the key is made of fails («no such function»): nothing reaches the
    index that the program would not have written."""
    if isinstance(db, peewee.PostgresqlDatabase):
        pytest.skip("SQLite's full-text index")
    case_id = cases.register_call(operator, call(subject="قطعی برق")).id
    conn = sqlite3.connect(db.database, isolation_level=None)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT subject FROM cases WHERE id = ?", (case_id,)).fetchone()[0] == "قطعی برق"
        conn.execute("UPDATE cases SET official_note = 'یادداشت' WHERE id = ?", (case_id,))
        for sql in (
            "UPDATE cases SET subject = 'قطعی آب' WHERE id = ?",
            "UPDATE cases SET caller_name = 'کسی دیگر' WHERE id = ?",
            "DELETE FROM cases WHERE id = ?",
        ):
            with pytest.raises(sqlite3.OperationalError, match="samad_case_search_key"):
                conn.execute(sql, (case_id,))
    finally:
        conn.close()
    assert [r.id for r in list_cases(CaseFilter(text="برق"))] == [case_id]
    assert list_cases(CaseFilter(text="کسی")) == []


@pytest.mark.usefixtures("cli_login")
def test_call_reindex_repairs_the_index(db, operator, database_url, capsys):
    """`samad call reindex` (a supervisor's repair) puts back an index emptied behind the program's back."""
    ids = {cases.register_call(operator, call(subject="خاموشی روشنایی معابر")).id for _ in range(3)}
    if isinstance(db, peewee.PostgresqlDatabase):
        db.execute_sql("UPDATE cases SET search_key = ''")
    else:
        db.execute_sql("INSERT INTO case_fts(case_fts) VALUES ('delete-all')")
    assert list_cases(CaseFilter(text="خاموشی")) == []
    code = main(["--database", database_url, "call", "reindex"])
    out, err = capsys.readouterr()
    assert code == 0 and err == "" and out == f"{len(ids)} case(s) indexed.\n"
    open_database(database_url)
    assert {r.id for r in list_cases(CaseFilter(text="خاموشی"))} == ids
    assert_index_exact()
    assert main(["--database", database_url, "call", "reindex", "--as", "operator1"]) != 0  # supervisors only


# --- migration 37 keeps an older database's searches ----------------------------------------------


# SQLite's case search as versions 3 to 36 kept it: case_fts an external-content table over the stored search_key,
# with migration 3's triggers. For tests that make an older database out of a new one (dropping columns the
# triggers of migration 37 name, or re-running migrations that write search_key).
BEFORE_37 = [
    *(f"DROP TRIGGER IF EXISTS {t}" for t in ("cases_fts_insert", "cases_fts_delete", "cases_fts_update")),
    "DROP TABLE IF EXISTS case_fts",
    *m0003_case_search.SQLITE_FTS,
]


def _make_it_version_36(db: peewee.Database, monkeypatch) -> None:
    """The database as version 36 left it, the services writing the key into the row (as they did)."""
    monkeypatch.setattr(cases, "stored_search_key", cases.case_search_key)
    monkeypatch.setattr(case_edit, "stored_search_key", cases.case_search_key)
    db.execute_sql("DELETE FROM schema_version WHERE version = 37")
    if not isinstance(db, peewee.PostgresqlDatabase):
        for sql in BEFORE_37:
            db.execute_sql(sql)


SEARCHES = (*QUERIES, "قطعی", "رضایی", "علي", "آسف", "مدرس", "۱۲۳", "؟")


def _every_answer() -> dict:
    answers = {}
    for text in SEARCHES:
        answers["register", text] = [r.id for r in list_cases(CaseFilter(text=text), limit=1000)]
        answers["count", text] = count_cases(CaseFilter(text=text))
        answers["letters", text] = [r.id for r in letters.list_letters(letters.LetterFilter(text=text))]
        for kind in ("overdue", "due_soon", "waiting"):
            f = deadlines.FollowUpFilter(kind=kind, text=text, today=None)
            answers[kind, text] = deadlines.followup_ids(f)
        answers["callbacks", text] = callbacks.waiting_ids(text)
    return answers


def test_37_keeps_every_search_of_an_older_database(db, operator, official, supervisor, monkeypatch):
    _make_it_version_36(db, monkeypatch)
    rng = random.Random(36)
    referred = []
    for i in range(240):
        info = cases.register_call(
            operator,
            call(
                caller_name=rng.choice(NAMES),
                subject=_text(rng, rng.randint(1, 4)),
                description=_text(rng, rng.randint(0, 10)) + (" ۱۲۳۴۵/۱۰۰" if i % 17 == 0 else ""),
                national_code=None,
            ),
        )
        if i % 4 == 0:
            referred.append(info.id)
    for i, case_id in enumerate(referred[:40]):
        issue(official, operator, "شرکت آب و فاضلاب استان آذربایجان شرقی", -20 + i % 15, -5 + i % 12, case_id)
    for case_id in referred[40:50]:
        version = Case.get_by_id(case_id).version
        if case_edit.case_detail(case_id).editable:
            case_edit.edit_case(supervisor, case_id, version, {"caller_name": rng.choice(NAMES)})
    stored = dict(Case.select(Case.id, Case.search_key).tuples())
    assert len(set(stored.values())) > 100
    computed = dict(Case.select(Case.id, case_search.case_key_expression()).tuples())
    assert computed == stored  # what the follow-up lists' substring filters read, before and after
    before = _every_answer()
    assert sum(map(bool, before.values())) > len(before) // 3  # most searches find something
    monkeypatch.undo()
    assert migrations.upgrade(db) == [37]
    after = _every_answer()
    assert after == before
    assert_index_exact()
    if not isinstance(db, peewee.PostgresqlDatabase):
        assert db.execute_sql("SELECT COUNT(*) FROM cases WHERE search_key <> ''").fetchone()[0] == 0
        sql = db.execute_sql("SELECT sql FROM sqlite_master WHERE name = 'case_fts'").fetchone()[0]
        assert "content=''" in sql
        from app.migrations import m0037_case_fts_contentless

        m0037_case_fts_contentless.apply(db)  # again: nothing changes
        assert _every_answer() == before
