"""Reading gsn2x YAML (one file or modules across files) into a safety case and challenges."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from workbench.domain import (
    Challenge,
    ChallengeKind,
    ChallengeSeverity,
    ChallengeStatus,
    Element,
    ElementType,
    InputError,
    Module,
    NotApplicable,
    Participant,
    Response,
    ReviewRole,
    ReviewSession,
    SafetyCase,
    TargetKind,
)
from workbench.domain.base import Ident
from workbench.domain.errors import describe_validation_error
from workbench.domain.ids import unused_id
from workbench.interop.gsn2x import rules
from workbench.interop.gsn2x.form import FORM_KEY, written_form
from workbench.interop.gsn2x.vocabulary import (
    AS_IMPORTED_KEY,
    COUNTER_GOAL,
    COUNTER_KINDS,
    COUNTER_NODES_KEY,
    COUNTER_TYPES,
    IMPORTED_BY,
    MODULE_INTERPRETED,
    MODULE_KEY,
    NODE_KEYS,
    NODE_TYPE_OF_KIND,
    NODE_TYPES,
    PREFIX_KINDS,
    SESSION_TITLE,
    Gsn2xImport,
    challenge_fingerprint,
)
from workbench.interop.gsn2x.yaml_io import load_yaml_strict
from workbench.runtime.inputs import read_input_bytes


@dataclass
class _Node:
    id: str
    kind: str  # an ElementType value, or CounterGoal / CounterSolution
    text: str
    module: str
    source: str
    supported_by: list[str]
    in_context_of: list[str]
    undeveloped: bool
    challenges: tuple[str, str | None] | None
    defeated: bool
    defeated_relation: list[str]
    extensions: dict[str, Any]
    metadata: dict[str, Any]
    raw: dict[str, Any]  # the body as the file wrote it (JSON-able)

    @property
    def is_counter(self) -> bool:
        return self.kind in COUNTER_KINDS

    def where(self) -> str:
        return f"{self.source}: element {self.id}"


@dataclass
class _Document:
    source: str
    module_name: str  # as the file names it (gsn2x allows spaces)
    module: Module
    module_info: dict[str, Any]
    nodes: list[_Node]


def kind_from_id(element_id: str) -> str | None:
    """The gsn2x element kind its id prefix implies (None for an unknown prefix)."""
    for prefix, kind in PREFIX_KINDS:
        if element_id.startswith(prefix):
            return kind
    return None


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _ids(value: Any, key: str, where: str) -> list[str]:
    """A gsn2x reference list: one id or a list of ids; duplicates dropped as gsn2x warns."""
    if value is None:
        return []
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise InputError(
            f"{where}: {key!r} must be an element id or a list of ids, not {_type_name(value)}"
        )
    return list(dict.fromkeys(i.strip() for i in items))


def _flag(value: Any, key: str, where: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise InputError(f"{where}: {key!r} must be true or false, not {_type_name(value)}")
    return value


def _text(value: Any, key: str, where: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise InputError(f"{where}: {key!r} must be text, not {_type_name(value)}")


def _jsonable(value: Any) -> Any:
    """Metadata must survive canonical JSON: string keys, no dates, sets or bytes."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


