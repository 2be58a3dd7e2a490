"""Move app/services/ and ui/ (pages, widgets, dialogs) into feature packages, and rewrite every reference.

    python tools/restructure.py --dry-run     # what would move and how many references change
    python tools/restructure.py               # git mv, new packages with their docstrings, rewritten imports

The feature packages: cases, letters, followup, schedule, knowledge, reporting, admin, demo; ui/ mirrors the
same names (ui/cases/, ui/letters/, ...). MODULES maps every current module to its package. A module the
mapping does not know (a file added since it was written) stops the run before anything changes: add it to
MODULES, then run again.

What is rewritten, in every tracked .py file and every tracked Markdown file (README.md, DEVELOPERS.md, docs/):
- `from app.services import cases, audit` (and the same for ui.pages, ui.widgets, ui.dialogs): split per
  new package, e.g. `from app.services.cases import cases` and `from app.services.admin import audit`;
- dotted names anywhere, in code and in strings: `from app.services.cases import x`, `import app.services.cases`,
  `"app.services.cases.register_call"` (monkeypatch targets), `ui.pages.intake_page:CallIntakePage`;
- file paths in text: `app/services/cases.py` -> `app/services/cases/cases.py`.
Module file names do not change, only their folder, so `cases.register_call(...)` still reads the same.
"""
from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# --- the mapping ---------------------------------------------------------------------------------------
# package -> modules of app/services/ (file stems) it takes
SERVICES: dict[str, list[str]] = {
    "cases": ["cases", "case_edit", "case_history", "case_import", "case_query", "case_search", "case_status",
              "callers", "timeline"],
    "letters": ["letters", "letter_content", "letter_templates", "referrals", "counters", "holidays"],
    "followup": ["followup", "reminders", "callbacks", "deadlines", "accountability", "accountability_export"],
    "schedule": ["officials", "schedule", "schedule_export", "sessions", "session_summary", "attendance",
                 "attendance_export"],
    "knowledge": ["knowledge", "knowledge_import", "knowledge_search", "knowledge_usage", "guidance"],
    "admin": ["users", "passwords", "settings", "reference", "audit", "audit_export", "audit_chain", "backup",
              "transfer", "connection", "setup", "changes", "pg_roles"],
}
# app/services/ modules every package uses: they stay where they are
SERVICES_SHARED = ["actor", "errors", "text_fields", "db_errors", "user_guide", "xlsx_print"]
# app/services/ sub-packages that already are feature packages
SERVICES_PACKAGES = ["reporting", "demo"]

# package -> ui files (paths under ui/, without .py) it takes; ui/<package>/<file name>
UI: dict[str, list[str]] = {
    "cases": ["pages/intake_page", "pages/calls_page", "dialogs/case_dialog", "widgets/caller_panel",
              "widgets/case_form", "widgets/case_table_model", "widgets/case_timeline",
              "widgets/tracking_code_finder"],
    "letters": ["pages/letters_tab", "pages/letter_settings_tab", "dialogs/letter_preview_dialog",
                "dialogs/referral_order_dialog", "widgets/letters_table_model"],
    "followup": ["pages/referrals_page", "pages/followup_tab", "pages/callbacks_tab", "pages/accountability_tab",
                 "dialogs/callback_dialog", "dialogs/response_dialog", "widgets/accountability_table_model",
                 "widgets/callback_table_model", "widgets/followup_table_model", "widgets/overdue_indicator"],
    "schedule": ["pages/schedule_page", "pages/schedule_month_tab", "pages/schedule_models", "pages/attendance_tab",
                 "pages/officials_tab", "pages/session_panel", "dialogs/official_dialog", "dialogs/rotation_dialog",
                 "dialogs/slot_dialog", "widgets/session_letters"],
    "knowledge": ["pages/knowledge_page", "pages/knowledge_usage_tab", "dialogs/article_editor_dialog",
                  "dialogs/article_history_dialog", "dialogs/article_import_dialog", "widgets/article_html",
                  "widgets/article_results", "widgets/article_suggestions", "widgets/article_view"],
    "reporting": ["pages/dashboard_page", "pages/reports_page", "widgets/figure_card", "widgets/report_charts",
                  "widgets/report_table_model"],
    "admin": ["pages/settings_page", "pages/settings/center_tab", "pages/settings/reference_tab",
              "pages/settings/users_tab", "pages/audit_page", "dialogs/first_start_dialog", "dialogs/lock_dialog",
              "dialogs/login_dialog", "widgets/audit_table_model", "widgets/backup_settings",
              "widgets/database_settings", "widgets/audit_chain_panel"],
}
# ui widgets several features use: they stay in ui/widgets/
UI_SHARED = ["widgets/agency_picker", "widgets/choice_combo", "widgets/id_paged_model", "widgets/pdf_printing",
             "widgets/rows_model", "widgets/fit", "widgets/text_box", "dialogs/crash_dialog"]
