"""The audit page's tamper check: a clean trail verifies; an entry edited through a plain sqlite3 connection
is named; the day's checkpoint is shown to be written down."""

import datetime as dt
import sqlite3

import pytest

from app.models import AuditEntry
from app.services.admin import audit_chain, reference
from ui.admin.audit_chain_panel import AuditChainPanel
from ui.context import AppContext


@pytest.fixture
def context(sqlite_db, ui_supervisor):
    return AppContext(ui_supervisor, sqlite_db.database, f"sqlite:///{sqlite_db.database}")


def test_verify_button_names_an_edited_entry(qtbot, context, sqlite_db):
    reference.add_item(context.actor, "category", "موضوع آزمون")
    panel = AuditChainPanel(context)
    qtbot.addWidget(panel)
    panel.verify()
    qtbot.waitUntil(lambda: panel.verify_button.isEnabled(), timeout=10000)
    assert panel.report.ok and "سالم" in panel.result.text()
    target = AuditEntry.select().where(AuditEntry.action == "category.add").get().id
    conn = sqlite3.connect(sqlite_db.database, isolation_level=None)
    conn.execute("DROP TRIGGER audit_entry_no_update")
    conn.execute(f"UPDATE audit_entry SET details = '{{}}' WHERE id = {target}")
    conn.close()
    panel.verify()
    qtbot.waitUntil(lambda: panel.verify_button.isEnabled(), timeout=10000)
    assert not panel.report.ok and panel.report.first.entry_id == target
    assert "تغییر کرده" in panel.result.text()


def test_the_checkpoint_is_shown(qtbot, context):
    panel = AuditChainPanel(context)
    qtbot.addWidget(panel)
    assert "هنوز رویدادی پیش از امروز نیست" in panel.checkpoint.text()  # everything here happened today
    later = dt.datetime(2100, 1, 1)
    panel.show_checkpoint(before=later)
    point = audit_chain.checkpoint(before=later)
    assert point.seq == AuditEntry.select().count() and point.text in panel.checkpoint.text()
