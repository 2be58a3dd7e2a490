"""A case's history: the timeline entry, the contacts and the changes from the audit trail, and the merge
of several sources in time order.

Which sources make a case's timeline (these two and the follow-up ones in app.services.cases.timeline) is
listed once, in app.wiring.TIMELINE_SOURCES.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from app.domain.audit_labels import action_label
from app.domain.status import CHANNEL_LABELS, STATUS_LABELS, CaseStatus, Channel
from app.models import Contact, User
from app.services.admin import audit
from app.services.cases.cases import FIELD_LABELS

# Every kind of entry a timeline source gives; the case window has an icon for each.
KINDS = (
    "contact",
    "change",
    "status",
    "guidance",
    "referral",
    "letter",
    "withdrawal",
    "response",
    "reminder",
    "escalation",
    "callback",
)


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    kind: str  # one of KINDS
    title: str  # one line, Persian
    who: str = ""  # the person who did it (full name or username)
    detail: str = ""  # more lines, Persian
    data: dict = field(default_factory=dict, compare=False)  # machine-readable extras (for JSON output)


ACTION_TITLES = {
    "case.register": "ثبت پرونده",
    "case.edit": "ویرایش پرونده",
    "case.contact": "افزودن تماس پیگیری",
    "case.status": "تغییر وضعیت پرونده",
    "case.guide": "راهنمایی شهروند",
    "case.callback": "تماس با شهروند",
    "session.hold": "نگه‌داشتن برای پیگیری مسئول",
    "session.take_up_case": "گفت‌وگوی مسئول با شهروند",
}
# Audit actions on a case whose event another source shows already (one line per event): the contact
# (a follow-up contact, and an official taking a case up in a session, which writes its contact too).
SHOWN_AS_CONTACT = frozenset({"case.contact", "session.take_up_case"})
OTHER_CASE_EVENT = "رویداد پرونده"  # the title of an action this list does not know (an older program's)


def _user_names(ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    return {
        u.id: u.full_name for u in User.select(User.id, User.full_name).where(User.id.in_(sorted(wanted)))
    }


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
        title = "تماس نخست" if c.kind == "initial" else "تماس پیگیری"
        if c.kind != "initial" and c.session_id:
            title += " در جلسه پاسخگویی"
        title += f" ({_channel(c.channel)})"
        entries.append(
            TimelineEntry(
                c.at,
                "contact",
                title,
                names.get(c.operator_id, ""),
                c.note,
                {"contact_id": c.id, "kind": c.kind, "channel": c.channel},
            )
        )
    return entries


def _status(value) -> str:
    if isinstance(value, list | tuple) and value:
        value = value[-1]  # a move: the status it went to
    try:
        return STATUS_LABELS[CaseStatus(value)]
    except (ValueError, TypeError):
        return "نامشخص"


def _change_lines(details: dict) -> str:
    shown = details.get("shown") or {}
    lines = []
    for name, pair in (details.get("changes") or {}).items():
        old, new = shown.get(name, pair)
        label = FIELD_LABELS.get(name, "فیلد دیگر")
        lines.append(
            f"{label}: «{old if old not in (None, '') else '—'}» ← «{new if new not in (None, '') else '—'}»"
        )
    status = details.get("status")
    if isinstance(status, list) and len(status) == 2 and status[0] != status[1]:
        lines.append(f"وضعیت: «{_status(status[0])}» ← «{_status(status[1])}»")
    return "\n".join(lines)


def action_title(action: str) -> str:
    """A case's audit action in Persian; never the action's code."""
    if action in ACTION_TITLES:
        return ACTION_TITLES[action]
    label = action_label(action)
    return label if label != action else OTHER_CASE_EVENT


def audit_entries(case_id: int) -> list[TimelineEntry]:
    rows = audit.history("case", case_id)
    usernames = sorted({r.username for r in rows})
    names = (
        {
            u.username: u.full_name
            for u in User.select(User.username, User.full_name).where(User.username.in_(usernames))
        }
        if usernames
        else {}
    )
    entries = []
    for row in rows:
        if row.action in SHOWN_AS_CONTACT:
            continue  # the contact itself is in the timeline already
        title = action_title(row.action)
        kind = "change"
        if row.action == "case.register":
            detail = f"وضعیت: {_status(row.details.get('status', 'registered'))}"
        elif row.action == "case.guide":
            kind = "guidance"
            article = row.details.get("article_title") or ""
            title = f"راهنمایی با مقاله «{article}»" if article else title
            detail = row.details.get("note") or ""
        else:
            detail = _change_lines(row.details)
        entries.append(
            TimelineEntry(
                row.at,
                kind,
                title,
                names.get(row.username, row.username),
                detail,
                {"action": row.action, "details": row.details},
            )
        )
    return entries


Source = Callable[[int], Iterable[TimelineEntry]]  # fn(case_id) -> the entries of one kind


def merge(case_id: int, sources: Iterable[Source]) -> list[TimelineEntry]:
    """Every entry of every source, oldest first; entries at the same instant keep the order of `sources`."""
    entries = [e for source in sources for e in source(case_id)]
    return sorted(entries, key=lambda e: e.at)
