"""Argument patterns: the shipped library, the user's own patterns, applying one to a case as
one change set, and turning a branch of a case into a pattern.

Shipped patterns live in ``resources/patterns``; the user's (``pattern save``, ``pattern
import``) in the ``patterns`` folder of the user's data directory (platformdirs, as imported
catalogues are), one JSON file each, so every store on the machine can use them. A user
pattern may not take a shipped pattern's name.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import ValidationError

from workbench.app.catalogs import catalogues
from workbench.app.changes import ChangeSet, link_kind_for, put
from workbench.checks.patterns import definition_problems
from workbench.domain import CaseDocument, Element, ElementType, InputError, NotFoundError
from workbench.domain.case import ARGUING
from workbench.domain.errors import describe_validation_error
from workbench.domain.evidence import EvidenceKind
from workbench.domain.pattern_instances import Instance, instantiate
from workbench.domain.patterns import Many, Node, Parameter, ParamKind, Pattern
from workbench.runtime.fileio import atomic_write_bytes
from workbench.runtime.inputs import loads_json, read_input_bytes
from workbench.runtime.paths import data_dir
from workbench.runtime.resources import resource_path


def pattern_dir() -> Path:
    """The user's own patterns, one JSON file each."""
    return data_dir() / "patterns"


def pattern_json(pattern: Pattern) -> bytes:
    data = pattern.model_dump(mode="json", exclude_defaults=True)
    data = {"format": pattern.format, **data}
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


def load_pattern_file(path: Path) -> Pattern:
    """Read and validate a pattern file; bad input raises InputError with one line."""
    raw = read_input_bytes(path, "pattern file")
    data = loads_json(raw, f"pattern file {path}")
    try:
        return Pattern.model_validate(data)
    except ValidationError as exc:
        raise InputError(describe_validation_error(exc, f"pattern {path.name}")) from None


@cache
def shipped_patterns() -> dict[str, Pattern]:
    """Every pattern shipped in ``resources/patterns``, by name, in name order."""
    result: dict[str, Pattern] = {}
    for path in sorted(resource_path("patterns").glob("*.json")):
        pattern = load_pattern_file(path)
        result[pattern.name] = pattern
    return result


@dataclass(frozen=True)
class Library:
    """The shipped patterns, the user's, and the user's files that could not be read."""

    shipped: dict[str, Pattern]
    user: dict[str, Pattern]
    files: dict[str, Path]
    problems: list[str]

    @property
    def all(self) -> dict[str, Pattern]:
        return {**self.shipped, **self.user}


def library() -> Library:
    """The shipped patterns and those in the user's pattern folder (read afresh)."""
    shipped = shipped_patterns()
    user: dict[str, Pattern] = {}
    files: dict[str, Path] = {}
    problems: list[str] = []
    folder = pattern_dir()
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            pattern = load_pattern_file(path)
        except InputError as exc:
            problems.append(f"skipped {path}: {exc}")
            continue
        if pattern.name in shipped or pattern.name in user:
            problems.append(f"skipped {path}: pattern {pattern.name} is already known")
            continue
        user[pattern.name] = pattern
        files[pattern.name] = path
    return Library(shipped, user, files, problems)


def find_pattern(name: str) -> Pattern:
    known = library().all
    try:
        return known[name]
    except KeyError:
        names = ", ".join(sorted(known)) or "none"
        raise NotFoundError(f"no pattern {name!r} (patterns: {names})") from None


def problems_of(pattern: Pattern) -> list[str]:
    """What makes a pattern definition not well formed, against every catalogue known."""
    return definition_problems(pattern, catalogues().all)


def _well_formed(pattern: Pattern) -> None:
    problems = problems_of(pattern)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise InputError(f"pattern {pattern.name} is not well formed: {problems[0]}{more}")


