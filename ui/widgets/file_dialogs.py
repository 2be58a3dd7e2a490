"""The one place the app asks for a file or a folder. Every dialog opens in the folder the user last chose, or
in their Documents folder (QStandardPaths), never in the program's own or data folder; a choice is remembered
(QSettings, per user) for the next dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog

from ui import window_state

LAST_FOLDER_KEY = "files/last_folder"


def documents_folder() -> Path:
    """The user's Documents folder (their home when there is none, as on a bare Linux account)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()


def start_folder() -> Path:
    """The folder the next dialog opens in: the last one chosen while it still exists, else Documents."""
    last = window_state.qsettings().value(LAST_FOLDER_KEY, "", type=str)
    if last and Path(last).is_dir():
        return Path(last)
    return documents_folder()


def remember(path: str) -> None:
    """Remember the folder of a chosen file (or the chosen folder itself) for the next dialog."""
    if not path:
        return
    chosen = Path(path)
    folder = chosen if chosen.is_dir() else chosen.parent
    window_state.qsettings().setValue(LAST_FOLDER_KEY, str(folder))


def save_file_name(
    parent, title: str, suggested_name: str, filters: str = "", folder: Path | None = None
) -> str:
    """Ask where to save `suggested_name` (a bare file name); '' when cancelled. `folder` overrides the start
    (a backup offers the backups folder)."""
    start = (folder or start_folder()) / Path(suggested_name).name
    path, _ = QFileDialog.getSaveFileName(parent, title, str(start), filters)
    remember(path)
    return path


def open_file_name(parent, title: str, filters: str = "") -> str:
    path, _ = QFileDialog.getOpenFileName(parent, title, str(start_folder()), filters)
    remember(path)
    return path


def open_file_names(parent, title: str, filters: str = "") -> list[str]:
    paths, _ = QFileDialog.getOpenFileNames(parent, title, str(start_folder()), filters)
    if paths:
        remember(paths[0])
    return paths


def existing_folder(parent, title: str) -> str:
    folder = QFileDialog.getExistingDirectory(parent, title, str(start_folder()))
    remember(folder)
    return folder
