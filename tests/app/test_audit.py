"""The audit trail records every change and cannot be changed by any path."""

import json

import peewee
import pytest

from app.models import AuditEntry
from app.services.admin import audit, reference, settings
from app.services.errors import PermissionDenied


def test_changes_are_recorded_with_who_what_when(supervisor):
    item = reference.add_item(supervisor, "category", "حمل و نقل عمومی")
    reference.rename_item(supervisor, "category", item.id, "حمل‌ونقل عمومی")
    rows = audit.history("category", item.id)
    assert [r.action for r in rows] == ["category.add", "category.rename"]
    assert rows[1].username == "root"
    assert rows[1].details["changes"]["name"] == ["حمل و نقل عمومی", "حمل‌ونقل عمومی"]
    assert rows[0].at <= rows[1].at


def test_settings_change_records_old_and_new(supervisor):
    settings.update(supervisor, {"center_name": "مرکز سامد تبریز"})
    entry = AuditEntry.select().where(AuditEntry.action == "settings.update").get()
    assert json.loads(entry.details)["changes"]["center_name"][1] == "مرکز سامد تبریز"


def test_update_and_delete_are_refused_by_the_database(supervisor, db):
    entry = AuditEntry.select().first()
    with pytest.raises(peewee.DatabaseError, match="append-only"), db.atomic():
        AuditEntry.update(action="forged").where(AuditEntry.id == entry.id).execute()
    with pytest.raises(peewee.DatabaseError, match="append-only"), db.atomic():
        AuditEntry.delete().execute()
    assert AuditEntry.get_by_id(entry.id).action == entry.action


def test_only_a_supervisor_searches_the_trail(supervisor, operator):
    assert audit.search(supervisor, username="operator1")
    with pytest.raises(PermissionDenied):
        audit.search(operator)
