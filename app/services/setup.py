"""`samad init`: create or upgrade the schema, then load the reference data and default settings."""
from __future__ import annotations

from dataclasses import dataclass, field

import peewee

from app import migrations
from app.db import DatabaseError
from app.services import holidays, reference, settings
from app.services.actor import SYSTEM


@dataclass(frozen=True)
class InitResult:
    schema_from: int
    schema_to: int
    migrations_applied: list[int]
    reference_added: dict[str, int]
    holidays_loaded: dict[int, int] = field(default_factory=dict)  # {Jalali year: official holidays added}

    @property
    def changed(self) -> bool:
        return bool(self.migrations_applied) or any(self.reference_added.values()) or bool(self.holidays_loaded)


def init_database(db: peewee.Database, official_holidays: bool = False) -> InitResult:
    """Create or upgrade the schema and load the reference data; with official_holidays, also Iran's official
    holidays of this Jalali year and the next (each year once: what a supervisor edits afterwards is kept).
    The product (`samad init`, the app's start, `samad demo`) asks for them; tests that count working days
    on a bare list leave them out."""
    before = migrations.current_version(db)
    try:
        applied = migrations.upgrade(db)
    except migrations.SchemaTooNew as exc:
        raise DatabaseError(str(exc)) from exc
    with db.atomic():
        settings.ensure_defaults()
    added = reference.load_seed(SYSTEM)
    loaded = holidays.ensure_official_holidays() if official_holidays else {}
    return InitResult(before, migrations.current_version(db), applied, added, loaded)


def check_schema(db: peewee.Database) -> int:
    """Refuse a database newer than this program; return its version (0 = empty)."""
    version = migrations.current_version(db)
    if version > migrations.latest_version():
        raise DatabaseError(
            f"The database schema (version {version}) is newer than this program "
            f"(version {migrations.latest_version()}); install the newer Samad Desk.")
    return version
