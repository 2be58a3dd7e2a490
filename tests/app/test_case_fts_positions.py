"""SQLite's case search index keeps no word positions and a case's description is spelled one byte a Persian
letter (migration 41, issue 17): a compound typed as two words («می خواهم», «کتاب ها») still finds only the cases
where its words stand together, by every path of the register, its count and the letters list, as PostgreSQL
finds them; and migration 41 on an older database changes no search's answer."""

from __future__ import annotations

import peewee

from app import migrations
from app.domain import short_text
from app.migrations import m0037_case_fts_contentless as m0037
from app.migrations import m0041_case_text_compact as m0041
from app.models import Case
from app.services.cases import case_search, cases
from app.services.cases.case_query import CaseFilter, count_cases, list_cases
from app.services.letters import letters
from tests.app.call_data import call
from tests.app.followup_helpers import issue

TOGETHER = "می‌خواهم پیگیری شود کتاب‌ها رسید"
APART = "خواهم رفت و می آیم کتاب خوب ها"  # every word of both compounds, none together
SOLID = "میخواهم کتابها را"
SEARCHES = (
    "می خواهم",
    "می‌خواهم",
    "میخواهم",
    "کتاب ها",
    "کتاب‌ها",
    "کتابها",
    "خواهم",
    "کتاب",
    "رفت",
    "مي خواه",
)


def _is_pg(db) -> bool:
    return isinstance(db, peewee.PostgresqlDatabase)


def _register(operator, official) -> dict[str, int]:
    ids = {}
    for name, text in (("together", TOGETHER), ("apart", APART), ("solid", SOLID)):
        ids[name] = cases.register_call(operator, call(subject="درخواست", description=text)).id
        issue(official, operator, "شرکت آب و فاضلاب استان آذربایجان شرقی", -3, 5, ids[name])
    return ids


def _answers(ids: dict[str, int]) -> dict:
    names = {v: k for k, v in ids.items()}
    answers = {}
    for text in SEARCHES:
        found = [r.id for r in list_cases(CaseFilter(text=text), limit=100)]
        answers["register", text] = sorted(names[i] for i in found)
        answers["count", text] = count_cases(CaseFilter(text=text))
        answers["first page", text] = [names[r.id] for r in list_cases(CaseFilter(text=text), limit=2)]
        letters_found = letters.list_letters(letters.LetterFilter(text=text))
        answers["letters", text] = len(letters_found)
    return answers


EXPECTED_REGISTER = {
    "می خواهم": ["solid", "together"],
    "می‌خواهم": ["solid", "together"],
    "میخواهم": ["solid", "together"],
    "کتاب ها": ["solid", "together"],
    "کتاب‌ها": ["solid", "together"],
    "کتابها": ["solid", "together"],
    "خواهم": ["apart", "together"],
    "کتاب": ["apart", "solid", "together"],  # a word of three letters or more begins longer ones
    "رفت": ["apart"],
    "مي خواه": ["solid", "together"],  # a phrase whose last word is a beginning, or its solid form
}


def test_compounds_find_their_words_together_only(db, operator, official):
    ids = _register(operator, official)
    answers = _answers(ids)
    for text, expected in EXPECTED_REGISTER.items():
        assert answers["register", text] == expected, text
        assert answers["count", text] == len(expected), text
        assert answers["letters", text] == len(expected), text
        assert len(answers["first page", text]) == min(2, len(expected)), text
    if not _is_pg(db):
        sql = db.execute_sql("SELECT sql FROM sqlite_master WHERE name = 'case_fts'").fetchone()[0]
        assert "detail=none" in sql
        assert case_search.count_matches("کتاب ها") == 2 and case_search.count_matches("کتاب") == 3


def test_the_description_is_spelled_short_and_reads_back(db, operator):
    case_id = cases.register_call(operator, call(description=TOGETHER)).id
    stored = db.execute_sql(f"SELECT description FROM cases WHERE id = {db.param}", (case_id,)).fetchone()[0]
    if _is_pg(db):
        assert stored == TOGETHER
    else:
        assert bytes(stored)[:1] == short_text.FORMAT_V1 and len(bytes(stored)) < len(TOGETHER.encode())
    assert Case.get_by_id(case_id).description == TOGETHER
    key = Case.select(case_search.case_key_expression()).where(Case.id == case_id).scalar()
    assert "خواهم" in key.split() and "میخواهم" in key.split()


def test_41_changes_no_answer_of_an_older_database(db, operator, official):
    ids = _register(operator, official)
    if not _is_pg(db):  # the database as version 40 left it: positions kept, descriptions as text
        db.execute_sql("DROP TRIGGER IF EXISTS cases_fts_update")
        rows = db.execute_sql("SELECT id, description FROM cases").fetchall()
        for case_id, description in rows:
            text = short_text.unpack(description) if isinstance(description, bytes) else description
            db.execute_sql("UPDATE cases SET description = ? WHERE id = ?", (text, case_id))
        for sql in ("DROP TRIGGER IF EXISTS cases_fts_insert", "DROP TRIGGER IF EXISTS cases_fts_delete"):
            db.execute_sql(sql)
        db.execute_sql("DROP TABLE case_fts")
        for sql in m0037.SQLITE_FTS:
            db.execute_sql(sql)
        from app.migrations import rebuild_sqlite_case_fts

        rebuild_sqlite_case_fts(db)
        assert {r[0] for r in db.execute_sql("SELECT typeof(description) FROM cases")} == {"text"}
    db.execute_sql(f"DELETE FROM schema_version WHERE version = {m0041.VERSION}")
    before = _answers(ids)
    assert migrations.upgrade(db) == [m0041.VERSION]
    assert _answers(ids) == before
    assert {k[1]: v for k, v in before.items() if k[0] == "register"} == EXPECTED_REGISTER
    if not _is_pg(db):
        assert {r[0] for r in db.execute_sql("SELECT typeof(description) FROM cases")} == {"blob"}
        assert (
            "detail=none"
            in db.execute_sql("SELECT sql FROM sqlite_master WHERE name = 'case_fts'").fetchone()[0]
        )
        m0041.apply(db)  # again: nothing to do
        assert _answers(ids) == before
