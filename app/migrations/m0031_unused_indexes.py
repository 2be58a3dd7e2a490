"""Version 31: indexes no query needs go (issue 17; docs/performance.md lists every index and its query).

- Both databases: the nine-column referral index migration 5 made to cover the agency accountability report's
  scan of a period. The report reads its summary since migration 25; what still reads the referrals by issue
  time (the earliest issue, the report's rows-based reference, the summary's rebuild) needs (issued_at) alone.
- PostgreSQL only: on the cases, one-column indexes that a two-column index begins with: (status), (agency_id),
  (citizen_id), (county_id), (category_id), (request_type_id), (operator_id) beside (X, created_at), and
  (created_at) beside (created_at, id); on the referrals (status) beside (status, due_date). Any lookup, range or
  foreign-key check on X reads the longer index as well. SQLite keeps them: its entries end with the rowid, the
  id, so (status) alone gives the register filtered by status in its default order (by id) with no sort, which
  (status, created_at) cannot (the closed cases at 50,000: 0.0 against 14.9 ms, sorting them all). PostgreSQL's
  entries end with the row's place on disk, not its id: it walked the primary key or sorted either way.

At 50,000 demo cases 143 B a case fewer on PostgreSQL, 44 B on SQLite; 0.03 and 0.17 s."""

import peewee

VERSION = 31

# 64 characters: PostgreSQL cut its name at 63, and cuts this one the same way
_COVERING = "referral_issued_at_agency_id_status_due_date_first_due_d_8114591"
_PG_DROPPED = [
    "cases_status",
    "cases_agency_id",
    "cases_citizen_id",
    "cases_county_id",
    "cases_category_id",
    "cases_request_type_id",
    "cases_operator_id",
    "cases_created_at",
    "referral_status",
]


def apply(db: peewee.Database) -> None:
    db.execute_sql('CREATE INDEX IF NOT EXISTS "referral_issued_at" ON "referral" ("issued_at")')
    postgres = isinstance(db, peewee.PostgresqlDatabase)
    for name in [_COVERING, *(_PG_DROPPED if postgres else [])]:
        db.execute_sql(f'DROP INDEX IF EXISTS "{name}"')