UI_FOLDERS = ["pages", "widgets", "dialogs"]  # the folders the mapping covers (and their sub-folders)

DOCSTRINGS: dict[str, str] = {
    "app/services/cases": "Cases: registering a call (intake), editing a case, its status moves, the calls register's "
                          "search and queries, the caller's earlier cases, importing cases, and a case's history "
                          "and timeline.\n\nMay import: app.domain, app.models, app.db, the shared app.services "
                          "modules (actor, errors, text_fields), app.services.admin (audit, settings) and "
                          "app.services.knowledge (guidance).",
    "app/services/letters": "Letters: referral orders and drafts, issuing and cancelling letters, their numbering "
                            "(counters), templates and content, and the holidays that set working-day deadlines.\n\n"
                            "May import: app.domain, app.models, app.db, the shared app.services modules, "
                            "app.services.admin, app.services.cases, reports (to render letters).",
    "app/services/followup": "Follow-up after a referral: agencies' responses and re-routes, reminders and "
                             "escalations, deadlines, call backs to the citizen, and the agencies' accountability "
                             "report with its exports.\n\nMay import: app.domain, app.models, app.db, the shared "
                             "app.services modules, app.services.admin, app.services.cases, app.services.letters, "
                             "reports.",
    "app/services/schedule": "The officials' schedule: officials, rotation and slots, sessions in the center, "
                             "attendance and its report, and the schedule's exports.\n\nMay import: app.domain, "
                             "app.models, app.db, the shared app.services modules, app.services.admin, "
                             "app.services.cases, app.services.letters, reports.",
    "app/services/knowledge": "The knowledge base: articles and their versions, importing them, searching them, "
                              "guiding a caller with one, and how often each was used.\n\nMay import: app.domain, "
                              "app.models, app.db, the shared app.services modules, app.services.admin.",
    "app/services/admin": "Running the center: users and passwords, settings, reference data, the audit trail "
                          "and its export, backups, moving to a shared server (connection, transfer), first "
                          "start (setup) and the change feed.\n\nMay import: app.domain, app.models, app.db, "
                          "app.migrations, the shared app.services modules; no other feature package except "
                          "knowledge's index rebuild during a transfer.",
    "ui/cases": "The intake page, the calls register, the case dialog and their widgets and table models.\n\n"
                "May import: PySide6, ui (shared helpers and widgets), app.services, app.domain; never peewee, "
                "app.db or app.models.",
    "ui/letters": "Orders and letters: the letters tab, the referral order and letter preview dialogs, the letter "
                  "settings tab.\n\nMay import: PySide6, ui, app.services, app.domain; never the storage.",
    "ui/followup": "The referrals section: follow-up and deadlines, call backs, agencies' accountability, the "
                   "response and call-back dialogs, the overdue indicator.\n\nMay import: PySide6, ui, "
                   "app.services, app.domain; never the storage.",
    "ui/schedule": "The officials' schedule: month view, attendance, officials, the session panel and their "
                   "dialogs.\n\nMay import: PySide6, ui, app.services, app.domain; never the storage.",
    "ui/knowledge": "The knowledge base page, its dialogs, and the article suggestions shown beside intake.\n\n"
                    "May import: PySide6, ui, app.services, app.domain; never the storage.",
    "ui/reporting": "The dashboard and the reports page with their charts and table models.\n\nMay import: "
                    "PySide6, ui, app.services, app.domain; never the storage.",
    "ui/admin": "The settings section and its tabs (center, reference data, users, database, backup, audit), "
                "first start, login and the idle lock.\n\nMay import: PySide6, ui, app.services, app.domain; "
                "never the storage.",
}
TEXT_SUFFIXES = {".py", ".md"}


