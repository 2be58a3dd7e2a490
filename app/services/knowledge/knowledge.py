"""The guidance knowledge base: supervisors create, edit, supersede and retire articles; every save is a
version. Kinds: circulars (number, date, issuing body, in force or superseded), agency missions (linked to
the agency) and ready answers to frequent questions. Searching is in app.services.knowledge.knowledge_search."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

import peewee

from app.db import database
from app.domain import jalali
from app.domain.text import search_key, to_persian_digits
from app.models import Agency, Article, ArticleVersion, User, utcnow
from app.services.actor import Actor, require
from app.services.admin import audit
from app.services.errors import Conflict, NotFound, PermissionDenied, ValidationError
from app.services.knowledge.knowledge_search import index_article, meta_text
from app.services.text_fields import clean_text

KIND_LABELS = {"circular": "بخشنامه", "mission": "شرح وظایف دستگاه", "answer": "پاسخ آماده"}
MAX_TITLE, MAX_BODY, MAX_NUMBER, MAX_ISSUER = 300, 60_000, 60, 200
EARLIEST = dt.date(1921, 3, 21)  # 1300/01/01
FIELDS = (
    "kind",
    "title",
    "body",
    "number",
    "issued_on",
    "issuer",
    "agency_id",
    "in_force",
    "superseded_by_id",
)


@dataclass(frozen=True)
class ArticleInfo:
    id: int
    kind: str
    title: str
    body: str
    number: str
    issued_on: dt.date | None
    issuer: str
    agency_id: int | None
    agency_name: str
    in_force: bool
    superseded_by_id: int | None
    superseded_by_label: str
    supersedes: tuple[tuple[int, str], ...]  # circulars this one replaced: (id, label)
    active: bool
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass(frozen=True)
class ArticleVersionInfo:
    version: int
    title: str
    body: str
    fields: dict
    saved_by: str
    saved_at: dt.datetime


def circular_label(number: str, title: str) -> str:
    return f"{to_persian_digits(number)} — {title}" if number else title


def number_key(number: str) -> str:
    """A circular number compared without spaces, letter variants or digit scripts: ۱۲۳۴۵/۱۰۰ == 12345 / 100."""
    return re.sub(r"\s+", "", search_key(number or ""))


def _info(a: Article) -> ArticleInfo:
    sup = Article.get_or_none(Article.id == a.superseded_by_id) if a.superseded_by_id else None
    replaced = tuple(
        (r.id, circular_label(r.number, r.title))
        for r in Article.select().where(Article.superseded_by == a.id).order_by(Article.id)
    )
    agency = Agency.get_or_none(Agency.id == a.agency_id) if a.agency_id else None
    return ArticleInfo(
        a.id,
        a.kind,
        a.title,
        a.body,
        a.number,
        a.issued_on,
        a.issuer,
        a.agency_id,
        agency.name if agency else "",
        a.in_force,
        a.superseded_by_id,
        circular_label(sup.number, sup.title) if sup else "",
        replaced,
        a.active,
        a.version,
        a.created_at,
        a.updated_at,
    )


def _get(article_id) -> Article:
    try:
        article = Article.get_or_none(Article.id == int(article_id))
    except (TypeError, ValueError):
        article = None
    if article is None:
        raise NotFound("این مقاله در بانک راهنمایی نیست.")
    return article


def get_article(article_id: int) -> ArticleInfo:
    return _info(_get(article_id))


def _need_user(actor: Actor) -> None:
    if actor.user_id is None:
        raise PermissionDenied(
            "این کار باید به نام یک کاربر ثبت شود؛ در خط فرمان نام کاربری را با --as بدهید."
        )


# --- validation ----------------------------------------------------------------------------------


def _text(
    errors: dict, field: str, raw, limit: int, label: str, *, required: bool, multiline: bool = False
) -> str:
    return clean_text(errors, field, raw, label=label, limit=limit, required=required, multiline=multiline)


def parse_date(value) -> dt.date | None:
    """A date from a date, a Jalali text («۱۴۰۳/۰۵/۱۲») or nothing; ValueError with a Persian message."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return jalali.parse_jalali(str(value))


