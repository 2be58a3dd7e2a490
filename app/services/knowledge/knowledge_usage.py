"""How often each article guided a caller in a period: the circulars people do not know."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import peewee

from app.models import Article, CaseArticle
from app.services.actor import Actor, require
from app.services.reporting.period import make_period


@dataclass(frozen=True)
class ArticleUsage:
    article_id: int
    kind: str
    title: str
    number: str
    issuer: str
    in_force: bool
    active: bool
    count: int
    last_used: dt.datetime | None


def article_usage(
    actor: Actor, first: dt.date, last: dt.date, *, kind: str | None = None, include_unused: bool = False
) -> list[ArticleUsage]:
    """Articles by how many callers they guided between first and last (Tehran dates, inclusive)."""
    require(actor, "view_reports")
    period = make_period(first, last, ("first", "last"))
    start, end = period.since, period.until
    uses = (
        CaseArticle.select(
            CaseArticle.article,
            peewee.fn.COUNT(CaseArticle.id).alias("n"),
            peewee.fn.MAX(CaseArticle.at).alias("last_at"),
        )
        .where((CaseArticle.at >= start) & (CaseArticle.at < end))
        .group_by(CaseArticle.article)
    )
    counted = {row.article_id: (row.n, row.last_at) for row in uses}
    query = Article.select()
    if not include_unused:
        query = query.where(Article.id.in_(list(counted) or [0]))
    else:
        query = query.where((Article.active == True) | Article.id.in_(list(counted) or [0]))  # noqa: E712
    if kind:
        query = query.where(Article.kind == kind)
    rows = []
    for a in query:
        n, last_at = counted.get(a.id, (0, None))
        last_at = CaseArticle.at.python_value(last_at)  # MAX() as SQLite stores it: integer microseconds
        rows.append(ArticleUsage(a.id, a.kind, a.title, a.number, a.issuer, a.in_force, a.active, n, last_at))
    rows.sort(key=lambda r: (-r.count, r.title))
    return rows