def _read_node(element_id: Any, raw: Any, module: str, source: str) -> _Node:
    if not isinstance(element_id, str):
        raise InputError(f"{source}: element id {element_id!r} must be text such as G1, S1 or Sn1")
    where = f"{source}: element {element_id}"
    if not element_id.strip():
        raise InputError(f"{source}: an element id must not be empty")
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise InputError(
            f"{where}: expected a mapping with text, supportedBy, inContextOf, …, "
            f"not {_type_name(raw)} (is this a gsn2x file?)"
        )
    node_type = raw.get("nodeType")
    if node_type is not None:
        if node_type not in NODE_TYPES:
            raise InputError(
                f"{where}: unknown nodeType {node_type!r} (use one of {', '.join(NODE_TYPES)})"
            )
        kind = NODE_TYPES[node_type]
    else:
        found = kind_from_id(element_id)
        if found is None:
            raise InputError(
                f"{where}: unknown element type; ids start with G, S, Sn, C, A, J, CG or CSn "
                "(or give nodeType)"
            )
        kind = found
    challenges: tuple[str, str | None] | None = None
    if raw.get("challenges") is not None:
        target = raw["challenges"]
        if not isinstance(target, str) or not target.strip():
            raise InputError(
                f"{where}: 'challenges' must name one element or a link 'X -> Y', "
                f"not {_type_name(target)}"
            )
        left, arrow, right = target.partition("->")
        challenges = (left.strip(), right.strip()) if arrow else (target.strip(), None)
    extensions: dict[str, Any] = {}
    metadata: dict[str, Any] = {}
    for key, value in raw.items():
        if not isinstance(key, str):
            raise InputError(f"{where}: key {key!r} must be text")
        if key in NODE_KEYS:
            if key not in ("text", "nodeType", "supportedBy", "inContextOf", "undeveloped"):
                extensions[key] = value
        else:
            metadata[key] = _jsonable(value)
    implied = kind_from_id(element_id)
    form = written_form(raw, implied_type=NODE_TYPE_OF_KIND[implied] if implied else None)
    if form:
        metadata[FORM_KEY] = form
    return _Node(
        id=element_id,
        kind=kind,
        text=_text(raw.get("text"), "text", where),
        module=module,
        source=source,
        supported_by=_ids(raw.get("supportedBy"), "supportedBy", where),
        in_context_of=_ids(raw.get("inContextOf"), "inContextOf", where),
        undeveloped=_flag(raw.get("undeveloped"), "undeveloped", where),
        challenges=challenges,
        defeated=_flag(extensions.pop("defeated", None), "defeated", where),
        defeated_relation=_ids(extensions.pop("defeatedRelation", None), "defeatedRelation", where),
        extensions=extensions,
        metadata=metadata,
        raw=_jsonable(raw),
    )


def module_id_from(name: str) -> str:
    """A module id from a gsn2x module name or file name (ids allow no spaces)."""
    cleaned = re.sub(r"[^A-Za-z0-9_.:/\-]+", "-", name).strip("-._:/")
    return cleaned or "main"


def _read_document(text: str, *, source: str, default_module: str) -> _Document:
    data = load_yaml_strict(text, source=source)
    if not isinstance(data, dict):
        raise InputError(
            f"{source} is not a gsn2x document: expected a mapping of element ids "
            f"(G1, S1, Sn1, …) to elements, found {_type_name(data)}"
        )
    info = data.get(MODULE_KEY)
    if info is not None and not isinstance(info, dict):
        raise InputError(f"{source}: 'module' must be a mapping with name and brief")
    info = info or {}
    name = info.get("name", default_module)
    if not isinstance(name, str) or not name.strip():
        raise InputError(f"{source}: module 'name' must be text")
    brief = _text(info.get("brief"), "brief", f"{source}: module {name}")
    title = _text(info.get("title"), "title", f"{source}: module {name}") or name
    kept = {k: _jsonable(v) for k, v in info.items() if k not in MODULE_INTERPRETED}
    form: dict[str, Any] = {}
    if module_id_from(name) != name:
        form["name"] = name
    if MODULE_KEY not in data:
        form["header"] = False
    elif "brief" in info and not isinstance(info["brief"], str):
        form["brief"] = info["brief"]
    if form:
        kept[FORM_KEY] = form
    module = Module(id=module_id_from(name), title=title, description=brief, metadata=kept)
    nodes = [
        _read_node(key, value, module.id, source)
        for key, value in data.items()
        if key != MODULE_KEY
    ]
    return _Document(source=source, module_name=name, module=module, module_info=info, nodes=nodes)


# --------------------------------------------------------------------------- building the case