class UnmappedModules(SystemExit):
    pass


def moves() -> dict[str, str]:
    """old path -> new path (relative to the root) of every file that moves."""
    out: dict[str, str] = {}
    for package, stems in SERVICES.items():
        for stem in stems:
            out[f"app/services/{stem}.py"] = f"app/services/{package}/{stem}.py"
    for package, paths in UI.items():
        for path in paths:
            out[f"ui/{path}.py"] = f"ui/{package}/{Path(path).name}.py"
    return out


def unmapped(root: Path) -> list[str]:
    known = set(moves()) | {f"app/services/{s}.py" for s in SERVICES_SHARED} | {f"ui/{p}.py" for p in UI_SHARED}
    found = []
    for path in sorted((root / "app/services").iterdir()):
        rel = path.relative_to(root).as_posix()
        if path.is_dir():
            if path.name not in SERVICES_PACKAGES and (path / "__init__.py").exists() \
                    and path.name not in SERVICES:
                found.append(rel + "/")
        elif path.suffix == ".py" and path.name != "__init__.py" and rel not in known:
            found.append(rel)
    for folder in UI_FOLDERS:
        for path in sorted((root / "ui" / folder).rglob("*.py")):
            rel = path.relative_to(root).as_posix()
            if path.name != "__init__.py" and rel not in known:
                found.append(rel)
    return found


def module_name(path: str) -> str:
    return path.removesuffix(".py").replace("/", ".")


def tracked_text_files(root: Path) -> list[Path]:
    names = subprocess.run(["git", "ls-files"], cwd=root, check=True, capture_output=True, text=True).stdout
    return [root / n for n in names.splitlines() if Path(n).suffix in TEXT_SUFFIXES and (root / n).exists()
            and not n.startswith("tools/restructure")]


