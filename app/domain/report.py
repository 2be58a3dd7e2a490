"""The report as a plain value: what every screen, export and the command line show.

Rows hold real values (int, float, date, str, None), never formatted text: the Excel export writes them
as numbers and dates, the PDF and the screen format them with Persian digits and Jalali dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from app.domain import jalali
from app.domain.period import Period
from app.domain.text import to_ascii_digits, to_persian_digits

# Column kinds: how a value is shown and exported.
TEXT, INT, FLOAT, PERCENT, DATE, NUMBER = "text", "int", "float", "percent", "date", "number"
KINDS = (TEXT, INT, FLOAT, PERCENT, DATE, NUMBER)
PERSIAN_DECIMAL, PERSIAN_PERCENT = "\u066b", "\u066a"  # ٫ and ٪


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    kind: str = INT  # text, int, float (one decimal), percent (a fraction: 0.25 is 25%), date,
    # number (an int shown as such, a float with one decimal: for columns that mix counts and averages)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")

    @property
    def numeric(self) -> bool:
        return self.kind in (INT, FLOAT, PERCENT, NUMBER)


@dataclass(frozen=True)
class Chart:
    """One chart: "bar" (horizontal bars, ranked), "column" (vertical, in order: days, hours) or "pie"."""

    kind: str
    title: str
    labels: list[str]
    values: list[float]

    @property
    def empty(self) -> bool:
        return not any(self.values)


@dataclass
class Report:
    kind: str
    title: str
    period: Period
    columns: list[Column]
    rows: list[tuple]
    total: tuple | None = None
    charts: list[Chart] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    personal_data: bool = False  # holds citizens' names or contact details: exporting it is restricted
    made_at: dt.datetime = field(default_factory=utcnow)
    source: object = None  # the owner's own report value (e.g. an AccountabilityReport), for its own exports

    def index(self, key: str) -> int:
        for i, column in enumerate(self.columns):
            if column.key == key:
                return i
        raise KeyError(key)

    def column_values(self, key: str) -> list:
        i = self.index(key)
        return [row[i] for row in self.rows]

    def row_for(self, label: str) -> tuple | None:
        """The row whose first cell is `label` (e.g. a county's name)."""
        return next((row for row in self.rows if row[0] == label), None)

    def value(self, label: str, key: str):
        row = self.row_for(label)
        if row is None:
            raise KeyError(label)
        return row[self.index(key)]


def fa_number(value: float, decimals: int = 0) -> str:
    """1234.5 → «۱٬۲۳۴٫۵»: grouped Persian digits with the Persian decimal separator."""
    text = f"{value:,.{decimals}f}"
    return to_persian_digits(text.replace(",", "\u066c").replace(".", PERSIAN_DECIMAL))


def format_cell(value, kind: str, digits: str = "fa") -> str:
    """How a value reads in a PDF, a text table or on screen (digits="en" for plain ASCII text)."""
    if value is None:
        return "—" if kind != TEXT else ""
    if kind == DATE:
        return jalali.format_jalali(value, digits)
    if kind == TEXT:
        return str(value)
    if kind == PERCENT:
        text = fa_number(value * 100, 1) + PERSIAN_PERCENT
    elif kind == FLOAT or (kind == NUMBER and not isinstance(value, int)):
        text = fa_number(value, 1)
    else:
        text = fa_number(value)
    if digits == "en":
        return (
            to_ascii_digits(text)
            .replace("\u066c", ",")
            .replace(PERSIAN_DECIMAL, ".")
            .replace(PERSIAN_PERCENT, "%")
        )
    return text


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class Headline:
    key: str
    label: str
    current: float | None
    previous: float | None
    kind: str = INT  # int, float or percent (a fraction)
    higher_is_better: bool | None = None  # None: neither (a volume)

    @property
    def change(self) -> float | None:
        """Relative change (0.25 = 25% more); for percentages the difference in points (0.05 = 5 points)."""
        if self.current is None or self.previous is None:
            return None
        if self.kind == PERCENT:
            return self.current - self.previous
        return (self.current - self.previous) / self.previous if self.previous else None


@dataclass
class MonthlyReport:
    period: Period
    previous: Period
    headlines: list[Headline]
    per_day: Report
    by_type: Report
    by_category: Report
    by_county: Report
    outcomes: Report
    agencies: Report
    governorate_name: str
    center_name: str
    made_at: dt.datetime = field(default_factory=utcnow)
    sessions: Report | None = None  # the officials' sessions of the period
    official_notes: Report | None = None  # what the officials told citizens and decided in them

    def headline(self, key: str) -> Headline:
        return next(h for h in self.headlines if h.key == key)

    def as_report(self) -> Report:
        """The headline table as a plain Report (for Excel, CSV and the command line). Shares are written as
        percentages (33.3) with «(درصد)» after their name, and their change in percentage points."""
        rows = []
        for h in self.headlines:
            if h.kind == PERCENT:

                def pct(v):
                    return None if v is None else round(v * 100, 2)

                rows.append((f"{h.label} (درصد)", pct(h.current), pct(h.previous), None, pct(h.change)))
            else:
                rows.append((h.label, h.current, h.previous, h.change, None))
        columns = [
            Column("name", "شاخص", TEXT),
            Column("current", self.period.label, NUMBER),
            Column("previous", self.previous.label, NUMBER),
            Column("change", "تغییر", PERCENT),
            Column("points", "تغییر (واحد درصد)", FLOAT),
        ]
        return Report(
            "monthly",
            f"گزارش ماهانه به استاندار — {self.period.label}",
            self.period,
            columns,
            rows,
            charts=self.per_day.charts,
            notes=[f"دوره پیش: {self.previous.label}"],
        )


@dataclass(frozen=True)
class ReportKind:
    """One report a person can ask for: its key, Persian title, how it is built and, when the report belongs to
    another part of the app (agencies, attendance), that part's own writers for pdf, xlsx and csv."""

    key: str
    title: str
    build: Callable  # (actor, period, progress) -> Report
    writers: dict[str, Callable] | None = None  # format -> fn(report.source) -> bytes
