"""The audit trail: searched and exported by a supervisor only, every export recorded, and no path edits it
(not the services, not the CLI, not even raw SQL through the program's own connection)."""

import csv
import json

import peewee
import pytest
from openpyxl import load_workbook

from app.cli import build_parser
from app.db import is_postgres
from app.models import AuditEntry
from app.services.admin import audit, audit_export, reference
from app.services.admin.audit_export import AuditFilter
from app.services.errors import PermissionDenied, ValidationError

REFUSED = r"append-only|not authorized|prohibited"


def raw_attempts(db) -> list[str]:
    first = AuditEntry.select(peewee.fn.MIN(AuditEntry.id)).scalar()
    attempts = [
        f"UPDATE audit_entry SET action = 'forged' WHERE id = {first}",
        f"DELETE FROM audit_entry WHERE id = {first}",
        "DELETE FROM audit_entry",
    ]
    if is_postgres(db):
        attempts += [
            "TRUNCATE audit_entry",
            f"INSERT INTO audit_entry (id, at, username, action, entity, details) VALUES "
            f"({first}, now(), 'x', 'forged', 'x', '{{}}') ON CONFLICT (id) DO UPDATE SET action = 'forged'",
        ]
    else:
        attempts += [
            f"INSERT OR REPLACE INTO audit_entry (id, at, username, action, entity, details) VALUES "
            f"({first}, '2020-01-01', 'x', 'forged', 'x', '{{}}')",
            f"REPLACE INTO audit_entry (id, at, username, action, entity, details) VALUES "
            f"({first}, '2020-01-01', 'x', 'forged', 'x', '{{}}')",
            "DROP TRIGGER audit_entry_no_update",
            "DROP TABLE audit_entry",
            "ALTER TABLE audit_entry RENAME TO audit_old",
            "PRAGMA writable_schema = ON",
        ]
    return attempts


def test_raw_sql_through_the_programs_connection_cannot_change_the_trail(supervisor, db):
    reference.add_item(supervisor, "category", "آزمون")
    before = [(e.id, e.action, e.details) for e in AuditEntry.select().order_by(AuditEntry.id)]
    for sql in raw_attempts(db):
        with pytest.raises(peewee.DatabaseError, match=REFUSED), db.atomic():
            db.execute_sql(sql)
    after = [(e.id, e.action, e.details) for e in AuditEntry.select().order_by(AuditEntry.id)]
    assert after == before


def _commands(parser, prefix=()):
    for action in parser._actions:
        if hasattr(action, "choices") and isinstance(action.choices, dict):
            for name, sub in action.choices.items():
                yield prefix + (name,)
                yield from _commands(sub, prefix + (name,))


def test_no_service_or_command_edits_the_trail():
    commands = [" ".join(c) for c in _commands(build_parser())]
    audit_commands = {c for c in commands if c.startswith("audit")}
    assert audit_commands == {"audit", "audit search", "audit export", "audit verify"}
    editing = ("update", "delete", "edit", "remove", "purge", "clear", "truncate", "rewrite")
    public = [n for n in dir(audit) + dir(audit_export) if not n.startswith("_")]
    assert not [n for n in public if n.lower().startswith(editing)]


def test_only_a_supervisor_searches_and_exports(supervisor, operator, official, tmp_path):
    for actor in (operator, official):
        with pytest.raises(PermissionDenied):
            audit_export.page(actor)
        with pytest.raises(PermissionDenied):
            audit_export.export(actor, AuditFilter(), tmp_path / "x.csv")
    assert not (tmp_path / "x.csv").exists()
    assert audit_export.count(supervisor, AuditFilter(username="operator1")) >= 1


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_writes_the_rows_safely_and_is_recorded(supervisor, tmp_path, fmt):
    reference.add_item(supervisor, "category", '=HYPERLINK("http://x")')
    expected = audit_export.count(supervisor, AuditFilter())
    file = tmp_path / f"trail.{fmt}"
    assert audit_export.export(supervisor, AuditFilter(), file) == expected
    if fmt == "csv":
        with file.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
    else:
        rows = [
            [("" if v is None else str(v)) for v in r]
            for r in load_workbook(file).active.iter_rows(values_only=True)
        ]
    assert rows[0] == audit_export.HEADERS and len(rows) == expected + 1
    assert not any(cell.startswith("=") for row in rows[1:] for cell in row)
    assert any("HYPERLINK" in cell for row in rows for cell in row)
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert entry.action == "export.audit" and entry.username == "root"
    assert json.loads(entry.details)["rows"] == expected and str(file) in entry.details


def test_filters_page_and_refuse_bad_input(supervisor):
    for i in range(5):
        reference.add_item(supervisor, "category", f"موضوع {i}")
    adds = audit_export.page(supervisor, AuditFilter(action="category."), limit=3)
    assert [r.action for r in adds] == ["category.add"] * 3 and adds[0].id > adds[1].id
    assert len(audit_export.page(supervisor, AuditFilter(action="category."), offset=3, limit=3)) == 2
    assert audit_export.count(supervisor, AuditFilter(text="موضوع 3")) == 1
    with pytest.raises(ValidationError) as err:
        audit_export.page(supervisor, AuditFilter(text="x" * 500))
    assert "text" in err.value.errors


def test_record_export_names_who_what_where(operator):
    audit.record_export(operator, "case_json", 1, "stdout", tracking_code="05000016")
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert (entry.action, entry.username) == ("export.case_json", "operator1")
    assert json.loads(entry.details)["destination"] == "stdout"