def rewrite_from_imports(text: str, renames: dict[str, str]) -> str:
    """`from PARENT import a, b` where a and b are moved modules: one line per new parent package."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return text
    lines = text.splitlines(keepends=True)
    edits = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.ImportFrom) and node.level == 0 and node.module):
            continue
        groups: dict[str, list[str]] = {}
        changed = False
        for alias in node.names:
            old = f"{node.module}.{alias.name}"
            new = renames.get(old, old)
            changed |= new != old
            parent, _, name = new.rpartition(".")
            groups.setdefault(parent, []).append(name + (f" as {alias.asname}" if alias.asname else ""))
        if changed:
            edits.append((node, groups))
    for node, groups in sorted(edits, key=lambda e: e[0].lineno, reverse=True):
        first = lines[node.lineno - 1]
        indent = first[:len(first) - len(first.lstrip())]
        rest = lines[node.end_lineno - 1][node.end_col_offset:].rstrip("\n")
        comment = "  " + rest.strip() if rest.strip().startswith("#") else ""  # a trailing comment (a lint directive) is kept
        new = "".join(f"{indent}from {parent} import {', '.join(names)}{comment}\n"
                      for parent, names in groups.items())
        lines[node.lineno - 1:node.end_lineno] = [new]
    return "".join(lines)


def rewrite(text: str, renames: dict[str, str], paths: dict[str, str], python: bool) -> str:
    """Dotted names and paths first (one pass each, so a new name is never rewritten again), then the
    `from PARENT import module` lines, which name no moved module in dotted form."""
    dotted = re.compile(r"(?<![\w.])(" + "|".join(re.escape(o) for o in sorted(renames, key=len, reverse=True))
                        + r")(?!\w)")
    text = dotted.sub(lambda m: renames[m.group(1)], text)
    slashed = re.compile(r"(?<![\w/])(" + "|".join(re.escape(o) for o in sorted(paths, key=len, reverse=True))
                         + r")(?!\w)")
    text = slashed.sub(lambda m: paths[m.group(1)], text)
    return rewrite_from_imports(text, renames) if python else text


def sort_imports(root: Path, files: list[Path], planned: dict[str, str]) -> None:
    """Put the rewritten imports back in order (ruff's isort rule, as the project's lint wants)."""
    targets = [str(root / planned.get(p.relative_to(root).as_posix(), p.relative_to(root).as_posix()))
               for p in files]
    if targets:
        subprocess.run([sys.executable, "-m", "ruff", "check", "--select", "I001", "--fix", "--quiet", *targets],
                       cwd=root, check=False)


def new_packages() -> list[str]:
    return [f"app/services/{p}" for p in SERVICES] + [f"ui/{p}" for p in UI]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="say what would change; change nothing")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to restructure")
    args = parser.parse_args(argv)
    root = args.root.resolve()

    missing = unmapped(root)
    if missing:
        print("No feature package is mapped for these modules (add them to SERVICES/UI or the shared lists "
              "in tools/restructure.py):", file=sys.stderr)
        for rel in missing:
            print("  " + rel, file=sys.stderr)
        return 2
    planned = {old: new for old, new in moves().items() if (root / old).exists()}
    gone = sorted(set(moves()) - set(planned))
    if gone:
        print("mapped but not found (already moved or deleted): " + ", ".join(gone), file=sys.stderr)
    renames = {module_name(o): module_name(n) for o, n in planned.items()}
    paths = dict(planned)

    changed_files = []
    for path in tracked_text_files(root):
        text = path.read_text(encoding="utf-8")
        new = rewrite(text, renames, paths, path.suffix == ".py")
        if new != text:
            changed_files.append((path, new))
    print(f"{len(planned)} modules move into {len(new_packages())} packages; "
          f"{len(changed_files)} files have references to rewrite.")
    for old, new in sorted(planned.items()):
        print(f"  {old} -> {new}")
    if args.dry_run:
        for path, _ in changed_files:
            print("  rewrite " + path.relative_to(root).as_posix())
        return 0

    for package in new_packages():
        folder = root / package
        folder.mkdir(parents=True, exist_ok=True)
        init = folder / "__init__.py"
        if not init.exists():
            text = "\n\n".join(textwrap.fill(part, 110) for part in DOCSTRINGS[package].split("\n\n"))
            init.write_text(f'"""{text}"""\n', encoding="utf-8")
            subprocess.run(["git", "add", str(init)], cwd=root, check=True)
    for old, new in sorted(planned.items()):
        subprocess.run(["git", "mv", old, new], cwd=root, check=True)
    for path, text in changed_files:
        moved = planned.get(path.relative_to(root).as_posix())
        (root / moved if moved else path).write_text(text, encoding="utf-8")
    sort_imports(root, [path for path, _ in changed_files if path.suffix == ".py"], planned)
    for folder in ["ui/pages/settings", "ui/pages", "ui/dialogs"]:  # folders left with only their __init__
        rest = [p for p in (root / folder).rglob("*") if p.name != "__pycache__" and "__pycache__" not in p.parts]
        if rest and all(p.name == "__init__.py" or p.is_dir() for p in rest):
            for init in (p for p in rest if p.name == "__init__.py"):
                subprocess.run(["git", "rm", "-q", str(init.relative_to(root))], cwd=root, check=True)
    print("done: run the tests, then `git status` to review.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
