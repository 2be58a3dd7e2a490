"""A case's whole life after registration, for its timeline: referral orders and drafts, every letter
(referral, reminder, escalation; cancellations too), the agencies' responses, re-routes, reminders,
escalations, call backs and status changes — each with who and when.

These are sources for app.services.cases.case_history.merge; app.wiring.TIMELINE_SOURCES lists them beside the
contacts. `audit_entries` refines case_history's (status changes with their outcome and reason).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from app.domain import jalali
from app.domain.followup import (
    RESULT_LABELS,
    SATISFACTION_LABELS,
    ResponseResult,
    Satisfaction,
)
from app.domain.identifiers import format_tracking_code
from app.domain.status import (
    OUTCOME_LABELS,
    REFERRAL_STATUS_LABELS,
    STATUS_LABELS,
    CaseStatus,
    LetterStatus,
    Outcome,
    ReferralStatus,
    label,
)
from app.domain.text import to_persian_digits
from app.models import (
    Agency,
    AgencyResponse,
    Attachment,
    Callback,
    Escalation,
    Letter,
    Referral,
    Reminder,
    User,
)
from app.services.cases import case_history
from app.services.cases.case_history import TimelineEntry

LETTER_KINDS = {
    "referral": "نامه ارجاع",
    "reminder": "نامه تذکر",
    "escalation": "نامه ارجاع به بازرسی",
    "withdrawal": "نامه پس‌گرفتن ارجاع",
}


def _names(ids: Iterable[int | None]) -> dict[int, str]:
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    return {u.id: u.full_name for u in User.select(User.id, User.full_name).where(User.id.in_(wanted))}


def referral_entries(case_id: int) -> list[TimelineEntry]:
    """Orders, letters, responses, re-routes, reminders and escalations of one case."""
    refs = list(
        Referral.select(Referral, Agency)
        .join(Agency)
        .where(Referral.case == case_id)
        .order_by(Referral.created_at, Referral.id)
    )
    if not refs:
        return []
    ids = [r.id for r in refs]
    by_id = {r.id: r for r in refs}
    letters = list(Letter.select().where(Letter.referral.in_(ids)).order_by(Letter.issued_at, Letter.id))
    responses = list(
        AgencyResponse.select()
        .where(AgencyResponse.referral.in_(ids))
        .order_by(AgencyResponse.received_at, AgencyResponse.id)
    )
    reminders = list(Reminder.select().where(Reminder.referral.in_(ids)).order_by(Reminder.at, Reminder.id))
    escalations = list(Escalation.select().where(Escalation.referral.in_(ids)).order_by(Escalation.at))
    files: dict[int, int] = {}
    for a in Attachment.select(Attachment.response).where(
        Attachment.response.in_([x.id for x in responses] or [0])
    ):
        files[a.response_id] = files.get(a.response_id, 0) + 1
    names = _names(
        [r.prepared_by_id for r in refs]
        + [r.official_id for r in refs]
        + [x.issued_by_id for x in letters]
        + [x.cancelled_by_id for x in letters]
        + [x.received_by_id for x in responses]
        + [x.by_id for x in reminders]
        + [x.by_id for x in escalations]
    )
    entries: list[TimelineEntry] = []
    for r in refs:
        agency = r.agency.name
        state = label(REFERRAL_STATUS_LABELS, ReferralStatus, r.status)
        data = {"referral_id": r.id, "status": r.status, "agency": agency, "due_date": r.due_date.isoformat()}
        if r.rerouted_from_id:
            old = by_id.get(r.rerouted_from_id)
            prefix = f"ارجاع دوباره به {agency}" + (
                f" (پس از پاسخ «خارج از وظایف» {old.agency.name})" if old else ""
            )
        else:
            prefix = f"ارجاع به {agency}"
        detail = f"دستور: {r.instruction}\nمهلت پاسخ: {jalali.format_jalali(r.due_date)}"
        if r.issued_at:
            entries.append(
                TimelineEntry(
                    r.issued_at, "referral", f"{prefix} — {state}", names.get(r.official_id, ""), detail, data
                )
            )
        else:
            entries.append(
                TimelineEntry(
                    r.created_at,
                    "referral",
                    f"پیش‌نویس {prefix} — {state}",
                    names.get(r.prepared_by_id, ""),
                    detail,
                    data,
                )
            )
    for x in letters:
        kind = LETTER_KINDS.get(x.kind, "نامه")
        content = json.loads(x.content or "{}")
        recipient = content.get("agency_name") or by_id[x.referral_id].agency.name
        about = [f"موضوع: {content['subject']}"] if content.get("subject") else []
        about += list(content.get("reference_lines") or [])
        entries.append(
            TimelineEntry(
                x.issued_at,
                "withdrawal" if x.kind == "withdrawal" else "letter",
                f"{kind} شماره {x.number} به {recipient}",
                names.get(x.issued_by_id, ""),
                "\n".join(about),
                {"letter_id": x.id, "number": x.number, "kind": x.kind},
            )
        )
        if x.status == LetterStatus.CANCELLED and x.cancelled_at:
            entries.append(
                TimelineEntry(
                    x.cancelled_at,
                    "letter",
                    f"ابطال {kind} شماره {x.number}",
                    names.get(x.cancelled_by_id, ""),
                    x.cancel_reason,
                    {"letter_id": x.id, "number": x.number, "cancelled": True},
                )
            )
    for x in responses:
        r = by_id[x.referral_id]
        lines = []
        if x.agency_letter_number or x.agency_letter_date:
            lines.append(
                "نامه دستگاه: "
                + " ".join(
                    filter(
                        None,
                        [
                            f"شماره {x.agency_letter_number}" if x.agency_letter_number else "",
                            f"مورخ {jalali.format_jalali(x.agency_letter_date)}"
                            if x.agency_letter_date
                            else "",
                        ],
                    )
                )
            )
        lines.append(x.text)
        if files.get(x.id):
            lines.append(f"پیوست: {to_persian_digits(str(files[x.id]))} پرونده")
        entries.append(
            TimelineEntry(
                x.received_at,
                "response",
                f"پاسخ {r.agency.name}: {label(RESULT_LABELS, ResponseResult, x.result)}",
                names.get(x.received_by_id, ""),
                "\n".join(lines),
                {"response_id": x.id, "referral_id": r.id, "result": x.result},
            )
        )
    for x in reminders:
        r = by_id[x.referral_id]
        entries.append(
            TimelineEntry(
                x.at,
                "reminder",
                f"تذکر به {r.agency.name}",
                names.get(x.by_id, ""),
                f"مهلت پیشین: {jalali.format_jalali(x.previous_due_date)} — مهلت تازه: "
                f"{jalali.format_jalali(x.new_due_date)}",
                {"reminder_id": x.id, "referral_id": r.id},
            )
        )
    for x in escalations:
        r = by_id[x.referral_id]
        entries.append(
            TimelineEntry(
                x.at,
                "escalation",
                f"ارجاع به بازرسی: {r.agency.name} پاسخ نداد",
                names.get(x.by_id, ""),
                x.reason,
                {"escalation_id": x.id, "referral_id": r.id},
            )
        )
    return entries


def callback_entries(case_id: int) -> list[TimelineEntry]:
    rows = list(Callback.select().where(Callback.case == case_id).order_by(Callback.at, Callback.id))
    names = _names(r.operator_id for r in rows)
    out = []
    for r in rows:
        if r.reached:
            title = "تماس با شهروند: " + label(SATISFACTION_LABELS, Satisfaction, r.satisfaction)
        else:
            title = "تماس با شهروند: پاسخ نداد"
        out.append(
            TimelineEntry(
                r.at,
                "callback",
                title,
                names.get(r.operator_id, ""),
                r.comment,
                {"callback_id": r.id, "reached": r.reached, "satisfaction": r.satisfaction},
            )
        )
    return out


def _status(value) -> str:
    return label(STATUS_LABELS, CaseStatus, value)


def audit_entries(case_id: int) -> list[TimelineEntry]:
    """case_history's audit entries, with status changes spelled out (old and new status, outcome, reason)
    and the call back's own audit entry left out (the call back is in the timeline already)."""
    out = []
    for e in case_history.audit_entries(case_id):
        action = e.data.get("action")
        if action == "case.callback":
            continue
        if action == "case.official_note":  # what the official on duty told the citizen and decided
            details = e.data.get("details") or {}
            title = "یادداشت مسئول" + (f" — {details['official']}" if details.get("official") else "")
            out.append(TimelineEntry(e.at, "official_note", title, e.who, details.get("note", ""), e.data))
            continue
        if action != "case.status":
            out.append(e)
            continue
        details = e.data.get("details") or {}
        pair = details.get("status") or (details.get("changes") or {}).get("status") or ["", ""]
        lines = [f"«{_status(pair[0])}» ← «{_status(pair[1])}»"]
        outcome = label(OUTCOME_LABELS, Outcome, details["outcome"]) if details.get("outcome") else ""
        if outcome:
            lines.append("نتیجه: " + outcome)
        if details.get("duplicate_of"):
            lines.append("تکراریِ پرونده با کد رهگیری " + format_tracking_code(details["duplicate_of"]))
        if details.get("reason"):
            lines.append("علت: " + details["reason"])
        withdrawn = details.get("withdrawn_referrals") or []
        if withdrawn:
            lines.append(f"ارجاع‌های پس‌گرفته: {to_persian_digits(str(len(withdrawn)))}")
        if details.get("withdrawal_letters"):
            lines.append("نامه‌های پس‌گرفتن ارجاع: " + "، ".join(details["withdrawal_letters"]))
        if details.get("reopened"):
            title = "بازگشایی پرونده"
        elif pair[1] == CaseStatus.CLOSED and outcome:
            title = f"بستن پرونده: {outcome}"
        else:
            title = f"وضعیت: {_status(pair[1])}"
        out.append(TimelineEntry(e.at, "status", title, e.who, "\n".join(lines), e.data))
    return out
