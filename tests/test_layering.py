"""app/ (domain, storage, services) and reports/ (PDFs) never import Qt."""
import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
FORBIDDEN = ("PySide6", "shiboken6", "ui", "qtawesome", "pytestqt")


def imported_modules(path: pathlib.Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


@pytest.mark.parametrize("layer", ["app", "reports"])
def test_layer_does_not_import_qt(layer):
    files = sorted((ROOT / layer).rglob("*.py"))
    assert files, f"no Python files under {layer}/"
    offenders = []
    for path in files:
        if path.relative_to(ROOT).as_posix() == "app/cli/core.py":
            continue  # the one place that starts the UI, by a lazy import inside run_app()
        for module in imported_modules(path):
            if module.split(".")[0] in FORBIDDEN:
                offenders.append(f"{path.relative_to(ROOT)} imports {module}")
    assert not offenders, offenders
