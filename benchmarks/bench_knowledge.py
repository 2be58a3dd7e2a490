"""The knowledge base over 10,000 articles: searches of several shapes (first page with its total,
highlighted snippets included) and the intake panel's suggestions (target < 100 ms, so typing never stutters).

The articles live in a database of their own, made once and reused: beside the SQLite demo file
(`knowledge-10000.db`), or in the schema `bench_knowledge` of the PostgreSQL database given. They are the demo's
real circulars, missions and answers plus generated ones built from the same sentences, each saved as the
service saves it (version, index row). The floor is the bare full-text query (the first page of ids, ranked).
"""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

from app.db import close_database, database, is_postgres, open_database, parse_url
from app.models import Agency, Article, Category, User
from app.services.actor import Actor
from app.services.admin import users
from app.services.admin.setup import init_database
from app.services.demo import knowledge_texts
from app.services.demo.call_texts import CATEGORIES
from app.services.demo.knowledge import create_articles
from app.services.knowledge import knowledge, knowledge_search
from benchmarks.harness import Result, median_ms

ARTICLES = 10_000
RUNS = 31
SCHEMA = "bench_knowledge"
QUERIES = [
    ("search: two words, many hits", "تقسیط بدهی"),
    ("search: one common word", "آب"),
    ("search: circular number", "۱۲۳۴۵/۱۰۰"),
    ("search: half-space compound", "می‌شود"),
    ("search: four words, exact title", "تقسیط بدهی قبوض آب"),
    ("search: nothing found", "هواپیمایی"),
    ("search: symbols only", '"*(:'),
    ("browse: blank query, first page", ""),
]


