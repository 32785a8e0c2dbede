"""Where the workbench keeps its own files: the user's data folder (the demo store, imported
catalogues). The same place Qt's ``QStandardPaths.AppDataLocation`` names for the desktop app,
worked out without Qt so that the command line finds it too."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

ORGANISATION = "SafetyCaseWorkbench"
APPLICATION = "workbench"


def app_names() -> tuple[str, str]:
    """Organisation and application names, overridable by WORKBENCH_SETTINGS_ORG / _APP."""
    org = os.environ.get("WORKBENCH_SETTINGS_ORG", "").strip() or ORGANISATION
    app = os.environ.get("WORKBENCH_SETTINGS_APP", "").strip() or APPLICATION
    return org, app


def data_dir() -> Path:
    """$WORKBENCH_DATA_DIR, else the platform's per-user application data folder.

    The folder Qt's ``QStandardPaths.AppDataLocation`` names for the desktop app
    (``<org>/<app>`` under the roaming data folder), found through platformdirs so that the
    command line needs no Qt. platformdirs drops the organisation on Linux and macOS, where
    Qt keeps it, so the two names are given as one path there.
    """
    explicit = os.environ.get("WORKBENCH_DATA_DIR", "").strip()
    if explicit:
        return Path(explicit)
    org, app = app_names()
    if sys.platform == "win32":
        return platformdirs.user_data_path(app, org, roaming=True)
    return platformdirs.user_data_path(f"{org}/{app}")


def crash_log_path() -> Path:
    """$WORKBENCH_CRASH_LOG, else crash.log in the user's state folder (CLI and desktop app)."""
    explicit = os.environ.get("WORKBENCH_CRASH_LOG", "").strip()
    if explicit:
        return Path(explicit)
    return platformdirs.user_state_path("safety-case-workbench", False) / "crash.log"


def catalog_dir() -> Path:
    """Imported framework catalogues, one JSON file each."""
    return data_dir() / "catalogs"
