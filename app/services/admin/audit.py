"""The audit trail: every change through a service records who, when, what and the entity."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from app.db import database
from app.domain.audit_chain import entry_hash, stored
from app.models import AuditEntry, utcnow
from app.services.actor import Actor, require
from app.services.admin import audit_chain
from app.services.admin.audit_chain import ChainReport, verify_chain  # noqa: F401  (restore and backup call it)


def _default(value):
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


# what json.dumps(details, ...) would build on every call (the demo writes millions)
_DETAILS = json.JSONEncoder(ensure_ascii=False, default=_default, sort_keys=True, separators=(",", ":"))


def details_text(details: dict) -> str:
    """The stored spelling of an entry's details: JSON, keys sorted, no spaces (issue 17: entries written
    before it have «, » and «: »; each entry's hash covers the text as stored, so both verify)."""
    return _DETAILS.encode(details)


def hold_chain() -> None:
    """Lock order for writers: the audit chain's lock first, then shared summary rows. Every writing
    transaction appends to the chain; one that touches a summary row before its first audit entry calls this
    first, or two PCs deadlock (one holding the row and waiting for the chain, the other the reverse)."""
    db = database
    audit_chain.hold(getattr(db, "obj", db))


def record(actor: Actor, action: str, entity: str, entity_id=None, **details) -> AuditEntry:
    """Append one entry, linked into the hash chain; call inside the service's transaction so it commits with
    the change (and, on PostgreSQL, holds the chain's lock until then)."""
    values = dict(
        at=utcnow(),
        user_id=actor.user_id,
        username=actor.username,
        action=action,
        entity=entity,
        entity_id=None if entity_id is None else str(entity_id),
        details=details_text(details),
    )
    db = AuditEntry._meta.database  # the proxy, or the database restore binds for its own record
    with db.atomic():
        seq, prev = audit_chain.next_link(getattr(db, "obj", db))
        digest = entry_hash(seq, prev, **values)
        return AuditEntry.create(seq=seq, entry_hash=stored(digest), **values)


def changes(before: dict, after: dict) -> dict:
    """{field: [old, new]} for the fields whose value differs."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime
    username: str
    action: str
    entity: str
    entity_id: str | None
    details: dict


def _row(e: AuditEntry) -> AuditRow:
    return AuditRow(e.id, e.at, e.username, e.action, e.entity, e.entity_id, json.loads(e.details or "{}"))


def history(entity: str, entity_id) -> list[AuditRow]:
    """An entity's entries in order (used for a case's history; not restricted to supervisors)."""
    query = (
        AuditEntry.select()
        .where((AuditEntry.entity == entity) & (AuditEntry.entity_id == str(entity_id)))
        .order_by(AuditEntry.at, AuditEntry.id)
    )
    return [_row(e) for e in query]


def search(
    actor: Actor,
    *,
    text: str = "",
    username: str = "",
    entity: str = "",
    action: str = "",
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    limit: int = 500,
) -> list[AuditRow]:
    """The supervisor's search over the whole trail."""
    require(actor, "view_audit")
    query = AuditEntry.select().order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if username:
        query = query.where(AuditEntry.username == username)
    if entity:
        query = query.where(AuditEntry.entity == entity)
    if action:
        query = query.where(AuditEntry.action == action)
    if since:
        query = query.where(AuditEntry.at >= since)
    if until:
        query = query.where(AuditEntry.at < until)
    if text:
        query = query.where(AuditEntry.details.contains(text) | (AuditEntry.entity_id == text))
    return [_row(e) for e in query.limit(limit)]


def record_export(actor: Actor, what: str, rows: int, destination: str, **details) -> AuditEntry:
    """Every export of personal data (audit trail, reports with citizens' details, JSON of a case) is
    recorded: who took what, how many rows, and where it went. Commits on its own if no transaction is open."""
    with database.atomic():
        return record(
            actor, f"export.{what}", "export", None, what=what, rows=rows, destination=destination, **details
        )
