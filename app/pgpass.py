"""The PostgreSQL password file (libpq's own `~/.pgpass`; `%APPDATA%\\postgresql\\pgpass.conf` on Windows).

Decision: the password of a shared server is never written into settings.json, a log, or any
file other users can read. It goes where libpq itself looks for it, the user's password file, written
readable by its owner only (libpq ignores the file on Unix unless it is 0600). psycopg2, pg_dump and
pg_restore all read it without the password ever appearing on a command line or in the URL we store.
`PGPASSWORD` in the environment works too and is never written anywhere. The OS keyring was not chosen:
it needs an extra library whose Linux backends are often missing on office PCs, and pg_dump cannot read it.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote


def pgpass_file() -> Path:
    if os.environ.get("PGPASSFILE"):
        return Path(os.environ["PGPASSFILE"])
    if os.name == "nt":
        return Path(os.environ.get("APPDATA", Path.home())) / "postgresql" / "pgpass.conf"
    return Path.home() / ".pgpass"


def _escape(field: str) -> str:
    return field.replace("\\", "\\\\").replace(":", "\\:")


def _split(line: str) -> list[str]:
    fields, current, escaped = [], "", False
    for ch in line:
        if escaped:
            current += ch
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == ":":
            fields.append(current)
            current = ""
        else:
            current += ch
    fields.append(current)
    return fields


def _matches(pattern: str, value: str) -> bool:
    return pattern == "*" or pattern == value


def lookup(host: str, port: int | None, database: str, user: str) -> str | None:
    """The password libpq would use for this server, or None."""
    try:
        lines = pgpass_file().read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    wanted = [host, str(port or 5432), database, user]
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = _split(line)
        if len(fields) == 5 and all(_matches(p, v) for p, v in zip(fields[:4], wanted, strict=True)):
            return fields[4]
    return None


def store(host: str, port: int | None, database: str, user: str, password: str) -> Path:
    """Add or replace the line for exactly this host, port, database and user; keep every other line."""
    file = pgpass_file()
    key = [_escape(host), str(port or 5432), _escape(database), _escape(user)]
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    same = [host, str(port or 5432), database, user]
    kept = [line for line in lines if line.lstrip().startswith("#") or _split(line)[:4] != same]
    kept.append(":".join(key + [_escape(password)]))
    file.parent.mkdir(parents=True, exist_ok=True)
    tmp = file.with_name(file.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("\n".join(kept) + "\n")
    os.chmod(tmp, 0o600)
    os.replace(tmp, file)
    return file


def url_without_password(url: str) -> str:
    """A PostgreSQL URL with its password (if any) moved into the password file; other URLs unchanged."""
    from app.db import parse_url

    parsed = parse_url(url)
    if parsed.is_sqlite or not parsed.password:
        return url
    store(parsed.host, parsed.port, parsed.name, parsed.user, parsed.password)
    return postgres_url(parsed.host, parsed.port, parsed.name, parsed.user, parsed.schema)


def postgres_url(
    host: str, port: int | None, database: str, user: str, schema: str = "", password: str = ""
) -> str:
    auth = quote(user, safe="") + (":" + quote(password, safe="") if password else "") + "@" if user else ""
    host_part = f"[{host}]" if ":" in host else host
    port_part = f":{port}" if port else ""
    query = f"?schema={schema}" if schema else ""
    return f"postgresql://{auth}{host_part}{port_part}/{quote(database, safe='')}{query}"
