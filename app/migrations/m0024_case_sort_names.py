"""Version 24: the register sorted by agency or operator walks an index. The agency's and the operator's names
are kept on the case (cases.agency_name, '' for none; cases.operator_name), updated when a case's agency
changes and when an agency or a user is renamed; (agency_name, id), (operator_name, id) and (subject, id)
are indexed, so the first page of a million cases sorted by any of them reads a hundred index entries instead
of sorting every case. Filled here from the names as they are today."""

import peewee

from app.migrations import add_column

VERSION = 24

INDEXES = [
    'CREATE INDEX IF NOT EXISTS "cases_agency_name_id" ON "cases" ("agency_name", "id")',
    'CREATE INDEX IF NOT EXISTS "cases_operator_name_id" ON "cases" ("operator_name", "id")',
    'CREATE INDEX IF NOT EXISTS "cases_subject_id" ON "cases" ("subject", "id")',
]


def apply(db: peewee.Database) -> None:
    add_column(db, "cases", "agency_name", "VARCHAR(200) NOT NULL DEFAULT ''")
    add_column(db, "cases", "operator_name", "VARCHAR(120) NOT NULL DEFAULT ''")
    db.execute_sql(
        "UPDATE cases SET agency_name = COALESCE((SELECT a.name FROM agency a WHERE a.id = cases.agency_id), ''), "
        "operator_name = COALESCE((SELECT u.full_name FROM \"user\" u WHERE u.id = cases.operator_id), '')"
    )
    for sql in INDEXES:
        db.execute_sql(sql)