def _date(errors: dict, raw, required: bool) -> dt.date | None:
    try:
        value = parse_date(raw)
    except ValueError as exc:
        errors["issued_on"] = str(exc)
        return None
    if value is None:
        if required:
            errors["issued_on"] = "تاریخ بخشنامه را بنویسید."
    elif value > jalali.today_local():
        errors["issued_on"] = "تاریخ بخشنامه در آینده است."
    elif value < EARLIEST:
        errors["issued_on"] = "تاریخ بخشنامه پیش از سال ۱۳۰۰ است؛ آن را بررسی کنید."
    return value


def _agency(errors: dict, raw, required: bool) -> Agency | None:
    if raw in (None, ""):
        if required:
            errors["agency_id"] = "دستگاهی را که این شرح وظایف از آن است انتخاب کنید."
        return None
    try:
        agency_id = int(raw)
    except (TypeError, ValueError):
        agency_id = 0
    # an id the database cannot hold (SQLite and PostgreSQL: 64-bit) is no agency, not a driver error
    agency = Agency.get_or_none(Agency.id == agency_id) if 0 < agency_id < 2**63 else None
    if agency is None or not agency.active:
        errors["agency_id"] = "دستگاه انتخاب‌شده در فهرست نیست."
    return agency


def find_duplicate_circular(number: str, issuer: str, exclude_id: int | None = None) -> Article | None:
    """A circular with the same number from the same issuing body (compared normalised), retired or not."""
    key, issuer_key = number_key(number), search_key(issuer)
    if not key:
        return None
    query = Article.select(Article.id, Article.number, Article.issuer, Article.title, Article.active).where(
        Article.kind == "circular"
    )
    if exclude_id:
        query = query.where(Article.id != exclude_id)
    for row in query:
        if number_key(row.number) == key and search_key(row.issuer) == issuer_key:
            return row
    return None


def duplicate_message(number: str, issuer: str, existing_title: str, retired: bool = False) -> str:
    where = " و اکنون بایگانی است؛ آن را از بایگانی برگردانید" if retired else ""
    return (
        f"بخشنامه شماره {to_persian_digits(number)} از «{issuer}» پیش‌تر با عنوان «{existing_title}» "
        f"ثبت شده است{where}."
    )


def validate_article(data: dict, article_id: int | None = None, *, check_duplicate: bool = True) -> dict:
    """Check every field; raise ValidationError naming each bad one, or return the clean values."""
    errors: dict[str, str] = {}
    kind = data.get("kind") or ""
    if not isinstance(kind, str) or kind not in KIND_LABELS:
        errors["kind"] = "نوع مقاله باید بخشنامه، شرح وظایف دستگاه یا پاسخ آماده باشد."
    circular = kind == "circular"
    clean = {
        "kind": kind,
        "title": _text(errors, "title", data.get("title"), MAX_TITLE, "عنوان", required=True),
        "body": _text(errors, "body", data.get("body"), MAX_BODY, "متن", required=True, multiline=True),
        "number": _text(
            errors,
            "number",
            data.get("number") if circular else "",
            MAX_NUMBER,
            "شماره بخشنامه",
            required=circular,
        ),
        "issuer": _text(
            errors,
            "issuer",
            data.get("issuer") if circular else "",
            MAX_ISSUER,
            "مرجع صادرکننده",
            required=circular,
        ),
        "issued_on": _date(errors, data.get("issued_on"), circular) if circular else None,
    }
    agency = _agency(errors, data.get("agency_id"), kind == "mission")
    clean["agency_id"] = agency.id if agency else None
    clean["in_force"], clean["superseded_by_id"] = True, None
    if circular:
        clean["in_force"] = data.get("in_force") is not False and data.get("in_force") != 0
        sup_id = data.get("superseded_by_id")
        if sup_id not in (None, ""):
            sup = Article.get_or_none(Article.id == int(sup_id)) if str(sup_id).isdigit() else None
            if sup is None or sup.kind != "circular":
                errors["superseded_by_id"] = "بخشنامه جایگزین باید یکی از بخشنامه‌های ثبت‌شده باشد."
            elif article_id and _leads_to(sup.id, article_id):
                errors["superseded_by_id"] = (
                    "بخشنامه نمی‌تواند با خودش یا با بخشنامه‌ای که جایگزین آن کرده است جایگزین شود."
                )
            else:
                clean["superseded_by_id"], clean["in_force"] = sup.id, False
        if check_duplicate and clean["number"] and clean["issuer"] and "number" not in errors:
            twin = find_duplicate_circular(clean["number"], clean["issuer"], article_id)
            if twin is not None:
                errors["number"] = duplicate_message(
                    clean["number"], clean["issuer"], twin.title, not twin.active
                )
    if errors:
        raise ValidationError(errors)
    return clean


