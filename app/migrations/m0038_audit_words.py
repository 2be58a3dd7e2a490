"""Version 38: SQLite keeps an audit entry's action and entity as numbers of a frozen vocabulary, and its entity id
as the integer it spells (issue 17).

«letter.issue» and «letter» took 13 and 7 bytes of every entry's row, and the action again in its index (the
audit page's filter by action), the entity in the (entity, entity_id) index: at six entries a case about
200 bytes a case. A listed word is one byte as its number (app.domain.audit_words.WORDS); the model's field
(app.models.base.WordField) converts at the boundary, so the program reads and writes the words. The entity
id («75310») is an integer where it spells one plainly (3-4 bytes instead of 5-7, in the row and the index;
app.domain.audit_words.stored_entity_id): its column has no type affinity, so other text stays as written.

What is hashed does not change: the chain covers the words, which the verifier reads back from the numbers, so
every hash, head hash and checkpoint written down stays valid. A value that is no listed word (an action the
program did not have at this version, or text written behind the program's back) is kept as its text.

The table is rebuilt as migration 34 did it (SQLite cannot change a column's type, and the append-only
triggers refuse UPDATE), its indexes, triggers and statistics put back word for word; the old pages stay as
free pages until a VACUUM. PostgreSQL keeps its text columns (its size target is met): nothing to do there.
"""

import peewee

from app.domain.audit_words import stored_entity_id, stored_word
from app.migrations import rebuild_sqlite_audit_table

VERSION = 38

_SQLITE_TABLE = (
    'CREATE TABLE "audit_entry_new" ("id" INTEGER NOT NULL PRIMARY KEY, "at" INTEGER NOT NULL, '
    '"user_id" INTEGER, "username" VARCHAR(50) NOT NULL, "action" INTEGER NOT NULL, '
    '"entity" INTEGER NOT NULL, "entity_id" BLOB, "details" BLOB NOT NULL, "seq" INTEGER, '
    '"entry_hash" BLOB, FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE RESTRICT)'
)
_COPIED = "id, at, user_id, username, details, seq, entry_hash"


def apply(db: peewee.Database) -> None:
    if isinstance(db, peewee.PostgresqlDatabase):
        return
    columns = {c.name: c.data_type.lower() for c in db.get_columns("audit_entry")}
    if columns.get("action") == "integer":
        return
    rebuild_sqlite_audit_table(
        db,
        _SQLITE_TABLE,
        _COPIED,
        {"action": stored_word, "entity": stored_word, "entity_id": stored_entity_id},
    )
