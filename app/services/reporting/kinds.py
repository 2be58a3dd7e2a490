"""Every report a person can ask for, by key: the screen's list, the command line and the exports share it."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.services.actor import Actor, require
from app.services.errors import ValidationError
from app.services.reporting import calls, outcomes, sources
from app.services.reporting.model import Report
from app.services.reporting.period import Period


@dataclass(frozen=True)
class ReportKind:
    key: str
    title: str
    build: Callable  # (actor, period, progress) -> Report
    owner: str = ""  # the issue whose service supplies the figures, when not this one


def _plain(fn) -> Callable:
    return lambda actor, period, progress=None: fn(period, progress)


KINDS: dict[str, ReportKind] = {k.key: k for k in [
    ReportKind("calls-by-type", "تماس‌ها به تفکیک نوع درخواست", _plain(calls.by_request_type)),
    ReportKind("calls-by-category", "تماس‌ها به تفکیک موضوع", _plain(calls.by_category)),
    ReportKind("calls-by-county", "تماس‌ها به تفکیک شهرستان", _plain(calls.by_county)),
    ReportKind("calls-by-channel", "تماس‌ها به تفکیک راه تماس", _plain(calls.by_channel)),
    ReportKind("calls-by-operator", "تماس‌ها به تفکیک کارشناس", _plain(calls.by_operator)),
    ReportKind("calls-by-hour", "تماس‌ها به تفکیک ساعت روز", _plain(calls.by_hour)),
    ReportKind("calls-by-day", "تماس‌ها به تفکیک روز", _plain(calls.by_day)),
    ReportKind("calls-by-agency", "تماس‌ها به تفکیک دستگاه مربوط", _plain(calls.by_agency)),
    ReportKind("outcomes", "پرونده‌ها به تفکیک نتیجه", _plain(outcomes.by_outcome)),
    ReportKind("agencies", "ارجاع‌ها و پاسخ دستگاه‌ها", sources.agencies, owner="issue 5"),
    ReportKind("guidance", "راهنمایی به تفکیک مطلب", sources.guidance, owner="issue 7"),
    ReportKind("attendance", "حضور مسئولان", sources.attendance, owner="issue 6"),
]}


def kind_choices() -> list[tuple[str, str]]:
    """(key, Persian title) of every report, in the order the screen lists them."""
    return [(k.key, k.title) for k in KINDS.values()]


def build_report(actor: Actor, kind: str, period: Period, progress: Callable[[int, int], None] | None = None) -> Report:
    """The report `kind` for `period`. `progress(done, total)` is called between steps (and may raise to cancel)."""
    require(actor, "view_reports")
    if kind not in KINDS:
        raise ValidationError({"kind": f"گزارش «{kind}» شناخته نیست."})
    report = KINDS[kind].build(actor, period, progress)
    if progress:
        progress(1, 1)
    return report
