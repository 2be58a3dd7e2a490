"""Version 25: the summary the agencies' accountability report reads (accountability_summary; see
app.models.summaries), built here from the referrals already in the database. The DDL and the statement that
fills it are written out as they were on the day (app.services.cases.accountability_summary.rebuild does the same
today, for `samad rebuild-summaries`). And the letters' (referral_id, issued_at, id) index, in place of the
referral_id one: the letters list searched by a citizen's name sorts its matches from the index alone. And the
case summary's (status, dimension) index: the dashboard's open cases."""

import datetime as dt

import peewee

from app.domain.period import utc_segments

VERSION = 25

_KEY = ("day", "agency_id", "days", "watch")
_VERDICTS = ("satisfied", "partly", "not_satisfied")
_PARTS = (
    "received",
    "answered",
    "on_time",
    "due",
    "due_after",
    "overdue_after",
    "reminders",
    "escalations",
    *_VERDICTS,
)
_LIVE = "r.status NOT IN ('draft', 'cancelled', 'withdrawn')"


def _statement(offset_minutes: int, postgres: bool, p: str) -> str:
    shift = f"{'+' if offset_minutes >= 0 else '-'}{abs(offset_minutes)} minutes"
    next_midnight = 24 * 60 - offset_minutes
    due = "COALESCE(r.first_due_date, r.due_date)"
    if postgres:
        day, never = f"CAST(r.issued_at + INTERVAL '{shift}' AS DATE)", "DATE '9999-12-31'"
        days = (
            f"(CAST(r.answered_at + INTERVAL '{offset_minutes} minutes' AS DATE)"
            f" - CAST(r.issued_at + INTERVAL '{offset_minutes} minutes' AS DATE))"
        )
        end = f"({due} + INTERVAL '{next_midnight} minutes')"
    else:
        day, never = f"date(r.issued_at, '{shift}')", "'9999-12-31'"
        shift_days = 0.5 + offset_minutes / 1440
        days = (
            f"(CAST(julianday(r.answered_at) + {shift_days!r} AS INTEGER)"
            f" - CAST(julianday(r.issued_at) + {shift_days!r} AS INTEGER))"
        )
        end = f"({due} || ' {next_midnight // 60:02d}:{next_midnight % 60:02d}:00')"
    settled = "(r.answered_at IS NOT NULL OR r.first_due_date IS NOT NULL)"
    return (
        f"INSERT INTO accountability_summary ({', '.join(_KEY + _PARTS)}) "
        f"SELECT {day}, r.agency_id, COALESCE({days}, -1), "
        f"CASE WHEN r.status = 'issued' OR NOT {settled} THEN r.due_date ELSE {never} END, "
        "COUNT(*), SUM(CASE WHEN r.answered_at IS NOT NULL THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN r.answered_at < {end} THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN {settled} THEN 1 ELSE 0 END), SUM(CASE WHEN {settled} THEN 0 ELSE 1 END), "
        "SUM(CASE WHEN r.status = 'issued' THEN 1 ELSE 0 END), COALESCE(SUM(r.reminder_count), 0), "
        "SUM(CASE WHEN r.escalated_at IS NOT NULL THEN 1 ELSE 0 END), "
        + ", ".join(
            f"SUM(CASE WHEN r.status = 'answered' AND r.verdict = '{v}' THEN 1 ELSE 0 END)" for v in _VERDICTS
        )
        + f" FROM referral r WHERE r.issued_at >= {p} AND r.issued_at < {p} AND {_LIVE} "
        "GROUP BY 1, 2, 3, 4 "
        f"ON CONFLICT ({', '.join(_KEY)}) DO UPDATE SET "
        + ", ".join(f"{c} = accountability_summary.{c} + excluded.{c}" for c in _PARTS)
    )


def apply(db: peewee.Database) -> None:
    postgres = isinstance(db, peewee.PostgresqlDatabase)
    # the letters of a referral with their issue time and id in one index (the letters list searched by a
    # citizen's name sorts its matches without reading the letters); it replaces the referral_id index
    db.execute_sql(
        'CREATE INDEX IF NOT EXISTS "letter_referral_id_issued_at_id" ON "letter" ("referral_id", "issued_at", "id")'
    )
    db.execute_sql('DROP INDEX IF EXISTS "letter_referral_id"')
    # the cases open now (the dashboard) from the case summary's few rows of an open status, not a scan of
    # every day's rows (a million cases are seventeen years of days)
    db.execute_sql(
        'CREATE INDEX IF NOT EXISTS "case_summary_status_dimension" ON "case_summary" ("status", "dimension")'
    )
    counts = ", ".join(f'"{c}" INTEGER NOT NULL' for c in _PARTS)
    db.execute_sql(
        "CREATE TABLE IF NOT EXISTS accountability_summary ("
        + ('"id" SERIAL NOT NULL PRIMARY KEY, ' if postgres else '"id" INTEGER NOT NULL PRIMARY KEY, ')
        + '"day" DATE NOT NULL, "agency_id" INTEGER NOT NULL, "days" INTEGER NOT NULL, '
        f'"watch" DATE NOT NULL, {counts})'
    )
    db.execute_sql(
        'CREATE UNIQUE INDEX IF NOT EXISTS "accountability_summary_day_agency_id_days_watch" '
        'ON "accountability_summary" ("day", "agency_id", "days", "watch")'
    )
    db.execute_sql("DELETE FROM accountability_summary")
    first, last = db.execute_sql(
        f"SELECT MIN(r.issued_at), MAX(r.issued_at) FROM referral r WHERE {_LIVE}"
    ).fetchone()
    if first is None:
        return
    if isinstance(first, str):  # SQLite keeps timestamps as text
        first, last = (dt.datetime.fromisoformat(v) for v in (first, last))
    for segment in utc_segments(first, last + dt.timedelta(seconds=1)):
        since, until = (v.isoformat(" ") if not postgres else v for v in (segment.since, segment.until))
        db.execute_sql(_statement(segment.offset_minutes, postgres, db.param), (since, until))
