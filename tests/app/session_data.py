"""Test helpers for sessions: a call as the intake form sends it, and an order made in a session."""

from __future__ import annotations

import datetime as dt

from app.models import Agency, County, Referral, utcnow


def call(**over) -> dict:
    data = {
        "caller_name": "علی رضایی",
        "national_code": "0499370899",
        "phone": "09123456789",
        "county_id": County.get(County.name == "تبریز").id,
        "request_type": "complaint",
        "category_id": 1,
        "subject": "قطعی آب",
        "description": "آب محله سه روز است قطع است.",
        "channel": "phone",
        "next_step": "refer",
        "agency_id": Agency.get(Agency.name == "شرکت آب و فاضلاب استان آذربایجان شرقی").id,  # refer names it
    }
    data.update(over)
    return data


def order(
    case_id: int,
    prepared_by: int,
    session_id: int | None,
    *,
    issued: bool = True,
    status: str | None = None,
    agency_fragment: str = "آب و فاضلاب",
) -> int:
    """A referral order on a case made during a session. The referrals service is used when it
    offers issuing with a session; until then the row is written as that service would leave it."""
    agency = Agency.get(Agency.name.contains(agency_fragment))
    now = utcnow()
    row = Referral.create(
        case=case_id,
        agency=agency.id,
        instruction="بررسی و نتیجه اعلام شود.",
        due_date=dt.date(2026, 12, 31),
        status=status or ("issued" if issued else "draft"),
        prepared_by=prepared_by,
        official=None,
        session=session_id,
        issued_at=now if issued else None,
    )
    return row.id
