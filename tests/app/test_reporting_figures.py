"""Every report's figures against the hand-computed values of tests/app/report_data.py, on each database."""

import datetime as dt

import pytest

from app.domain.jalali import from_jalali
from app.domain.period import Period
from app.models import Case, Holiday
from app.services.cases import case_summary
from app.services.reporting import calls, dashboard, monthly, outcomes, sources
from app.services.reporting.calls import NO_AGENCY, TOTAL
from app.services.reporting.kinds import build_report
from app.wiring import REPORTS_BY_KEY as KINDS
from tests.app import report_data
from tests.app.report_data import PERIOD, POWER, TODAY, WATER
from tests.conftest import make_user


@pytest.fixture
def data(db, supervisor, operator):
    op2 = make_user("operator2", "operator")
    return report_data.build(operator, op2)


def pairs(report, *keys):
    """{first cell: (values of keys)} for the report's rows."""
    idx = [report.index(k) for k in keys]
    return {row[0]: tuple(row[i] for i in idx) for row in report.rows}


def test_calls_by_request_type(data):
    r = calls.by_request_type(PERIOD)
    assert [row[0] for row in r.rows] == ["ایده", "پیشنهاد", "انتقاد", "شکایت", "درخواست", "سؤال و راهنمایی"]
    assert pairs(r, "calls", "guided", "closed", "open") == {
        "ایده": (0, 0, 0, 0),
        "پیشنهاد": (0, 0, 0, 0),
        "انتقاد": (1, 0, 1, 0),
        "شکایت": (2, 0, 1, 1),
        "درخواست": (1, 0, 0, 1),
        "سؤال و راهنمایی": (2, 2, 2, 0),
    }
    assert r.value("شکایت", "share") == pytest.approx(2 / 6)
    assert r.total == (TOTAL, 6, 1.0, 2, 4, 2)
    assert r.charts[0].kind == "pie" and dict(zip(r.charts[0].labels, r.charts[0].values, strict=True)) == {
        "انتقاد": 1,
        "شکایت": 2,
        "درخواست": 1,
        "سؤال و راهنمایی": 2,
    }


def test_calls_by_category_county_channel_operator(data):
    category = calls.by_category(PERIOD)
    assert [(row[0], row[1]) for row in category.rows[:3]] == [("آب و فاضلاب", 3), ("برق", 2), ("گاز", 1)]
    assert all(row[1] == 0 for row in category.rows[3:]) and len(category.rows) == 21
    county = calls.by_county(PERIOD)
    assert [(row[0], row[1]) for row in county.rows[:3]] == [("تبریز", 4), ("اهر", 1), ("بناب", 1)]
    assert county.value("تبریز", "guided") == 1 and county.value("تبریز", "open") == 1
    channel = calls.by_channel(PERIOD)
    assert pairs(channel, "calls") == {"تلفن ۱۱۱": (3,), "حضوری": (1,), "نامه": (1,), "سامانه اینترنتی": (1,)}
    operator = calls.by_operator(PERIOD)
    assert [(row[0], row[1]) for row in operator.rows] == [
        (data.operators["op1"], 4),
        (data.operators["op2"], 2),
    ]
    assert operator.total[1] == 6


def test_calls_by_agency_puts_cases_without_one_last(data):
    r = calls.by_agency(PERIOD)
    assert [(row[0], row[1]) for row in r.rows] == [(WATER, 2), (POWER, 1), (NO_AGENCY, 3)]


def test_calls_by_hour_uses_tehran_time(data):
    r = calls.by_hour(PERIOD)
    by_hour = {i: row[1] for i, row in enumerate(r.rows)}
    assert {h: n for h, n in by_hour.items() if n} == {0: 1, 8: 1, 9: 1, 10: 1, 14: 1, 23: 1}
    assert r.rows[8][0] == "08:00 تا 09:00" and r.charts[0].values[23] == 1


