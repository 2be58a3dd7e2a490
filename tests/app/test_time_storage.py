"""Every table's times are kept on SQLite as integer microseconds since the Unix epoch (migration 36, issue 17;
the audit entries' since migration 34: tests/app/test_audit_time_storage.py) and PostgreSQL keeps its
TIMESTAMP: a case's whole life (registered, referred, reminded, escalated, answered, called back, closed,
reopened) stores integers and reads back the datetimes written, to the microsecond; migration 36 converts a
database built at version 35 (SQLite's text of each time, with and without a fraction) exactly, and every
report, the dashboard, the accountability report and the summaries give the same figures before and after it.
On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import importlib

import peewee

from app import migrations
from app.db import database
from app.domain import jalali
from app.domain.period import Period, month_of
from app.domain.utc_micros import to_micros
from app.migrations import m0023_case_summary, m0025_accountability_summary
from app.migrations import m0036_times_integer as m0036
from app.models import ALL_TABLES, Case, Letter, LoginSession, Referral, Reminder
from app.models.base import stored_time
from app.services.cases import case_query, case_status, case_summary
from app.services.demo import DemoContext
from app.services.followup import callbacks, followup, reminders
from app.services.letters import referrals
from app.services.reporting import sql
from tests.app.followup_helpers import at, day
from tests.app.letter_helpers import WATER, agency_id, order, register_case
from tests.app.test_case_summary_property import report_figures
from tests.app.time_helpers import is_pg as _is_pg
from tests.app.time_helpers import stored_kinds, stored_values, time_columns, times_as_text
from tests.conftest import make_user


def test_the_migration_names_every_time_column_of_the_models():
    assert {t: set(c) for t, c in m0036.COLUMNS.items()} == {t: set(c) for t, c in time_columns().items()}


# --- a case's whole life ----------------------------------------------------------------------------------


def test_a_cases_whole_life_stores_integer_times_read_back_to_the_microsecond(db, operator, official):
    micro = dt.timedelta(microseconds=1)
    case_id = register_case(operator)  # its times from the clock: microseconds
    issued = at(0) + 123_457 * micro
    referral = referrals.issue_order(
        official, case_id, order(agency_ids=[agency_id(WATER)], due_date=day(5)), now=issued
    )[0]
    reminded = at(6) + 999_999 * micro
    again = at(14)  # a whole second: SQLite's text had no fraction
    escalated = at(22) + micro
    for when in (reminded, again, escalated):
        reminders.chase(official, referral.id, now=when)
    answered = at(23) + 500_000 * micro
    data = {
        "agency_letter_number": "۲۳۴/۵۶",
        "agency_letter_date": day(23),
        "text": "موضوع بررسی و رفع شد.",
        "result": "done",
    }
    followup.record_response(operator, referral.id, data, now=answered)
    closed = at(24) + 7 * micro
    done = callbacks.record_callback(
        operator,
        case_id,
        {"reached": True, "satisfaction": "satisfied", "comment": "آب وصل شد.", "outcome": "resolved"},
        now=closed,
    )
    assert done.case_status == "closed"
    case = Case.get_by_id(case_id)
    assert case.closed_at == closed
    case_status.reopen_case(operator, case_id, "شهروند دوباره تماس گرفت.")
    LoginSession.create(user=operator.user_id, machine="pc-1", started_at=issued, last_seen_at=answered)

    r = Referral.get_by_id(referral.id)
    assert (r.issued_at, r.answered_at, r.escalated_at) == (issued, answered, escalated)
    assert [x.at for x in Reminder.select().where(Reminder.referral == r.id).order_by(Reminder.id)] == [
        reminded,
        again,
    ]
    letters = Letter.select().where(Letter.referral == r.id).order_by(Letter.id)
    assert [x.issued_at for x in letters] == [issued, reminded, again, escalated]
    assert Case.get_by_id(case_id).closed_at is None  # reopened

    kinds = stored_kinds(db)
    for wanted in [
        ("cases", "created_at"),
        ("cases", "updated_at"),
        ("citizen", "created_at"),
        ("contact", "at"),
        ("referral", "issued_at"),
        ("referral", "answered_at"),
        ("referral", "escalated_at"),
        ("referral", "created_at"),
        ("letter", "issued_at"),
        ("agency_response", "received_at"),
        ("reminder", "at"),
        ("escalation", "at"),
        ("callback", "at"),
        ("login_session", "started_at"),
        ("user", "created_at"),
    ]:
        assert wanted in kinds, wanted
    expected = {"timestamp without time zone"} if _is_pg(db) else {"integer"}
    assert {k: v for k, v in kinds.items() if v != expected} == {}

    # what is stored is the datetime's microseconds exactly, and the model reads each value back so
    models = {m._meta.table_name: m for m in ALL_TABLES}
    for (table, column), values in stored_values(db).items():
        model = models[table]
        field = next(f for f in model._meta.sorted_fields if f.column_name == column)
        read = [
            getattr(row, field.name)
            for row in model.select().order_by(getattr(model, field.name).is_null(), model.id)
        ]
        assert read == [field.python_value(v) for v in values], (table, column)
        if not _is_pg(db):
            assert [v for v in values if v is not None] == [to_micros(x) for x in read if x is not None]
    raw = db.execute_sql(f"SELECT answered_at FROM referral WHERE id = {r.id}").fetchone()[0]
    assert raw == (answered if _is_pg(db) else to_micros(answered)) == stored_time(db, answered)


def test_a_range_a_local_day_and_hour_over_a_stored_time_keep_their_boundaries(db, operator):
    case_id = register_case(operator)
    midnight = dt.datetime(2026, 12, 4, 20, 30)  # Tehran's midnight starting the 5th (210 minutes ahead)
    cases = [
        (midnight - dt.timedelta(microseconds=1), dt.date(2026, 12, 4), 23),
        (midnight, dt.date(2026, 12, 5), 0),
        (midnight + dt.timedelta(hours=3, microseconds=1), dt.date(2026, 12, 5), 3),
    ]
    for i, (when, local_day, hour) in enumerate(cases):
        Case.update(created_at=when, closed_at=when + dt.timedelta(days=1, hours=6)).where(
            Case.id == case_id
        ).execute()
        assert Case.select().where(Case.created_at >= midnight).count() == (i > 0)
        assert Case.select().where(Case.created_at < midnight).count() == (i == 0)
        assert Case.select().where(Case.created_at >= dt.date(2026, 12, 5)).count() == 0  # UTC midnight
        row = (
            Case.select(
                sql.local_date(Case.created_at, 210),
                sql.local_hour(Case.created_at, 210),
                sql.days_between(Case.closed_at, Case.created_at),
            )
            .where(Case.id == case_id)
            .tuples()[0]
        )
        assert (sql.as_date(row[0]), row[1]) == (local_day, hour)
        assert abs(float(row[2]) - 1.25) < 1e-9


# --- migration 36 on a database built at version 35 --------------------------------------------------------

STEPS = ("people", "calls", "referrals", "followup", "schedule", "knowledge", "numbering")


def _figures(actor, periods: list[Period], today: dt.date) -> dict:
    """Every report's figures, read from the summaries and from the rows themselves (reporting.sql)."""
    out = {"summaries": report_figures(actor, periods, today)}
    with case_summary.from_rows():
        out["rows"] = report_figures(actor, periods, today)
    return out


