"""The accountability figures for a small fixed data set, checked against values computed by hand.

Days are counted from BASE (day 0); the period is days 0..29 and «today» is day 40.

water (A): r1 issued 0, due 10, answered 3 (on time, 3 days), call back satisfied
           r2 issued 1, due 11, answered 13 (late, 12 days), call back not satisfied (reopened)
           r3 issued 2, due 7, reminder on 8 (due -> 15), answered 11 (late: after the first due; 9 days)
           r9 issued 1, letter cancelled (left out); r10 issued 35 (outside the period)
power (B): r4 issued 0, due 5, reminders on 6 and 14, escalated on 22, never answered (overdue now)
           r5 issued 3, due 13, answered 13 «not responsible» (on time, 10 days) and re-routed to gas
           r7 issued 8, due 68, not answered (not due yet: not in the on-time share)
gas (C):   r6 issued 13 (the re-route of r5), due 23, not answered (overdue now)
           r8 issued 4, due 14, answered 5 (on time, 1 day), call back partly satisfied

A: received 3, answered 3, on time 1 of 3 due (33%), days 3, 12, 9 -> median 9, average 8, reminders 1,
   satisfied 1 of 2 rated (50%).
B: received 3, answered 1, on time 1 of 2 due (50%), days 10, overdue 1, reminders 2, escalations 1,
   none rated (r5 was re-routed).
C: received 2, answered 1, on time 1 of 2 due (50%), days 1, overdue 1, satisfied 0 of 1 (0%).
Worst first: A (33%), then B and C (50%, one overdue each): B has more referrals.
Total: 8 received, 5 answered, 3 on time of 7 due, days 1, 3, 9, 10, 12 -> median 9, average 7,
       overdue 2, reminders 3, escalations 1, satisfied 1 of 3.
"""

import csv
import io

import pytest
from openpyxl import load_workbook

from app.services.followup import accountability, accountability_export, callbacks, reminders
from app.services.letters import referrals
from tests.app.followup_helpers import GAS, answer, at, day, issue
from tests.app.letter_helpers import POWER, WATER, agency_id
from tests.pdf_text import missing_words


@pytest.fixture
def report(operator, official, supervisor):
    r1 = issue(official, operator, WATER, 0, 10)
    r2 = issue(official, operator, WATER, 1, 11)
    r3 = issue(official, operator, WATER, 2, 7)
    r9 = issue(official, operator, WATER, 1, 9)
    referrals.cancel_letter(official, r9.letter_id, "تکراری")
    issue(official, operator, WATER, 35, 45)
    r4 = issue(official, operator, POWER, 0, 5)
    r5 = issue(official, operator, POWER, 3, 13)
    issue(official, operator, POWER, 8, 68)
    r8 = issue(official, operator, GAS, 4, 14)

    answer(operator, r1.id, 3)
    callbacks.record_callback(
        operator, r1.case_id, {"reached": True, "satisfaction": "satisfied", "outcome": "resolved"}, now=at(4)
    )
    answer(operator, r2.id, 13)
    callbacks.record_callback(
        operator,
        r2.case_id,
        {"reached": True, "satisfaction": "not_satisfied", "decision": "reopen", "comment": "کاری نشد."},
        now=at(14),
    )
    reminders.send_reminder(official, r3.id, now=at(8))
    answer(operator, r3.id, 11)
    reminders.send_reminder(official, r4.id, now=at(6))
    reminders.send_reminder(official, r4.id, now=at(14))
    reminders.escalate(official, r4.id, now=at(22))
    answer(
        official,
        r5.id,
        13,
        result="not_responsible",
        reroute={"agency_id": agency_id(GAS), "due_date": day(23)},
    )
    answer(operator, r8.id, 5)
    callbacks.record_callback(
        operator, r8.case_id, {"reached": True, "satisfaction": "partly", "outcome": "resolved"}, now=at(6)
    )
    return accountability.accountability_report(supervisor, day(0), day(29), today=day(40))


def figures(f) -> tuple:
    return (
        f.received,
        f.answered,
        f.on_time,
        f.due,
        f.overdue_now,
        f.reminders,
        f.escalations,
        f.satisfied,
        f.partly,
        f.not_satisfied,
    )


def test_figures_match_the_hand_computed_values(report):
    assert [f.agency_name for f in report.agencies] == [WATER, POWER, GAS]
    water, power, gas = report.agencies
    assert figures(water) == (3, 3, 1, 3, 0, 1, 0, 1, 0, 1)
    assert water.days == {3: 1, 12: 1, 9: 1}
    assert (water.median_days, water.average_days) == (9, 8)
    assert water.on_time_pct == pytest.approx(1 / 3) and water.satisfied_pct == 0.5
    assert figures(power) == (3, 1, 1, 2, 1, 2, 1, 0, 0, 0)
    assert (power.median_days, power.average_days, power.on_time_pct, power.satisfied_pct) == (
        10,
        10,
        0.5,
        None,
    )
    assert figures(gas) == (2, 1, 1, 2, 1, 0, 0, 0, 1, 0)
    assert (gas.median_days, gas.on_time_pct, gas.satisfied_pct) == (1, 0.5, 0)
    total = report.total
    assert figures(total) == (8, 5, 3, 7, 2, 3, 1, 1, 1, 1)
    assert (total.median_days, total.average_days) == (9, 7)


def test_a_shorter_period_and_a_later_today(report, supervisor):
    early = accountability.accountability_report(supervisor, day(0), day(2), today=day(40))
    assert {f.agency_name: f.received for f in early.agencies} == {WATER: 3, POWER: 1}
    first_day = accountability.accountability_report(supervisor, day(0), day(0), today=day(40))
    assert [(f.agency_name, f.due, f.on_time_pct) for f in first_day.agencies] == [
        (POWER, 1, 0.0),
        (WATER, 1, 1.0),
    ]
    # r7 alone is not due yet: no on-time share, and it sorts after any agency with one
    not_due = accountability.accountability_report(supervisor, day(8), day(8), today=day(40))
    assert [(f.agency_name, f.received, f.due, f.on_time_pct, f.overdue_now) for f in not_due.agencies] == [
        (POWER, 1, 0, None, 0)
    ]


def test_median_of_a_histogram():
    assert accountability.median_of_histogram({}) is None
    assert accountability.median_of_histogram({4: 1}) == 4
    assert accountability.median_of_histogram({1: 1, 3: 1}) == 2
    assert accountability.median_of_histogram({0: 2, 5: 1, 9: 3}) == 7


def test_exports_carry_the_same_figures(report):
    rows = list(csv.reader(io.StringIO(accountability_export.accountability_csv(report).decode("utf-8-sig"))))
    assert rows[0][0] == "دستگاه" and [r[0] for r in rows[1:]] == [WATER, POWER, GAS, "جمع"]
    assert rows[1][1:5] == ["3", "3", "1", "0.3333"] and rows[4][1:4] == ["8", "5", "3"]
    sheet = load_workbook(io.BytesIO(accountability_export.accountability_xlsx(report))).active
    assert sheet.sheet_view.rightToLeft and sheet.cell(4, 1).value == WATER and sheet.cell(7, 2).value == 8
    text = accountability_export.accountability_text(report)
    assert f"{WATER}\t3\t3\t1\t33%\t9\t8\t0\t1\t0\t2\t50%" in text
    pdf = accountability_export.accountability_pdf(report)
    for phrase in (GAS, WATER, "۳۳٪", "۵۰٪", "جمع", "گذشته از مهلت", "درصد رضایت"):
        assert not missing_words(pdf, phrase), phrase
