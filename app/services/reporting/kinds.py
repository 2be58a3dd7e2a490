"""Building a report by its key; the list of kinds (the screen's, the command line's) is app.wiring.REPORT_KINDS."""

from __future__ import annotations

from collections.abc import Callable

from app import wiring
from app.domain.period import Period
from app.domain.report import Report
from app.services.actor import Actor, require
from app.services.errors import ValidationError


def kind_choices() -> list[tuple[str, str]]:
    """(key, Persian title) of every report, in the order the screen lists them."""
    return [(k.key, k.title) for k in wiring.REPORT_KINDS]


def build_report(
    actor: Actor, kind: str, period: Period, progress: Callable[[int, int], None] | None = None
) -> Report:
    """The report `kind` for `period`. `progress(done, total)` is called between steps (and may raise to cancel)."""
    require(actor, "view_reports")
    if kind not in wiring.REPORTS_BY_KEY:
        raise ValidationError({"kind": f"گزارش «{kind}» شناخته نیست."})
    report = wiring.REPORTS_BY_KEY[kind].build(actor, period, progress)
    if progress:
        progress(1, 1)
    return report
