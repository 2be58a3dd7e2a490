"""The phone system's rings: each call the PBX or softphone announced to this PC (migration 19)."""

from __future__ import annotations

import peewee as pw

from app.models.base import BaseModel, UtcTimeField, utcnow
from app.models.cases import Case
from app.models.users import User


class Ring(BaseModel):
    """One ring: when, the caller's number, the line it came in on, the user whose app it reached, and the case
    registered from it (None while the caller is still waiting to be called back)."""

    at = UtcTimeField(default=utcnow, index=True)
    number = pw.CharField(max_length=20)
    line = pw.CharField(max_length=20, default="")
    user = pw.ForeignKeyField(User, on_delete="RESTRICT")
    case = pw.ForeignKeyField(Case, null=True, on_delete="SET NULL")
