"""A report as CSV: UTF-8 with a BOM (so Excel opens the Persian correctly), one header row, the rows and
the total. Numbers are plain ASCII numbers (a share as a percentage, e.g. 33.33), dates ISO (2026-10-23)
followed by a Jalali column (1405/08/01). Text that a spreadsheet would run as a formula is quoted."""

from __future__ import annotations

import csv
import datetime as dt
import io

from app.domain import jalali
from app.domain.report import DATE, FLOAT, INT, NUMBER, PERCENT, Column, Report

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def safe_text(value: str) -> str:
    """Text a spreadsheet will show as text, never run as a formula (CSV injection)."""
    return "'" + value if value.startswith(FORMULA_START) else value


def header(columns: list[Column]) -> list[str]:
    out = []
    for column in columns:
        if column.kind == PERCENT:
            out.append(f"{column.title} (%)")
        elif column.kind == DATE:
            out += [column.title, f"{column.title} (شمسی)"]
        else:
            out.append(column.title)
    return out


def _day(value) -> dt.date:
    return jalali.to_local(value).date() if isinstance(value, dt.datetime) else value


def cells(row: tuple, columns: list[Column]) -> list:
    out: list = []
    for value, column in zip(row, columns, strict=True):
        if column.kind == DATE:
            day = _day(value) if value is not None else None
            out += [day.isoformat() if day else "", jalali.format_jalali(day, "en") if day else ""]
        elif value is None:
            out.append("")
        elif column.kind == PERCENT:
            out.append(round(value * 100, 2))
        elif column.kind == FLOAT or (column.kind == NUMBER and not isinstance(value, int)):
            out.append(round(value, 2))
        elif column.kind == INT:
            out.append(int(value))
        else:
            out.append(safe_text(str(value)))
    return out


def to_csv(report: Report) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header(report.columns))
    for row in report.rows:
        writer.writerow(cells(row, report.columns))
    if report.total:
        writer.writerow(cells(report.total, report.columns))
    return (BOM + buffer.getvalue()).encode("utf-8")
