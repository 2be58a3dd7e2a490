"""How one audit entry's details read (app.services.admin.audit_text): Persian names for the keys, values as
the rest of the program shows them, an unknown key kept under its own name. The walk over every action the
services record is tests/app/test_audit_text_walk.py."""

import ast
import csv
import json
import pathlib
import re

from app.cli import main
from app.domain.audit_labels import DETAIL_LABELS, action_label, detail_label
from app.domain.text import FSI, PDI
from app.models import AuditEntry
from app.services.admin import audit, audit_export, audit_text, reference
from app.services.admin.audit_chain import verify_chain
from app.services.admin.audit_text import NOTHING, value_text

LATIN_OR_ASCII_DIGIT = re.compile(r"[A-Za-z0-9]")


def text(action: str, entity: str, details: dict) -> str:
    return audit_text.summary(action, entity, details)


def test_nothing_yes_and_no():
    assert value_text("replaces", None) == NOTHING == value_text("note", "") == value_text("rings", [])
    assert value_text("locked", True) == "بله" and value_text("from_draft", False) == "خیر"


def test_chosen_values_through_the_domain_labels():
    assert value_text("status", "referred", entity="case") == "ارجاع‌شده (در انتظار دستگاه)"
    assert value_text("status", "issued", entity="referral") == "در انتظار پاسخ"
    assert value_text("status", "cancelled", entity="slot") == "لغوشده"
    assert value_text("channel", "in_person") == "حضوری"
    assert value_text("priority", "urgent") == "فوری"
    assert value_text("outcome", "not_responsible") == "خارج از وظایف دستگاه"
    assert value_text("satisfaction", "partly") == "تا اندازه‌ای راضی"
    assert value_text("result", "in_progress") == "در دست اقدام (پاسخ میانی)"
    assert value_text("role", "supervisor") == "ناظر"
    assert value_text("decision", "reopen", action="case.callback") == "بازگشایی پرونده برای ارجاع دوباره"
    assert value_text("decision", "guide", action="case.official_note") == "راهنمایی و بستن پرونده"
    assert value_text("kind", "circular", entity="article") == "بخشنامه"
    assert value_text("kind", "escalation", entity="letter") == "نامه ارجاع به بازرسی"
    assert value_text("format", "xlsx") == "اکسل"


def test_dates_are_jalali_in_tehran_time_and_numbers_persian():
    assert value_text("due_date", "2026-11-29") == "۱۴۰۵/۰۹/۰۸"
    # 21:00 UTC on 29 November is 00:30 on 30 November in Tehran: the next Jalali day
    assert value_text("at", "2026-11-29T21:00:00") == "۱۴۰۵/۰۹/۰۹ ۰۰:۳۰"
    assert value_text("at", "2026-11-29T21:00:00+00:00") == "۱۴۰۵/۰۹/۰۹ ۰۰:۳۰"
    assert value_text("start_time", "10:00:00") == "۱۰:۰۰"
    assert value_text("rows", 1234567) == "۱٬۲۳۴٬۵۶۷"  # a count, grouped
    assert value_text("case_id", 1234) == "۱۲۳۴" and value_text("year", 1405) == "۱۴۰۵"  # ids and years not
    assert value_text("tracking_code", "03000011") == "۰۳۰۰۰۰۱۱"  # an id keeps its leading zero
    assert value_text("officials", [1, 2, 3]) == "۱، ۲، ۳"


def test_typed_values_are_kept_as_typed_and_isolated():
    assert value_text("file", "/home/samad/backup-2026.db") == FSI + "/home/samad/backup-2026.db" + PDI
    assert value_text("username", "operator1") == FSI + "operator1" + PDI
    assert value_text("destination", "stdout") == "صفحه خط فرمان"
    line = audit_text.summary("backup.create", "database", {"file": "/tmp/b.db", "size": 2048}, marks=False)
    assert line == "پرونده: /tmp/b.db، اندازه (بایت): ۲٬۰۴۸"


