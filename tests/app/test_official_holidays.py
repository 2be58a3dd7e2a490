"""Iran's official holidays come from the `holidays` library on init and at each new Jalali year, once per
year, so a supervisor's corrections are kept; working-day deadlines skip them."""

import datetime as dt
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from app import db as app_db
from app import migrations
from app.domain import jalali
from app.models import AuditEntry, Holiday, HolidayYear
from app.services.admin.setup import init_database
from app.services.letters import holidays

J = jalali.from_jalali
ROOT = Path(__file__).resolve().parents[2]

# 1405 (2026-03-21 to 2027-03-20) as the holidays library gives it. The solar days are fixed by law; the
# lunar ones of spring and summer 1405 are the library's observed dates (those from Dey on are its estimates).
SOLAR_1405 = [
    J(1405, 1, 1),
    J(1405, 1, 2),
    J(1405, 1, 3),
    J(1405, 1, 4),
    J(1405, 1, 12),
    J(1405, 1, 13),
    J(1405, 3, 14),
    J(1405, 3, 15),
    J(1405, 11, 22),
    J(1405, 12, 29),
]
LUNAR_1405 = {
    J(1405, 1, 2): "فطر",
    J(1405, 1, 25): "جعفر صادق",
    J(1405, 3, 6): "قربان",
    J(1405, 3, 14): "غدیر",
    J(1405, 4, 3): "تاسوعا",
    J(1405, 4, 4): "عاشورا",
    J(1405, 5, 13): "اربعین",
    J(1405, 5, 21): "رسول اکرم",
    J(1405, 5, 22): "امام رضا",
    J(1405, 5, 30): "حسن عسکری",
    J(1405, 6, 8): "میلاد رسول اکرم",
    J(1405, 8, 22): "فاطمه زهرا",
    J(1405, 10, 2): "امام علی",
}


def test_known_dates_of_1405(db):
    assert holidays.load_official_holidays(1405) > 20
    listed = {h.date: h for h in holidays.list_holidays(1405)}
    for day in SOLAR_1405:
        assert day in listed and listed[day].official, jalali.format_jalali(day)
    assert "نوروز" in listed[J(1405, 1, 3)].title and "انقلاب" in listed[J(1405, 11, 22)].title
    assert "نفت" in listed[J(1405, 12, 29)].title
    for day, word in LUNAR_1405.items():
        assert word in listed[day].title, (jalali.format_jalali(day), listed[day].title)
    # Two holidays on one day keep both names (Nowruz and Eid al-Fitr fall together in 1405).
    assert "نوروز" in listed[J(1405, 1, 1)].title and "فطر" in listed[J(1405, 1, 1)].title
    assert J(1405, 1, 5) not in listed and all(d.year in (2026, 2027) for d in listed)
    assert all(jalali.jalali_year(d) == 1405 for d in listed)


def test_init_loads_this_year_and_next_once(database_url):
    database = app_db.open_database(database_url)
    result = init_database(database, official_holidays=True)
    year = jalali.jalali_year(jalali.today_local())
    assert sorted(result.holidays_loaded) == [year, year + 1] and all(result.holidays_loaded.values())
    assert holidays.loaded_years() == [year, year + 1]
    assert AuditEntry.select().where(AuditEntry.action == "holiday.seed").count() == 2
    again = init_database(database, official_holidays=True)
    assert again.holidays_loaded == {} and not again.changed


def test_a_new_year_loads_by_itself(db):
    expected = {y: len(holidays.official_holidays(y)) for y in (1405, 1406)}
    assert holidays.ensure_official_holidays(J(1405, 6, 1)) == expected
    assert holidays.ensure_official_holidays(J(1405, 12, 29)) == {}
    loaded = holidays.ensure_official_holidays(J(1406, 1, 1))  # the first start of 1406
    assert list(loaded) == [1407] and loaded[1407] > 20


def test_supervisor_corrections_are_kept(db, supervisor):
    own = holidays.add_holiday(supervisor, J(1405, 4, 3), "تاسوعا (اعلام استانداری)")  # typed before the load
    holidays.load_official_holidays(1405)
    ashura = next(h for h in holidays.list_holidays(1405) if h.date == J(1405, 4, 4))
    holidays.remove_holiday(supervisor, ashura.id)  # the government announced it a day later
    holidays.add_holiday(supervisor, J(1405, 4, 5), "عاشورای حسینی")
    assert holidays.load_official_holidays(1405) == 0
    assert holidays.ensure_official_holidays(J(1405, 7, 1)) == {1406: len(holidays.official_holidays(1406))}
    listed = {h.date: h for h in holidays.list_holidays(1405)}
    assert J(1405, 4, 4) not in listed
    assert listed[J(1405, 4, 5)].source == "manual" and listed[J(1405, 4, 3)] == own


def test_working_day_deadlines_skip_official_holidays(db):
    start = J(1404, 12, 26)  # a Tuesday; 29 Esfand 1404 is a Friday
    assert holidays.due_date(start, 3, working_days=True) == J(1405, 1, 1)  # the bare list: Fridays only
    holidays.load_official_holidays(1404)
    holidays.load_official_holidays(1405)
    # 27 and 28 Esfand count; 1-4 Farvardin are Nowruz; the third working day is 5 Farvardin.
    assert holidays.due_date(start, 3, working_days=True) == J(1405, 1, 5)
    assert holidays.due_date(J(1405, 3, 13), 1, working_days=True) == J(1405, 3, 16)


def test_upgrade_marks_existing_holidays_as_typed_by_hand(database_url):
    database = app_db.open_database(database_url)
    migrations.upgrade(
        database, target=11
    )  # a release before official holidays (frozen DDL: no source column)
    assert "source" not in {c.name for c in database.get_columns("holiday")}
    assert "holiday_year" not in database.get_tables()
    database.execute_sql("INSERT INTO holiday (date, title) VALUES ('2026-03-21', 'نوروز')")
    init_database(database)
    row = Holiday.get(Holiday.date == dt.date(2026, 3, 21))
    assert row.source == "manual" and row.title == "نوروز"
    assert HolidayYear.select().count() == 0


OTHER_PC = """
import sys
from app.db import database, open_database
from app.models import HolidayYear, utcnow
open_database(sys.argv[1])
with database.atomic():
    HolidayYear.create(jalali_year=1405, loaded_at=utcnow().isoformat(), loaded=0)
    print("loading", flush=True)
    sys.stdin.readline()
print("done", flush=True)
"""


def test_two_pcs_loading_the_same_year_at_once(db, database_url):
    other = subprocess.Popen(
        [sys.executable, "-c", OTHER_PC, database_url],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )
    try:
        assert other.stdout.readline().strip() == "loading"  # the other PC is in the middle of loading 1405
        result = {}
        here = threading.Thread(target=lambda: result.update(added=holidays.load_official_holidays(1405)))
        here.start()
        time.sleep(0.5)  # this PC reaches the year's mark and waits for the other
        other.stdin.write("\n")
        other.stdin.flush()
        assert other.stdout.readline().strip() == "done", other.stderr.read()
        here.join(30)
        assert result == {"added": 0}  # no error at start-up, and the list is not loaded twice
    finally:
        other.kill()
        other.wait()
    assert holidays.loaded_years() == [1405]
