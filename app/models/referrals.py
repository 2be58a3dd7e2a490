"""Referrals to agencies, the numbered letters that carry them, and the follow-up on them."""

from __future__ import annotations

import peewee as pw

from app.domain import letter_codec
from app.models.base import (
    BaseModel,
    CompressedTextField,
    ShortTextField,
    UtcTimeField,
    index_where_set,
    utcnow,
)
from app.models.cases import Case
from app.models.officials import OfficialSession
from app.models.reference import Agency
from app.models.users import User


class Referral(BaseModel):
    """One case sent to one agency with an order and a deadline (one letter per agency)."""

    STATUSES = ("draft", "issued", "answered", "rerouted", "cancelled", "withdrawn")
    case = pw.ForeignKeyField(
        Case, backref="referrals", on_delete="RESTRICT", index=False
    )  # (case, id) serves it
    agency = pw.ForeignKeyField(Agency, on_delete="RESTRICT", index=False)  # (agency, issued_at) serves it
    instruction = ShortTextField()  # one byte a Persian letter on SQLite (migration 40)
    priority = pw.CharField(max_length=10, default="normal")  # normal, urgent
    due_date = pw.DateField(index=True)
    # Follow-up summary kept by the follow-up services beside their own records (migration 5), so the agency
    # accountability report reads one index: the due date before reminders extended it (None: never), how
    # many reminders were sent, when it was escalated, and the citizen's verdict at the first call back after the answer.
    first_due_date = pw.DateField(null=True)
    reminder_count = pw.IntegerField(null=True, default=0)  # NULL (bulk inserts) means 0
    escalated_at = UtcTimeField(null=True)
    verdict = pw.CharField(max_length=20, null=True)
    working_days = pw.BooleanField(default=False)
    status = pw.CharField(
        max_length=20, default="draft"
    )  # alone on SQLite; (status, due_date) (migration 31)
    prepared_by = pw.ForeignKeyField(User, on_delete="RESTRICT", backref="prepared_referrals")
    official = pw.ForeignKeyField(
        User, null=True, on_delete="RESTRICT", backref="ordered_referrals", index=False
    )
    session = pw.ForeignKeyField(OfficialSession, null=True, on_delete="SET NULL", index=False)  # where set
    rerouted_from = pw.ForeignKeyField("self", null=True, on_delete="RESTRICT", index=False)  # where set
    cc = ShortTextField(default="[]")  # JSON [{"name", "purpose"}]: the copy recipients of the order
    attachments = pw.CharField(max_length=100, default="")  # «پیوست» of the letter; empty means «ندارد»
    created_at = UtcTimeField(default=utcnow)
    # the earliest issue, the accountability summary's rebuild (migration 31; the nine-column index that covered
    # the report's scan of the referrals went: it reads its summary, migration 25)
    issued_at = UtcTimeField(null=True, index=True)
    answered_at = UtcTimeField(null=True)

    class Meta:
        indexes = (
            # a case's referrals with their ids from the index alone: the letters list searched by a name goes
            # matching cases -> these entries -> the letters' (referral, issued_at, id) (migration 27)
            (("case", "id"), False),
            (("agency", "issued_at"), False),
            (("status", "due_date"), False),
        )


class LetterCounter(BaseModel):
    """The last number used per Jalali year: allocated under a row lock, so gapless and unique."""

    year = pw.IntegerField(primary_key=True)
    last_serial = pw.IntegerField(default=0)


class Letter(BaseModel):
    KINDS = ("referral", "reminder", "escalation", "withdrawal")
    number = pw.CharField(max_length=40, unique=True)
    year = pw.IntegerField()
    serial = pw.IntegerField()
    kind = pw.CharField(max_length=20, default="referral")
    # indexed with issued_at and id below: the letters of a case's referrals, newest first, from the index alone
    referral = pw.ForeignKeyField(Referral, backref="letters", on_delete="RESTRICT", index=False)
    issued_at = UtcTimeField(default=utcnow, index=True)
    issued_by = pw.ForeignKeyField(User, on_delete="RESTRICT")
    # JSON of every field as issued: the letter is rendered only from this. Stored compressed
    # (app.domain.letter_codec, format 1): BYTEA on PostgreSQL (migration 26), TEXT on SQLite (migration 2).
    content = CompressedTextField(letter_codec.LETTER_CONTENT, sqlite_type="TEXT")
    # the name printed under it (content's signer_name), kept beside it for the letters list (migration 33)
    signer_name = pw.CharField(max_length=200, null=True)  # null: not recorded, read the content
    status = pw.CharField(max_length=20, default="issued")  # issued, cancelled
    cancelled_at = UtcTimeField(null=True)
    cancelled_by = pw.ForeignKeyField(
        User, null=True, on_delete="RESTRICT", backref="cancelled_letters", index=False
    )
    cancel_reason = pw.TextField(default="")
    replaces = pw.ForeignKeyField(
        "self", null=True, backref="replaced_by", on_delete="RESTRICT", index=False
    )  # indexed where set
    follows = pw.ForeignKeyField("self", null=True, backref="followed_by", on_delete="RESTRICT", index=False)

    class Meta:
        indexes = (
            (("year", "serial"), True),
            # the letters list searched by a citizen's name: matching cases -> their referrals -> these entries,
            # sorted by issue time without reading the letters themselves (migration 25)
            (("referral", "issued_at", "id"), False),
        )