def test_changes_read_old_then_new_with_the_fields_names():
    assert text("settings.update", "settings", {"changes": {"center_name": ["سامد", "سامد تبریز"]}}) == (
        "نام مرکز: «سامد» ← «سامد تبریز»"
    )
    shown = {"channel": ["تلفن ۱۱۱", "حضوری"]}
    edit = {"changes": {"channel": ["phone", "in_person"]}, "shown": shown, "status": ["registered"] * 2}
    assert text("case.edit", "case", edit) == "وضعیت: ثبت‌شده، راه تماس: «تلفن ۱۱۱» ← «حضوری»"
    assert text("slot.cancel", "slot", {"changes": {"status": ["scheduled", "cancelled"]}}) == (
        "وضعیت: «در برنامه» ← «لغوشده»"
    )
    assert text("article.retire", "article", {"changes": {"active": [True, False]}, "version": 2}) == (
        "فعال: بله ← خیر، نسخه: ۲"
    )
    copies = json.dumps([{"name": "دفتر بازرسی", "purpose": "جهت اطلاع"}], ensure_ascii=False)
    assert text("referral.correct", "referral", {"changes": {"cc": [copies, "[]"]}}) == (
        "رونوشت: «دفتر بازرسی جهت اطلاع» ← —"
    )


def test_an_unknown_key_is_shown_under_its_own_name_not_dropped():
    assert detail_label("colour") == "colour"
    assert text("case.status", "case", {"colour": "سبز", "status": ["registered", "closed"]}) == (
        "وضعیت: ثبت‌شده ← مختومه، colour: سبز"
    )
    assert text("case.frobnicate", "case", {}) == ""


def test_what_is_first_and_an_export_names_what_it_took():
    shown = text("export.report.outcomes", "export", {"format": "pdf", "rows": 3, "what": "report.outcomes"})
    assert shown == "چه چیزی: گزارش «پرونده‌ها به تفکیک نتیجه»، قالب: پی‌دی‌اف، شمار ردیف‌ها: ۳"
    assert action_label("export.report.outcomes") == "خروجی: گزارش"
    assert action_label("export.case_json") == "خروجی: پرونده در قالب جیسون"


# The actions the walk cannot reach, in the shape their services write them.
UNWALKED = {
    ("audit.triggers_restored", "audit"): {"triggers": ["audit_entry_no_update", "audit_entry_no_delete"]},
    ("backup.restore", "database"): {"file": "/b/x.db", "kept_aside": "/b/y.db", "schema_version": 33},
    ("database.migrate", "database"): {"source": "/b/x.db", "rows": 120345, "verified": True},
    ("cli.refused", "cli"): {"command": "audit verify", "reason": "این کار را تنها ناظر می‌تواند بکند."},
    ("backup.create", "database"): {"file": "/b/z.db", "automatic": True},
    ("user.login_failed", "user"): {"reason": "not_allowed", "via": "cli"},
    ("referral.discard", "referral"): {"reason": "not chosen when issued"},
    ("case.status", "case"): {
        "status": ["referred", "closed"],
        "outcome": "duplicate",
        "duplicate_of": "05000016",
        "cancelled_letter": "۱۱۱/۱۴۰۵/۰۰۰۰۲",
        "withdrawal_letters": ["۱۱۱/۱۴۰۵/۰۰۰۰۳"],
        "withdrawn_referrals": [4, 5],
        "letters": 2,
        "reopened": False,
    },
}


def test_what_the_walk_cannot_reach_reads_in_persian_too():
    typed = re.compile(f"{FSI}[^{PDI}]*{PDI}")
    for (action, entity), details in UNWALKED.items():
        shown = typed.sub("", audit_text.full_text(action, entity, details))
        assert not LATIN_OR_ASCII_DIGIT.search(shown.replace("audit verify", "")), (action, shown)
        assert all(key in DETAIL_LABELS for key in details), action


