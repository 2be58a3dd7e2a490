"""Files that hold citizens' data are readable by their owner only (POSIX): folders 0700, files 0600.

The one helper every writer of such a file uses: the database and its folder (app.db), backups, the copy a
restore keeps aside, PostgreSQL dump files (app.services.admin.backup), exported reports and the audit trail
(app.services.reporting.files, audit_export), letter PDFs and slips saved from the window or the command line.
A file is created with its mode from the start (os.open with 0600, never created readable and tightened
after), so there is no moment when another account on the PC could open it. On Windows the modes mean
nothing; the files live in the user's own profile folder (%LOCALAPPDATA%), which other accounts cannot read.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700
POSIX = os.name == "posix"


class FolderNotWritable(OSError):
    """No file can be made in the target's folder (so nothing was written)."""


def private_folder(folder: Path | str) -> Path:
    """`folder` and its missing parents created; a folder this call creates is 0700 (an existing one is left
    as it is: it may be the user's own Documents)."""
    folder = Path(folder)
    if not folder.is_dir():
        folder.mkdir(parents=True, exist_ok=True)
        if POSIX:
            folder.chmod(FOLDER_MODE)
    return folder


def tighten_folder(folder: Path | str) -> None:
    """Make a folder of the program's own (its data or backup folder) 0700 if this user owns it."""
    if POSIX:
        with contextlib.suppress(OSError):
            st = os.stat(folder)
            if st.st_uid == os.geteuid() and st.st_mode & 0o077:
                os.chmod(folder, FOLDER_MODE)


def tighten(file: Path | str) -> None:
    """An existing file of this user made 0600 (an older file written before this rule)."""
    if POSIX:
        with contextlib.suppress(OSError):
            st = os.stat(file)
            if st.st_uid == os.geteuid() and st.st_mode & 0o077:
                os.chmod(file, FILE_MODE)


def create_private(file: Path | str, *, exclusive: bool = False) -> Path:
    """An empty file at `file`, 0600 from its creation (truncated if it exists), for another writer to fill:
    SQLite's backup API, pg_dump --file. SQLite gives its journal, -wal and -shm files the mode of the
    database file, so they are private too."""
    file = Path(file)
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC)
    fd = os.open(file, flags, FILE_MODE)
    try:
        if POSIX:
            os.fchmod(fd, FILE_MODE)  # an existing file keeps its old mode through os.open
    finally:
        os.close(fd)
    return file


def write_private(file: Path | str, data: bytes) -> Path:
    """Write `data` to `file` all at once, 0600: a temporary file beside it (mkstemp makes it 0600), synced,
    then renamed over the target, so a failure never leaves a half-written or readable file."""
    target = Path(file)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    except OSError as exc:
        raise FolderNotWritable(exc.errno, exc.strerror, str(target.parent)) from exc
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if POSIX:
            os.chmod(temporary, FILE_MODE)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return target