# ------------------------------------------------------------------ applying
def plan(
    doc: CaseDocument,
    pattern: Pattern,
    params: Mapping[str, str],
    under: str | None = None,
) -> Instance:
    """The elements applying ``pattern`` to ``doc`` would add (nothing is written)."""
    _well_formed(pattern)
    parent = doc.element(under) if under else None
    if parent is not None:
        link_kind_for(parent, ElementType.goal)  # refuses what cannot take a goal
    instance = instantiate(
        pattern,
        params,
        doc.framework,
        marks=doc.id_marks,
        live=doc.case.by_id,
        module=parent.module if parent is not None else "main",
        parent=parent.id if parent is not None else None,
    )
    known = doc.framework.requirements_by_id
    for element in instance.elements:
        foreign = [r for r in element.addresses if r not in known]
        if foreign:
            written = ", ".join(pattern.frameworks) or "any framework"
            raise InputError(
                f"pattern {pattern.name} claims {foreign[0]}, which {doc.framework.id} does "
                f"not have (the pattern is written for {written})"
            )
    return instance


def apply_pattern(
    doc: CaseDocument,
    pattern: Pattern,
    params: Mapping[str, str],
    under: str | None = None,
) -> ChangeSet:
    """The change set adding an instance of ``pattern`` (under ``under``, else as a new top
    goal): one step for undo and the audit log."""
    instance = plan(doc, pattern, params, under)
    changes = [put("element", e.id, None, e) for e in instance.elements]
    if under:
        parent = doc.element(under)
        after = parent.model_copy(
            update={"supported_by": [*parent.supported_by, instance.root.id], "undeveloped": False}
        )
        changes.append(put("element", parent.id, parent, after))
    where = f" under {under}" if under else ""
    return ChangeSet(
        f"Insert pattern {pattern.name}{where} ({len(instance.elements)} elements)",
        "insert pattern",
        tuple(changes),
    )


def outline(instance: Instance) -> list[str]:
    """The instance as indented lines (``G5 goal: …``), for previews and the CLI."""
    by_id = {e.id: e for e in instance.elements}
    lines: list[str] = []

    def walk(element: Element, depth: int) -> None:
        claims = f"  [claims {', '.join(element.addresses)}]" if element.addresses else ""
        mark = " (undeveloped)" if element.undeveloped else ""
        head = f"{'  ' * depth}{element.id} {element.type.value}{mark}"
        lines.append(f"{head}: {element.text}{claims}")
        for child in element.links:
            if child in by_id:
                walk(by_id[child], depth + 1)

    walk(instance.root, 0)
    return lines


# ------------------------------------------------------------------ the user's patterns
def store_pattern(pattern: Pattern, *, replace: bool = False) -> Path:
    """Keep a pattern in the user's pattern folder, where every command and window finds it."""
    _well_formed(pattern)
    if pattern.name in shipped_patterns():
        raise InputError(
            f"pattern {pattern.name} is shipped with the workbench; give yours another name"
        )
    known = library()
    existing = known.files.get(pattern.name)
    if existing is not None and not replace:
        raise InputError(f"pattern {pattern.name} already exists", about="replace")
    folder = pattern_dir()
    path = existing or folder / f"{pattern.name}.json"
    if existing is None and path.exists():
        raise InputError(f"{path} exists and is not a pattern; move it away first")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, pattern_json(pattern))
    except OSError as exc:
        raise InputError(f"cannot write the pattern folder {folder}: {exc.strerror}") from None
    return path


def import_pattern(path: Path, *, replace: bool = False) -> Pattern:
    pattern = load_pattern_file(path)
    store_pattern(pattern, replace=replace)
    return pattern


def export_pattern(name: str, path: Path) -> Pattern:
    pattern = find_pattern(name)
    try:
        atomic_write_bytes(path, pattern_json(pattern))
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}") from None
    return pattern


def _kind_of(value: str, doc: CaseDocument) -> ParamKind:
    framework = doc.framework
    if value in framework.thresholds_by_id:
        return ParamKind.threshold
    if value in framework.standards_by_id:
        return ParamKind.standard
    if value in framework.requirements_by_id:
        return ParamKind.requirement
    if value in {k.value for k in EvidenceKind}:
        return ParamKind.evidence_kind
    return ParamKind.text