def knowledge_url(url: str) -> str:
    parsed = parse_url(url)
    if parsed.is_sqlite:
        folder = Path(parsed.path).resolve().parent if parsed.path != ":memory:" else Path.cwd()
        return f"sqlite:///{folder / f'knowledge-{ARTICLES}.db'}"
    admin = open_database(url)
    admin.execute_sql(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
    close_database()
    return f"{url}{'&' if '?' in url else '?'}schema={SCHEMA}"


def _author() -> Actor:
    user = User.select().where(User.role == "supervisor").first()
    if user is None:
        users.create_first_supervisor("bench", "محک بانک راهنمایی", "benchmark password 1")
        user = User.get(User.username == "bench")
    return Actor.from_user(user)


def _sentences() -> list[str]:
    texts = [c[4] for c in knowledge_texts.CIRCULARS] + [m[2] for m in knowledge_texts.MISSIONS]
    texts += [a[1] for a in knowledge_texts.ANSWERS]
    texts += [d for spec in CATEGORIES.values() for d in spec.get("descriptions", ())]
    return [s.strip() for t in texts for s in re.split(r"(?<=[.؛])\s+|\n", t) if len(s.strip()) > 20]


def fill(actor: Actor, count: int, seed: int = 7) -> int:
    """Add generated circulars and answers until there are `count` articles (in batches of one transaction)."""
    rng = random.Random(seed)
    sentences = _sentences()
    subjects = [s for spec in CATEGORIES.values() for s in spec.get("subjects", ())]
    issuers = [a.name for a in Agency.select(Agency.name).where(Agency.kind == "agency")]
    titles = [c[3] for c in knowledge_texts.CIRCULARS] + [a[0] for a in knowledge_texts.ANSWERS]
    made, have = 0, Article.select().count()
    while have + made < count:
        with database.atomic():
            for _ in range(min(500, count - have - made)):
                i = have + made
                kind = "circular" if rng.random() < 0.7 else "answer"
                title = f"{rng.choice(titles + subjects).replace('{place}', 'تبریز')} — {rng.randint(2, 99)}"
                body = "\n".join(" ".join(rng.sample(sentences, 3)) for _ in range(rng.randint(1, 4)))
                clean = {
                    "kind": kind,
                    "title": title,
                    "body": body.replace("{", "").replace("}", ""),
                    "number": f"{1000 + i}/{rng.randint(10, 999)}" if kind == "circular" else "",
                    "issued_on": knowledge.parse_date(
                        f"{rng.randint(1398, 1404)}/{rng.randint(1, 12)}/{rng.randint(1, 28)}"
                    )
                    if kind == "circular"
                    else None,
                    "issuer": rng.choice(issuers) if kind == "circular" else "",
                    "agency_id": None,
                    "in_force": rng.random() > 0.1,
                    "superseded_by_id": None,
                }
                knowledge.insert_validated(actor, clean)
                made += 1
    return made


def prepare(url: str) -> str:
    kb_url = knowledge_url(url)
    db = open_database(kb_url)
    init_database(db)
    if Article.select().count() < ARTICLES:
        actor = _author()
        started = time.perf_counter()
        create_articles(actor)
        made = fill(actor, ARTICLES)
        print(
            f"knowledge base: {made} articles generated in {time.perf_counter() - started:.1f} s", flush=True
        )
        if is_postgres(
            db
        ):  # what autovacuum does soon after a bulk load: flush the GIN pending list, analyse
            db.execute_sql("VACUUM ANALYZE article_search")
            db.execute_sql("ANALYZE article")
    return kb_url


def _floor(query_text: str) -> float | None:
    query = knowledge_search.parse_query(query_text)
    if query.empty:
        return None
    db = database.obj
    if is_postgres(db):
        sql = (
            "SELECT article_id FROM article_search WHERE doc @@ %s::tsquery "
            "ORDER BY ts_rank(doc, %s::tsquery) DESC LIMIT 40"
        )
        expr = knowledge_search._tsquery(query)
        args = (expr, expr)
    else:
        sql = "SELECT rowid FROM article_fts WHERE article_fts MATCH ? ORDER BY bm25(article_fts) LIMIT 40"
        args = (knowledge_search._fts5(query),)
    cursor = db.connection().cursor()

    def bare(_):
        cursor.execute(sql, args)
        return cursor.fetchall()

    return median_ms(bare, RUNS)


def run(url: str, calls: int) -> list[Result]:
    kb_url = prepare(url)
    open_database(kb_url)
    size = f"{Article.select().count()} articles"
    results = []
    for name, text in QUERIES:
        found = knowledge_search.search(text, limit=40)
        ms = median_ms(lambda _, t=text: knowledge_search.search(t, limit=40), RUNS)
        results.append(
            Result(
                name,
                ms,
                RUNS,
                floor_ms=_floor(text),
                note=f"{'over ' if found.more_than_cap else ''}{found.total - found.more_than_cap} hits; {size}",
            )
        )
    agencies = [a.id for a in Agency.select(Agency.id).where(Agency.kind == "agency")]
    categories = {c.name: c.id for c in Category.select()}
    inputs = []
    rng = random.Random(11)
    for name, spec in CATEGORIES.items():
        for subject in spec.get("subjects", ()):
            description = rng.choice(spec.get("descriptions", ("",)))
            inputs.append(
                (
                    rng.choice(agencies),
                    categories.get(name),
                    subject.replace("{place}", "ولیعصر"),
                    re.sub(r"\{\w+\}", "سه", description),
                )
            )
    knowledge_search._FREQUENCY.clear()  # words never seen: each costs one index lookup, then is remembered
    ms = median_ms(lambda i: knowledge_search.suggest_articles(*inputs[i % len(inputs)]), RUNS, warmup=0)
    results.append(
        Result(
            "intake suggestions, words not seen before",
            ms,
            RUNS,
            target_ms=100,
            note=f"{len(inputs)} realistic calls; {size}",
        )
    )
    ms = median_ms(lambda i: knowledge_search.suggest_articles(*inputs[i % len(inputs)]), RUNS)
    results.append(
        Result(
            "intake suggestions, subject + description",
            ms,
            RUNS,
            target_ms=100,
            note="the usual case: the words were seen in earlier calls",
        )
    )
    partial = [(a, c, s[: len(s) // 2], "") for a, c, s, _ in inputs]
    ms = median_ms(lambda i: knowledge_search.suggest_articles(*partial[i % len(partial)]), RUNS)
    results.append(Result("intake suggestions, half a subject typed", ms, RUNS, target_ms=100, note=size))
    close_database()
    return results
