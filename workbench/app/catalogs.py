"""Framework catalogues: the ones shipped with the workbench, the ones imported into the
user's catalogue folder (``workbench catalog import-oscal``), and ones loaded from files."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import ValidationError

from workbench.domain import (
    Framework,
    InputError,
    NotFoundError,
    Obligation,
    Requirement,
    Standard,
    Threshold,
)
from workbench.domain.errors import describe_validation_error
from workbench.runtime.fileio import atomic_write_bytes
from workbench.runtime.inputs import loads_json, read_input_bytes
from workbench.runtime.paths import catalog_dir
from workbench.runtime.resources import resource_path

DEFAULT_FRAMEWORK = "RSP-2.2"


def framework_json(framework: Framework) -> bytes:
    """A framework as a workbench JSON catalogue (the format of resources/catalogs)."""
    text = json.dumps(framework.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
    return text.encode()


def load_framework_file(path: Path) -> Framework:
    """Read and validate a catalogue JSON file; bad input raises InputError with one line."""
    data = loads_json(read_input_bytes(path, "catalogue file"), f"catalogue file {path}")
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


@dataclass(frozen=True)
class Catalogues:
    """Every framework the workbench knows, and the imported files it could not read."""

    shipped: dict[str, Framework]
    imported: dict[str, Framework]
    files: dict[str, Path]  # the file each imported framework was read from
    problems: list[str]

    @property
    def all(self) -> dict[str, Framework]:
        return {**self.shipped, **self.imported}


def catalogues() -> Catalogues:
    """The shipped frameworks and those in the user's catalogue folder (read afresh)."""
    shipped = builtin_frameworks()
    imported: dict[str, Framework] = {}
    files: dict[str, Path] = {}
    problems: list[str] = []
    folder = catalog_dir()
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            framework = load_framework_file(path)
        except InputError as exc:
            problems.append(f"skipped {path}: {exc}")
            continue
        if framework.id in shipped:
            problems.append(f"skipped {path}: framework {framework.id} is a shipped one")
        elif framework.id in imported:
            problems.append(f"skipped {path}: framework {framework.id} is imported twice")
        else:
            imported[framework.id] = framework
            files[framework.id] = path
    return Catalogues(shipped, imported, files, problems)


def find_framework(framework_id: str) -> Framework:
    """A shipped or imported framework by id."""
    known = catalogues().all
    try:
        return known[framework_id]
    except KeyError:
        names = ", ".join(sorted(known)) or "none"
        raise NotFoundError(f"unknown framework {framework_id!r} (known: {names})") from None


def import_framework(framework: Framework, *, replace: bool = False) -> Path:
    """Keep a framework in the user's catalogue folder, where every command finds it."""
    if framework.id in builtin_frameworks():
        raise InputError(
            f"framework {framework.id} is shipped with the workbench, so an import needs "
            "another id",
            about="id",
        )
    folder = catalog_dir()
    existing = catalogues().files.get(framework.id)
    if existing is not None and not replace:
        raise InputError(f"framework {framework.id} is already imported", about="replace-or-id")
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in framework.id)
    path = existing or folder / f"{safe}.json"
    if existing is None and path.exists():  # a file that is not a readable catalogue
        raise InputError(f"{path} exists and is not a catalogue; move it away first")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, framework_json(framework))
    except OSError as exc:
        raise InputError(f"cannot write the catalogue folder {folder}: {exc.strerror}") from None
    return path


def list_frameworks() -> list[Framework]:
    """The shipped frameworks, then the imported ones."""
    return list(catalogues().all.values())


def find_catalog_item(
    item_id: str,
) -> tuple[Framework, Threshold | Standard | Requirement | Obligation | None]:
    """A framework by id, or the threshold / standard / requirement / obligation with that id."""
    frameworks = catalogues().all
    if item_id in frameworks:
        return frameworks[item_id], None
    for framework in frameworks.values():
        item = framework.items_by_id.get(item_id)
        if item is not None:
            return framework, item
    raise NotFoundError(f"no framework or catalogue entry {item_id!r}", about="catalog-item")
