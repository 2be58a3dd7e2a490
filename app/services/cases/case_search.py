"""Free text over cases (caller's name, subject, description): one function, two databases.

The rule is the knowledge base's (app.domain.search_text): a case's search key holds the tokens of
`case_key`, and what the user typed becomes a `Query` by `parse_query`, so «میخواهم», «می خواهم» and
«می‌خواهم», or «کتابها», «کتاب ها» and «کتاب‌ها», find each other in the register exactly as they do in
the knowledge base. Every word must be present; a word of three letters or more also matches longer
words it begins. Only letters and digits reach the query, so quotes, operators or symbols typed by the
user can never break it.

SQLite: the FTS5 table case_fts (migration 3) with `fts5_match`.
PostgreSQL: one regular expression per word (`token_patterns`), served by the pg_trgm GIN index.
"""

from __future__ import annotations

import peewee

from app.db import is_postgres
from app.domain.search_text import Query, fts5_match, parse_query, token_patterns
from app.models import Case


def search_query(text: str) -> Query:
    """What free text looks for (an empty query when it holds no letter or digit)."""
    return parse_query(text if isinstance(text, str) else "")


def text_condition(text: str, case_id=Case.id) -> peewee.Expression | None:
    """A condition on Case for free text, or None when the text holds no word to look for. On SQLite it is a
    condition on `case_id` alone (a column holding a case's id, e.g. Referral.case: a query that needs nothing
    else of the case then never reads the cases table); on PostgreSQL it reads Case.search_key."""
    query = search_query(text)
    if query.empty:
        return None
    if is_postgres():
        condition = None
        for pattern in token_patterns(query):
            term = Case.search_key.regexp(pattern)
            condition = term if condition is None else condition & term
        return condition
    return case_id.in_(peewee.SQL("(SELECT rowid FROM case_fts WHERE case_fts MATCH ?)", [fts5_match(query)]))


def needs_case_table(text: str) -> bool:
    """Whether text_condition(text, case_id) reads the cases table (PostgreSQL) or only `case_id` (SQLite)."""
    return is_postgres() or search_query(text).empty


def count_matches(text: str) -> int | None:
    """How many cases the text alone matches, straight from the index (SQLite); None where the
    database has no such shortcut (PostgreSQL counts through the condition)."""
    query = search_query(text)
    if query.empty or is_postgres():
        return None
    return Case._meta.database.execute_sql(
        "SELECT COUNT(*) FROM case_fts WHERE case_fts MATCH ?", (fts5_match(query),)
    ).fetchone()[0]
