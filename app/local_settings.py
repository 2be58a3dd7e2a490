"""The per-computer settings file (settings.json in the user's configuration folder).

It holds what belongs to this PC, not to the shared database: which database to open.
The file is written readable by its owner only, and never holds a PostgreSQL password (see app/pgpass.py).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from app import paths


def settings_file() -> Path:
    return paths.config_dir() / "settings.json"


def load() -> dict:
    file = settings_file()
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        return {}


def save(values: dict) -> Path:
    """Write the settings; a PostgreSQL password in `database_url` is moved to the user's password file
    (app.pgpass) first, so settings.json never holds one."""
    if values.get("database_url"):
        from app.pgpass import url_without_password

        values = {**values, "database_url": url_without_password(values["database_url"])}
    file = settings_file()
    file.parent.mkdir(parents=True, exist_ok=True)
    tmp = file.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(values, fh, ensure_ascii=False, indent=1)
    os.replace(tmp, file)
    return file
