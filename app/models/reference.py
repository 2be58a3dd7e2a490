"""Reference data: counties, agencies, categories, request types, holidays, settings."""

from __future__ import annotations

import peewee as pw

from app.models.base import BaseModel


class County(BaseModel):
    name = pw.CharField(max_length=100, unique=True)
    position = pw.IntegerField(default=0)
    active = pw.BooleanField(default=True)


class Agency(BaseModel):
    KINDS = ("agency", "county_governorate", "inspection")
    name = pw.CharField(max_length=200, unique=True)
    # The recipient line of a letter, e.g. «مدیرکل محترم ...»; empty means «ریاست محترم {name}».
    recipient = pw.CharField(max_length=250, default="")
    kind = pw.CharField(max_length=30, default="agency")
    county = pw.ForeignKeyField(County, null=True, backref="agencies", on_delete="RESTRICT")
    search_key = pw.CharField(max_length=250, default="", index=True)
    active = pw.BooleanField(default=True)
    # the name's place in name order, GAP apart, copied to its cases (app.services.cases.sort_ranks; migration 35)
    sort_rank = pw.IntegerField(default=0)


class Category(BaseModel):
    name = pw.CharField(max_length=100, unique=True)
    position = pw.IntegerField(default=0)
    active = pw.BooleanField(default=True)


class RequestType(BaseModel):
    code = pw.CharField(max_length=30, unique=True)
    name = pw.CharField(max_length=100, unique=True)
    due_days = pw.IntegerField(default=10)  # default referral deadline for this type
    position = pw.IntegerField(default=0)
    active = pw.BooleanField(default=True)


class Holiday(BaseModel):
    SOURCES = ("manual", "official")  # typed in by a supervisor, or loaded from the holidays library
    date = pw.DateField(unique=True)
    title = pw.CharField(max_length=150, default="")
    source = pw.CharField(max_length=20, default="manual")


class HolidayYear(BaseModel):
    """A Jalali year whose official holidays were loaded (once: a supervisor's later edits are kept)."""

    jalali_year = pw.IntegerField(primary_key=True)
    loaded_at = pw.CharField(max_length=40)
    loaded = pw.IntegerField(default=0)


class Setting(BaseModel):
    """Center-wide settings stored in the shared database (keys and defaults live in app.services.admin.settings)."""

    key = pw.CharField(max_length=80, primary_key=True)
    value = pw.TextField(default="")