def _summaries() -> list:
    return [
        sorted(
            tuple(str(v) for v in row[1:])
            for row in database.execute_sql(f"SELECT * FROM {table}").fetchall()
        )
        for table in ("case_summary", "accountability_summary")
    ]


def test_migration_36_converts_a_version_35_database_and_the_reports_agree(db):
    """The demo's rows (every table with a time), their figures; then the same database as version 35 held it
    (each time as SQLite's text; the schema did not change) upgraded by migration 36."""
    supervisor = make_user("root", "supervisor")
    ctx = DemoContext(calls=300, rate=1, seed=11)  # a year of a quiet center: every kind of row
    for step in STEPS:
        importlib.import_module(f"app.services.demo.{step}").run(ctx)
    if not _is_pg(db):  # some times at a whole second (no fraction in the old text), the rest with one
        db.execute_sql("UPDATE cases SET created_at = created_at - created_at % 1000000 WHERE id % 3 = 0")
        db.execute_sql("UPDATE contact SET at = at - at % 1000000 + 1 WHERE id % 3 = 1")
    case_summary.rebuild()
    first = Case.select(peewee.fn.MIN(Case.created_at)).scalar()
    last = Case.select(peewee.fn.MAX(Case.created_at)).scalar()
    start, end = jalali.to_local(first).date(), jalali.to_local(last).date()
    periods = [Period(start, end), month_of(start + dt.timedelta(days=40)), Period(end, end)]
    today = end + dt.timedelta(days=3)
    values, figures, summaries = stored_values(db), _figures(supervisor, periods, today), _summaries()

    db.execute_sql(f"DELETE FROM schema_version WHERE version = {m0036.VERSION}")
    if not _is_pg(db):
        assert times_as_text(db) > 1000
        texts = stored_values(db)[("cases", "created_at")]
        assert all(isinstance(v, str) for v in texts)
        assert any("." in v for v in texts) and any("." not in v for v in texts)
        # the summaries as the releases before 36 built them from the text (migrations 23 and 25's frozen SQL)
        # are those the program builds from the integers
        m0023_case_summary.apply(db)
        m0025_accountability_summary.apply(db)
        assert _summaries() == summaries
    assert m0036.VERSION not in migrations.applied_versions(db)  # later versions stay applied
    assert migrations.upgrade(db) == [m0036.VERSION]

    expected = {"timestamp without time zone"} if _is_pg(db) else {"integer"}
    assert {k: v for k, v in stored_kinds(db).items() if v != expected} == {}
    assert stored_values(db) == values  # to the microsecond, NULLs as they were
    assert _figures(supervisor, periods, today) == figures
    assert _summaries() == summaries
    case_summary.rebuild()
    assert _summaries() == summaries
    m0036.apply(db)  # again: nothing changes
    assert stored_values(db) == values