class AgencyResponse(BaseModel):
    RESULTS = ("done", "in_progress", "not_responsible", "rejected_by_law", "other")
    referral = pw.ForeignKeyField(Referral, backref="responses", on_delete="RESTRICT")
    agency_letter_number = pw.CharField(max_length=60, default="")
    agency_letter_date = pw.DateField(null=True)
    text = ShortTextField()  # one byte a Persian letter on SQLite (migration 40)
    result = pw.CharField(max_length=30, default="done")
    received_by = pw.ForeignKeyField(User, on_delete="RESTRICT", index=False)
    received_at = UtcTimeField(default=utcnow, index=True)


class Attachment(BaseModel):
    case = pw.ForeignKeyField(Case, backref="attachments", on_delete="RESTRICT")
    response = pw.ForeignKeyField(AgencyResponse, null=True, backref="attachments", on_delete="RESTRICT")
    filename = pw.CharField(max_length=250)
    mime_type = pw.CharField(max_length=100, default="application/octet-stream")
    data = pw.BlobField()
    added_by = pw.ForeignKeyField(User, on_delete="RESTRICT", index=False)
    added_at = UtcTimeField(default=utcnow)


class Callback(BaseModel):
    SATISFACTION = ("satisfied", "partly", "not_satisfied")
    case = pw.ForeignKeyField(Case, backref="callbacks", on_delete="RESTRICT")
    operator = pw.ForeignKeyField(User, on_delete="RESTRICT", index=False)
    at = UtcTimeField(default=utcnow, index=True)
    reached = pw.BooleanField(default=True)
    satisfaction = pw.CharField(max_length=20, null=True)
    comment = pw.TextField(default="")


class Reminder(BaseModel):
    referral = pw.ForeignKeyField(Referral, backref="reminders", on_delete="RESTRICT")
    letter = pw.ForeignKeyField(Letter, null=True, on_delete="RESTRICT", index=False)
    at = UtcTimeField(default=utcnow)
    previous_due_date = pw.DateField()
    new_due_date = pw.DateField()
    by = pw.ForeignKeyField(User, on_delete="RESTRICT", index=False)


class Escalation(BaseModel):
    referral = pw.ForeignKeyField(Referral, backref="escalations", on_delete="RESTRICT")
    letter = pw.ForeignKeyField(Letter, null=True, on_delete="RESTRICT", index=False)
    at = UtcTimeField(default=utcnow)
    reason = pw.TextField(default="")
    by = pw.ForeignKeyField(User, on_delete="RESTRICT", index=False)


class FollowUpDraft(BaseModel):
    """A reminder or escalation an operator prepared for an official to issue (migration 21): the official
    issues it alone (chasing the referral) or with the others in one batch; the letter then carries the
    official's signature. kind is what was due when it was prepared (the issue does what is due then)."""

    STATUSES = ("pending", "issued", "discarded")
    referral = pw.ForeignKeyField(Referral, backref="followup_drafts", on_delete="RESTRICT")
    kind = pw.CharField(max_length=20)  # reminder, escalation
    prepared_by = pw.ForeignKeyField(User, backref="followup_drafts", on_delete="RESTRICT")
    prepared_at = UtcTimeField(default=utcnow)
    status = pw.CharField(max_length=20, default="pending", index=True)
    letter = pw.ForeignKeyField(Letter, null=True, on_delete="RESTRICT")
    closed_by = pw.ForeignKeyField(
        User, null=True, backref="closed_followup_drafts", on_delete="RESTRICT", index=False
    )
    closed_at = UtcTimeField(null=True)


index_where_set(Referral.session)
index_where_set(Referral.rerouted_from)
index_where_set(Letter.replaces)
