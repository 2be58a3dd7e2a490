"""Version 40: SQLite keeps four short free-text columns one byte a Persian letter (issue 17).

A referral's instruction and copy recipients (referral.instruction, referral.cc: JSON with agency names), an
agency's response (agency_response.text) and a contact's note (contact.note) were UTF-8 text: two bytes every
Persian letter. Each is now stored by app.domain.short_text: the text respelled by app.domain.persian_bytes
behind the format byte 0x03, as a BLOB in the same TEXT column, when that is shorter; otherwise (empty, ASCII
such as the recipients' «[]») the text as it was. Measured on a 100,000-case demo, built by main and by this
change on the same day (the same rows): 4,826 -> 4,712 bytes a case (file size), the referral table 268 -> 206
bytes a case, agency_response 136 -> 97, contact 137 -> 123; every other table and index unchanged.
The model's field (app.models.base.ShortTextField) reads both forms, so a row this migration missed, or one
written behind the program's back, still reads as it was.

The rows are converted in place: one UPDATE a table through a Python function of this connection, only where
the stored value is a text that packing shortens, so running it again changes nothing. No trigger watches these
columns and no index holds them. The freed bytes stay in the file as free space until a VACUUM (or a backup's
copy).

PostgreSQL keeps its TEXT columns (its size target is met): nothing to do there.
"""

import peewee

from app.domain import short_text

VERSION = 40

_COLUMNS = (("referral", ("instruction", "cc")), ("agency_response", ("text",)), ("contact", ("note",)))


def _packed(value):
    """The stored value of a text value (unchanged when packing would not shorten it); any other value as it is."""
    return short_text.pack(value) if isinstance(value, str) else value


def _shortens(value) -> int:
    return int(isinstance(value, str) and not isinstance(short_text.pack(value), str))


def apply(db: peewee.Database) -> None:
    if isinstance(db, peewee.PostgresqlDatabase):
        return
    connection = db.connection()
    connection.create_function("samad_short_text", 1, _packed, deterministic=True)
    connection.create_function("samad_short_text_shortens", 1, _shortens, deterministic=True)
    for table, columns in _COLUMNS:
        db.execute_sql(
            f'UPDATE "{table}" SET '
            + ", ".join(f'"{c}" = samad_short_text("{c}")' for c in columns)
            + " WHERE "
            + " OR ".join(f'samad_short_text_shortens("{c}")' for c in columns)
        )