def _leads_to(start_id: int, target_id: int) -> bool:
    """True if following «superseded by» from start reaches target (or start is target)."""
    seen, current = set(), start_id
    while current and current not in seen:
        if current == target_id:
            return True
        seen.add(current)
        current = Article.select(Article.superseded_by).where(Article.id == current).scalar()
    return False


# --- saving --------------------------------------------------------------------------------------


def _values(a: Article) -> dict:
    return {
        "kind": a.kind,
        "title": a.title,
        "body": a.body,
        "number": a.number,
        "issued_on": a.issued_on,
        "issuer": a.issuer,
        "agency_id": a.agency_id,
        "in_force": a.in_force,
        "superseded_by_id": a.superseded_by_id,
        "active": a.active,
    }


def _save_version(actor: Actor, a: Article) -> None:
    values = _values(a)
    fields = {
        k: (v.isoformat() if isinstance(v, dt.date) else v)
        for k, v in values.items()
        if k not in ("title", "body")
    }
    ArticleVersion.create(
        article=a.id,
        version=a.version,
        title=a.title,
        body=a.body,
        fields=json.dumps(fields, ensure_ascii=False, sort_keys=True),
        saved_by=actor.user_id,
        saved_at=a.updated_at,
    )


def create_article(actor: Actor, data: dict) -> ArticleInfo:
    require(actor, "manage_knowledge")
    _need_user(actor)
    clean = validate_article(data)
    with database.atomic():
        a = insert_validated(actor, clean)
    return _info(a)


def _reindex(a: Article) -> None:
    agency = Agency.get_or_none(Agency.id == a.agency_id) if a.agency_id else None
    a.search_key = index_article(
        a.id, a.title, a.body, meta_text(a.number, a.issuer, agency.name if agency else "")
    )
    Article.update(search_key=a.search_key).where(Article.id == a.id).execute()


def insert_validated(actor: Actor, clean: dict) -> Article:
    """Create an article from validated values (inside the caller's transaction)."""
    now = utcnow()
    a = Article.create(
        **{k: clean[k] for k in FIELDS if k not in ("agency_id", "superseded_by_id")},
        agency=clean["agency_id"],
        superseded_by=clean["superseded_by_id"],
        version=1,
        created_at=now,
        updated_at=now,
    )
    _reindex(a)
    _save_version(actor, a)
    audit.record(actor, "article.create", "article", a.id, kind=a.kind, title=a.title, number=a.number)
    return a


def _write(actor: Actor, a: Article, changes: dict, action: str, expected_version: int | None) -> Article:
    if expected_version is not None and expected_version != a.version:
        raise Conflict(
            "این مقاله را کس دیگری در این میان تغییر داده است؛ آن را دوباره باز کنید.",
            current={"version": a.version},
        )
    before = _values(a)
    with database.atomic():
        now = utcnow()
        updated = (
            Article.update(**changes, version=a.version + 1, updated_at=now)
            .where((Article.id == a.id) & (Article.version == a.version))
            .execute()
        )
        if updated != 1:
            raise Conflict("این مقاله را کس دیگری در این میان تغییر داده است؛ آن را دوباره باز کنید.")
        a = Article.get_by_id(a.id)
        if set(changes) & {"title", "body", "number", "issuer", "agency"}:
            _reindex(a)
        _save_version(actor, a)
        audit.record(
            actor, action, "article", a.id, version=a.version, changes=audit.changes(before, _values(a))
        )
    return a


