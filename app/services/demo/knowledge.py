"""Demo step: the knowledge base (circulars, agency missions, ready answers) through the services, and the
article each guided demo case was answered with (CaseArticle rows, inserted in batches)."""

from __future__ import annotations

from app.db import database
from app.domain.status import CaseStatus
from app.domain.text import normalize_line
from app.models import Agency, Article, Case, CaseArticle, Category, User
from app.services.actor import Actor
from app.services.demo.calls import _insert as insert_rows  # the steps' multi-row INSERT
from app.services.demo.knowledge_texts import ANSWERS, CIRCULARS, MISSIONS, SUPERSEDED
from app.services.knowledge import knowledge

BATCH = 2000


def _author() -> Actor | None:
    user = (
        User.select()
        .where((User.role == "supervisor") & (User.active == True))  # noqa: E712
        .order_by(User.username != "supervisor", User.id)
        .first()
    )
    return Actor.from_user(user) if user else None


def _existing() -> dict[str, int]:
    return {a.title: a.id for a in Article.select(Article.id, Article.title)}


def create_articles(actor: Actor) -> tuple[int, dict[str, list[int]]]:
    """Create the demo articles that are not there yet; return how many and the ids per category name."""
    agencies = {a.name: a.id for a in Agency.select(Agency.id, Agency.name)}
    existing = _existing()
    by_category: dict[str, list[int]] = {}
    by_number: dict[str, int] = {}
    made = 0

    def add(data: dict, categories: tuple[str, ...]) -> int:
        nonlocal made
        article_id = existing.get(normalize_line(data["title"]))
        if article_id is None:
            article_id = knowledge.create_article(actor, data).id
            made += 1
        for name in categories or ("سایر",):
            by_category.setdefault(name, []).append(article_id)
        return article_id

    for number, date, issuer, title, body, categories in CIRCULARS:
        by_number[number] = add(
            {
                "kind": "circular",
                "number": number,
                "issued_on": date,
                "issuer": issuer,
                "title": title,
                "body": body,
                "agency_id": agencies.get(issuer),
            },
            categories,
        )
    for agency, title, body, categories in MISSIONS:
        if agency in agencies:
            add({"kind": "mission", "title": title, "body": body, "agency_id": agencies[agency]}, categories)
    for title, body, categories in ANSWERS:
        add({"kind": "answer", "title": title, "body": body}, categories)
    for old, new in SUPERSEDED.items():
        article = Article.get_by_id(by_number[old])
        if article.superseded_by_id is None:
            knowledge.supersede(actor, article.id, by_number[new])
        for ids in by_category.values():
            if by_number[old] in ids:
                ids.remove(by_number[old])
    return made, by_category


def link_guided_cases(ctx, by_category: dict[str, list[int]]) -> int:
    """Give every guided case without one the article it was answered with (chosen by its category)."""
    categories = {c.id: c.name for c in Category.select(Category.id, Category.name)}
    missions = {
        a.agency_id: a.id
        for a in Article.select(Article.id, Article.agency).where(
            (Article.kind == "mission") & (Article.active == True)  # noqa: E712
        )
    }
    fallback = by_category.get("سایر") or [i for ids in by_category.values() for i in ids]
    if not fallback:
        return 0
    linked = CaseArticle.select(CaseArticle.case)
    query = (
        Case.select(Case.id, Case.category, Case.agency, Case.operator, Case.closed_at, Case.created_at)
        .where((Case.status == CaseStatus.GUIDED) & Case.id.not_in(linked))
        .order_by(Case.id)
    )
    total = query.count()
    rows, done = [], 0
    # plain tuples: model instances and dict rows cost more than the inserts at a million cases
    for case_id, category_id, agency_id, operator_id, closed_at, created_at in query.tuples().iterator():
        choices = by_category.get(categories.get(category_id, ""), []) or fallback
        article_id = ctx.rng.choice(choices)
        if agency_id in missions and ctx.rng.random() < 0.3:
            article_id = missions[agency_id]
        rows.append((case_id, article_id, closed_at or created_at, operator_id))
        if len(rows) >= BATCH:
            done += _insert(rows)
            ctx.report("knowledge", done, total)
    done += _insert(rows)
    return done


FIELDS = [CaseArticle.case, CaseArticle.article, CaseArticle.at, CaseArticle.by]


def _insert(rows: list[tuple]) -> int:
    count = len(rows)
    if rows:
        with database.atomic():
            insert_rows(CaseArticle, FIELDS, rows)
        rows.clear()
    return count


def run(ctx) -> dict:
    actor = _author()
    if actor is None:
        return {"articles": 0, "guided cases linked": 0}
    made, by_category = create_articles(actor)
    return {"articles": made, "guided cases linked": link_guided_cases(ctx, by_category)}
