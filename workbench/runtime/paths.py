"""Where the workbench keeps its own files: the user's data folder (the demo store, imported
catalogues). The same place Qt's ``QStandardPaths.AppDataLocation`` names for the desktop app,
worked out without Qt so that the command line finds it too."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ORGANISATION = "SafetyCaseWorkbench"
APPLICATION = "workbench"


def app_names() -> tuple[str, str]:
    """Organisation and application names, overridable by WORKBENCH_SETTINGS_ORG / _APP."""
    org = os.environ.get("WORKBENCH_SETTINGS_ORG", "").strip() or ORGANISATION
    app = os.environ.get("WORKBENCH_SETTINGS_APP", "").strip() or APPLICATION
    return org, app


def data_dir() -> Path:
    """$WORKBENCH_DATA_DIR, else the platform's per-user application data folder."""
    explicit = os.environ.get("WORKBENCH_DATA_DIR", "").strip()
    if explicit:
        return Path(explicit)
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", "").strip() or Path.home() / ".local" / "share")
    org, app = app_names()
    return base / org / app


def crash_log_path() -> Path:
    """$WORKBENCH_CRASH_LOG, else crash.log in the user's state folder (CLI and desktop app)."""
    explicit = os.environ.get("WORKBENCH_CRASH_LOG", "").strip()
    if explicit:
        return Path(explicit)
    base = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    return base / "safety-case-workbench" / "crash.log"


def catalog_dir() -> Path:
    """Imported framework catalogues, one JSON file each."""
    return data_dir() / "catalogs"
