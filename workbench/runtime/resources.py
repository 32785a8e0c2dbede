"""Packaged resources (catalogues, fonts, icons, demo data), found installed or in a checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def resource_root() -> Path:
    """``workbench/resources`` when installed, the top-level ``resources/`` in a checkout."""
    installed = Path(str(resources.files("workbench"))) / "resources"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[2] / "resources"


def resource_path(*parts: str) -> Path:
    return resource_root().joinpath(*parts)
