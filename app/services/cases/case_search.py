"""Free text over cases (caller's name, subject, description): one function, two databases.

The rule is the knowledge base's (app.domain.search_text): a case's search key holds the tokens of
`case_key`, and what the user typed becomes a `Query` by `parse_query`, so «میخواهم», «می خواهم» and
«می‌خواهم», or «کتابها», «کتاب ها» and «کتاب‌ها», find each other in the register exactly as they do in
the knowledge base. Every word must be present; a word of three letters or more also matches longer
words it begins. Only letters and digits reach the query, so quotes, operators or symbols typed by the
user can never break it.

SQLite: the FTS5 table case_fts (migration 3; contentless since migration 37, its triggers computing the key with
samad_case_search_key; keeping no word positions since migration 41) with `fts5_match`; a query with a phrase
(a compound typed as two words) has its cases checked by `token_patterns` over the key of the row's columns.
PostgreSQL: one regular expression per word (`token_patterns`), served by the pg_trgm GIN index; or, with
`by_tokens`, the key's tokens as a tsvector (`search_tokens`, the GIN index of migration 29) hold every word
(`term_tsquery`: exact for a word, a prefix for one of three letters or more; a compound typed as two words,
«کتاب ها», is also checked by its expression). The same cases either way. The tokens' index gives every matching
case with no recheck (the letters list, which needs them all); the expression is the cheaper test of one row
(the register's first page, which walks the newest cases and tests each: 38 ms against 56 ms for a common
surname at 300,000 cases).

A whole tracking code or phone number typed alone (Persian or Latin digits, dashes and spaces allowed) also
finds its case, or the cases of the callers with that phone on record (through the indexed citizen phone),
besides any case whose text holds those digits.
"""

from __future__ import annotations

import json

import peewee

from app.db import database, is_postgres
from app.domain.identifiers import normalize_phone, normalize_tracking_code
from app.domain.search_text import Query, fts5_match, has_phrase, parse_query, term_tsquery, token_patterns
from app.models import Case, Citizen
from app.services.actor import Actor, require

REINDEX_BATCH = 2000


def search_query(text: str) -> Query:
    """What free text looks for (an empty query when it holds no letter or digit)."""
    return parse_query(text if isinstance(text, str) else "")


def _normalized(normalize, text: str) -> str | None:
    try:
        return normalize(text.strip())
    except ValueError:
        return None


def identifiers(text: str) -> tuple[str | None, str | None]:
    """(tracking code, phone) when the text is a whole one of them (one string can be both)."""
    if not isinstance(text, str) or not text.strip() or len(text) > 40:
        return None, None
    return _normalized(normalize_tracking_code, text), _normalized(normalize_phone, text)


def _identifier_ids(code: str | None, phone: str | None) -> list[tuple[str, str]]:
    """(SELECT of case ids, its parameter) for a tracking code and a phone, each read by an index."""
    found = []
    if code:
        found.append(("SELECT id FROM cases WHERE tracking_code = ?", code))
    if phone:
        found.append(
            ("SELECT id FROM cases WHERE citizen_id IN (SELECT id FROM citizen WHERE phone = ?)", phone)
        )
    return found


def case_key_expression() -> peewee.Node:
    """A case's search key in SQL, for a substring filter: the column on PostgreSQL; on SQLite, which does not
    store it (migration 37), samad_case_search_key of the row's caller's name, subject and description: the
    same text, computed for each row the filter reaches."""
    if is_postgres():
        return Case.search_key
    return peewee.fn.samad_case_search_key(Case.caller_name, Case.subject, Case.description)


def search_tokens() -> peewee.Node:
    """A case's search-key tokens as a tsvector, the expression migration 29 indexes (PostgreSQL; it must stay
    the same, or the index is not used)."""
    tokens = peewee.fn.string_to_array(Case.search_key, " ")
    return peewee.fn.array_to_tsvector(peewee.fn.array_remove(tokens, ""))


def _tokens_condition(query: Query) -> peewee.Expression:
    terms = [term_tsquery(term) for term in query.terms]
    tsquery = peewee.Cast(" & ".join(t for t, _ in terms), "tsquery")
    condition = peewee.Expression(search_tokens(), "@@", tsquery)
    for (_, exact), pattern in zip(terms, token_patterns(query), strict=True):
        if not exact:  # a phrase: its tokens are there, the expression says whether together
            condition = condition & Case.search_key.regexp(pattern)
    return condition


