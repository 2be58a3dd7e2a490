"""Citizens, cases (one tracking code each) and the contacts (calls) on them."""

from __future__ import annotations

import peewee as pw

from app.models.base import BaseModel, ShortTextField, UtcTimeField, index_where_set, utcnow
from app.models.officials import OfficialSession
from app.models.reference import Agency, Category, County, RequestType
from app.models.users import User


class Citizen(BaseModel):
    full_name = pw.CharField(max_length=120)
    name_key = pw.CharField(max_length=120, default="", index=True)
    national_code = pw.CharField(max_length=10, null=True, index=True)
    phone = pw.CharField(max_length=11, null=True, index=True)
    county = pw.ForeignKeyField(County, null=True, on_delete="RESTRICT")
    address = pw.CharField(max_length=300, default="")
    created_at = UtcTimeField(default=utcnow)
    updated_at = UtcTimeField(default=utcnow)
    # Raised by one on every change; each change is in the audit trail ("citizen.update", old and new values).
    version = pw.IntegerField(default=1)


class TrackingCounter(BaseModel):
    """The last serial used for tracking codes, per Jalali year."""

    year = pw.IntegerField(primary_key=True)
    last_serial = pw.IntegerField(default=0)


class Case(BaseModel):
    CHANNELS = ("phone", "in_person", "letter", "web")
    # registered -> guided/closed, referred -> answered -> closed (see app.domain.status)
    tracking_code = pw.CharField(max_length=16, unique=True)
    # The foreign keys and status below are indexed alone on SQLite only (its entries end with the id, the
    # register's default order); PostgreSQL reads their (X, created_at) below (migration 31).
    citizen = pw.ForeignKeyField(Citizen, backref="cases", on_delete="RESTRICT", index=False)
    # The caller's details as this call gave them (migration 13): a later call by the same person with
    # another name or phone changes the citizen record, never what an earlier case shows.
    caller_name = pw.CharField(max_length=120, default="")
    caller_national_code = pw.CharField(max_length=10, null=True)
    caller_phone = pw.CharField(max_length=11, null=True)
    caller_address = pw.CharField(max_length=300, default="")
    county = pw.ForeignKeyField(County, on_delete="RESTRICT", index=False)
    channel = pw.CharField(max_length=20, default="phone")
    request_type = pw.ForeignKeyField(RequestType, on_delete="RESTRICT", index=False)
    category = pw.ForeignKeyField(Category, on_delete="RESTRICT", index=False)
    agency = pw.ForeignKeyField(Agency, null=True, on_delete="RESTRICT", index=False)
    # The agency's and the operator's sort ranks (their names' order; 0: no agency), kept here so the register
    # sorted by agency or operator walks an index (migration 35, which replaced migration 24's names); kept by
    # the services that add or rename an agency or a user, or set a case's agency (app.services.cases.sort_ranks).
    agency_rank = pw.IntegerField(default=0)
    operator_rank = pw.IntegerField(default=0)
    subject = pw.CharField(max_length=200)
    description = ShortTextField(default="")  # one byte a Persian letter on SQLite (migration 41)
    # The caller's name, subject and description as search tokens (app.domain.search_text.case_key), read by
    # PostgreSQL's trigram and token indexes (migrations 3, 29). '' on SQLite, whose contentless case_fts is fed
    # by triggers computing the key in the database (migration 37): written through cases.stored_search_key, read
    # through case_search.case_key_expression.
    search_key = pw.TextField(default="")
    next_step = pw.CharField(max_length=20, default="refer")  # guide, refer, hold
    status = pw.CharField(max_length=20, default="registered")
    outcome = pw.CharField(max_length=30, null=True)
    operator = pw.ForeignKeyField(User, backref="cases", on_delete="RESTRICT", index=False)
    session = pw.ForeignKeyField(OfficialSession, null=True, on_delete="SET NULL", index=False)  # where set
    # indexed as (created_at, id) on PostgreSQL (migration 3), as (created_at) on SQLite, whose entries end
    # with the rowid, the id (migration 31 dropped PostgreSQL's (created_at))
    created_at = UtcTimeField(default=utcnow)
    updated_at = UtcTimeField(default=utcnow)
    closed_at = UtcTimeField(null=True)
    version = pw.IntegerField(default=1)  # optimistic locking
    # What the official on duty told the citizen and decided in a session (migration 20); None: no note.
    official_note = pw.TextField(null=True)

    class Meta:
        table_name = "cases"
        indexes = (
            (("status", "created_at"), False),
            (("agency", "created_at"), False),
            (("citizen", "created_at"), False),
            # the calls register's filters, each sorted by date (migration 3)
            (("county", "created_at"), False),
            (("category", "created_at"), False),
            (("request_type", "created_at"), False),
            (("operator", "created_at"), False),
            (("channel", "created_at"), False),
            (("caller_name", "id"), False),  # the register sorted by caller (migration 13)
            (("subject", "id"), False),  # ... by subject (migration 24)
            (("agency_rank", "id"), False),  # ... by agency and operator (migration 35)
            (("operator_rank", "id"), False),
        )


class Contact(BaseModel):
    """One call (or visit, or letter) from the citizen about a case; the first one opens it."""

    case = pw.ForeignKeyField(Case, backref="contacts", on_delete="CASCADE")
    at = UtcTimeField(default=utcnow, index=True)
    operator = pw.ForeignKeyField(User, on_delete="RESTRICT")
    channel = pw.CharField(max_length=20, default="phone")
    kind = pw.CharField(max_length=20, default="initial")  # initial, follow_up
    note = ShortTextField(default="")  # one byte a Persian letter on SQLite (migration 40)
    session = pw.ForeignKeyField(OfficialSession, null=True, on_delete="SET NULL", index=False)  # where set
    # Who called this time, as given on this call (migration 13).
    caller_name = pw.CharField(max_length=120, default="")
    caller_phone = pw.CharField(max_length=11, null=True)


index_where_set(Case.session)
index_where_set(Contact.session)
