"""A case's full history: every contact, every change (from the audit trail), and what happened after
registration (referrals, letters, agency responses, call-backs), merged in time order.

Other issues extend it by registering a source under a name (replacing the built-in one of that name):

    from app.services import case_history
    case_history.register_source("referrals", my_referral_entries)   # fn(case_id) -> Iterable[TimelineEntry]
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from app.domain.status import CHANNEL_LABELS, STATUS_LABELS, CaseStatus, Channel
from app.models import AgencyResponse, Callback, Contact, Letter, Referral, User
from app.services import audit
from app.services.cases import FIELD_LABELS


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    kind: str  # contact, change, referral, letter, response, callback, ...
    title: str  # one line, Persian
    who: str = ""  # the person who did it (full name or username)
    detail: str = ""  # more lines, Persian
    data: dict = field(default_factory=dict, compare=False)  # machine-readable extras (for JSON output)


ACTION_TITLES = {
    "case.register": "ثبت پرونده",
    "case.edit": "ویرایش پرونده",
    "case.contact": "افزودن تماس پیگیری",
}
REFERRAL_STATUS_LABELS = {"draft": "پیش‌نویس", "issued": "صادرشده", "answered": "پاسخ‌داده‌شده",
                          "rerouted": "ارجاع دوباره", "cancelled": "لغوشده",
                          "withdrawn": "پس‌گرفته با بستن پرونده"}
SATISFACTION_LABELS = {"satisfied": "راضی", "partly": "تا اندازه‌ای راضی", "not_satisfied": "ناراضی"}


def _user_names(ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    return {u.id: u.full_name for u in User.select(User.id, User.full_name).where(User.id.in_(sorted(wanted)))}


def _channel(value: str) -> str:
    try:
        return CHANNEL_LABELS[Channel(value)]
    except ValueError:
        return value


def contact_entries(case_id: int) -> list[TimelineEntry]:
    contacts = list(Contact.select().where(Contact.case == case_id).order_by(Contact.at, Contact.id))
    names = _user_names(c.operator_id for c in contacts)
    entries = []
    for c in contacts:
        title = ("تماس نخست" if c.kind == "initial" else "تماس پیگیری") + f" ({_channel(c.channel)})"
        entries.append(TimelineEntry(c.at, "contact", title, names.get(c.operator_id, ""), c.note,
                                     {"contact_id": c.id, "kind": c.kind, "channel": c.channel}))
    return entries


def _status(value) -> str:
    try:
        return STATUS_LABELS[CaseStatus(value)]
    except ValueError:
        return str(value)


def _change_lines(details: dict) -> str:
    shown = details.get("shown") or {}
    lines = []
    for name, pair in (details.get("changes") or {}).items():
        old, new = shown.get(name, pair)
        label = FIELD_LABELS.get(name, name)
        lines.append(f"{label}: «{old if old not in (None, '') else '—'}» ← «{new if new not in (None, '') else '—'}»")
    status = details.get("status")
    if isinstance(status, list) and len(status) == 2 and status[0] != status[1]:
        lines.append(f"وضعیت: «{_status(status[0])}» ← «{_status(status[1])}»")
    return "\n".join(lines)


def audit_entries(case_id: int) -> list[TimelineEntry]:
    rows = audit.history("case", case_id)
    usernames = sorted({r.username for r in rows})
    names = {u.username: u.full_name for u in
             User.select(User.username, User.full_name).where(User.username.in_(usernames))} if usernames else {}
    entries = []
    for row in rows:
        if row.action == "case.contact":
            continue  # the contact itself is in the timeline already
        title = ACTION_TITLES.get(row.action, row.action)
        if row.action == "case.register":
            detail = f"وضعیت: {_status(row.details.get('status', 'registered'))}"
        else:
            detail = _change_lines(row.details)
        entries.append(TimelineEntry(row.at, "change", title, names.get(row.username, row.username), detail,
                                     {"action": row.action, "details": row.details}))
    return entries


def referral_entries(case_id: int) -> list[TimelineEntry]:
    """Referrals, their letters and the agencies' responses (issue 4/5 may replace this source)."""
    referrals = list(Referral.select().where(Referral.case == case_id).order_by(Referral.created_at, Referral.id))
    if not referrals:
        return []
    ids = [r.id for r in referrals]
    names = _user_names([r.prepared_by_id for r in referrals] + [r.official_id for r in referrals])
    entries = []
    for r in referrals:
        status = REFERRAL_STATUS_LABELS.get(r.status, r.status)
        entries.append(TimelineEntry(r.issued_at or r.created_at, "referral",
                                     f"ارجاع به {r.agency.name} ({status})",
                                     names.get(r.official_id or r.prepared_by_id, ""), r.instruction,
                                     {"referral_id": r.id, "status": r.status,
                                      "due_date": r.due_date.isoformat() if r.due_date else None}))
    for letter in Letter.select().where(Letter.referral.in_(ids)).order_by(Letter.issued_at):
        state = " (باطل‌شده)" if letter.status == "cancelled" else ""
        entries.append(TimelineEntry(letter.issued_at, "letter", f"نامه شماره {letter.number}{state}", "",
                                     letter.cancel_reason, {"letter_id": letter.id, "number": letter.number}))
    for resp in AgencyResponse.select().where(AgencyResponse.referral.in_(ids)).order_by(AgencyResponse.received_at):
        entries.append(TimelineEntry(resp.received_at, "response", "پاسخ دستگاه", "", resp.text,
                                     {"response_id": resp.id, "result": resp.result}))
    return entries


def callback_entries(case_id: int) -> list[TimelineEntry]:
    rows = list(Callback.select().where(Callback.case == case_id).order_by(Callback.at))
    names = _user_names(r.operator_id for r in rows)
    entries = []
    for r in rows:
        title = "تماس با شهروند: " + (SATISFACTION_LABELS.get(r.satisfaction or "", "") if r.reached
                                     else "پاسخ نداد")
        entries.append(TimelineEntry(r.at, "callback", title.strip(), names.get(r.operator_id, ""), r.comment,
                                     {"callback_id": r.id, "satisfaction": r.satisfaction}))
    return entries


SOURCES: dict[str, Callable[[int], Iterable[TimelineEntry]]] = {
    "contacts": contact_entries,
    "audit": audit_entries,
    "referrals": referral_entries,
    "callbacks": callback_entries,
}


def register_source(name: str, source: Callable[[int], Iterable[TimelineEntry]]) -> None:
    """Add (or replace) a named source of timeline entries."""
    SOURCES[name] = source


def case_timeline(case_id: int) -> list[TimelineEntry]:
    """Every entry of every source, oldest first."""
    entries = [e for source in SOURCES.values() for e in source(case_id)]
    return sorted(entries, key=lambda e: e.at)


# Issue 5's follow-up sources (orders, letters, responses, reminders, escalations, call backs, status changes).
from app.services import timeline as _followup_timeline  # noqa: E402,F401
