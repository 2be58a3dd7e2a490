"""`samad init`: create or upgrade the schema, then load the reference data and default settings."""
from __future__ import annotations

from dataclasses import dataclass

import peewee

from app import migrations
from app.db import DatabaseError
from app.services import audit, audit_chain, pg_roles, reference, settings
from app.services.actor import SYSTEM


@dataclass(frozen=True)
class InitResult:
    schema_from: int
    schema_to: int
    migrations_applied: list[int]
    reference_added: dict[str, int]
    triggers_restored: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.migrations_applied) or any(self.reference_added.values()) or bool(self.triggers_restored)


def init_database(db: peewee.Database) -> InitResult:
    before = migrations.current_version(db)
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
    added = reference.load_seed(SYSTEM)
    return InitResult(before, migrations.current_version(db), applied, added, tuple(restored))


def check_schema(db: peewee.Database) -> int:
    """Refuse a database newer than this program; return its version (0 = empty)."""
    version = migrations.current_version(db)
    if version > migrations.latest_version():
        raise DatabaseError(
            f"The database schema (version {version}) is newer than this program "
            f"(version {migrations.latest_version()}); install the newer Samad Desk.")
    return version
