"""Shared by the letter tests: a registered case and an order's data."""

from __future__ import annotations

import datetime as dt

from app.domain import jalali
from app.models import Agency, Category, County
from app.services.cases import cases


def register_case(actor, **over) -> int:
    data = {
        "caller_name": "علی رضایی",
        "national_code": "0499370899",
        "phone": "09123456789",
        "county_id": County.get(County.name == "تبریز").id,
        "request_type": "complaint",
        "category_id": Category.get(Category.name == "آب و فاضلاب").id,
        "subject": "قطعی مکرر آب",
        "description": "آب محله ولیعصر سه روز است قطع است (بدون اطلاع قبلی).",
        "channel": "phone",
        "next_step": "refer",
        "agency_id": Agency.get(Agency.name == "شرکت آب و فاضلاب استان آذربایجان شرقی").id,  # refer names it
    }
    data.update(over)
    return cases.register_call(actor, data).id


def agency_id(name: str) -> int:
    return Agency.get(Agency.name == name).id


WATER = "شرکت آب و فاضلاب استان آذربایجان شرقی"
POWER = "شرکت توزیع نیروی برق تبریز"


def order(**over) -> dict:
    data = {
        "agency_ids": [agency_id(WATER)],
        "instruction": "بررسی و نتیجه اعلام شود.",
        "due_date": jalali.today_local() + dt.timedelta(days=10),
        "priority": "normal",
        "cc": [{"name": "دفتر بازرسی استانداری", "purpose": "جهت اطلاع"}],
    }
    data.update(over)
    return data
