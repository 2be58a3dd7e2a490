"""The guidance knowledge base: circulars, agency missions and ready answers, with versions."""

from __future__ import annotations

import peewee as pw

from app.models.base import BaseModel, UtcTimeField, utcnow
from app.models.cases import Case
from app.models.reference import Agency
from app.models.users import User


class Article(BaseModel):
    KINDS = ("circular", "mission", "answer")
    kind = pw.CharField(max_length=20, index=True)
    title = pw.CharField(max_length=300)
    body = pw.TextField(default="")
    number = pw.CharField(max_length=60, default="")  # circular number
    issued_on = pw.DateField(null=True)
    issuer = pw.CharField(max_length=200, default="")  # issuing body of a circular
    agency = pw.ForeignKeyField(Agency, null=True, on_delete="RESTRICT")
    in_force = pw.BooleanField(default=True)
    superseded_by = pw.ForeignKeyField("self", null=True, on_delete="SET NULL")
    active = pw.BooleanField(default=True)
    version = pw.IntegerField(default=1)
    search_key = pw.TextField(default="")
    created_at = UtcTimeField(default=utcnow)
    updated_at = UtcTimeField(default=utcnow)


class ArticleVersion(BaseModel):
    article = pw.ForeignKeyField(
        Article, backref="versions", on_delete="CASCADE", index=False
    )  # (article, version)
    version = pw.IntegerField()
    title = pw.CharField(max_length=300)
    body = pw.TextField(default="")
    fields = pw.TextField(default="{}")  # JSON of the other fields at that version
    saved_by = pw.ForeignKeyField(User, on_delete="RESTRICT", index=False)
    saved_at = UtcTimeField(default=utcnow)

    class Meta:
        indexes = ((("article", "version"), True),)


class CaseArticle(BaseModel):
    """A caller was guided with this article."""

    case = pw.ForeignKeyField(Case, backref="articles", on_delete="CASCADE")
    article = pw.ForeignKeyField(Article, backref="uses", on_delete="RESTRICT")
    at = UtcTimeField(default=utcnow, index=True)
    by = pw.ForeignKeyField(User, on_delete="RESTRICT", index=False)