def test_the_export_shows_the_same_words_and_the_stored_details_stay_as_written(supervisor, tmp_path):
    item = reference.add_item(supervisor, "category", "حمل و نقل")
    reference.rename_item(supervisor, "category", item.id, "حمل‌ونقل")
    entry = AuditEntry.select().where(AuditEntry.action == "category.rename").get()
    stored = entry.details
    file = tmp_path / "trail.csv"
    audit_export.export(supervisor, audit_export.AuditFilter(action="category."), file)
    with file.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[-1][3:] == ["موضوع: تغییر نام", "موضوع", str(item.id), "نام: «حمل و نقل» ← «حمل‌ونقل»"]
    assert AuditEntry.get_by_id(entry.id).details == stored  # only the showing changed
    assert json.loads(stored) == {"changes": {"name": ["حمل و نقل", "حمل‌ونقل"]}}
    assert verify_chain().ok
    assert audit.history("category", item.id)[-1].details == json.loads(stored)


def test_samad_audit_search_prints_the_same_words(supervisor, database_url, cli_login, capsys):
    item = reference.add_item(supervisor, "category", "حمل و نقل")
    reference.set_active(supervisor, "category", item.id, False)
    assert main(["--database", database_url, "audit", "search", "--action", "category.retire"]) == 0
    fields = capsys.readouterr().out.strip().split("\t")
    assert fields[3:] == [
        "category.retire",
        f"category:{item.id}",
        "نام: حمل و نقل",
    ]  # codes stay to filter by


# How the services (and the demo's writer) hand details to the trail: keyword arguments of these calls, and
# the dicts a function builds and passes on to one of them with ** (`**details`, `**extra`).
_WRITERS = {
    "record",
    "record_export",
    "_record",
    "_refused",
    "apply_status",
    "sync_with_referrals",
    "audit",
    "_json",
}
_NOT_DETAILS = {"now"}  # apply_status's own argument, not recorded


def _literal_keys(node) -> list[str]:
    return [
        k.value
        for d in ast.walk(node)
        if isinstance(d, ast.Dict)
        for k in d.keys
        if isinstance(k, ast.Constant)
    ]


def _keys_of(function) -> list[str]:
    keys, passed = [], set()
    for node in ast.walk(function):
        name = isinstance(node, ast.Call) and (
            getattr(node.func, "attr", None) or getattr(node.func, "id", None)
        )
        if name in _WRITERS:
            for k in node.keywords:
                if k.arg is None and isinstance(k.value, ast.Name):
                    passed.add(k.value.id)
                elif k.arg and k.arg not in _NOT_DETAILS:
                    keys.append(k.arg)
                    if k.arg == "changes":
                        keys += _literal_keys(k.value)
    for node in ast.walk(function):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if getattr(target, "id", None) in passed:
                keys += _literal_keys(node.value)
            elif isinstance(target, ast.Subscript) and getattr(target.value, "id", None) in passed:
                keys += [target.slice.value] if isinstance(target.slice, ast.Constant) else []
    return keys


def _written_keys() -> dict[str, str]:
    """Every details key written literally in app/ (where: file and function), found by reading the source."""
    root = pathlib.Path(__file__).resolve().parents[2] / "app"
    found: dict[str, str] = {}
    for path in root.rglob("*.py"):
        for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(function, ast.FunctionDef):
                for key in _keys_of(function):
                    found.setdefault(key, f"{path.relative_to(root.parent)}:{function.name}")
    return found


def test_every_key_the_program_writes_has_a_persian_name():
    written = _written_keys()
    assert {"tracking_code", "replaces", "withdrawal_letters", "via", "automatic"} <= set(written)
    missing = {
        k: where for k, where in written.items() if k not in DETAIL_LABELS and k not in audit_text.HIDDEN
    }
    assert not missing, missing


def test_the_one_line_summary_leaves_out_keys_with_no_value_and_the_full_text_keeps_them():
    details = {"number": "111/1405/00001", "referral_id": 3, "replaces": None}
    line = audit_text.summary("letter.issue", "letter", details)
    assert detail_label("replaces") not in line and audit_text.NOTHING not in line
    assert "۱۱۱/۱۴۰۵/۰۰۰۰۱" in line
    full = audit_text.full_text("letter.issue", "letter", details)
    assert detail_label("replaces") + ": " + audit_text.NOTHING in full
