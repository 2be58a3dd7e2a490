"""Version 24: the register sorted by agency or operator walks an index. The agency's and the operator's names
are kept on the case (cases.agency_name, '' for none; cases.operator_name), updated when a case's agency
changes and when an agency or a user is renamed; (agency_name, id), (operator_name, id) and (subject, id)
are indexed, so the first page of a million cases sorted by any of them reads a hundred index entries instead
of sorting every case. Filled here from the names as they are today."""

import peewee

VERSION = 24

INDEXES = [
    'CREATE INDEX IF NOT EXISTS "cases_agency_name_id" ON "cases" ("agency_name", "id")',
    'CREATE INDEX IF NOT EXISTS "cases_operator_name_id" ON "cases" ("operator_name", "id")',
    'CREATE INDEX IF NOT EXISTS "cases_subject_id" ON "cases" ("subject", "id")',
]


def apply(db: peewee.Database) -> None:
    # The database keeps the default '' on both kinds (add_column drops a PostgreSQL default): a batched insert
    # that names its columns without these (the demo's) still works, and is followed by a refill.
    existing = {c.name for c in db.get_columns("cases")}
    for column, size in (("agency_name", 200), ("operator_name", 120)):
        if column not in existing:
            db.execute_sql(f'ALTER TABLE "cases" ADD COLUMN "{column}" VARCHAR({size}) NOT NULL DEFAULT \'\'')
    db.execute_sql(
        "UPDATE cases SET agency_name = COALESCE((SELECT a.name FROM agency a WHERE a.id = cases.agency_id), ''), "
        "operator_name = COALESCE((SELECT u.full_name FROM \"user\" u WHERE u.id = cases.operator_id), '')"
    )
    for sql in INDEXES:
        db.execute_sql(sql)