def _extra_modules(doc: _Document) -> list[Module]:
    """Modules a single-file export lists under module.modules (workbench extension)."""
    listed = doc.module_info.get("modules")
    if listed is None:
        return []
    where = f"{doc.source}: module {doc.module.id}"
    if not isinstance(listed, list) or not all(isinstance(m, dict) for m in listed):
        raise InputError(f"{where}: 'modules' must be a list of mappings with id and title")
    modules = []
    for entry in listed:
        try:
            modules.append(
                Module(
                    id=entry.get("id"),
                    title=_text(entry.get("title"), "title", where),
                    description=_text(entry.get("description"), "description", where),
                )
            )
        except ValidationError as exc:
            raise InputError(describe_validation_error(exc, f"module in {doc.source}")) from None
    return modules


def _apply_extends(docs: list[_Document], nodes: dict[str, _Node]) -> None:
    """gsn2x 'extends': a module develops undeveloped goals of another module."""
    module_ids = {d.module.id for d in docs}
    for doc in docs:
        extends = doc.module_info.get("extends") or []
        where = f"{doc.source}: module {doc.module.id}"
        if not isinstance(extends, list):
            raise InputError(f"{where}: 'extends' must be a list of {{module, develops}}")
        for ext in extends:
            if not isinstance(ext, dict) or not isinstance(ext.get("develops"), dict):
                raise InputError(f"{where}: each 'extends' entry needs module and develops")
            target_module = module_id_from(str(ext.get("module", "")))
            if target_module not in module_ids:
                raise InputError(f"{where}: extends unknown module {ext.get('module')!r}")
            for foreign_id, local_ids in ext["develops"].items():
                foreign = nodes.get(foreign_id)
                if foreign is None or foreign.module != target_module:
                    raise InputError(
                        f"{where}: element {foreign_id} to develop is not in module {target_module}"
                    )
                if not foreign.undeveloped:
                    raise InputError(
                        f"{where}: element {foreign_id} is not undeveloped, so it cannot be "
                        "developed by another module"
                    )
                foreign.supported_by = _ids(local_ids, "develops", where)
                foreign.undeveloped = False


def _workbench_id(gsn2x_id: str, taken: set[str]) -> str:
    """An id the workbench can hold for a gsn2x id it cannot (spaces, quotes, symbols)."""
    kept = "".join(c if _id_char(c) else "-" for c in gsn2x_id)
    cleaned = re.sub(r"-{2,}", "-", kept).lstrip("_.:/-")[:180]
    return unused_id(cleaned or "E", taken)


def _id_char(c: str) -> bool:
    return c.isalpha() or c.isdecimal() or c in "_.:/-"


_IDENT = TypeAdapter(Ident)


def _holdable(element_id: str) -> bool:
    try:
        _IDENT.validate_python(element_id)
    except ValidationError:
        return False
    return True


def _workbench_ids(nodes: dict[str, _Node]) -> dict[str, _Node]:
    """The nodes under ids the workbench can hold; a renamed one keeps its own in its form.

    gsn2x takes any YAML key as an id; the export writes the original id back.
    """
    odd = [i for i in nodes if not _holdable(i)]
    if not odd:
        return nodes
    taken = {i for i in nodes if i not in odd}
    renamed: dict[str, str] = {}
    for old in odd:
        renamed[old] = _workbench_id(old, taken)
        taken.add(renamed[old])

    def new(ids: list[str]) -> list[str]:
        return [renamed.get(i, i) for i in ids]

    result: dict[str, _Node] = {}
    for node in nodes.values():
        if node.id in renamed:
            form = dict(node.metadata.get(FORM_KEY) or {})
            form["id"] = node.id
            node.metadata[FORM_KEY] = form
            node.id = renamed[node.id]
        node.supported_by = new(node.supported_by)
        node.in_context_of = new(node.in_context_of)
        node.defeated_relation = new(node.defeated_relation)
        if node.challenges is not None:
            left, right = node.challenges
            node.challenges = (
                renamed.get(left, left),
                renamed.get(right, right) if right else None,
            )
        result[node.id] = node
    return result


