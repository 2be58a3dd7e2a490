"""The PostgreSQL driver is loaded only for PostgreSQL (app/db.py holds psycopg2 out of peewee's import, which
took 25-30 ms of every start, issue 17), and peewee then works with it as if it had imported it itself. Both
in a fresh process: the test session's own peewee was imported with the driver."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PG_SKIP_REASON, PG_URL

ROOT = Path(__file__).resolve().parents[2]


def run(code: str, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAMAD_")}
    return subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_sqlite_loads_no_postgresql_driver(tmp_path):
    code = (
        "import sys\n"
        "from app.db import open_database\n"
        "db = open_database('sqlite:///' + sys.argv[1])\n"
        "db.execute_sql('SELECT 1')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'psycopg2'))\n"
    )
    result = run(code, str(tmp_path / "x.db"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.skipif(not PG_URL, reason=PG_SKIP_REASON)
def test_postgresql_gets_the_driver_peewee_did_not_import():
    code = (
        "import sys, uuid\n"
        "from app.db import open_database\n"
        "import peewee\n"
        "assert peewee.psycopg2 is None  # held out of peewee's import\n"
        "db = open_database(sys.argv[1])\n"
        "import psycopg2.extras\n"
        "assert peewee.psycopg2 is psycopg2 and peewee.Json_pg2 is psycopg2.extras.Json\n"
        "with db.atomic():\n"
        "    value = uuid.uuid4()\n"
        "    assert db.execute_sql('SELECT %s::uuid', (value,)).fetchone()[0] == value\n"
        "assert db.is_connection_usable()  # reads the adapter's transaction states\n"
        "print('ok', type(db._adapter).__name__)\n"
    )
    result = run(code, PG_URL)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok Psycopg2Adapter"
