"""Version 17: a slot can be planned as parallel (two officials in the center in the same hour), and
check-in honours it. The DDL is written out here, as it was on the day, not derived from today's models."""
import peewee

VERSION = 17


def apply(db: peewee.Database) -> None:
    if "parallel" in {c.name for c in db.get_columns("attendance_slot")}:
        return
    default = "FALSE" if isinstance(db, peewee.PostgresqlDatabase) else "0"
    db.execute_sql(f"ALTER TABLE attendance_slot ADD COLUMN parallel BOOLEAN NOT NULL DEFAULT {default}")
