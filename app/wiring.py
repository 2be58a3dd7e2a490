"""How the app's parts are put together, with plain imports and plain lists: read this to see what a case's
timeline shows, which reports exist and who writes their files.

Nothing here is changed at run time and no module adds itself to these lists when imported: a new timeline
source or report kind is one line here. The letter templates a supervisor can edit are listed with the
letter values in app.domain.letters.TEMPLATES (the domain checks them, and the domain imports no service).
The interface's sections and tabs are listed in ui/wiring.py.
"""

from __future__ import annotations

from app.domain.report import ReportKind
from app.services.cases import case_history, timeline
from app.services.followup import accountability_export
from app.services.reporting import calls, outcomes, sources
from app.services.schedule import attendance_export

# A case's timeline, oldest first; entries at the same instant keep this order (the audit's status change
# comes last, after the response or call back that caused it).
TIMELINE_SOURCES: tuple[case_history.Source, ...] = (
    case_history.contact_entries,  # the first call and every follow-up contact
    timeline.referral_entries,  # orders, drafts, letters, responses, re-routes, reminders, escalations
    timeline.callback_entries,  # call backs to the citizen
    timeline.audit_entries,  # edits and status changes, from the audit trail
)


def case_timeline(case_id: int) -> list[case_history.TimelineEntry]:
    """Everything that happened to a case, oldest first."""
    return case_history.merge(case_id, TIMELINE_SOURCES)


def _plain(fn):
    return lambda actor, period, progress=None: fn(period, progress)


ACCOUNTABILITY_WRITERS = {
    "pdf": accountability_export.accountability_pdf,
    "xlsx": accountability_export.accountability_xlsx,
    "csv": accountability_export.accountability_csv,
}
ATTENDANCE_WRITERS = {
    "pdf": attendance_export.attendance_pdf,
    "xlsx": attendance_export.attendance_xlsx,
    "csv": attendance_export.attendance_csv,
}

# Every report a person can ask for, in the order the reports page lists them; the command line and the
# exports use the same list.
REPORT_KINDS: tuple[ReportKind, ...] = (
    ReportKind("calls-by-type", "تماس‌ها به تفکیک نوع درخواست", _plain(calls.by_request_type)),
    ReportKind("calls-by-category", "تماس‌ها به تفکیک موضوع", _plain(calls.by_category)),
    ReportKind("calls-by-county", "تماس‌ها به تفکیک شهرستان", _plain(calls.by_county)),
    ReportKind("calls-by-channel", "تماس‌ها به تفکیک راه تماس", _plain(calls.by_channel)),
    ReportKind("calls-by-operator", "تماس‌ها به تفکیک کارشناس", _plain(calls.by_operator)),
    ReportKind("calls-by-hour", "تماس‌ها به تفکیک ساعت روز", _plain(calls.by_hour)),
    ReportKind("calls-by-day", "تماس‌ها به تفکیک روز", _plain(calls.by_day)),
    ReportKind("calls-by-agency", "تماس‌ها به تفکیک دستگاه مربوط", _plain(calls.by_agency)),
    ReportKind("outcomes", "پرونده‌ها به تفکیک نتیجه", _plain(outcomes.by_outcome)),
    ReportKind("agencies", "ارجاع‌ها و پاسخ دستگاه‌ها", sources.agencies, writers=ACCOUNTABILITY_WRITERS),
    ReportKind("guidance", "راهنمایی به تفکیک مطلب", sources.guidance),
    ReportKind("attendance", "حضور مسئولان", sources.attendance, writers=ATTENDANCE_WRITERS),
)
REPORTS_BY_KEY: dict[str, ReportKind] = {kind.key: kind for kind in REPORT_KINDS}
