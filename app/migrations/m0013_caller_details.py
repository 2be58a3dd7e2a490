"""Version 13: each case (and each contact) keeps the caller's details as that call gave them, and the
citizen record gets a version number (its changes are in the audit trail with old and new values).

Until now a case showed its citizen's current name, phone and address, so a later call with another name
rewrote every earlier case. An upgraded database fills the new columns with what each case showed until
now (its citizen's details), and adds that name to the case's search key, keeping the words it had: the
case is found under the name it shows and under the name it was registered with.
"""

import peewee

from app.domain.search_text import document
from app.migrations import add_column

VERSION = 13

_COLUMNS = {
    "cases": [
        ("caller_name", "VARCHAR(120) NOT NULL DEFAULT ''"),
        ("caller_national_code", "VARCHAR(10)"),
        ("caller_phone", "VARCHAR(11)"),
        ("caller_address", "VARCHAR(300) NOT NULL DEFAULT ''"),
    ],
    "contact": [("caller_name", "VARCHAR(120) NOT NULL DEFAULT ''"), ("caller_phone", "VARCHAR(11)")],
    "citizen": [("version", "INTEGER NOT NULL DEFAULT 1")],
}
_INDEX = "CREATE INDEX IF NOT EXISTS cases_caller_name_id ON cases (caller_name, id)"
_FILL = [
    "UPDATE cases SET caller_name = (SELECT c.full_name FROM citizen c WHERE c.id = cases.citizen_id), "
    "caller_national_code = (SELECT c.national_code FROM citizen c WHERE c.id = cases.citizen_id), "
    "caller_phone = (SELECT c.phone FROM citizen c WHERE c.id = cases.citizen_id), "
    "caller_address = (SELECT c.address FROM citizen c WHERE c.id = cases.citizen_id) "
    "WHERE caller_name = ''",
    "UPDATE contact SET caller_name = (SELECT k.caller_name FROM cases k WHERE k.id = contact.case_id), "
    "caller_phone = (SELECT k.caller_phone FROM cases k WHERE k.id = contact.case_id) WHERE caller_name = ''",
]


def _add_name_to_search_keys(db: peewee.Database) -> None:
    # The one rule for search keys is the domain's (the same words the search looks for).
    param = db.param
    rows = db.execute_sql("SELECT id, caller_name, search_key FROM cases").fetchall()
    for case_id, name, key in rows:
        words = (key or "").split()
        extra = [w for w in document(name or "").split() if w not in words]
        if extra:
            db.execute_sql(
                f"UPDATE cases SET search_key = {param} WHERE id = {param}",
                (" ".join([*words, *extra]), case_id),
            )


def apply(db: peewee.Database) -> None:
    for table, columns in _COLUMNS.items():
        for name, ddl in columns:
            add_column(db, table, name, ddl)
    db.execute_sql(_INDEX)
    for sql in _FILL:
        db.execute_sql(sql)
    _add_name_to_search_keys(db)