def test_calls_by_day_uses_tehran_days(data):
    r = calls.by_day(PERIOD)
    assert len(r.rows) == 30 and r.rows[0][0] == from_jalali(1405, 8, 1)
    counts = {row[0]: row[2] for row in r.rows if row[2]}
    assert counts == {
        from_jalali(1405, 8, 1): 1,
        from_jalali(1405, 8, 2): 2,
        from_jalali(1405, 8, 15): 1,
        from_jalali(1405, 8, 20): 1,
        from_jalali(1405, 8, 30): 1,
    }
    assert r.rows[0][1] == "جمعه" and r.total[2] == 6


def test_a_one_day_period_holds_only_that_tehran_day(data):
    day = Period(from_jalali(1405, 8, 2), from_jalali(1405, 8, 2))
    assert calls.by_request_type(day).total[1] == 2  # c2 (UTC: the day before) and c3
    assert calls.by_request_type(Period(from_jalali(1405, 9, 1), from_jalali(1405, 9, 1))).total[1] == 1


def test_outcomes(data):
    r = outcomes.by_outcome(PERIOD)
    got = pairs(r, "cases", "days")
    assert got["حل‌شده"] == (1, pytest.approx(11.0))
    assert got["راهنمایی‌شده"] == (2, pytest.approx(0.0))
    assert got["تکراری"] == (1, pytest.approx(1.25))
    assert got["خارج از وظایف دستگاه"] == (0, None)
    assert [row[1] for row in r.rows[-3:]] == [1, 1, 0]  # registered (c4), referred (c3), answered
    assert r.total[1] == 6 and r.total[3] == pytest.approx(12.25 / 4)


def test_agencies_come_from_the_accountability_service(data, supervisor):
    # The follow-up's definitions: days to answer in calendar days (r1: 08/01→08/11 = 10, r3: 08/20→08/26 = 6),
    # on-time share over the referrals already due, worst agency first.
    r = sources.agencies(supervisor, PERIOD, today=TODAY)
    assert [row[0] for row in r.rows][:2] == [POWER, WATER]
    rows = pairs(r, "received", "answered", "on_time", "on_time_share", "overdue", "satisfied")
    assert rows[POWER] == (1, 0, 0, 0.0, 1, None)
    assert rows[WATER] == (2, 2, 1, 0.5, 0, 1.0)  # r1's verdict «satisfied»; r3 has none
    assert r.value(WATER, "median_days") == 8.0 and r.value(WATER, "average_days") == 8.0
    gas = r.rows[2]
    assert "گاز" in gas[0] and gas[1:5] == (1, 0, 0, None) and gas[7] == 0  # due today: not yet due
    assert r.total[1:5] == (4, 2, 1, pytest.approx(1 / 3)) and r.total[7] == 1
    assert r.source is not None and r.source.total.received == 4


def test_guidance_by_article(data, supervisor):
    r = sources.guidance(supervisor, PERIOD)
    assert [(row[0], row[3]) for row in r.rows] == [("بخشنامه یارانه نان", 2), ("پاسخ آماده قبض آب", 1)]
    assert r.rows[0][1] == "بخشنامه" and r.total[3] == 3


def test_attendance(data, supervisor):
    r = sources.attendance(supervisor, PERIOD, today=TODAY)
    row = r.row_for(data.official_name)
    assert row[2:8] == (3, 1, 0, 1, 0, 0.5) and row[8] == pytest.approx(1.0)


