"""Version 5: follow-up. A referral keeps a summary of its follow-up beside the records themselves — the due
date before reminders extended it, the number of reminders, when it was escalated, and the citizen's verdict
at the first call back after the answer — and an index covers the agency accountability report's scan of
a period with them (peewee's name for the Referral.Meta.indexes entry). Existing reminders, escalations and
call backs are summarised once here."""

import peewee

from app.migrations import add_column

VERSION = 5

BACKFILL = [
    "UPDATE referral SET reminder_count = (SELECT COUNT(*) FROM reminder m WHERE m.referral_id = referral.id), "
    "first_due_date = (SELECT MIN(m.previous_due_date) FROM reminder m WHERE m.referral_id = referral.id) "
    "WHERE EXISTS (SELECT 1 FROM reminder m WHERE m.referral_id = referral.id)",
    "UPDATE referral SET escalated_at = (SELECT MIN(e.at) FROM escalation e WHERE e.referral_id = referral.id) "
    "WHERE EXISTS (SELECT 1 FROM escalation e WHERE e.referral_id = referral.id)",
    "UPDATE referral SET verdict = (SELECT c.satisfaction FROM callback c WHERE c.case_id = referral.case_id "
    "AND c.satisfaction IS NOT NULL AND c.at >= referral.answered_at ORDER BY c.id LIMIT 1) WHERE status = 'answered'",
]


INDEX = (
    'CREATE INDEX IF NOT EXISTS "referral_issued_at_agency_id_status_due_date_first_due_d_8114591" '
    'ON "referral" ("issued_at", "agency_id", "status", "due_date", "first_due_date", "answered_at", '
    '"reminder_count", "escalated_at", "verdict")'
)


def apply(db: peewee.Database) -> None:
    add_column(db, "referral", "first_due_date", "DATE")
    add_column(db, "referral", "reminder_count", "INTEGER")  # NULL (bulk inserts) means 0
    add_column(db, "referral", "escalated_at", "DATETIME", "TIMESTAMP")
    add_column(db, "referral", "verdict", "VARCHAR(20)")
    for sql in BACKFILL:
        db.execute_sql(sql)
    db.execute_sql(INDEX)
