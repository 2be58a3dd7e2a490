"""Initialised PostgreSQL schemas for the tests, reused instead of built and dropped for every test.

Making a schema (a pg_dump of an initialised template replayed: some 200 tables, indexes, sequences and
triggers) and dropping it afterwards cost about 0.4 s of a PostgreSQL test, mostly creating and removing
files on the server, and left thousands of dead rows in the catalog. A database per test (CREATE DATABASE
... TEMPLATE) is no cheaper: every DROP DATABASE forces a server checkpoint (seconds on a busy disk).

So each test process keeps a pool. A test takes a schema that holds exactly what `init_database` makes;
afterwards the schema is renamed (so a connection the test left behind finds nothing under the old name),
its rows are deleted and the template's rows copied back with the sequences where the template has them,
all in one transaction under ACCESS EXCLUSIVE locks (it waits for any leftover transaction). A schema
whose structure the test changed (tables, columns, triggers, constraints, functions or privileges differ
from the template's) is dropped instead, so the next test never inherits a change.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import uuid

from app import db as app_db
from app.services.admin.setup import init_database

# Every so many uses the deleted rows' space is reclaimed (the server may run without autovacuum).
VACUUM_EVERY = 25

# The structure of a schema, as text without the schema's name: equal to the template's when a test left the
# structure alone. Names of tables and columns, column types, triggers and whether they are enabled,
# constraints, functions' source, and every privilege.
FINGERPRINT = """
WITH n AS (SELECT oid, nspname, nspacl FROM pg_namespace WHERE nspname = %(schema)s),
items AS (
  SELECT format('c %%s %%s %%s %%s %%s', c.relname, c.relkind, c.relnatts, c.relhastriggers, c.relacl) AS item
    FROM pg_class c JOIN n ON c.relnamespace = n.oid
  UNION ALL
  SELECT format('a %%s %%s %%s %%s %%s %%s', c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
                a.attnotnull, a.atthasdef, a.attacl)
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN n ON c.relnamespace = n.oid
   WHERE a.attnum > 0 AND NOT a.attisdropped
  UNION ALL
  SELECT format('t %%s %%s %%s %%s', c.relname, CASE WHEN NOT t.tgisinternal THEN t.tgname END, t.tgenabled,
                t.tgtype)  -- a foreign key's own triggers are named by OID: only whether they are enabled
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN n ON c.relnamespace = n.oid
  UNION ALL
  SELECT format('k %%s %%s %%s %%s %%s %%s', k.conname, k.contype, k.convalidated, k.conkey, k.confkey, r.relname)
    FROM pg_constraint k JOIN n ON k.connamespace = n.oid LEFT JOIN pg_class r ON r.oid = k.confrelid
  UNION ALL
  SELECT format('p %%s %%s %%s', p.proname, md5(p.prosrc), p.proacl) FROM pg_proc p JOIN n ON p.pronamespace = n.oid
  UNION ALL
  SELECT format('n %%s', nspacl) FROM n
)
SELECT md5(replace(string_agg(item, '|' ORDER BY item), %(schema)s, '$')) FROM items
"""


def raw_connection(url: str, **options):
    """A bare psycopg2 connection (autocommit) to the server and database of `url`, search_path as it names."""
    import psycopg2

    parsed = app_db.parse_url(url)
    if parsed.schema:
        options.setdefault("options", f"-c search_path={parsed.schema}")
    connection = psycopg2.connect(
        dbname=parsed.name,
        host=parsed.host,
        port=parsed.port or 5432,
        user=parsed.user or None,
        password=parsed.password or None,
        **options,
    )
    connection.autocommit = True
    return connection


class PgSchemaPool:
    def __init__(self, url: str):
        self.url = url
        self.parsed = app_db.parse_url(url)
        self.admin = raw_connection(url, application_name="samad-tests/pool")
        self.template = f"samad_template_{uuid.uuid4().hex[:12]}"
        self._execute(f"CREATE SCHEMA {self.template}")
        init_database(app_db.open_database(self.schema_url(self.template)))
        app_db.close_database()
        self.dump = self._dump(self.template)
        self.expected = self.fingerprint(self.template)
        self.tables = self._column(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s ORDER BY tablename", self.template
        )
        self.filled = [
            t for t in self.tables if self._value(f'SELECT EXISTS (SELECT FROM {self.template}."{t}")')
        ]
        self.sequences = [
            (name, *self._rows(f'SELECT last_value, is_called FROM {self.template}."{name}"')[0])
            for name in self._column(
                "SELECT sequencename FROM pg_sequences WHERE schemaname = %s", self.template
            )
        ]
        self.free: list[str] = []
        self.members: set[str] = set()
        self.uses: dict[str, int] = {}
        self.dropped: list[str] = []  # schemas given back but not reused (their structure had changed)

    # --- what the fixtures call ---------------------------------------------------------------------------

    def schema_url(self, schema: str) -> str:
        return f"{self.url}{'&' if '?' in self.url else '?'}schema={schema}"

    def holds(self, schema: str) -> bool:
        return schema in self.members

    def take(self) -> str:
        """The name of an initialised schema for one test (or one module's shared data)."""
        if self.free:
            return self.free.pop()
        schema = f"t_{uuid.uuid4().hex[:16]}"
        self._execute(f"CREATE SCHEMA {schema}")
        self.fill(schema)
        self.members.add(schema)
        self.uses[schema] = 0
        return schema

    def fill(self, schema: str) -> None:
        """Make the empty schema `schema` what init_database makes (it stays outside the pool)."""
        if self.dump is not None:
            self._execute(self.dump.replace("TEMPLATE_SCHEMA", schema))
        else:
            init_database(app_db.open_database(self.schema_url(schema)))
            app_db.close_database()

    def give_back(self, schema: str) -> None:
        """After the test: the schema as the template made it, under a new name, back in the pool; or dropped
        when the test changed its structure (or it cannot be reset)."""
        self.members.discard(schema)
        uses = self.uses.pop(schema, 0) + 1
        renamed = f"t_{uuid.uuid4().hex[:16]}"
        self._execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = %s AND pid <> pg_backend_pid()",
            app_db.application_name(app_db.parse_url(self.schema_url(schema))),
        )
        try:
            self._execute(self._reset_sql(schema, renamed))
        except Exception:
            self._drop(schema)
            return
        if self.fingerprint(renamed) != self.expected:
            self._drop(renamed)
            return
        if uses % VACUUM_EVERY == 0:
            self._execute("VACUUM " + ", ".join(f'{renamed}."{t}"' for t in self.tables))
        self.members.add(renamed)
        self.uses[renamed] = uses
        self.free.append(renamed)

    def close(self) -> None:
        for schema in [*self.members, self.template]:
            self._drop(schema)
        self.admin.close()

    # --- the SQL ------------------------------------------------------------------------------------------

    def fingerprint(self, schema: str) -> str:
        with self.admin.cursor() as cursor:
            cursor.execute(FINGERPRINT, {"schema": schema})
            return cursor.fetchone()[0]

    def _reset_sql(self, schema: str, renamed: str) -> str:
        tables = ", ".join(f'{renamed}."{t}"' for t in self.tables)
        statements = [
            "BEGIN",
            "SET LOCAL session_replication_role = replica",  # no triggers: append-only audit, notify, keys
            "SET LOCAL lock_timeout = '10s'",
            f"ALTER SCHEMA {schema} RENAME TO {renamed}",
            f"LOCK TABLE {tables} IN ACCESS EXCLUSIVE MODE",
            *(f'DELETE FROM {renamed}."{t}"' for t in self.tables),
            *(f'INSERT INTO {renamed}."{t}" SELECT * FROM {self.template}."{t}"' for t in self.filled),
        ]
        if self.sequences:
            values = ", ".join(
                f"setval('{renamed}.\"{name}\"', {value}, {called})" for name, value, called in self.sequences
            )
            statements.append(f"SELECT {values}")
        statements.append("COMMIT")
        return ";\n".join(statements)

    def _dump(self, schema: str) -> str | None:
        """SQL that recreates the initialised schema, with TEMPLATE_SCHEMA for its name; None when pg_dump
        cannot be used here (then every new schema runs init_database)."""
        if not shutil.which("pg_dump"):
            return None
        url = self.parsed
        command = ["pg_dump", "--schema", schema, "--inserts", "--rows-per-insert=1000", "--no-owner"]
        command += ["--no-privileges", "-h", url.host, "-p", str(url.port or 5432), "-d", url.name]
        command += ["-U", url.user] if url.user else []
        env = dict(os.environ, PGPASSWORD=url.password) if url.password else None
        result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
        if result.returncode != 0:
            return None  # e.g. a pg_dump older than the server
        # psql's own \restrict lines and the CREATE SCHEMA (the new schema exists already) go; the dump's
        # set_config('search_path', '', false) is kept to this transaction.
        lines = [line for line in result.stdout.splitlines() if not line.startswith("\\")]
        sql = re.sub(rf"^CREATE SCHEMA {schema};$", "", "\n".join(lines), flags=re.M)
        sql = sql.replace("set_config('search_path', '', false)", "set_config('search_path', '', true)")
        return "BEGIN;\n" + sql.replace(schema, "TEMPLATE_SCHEMA") + "\nCOMMIT;"

    def _drop(self, schema: str) -> None:
        self.dropped.append(schema)
        try:
            self._execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        except Exception:  # e.g. a lock a stray connection still holds: the schema stays behind
            pass

    def _execute(self, sql: str, *params) -> None:
        with self.admin.cursor() as cursor:
            cursor.execute(sql, params or None)

    def _column(self, sql: str, *params) -> list:
        return [row[0] for row in self._rows(sql, *params)]

    def _rows(self, sql: str, *params) -> list[tuple]:
        with self.admin.cursor() as cursor:
            cursor.execute(sql, params or None)
            return cursor.fetchall()

    def _value(self, sql: str, *params):
        return self._rows(sql, *params)[0][0]
