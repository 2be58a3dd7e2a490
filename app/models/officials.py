"""Officials who sit in the center, their attendance slots and their sessions."""

from __future__ import annotations

import peewee as pw

from app.models.base import BaseModel, UtcTimeField, utcnow
from app.models.reference import Agency
from app.models.users import User


class Official(BaseModel):
    full_name = pw.CharField(max_length=120)
    title = pw.CharField(max_length=150)
    agency = pw.ForeignKeyField(Agency, null=True, on_delete="RESTRICT")
    phone = pw.CharField(max_length=11, default="")
    user = pw.ForeignKeyField(User, null=True, unique=True, backref="official", on_delete="SET NULL")
    active = pw.BooleanField(default=True)


class AttendanceSlot(BaseModel):
    STATUSES = ("scheduled", "attended", "late", "absent", "cancelled")
    official = pw.ForeignKeyField(Official, backref="slots", on_delete="RESTRICT")
    date = pw.DateField(index=True)
    start_time = pw.TimeField()
    end_time = pw.TimeField()
    status = pw.CharField(max_length=20, default="scheduled")
    note = pw.CharField(max_length=250, default="")
    # The schedule planned another official in the center in the same hour: check-in lets both in.
    parallel = pw.BooleanField(default=False)


class OfficialSession(BaseModel):
    """An official's real time in the center: check-in, the work done, check-out."""

    official = pw.ForeignKeyField(Official, backref="sessions", on_delete="RESTRICT")
    slot = pw.ForeignKeyField(AttendanceSlot, null=True, backref="sessions", on_delete="SET NULL")
    checked_in_at = UtcTimeField(default=utcnow, index=True)
    checked_out_at = UtcTimeField(null=True)
    opened_by = pw.ForeignKeyField(User, on_delete="RESTRICT", index=False)
