"""The monthly report's session section: the officials' sessions of the period (time in the center, calls
answered, orders given) and the officials' notes — what each told the citizen and decided, as kept on the case.
A note is listed under the last session of the period in which its case was taken up."""

from __future__ import annotations

from app.domain import jalali
from app.domain.period import Period
from app.domain.report import DATE, INT, TEXT, Column, Report
from app.models import Case, Contact, Referral
from app.services.schedule import sessions


def session_reports(period: Period) -> tuple[Report, Report]:
    """(the sessions, the officials' notes) of the period."""
    found = sessions.list_sessions(period.start, period.end)
    ids = [s.id for s in found]
    calls: dict[int, set[int]] = {i: set() for i in ids}
    last_session_of: dict[int, int] = {}
    orders: dict[int, int] = dict.fromkeys(ids, 0)
    if ids:
        for c in (
            Contact.select(Contact.case, Contact.session).where(Contact.session.in_(ids)).order_by(Contact.at)
        ):
            calls[c.session_id].add(c.case_id)
            last_session_of[c.case_id] = c.session_id
        for r in Referral.select(Referral.session).where(
            Referral.session.in_(ids) & (Referral.status != "cancelled")
        ):
            orders[r.session_id] += 1
    by_id = {s.id: s for s in found}
    session_rows = [
        (
            jalali.to_local(s.checked_in_at).date(),
            s.official_name,
            s.duration_minutes,
            len(calls[s.id]),
            orders[s.id],
        )
        for s in found
    ]
    sessions_report = Report(
        "sessions",
        "جلسه‌های پاسخگویی مسئولان",
        period,
        [
            Column("date", "تاریخ", DATE),
            Column("official", "مسئول", TEXT),
            Column("minutes", "مدت حضور (دقیقه)", INT),
            Column("calls", "تماس پاسخ‌داده", INT),
            Column("orders", "دستور", INT),
        ],
        session_rows,
    )
    note_rows = []
    if last_session_of:
        noted = (
            Case.select(Case.id, Case.tracking_code, Case.subject, Case.official_note)
            .where(Case.id.in_(list(last_session_of)) & Case.official_note.is_null(False))
            .order_by(Case.id)
        )
        for c in noted:
            s = by_id[last_session_of[c.id]]
            note_rows.append(
                (
                    jalali.to_local(s.checked_in_at).date(),
                    s.official_name,
                    c.tracking_code,
                    c.subject,
                    c.official_note,
                    s.checked_in_at,
                )
            )
        note_rows.sort(key=lambda r: (r[5], r[2]))
    notes_report = Report(
        "official_notes",
        "یادداشت‌های مسئولان در جلسه",
        period,
        [
            Column("date", "تاریخ", DATE),
            Column("official", "مسئول", TEXT),
            Column("tracking_code", "کد رهگیری", TEXT),
            Column("subject", "موضوع", TEXT),
            Column("note", "گفته و تصمیم مسئول", TEXT),
        ],
        [r[:5] for r in note_rows],
        personal_data=False,
    )
    return sessions_report, notes_report
