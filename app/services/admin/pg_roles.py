"""PostgreSQL: the owner role (migrations, restore) and the application role the PCs connect as.

The owner runs `samad init --app-role NAME`; the application role gets only what the services need:
no ownership (so no ALTER TABLE ... DISABLE TRIGGER, no DROP TRIGGER), no TRUNCATE, only SELECT and INSERT
on the audit trail, and on the letters only the cancellation columns may be updated. Every later
`samad init` (run by the owner after an upgrade) grants the same on tables new migrations added.
"""

from __future__ import annotations

import re
import time

import peewee

from app.services.errors import ValidationError

ROLE_RE = re.compile(r"[a-z_][a-z0-9_]{0,62}", re.ASCII)
READ_ONLY = {"schema_version"}
APPEND_ONLY = {"audit_entry"}
# Columns a cancellation changes; the rest of an issued letter is frozen (migration 16).
LETTER_UPDATABLE = ("status", "cancelled_at", "cancelled_by_id", "cancel_reason")


def _tables(db: peewee.PostgresqlDatabase) -> list[str]:
    return [
        r[0]
        for r in db.execute_sql(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        )
    ]


def grants(db: peewee.PostgresqlDatabase, role: str) -> list[str]:
    """The statements that give `role` exactly the application's privileges (after taking all away)."""
    q = f'"{role}"'
    schema = db.execute_sql("SELECT current_schema()").fetchone()[0]
    dbname = db.execute_sql("SELECT current_database()").fetchone()[0]
    sql = [
        f'GRANT CONNECT ON DATABASE "{dbname}" TO {q}',
        f'REVOKE ALL ON ALL TABLES IN SCHEMA "{schema}" FROM {q}',
        f'REVOKE CREATE ON SCHEMA "{schema}" FROM {q}',
        f'GRANT USAGE ON SCHEMA "{schema}" TO {q}',
        f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "{schema}" TO {q}',
    ]
    for table in _tables(db):
        if table in READ_ONLY:
            sql.append(f'GRANT SELECT ON "{table}" TO {q}')
        elif table in APPEND_ONLY:
            sql.append(f'GRANT SELECT, INSERT ON "{table}" TO {q}')
        elif table == "letter":
            sql.append(f'GRANT SELECT, INSERT, UPDATE ({", ".join(LETTER_UPDATABLE)}) ON "{table}" TO {q}')
        else:
            sql.append(f'GRANT SELECT, INSERT, UPDATE, DELETE ON "{table}" TO {q}')
    return sql


def grant_app_role(db: peewee.PostgresqlDatabase, role: str, *, create: bool = True) -> bool:
    """Give `role` the application's privileges in the current schema; create it (LOGIN, no password: the
    administrator sets one, or pg_hba.conf decides) when missing. Returns True when it was created."""
    if not ROLE_RE.fullmatch(role or ""):
        raise ValidationError({"--app-role": "نام نقش باید حروف لاتین کوچک، رقم یا _ باشد."})
    if role == db.execute_sql("SELECT current_user").fetchone()[0]:
        raise ValidationError({"--app-role": "نقش برنامه باید جدا از نقش مالک باشد."})
    exists = db.execute_sql("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone() is not None
    for attempt in range(1, GRANT_ATTEMPTS + 1):
        try:
            _grant(db, role, exists, create)
            return not exists
        except peewee.InternalError as exc:
            # GRANT … ON DATABASE rewrites the database's catalog row; another PC's GRANT, or a vacuum
            # recording the database's frozen xid, may update it at the same moment ("tuple concurrently
            # updated"). The transaction rolled back whole: run it again.
            if "concurrently updated" not in str(exc) or attempt == GRANT_ATTEMPTS:
                raise
            time.sleep(0.05 * attempt)
    raise AssertionError("unreachable")


GRANT_ATTEMPTS = 4


def _grant(db: peewee.PostgresqlDatabase, role: str, exists: bool, create: bool) -> None:
    with db.atomic():
        if not exists:
            if not create:
                raise ValidationError({"--app-role": f"نقش «{role}» در کارساز نیست."})
            db.execute_sql(f'CREATE ROLE "{role}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT')
        super_or_owner = db.execute_sql(
            "SELECT rolsuper OR rolcreaterole OR rolbypassrls FROM pg_roles WHERE rolname = %s", (role,)
        ).fetchone()[0]
        if super_or_owner:
            raise ValidationError(
                {"--app-role": f"نقش «{role}» بیش از اندازه اختیار دارد (superuser/createrole)."}
            )
        for statement in grants(db, role):
            db.execute_sql(statement)


def app_roles(db: peewee.PostgresqlDatabase) -> list[str]:
    """Roles other than the owner that may append to the audit trail: the application roles granted before."""
    return [
        r[0]
        for r in db.execute_sql(
            "SELECT DISTINCT r.rolname FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a "
            "JOIN pg_roles r ON r.oid = a.grantee WHERE c.oid = to_regclass('audit_entry') "
            "AND a.privilege_type = 'INSERT' AND a.grantee <> c.relowner ORDER BY 1"
        )
    ]


def refresh_grants(db: peewee.PostgresqlDatabase) -> list[str]:
    """After an upgrade by the owner: the application roles get the same privileges on new tables."""
    roles = app_roles(db)
    for role in roles:
        grant_app_role(db, role, create=False)
    return roles
