"""Version 31: indexes no query needs go (issue 17; docs/indexes.md lists every index and the query it serves).

- On the cases, one-column indexes that a two-column index begins with: (status), (agency_id), (citizen_id),
  (county_id), (category_id), (request_type_id), (operator_id) beside (X, created_at), and on PostgreSQL
  (created_at) beside (created_at, id). Any lookup, range or foreign-key check on X reads the longer index as
  well (its entries are a few bytes wider). SQLite keeps (created_at): it has no (created_at, id), and its
  entries carry the rowid, which is the id.
- On the referrals, (status) beside (status, due_date), and the nine-column index migration 5 made for the
  agency accountability report's scan of a period: the report reads its summary since migration 25, and what
  still reads the referrals by issue time (the earliest issue, the summary's rebuild) needs (issued_at) alone.

At 50,000 demo cases 143 B a case fewer on PostgreSQL, 128 B on SQLite; 0.03 and 0.17 s (docs/indexes.md)."""

import peewee

VERSION = 31

_DROPPED = [
    "cases_status",
    "cases_agency_id",
    "cases_citizen_id",
    "cases_county_id",
    "cases_category_id",
    "cases_request_type_id",
    "cases_operator_id",
    "referral_status",
    # 64 characters: PostgreSQL cut its name (and cuts this one) at 63
    "referral_issued_at_agency_id_status_due_date_first_due_d_8114591",
]
_PG_DROPPED = ["cases_created_at"]


def apply(db: peewee.Database) -> None:
    db.execute_sql('CREATE INDEX IF NOT EXISTS "referral_issued_at" ON "referral" ("issued_at")')
    postgres = isinstance(db, peewee.PostgresqlDatabase)
    for name in _DROPPED + (_PG_DROPPED if postgres else []):
        db.execute_sql(f'DROP INDEX IF EXISTS "{name}"')
