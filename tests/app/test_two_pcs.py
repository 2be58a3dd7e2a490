"""Two PCs on one database: the second save of a case edited meanwhile gets a Conflict showing the other
version (never a silent overwrite); a case shown as JSON is recorded as an export of personal data."""

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.models import AuditEntry, Case
from app.services.cases import case_edit, cases
from app.services.errors import Conflict
from benchmarks import workload

pytestmark = pytest.mark.usefixtures("cli_login")  # commands log in as «root» (see conftest)

ROOT = Path(__file__).resolve().parents[2]

OTHER_PC = """
import sys
from app.db import open_database
from app.services.cases import case_edit
from benchmarks import workload

open_database(sys.argv[1])
case_edit.edit_case(workload.actor("writer1"), int(sys.argv[2]), int(sys.argv[3]), {"subject": sys.argv[4]})
print("saved")
"""


@pytest.fixture
def two_operators(db):
    workload.prepare_current(writers=2)
    return workload.actor("writer0"), workload.actor("writer1")


def test_the_second_save_gets_a_conflict_with_the_other_version(two_operators, database_url):
    mine, _ = two_operators
    info = cases.register_call(mine, workload.call_data(1, random.Random(1)))
    opened = cases.case_detail(info.id)  # this PC opens the case for editing...
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            OTHER_PC,
            database_url,
            str(info.id),
            str(opened.version),
            "موضوع از رایانه دیگر",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=60,
    )
    assert done.stdout.strip() == "saved", done.stderr  # ...another PC saves first
    with pytest.raises(Conflict) as conflict:
        case_edit.edit_case(mine, info.id, opened.version, {"subject": "موضوع از این رایانه"})
    assert conflict.value.current["subject"] == "موضوع از رایانه دیگر"
    assert conflict.value.current["version"] == opened.version + 1
    assert Case.get_by_id(info.id).subject == "موضوع از رایانه دیگر"  # nothing overwritten


def test_case_json_is_recorded_as_an_export(two_operators, database_url, capsys):
    mine, _ = two_operators
    info = cases.register_call(mine, workload.call_data(2, random.Random(2)))
    assert main(["--database", database_url, "call", "show", info.tracking_code, "--as", "writer0"]) == 0
    assert json.loads(capsys.readouterr().out)["tracking_code"] == info.tracking_code
    entry = AuditEntry.select().where(AuditEntry.action == "export.case_json").get()
    assert entry.username == "writer0" and json.loads(entry.details)["tracking_code"] == info.tracking_code
