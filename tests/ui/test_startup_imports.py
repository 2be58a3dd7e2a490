"""Start-up loads only what the first screen needs: a fresh program that opens a database, logs in and shows the
main window with its first section has not imported the PDF, spreadsheet, chart, PDF-viewer or Word libraries,
nor the knowledge import, the demo or qtawesome. They load when the person first opens a page that uses them
(the pages are built by ui.wiring's builders on first show). Issue 17: start-up is measured in
benchmarks/bench_startup.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# what the first screen must not pull in (a module and everything under it)
NOT_AT_START = (
    "reportlab",
    "openpyxl",
    "docx",
    "markdown",
    "PySide6.QtCharts",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "app.services.knowledge.knowledge_import",
    "app.services.demo",
    "qtawesome",  # ui.icons draws its font's glyphs; its import (with qtpy over every Qt module) was slow
    "qtpy",
    "psycopg2",  # a SQLite start needs no PostgreSQL driver (app/db.py holds it out of peewee's import)
)

# The program's own start (ui.application.run), with the login dialog's answer given: its modules are imported
# as the program imports them, the first supervisor logs in, and the session runs until the window is shown.
START = r"""
import sys, threading
from PySide6.QtCore import QThreadPool
from ui import application
from ui.admin import first_start_dialog, login_dialog  # what the login step imports
from app.services.admin import users

forbidden = tuple(sys.argv[2].split(","))
app = application.make_application()
# background work (the dashboard's figures, then its charts) waits until the shown window has been looked at
pool, looked = QThreadPool.globalInstance(), threading.Event()
pool.setMaxThreadCount(1)
pool.start(looked.wait)
application.start_logging(app)
url = "sqlite:///" + sys.argv[1] + "/samad.db"
assert application.open_for_window(url, quiet=True)
users.create_first_supervisor("first", "نخستین ناظر", "a-long-password-1")
actor = users.login("first", "a-long-password-1")
loaded = []

def check(window):
    app.processEvents()  # the first section built and painted
    loaded.extend(f for f in forbidden if any(m == f or m.startswith(f + ".") for m in sys.modules))
    looked.set()
    window.close()

window, code = application.run_session(app, actor, application.database_label(url), url, after_shown=check)
print("shown:", window.current_section(), flush=True)
print("loaded:", ",".join(loaded), flush=True)
application.leave(code)
"""


def test_the_first_screen_loads_no_pdf_spreadsheet_chart_or_word_library(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAMAD_")}
    env.update(
        QT_QPA_PLATFORM="offscreen", SAMAD_DATA_DIR=str(tmp_path), SAMAD_CONFIG_DIR=str(tmp_path / "config")
    )
    result = subprocess.run(
        [sys.executable, "-c", START, str(tmp_path), ",".join(NOT_AT_START)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    assert "shown: dashboard" in result.stdout
    loaded = result.stdout.split("loaded:", 1)[1].strip()
    assert loaded == "", f"imported at start-up: {loaded}"