def _check_workbench_limits(nodes: dict[str, _Node]) -> None:
    """What gsn2x accepts but a workbench case cannot hold: argument and counter-argument mixed."""
    for node in nodes.values():
        for target in node.supported_by:
            other = nodes[target]
            if other.is_counter != node.is_counter:
                side = "counter element" if other.is_counter else "argument element"
                raise InputError(
                    f"{node.where()}: supportedBy names {side} {target}; the workbench keeps "
                    "counter elements (CG, CSn) apart from the argument, supporting each other"
                )


def _id_list(value: Any, key: str, node: _Node) -> list[str]:
    return _ids(value, key, node.where())


def _not_applicable(value: Any, node: _Node) -> list[NotApplicable]:
    if value is None:
        return []
    where = node.where()
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise InputError(
            f"{where}: 'notApplicable' must be a list of {{requirement, justification}}"
        )
    try:
        return [NotApplicable.model_validate(v) for v in value]
    except ValidationError as exc:
        raise InputError(describe_validation_error(exc, f"notApplicable of {node.id}")) from None


def _away_goal_id(target: str, module: str, taken: set[str]) -> str:
    candidate = f"AG-{target}"
    if candidate in taken:
        candidate = unused_id(f"AG-{module}-{target}", taken)
    return candidate


def _make_element(node: _Node, **fields: Any) -> Element:
    try:
        return Element(**fields)
    except ValidationError as exc:
        raise InputError(
            f"{node.source}: " + describe_validation_error(exc, f"element {node.id}")
        ) from None


def _elements(
    nodes: dict[str, _Node], consumed_defeats: set[tuple[str, str | None]]
) -> list[Element]:
    taken = set(nodes)
    away: dict[tuple[str, str], str] = {}
    elements: list[Element] = []
    away_elements: list[Element] = []
    for node in nodes.values():
        if node.is_counter:
            elements.append(_counter_element(node))
            continue
        ext = node.extensions
        supported_by: list[str] = []
        for target in node.supported_by:
            other = nodes[target]
            if other.module != node.module and other.kind == ElementType.goal.value:
                key = (node.module, target)
                if key not in away:
                    away[key] = _away_goal_id(target, node.module, taken)
                    taken.add(away[key])
                    away_elements.append(
                        _make_element(
                            node,
                            id=away[key],
                            type=ElementType.away_goal,
                            text=other.text,
                            module=node.module,
                            away_module=other.module,
                            away_element=target,
                        )
                    )
                supported_by.append(away[key])
            else:
                supported_by.append(target)
        metadata = dict(node.metadata)
        if node.defeated and (node.id, None) not in consumed_defeats:
            metadata["defeated"] = True
        kept = [r for r in node.defeated_relation if (node.id, r) not in consumed_defeats]
        if kept:
            metadata["defeatedRelation"] = kept
        away_module = ext.get("awayModule")
        is_away = away_module is not None
        elements.append(
            _make_element(
                node,
                id=node.id,
                type=ElementType.away_goal if is_away else ElementType(node.kind),
                text=node.text,
                module=node.module,
                supported_by=supported_by,
                in_context_of=node.in_context_of,
                undeveloped=node.undeveloped and not is_away,
                addresses=_id_list(ext.get("addresses"), "addresses", node),
                not_applicable=_not_applicable(ext.get("notApplicable"), node),
                evidence=_id_list(ext.get("evidence"), "evidence", node),
                away_module=away_module,
                away_element=ext.get("awayElement"),
                metadata=metadata,
            )
        )
    return elements + away_elements


def _counter_element(node: _Node) -> Element:
    """A counter goal or counter solution as an element of its own, apart from the argument:
    what it challenges, whether it is defeated, and the counter elements supporting it."""
    left, right = node.challenges if node.challenges is not None else (None, None)
    return _make_element(
        node,
        id=node.id,
        type=COUNTER_TYPES[node.kind],
        text=node.text,
        module=node.module,
        supported_by=node.supported_by,
        in_context_of=node.in_context_of,
        challenges=left,
        challenges_link=right,
        defeated=node.defeated,
        defeated_relation=node.defeated_relation,
        metadata=node.metadata,
    )


# --------------------------------------------------------------------------- challenges


