"""`samad migrate-to URL`: copy a whole database (normally this PC's SQLite file) into an EMPTY server
database, then prove every row arrived.

The target gets this program's schema first; then every table is copied in dependency order, in batches,
keeping ids, inside ONE transaction (a failure leaves the target as empty as it was, ready for another try).
Self-references (a re-routed referral, a letter that replaces another) are filled in after their table.
PostgreSQL id sequences are moved past the copied ids, and the counters (tracking codes, letter numbers)
travel as ordinary tables, so numbering goes on without a gap or a repeat. Finally each table is counted
and checksummed on both sides.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import peewee

from app import migrations
from app.db import database, is_postgres, make_database, parse_url
from app.models import ALL_TABLES, Case
from app.services.actor import Actor, require
from app.services.admin import audit
from app.services.cases import sort_ranks
from app.services.cases.cases import case_search_key
from app.services.errors import ServiceError
from app.services.knowledge import knowledge_search

BATCH = 1000
# Derived search indexes that live outside the models' tables: rebuilt on the target after the copy.
REBUILD_HOOKS: list[Callable[[peewee.Database], None]] = [knowledge_search.rebuild_index]
# Tables a database keeps for itself or that migrations make on the target: never copied.
# audit_commit (PostgreSQL, migration 11) is filled by a trigger as the audit trail is copied in; the change
# feed's horizon (migration 32) belongs to that table.
_NOT_DATA = {
    "schema_version",
    "sqlite_sequence",
    "sqlite_stat1",
    "sqlite_stat4",
    "audit_commit",
    "change_feed_horizon",
}


class TransferRefused(ServiceError):
    pass


@dataclass(frozen=True)
class TableTransfer:
    table: str
    source_rows: int
    target_rows: int
    source_checksum: str
    target_checksum: str

    @property
    def ok(self) -> bool:
        return self.source_rows == self.target_rows and self.source_checksum == self.target_checksum


@dataclass(frozen=True)
class TransferReport:
    source: str  # redacted URLs
    target: str
    schema_version: int
    tables: list[TableTransfer]
    seconds: float
    not_copied: list[str] = field(default_factory=list)  # source tables no model describes

    @property
    def ok(self) -> bool:
        return all(t.ok for t in self.tables)

    @property
    def rows(self) -> int:
        return sum(t.target_rows for t in self.tables)


def ordered_models() -> list[type[peewee.Model]]:
    """Every table, each after the tables it refers to."""
    return peewee.sort_models(ALL_TABLES)


def _canonical(value) -> str:
    if value is None:
        return "\x00"
    if isinstance(value, bool):
        return "T" if value else "F"
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, float | decimal.Decimal):
        return repr(float(value))
    return str(value)


def table_fingerprint(db: peewee.Database, model: type[peewee.Model]) -> tuple[int, str]:
    """(row count, sha256 of every row in primary-key order) as the models read them from `db`."""
    digest = hashlib.sha256()
    count = 0
    with db.bind_ctx([model], bind_refs=False, bind_backrefs=False):
        fields = _compared_fields(model)
        pk = model._meta.primary_key
        last = None
        while True:
            query = model.select(*fields).order_by(pk).limit(BATCH * 5)
            if last is not None:
                query = query.where(pk > last)
            rows = list(query.tuples())
            for row in rows:
                digest.update("\x1f".join(_canonical(v) for v in row).encode("utf-8"))
                digest.update(b"\x1e")
            count += len(rows)
            if len(rows) < BATCH * 5:
                break
            last = rows[-1][_position(fields, pk)]
    return count, digest.hexdigest()


def _compared_fields(model: type[peewee.Model]) -> list:
    """The fields a fingerprint covers: all but a case's search key, which the two kinds of database keep
    differently (PostgreSQL in the column, SQLite computed from the other columns, which are compared)."""
    return [f for f in model._meta.sorted_fields if f is not Case.search_key]


def _with_search_keys(rows: list[tuple], fields: list, postgres: bool) -> list[tuple]:
    """A case's rows as the target keeps them: the search key made from its caller's name, subject and
    description for PostgreSQL, '' for SQLite (app.services.cases.cases.stored_search_key)."""
    at = {f.name: i for i, f in enumerate(fields)}
    key, name, subject, description = (at[n] for n in ("search_key", "caller_name", "subject", "description"))
    return [
        (
            *row[:key],
            case_search_key(row[name] or "", row[subject] or "", row[description] or "") if postgres else "",
            *row[key + 1 :],
        )
        for row in rows
    ]


def _position(fields: list, field) -> int:
    """The index of `field` (peewee fields overload ==, so list.index cannot be used)."""
    return next(i for i, f in enumerate(fields) if f is field)


def _nonempty_tables(db: peewee.Database) -> list[str]:
    existing = set(db.get_tables())
    busy = []
    for model in ALL_TABLES:
        name = model._meta.table_name
        if name in existing and db.execute_sql(f'SELECT 1 FROM "{name}" LIMIT 1').fetchone():
            busy.append(name)
    return busy


def _copy_table(
    source: peewee.Database, target: peewee.Database, model: type[peewee.Model], progress: Callable | None
) -> int:
    fields = model._meta.sorted_fields
    pk = model._meta.primary_key
    self_index = [
        i for i, f in enumerate(fields) if isinstance(f, peewee.ForeignKeyField) and f.rel_model is model
    ]
    pk_index = _position(fields, pk)
    deferred: list[tuple] = []  # (pk, {field: value}) for self-references, set after the table
    copied, last = 0, None
    with source.bind_ctx([model], bind_refs=False, bind_backrefs=False):
        total = model.select().count()
    while True:
        with source.bind_ctx([model], bind_refs=False, bind_backrefs=False):
            query = model.select(*fields).order_by(pk).limit(BATCH)
            if last is not None:
                query = query.where(pk > last)
            rows = list(query.tuples())
        if not rows:
            break
        if model is Case:
            rows = _with_search_keys(rows, fields, is_postgres(target))
        if self_index:
            fixed = []
            for row in rows:
                refs = {fields[i]: row[i] for i in self_index if row[i] is not None}
                if refs:
                    deferred.append((row[pk_index], refs))
                    row = tuple(None if i in self_index else v for i, v in enumerate(row))
                fixed.append(row)
            rows = fixed
        with target.bind_ctx([model], bind_refs=False, bind_backrefs=False):
            model.insert_many(rows, fields=fields).execute()
        copied += len(rows)
        last = rows[-1][pk_index]
        if progress:
            progress(model._meta.table_name, copied, total)
    if deferred:
        with target.bind_ctx([model], bind_refs=False, bind_backrefs=False):
            for key, refs in deferred:
                model.update({f: v for f, v in refs.items()}).where(pk == key).execute()
    return copied


def _reset_sequences(target: peewee.Database) -> None:
    for model in ALL_TABLES:
        pk = model._meta.primary_key
        if isinstance(pk, peewee.AutoField):
            name, column = model._meta.table_name, pk.column_name
            target.execute_sql(
                f"SELECT setval(pg_get_serial_sequence('\"{name}\"', '{column}'), "
                f'COALESCE(MAX("{column}"), 1), MAX("{column}") IS NOT NULL) FROM "{name}"'
            )


def migrate(
    actor: Actor, source_url: str, target_url: str, progress: Callable | None = None
) -> TransferReport:
    """Copy everything from `source_url` into the empty database at `target_url` and verify it."""
    require(actor, "export_personal_data")  # the whole database, citizens included, goes elsewhere
    started = time.perf_counter()
    source_name, target_name = parse_url(source_url).redacted(), parse_url(target_url).redacted()
    if source_name == target_name:
        raise TransferRefused("مبدأ و مقصد یک پایگاه داده‌اند.")
    target_parsed = parse_url(target_url)
    target_file = Path(target_parsed.path).expanduser() if target_parsed.is_sqlite else None
    if target_file is not None and not target_file.parent.is_dir():
        raise TransferRefused(f"پوشه «{target_file.parent}» نیست؛ پایگاه مقصد در پوشه‌ای موجود ساخته می‌شود.")
    target_was_there = target_file is not None and target_file.exists()
    if target_was_there:  # read without opening it as the program does (that would switch it to WAL)
        found = _sqlite_tables(target_file)
        if found:
            raise TransferRefused(
                f"پایگاه داده مقصد خالی نیست (جدول‌های {', '.join(found[:5])})؛ "
                "انتقال فقط به پایگاه داده تازه و خالی انجام می‌شود."
            )
    source, target = make_database(source_url), make_database(target_url)
    previous = database.obj
    report, touched = None, False  # touched: the target was found empty and this copy began filling it
    try:
        source.connect()
        target.connect()
        version = migrations.current_version(source)
        if version == 0:
            raise TransferRefused(f"پایگاه داده مبدأ ({source_name}) خالی است؛ چیزی برای انتقال نیست.")
        busy = target.get_tables()  # any table at all, ours or another program's, empty or not
        if busy:
            raise TransferRefused(
                f"پایگاه داده مقصد خالی نیست (جدول‌های {', '.join(busy[:5])})؛ "
                "انتقال فقط به پایگاه داده تازه و خالی انجام می‌شود (createdb)."
            )
        touched = True
        database.initialize(source)  # migrations create tables through the models' proxy
        migrations.upgrade(source)
        database.initialize(target)
        migrations.upgrade(target, schema_only=True)  # its reference data comes from the source
        not_copied = sorted(
            t
            for t in set(source.get_tables()) - {m._meta.table_name for m in ALL_TABLES} - _NOT_DATA
            if not _is_index_table(source, t)
        )
        with source.atomic(), target.atomic():  # the source is read in one snapshot (and held still)
            for model in ordered_models():
                _copy_table(source, target, model, progress)
            if is_postgres(target):
                _reset_sequences(target)
            _rebuild_indexes(target)
        tables = []
        for model in ordered_models():
            s_rows, s_sum = table_fingerprint(source, model)
            t_rows, t_sum = table_fingerprint(target, model)
            tables.append(TableTransfer(model._meta.table_name, s_rows, t_rows, s_sum, t_sum))
        report = TransferReport(
            source_name,
            target_name,
            migrations.current_version(target),
            tables,
            time.perf_counter() - started,
            not_copied,
        )
        with target.atomic():
            # the sort ranks came in the source's name order; the target's collation may order names otherwise
            sort_ranks.reorder()
            audit.record(
                actor,
                "database.migrate",
                "database",
                None,
                source=source_name,
                rows=report.rows,
                verified=report.ok,
            )
        return report
    finally:
        database.initialize(previous)
        source.close()
        target.close()
        if touched and (report is None or not report.ok):  # failed or MISMATCH: the target empty again
            _empty_target(target_url, target_file, target_was_there)
        elif not touched and target_file is not None and not target_was_there:
            for extra in ("", "-wal", "-shm"):  # refused: not even an empty file is left behind
                Path(f"{target_file}{extra}").unlink(missing_ok=True)


def _sqlite_tables(file: Path) -> list[str]:
    import sqlite3

    if not file.is_file() or file.stat().st_size == 0:
        return []
    try:
        conn = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return [file.name]  # not a database at all: certainly not an empty target


def _empty_target(target_url: str, file: Path | None, was_there: bool) -> None:
    """Undo a copy that did not verify (or failed part-way): no table of it stays in the target, so nobody
    points the PCs at half a database, and the copy can be run again. The target held no table before."""
    if file is not None:
        for extra in ("-wal", "-shm", "-journal"):
            Path(f"{file}{extra}").unlink(missing_ok=True)
        if was_there:
            file.write_bytes(b"")  # it was an empty file: empty again (a zero-byte file is an empty database)
        else:
            file.unlink(missing_ok=True)
        return
    target = make_database(target_url)
    try:
        target.connect()
        with target.atomic():
            for name in target.get_tables():
                target.execute_sql(f'DROP TABLE IF EXISTS "{name}" CASCADE')
    finally:
        target.close()


def _rebuild_indexes(target: peewee.Database) -> None:
    for hook in REBUILD_HOOKS:
        hook(target)


def _is_index_table(db: peewee.Database, name: str) -> bool:
    """Full-text index tables (virtual tables and their shadow tables) are rebuilt from the data, not copied."""
    if is_postgres(db):
        return False
    virtual = [
        r[0]
        for r in db.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'"
        )
    ]
    return any(name == v or name.startswith(v + "_") for v in virtual)
