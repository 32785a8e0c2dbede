"""Framework catalogues: the ones shipped with the workbench and ones loaded from files."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from pydantic import ValidationError

from workbench.domain import Framework, InputError, NotFoundError
from workbench.domain.errors import describe_validation_error
from workbench.resources import resource_path

DEFAULT_FRAMEWORK = "RSP-2.2"


def load_framework_file(path: Path) -> Framework:
    """Read and validate a catalogue JSON file; bad input raises InputError with one line."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"no such catalogue file: {path}") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a directory, not a catalogue file") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path} is not JSON: {exc}") from None
    try:
        return Framework.model_validate(data)
    except ValidationError as exc:
        raise InputError(describe_validation_error(exc, f"catalogue {path.name}")) from None


@cache
def builtin_frameworks() -> dict[str, Framework]:
    """Every catalogue shipped in ``resources/catalogs``, by framework id."""
    result: dict[str, Framework] = {}
    for path in sorted(resource_path("catalogs").glob("*.json")):
        framework = load_framework_file(path)
        result[framework.id] = framework
    return result


def builtin_framework(framework_id: str = DEFAULT_FRAMEWORK) -> Framework:
    frameworks = builtin_frameworks()
    try:
        return frameworks[framework_id]
    except KeyError:
        known = ", ".join(sorted(frameworks)) or "none"
        raise NotFoundError(f"unknown framework {framework_id!r} (shipped: {known})") from None
