"""User accounts and the append-only audit trail."""

from __future__ import annotations

import peewee as pw

from app.domain.audit_details import AUDIT_DETAILS
from app.models.base import BaseModel, CompressedTextField, EntityIdField, UtcTimeField, WordField, utcnow


class User(BaseModel):
    ROLES = ("operator", "official", "supervisor")
    username = pw.CharField(max_length=50, unique=True)
    full_name = pw.CharField(max_length=120)
    title = pw.CharField(max_length=150, default="")  # printed under an official's signature
    role = pw.CharField(max_length=20)
    password_hash = pw.CharField(max_length=255)
    active = pw.BooleanField(default=True)
    failed_logins = pw.IntegerField(default=0)
    locked_until = UtcTimeField(null=True)
    created_at = UtcTimeField(default=utcnow)
    last_login_at = UtcTimeField(null=True)
    # the full name's place in name order, copied to the user's cases (app.services.cases.sort_ranks; migration 35)
    sort_rank = pw.IntegerField(default=0)


class AuditEntry(BaseModel):
    """Who did what to which entity, when. Database triggers refuse UPDATE and DELETE."""

    # Naive UTC; on SQLite integer microseconds since the epoch (migration 34, issue 17): raw SQL writes and
    # compares it through base.stored_time, and the chain reads it through audit_chain.timestamp_text.
    at = UtcTimeField(default=utcnow, index=True, sqlite_type="INTEGER")
    user = pw.ForeignKeyField(User, null=True, backref="audit_entries", on_delete="RESTRICT", index=False)
    username = pw.CharField(max_length=50, default="")
    # A word of app.domain.audit_words; on SQLite its number (migration 38, issue 17): WordField converts.
    action = WordField(max_length=60, index=True)
    entity = WordField(max_length=40)
    entity_id = EntityIdField(max_length=40, null=True)  # on SQLite an integer when it spells one (m0038)
    # JSON: old/new values and context. Stored compressed (app.domain.audit_details, migration 30); the chain
    # hashes the text, not the stored bytes.
    details = CompressedTextField(AUDIT_DETAILS, default="{}")
    # The hash chain (migration 15): position in the chain and this entry's SHA-256 over
    # app.domain.audit_chain.canonical(...), which covers the previous entry's hash (the entry at seq - 1).
    # Stored as the 32 raw bytes, and the previous hash not at all (migration 28, issue 17): read them with
    # audit_chain.hex_of. Null only in an entry added behind the program's back.
    seq = pw.IntegerField(null=True, unique=True)
    entry_hash = pw.BlobField(null=True)

    class Meta:
        indexes = ((("entity", "entity_id"), False),)


class LoginSession(BaseModel):
    """One person logged in at one PC's window (migration 21): the program beats every HEARTBEAT seconds
    (last_seen_at); a supervisor who ends it sets ended_at, and that PC's window notices at its next beat and
    goes back to the login. ended_by is null when the person logged out or closed the program."""

    user = pw.ForeignKeyField(User, backref="login_sessions", on_delete="RESTRICT")
    machine = pw.CharField(max_length=120)
    started_at = UtcTimeField(default=utcnow)
    last_seen_at = UtcTimeField(default=utcnow)
    ended_at = UtcTimeField(null=True, index=True)
    ended_by = pw.ForeignKeyField(
        User, null=True, backref="ended_sessions", on_delete="RESTRICT", index=False
    )
    end_reason = pw.CharField(max_length=20, default="")  # logout, quit, ended (by a supervisor)
