"""`samad demo` looks like the center: about 200 calls on a working day (fewer on Thursday, none on Fridays and
official holidays), letter numbers in the order the letters were issued, a subject and description about the
same matter, and cases held for the official on duty; on a new file it initialises it first."""

import json
import re
from collections import Counter
from statistics import mean

import pytest

from app import cli
from app.db import close_database, open_database
from app.domain import jalali
from app.models import AuditEntry, Case, Category, Letter, LetterCounter
from app.services.demo import DemoContext, numbering, people, run_demo
from app.services.demo import call_texts as T
from app.services.demo import calls as demo_calls
from app.services.demo.calls import RATE
from app.services.letters import holidays
from app.services.schedule import sessions


def _day_counts() -> Counter:
    return Counter(jalali.to_local(at).date() for (at,) in Case.select(Case.created_at).tuples())


def test_a_working_day_has_about_200_calls(db):
    demo_calls._SQL_CACHE.clear()  # the cached INSERT text carries the other database's parameter style
    ctx = DemoContext(calls=3000, seed=5)
    people.run(ctx)
    demo_calls.run(ctx)
    counts = _day_counts()
    today = jalali.today_local()
    days = sorted(d for d in counts if d != today)[1:]  # whole days: not today, not the first (partly used)
    assert not [d for d in counts if jalali.is_friday(d)]
    ordinary = [counts[d] for d in days if d.weekday() != 3]
    thursdays = [counts[d] for d in days if d.weekday() == 3]
    assert len(ordinary) >= 8 and 0.8 * RATE <= mean(ordinary) <= 1.2 * RATE, ordinary
    assert all(0.6 * RATE <= n <= 1.4 * RATE for n in ordinary), ordinary
    assert all(n < 0.7 * RATE for n in thursdays), thursdays
    # N calls reach back only as far as the rate needs: 3,000 calls are about three weeks
    assert (today - min(counts)).days < 30


def test_no_calls_on_fridays_and_official_holidays(db):
    demo_calls._SQL_CACHE.clear()
    ctx = DemoContext(calls=800, rate=5, seed=6)  # half a year of a very quiet center
    people.run(ctx)
    demo_calls.run(ctx)
    counts = _day_counts()
    off = holidays.holiday_dates(min(counts), jalali.today_local())
    assert len(off) >= 5 and all(h.official for h in holidays.list_holidays() if h.date in off)
    assert not [d for d in counts if jalali.is_friday(d) or d in off]


@pytest.mark.parametrize("forked", [False, True], ids=["in_process", "forked"])
def test_letters_are_numbered_in_issue_order_and_name_each_other_rightly(db, monkeypatch, forked):
    """Also when the letters are built in forked processes (a large demo's way; forced here for a small one)."""
    demo_calls._SQL_CACHE.clear()
    monkeypatch.setattr(numbering, "PARALLEL_FROM", 0 if forked else 10**9)
    run_demo(calls=1500, rate=25, seed=3)  # a quiet center: three months, so reminders are due
    rows = list(Letter.select().order_by(Letter.issued_at, Letter.id))
    assert Counter(r.kind for r in rows)["reminder"] >= 10
    for a, b in zip(rows, rows[1:], strict=False):
        assert (a.year, a.serial) < (b.year, b.serial), (a.number, a.issued_at, b.number, b.issued_at)
    for counter in LetterCounter.select():
        serials = sorted(r.serial for r in rows if r.year == counter.year)
        assert serials == list(range(1, counter.last_serial + 1))
    numbers = {r.id: r.number for r in rows}
    for r in rows:
        content = json.loads(r.content)
        assert content["number"] == r.number
        if r.kind == "reminder":  # «پیرو نامه شماره ...»: the referral letter it follows, by its final number
            assert numbers[r.follows_id] in r.content
    issued = {
        int(a.entity_id): json.loads(a.details)
        for a in AuditEntry.select().where(AuditEntry.action == "letter.issue")
    }
    assert set(issued) == set(numbers)
    assert all(issued[i]["number"] == numbers[i] for i in numbers)
    reminded = [
        json.loads(a.details)["letter"]
        for a in AuditEntry.select().where(AuditEntry.action == "referral.reminder")
    ]
    assert reminded and set(reminded) <= set(numbers.values())


def test_subject_and_description_are_about_the_same_matter(db):
    demo_calls._SQL_CACHE.clear()
    ctx = DemoContext(calls=600, seed=9)
    people.run(ctx)
    demo_calls.run(ctx)

    def pattern(template: str) -> re.Pattern:
        return re.compile(re.sub(r"\\\{[a-z]+\\\}", ".+?", re.escape(template)) + "$")

    matters = {name: [(pattern(s), pattern(d), s) for s, d in T.matters(name)] for name in T.CATEGORIES}
    places = T.TABRIZ_PLACES + T.TOWN_PLACES
    for case in Case.select(Case, Category).join(Category):
        pairs = [
            s
            for ps, pd, s in matters[case.category.name]
            if ps.match(case.subject) and pd.match(case.description)
        ]
        assert pairs, (case.subject, case.description)
        named = [p for p in places if p in case.subject]
        assert (
            all(p in case.description for p in named)
            or "{place}"
            not in T.matters(case.category.name)[
                [s for s, _ in T.matters(case.category.name)].index(pairs[0])
            ][1]
        )


def test_cases_are_held_for_the_official_on_duty(db):
    demo_calls._SQL_CACHE.clear()
    run_demo(calls=1000, seed=4)
    held = sessions.held_cases()
    assert len(held) >= 5
    assert all((jalali.today_local() - jalali.to_local(h.created_at).date()).days < 7 for h in held)


def test_demo_on_a_new_file_initialises_it(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    demo_calls._SQL_CACHE.clear()
    code = cli.main(["--database", url, "demo", "--calls", "300"])
    close_database()
    out = capsys.readouterr().out
    assert code == 0 and "cases: 300" in out
    open_database(url)
    year = jalali.jalali_year(jalali.today_local())
    assert {year, year + 1} <= set(holidays.loaded_years())
    assert Case.select().count() == 300
    close_database()
