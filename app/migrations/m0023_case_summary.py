"""Version 23: the case summary the year-scale reports read (case_summary; see app.models.summaries), built
here from the cases already in the database. The DDL and the statements that fill it are written out as they
were on the day (app.services.cases.case_summary.rebuild does the same today, for `samad rebuild-summaries`)."""

import datetime as dt

import peewee

from app.domain.period import utc_segments

VERSION = 23

_COLUMNS = {
    "type": "request_type_id",
    "category": "category_id",
    "county": "county_id",
    "operator": "operator_id",
    "agency": "agency_id",
    "channel": "channel",
}


def _statements(offset_minutes: int, postgres: bool, p: str) -> list[str]:
    shift = f"{'+' if offset_minutes >= 0 else '-'}{abs(offset_minutes)} minutes"
    if postgres:
        day = f"CAST(created_at + INTERVAL '{shift}' AS DATE)"
        hour = f"CAST(CAST(EXTRACT(HOUR FROM created_at + INTERVAL '{shift}') AS INTEGER) AS VARCHAR)"
        closing = (
            "CAST(EXTRACT(EPOCH FROM date_trunc('second', closed_at)) "
            "- EXTRACT(EPOCH FROM date_trunc('second', created_at)) AS BIGINT)"
        )
    else:
        day = f"date(created_at, '{shift}')"
        hour = f"CAST(CAST(strftime('%H', created_at, '{shift}') AS INTEGER) AS TEXT)"
        closing = "(CAST(strftime('%s', closed_at) AS INTEGER) - CAST(strftime('%s', created_at) AS INTEGER))"
    items = {
        "all": "''",
        "hour": hour,
        **{d: f"COALESCE(CAST({c} AS VARCHAR(40)), '')" for d, c in _COLUMNS.items()},
    }
    statements = []
    for dimension, item in items.items():
        sums = f"COALESCE(SUM({closing}), 0), COUNT(closed_at)" if dimension == "all" else "0, 0"
        statements.append(
            "INSERT INTO case_summary (dimension, day, item, status, outcome, calls, closing_seconds, "
            f"closed_dated) SELECT '{dimension}', {day}, {item}, status, COALESCE(outcome, ''), COUNT(*), {sums} "
            f"FROM cases WHERE created_at >= {p} AND created_at < {p} "
            "GROUP BY 2, 3, 4, 5 "
            "ON CONFLICT (dimension, day, item, status, outcome) DO UPDATE SET "
            "calls = case_summary.calls + excluded.calls, "
            "closing_seconds = case_summary.closing_seconds + excluded.closing_seconds, "
            "closed_dated = case_summary.closed_dated + excluded.closed_dated"
        )
    return statements


def apply(db: peewee.Database) -> None:
    postgres = isinstance(db, peewee.PostgresqlDatabase)
    db.execute_sql(
        "CREATE TABLE IF NOT EXISTS case_summary ("
        + ('"id" SERIAL NOT NULL PRIMARY KEY, ' if postgres else '"id" INTEGER NOT NULL PRIMARY KEY, ')
        + '"dimension" VARCHAR(10) NOT NULL, "day" DATE NOT NULL, "item" VARCHAR(40) NOT NULL, '
        '"status" VARCHAR(20) NOT NULL, "outcome" VARCHAR(30) NOT NULL, "calls" INTEGER NOT NULL, '
        + ('"closing_seconds" BIGINT NOT NULL, ' if postgres else '"closing_seconds" INTEGER NOT NULL, ')
        + '"closed_dated" INTEGER NOT NULL)'
    )
    db.execute_sql(
        'CREATE UNIQUE INDEX IF NOT EXISTS "case_summary_dimension_day_item_status_outcome" '
        'ON "case_summary" ("dimension", "day", "item", "status", "outcome")'
    )
    db.execute_sql("DELETE FROM case_summary")
    first, last = db.execute_sql("SELECT MIN(created_at), MAX(created_at) FROM cases").fetchone()
    if first is None:
        return
    if isinstance(first, str):  # SQLite keeps timestamps as text
        first, last = (dt.datetime.fromisoformat(v) for v in (first, last))
    for segment in utc_segments(first, last + dt.timedelta(seconds=1)):
        since, until = (v.isoformat(" ") if not postgres else v for v in (segment.since, segment.until))
        for sql in _statements(segment.offset_minutes, postgres, db.param):
            db.execute_sql(sql, (since, until))
