"""Version 12: official holidays loaded from the `holidays` library are told apart from the ones a supervisor
typed in (holiday.source: 'official' or 'manual'), and each Jalali year whose official holidays were loaded is
recorded (holiday_year), so loading runs once a year and never brings back a day a supervisor removed."""

import peewee

VERSION = 12


def apply(db: peewee.Database) -> None:
    if "source" not in {c.name for c in db.get_columns("holiday")}:
        db.execute_sql("ALTER TABLE holiday ADD COLUMN source VARCHAR(20) NOT NULL DEFAULT 'manual'")
    db.execute_sql(
        "CREATE TABLE IF NOT EXISTS holiday_year (jalali_year INTEGER NOT NULL PRIMARY KEY, "
        "loaded_at VARCHAR(40) NOT NULL, loaded INTEGER NOT NULL)"
    )
