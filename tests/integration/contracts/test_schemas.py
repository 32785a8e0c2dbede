"""The committed JSON Schemas match the models, and shipped data validates against them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from workbench.interop.schemas import REGENERATE, SCHEMAS, render
from workbench.runtime.resources import resource_path

SCHEMA_DIR = Path(__file__).resolve().parents[3] / "schemas"


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schema_is_current(name: str) -> None:
    committed = (SCHEMA_DIR / name).read_text(encoding="utf-8")
    assert committed == render(SCHEMAS[name]), f"schemas/{name} is out of date: run {REGENERATE}"


def test_shipped_catalogue_validates_against_schema() -> None:
    schema = json.loads((SCHEMA_DIR / "framework.schema.json").read_text(encoding="utf-8"))
    for path in resource_path("catalogs").glob("*.json"):
        jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), schema)


def test_schema_rejects_catalogue_with_unknown_key() -> None:
    schema = json.loads((SCHEMA_DIR / "framework.schema.json").read_text(encoding="utf-8"))
    data = json.loads(resource_path("catalogs", "rsp-2.2.json").read_text(encoding="utf-8"))
    data["surprise"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)
