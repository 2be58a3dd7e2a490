"""One search over the knowledge base, on both databases.

SQLite: an FTS5 table `article_fts(title, body, meta)` (tokenizer `unicode61 remove_diacritics 2`) holding the
folded tokens of app.domain.search_text; ranked with bm25 (title ten times the body, number/issuer/agency five times).
PostgreSQL: a table `article_search(article_id, title_doc, doc tsvector)` with a GIN index; the tsvector is
built from the same tokens (title at weight A, number/issuer/agency at C, body at B) and ranked with ts_rank.
On both, an article whose title IS the query comes first, then those whose title holds every word, then
the rest; within each, articles in force before superseded circulars, then by rank. The index rows are written by app.services.knowledge.knowledge inside its save transactions.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

import peewee

from app.db import database, is_postgres
from app.domain.search_text import (
    Phrase,
    Query,
    Snippet,
    Term,
    article_index_row,
    article_meta,
    combine,
    fts5_match,
    highlight_spans,
    make_snippet,
    pg_quote,
    token_patterns,
)
from app.domain.search_text import parse_query as _parse_query
from app.models import Agency, Article, Category

MAX_LIMIT = 500
COUNT_CAP = 1000  # a search reports «more than 1,000» rather than counting every hit of a common word
SUGGEST_TERMS = 12


@dataclass(frozen=True)
class SearchHit:
    article_id: int
    kind: str
    title: str
    number: str
    issued_on: dt.date | None
    issuer: str
    agency_id: int | None
    agency_name: str
    in_force: bool
    superseded_by_id: int | None
    active: bool
    title_spans: tuple[tuple[int, int], ...]
    snippet: Snippet
    score: float


@dataclass(frozen=True)
class SearchResult:
    hits: list[SearchHit]
    total: int
    query: Query
    note: str = ""  # why nothing was searched, in Persian (a query of symbols only)
    more_than_cap: bool = False  # the hits were counted up to COUNT_CAP + 1 only: total is a lower bound


def parse_query(text: str) -> Query:
    return _parse_query(text)


# --- the index -----------------------------------------------------------------------------------


def index_article(
    article_id: int, title: str, body: str, meta: str = "", db: peewee.Database | None = None
) -> str:
    """Write (or rewrite) the index row of one article; returns the folded title, number and issuer for
    Article.search_key (the body's tokens live only in the index, so article rows stay small).

    `meta` is the circular number, issuing body and agency name: searchable, weighted between title and body.
    """
    row = article_index_row(title, body, meta)
    db = db or database.obj
    if is_postgres(db):
        db.execute_sql(
            "INSERT INTO article_search (article_id, title_doc, doc) VALUES (%s, %s, %s::tsvector) "
            "ON CONFLICT (article_id) DO UPDATE SET title_doc = EXCLUDED.title_doc, doc = EXCLUDED.doc",
            (article_id, row.title_doc, row.vector),
        )
    else:
        db.execute_sql("DELETE FROM article_fts WHERE rowid = ?", (article_id,))
        db.execute_sql(
            "INSERT INTO article_fts (rowid, title, body, meta) VALUES (?, ?, ?, ?)",
            (article_id, row.title_doc, row.body_doc, row.meta_doc),
        )
    return row.search_key


meta_text = article_meta


def rebuild_index(db: peewee.Database | None = None) -> int:
    """Index every article again (`samad kb reindex`)."""
    db = db or database.obj
    rows = db.execute_sql(
        "SELECT a.id, a.title, a.body, a.number, a.issuer, g.name FROM article a "
        "LEFT JOIN agency g ON g.id = a.agency_id"
    ).fetchall()
    db.execute_sql("DELETE FROM article_search" if is_postgres(db) else "DELETE FROM article_fts")
    for article_id, title, body, number, issuer, agency in rows:
        index_article(article_id, title or "", body or "", meta_text(number, issuer, agency), db)
    return len(rows)


# --- queries -------------------------------------------------------------------------------------


def _fts5(query: Query, op: str = " AND ", title_only: bool = False) -> str:
    return fts5_match(query, op, "title" if title_only else None)


def _pg_phrase(p: Phrase, weight: str) -> str:
    last = len(p.tokens) - 1
    items = []
    for k, token in enumerate(p.tokens):
        flags = ("*" if p.prefix and k == last else "") + weight
        items.append(f"'{pg_quote(token)}'" + (":" + flags if flags else ""))
    return "(" + " <-> ".join(items) + ")"


def _tsquery(query: Query, op: str = " & ", weight: str = "") -> str:
    parts = []
    for term in query.terms:
        parts.append("(" + " | ".join(_pg_phrase(p, weight) for p in term.alternatives) + ")")
    return op.join(parts)


def _filters(
    kind: str | None, agency_id: int | None, in_force: bool | None, include_retired: bool
) -> tuple[str, list]:
    p = database.obj.param
    sql, params = [], []
    if kind:
        sql.append(f"a.kind = {p}")
        params.append(kind)
    if agency_id:
        sql.append(f"a.agency_id = {p}")
        params.append(int(agency_id))
    if in_force is not None:
        sql.append(f"a.in_force = {p}")
        params.append(bool(in_force))
    if not include_retired:
        sql.append(f"a.active = {p}")
        params.append(True)
    return "".join(" AND " + s for s in sql), params


def _ranked_ids(
    query: Query,
    where: str,
    params: list,
    limit: int,
    offset: int,
    *,
    any_word: bool = False,
    agency_boost: int | None = None,
) -> list[tuple[int, float]]:
    """(article id, score) of one page, best first.

    A search (all words) orders by: title equals the query, title holds every word, in force, rank.
    Suggestions (any word) order by rank alone, the chosen agency's articles counting double.
    """
    if is_postgres(database.obj):
        return _ranked_pg(query, where, params, limit, offset, any_word, agency_boost)
    return _ranked_sqlite(query, where, params, limit, offset, any_word, agency_boost)


def _ranked_pg(query, where, params, limit, offset, any_word, agency_boost) -> list[tuple[int, float]]:
    score = "ts_rank('{0.1, 0.7, 0.4, 1.0}', s.doc, q.q, 1)"
    if agency_boost:
        score += " * (CASE WHEN a.agency_id = %s THEN 2.0 ELSE 1.0 END)"
    boost_args = [agency_boost] if agency_boost else []
    if any_word:
        sql = (
            f"SELECT a.id, {score} AS score FROM article_search s JOIN article a ON a.id = s.article_id "
            f"CROSS JOIN (SELECT %s::tsquery AS q) q WHERE s.doc @@ q.q{where} "
            "ORDER BY score DESC, a.id LIMIT %s OFFSET %s"
        )
        args = [*boost_args, _tsquery(query, " | "), *params, limit, offset]
    else:
        patterns = _title_patterns(query)
        in_title = " AND ".join(["s.title_doc ~ %s"] * len(patterns))
        sql = (
            f"SELECT a.id, {score} AS score FROM article_search s JOIN article a ON a.id = s.article_id "
            "CROSS JOIN (SELECT %s::tsquery AS q) q "
            f"WHERE s.doc @@ q.q{where} "
            f"ORDER BY (s.title_doc = %s) DESC, ({in_title}) DESC, a.in_force DESC, score DESC, a.id "
            "LIMIT %s OFFSET %s"
        )
        args = [*boost_args, _tsquery(query), *params, query.text, *patterns, limit, offset]
    return [(r[0], float(r[1])) for r in database.obj.execute_sql(sql, args).fetchall()]


def _title_patterns(query: Query) -> list[str]:
    """PostgreSQL side of «the title holds every word»: cheaper on the short title text than matching the
    whole tsvector again."""
    return token_patterns(query)


def _ranked_sqlite(query, where, params, limit, offset, any_word, agency_boost) -> list[tuple[int, float]]:
    score = "bm25(article_fts, 10.0, 1.0, 5.0)"
    if agency_boost:
        score += " * (CASE WHEN a.agency_id = ? THEN 2.0 ELSE 1.0 END)"
    boost_args = [agency_boost] if agency_boost else []
    base = f"FROM article_fts JOIN article a ON a.id = article_fts.rowid WHERE article_fts MATCH ?{where} "
    if any_word:
        sql = f"SELECT a.id, {score} AS score {base}ORDER BY score, a.id LIMIT ? OFFSET ?"
        args = [*boost_args, _fts5(query, " OR "), *params, limit, offset]
    else:
        # The title matches (and the exact titles among them) are found first, once: reading every hit's
        # title, or matching the title again per hit, costs more than the whole ranking.
        title_query = _fts5(query, title_only=True)
        sql = (
            "WITH t(id) AS (SELECT rowid FROM article_fts WHERE article_fts MATCH ?), "
            "e(id) AS (SELECT rowid FROM article_fts WHERE article_fts MATCH ? AND title = ?) "
            f"SELECT a.id, {score} AS score, a.id IN e AS exact, a.id IN t AS in_title {base}"
            "ORDER BY exact DESC, in_title DESC, a.in_force DESC, score, a.id LIMIT ? OFFSET ?"
        )
        args = [title_query, title_query, query.text, *boost_args, _fts5(query), *params, limit, offset]
    return [(r[0], -float(r[1])) for r in database.obj.execute_sql(sql, args).fetchall()]


_FREQUENCY: dict[tuple, tuple[float, int]] = {}
FREQUENCY_TTL_S = 600
COMMON_SHARE, COMMON_FLOOR, DISTINCTIVE_TERMS = 0.10, 200, 8


def _cached(key: tuple, compute) -> int:
    now = time.monotonic()
    cached = _FREQUENCY.get(key)
    if cached is None or now - cached[0] > FREQUENCY_TTL_S:
        if len(_FREQUENCY) > 50_000:
            _FREQUENCY.clear()
        cached = _FREQUENCY[key] = (now, compute())
    return cached[1]


def _frequency(term: Term) -> int:
    """How many articles hold the term: one index lookup, cached a few minutes."""
    single = Query((term,), "")
    db = database.obj
    if is_postgres(db):
        sql, arg = "SELECT count(*) FROM article_search WHERE doc @@ %s::tsquery", _tsquery(single)
    else:
        sql, arg = "SELECT count(*) FROM article_fts WHERE article_fts MATCH ?", _fts5(single)
    return _cached((id(db), arg), lambda: db.execute_sql(sql, (arg,)).fetchone()[0])


def _distinctive(query: Query) -> Query:
    """The words of a suggestion query that tell articles apart.

    In a big knowledge base a word held by most articles («آب», «روز») changes the order little but makes
    the ranking read nearly every article; words held by more than 10% of the articles (and more than 200)
    are left out, keeping the three rarest if all are that common."""
    total = _cached((id(database.obj), "total"), lambda: Article.select().count())
    limit = max(COMMON_FLOOR, int(total * COMMON_SHARE))
    if total <= limit:
        return query
    counted = [(term, _frequency(term)) for term in query.terms]
    kept = [term for term, n in counted if 0 < n <= limit][:DISTINCTIVE_TERMS]
    if not kept:
        kept = [term for term, n in sorted(counted, key=lambda x: x[1]) if n][:3]
    return Query(tuple(kept), query.text)


def _count(query: Query, where: str, params: list) -> int:
    """How many articles match, counted up to COUNT_CAP + 1 (more than that is «more than COUNT_CAP»)."""
    db, cap = database.obj, COUNT_CAP
    if is_postgres(db):
        sql = (
            "SELECT count(*) FROM (SELECT 1 FROM article_search s JOIN article a ON a.id = s.article_id "
            f"WHERE s.doc @@ %s::tsquery{where} LIMIT %s) x"
        )
        return db.execute_sql(sql, [_tsquery(query), *params, cap + 1]).fetchone()[0]
    sql = (
        "SELECT count(*) FROM (SELECT 1 FROM article_fts JOIN article a ON a.id = article_fts.rowid "
        f"WHERE article_fts MATCH ?{where} LIMIT ?)"
    )
    return db.execute_sql(sql, [_fts5(query), *params, cap + 1]).fetchone()[0]


def _hits(ranked: list[tuple[int, float]], query: Query) -> list[SearchHit]:
    if not ranked:
        return []
    ids = [article_id for article_id, _ in ranked]
    rows = {
        a.id: a
        for a in Article.select(Article, Agency.name)
        .join(Agency, peewee.JOIN.LEFT_OUTER)
        .where(Article.id.in_(ids))
    }
    hits = []
    for article_id, score in ranked:
        a = rows.get(article_id)
        if a is None:  # deleted meanwhile (articles are retired, not deleted, but a test or a tool may)
            continue
        hits.append(
            SearchHit(
                a.id,
                a.kind,
                a.title,
                a.number,
                a.issued_on,
                a.issuer,
                a.agency_id,
                a.agency.name if a.agency_id else "",
                a.in_force,
                a.superseded_by_id,
                a.active,
                tuple(highlight_spans(a.title, query)),
                make_snippet(a.body, query),
                score,
            )
        )
    return hits


def search(
    text: str,
    *,
    kind: str | None = None,
    agency_id: int | None = None,
    in_force: bool | None = None,
    include_retired: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> SearchResult:
    """Articles matching what a person typed, best first. Never fails on the text itself.

    A blank query lists every article that passes the filters (most recently changed first); a query with
    no words in it (only symbols or quotes) finds nothing and says why in `note`.
    """
    limit, offset = max(0, min(int(limit), MAX_LIMIT)), max(0, int(offset))
    query = parse_query(text)
    where, params = _filters(kind, agency_id, in_force, include_retired)
    if query.empty:
        if (text or "").strip():
            return SearchResult(
                [], 0, query, "عبارت جست‌وجو واژه یا عددی ندارد؛ چند واژه از عنوان یا متن بنویسید."
            )
        return _browse(query, kind, agency_id, in_force, include_retired, limit, offset)
    ranked = _ranked_ids(query, where, params, limit, offset)
    short = len(ranked) < limit and (ranked or offset == 0)
    total = len(ranked) + offset if short else _count(query, where, params)
    return SearchResult(_hits(ranked, query), total, query, more_than_cap=not short and total > COUNT_CAP)


def _browse(query, kind, agency_id, in_force, include_retired, limit, offset) -> SearchResult:
    q = Article.select(Article.id)
    if kind:
        q = q.where(Article.kind == kind)
    if agency_id:
        q = q.where(Article.agency == int(agency_id))
    if in_force is not None:
        q = q.where(Article.in_force == bool(in_force))
    if not include_retired:
        q = q.where(Article.active == True)  # noqa: E712
    total = q.count()
    ids = [r.id for r in q.order_by(Article.updated_at.desc(), Article.id.desc()).limit(limit).offset(offset)]
    return SearchResult(_hits([(i, 0.0) for i in ids], query), total, query)


def suggest_articles(
    agency_id: int | None, category_id: int | None, subject: str, description: str, limit: int = 5
) -> list[SearchHit]:
    """Articles for the intake side panel, from what the operator has typed so far (fast: no count).

    Words of the subject come first (they also match longer words they begin), then the description's and
    the category's name (whole words); any of them may match, ranked by bm25/ts_rank, articles of the chosen
    agency counting double. Only active articles in force are suggested; the chosen agency's mission is
    always among them.
    """
    limit = max(1, min(int(limit), 20))
    category = Category.get_or_none(Category.id == category_id) if category_id else None
    words = {"any_word": True, "drop_stopwords": True, "max_terms": SUGGEST_TERMS}
    query = combine(
        _parse_query(subject or "", **words),
        _parse_query((description or "")[:600], prefix=False, **words),
        _parse_query(category.name if category else "", prefix=False, **words),
        max_terms=SUGGEST_TERMS,
    )
    where, params = _filters(None, None, True, False)
    hits: list[SearchHit] = []
    if not query.empty:
        ranked = _ranked_ids(
            _distinctive(query),
            where,
            params,
            limit,
            0,
            any_word=True,
            agency_boost=int(agency_id) if agency_id else None,
        )
        hits = _hits(ranked, query)
    if agency_id and not any(h.kind == "mission" and h.agency_id == int(agency_id) for h in hits):
        mission = (
            Article.select(Article.id)
            .where(
                (Article.kind == "mission") & (Article.agency == int(agency_id)) & (Article.active == True)  # noqa: E712
            )
            .order_by(Article.id)
            .first()
        )
        if mission:
            hits = hits[: limit - 1] + _hits([(mission.id, 0.0)], query)
    return hits