def one_line(text: str) -> str:
    return " ".join(text.split())


def _folded_text(node: _Node, nodes: dict[str, _Node]) -> str:
    """A counter element's text with its supporting counter-argument appended as an outline."""
    lines: list[str] = []
    stack: list[tuple[str, int]] = [(child, 0) for child in reversed(node.supported_by)]
    while stack:
        child_id, depth = stack.pop()
        child = nodes[child_id]
        summary = one_line(child.text)
        lines.append(
            f"{'  ' * depth}- {child.id}: {summary}" if summary else f"{'  ' * depth}- {child.id}"
        )
        stack.extend((grandchild, depth + 1) for grandchild in reversed(child.supported_by))
    text = node.text.rstrip()
    if lines:
        outline = "Supported by:\n" + "\n".join(lines)
        text = f"{text}\n\n{outline}" if text else outline
    return text


def _enum(value: Any, enum: type[Any], key: str, node: _Node, default: Any) -> Any:
    if value is None:
        return default
    try:
        return enum(value)
    except ValueError:
        choices = ", ".join(m.value for m in enum)
        raise InputError(f"{node.where()}: {key} {value!r} is not one of {choices}") from None


def _timestamp(value: Any, key: str, node: _Node, default: dt.datetime) -> dt.datetime:
    if value is None:
        return default
    try:
        return dt.datetime.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"{node.where()}: {key} {value!r} is not an ISO date and time") from None


def _root_challenge(node: _Node, nodes: dict[str, _Node]) -> _Node:
    """Follow counter-challenges-counter chains to the counter element challenging the argument."""
    current = node
    while current.challenges is not None and nodes[current.challenges[0]].is_counter:
        current = nodes[current.challenges[0]]
    return current


def _challenges(
    nodes: dict[str, _Node], session_id: str, now: dt.datetime
) -> tuple[list[Challenge], set[tuple[str, str | None]]]:
    counters = [n for n in nodes.values() if n.is_counter]
    supporting = {child for n in counters for child in n.supported_by}
    for node in counters:
        if node.challenges is None and node.id not in supporting:
            raise InputError(f"{node.where()}: a counter element must challenge something")
    roots = [
        n for n in counters if n.challenges is not None and not nodes[n.challenges[0]].is_counter
    ]
    responders: dict[str, list[_Node]] = {root.id: [] for root in roots}
    for node in counters:
        if node.challenges is not None and nodes[node.challenges[0]].is_counter:
            responders[_root_challenge(node, nodes).id].append(node)
    consumed: set[tuple[str, str | None]] = set()
    result: list[Challenge] = []
    for root in roots:
        assert root.challenges is not None
        left, right = root.challenges
        ext = root.extensions
        text = _folded_text(root, nodes)
        if right is not None:
            text = f"[link {left} -> {right}] {text}"
            target_defeated = right in nodes[left].defeated_relation
        else:
            target_defeated = nodes[left].defeated
        consumed.add((left, right))
        responses = [
            Response(
                by=_text(r.extensions.get("raisedBy"), "raisedBy", r.where()) or IMPORTED_BY,
                at=_timestamp(r.extensions.get("raisedAt"), "raisedAt", r, now),
                status=_enum(
                    r.extensions.get("status"),
                    ChallengeStatus,
                    "status",
                    r,
                    ChallengeStatus.refuted
                    if nodes[r.challenges[0]].defeated  # type: ignore[index]
                    else ChallengeStatus.answered,
                ),
                text=_folded_text(r, nodes),
                evidence=_id_list(r.extensions.get("evidence"), "evidence", r),
                role=_enum(r.extensions.get("role"), ReviewRole, "role", r, None),
            )
            for r in responders[root.id]
        ]
        if target_defeated:
            derived = ChallengeStatus.accepted
        elif root.defeated:
            derived = ChallengeStatus.refuted
        elif responses:
            derived = ChallengeStatus.answered
        else:
            derived = ChallengeStatus.open
        if right is not None:
            default_kind = ChallengeKind.undercutting
        elif root.kind == COUNTER_GOAL:
            default_kind = ChallengeKind.rebutting
        else:
            default_kind = ChallengeKind.undermining
        evidence_target = ext.get("challengesEvidence")
        try:
            result.append(
                Challenge(
                    id=root.id,
                    session=session_id,
                    target=evidence_target if evidence_target is not None else left,
                    target_kind=TargetKind.evidence
                    if evidence_target is not None
                    else TargetKind.element,
                    kind=_enum(
                        ext.get("challengeKind"), ChallengeKind, "challengeKind", root, default_kind
                    ),
                    severity=_enum(
                        ext.get("severity"),
                        ChallengeSeverity,
                        "severity",
                        root,
                        ChallengeSeverity.major,
                    ),
                    text=text,
                    raised_by=_text(ext.get("raisedBy"), "raisedBy", root.where()) or IMPORTED_BY,
                    raised_at=_timestamp(ext.get("raisedAt"), "raisedAt", root, now),
                    status=_enum(ext.get("status"), ChallengeStatus, "status", root, derived),
                    responses=responses,
                    counter=[root.id],
                )
            )
        except ValidationError as exc:
            raise InputError(
                f"{root.source}: " + describe_validation_error(exc, f"counter element {root.id}")
            ) from None
    return [_with_source(c, nodes, responders[c.id]) for c in result], consumed