def update_article(
    actor: Actor, article_id: int, data: dict, expected_version: int | None = None
) -> ArticleInfo:
    """Change an article; fields missing from data keep their values. No change, no new version."""
    require(actor, "manage_knowledge")
    _need_user(actor)
    a = _get(article_id)
    current = _values(a)
    merged = {k: data.get(k, current[k]) for k in FIELDS}
    clean = validate_article(merged, a.id)
    changes = {k: v for k, v in clean.items() if current[k] != v}
    if not changes:
        return _info(a)
    if "agency_id" in changes:
        changes["agency"] = changes.pop("agency_id")
    if "superseded_by_id" in changes:
        changes["superseded_by"] = changes.pop("superseded_by_id")
    return _info(_write(actor, a, changes, "article.edit", expected_version))


def supersede(actor: Actor, article_id: int, by_article_id: int) -> ArticleInfo:
    """Mark a circular as no longer in force, replaced by another circular."""
    return update_article(actor, article_id, {"superseded_by_id": by_article_id, "in_force": False})


def retire_article(actor: Actor, article_id: int) -> ArticleInfo:
    """Take an article out of search and suggestions; it and its versions are kept."""
    require(actor, "manage_knowledge")
    _need_user(actor)
    a = _get(article_id)
    if not a.active:
        raise Conflict("این مقاله پیش‌تر بایگانی شده است.")
    return _info(_write(actor, a, {"active": False}, "article.retire", None))


def restore_article(actor: Actor, article_id: int) -> ArticleInfo:
    require(actor, "manage_knowledge")
    _need_user(actor)
    a = _get(article_id)
    if a.active:
        raise Conflict("این مقاله بایگانی نشده است.")
    if a.kind == "circular":
        twin = find_duplicate_circular(a.number, a.issuer, a.id)
        if twin is not None and twin.active:
            raise ValidationError({"number": duplicate_message(a.number, a.issuer, twin.title)})
    return _info(_write(actor, a, {"active": True}, "article.restore", None))


def list_versions(article_id: int) -> list[ArticleVersionInfo]:
    """Every saved version, newest first."""
    _get(article_id)
    query = (
        ArticleVersion.select(ArticleVersion, User.full_name)
        .join(User)
        .where(ArticleVersion.article == int(article_id))
        .order_by(ArticleVersion.version.desc())
    )
    return [
        ArticleVersionInfo(
            v.version, v.title, v.body, json.loads(v.fields or "{}"), v.saved_by.full_name, v.saved_at
        )
        for v in query
    ]


def revert_to_version(actor: Actor, article_id: int, version: int) -> ArticleInfo:
    """Make an old version's text and fields current again (as a new version)."""
    old = ArticleVersion.get_or_none(
        (ArticleVersion.article == int(article_id)) & (ArticleVersion.version == version)
    )
    if old is None:
        raise NotFound("این نسخه از مقاله نیست.")
    fields = json.loads(old.fields or "{}")
    data = {k: fields.get(k) for k in FIELDS if k in fields}
    data.update(title=old.title, body=old.body)
    if data.get("issued_on"):
        data["issued_on"] = dt.date.fromisoformat(data["issued_on"])
    return update_article(actor, article_id, data)


def circular_choices(exclude_id: int | None = None) -> list[tuple[int, str]]:
    """Circulars to pick «superseded by» from: (id, «number — title»), newest first."""
    query = Article.select(Article.id, Article.number, Article.title).where(Article.kind == "circular")
    if exclude_id:
        query = query.where(Article.id != exclude_id)
    query = query.order_by(Article.issued_on.desc(nulls="LAST"), Article.id.desc())
    return [(a.id, circular_label(a.number, a.title)) for a in query]


def counts() -> dict[str, int]:
    """Active articles per kind (for the page's header)."""
    query = (
        Article.select(Article.kind, peewee.fn.COUNT(Article.id).alias("n"))
        .where(Article.active == True)  # noqa: E712
        .group_by(Article.kind)
    )
    return {row.kind: row.n for row in query}
