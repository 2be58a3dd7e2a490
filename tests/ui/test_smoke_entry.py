"""The `samad-desk` program (gui_scripts entry) and its --smoke-test, as the bundle and an install run it."""

from __future__ import annotations

import configparser
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(code: str, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAMAD_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["SAMAD_DATA_DIR"] = env["SAMAD_CONFIG_DIR"] = args[-1] + "-elsewhere"  # the smoke test must move both
    return subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )


def gui_entry() -> str:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    entries = dict(
        line.split("=", 1) for line in config["options.entry_points"]["gui_scripts"].split("\n") if line
    )
    return {k.strip(): v.strip() for k, v in entries.items()}["samad-desk"]


def test_the_gui_entry_point_runs_the_smoke_test(tmp_path):
    module, function = gui_entry().split(":")
    assert (module, function) == ("ui.application", "main")
    result = run(
        f"import sys; sys.argv[0] = 'samad-desk'; from {module} import {function}; sys.exit({function}())",
        "--smoke-test",
        str(tmp_path / "fresh"),
    )
    assert result.returncode == 0, result.stderr
    assert "smoke test passed" in result.stdout
    assert (tmp_path / "fresh" / "smoke-letter.pdf").read_bytes().startswith(b"%PDF")
    log = (tmp_path / "fresh" / "logs" / "samad.log").read_text(encoding="utf-8")
    for line in (
        "start-up: Qt ready",
        "database: sqlite:///",
        "start-up: main window shown",
        "smoke test passed",
    ):
        assert line in log


def test_samad_smoke_test_command_and_a_bad_database(tmp_path):
    result = run(
        "import sys; from app.cli import main; sys.exit(main())", "smoke-test", str(tmp_path / "again")
    )
    assert result.returncode == 0, result.stderr
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "samad.db").write_bytes(b"not a database at all")
    result = run("import sys; from ui.application import main; sys.exit(main())", "--smoke-test", str(broken))
    assert result.returncode == 2
    assert "پایگاه داده باز نشد" in result.stderr and "samad.log" in result.stderr