def test_migration_36_keeps_what_is_not_a_time(sqlite_db):
    db = sqlite_db
    make_user("root", "supervisor")
    db.execute_sql("UPDATE \"user\" SET locked_until = 'soon', last_login_at = NULL")
    db.execute_sql("UPDATE \"user\" SET created_at = '2026-12-03 09:17:05.554296'")
    m0036.apply(db)
    row = db.execute_sql('SELECT locked_until, last_login_at, created_at FROM "user"').fetchone()
    assert row == ("soon", None, to_micros(dt.datetime(2026, 12, 3, 9, 17, 5, 554_296)))


def test_the_register_pages_by_time_to_the_microsecond(db, operator):
    """The register sorted by time walks (time, id) keysets: a page's last key, passed back, is compared as the
    column stores it, so cases a microsecond apart are neither skipped nor repeated."""
    base = dt.datetime(2026, 12, 4, 20, 29, 59, 999_998)
    ids = [register_case(operator) for _ in range(5)]
    for i, case_id in enumerate(ids):  # the 2nd and 3rd share a microsecond: the id breaks the tie
        when = base + dt.timedelta(microseconds=[0, 1, 1, 2, 3][i])
        Case.update(created_at=when).where(Case.id == case_id).execute()
    for descending in (True, False):
        seen, after = [], None
        for _ in range(len(ids)):  # (a key read wrong would page round and round)
            page = case_query.list_cases(sort="created_at", descending=descending, after=after, limit=2)
            if not page:
                break
            seen += [r.id for r in page]
            after = page[-1].key
        assert seen == (ids[::-1] if descending else ids)
    tehran_5th = case_query.CaseFilter(date_from=dt.date(2026, 12, 5), date_to=dt.date(2026, 12, 5))
    assert sorted(r.id for r in case_query.list_cases(tehran_5th)) == ids[3:]  # from 20:30:00 UTC on the 4th
