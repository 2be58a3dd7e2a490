"""Shared test data for the attendance schedule: officials with agencies, days of Azar 1405."""

from __future__ import annotations

import datetime as dt

from app.domain import jalali
from app.models import Agency
from app.services.schedule import officials

AZAR = jalali.jalali_month_range(1405, 9)  # 2026-11-22 .. 2026-12-21; Fridays are the 6th, 13th, 20th, 27th


def azar(day: int) -> dt.date:
    return jalali.from_jalali(1405, 9, day)


def agency_id(fragment: str) -> int:
    return Agency.get(Agency.name.contains(fragment)).id


def make_officials(supervisor, names=("احمد امینی", "بهروز بابایی", "جواد جعفری")) -> list[int]:
    """Officials with a title and an agency each, in the order given; returns their ids."""
    agencies = [agency_id("آب و فاضلاب"), agency_id("آموزش و پرورش استان"), agency_id("آب و فاضلاب")]
    ids = []
    for i, name in enumerate(names):
        info = officials.create_official(
            supervisor,
            {
                "full_name": name,
                "title": f"مدیرکل {i + 1}",
                "agency_id": agencies[i % len(agencies)],
                "phone": "04135551234",
            },
        )
        ids.append(info.id)
    return ids


def tehran(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A Tehran wall-clock time as the naive UTC instant the database stores."""
    local = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=jalali.TEHRAN)
    return local.astimezone(dt.UTC).replace(tzinfo=None)