def test_dashboard(data, supervisor):
    f = dashboard.dashboard_figures(supervisor, today=TODAY)
    assert f.calls_today == 1 and f.follow_ups_today == 0
    # The 30 days before today (1405/07/30..08/29) hold five Fridays; c1 (08/01) and c4 (08/15) came on a
    # Friday, so the working days' calls are c6, c2, c3 and c8.
    off = Holiday.select().where(
        Holiday.date.between(TODAY - dt.timedelta(days=30), TODAY - dt.timedelta(days=1))
    )
    assert not [h for h in off]  # (no listed holidays in those days; the figure below would change)
    assert f.daily_average == pytest.approx(4 / 25)
    assert (
        f.open_cases,
        f.drafts_waiting,
        f.waiting_referrals,
        f.overdue,
        f.due_today,
        f.callbacks_waiting,
    ) == (4, 1, 3, 2, 1, 1)
    assert (
        len(f.per_day) == 30 and f.per_day[0] == (from_jalali(1405, 8, 1), 1) and f.per_day[-1] == (TODAY, 1)
    )
    assert f.by_type == [("انتقاد", 1), ("شکایت", 2), ("درخواست", 1), ("سؤال و راهنمایی", 2)]
    assert f.by_category == [("آب و فاضلاب", 3), ("برق", 2), ("گاز", 1)]
    assert f.by_county == [("تبریز", 4), ("اهر", 1), ("بناب", 1)]
    assert f.overdue_agencies == [(POWER, 2)]
    assert [(p.name, p.present) for p in f.on_duty] == [(data.official_name, False)]


def test_monthly_headlines_compare_with_the_previous_month(data, supervisor):
    m = monthly.monthly_report(supervisor, PERIOD)
    assert m.previous == report_data.jalali_month(1405, 7)
    values = {h.key: (h.current, h.previous) for h in m.headlines}
    assert values["calls"] == (6, 1)
    assert values["per_day"] == (pytest.approx(0.2), pytest.approx(1 / 30))
    assert values["follow_ups"] == (1, 1)
    assert values["guided"] == (2, 0) and values["guided_share"] == (pytest.approx(1 / 3), 0.0)
    assert values["referrals"] == (4, 1) and values["answers"] == (2, 0)
    # at the end of آبان (today = 09/01) r2 and r7 are due and unanswered, r1 on time, r3 late: 1 of 4;
    # at the end of مهر nothing was due yet.
    assert values["on_time"] == (0.25, None)
    assert values["answer_days"] == (8.0, None)
    assert values["closed"] == (4, 0) and values["overdue_at_end"] == (2, 0)
    assert values["satisfied"] == (0.5, None)
    assert m.headline("calls").change == pytest.approx(5.0)
    assert m.headline("on_time").change is None and m.headline("guided_share").change == pytest.approx(1 / 3)
    assert m.agencies.total[1] == 4 and m.by_county.rows[0][:2] == ("تبریز", 4)


def test_every_kind_builds_through_the_registry(data, supervisor):
    for key in KINDS:
        report = build_report(supervisor, key, PERIOD)
        assert report.kind == key and report.columns and report.period == PERIOD


def test_operators_may_not_read_reports(data, operator):
    from app.services.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        build_report(operator, "calls-by-type", PERIOD)
    assert dashboard.dashboard_figures(operator, today=TODAY).calls_today == 1


def test_summer_time_years_group_by_the_offset_then_in_force(data):
    """Before 2022 Iran kept +04:30 in summer: 2021-06-01 20:00 UTC was 00:30 on 2 June in Tehran
    (with a fixed +03:30 it would wrongly fall on 1 June at 23:30)."""
    Case.update(created_at=dt.datetime(2021, 6, 1, 20, 0)).where(Case.id == data.cases["c1"]).execute()
    Case.update(created_at=dt.datetime(2021, 1, 10, 20, 0)).where(
        Case.id == data.cases["c3"]
    ).execute()  # +03:30
    case_summary.rebuild()  # the times were set by hand, past the services that keep the summary
    period = Period(dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    assert [s.offset_minutes for s in period.segments()] == [210, 270, 210]
    days = {row[0]: row[2] for row in calls.by_day(period).rows if row[2]}
    assert days == {dt.date(2021, 6, 2): 1, dt.date(2021, 1, 10): 1}  # 20:00 UTC + 3:30 = 23:30 the same day
    hours = {i: row[1] for i, row in enumerate(calls.by_hour(period).rows) if row[1]}
    assert hours == {0: 1, 23: 1}
    assert calls.by_request_type(Period(dt.date(2021, 6, 2), dt.date(2021, 6, 2))).total[1] == 1
