"""`samad init`: create or upgrade the schema, then load the reference data and default settings."""
from __future__ import annotations

from dataclasses import dataclass

import peewee

from app import migrations
from app.db import DatabaseError
from app.services import settings


@dataclass(frozen=True)
class InitResult:
    schema_from: int
    schema_to: int
    migrations_applied: list[int]
    reference_added: dict[str, int]

    @property
    def changed(self) -> bool:
        return bool(self.migrations_applied) or any(self.reference_added.values())


def init_database(db: peewee.Database) -> InitResult:
    before = migrations.current_version(db)
    start = _reference_counts() if before >= 1 else dict.fromkeys(_KINDS, 0)
    try:
        applied = migrations.upgrade(db)
    except migrations.SchemaTooNew as exc:
        raise DatabaseError(str(exc)) from exc
    with db.atomic():
        settings.ensure_defaults()
    # The seed reference data is loaded once, by migration 14 on a new database: starting again never re-adds
    # an entry a supervisor renamed or deleted.
    end = _reference_counts()
    return InitResult(before, migrations.current_version(db), applied, {k: end[k] - start[k] for k in _KINDS})


_KINDS = ("county", "agency", "category", "request_type")


def _reference_counts() -> dict[str, int]:
    from app.models import Agency, Category, County, RequestType

    return dict(zip(_KINDS, (m.select().count() for m in (County, Agency, Category, RequestType)), strict=True))


def check_schema(db: peewee.Database) -> int:
    """Refuse a database newer than this program; return its version (0 = empty)."""
    version = migrations.current_version(db)
    if version > migrations.latest_version():
        raise DatabaseError(
            f"The database schema (version {version}) is newer than this program "
            f"(version {migrations.latest_version()}); install the newer Samad Desk.")
    return version
