"""Where Samad Desk keeps its files on this computer (per user, per platform)."""

from __future__ import annotations

import os
from importlib import resources as _resources
from pathlib import Path

import platformdirs

APP_NAME = "samad-desk"


def _resources_root() -> Path:
    """The `resources` package's folder (fonts, reference data), found through importlib.resources so it works
    installed from a wheel, in a source checkout and in the PyInstaller bundle alike. Fonts need a real file
    path (reportlab, Qt), so a package that is not on the file system is refused with a clear sentence."""
    root = _resources.files("resources")
    path = Path(str(root))
    if not (path / "fonts").is_dir():
        raise RuntimeError(
            f"Samad Desk's resources are not a folder on disk ({root}); reinstall the program."
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
