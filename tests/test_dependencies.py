"""What an office install needs: the product imports only its install_requires, test-only packages stay in
the tests, and SQLite works without the PostgreSQL driver (psycopg2 is imported only for a PostgreSQL URL)."""

import configparser
import subprocess
import sys
import textwrap

from tests.test_layering import ROOT, imported_modules

TEST_ONLY = ("pytest", "pytestqt", "hypothesis", "pypdf", "pdfminer", "qrcode", "tests")


def test_product_does_not_import_test_only_packages():
    files = [path for layer in ("app", "reports", "ui") for path in sorted((ROOT / layer).rglob("*.py"))]
    assert len(files) > 50
    # only files that name a test-only package at all are parsed
    named = [p for p in files if any(name in p.read_text(encoding="utf-8") for name in TEST_ONLY)]
    offenders = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in named
        for module in imported_modules(path)
        if module.split(".")[0] in TEST_ONLY
    ]
    assert not offenders, offenders


def test_test_only_packages_are_not_installed_for_the_product():
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    required = config["options"]["install_requires"].lower()
    test_extras = config["options.extras_require"]["test"].lower()
    assert "qrcode" not in required and "qrcode" in test_extras  # only a test compares our QR code with it
    for line in filter(None, (required + test_extras).splitlines()):
        assert "<" in line, f"no upper bound: {line.strip()}"  # capped below the next major


SQLITE_WITHOUT_PSYCOPG2 = """
import importlib, os, pkgutil, sys, tempfile

class NoPsycopg2:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "psycopg2":
            raise ImportError("psycopg2 is not installed on this PC")

sys.meta_path.insert(0, NoPsycopg2())
import app, reports
for package in (app, reports):
    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)

from app import db
from app.services.admin import changes, users
from app.services.admin.setup import init_database

folder = tempfile.mkdtemp()
init_database(db.open_database(f"sqlite:///{folder}/samad.db"))
users.create_first_supervisor("root", "ناظر نخست", "correct horse 1")
assert users.login("root", "correct horse 1").username == "root"
assert not changes.ChangeListener(f"sqlite:///{folder}/samad.db").wait(0.01)
try:
    db.make_database("postgresql://postgres@127.0.0.1:5432/samad")
except db.DatabaseError as exc:
    assert "psycopg2" in str(exc), exc
else:
    raise AssertionError("a PostgreSQL URL without the driver must say the driver is missing")
assert "psycopg2" not in sys.modules, "imported psycopg2"
print("ok")
"""


def test_sqlite_works_without_the_postgresql_driver(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "QT_QPA_PLATFORM": "offscreen",
        "SAMAD_DATA_DIR": str(tmp_path / "data"),
        "SAMAD_CONFIG_DIR": str(tmp_path / "config"),
    }
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(SQLITE_WITHOUT_PSYCOPG2)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr[-3000:]
