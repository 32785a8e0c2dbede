"""Crosswalks shipped with the workbench (``resources/crosswalks``) or given as a file: a
migration (format 1: how one framework's items became another's, ``workbench framework
migrate``) or a mapping (format 2, ``kind: mapping``: how two frameworks' requirements relate,
``workbench check --also`` and ``workbench catalog compare``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import ValidationError

from workbench.domain import Framework, InputError, NotFoundError
from workbench.domain.crosswalk import Crosswalk
from workbench.domain.errors import describe_validation_error
from workbench.domain.mapping import Comparison, FrameworkMapping, compare
from workbench.runtime.inputs import loads_json, read_input_bytes
from workbench.runtime.resources import resource_path


def _read_json(path: Path) -> object:
    return loads_json(read_input_bytes(path, "crosswalk file"), f"crosswalk file {path}")


def _is_mapping(data: object) -> bool:
    return isinstance(data, dict) and data.get("kind") == "mapping"


def load_crosswalk_file(path: Path) -> Crosswalk:
    """Read and validate a migration crosswalk JSON file; bad input raises InputError with one
    line."""
    data = _read_json(path)
    if _is_mapping(data):
        raise InputError(f"{path} is a mapping crosswalk, not a migration one")
    try:
        return Crosswalk.model_validate(data)
    except ValidationError as exc:
        raise InputError(describe_validation_error(exc, f"crosswalk {path.name}")) from None


def load_mapping_file(path: Path) -> FrameworkMapping:
    """Read and validate a mapping crosswalk JSON file (format 2, ``kind: mapping``); bad
    input raises InputError with one line."""
    data = _read_json(path)
    if not _is_mapping(data):
        raise InputError(f'{path} is not a mapping crosswalk (it needs "kind": "mapping")')
    try:
        return FrameworkMapping.model_validate(data)
    except ValidationError as exc:
        raise InputError(describe_validation_error(exc, f"crosswalk {path.name}")) from None


def _shipped() -> list[Path]:
    return sorted(resource_path("crosswalks").glob("*.json"))


@cache
def builtin_crosswalks() -> dict[tuple[str, str], Crosswalk]:
    """Every shipped migration crosswalk, by (source framework id, target framework id)."""
    result: dict[tuple[str, str], Crosswalk] = {}
    for path in _shipped():
        if _is_mapping(_read_json(path)):
            continue
        crosswalk = load_crosswalk_file(path)
        result[(crosswalk.source_framework, crosswalk.target_framework)] = crosswalk
    return result


@cache
def builtin_mappings() -> dict[frozenset[str], FrameworkMapping]:
    """Every shipped mapping crosswalk, by the pair of frameworks it links."""
    result: dict[frozenset[str], FrameworkMapping] = {}
    for path in _shipped():
        if _is_mapping(_read_json(path)):
            mapping = load_mapping_file(path)
            result[frozenset(mapping.frameworks)] = mapping
    return result


def mapped_frameworks(framework_id: str) -> list[str]:
    """The frameworks a shipped mapping links ``framework_id`` with, sorted."""
    pairs = [pair for pair in builtin_mappings() if framework_id in pair]
    return sorted(other for pair in pairs for other in pair - {framework_id})


def find_mapping(a: Framework, b: Framework, file: Path | None = None) -> FrameworkMapping:
    """The mapping between frameworks ``a`` and ``b``, read from ``a``'s side: the one in
    ``file`` when given (a user's crosswalk, e.g. for an imported catalogue), else the shipped
    one. Checked against both catalogues: an unknown id or an uncited section is an error."""
    if file is not None:
        mapping = load_mapping_file(file)
        where = str(file)
    else:
        try:
            mapping = builtin_mappings()[frozenset((a.id, b.id))]
        except KeyError:
            known = (
                ", ".join(" <-> ".join(m.frameworks) for m in builtin_mappings().values()) or "none"
            )
            migrations = builtin_crosswalks()
            also = (
                "; their migration crosswalk moves an assessment (framework migrate) but maps "
                "no coverage"
                if (a.id, b.id) in migrations or (b.id, a.id) in migrations
                else ""
            )
            raise NotFoundError(
                f"no crosswalk between {a.id} and {b.id} (shipped: {known}){also}",
                about="crosswalk",
            ) from None
        where = mapping.id
    problems = mapping.problems(a, b)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise InputError(f"crosswalk {where} does not fit: {problems[0]}{more}")
    return mapping.oriented(a.id)


def find_crosswalk(source: str, target: str) -> Crosswalk:
    """The crosswalk that takes an assessment from framework ``source`` to ``target``."""
    try:
        return builtin_crosswalks()[(source, target)]
    except KeyError:
        known = ", ".join(f"{a} -> {b}" for a, b in sorted(builtin_crosswalks())) or "none"
        raise NotFoundError(f"no crosswalk from {source} to {target} (shipped: {known})") from None


def compare_frameworks(a_id: str, b_id: str, file: Path | None = None) -> Comparison:
    """What framework ``a_id`` demands that ``b_id`` does not, and the reverse, through the
    shipped mapping between them or the one in ``file``."""
    from workbench.app.catalogs import find_framework

    if a_id == b_id:
        raise InputError(f"compare {a_id} with another framework, not with itself")
    a, b = find_framework(a_id), find_framework(b_id)
    return compare(a, b, find_mapping(a, b, file))
