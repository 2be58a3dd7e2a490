"""The base model every table inherits: bound to the one database proxy."""

from __future__ import annotations

import datetime as _dt

import peewee

from app.db import database, is_postgres
from app.domain import audit_words, short_text
from app.domain.utc_micros import from_micros, micros_of_text, to_micros


def utcnow() -> _dt.datetime:
    return _dt.datetime.now(_dt.UTC).replace(tzinfo=None)


class BaseModel(peewee.Model):
    """Timestamps are naive UTC datetimes in Python (UtcTimeField: TIMESTAMP on PostgreSQL, integer
    microseconds on SQLite)."""

    class Meta:
        database = database
        legacy_table_names = False


def _postgres_ddl(ctx) -> bool:
    """Whether a field's DDL is being written for PostgreSQL (its type names; SQLite's otherwise)."""
    return ctx is not None and ctx.state.field_types.get("BLOB") == "BYTEA"


def stored_time(db, value):
    """What a UtcTimeField column holds for `value` on `db` (a database, or the models' proxy): on SQLite a
    datetime, a date or a time's text becomes integer microseconds since the epoch (app.domain.utc_micros);
    on PostgreSQL, and for any other value (None; an integer already stored), `value` as it is. Raw SQL that
    writes or compares a stored time (an audit entry's, a case's, a letter's ...) passes it through here, as the
    model's field does."""
    if is_postgres(db):
        return value
    if isinstance(value, _dt.date):
        return to_micros(value)
    return micros_of_text(value)


class UtcTimeField(peewee.DateTimeField):
    """A naive UTC datetime, as DateTimeField, kept on SQLite as integer microseconds since the Unix epoch:
    8 bytes in the row and in an index where the text took 19-26 (issue 17: migration 34 for the audit entries'
    time, migration 36 for every other table's). PostgreSQL keeps its TIMESTAMP. Exact both ways, microseconds
    included. A value stored otherwise (text written behind the program's back) reads back as DateTimeField
    reads it.

    `sqlite_type` is the column's declared type on SQLite: INTEGER where the table was rebuilt for it (the audit
    entries), DATETIME where migration 36 converted the values in place (SQLite cannot change a column's type;
    a DATETIME column has NUMERIC affinity and keeps an integer as an integer)."""

    def __init__(self, *args, sqlite_type: str = "DATETIME", **kwargs):
        self.sqlite_type = sqlite_type
        super().__init__(*args, **kwargs)

    def ddl_datatype(self, ctx):
        return peewee.SQL("TIMESTAMP" if _postgres_ddl(ctx) else self.sqlite_type)

    def db_value(self, value):
        return stored_time(self.model._meta.database, value)

    def python_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return from_micros(value)
        return super().python_value(value)


class CompressedTextField(peewee.Field):
    """Text the program reads and writes as a str, stored compressed by `codec` (app.domain.compressed_text):
    a letter's frozen content, an audit entry's details. Rows stored before their column was compressed read
    back too. The column is BYTEA on PostgreSQL; on SQLite `sqlite_type` (a letter's content stays TEXT as
    migration 2 made it: SQLite keeps a BLOB in a TEXT column as it is)."""

    field_type = "COMPRESSED_TEXT"

    def __init__(self, codec, *args, sqlite_type: str = "BLOB", **kwargs):
        self.codec = codec
        self.sqlite_type = sqlite_type
        super().__init__(*args, **kwargs)

    def ddl_datatype(self, ctx):
        return peewee.SQL("BYTEA" if _postgres_ddl(ctx) else self.sqlite_type)

    def db_value(self, value):
        return None if value is None else self.codec.pack(value)

    def python_value(self, value):
        return None if value is None else self.codec.unpack(value)


def stored_word(db, value):
    """What a WordField column holds for `value` on `db` (a database, or the models' proxy): on SQLite a listed
    word's number (app.domain.audit_words), on PostgreSQL the word itself. Raw SQL that writes audit entries
    passes their action and entity through here, as the model's field does."""
    return value if is_postgres(db) else audit_words.stored_word(value)


