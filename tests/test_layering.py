"""The layers cannot leak into each other, and no string import hides a leak.

- app/ (domain, storage, services) and reports/ (PDFs) never import Qt;
- ui/ never imports peewee or the storage (app.db, app.models): it calls services (start-up goes through
  app.services.admin.setup);
- reports/ never imports a service (the report model is a plain value in app.domain.report);
- a migration never imports a service or today's models (its DDL is frozen in it);
- a module name in a string handed to importlib.import_module or __import__ counts as an import, and an
  import by a computed name is refused in app/, ui/ and reports/ (the migration runner, which finds its own
  modules, aside).
"""

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
QT = ("PySide6", "shiboken6", "ui", "qtawesome", "pytestqt")
STORAGE = ("peewee", "playhouse", "app.db", "app.models")
SERVICES = ("app.services",)
# (file, why) allowed to import by a computed name: each loads modules of its own package only
COMPUTED_IMPORTS_ALLOWED = {
    "app/migrations/__init__.py": "finds the migration modules of its own package",
}


def _is_dynamic_import(node: ast.Call) -> bool:
    fn = node.func
    return (isinstance(fn, ast.Attribute) and fn.attr == "import_module") or (
        isinstance(fn, ast.Name) and fn.id in ("import_module", "__import__")
    )


def imported_modules(path: pathlib.Path):
    """Every module the file imports: import statements, and literal names given to importlib/__import__
    (a "module:attr" string counts as its module). A computed name yields "<computed>"."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Call) and _is_dynamic_import(node) and node.args:
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                yield arg.value.split(":")[0]
            else:
                yield "<computed>"


def _matches(module: str, forbidden: tuple[str, ...]) -> bool:
    return any(module == f or module.startswith(f + ".") for f in forbidden)


def offenders(
    files,
    forbidden: tuple[str, ...],
    skip: frozenset[str] = frozenset(),
    refuse_computed: bool = False,
    root: pathlib.Path = ROOT,
) -> list[str]:
    found = []
    for path in files:
        rel = path.relative_to(root).as_posix()
        if rel in skip:
            continue
        for module in imported_modules(path):
            if module == "<computed>":
                if refuse_computed and rel not in COMPUTED_IMPORTS_ALLOWED:
                    found.append(f"{rel} imports a module by a computed name")
            elif _matches(module, forbidden):
                found.append(f"{rel} imports {module}")
    return found


def python_files(folder: str) -> list[pathlib.Path]:
    files = sorted((ROOT / folder).rglob("*.py"))
    assert files, f"no Python files under {folder}/"
    return files


@pytest.mark.parametrize("layer", ["app", "reports"])
def test_layer_does_not_import_qt(layer):
    # app/cli/core.py is the one place that starts the UI, by a lazy import inside run_app()
    assert not offenders(python_files(layer), QT, skip=frozenset({"app/cli/core.py"}), refuse_computed=True)


def test_ui_does_not_touch_the_storage():
    assert not offenders(python_files("ui"), STORAGE, refuse_computed=True)


def test_reports_import_no_service():
    assert not offenders(python_files("reports"), SERVICES, refuse_computed=True)


def test_migrations_import_no_service_and_no_live_model():
    files = [p for p in python_files("app/migrations") if p.name != "__init__.py"]
    assert not offenders(files, SERVICES + ("app.models",), refuse_computed=True)


def test_migration_runner_imports_no_service():
    assert not offenders([ROOT / "app/migrations/__init__.py"], SERVICES)


def test_the_checks_see_string_imports(tmp_path):
    """The scanner itself: a string import of a forbidden module is caught, and so is a computed one."""
    hidden = tmp_path / "hidden.py"
    hidden.write_text(
        'import importlib\nimportlib.import_module("app.db")\n'
        'getattr(importlib.import_module("app.services.cases.cases"), "x")\n'
        'name = "peewee"\n__import__(name)\n',
        encoding="utf-8",
    )
    assert sorted(offenders([hidden], STORAGE, refuse_computed=True, root=tmp_path)) == [
        "hidden.py imports a module by a computed name",
        "hidden.py imports app.db",
    ]
    assert offenders([hidden], SERVICES, root=tmp_path) == ["hidden.py imports app.services.cases.cases"]
