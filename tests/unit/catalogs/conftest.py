"""Fixtures for the catalogue tests: the shipped RSP file and the test catalogues."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from workbench.app.catalogs import load_framework_file
from workbench.domain import Framework
from workbench.runtime.resources import resource_path


@pytest.fixture(scope="session")
def catalog_data_dir() -> Path:
    """Test catalogues of other frameworks, kept beside these tests."""
    return Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def rsp_path() -> Path:
    return resource_path("catalogs", "rsp-2.2.json")


@pytest.fixture(scope="session")
def rsp(rsp_path: Path) -> Framework:
    return load_framework_file(rsp_path)


@pytest.fixture
def rsp_data(rsp_path: Path) -> dict[str, Any]:
    """A fresh, mutable copy of the shipped catalogue's JSON."""
    data: dict[str, Any] = json.loads(rsp_path.read_text(encoding="utf-8"))
    return data


@pytest.fixture
def write_catalogue(tmp_path: Path) -> Callable[..., Path]:
    """Write a JSON document to a file in tmp_path and return its path."""

    def write(data: Any, name: str = "catalogue.json") -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(data, indent=2), encoding="utf-8")
        return path

    return write