class WordField(peewee.CharField):
    """A word from the audit trail's frozen vocabulary (an entry's action or entity), as CharField, kept on
    SQLite as the word's number (an INTEGER column: one byte for the text's 5-25, in the row and the index;
    migration 38, issue 17). PostgreSQL keeps the text. A word not listed is stored as its text and reads back
    as it was."""

    def ddl_datatype(self, ctx):
        return super().ddl_datatype(ctx) if _postgres_ddl(ctx) else peewee.SQL("INTEGER")

    def db_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return value  # a number already (startswith's list)
        return stored_word(self.model._meta.database, super().db_value(value))

    def python_value(self, value):
        return audit_words.word(value)

    def startswith(self, prefix: str):
        """The words beginning with `prefix`: on SQLite the listed words' numbers, or text that begins so."""
        plain = super().startswith(prefix)
        numbers = audit_words.numbers_starting(prefix)
        if is_postgres(self.model._meta.database) or not numbers:
            return plain
        return self.in_(numbers) | plain


def index_where_set(field: peewee.Field) -> None:
    """Index a foreign key that almost every row leaves empty (a case taken up in an official's session, a
    re-routed referral, a replacing letter) on its set rows only (migration 39, issue 17): the lookups by it
    (`= ?`, which implies IS NOT NULL) and the database's own foreign-key checks read it the same, and the
    million empty entries (8-10 bytes a case each) are not kept."""
    model = field.model
    name = f"{model._meta.table_name}_{field.column_name}"
    model.add_index(model.index(field, name=name, where=field.is_null(False)))


class EntityIdField(peewee.CharField):
    """An audit entry's entity id, text as CharField, kept on SQLite as the integer it spells when spelled
    plainly (app.domain.audit_words.stored_entity_id; migration 38): the column has no type affinity there
    (declared BLOB), so SQLite keeps any other text exactly as written. Read back as text. PostgreSQL keeps
    the text."""

    def ddl_datatype(self, ctx):
        return super().ddl_datatype(ctx) if _postgres_ddl(ctx) else peewee.SQL("BLOB")

    def db_value(self, value):
        value = super().db_value(value)
        return value if is_postgres(self.model._meta.database) else audit_words.stored_entity_id(value)


def stored_short_text(db, value):
    """What a ShortTextField column holds for `value` on `db` (a database, or the models' proxy): on SQLite a str
    is packed by app.domain.short_text (one byte a Persian letter, behind format byte 3, when that is shorter);
    on PostgreSQL, and for None, `value` as it is. A raw INSERT of such a column (the demo's) passes its values
    through here, as the model's field does."""
    if value is None or is_postgres(db):
        return value
    return short_text.pack(value)


class ShortTextField(peewee.TextField):
    """Short free text (a referral's instruction and copy recipients, an agency's response, a contact's note)
    the program reads and writes as a str, kept on SQLite one byte a Persian letter (app.domain.short_text,
    migration 40, issue 17): about half the bytes of UTF-8. The column stays TEXT on both databases (SQLite keeps
    a BLOB in a TEXT column as it is); PostgreSQL keeps the text. A value stored as text (before migration 40,
    or behind the program's back) reads back as it is. SQL cannot search, sort or group the packed values: no
    query does so with these columns (a LIKE on one would miss every packed row)."""

    def db_value(self, value):
        return stored_short_text(self.model._meta.database, None if value is None else str(value))

    def python_value(self, value):
        return None if value is None else short_text.unpack(value, self.name)


# The fields whose SQLite column holds something else than the value the program reads (issue 17): raw writers
# (the demo's bulk INSERTs) pass those values through the field's db_value (`stored_*` above).
SQLITE_STORED_OTHERWISE = (UtcTimeField, WordField, EntityIdField, ShortTextField)