def _supporters(node: _Node, nodes: dict[str, _Node]) -> list[str]:
    """The counter elements folded into a counter element's text, depth first."""
    found: list[str] = []
    stack = list(reversed(node.supported_by))
    while stack:
        current = stack.pop()
        if current not in found:
            found.append(current)
            stack.extend(reversed(nodes[current].supported_by))
    return found


def _gsn2x_id(node: _Node) -> str:
    form = node.metadata.get(FORM_KEY)
    original = form.get("id") if isinstance(form, dict) else None
    return original if isinstance(original, str) else node.id


def _with_source(
    challenge: Challenge, nodes: dict[str, _Node], responders: list[_Node]
) -> Challenge:
    """The challenge with the counter elements it came from, as written, in its metadata.

    An export writes them back as they were while the challenge is as imported (the
    fingerprint below); once someone changes it, the export writes it from its fields.
    """
    root = nodes[challenge.id]
    ids: list[str] = []
    for node in (root, *responders):
        ids.extend([node.id, *_supporters(node, nodes)])
    source = {_gsn2x_id(nodes[i]): nodes[i].raw for i in dict.fromkeys(ids)}
    body = challenge.model_dump(mode="json", exclude={"metadata"})
    body["metadata"] = {
        COUNTER_NODES_KEY: source,
        AS_IMPORTED_KEY: challenge_fingerprint(challenge),
    }
    return Challenge.model_validate(body)


def _session(
    challenges: list[Challenge], sources: list[str], session_id: str, now: dt.datetime
) -> ReviewSession:
    names = list(dict.fromkeys(c.raised_by for c in challenges))
    where = ", ".join(sources)
    return ReviewSession(
        id=session_id,
        title=SESSION_TITLE,
        scope=f"counter-arguments (CG, CSn) in {where}",
        participants=[Participant(name=name, role=ReviewRole.reviewer) for name in names],
        started=now,
        ended=now,
        minutes=f"Imported {len(challenges)} challenge(s) from the gsn2x counter-arguments "
        f"in {where}.",
    )


