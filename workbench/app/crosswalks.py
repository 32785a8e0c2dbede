"""Crosswalks shipped with the workbench (``resources/crosswalks``): how one framework's items
became another's, for ``workbench framework migrate``."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from pydantic import ValidationError

from workbench.domain import InputError, NotFoundError
from workbench.domain.crosswalk import Crosswalk
from workbench.domain.errors import describe_validation_error
from workbench.runtime.fileio import read_input_bytes
from workbench.runtime.resources import resource_path


def load_crosswalk_file(path: Path) -> Crosswalk:
    """Read and validate a crosswalk JSON file; bad input raises InputError with one line."""
    raw = read_input_bytes(path, "crosswalk file")
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path} is not JSON: {exc}") from None
    try:
        return Crosswalk.model_validate(data)
    except ValidationError as exc:
        raise InputError(describe_validation_error(exc, f"crosswalk {path.name}")) from None


@cache
def builtin_crosswalks() -> dict[tuple[str, str], Crosswalk]:
    """Every shipped crosswalk, by (source framework id, target framework id)."""
    result: dict[tuple[str, str], Crosswalk] = {}
    for path in sorted(resource_path("crosswalks").glob("*.json")):
        crosswalk = load_crosswalk_file(path)
        result[(crosswalk.source_framework, crosswalk.target_framework)] = crosswalk
    return result


def find_crosswalk(source: str, target: str) -> Crosswalk:
    """The crosswalk that takes an assessment from framework ``source`` to ``target``."""
    try:
        return builtin_crosswalks()[(source, target)]
    except KeyError:
        known = ", ".join(f"{a} -> {b}" for a, b in sorted(builtin_crosswalks())) or "none"
        raise NotFoundError(f"no crosswalk from {source} to {target} (shipped: {known})") from None