def branch_to_pattern(
    doc: CaseDocument,
    root_id: str,
    name: str,
    params: Mapping[str, str],
    *,
    title: str | None = None,
) -> Pattern:
    """The branch under ``root_id`` as a pattern: each ``params`` value (an element's text,
    or a catalogue id) becomes the placeholder ``{name}``; a standard parameter whose
    requirements the branch argues one goal each becomes a multiplicity over them."""
    root = doc.element(root_id)
    if root.type != ElementType.goal:
        raise InputError(f"{root_id} is a {root.type.value}; a pattern starts at a goal")
    framework = doc.framework
    parameters: list[Parameter] = []
    swaps: list[tuple[str, str]] = []  # (text, placeholder), longest first
    standards: dict[str, str] = {}
    for pname, value in params.items():
        value = value.strip()
        if not value:
            raise InputError(f"parameter {pname} is given no value", about="param")
        kind = _kind_of(value, doc)
        parameters.append(Parameter(name=pname, kind=kind, label=pname.replace("_", " ")))
        swaps.append((value, f"{{{pname}}}"))
        item = framework.items_by_id.get(value)
        if kind in (ParamKind.threshold, ParamKind.standard, ParamKind.requirement):
            for attribute in ("title", "objective", "definition", "statement"):
                said = getattr(item, attribute, None)
                if isinstance(said, str) and said.strip():
                    swaps.append((said, f"{{{pname}.{attribute}}}"))
        if kind == ParamKind.standard:
            standards[value] = pname
    swaps.sort(key=lambda s: -len(s[0]))
    each = "requirement" if "requirement" not in params else "each_requirement"

    def swapped(text: str, extra: list[tuple[str, str]]) -> str:
        for old, new in sorted([*extra, *swaps], key=lambda s: -len(s[0])):
            text = text.replace(old, new)
        return text

    seen: set[str] = set()

    def node(element: Element, extra: list[tuple[str, str]]) -> Node:
        if element.type == ElementType.away_goal:
            raise InputError(f"{element.id} is an away goal; a pattern cannot hold one")
        seen.add(element.id)
        kids = [doc.element(c) for c in element.links if c not in seen]
        children: list[Node] = []
        folded = _fold(kids)
        for kid in kids:
            if kid.id in seen:
                continue
            if folded is not None and kid.id in folded[1]:
                if kid.id == folded[1][0]:
                    template, _ids, standard, rid = folded
                    req = framework.requirements_by_id[rid]
                    inner = [(rid, f"{{{each}}}"), (req.title, f"{{{each}.title}}")]
                    made = node(template, [*extra, *inner])
                    many = Many(over="requirements", of=standards[standard], each=each)
                    children.append(made.model_copy(update={"many": many}))
                seen.add(kid.id)
                continue
            children.append(node(kid, extra))
        return Node(
            role=element.id,
            type=element.type,
            text=swapped(element.text, extra),
            claims=[_claim(r, [*extra, *swaps]) for r in element.addresses],
            undeveloped=element.undeveloped and element.type in ARGUING,
            children=children,
        )

    def _fold(kids: list[Element]) -> tuple[Element, list[str], str, str] | None:
        """Sibling goals claiming one requirement each of a standard parameter."""
        for standard in standards:
            listed = framework.standards_by_id[standard].requirements
            demanded = {r.id for r in listed if r.demanded}
            one_each = [
                k
                for k in kids
                if k.type == ElementType.goal
                and len(k.addresses) == 1
                and k.addresses[0] in demanded
            ]
            if len(one_each) >= 2:
                return one_each[0], [k.id for k in one_each], standard, one_each[0].addresses[0]
        return None

    pattern = Pattern(
        name=name,
        title=title or f"Pattern {name} (from {root_id})",
        summary=f"Saved from the branch under {root_id} of a case judged against {framework.id}.",
        frameworks=[framework.id],
        parameters=parameters,
        root=node(root, []),
    )
    used = {n for nd in pattern.nodes() for t in (nd.text, *nd.claims) for n in _names(t)}
    used |= {nd.many.of for nd in pattern.nodes() if nd.many is not None and nd.many.of}
    for p in parameters:
        if p.name not in used:
            raise InputError(
                f"parameter {p.name} {params[p.name]!r}: that text appears nowhere in the "
                f"branch under {root_id}",
                about="param",
            )
    _well_formed(pattern)
    return pattern


def _claim(requirement: str, swaps: list[tuple[str, str]]) -> str:
    """A claim as a placeholder when it is exactly a parameter's value, else as it is."""
    return next((new for old, new in swaps if old == requirement and "." not in new), requirement)


def _names(text: str) -> set[str]:
    from workbench.domain.patterns import placeholders

    return {n for n, _a in placeholders(text)}
