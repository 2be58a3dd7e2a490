"""Where Samad Desk keeps its files on this computer (per user, per platform)."""
from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "samad-desk"
RESOURCES = Path(__file__).resolve().parent.parent / "resources"


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
