"""Version 5: follow-up. A referral keeps a summary of its follow-up beside the records themselves — the due
date before reminders extended it, the number of reminders, when it was escalated, and the citizen's verdict
at the first call back after the answer — and an index covers the agency accountability report's scan of a period with them
(declared in Referral.Meta.indexes, so a fresh database made by migration 2 and an upgraded one end up
alike). Existing reminders, escalations and call backs are summarised once here."""
import peewee

from app.migrations import add_missing_columns
from app.models import Referral

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


def apply(db: peewee.Database) -> None:
    add_missing_columns(db, Referral, "first_due_date", "reminder_count", "escalated_at", "verdict")
    for sql in BACKFILL:
        db.execute_sql(sql)
    Referral._schema.create_indexes(safe=True)  # IF NOT EXISTS: only the new one is made
