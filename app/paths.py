"""Where Samad Desk keeps its files on this computer (per user, per platform)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

import resources as _resources_package

APP_NAME = "samad-desk"


def _resources_root() -> Path:
    """The `resources` package's folder (fonts, reference data): the folder of its __init__, which is where it
    is installed from a wheel, in a source checkout and in the PyInstaller bundle (the spec copies the folder
    beside the frozen package) alike. Read from the package itself, not through importlib.resources, whose
    import (tempfile, shutil and more) was 10-20 ms of every start (issue 17). Fonts need a real file path
    (reportlab, Qt), so a package that is not on the file system is refused with a clear sentence."""
    path = Path(_resources_package.__file__).parent
    if not (path / "fonts").is_dir():
        raise RuntimeError(
            f"Samad Desk's resources are not a folder on disk ({path}); reinstall the program."
        )
    return path


RESOURCES = _resources_root()


def resource(*parts: str) -> Path:
    """A file under resources/, e.g. resource("fonts", "Vazirmatn-Regular.ttf")."""
    return RESOURCES.joinpath(*parts)


def data_dir() -> Path:
    """Linux ~/.local/share/samad-desk, Windows %LOCALAPPDATA%\\samad-desk, macOS ~/Library/Application Support/samad-desk."""
    override = os.environ.get("SAMAD_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """Linux ~/.config/samad-desk, Windows %LOCALAPPDATA%\\samad-desk, macOS ~/Library/Application Support/samad-desk."""
    override = os.environ.get("SAMAD_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def backup_dir() -> Path:
    return data_dir() / "backups"