def text_condition(text: str, case_id=Case.id, *, by_tokens: bool = False) -> peewee.Expression | None:
    """A condition on Case for free text, or None when the text holds no word to look for. On SQLite it is a
    condition on `case_id` alone (a column holding a case's id, e.g. Referral.case: a query that needs nothing
    else of the case then never reads the cases table); on PostgreSQL it reads Case.search_key, by its tokens'
    index with `by_tokens` (for a query that wants every matching case), else by regular expressions."""
    query = search_query(text)
    if query.empty:
        return None
    code, phone = identifiers(text)
    if is_postgres():
        if by_tokens:
            condition = _tokens_condition(query)
        else:
            condition = None
            for pattern in token_patterns(query):
                term = Case.search_key.regexp(pattern)
                condition = term if condition is None else condition & term
        if code:
            condition = condition | (Case.tracking_code == code)
        if phone:
            condition = condition | Case.citizen.in_(Citizen.select(Citizen.id).where(Citizen.phone == phone))
        return condition
    found = _identifier_ids(code, phone)
    # one list of ids (the words' matches and the identifiers'), each part read by its index
    words, word_params = _fts_select(query)
    selects = [words, *(select for select, _ in found)]
    params = [*word_params, *(value for _, value in found)]
    return case_id.in_(peewee.SQL("(" + " UNION ".join(selects) + ")", params))


_FTS = "SELECT rowid FROM case_fts WHERE case_fts MATCH ?"
# case_fts keeps no positions (migration 41): a phrase's words are found anywhere by the index, then its cases are
# checked for the words together, by the same expressions PostgreSQL uses, over the key of the row's columns
_FTS_CHECKED = (
    "SELECT f.rowid FROM case_fts f JOIN cases c ON c.id = f.rowid WHERE case_fts MATCH ? AND {checks}"
)
_CHECK = "samad_matches(?, samad_case_search_key(c.caller_name, c.subject, c.description))"


def _fts_select(query: Query) -> tuple[str, list]:
    """SQLite: the SELECT of the ids of the cases whose text the query matches, and its parameters."""
    match = fts5_match(query, positions=False)
    if not has_phrase(query):
        return _FTS, [match]
    patterns = token_patterns(query)
    return _FTS_CHECKED.format(checks=" AND ".join([_CHECK] * len(patterns))), [match, *patterns]


def newest_matches(text: str, *, descending: bool, after: int | None, limit: int) -> peewee.Expression | None:
    """For the register in case order with free text alone (SQLite): a condition keeping only the first `limit`
    matching ids in that order (after the id `after`), read from the end of the full-text index, so a word
    that thousands of cases hold gives its first page without listing them all. None where it does not
    apply (PostgreSQL, no words, or a tracking code or phone, whose few cases need no such shortcut)."""
    query = search_query(text)
    if query.empty or is_postgres() or identifiers(text) != (None, None) or has_phrase(query):
        return None
    sql = _FTS
    params: list = [fts5_match(query, positions=False)]
    if after is not None:
        sql += " AND rowid < ?" if descending else " AND rowid > ?"
        params.append(after)
    sql += f" ORDER BY rowid {'DESC' if descending else 'ASC'} LIMIT ?"
    params.append(limit)
    return Case.id.in_(peewee.SQL(f"({sql})", params))


def planned_matches(condition: peewee.Expression) -> int:
    """How many cases PostgreSQL's planner expects the condition to keep (its statistics; nothing is read)."""
    sql, params = Case.select(Case.id).where(condition).sql()
    plan = Case._meta.database.execute_sql("EXPLAIN (FORMAT JSON) " + sql, params).fetchone()[0]
    return int((json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]["Plan Rows"])


def needs_case_table(text: str) -> bool:
    """Whether text_condition(text, case_id) reads the cases table (PostgreSQL) or only `case_id` (SQLite)."""
    return is_postgres() or search_query(text).empty


def count_matches(text: str) -> int | None:
    """How many cases the text alone matches, straight from the index (SQLite); None where the
    database has no such shortcut (PostgreSQL counts through the condition, and so does a tracking code or
    phone)."""
    query = search_query(text)
    if query.empty or is_postgres() or identifiers(text) != (None, None):
        return None
    select, params = _fts_select(query)
    return Case._meta.database.execute_sql(f"SELECT COUNT(*) FROM ({select})", params).fetchone()[0]


def rebuild_index(actor: Actor) -> int:
    """`samad call reindex`: a supervisor indexes every case's text again, e.g. after a database was written
    behind the program's back. SQLite: case_fts emptied and refilled by today's key (app.migrations
    .rebuild_sqlite_case_fts); PostgreSQL: each search_key that differs from the key of its row's columns is
    rewritten (its indexes follow the column). Returns how many cases there are."""
    require(actor, "manage_settings")
    from app.migrations import rebuild_sqlite_case_fts
    from app.services.cases.cases import case_search_key

    with database.atomic():
        if not is_postgres():
            rebuild_sqlite_case_fts(database)
            return Case.select().count()
        last, count = 0, 0
        while True:
            rows = list(
                Case.select(Case.id, Case.caller_name, Case.subject, Case.description, Case.search_key)
                .where(Case.id > last)
                .order_by(Case.id)
                .limit(REINDEX_BATCH)
                .tuples()
            )
            for case_id, name, subject, description, stored in rows:
                key = case_search_key(name or "", subject or "", description or "")
                if key != stored:
                    Case.update(search_key=key).where(Case.id == case_id).execute()
            count += len(rows)
            if len(rows) < REINDEX_BATCH:
                return count
            last = rows[-1][0]
