"""Deadlines: overdue and due-soon lists by agency with calendar days late, the counts, searching the list,
the reminder and escalation letters read back from their PDFs, the timeline's order, and the command line."""

import csv
import io
import json

import pytest

from app.cli import main
from app.domain import jalali
from app.models import Letter
from app.services.followup import deadlines, reminders
from app.services.letters import letters
from app.wiring import case_timeline
from tests.app.followup_helpers import GAS, answer, at, day, issue
from tests.app.letter_helpers import POWER, WATER
from tests.pdf_text import missing_words

pytestmark = pytest.mark.usefixtures("cli_login")  # commands log in as «root» (see conftest)


def test_lists_counts_and_agencies(operator, official):
    water = issue(official, operator, WATER, 0, 5)
    power = issue(official, operator, POWER, 0, 8)
    issue(official, operator, POWER, 0, 12)
    gas = issue(official, operator, GAS, 0, 20)
    answer(operator, gas.id, 2)
    today = day(10)
    assert deadlines.counts(today) == deadlines.DeadlineCounts(2, 1, today)
    overdue = deadlines.list_followups(deadlines.FollowUpFilter(today=today))
    assert [(r.referral_id, r.days_late, r.days_left) for r in overdue] == [
        (water.id, 5, -5),
        (power.id, 2, -2),
    ]
    soon = deadlines.list_followups(deadlines.FollowUpFilter(kind="due_soon", today=today))
    assert [(r.agency_name, r.days_late, r.days_left, r.next_action) for r in soon] == [(POWER, 0, 2, "none")]
    assert len(deadlines.followup_ids(deadlines.FollowUpFilter(kind="waiting", today=today))) == 3
    per_agency = deadlines.by_agency(today)
    assert [(a.agency_name, a.waiting, a.overdue, a.due_soon, a.most_days_late) for a in per_agency] == [
        (WATER, 1, 1, 0, 5),
        (POWER, 2, 1, 1, 2),
    ]
    only_power = deadlines.list_followups(deadlines.FollowUpFilter(today=today, agency_id=power.agency_id))
    assert [r.referral_id for r in only_power] == [power.id]


def test_search_by_letter_number_tracking_code_or_words(operator, official):
    water = issue(official, operator, WATER, 0, 5, subject="نشت لوله اصلی")
    issue(official, operator, POWER, 0, 5, subject="خاموشی شبانه")
    f = deadlines.FollowUpFilter(today=day(9))
    number = Letter.get_by_id(water.letter_id).number
    for text in (number, number.replace("۱", "1"), "نشت لوله"):
        assert deadlines.followup_ids(deadlines.FollowUpFilter(text=text, today=f.today)) == [water.id], text
    code = deadlines.list_followups(f)[0].tracking_code
    assert len(deadlines.followup_ids(deadlines.FollowUpFilter(text=code, today=f.today))) == 1


def test_follow_up_letters_read_back_from_their_pdfs(operator, official):
    referral = issue(official, operator, POWER, 0, 5)
    first = Letter.get_by_id(referral.letter_id)
    one = reminders.send_reminder(official, referral.id, now=at(6))
    pdf = letters.letter_pdf(one.letter_id)
    for phrase in ("پیرو نامه شماره", first.number, "نخستین تذکر", "دفتر بازرسی، مدیریت عملکرد و امور حقوقی"):
        assert not missing_words(pdf, phrase), phrase
    reminders.send_reminder(official, referral.id, now=at(14))
    escalation = reminders.escalate(official, referral.id, "پاسخ نداد.", now=at(22))
    pdf = letters.letter_pdf(escalation.letter_id)
    content = json.loads(Letter.get_by_id(escalation.letter_id).content)
    for phrase in ("ریاست محترم دفتر بازرسی", "گزارش پاسخ‌ندادن", POWER, "۲ نامه تذکر", content["number"]):
        assert not missing_words(pdf, phrase), phrase


def test_timeline_holds_every_step_in_time_order(operator, official):
    referral = issue(official, operator, WATER, 0, 5)
    reminders.send_reminder(official, referral.id, now=at(6))
    answer(operator, referral.id, 8)
    entries = case_timeline(referral.case_id)
    assert [e.at for e in entries] == sorted(e.at for e in entries)
    # the steps dated by the test's clock (audit entries carry the real time they were written)
    steps = [e.kind for e in entries if e.kind not in ("status", "change")]
    assert steps == ["contact", "referral", "letter", "letter", "reminder", "response"]
    reminder = next(e for e in entries if e.kind == "reminder")
    assert reminder.who == "کاربر official1" and "مهلت تازه" in reminder.detail
    statuses = [e.title for e in entries if e.kind == "status"]
    assert statuses == ["وضعیت: ارجاع‌شده (در انتظار دستگاه)", "وضعیت: پاسخ داده شده"]


def test_samad_report_agencies(operator, official, supervisor, database_url, tmp_path, capsys):
    referral = issue(official, operator, WATER, 0, 5)
    answer(operator, referral.id, 3)
    start, end = jalali.format_jalali(day(0), "en"), jalali.format_jalali(day(1), "en")
    assert main(["--database", database_url, "report", "agencies", "--from", start, "--to", end]) == 0
    out = capsys.readouterr().out
    assert f"{WATER}\t1\t1\t1\t100%\t3\t3\t0\t0\t0\t0\t—" in out
    path = tmp_path / "agencies.csv"
    assert (
        main(
            [
                "--database",
                database_url,
                "report",
                "agencies",
                "--from",
                start,
                "--to",
                end,
                "--format",
                "csv",
                "-o",
                str(path),
            ]
        )
        == 0
    )
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert rows[1][:4] == [WATER, "1", "1", "1"]
    assert main(["--database", database_url, "report", "agencies", "--from", end, "--to", start]) == 1
    assert "پایان دوره" in capsys.readouterr().err
