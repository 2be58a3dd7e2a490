"""`samad init`: create or upgrade the schema, then load the reference data and default settings."""

from __future__ import annotations

from dataclasses import dataclass, field

import peewee

from app import migrations
from app.db import DatabaseError, close_database, database, open_database, parse_url, resolve_url
from app.services.actor import SYSTEM
from app.services.admin import audit, audit_chain, pg_roles, settings
from app.services.letters import holidays


@dataclass(frozen=True)
class InitResult:
    schema_from: int
    schema_to: int
    migrations_applied: list[int]
    reference_added: dict[str, int]
    holidays_loaded: dict[int, int] = field(default_factory=dict)  # {Jalali year: official holidays added}
    triggers_restored: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return (
            bool(self.migrations_applied)
            or any(self.reference_added.values())
            or bool(self.holidays_loaded)
            or bool(self.triggers_restored)
        )


def init_database(db: peewee.Database, official_holidays: bool = False) -> InitResult:
    """Create or upgrade the schema and load the reference data; with official_holidays, also Iran's official
    holidays of this Jalali year and the next (each year once: what a supervisor edits afterwards is kept).
    The product (`samad init`, the app's start, `samad demo`) asks for them; tests that count working days
    on a bare list leave them out."""
    before = migrations.current_version(db)
    start = _reference_counts() if before >= 1 else dict.fromkeys(_KINDS, 0)
    try:
        applied = migrations.upgrade(db)
    except migrations.SchemaTooNew as exc:
        raise DatabaseError(str(exc)) from exc
    if isinstance(db, peewee.PostgresqlDatabase) and applied:
        pg_roles.refresh_grants(db)  # tables a migration added reach the application role too
    restored = audit_chain.ensure_triggers(db)  # a trigger dropped behind the program's back comes back
    if restored:
        with db.atomic():
            audit.record(SYSTEM, "audit.triggers_restored", "audit", None, triggers=restored)
    with db.atomic():
        settings.ensure_defaults()
    _load_seed_once()
    # The seed reference data is loaded once, by migration 14 on a new database: starting again never re-adds
    # an entry a supervisor renamed or deleted.
    end = _reference_counts()
    loaded = holidays.ensure_official_holidays() if official_holidays else {}
    return InitResult(
        before,
        migrations.current_version(db),
        applied,
        {k: end[k] - start[k] for k in _KINDS},
        loaded,
        tuple(restored),
    )


_KINDS = ("county", "agency", "category", "request_type")


def _load_seed_once() -> None:
    """Load the seed reference data when migration 14 marked the database as new. Taking the mark and loading
    are one transaction, so of several PCs starting together exactly one loads it."""
    from app.migrations.m0014_reference_seed import SEED_PENDING
    from app.models import Setting
    from app.services.admin import reference

    with database.atomic():
        if Setting.delete().where(Setting.key == SEED_PENDING).execute():
            reference.load_seed(SYSTEM)


def _reference_counts() -> dict[str, int]:
    from app.models import Agency, Category, County, RequestType

    return dict(
        zip(_KINDS, (m.select().count() for m in (County, Agency, Category, RequestType)), strict=True)
    )


def check_schema(db: peewee.Database) -> int:
    """Refuse a database newer than this program; return its version (0 = empty)."""
    version = migrations.current_version(db)
    if version > migrations.latest_version():
        raise DatabaseError(
            f"The database schema (version {version}) is newer than this program "
            f"(version {migrations.latest_version()}); install the newer Samad Desk."
        )
    return version


def open_for_app(database_url: str | None = None) -> str:
    """The desktop app's start: find the database (--database, SAMAD_DATABASE_URL, the settings file, the
    per-user default), open it and bring it to this program's schema. Returns its URL; DatabaseError (one
    sentence for the user) when it cannot be used."""
    url = resolve_url(database_url)
    init_database(
        open_database(url), official_holidays=True
    )  # a new Jalali year's holidays on its first start
    return url


def resolve(database_url: str | None = None) -> str:
    """Which database the program uses (--database, SAMAD_DATABASE_URL, the settings file, the default)."""
    return resolve_url(database_url)


def redacted_label(url: str) -> str:
    """The URL without its password, for the log; a malformed URL says so instead of raising."""
    try:
        return parse_url(url).redacted()
    except DatabaseError:
        return "(malformed URL)"


def database_label(url: str) -> str:
    """Where the data is, for the status bar and the login: a file's path, or the server URL without password."""
    parsed = parse_url(url)
    return parsed.path if parsed.is_sqlite else parsed.redacted()


def is_local_file(url: str) -> bool:
    """True for a SQLite file on this PC (backed up by copying), False for a shared server."""
    return parse_url(url).is_sqlite


def close_thread_connection() -> None:
    """Close this thread's own connection (a worker thread's, before it ends)."""
    close_database()