def _build(docs: list[_Document], now: dt.datetime) -> Gsn2xImport:
    modules: dict[str, Module] = {}
    names: dict[str, str] = {}
    for doc in docs:
        if doc.module_name in names:
            raise rules.refuse(
                doc.source,
                "C06",
                f"module {doc.module_name} was already read from {names[doc.module_name]}",
            )
        names[doc.module_name] = doc.source
        for module in [doc.module, *_extra_modules(doc)]:
            if module.id in modules and doc.module is module:
                raise InputError(
                    f"{doc.source}: module {doc.module_name} and another module both become "
                    f"module id {module.id}; rename one of them"
                )
            modules.setdefault(module.id, module)
    nodes: dict[str, _Node] = {}
    for doc in docs:
        for node in doc.nodes:
            if node.id in nodes:
                raise rules.refuse(
                    node.source,
                    "C07",
                    f"element {node.id} is defined twice (also in {nodes[node.id].source})",
                )
            module_id = node.extensions.get("moduleId")
            if module_id is not None:
                if module_id not in modules:
                    raise InputError(f"{node.where()}: moduleId names unknown module {module_id}")
                node.module = module_id
            nodes[node.id] = node
    rules.validate_modules(docs, nodes)
    rules.check_extends(docs, nodes)
    _apply_extends(docs, nodes)
    rules.check_argument(nodes)
    _check_workbench_limits(nodes)
    nodes = _workbench_ids(nodes)
    session_id = f"RS-gsn2x-{now:%Y%m%dT%H%M%S}"
    challenges, consumed = _challenges(nodes, session_id, now)
    elements = _elements(nodes, consumed)
    used_modules = {e.module for e in elements}
    listed = {m.id for d in docs for m in _extra_modules(d)}
    module_list = [m for m in modules.values() if m.id in used_modules or m.id in listed]
    try:
        case = SafetyCase(modules=module_list, elements=elements)
    except ValidationError as exc:
        raise InputError(describe_validation_error(exc, "gsn2x argument")) from None
    sessions = (
        [_session(challenges, [d.source for d in docs], session_id, now)] if challenges else []
    )
    return Gsn2xImport(case=case, sessions=sessions, challenges=challenges)


def parse_gsn2x(text: str, *, source: str = "<input>", now: dt.datetime) -> Gsn2xImport:
    """One gsn2x YAML document as a safety case, its counter-arguments as challenges.

    ``now`` stamps the imported review session and challenges (no clock is read here).
    """
    return _build([_read_document(text, source=source, default_module="main")], now)


def _read_text(path: Path) -> str:
    try:
        return read_input_bytes(path, "gsn2x file").decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path} is not UTF-8 text") from None


def _stem(path: Path) -> str:
    name = path.name
    for suffix in (".gsn.yaml", ".gsn.yml", ".yaml", ".yml"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def parse_gsn2x_files(paths: list[Path], *, now: dt.datetime) -> Gsn2xImport:
    """gsn2x modules across files (plus the files they ``uses``), with away goals between them."""
    if not paths:
        raise InputError("no gsn2x files given")
    docs: list[_Document] = []
    seen: dict[Path, tuple[str, str]] = {}
    queue: list[tuple[Path, str | None]] = [(Path(p), None) for p in paths]
    while queue:
        path, used_by = queue.pop(0)
        resolved = path.resolve()
        if resolved in seen:
            first_name, first_by = seen[resolved]
            how = f"used by {used_by}" if used_by else "given again"
            raise rules.refuse(
                path.name,
                "C06",
                f"module {first_name} was already read ({first_by}); now {how}: "
                "a uses cycle or a file named twice",
            )
        doc = _read_document(_read_text(path), source=path.name, default_module=_stem(path))
        seen[resolved] = (doc.module_name, f"used by {used_by}" if used_by else "given")
        docs.append(doc)
        for key in ("uses", "requires"):
            used = doc.module_info.get(key) or []
            if isinstance(used, str):
                used = [used]
            if not isinstance(used, list) or not all(isinstance(u, str) for u in used):
                raise InputError(f"{path.name}: module '{key}' must be a list of file names")
            queue.extend((path.parent / u, path.name) for u in used)
    if len(docs) > 1:  # modules across files: each remembers its file, to be written again
        for doc in docs:
            doc.module = _with_file(doc.module, doc.source)
    return _build(docs, now)


def _with_file(module: Module, file_name: str) -> Module:
    metadata = dict(module.metadata)
    metadata[FORM_KEY] = {**metadata.get(FORM_KEY, {}), "file": file_name}
    return module.model_copy(update={"metadata": Module(id="m", metadata=metadata).metadata})
