"""Exporting a report to PDF, Excel or CSV: one service for the screen and the command line.

The file is rendered completely in memory first, then written atomically (files.write_atomic), and the
export is recorded in the audit trail (who, which report, which period, where to). A report that holds
citizens' personal data needs the «export_personal_data» permission as well.
Reports whose figures belong to another part of the app (agencies, attendance) are exported with
that part's own writers (listed in app.wiring.REPORT_KINDS), so the command line and the screen give the same file.
"""

from __future__ import annotations

from pathlib import Path

from app import wiring
from app.domain.report import MonthlyReport, Report
from app.services.actor import Actor, require
from app.services.admin import audit
from app.services.errors import ValidationError
from app.services.reporting import export_csv, export_xlsx
from app.services.reporting.files import check_target, write_atomic

FORMATS = ("pdf", "xlsx", "csv")
FORMAT_LABELS = {"pdf": "PDF", "xlsx": "Excel", "csv": "CSV"}


def format_of(path: Path | str, fmt: str | None = None) -> str:
    """The format asked for, or the one the file name's extension names."""
    chosen = (fmt or Path(str(path)).suffix.lstrip(".")).lower()
    if chosen not in FORMATS:
        raise ValidationError(
            {"format": "قالب خروجی باید pdf یا xlsx یا csv باشد (از پسوند نام پرونده یا --format)."}
        )
    return chosen


def _owner_writers(report: Report) -> dict | None:
    """The owning part's writers (app.wiring.REPORT_KINDS) for a report that carries its own value."""
    if report.source is None or report.kind not in wiring.REPORTS_BY_KEY:
        return None
    return wiring.REPORTS_BY_KEY[report.kind].writers


def report_heading(report: Report):
    from app.services.schedule.schedule_export import heading
    from reports.report_pdf import period_line

    return heading(report.title, period_line(report))


def render(report: Report, fmt: str) -> bytes:
    """The file's bytes (nothing is written)."""
    owner = _owner_writers(report)
    if owner:
        return owner[fmt](report.source)
    if fmt == "pdf":
        from reports.report_pdf import render_report

        return render_report(report, report_heading(report))
    if fmt == "xlsx":
        return export_xlsx.to_xlsx(report)
    return export_csv.to_csv(report)


def render_monthly(monthly: MonthlyReport, fmt: str) -> bytes:
    if fmt == "pdf":
        from reports.monthly_report import render_monthly_report

        return render_monthly_report(monthly)
    table = monthly.as_report()
    return export_xlsx.to_xlsx(table) if fmt == "xlsx" else export_csv.to_csv(table)


def _check(actor: Actor, report: Report, path, fmt: str | None) -> tuple[Path, str]:
    require(actor, "view_reports")
    if report.personal_data:
        require(actor, "export_personal_data")
    chosen = format_of(path, fmt)
    return check_target(path), chosen


def export_report(
    actor: Actor, report: Report | MonthlyReport, path: Path | str, fmt: str | None = None
) -> Path:
    """Write `report` to `path` as pdf, xlsx or csv (from `fmt` or the file's extension); audited."""
    plain = report.as_report() if isinstance(report, MonthlyReport) else report
    target, chosen = _check(actor, plain, path, fmt)
    data = render_monthly(report, chosen) if isinstance(report, MonthlyReport) else render(report, chosen)
    written = write_atomic(target, data)
    audit.record_export(
        actor,
        f"report.{plain.kind}",
        len(plain.rows),
        str(written.resolve()),
        format=chosen,
        start=plain.period.start,
        end=plain.period.end,
        bytes=len(data),
    )
    return written
