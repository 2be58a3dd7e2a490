"""Guiding a caller on the spot: the article used is linked to the case and the case is closed as guided."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.db import database
from app.domain.status import CaseStatus, NextStep, can_move, transition_error
from app.domain.text import has_control_chars, normalize_text
from app.models import Article, Case, CaseArticle, utcnow
from app.services.actor import Actor, require
from app.services.admin import audit
from app.services.cases.case_status import apply_status, lock_case, read_case
from app.services.errors import Conflict, PermissionDenied, ValidationError
from app.services.knowledge.knowledge import circular_label

MAX_NOTE = 1000


@dataclass(frozen=True)
class GuidedCase:
    case_id: int
    tracking_code: str
    article_id: int
    article_title: str
    status: str
    closed_at: dt.datetime


def check_article(article_id) -> Article:
    """The article a caller may be guided with (active, and in force for a circular), else ValidationError."""
    try:
        article = Article.get_or_none(Article.id == int(article_id))
    except (TypeError, ValueError):
        article = None
    if article is None or not article.active:
        raise ValidationError({"article_id": "مقاله انتخاب‌شده در بانک راهنمایی نیست یا بایگانی شده است."})
    if article.kind == "circular" and not article.in_force:
        sup = (
            Article.get_or_none(Article.id == article.superseded_by_id) if article.superseded_by_id else None
        )
        hint = f"؛ بخشنامه جایگزین «{circular_label(sup.number, sup.title)}» را انتخاب کنید" if sup else ""
        raise ValidationError({"article_id": f"این بخشنامه دیگر معتبر نیست{hint}."})
    return article


def clean_note(note: str) -> str:
    """What the caller was told, normalised and checked."""
    note = note or ""
    if has_control_chars(note.replace("\r", ""), allow_newlines=True):
        raise ValidationError({"note": "یادداشت نویسه‌های کنترلی یا جهت‌دهی پنهان دارد؛ آن را دوباره بنویسید."})
    clean = normalize_text(note)
    if len(clean) > MAX_NOTE:
        raise ValidationError({"note": "یادداشت بیش از ۱۰۰۰ نویسه است."})
    return clean


def guide_case(actor: Actor, case_id: int, article_id: int, note: str = "") -> GuidedCase:
    """Record that the caller was guided with the article and close the case as guided.

    A registered case is closed as guided (status and outcome «guided», closed time, via
    app.services.cases.case_status). A case already closed as guided (e.g. registered with the next step
    «guide») just gets the article linked. Any other status is refused with the status module's message.
    """
    require(actor, "close_case")
    if actor.user_id is None:
        raise PermissionDenied("راهنمایی باید به نام یک کاربر ثبت شود.")
    case = read_case(case_id if isinstance(case_id, int) else _int(case_id))
    article = check_article(article_id)
    note_text = clean_note(note)
    _check_status(case, article)
    with database.atomic():
        case = lock_case(case.id)
        _check_status(case, article)
        now = utcnow()
        if case.status != CaseStatus.GUIDED:
            case = apply_status(
                actor, case, CaseStatus.GUIDED, reason=note_text, now=now, article_id=article.id
            )
            Case.update(next_step=NextStep.GUIDE.value).where(Case.id == case.id).execute()
        CaseArticle.create(case=case.id, article=article.id, at=now, by=actor.user_id)
        audit.record(
            actor,
            "case.guide",
            "case",
            case.id,
            article_id=article.id,
            article_title=article.title,
            note=note_text,
        )
    return GuidedCase(
        case.id, case.tracking_code, article.id, article.title, CaseStatus.GUIDED.value, case.closed_at or now
    )


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _check_status(case: Case, article: Article) -> None:
    status = CaseStatus(case.status)
    if status == CaseStatus.GUIDED:
        linked = CaseArticle.select().where(
            (CaseArticle.case == case.id) & (CaseArticle.article == article.id)
        )
        if linked.exists():
            raise Conflict("راهنمایی با همین مقاله پیش‌تر برای این پرونده ثبت شده است.")
    elif not can_move(status, CaseStatus.GUIDED):
        raise Conflict(transition_error(status, CaseStatus.GUIDED))
