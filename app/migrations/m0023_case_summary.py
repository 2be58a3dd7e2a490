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
    counts = (
        "COUNT(*), SUM(CASE WHEN outcome = 'guided' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN status IN ('registered', 'referred', 'answered') THEN 1 ELSE 0 END)"
    )
    parts = ("calls", "guided", "open_calls", "closing_seconds", "closed_dated")
    statements = []
    for dimension, item in items.items():
        if dimension == "all":
            split, sums = "status, COALESCE(outcome, '')", f"COALESCE(SUM({closing}), 0), COUNT(closed_at)"
        else:
            split, sums = "'', ''", "0, 0"
        statements.append(
            "INSERT INTO case_summary (dimension, day, item, status, outcome, calls, guided, open_calls, "
            f"closing_seconds, closed_dated) SELECT '{dimension}', {day}, {item}, {split}, {counts}, {sums} "
            f"FROM cases WHERE created_at >= {p} AND created_at < {p} "
            "GROUP BY 2, 3, 4, 5 "
            "ON CONFLICT (dimension, day, item, status, outcome) DO UPDATE SET "
            + ", ".join(f"{c} = case_summary.{c} + excluded.{c}" for c in parts)
        )
    return statements


def apply(db: peewee.Database) -> None:
    postgres = isinstance(db, peewee.PostgresqlDatabase)
    db.execute_sql(
        "CREATE TABLE IF NOT EXISTS case_summary ("
        + ('"id" SERIAL NOT NULL PRIMARY KEY, ' if postgres else '"id" INTEGER NOT NULL PRIMARY KEY, ')
        + '"dimension" VARCHAR(10) NOT NULL, "day" DATE NOT NULL, "item" VARCHAR(40) NOT NULL, '
        '"status" VARCHAR(20) NOT NULL, "outcome" VARCHAR(30) NOT NULL, "calls" INTEGER NOT NULL, '
        '"guided" INTEGER NOT NULL, "open_calls" INTEGER NOT NULL, '
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
