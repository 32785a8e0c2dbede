"""Writing a case as gsn2x YAML: the argument, away goals and challenges as counter-arguments."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import yaml

from workbench.domain import (
    CaseDocument,
    Challenge,
    ChallengeKind,
    ChallengeStatus,
    Element,
    ElementType,
    InputError,
    Module,
    TargetKind,
)
from workbench.domain.ids import unused_id
from workbench.interop.gsn2x.form import FORM_KEY, apply_form, challenge_text
from workbench.interop.gsn2x.reader import kind_from_id, module_id_from, one_line
from workbench.interop.gsn2x.vocabulary import (
    AS_IMPORTED_KEY,
    COUNTER_GOAL,
    COUNTER_NODES_KEY,
    COUNTER_SOLUTION,
    KIND_OF_COUNTER_TYPE,
    LINK_PREFIX,
    MODULE_KEY,
    NODE_KEYS,
    NODE_TYPE_OF_KIND,
    challenge_fingerprint,
)


class _FlowList(list[Any]):
    """A list of ids, written inline as gsn2x's examples do: [G2, G3]."""


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    pass


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_flow(dumper: yaml.SafeDumper, value: _FlowList) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_FlowList, _represent_flow)


def _resolved_away(doc: CaseDocument) -> dict[str, str]:
    """Away goal id -> the goal it stands for, when that goal is in this case."""
    by_id = doc.case.by_id
    result: dict[str, str] = {}
    for e in doc.case.elements:
        if e.type == ElementType.away_goal and e.away_element in by_id:
            target = by_id[e.away_element]
            if target.module == e.away_module and target.type != ElementType.away_goal:
                result[e.id] = target.id
    return result


def _node_type(element_id: str, kind: str) -> str | None:
    """The explicit nodeType to write when the id's prefix would imply another kind."""
    return None if kind_from_id(element_id) == kind else NODE_TYPE_OF_KIND[kind]


def _counter_for(
    challenge: Challenge, doc: CaseDocument, taken: set[str], names: dict[str, str]
) -> tuple[str, dict[str, Any]] | None:
    text = challenge.text
    challenged: str | None = None
    kind_default: ChallengeKind
    match = LINK_PREFIX.match(text)
    by_id = doc.case.by_id
    entry: dict[str, Any] = {}
    if match and match.group(1) == challenge.target and match.group(1) in by_id:
        # gsn2x lets a link be challenged from either end, also the link of a challenge.
        parent, child = match.group(1), match.group(2)
        challenged = f"{names.get(parent, parent)} -> {names.get(child, child)}"
        text = text[match.end() :]
    if challenge.target_kind == TargetKind.evidence:
        citing = next((e.id for e in doc.case.elements if challenge.target in e.evidence), None)
        if citing is None:
            return None
        challenged = names.get(citing, citing)
        entry["challengesEvidence"] = challenge.target
    elif challenged is None:
        challenged = names.get(challenge.target, challenge.target)
    if " -> " in challenged:
        kind_default = ChallengeKind.undercutting
        node_kind = COUNTER_GOAL
    elif challenge.kind == ChallengeKind.undermining:
        kind_default = ChallengeKind.undermining
        node_kind = COUNTER_SOLUTION
    else:
        kind_default = ChallengeKind.rebutting
        node_kind = COUNTER_GOAL
    counter_id = (
        challenge.id if challenge.id not in taken else unused_id(f"CG-{challenge.id}", taken)
    )
    node_type = _node_type(counter_id, node_kind)
    body: dict[str, Any] = {"text": text}
    if node_type:
        body["nodeType"] = node_type
    body["challenges"] = challenged
    if challenge.status == ChallengeStatus.refuted and challenge.responses:
        # gsn2x takes a counter element as defeated only when a response challenges it (V10);
        # without one, the status key alone says so.
        body["defeated"] = True
    body.update(entry)
    if challenge.kind != kind_default:
        body["challengeKind"] = challenge.kind.value
    body["severity"] = challenge.severity.value
    body["status"] = challenge.status.value
    body["raisedBy"] = challenge.raised_by
    body["raisedAt"] = challenge.raised_at.isoformat()
    return counter_id, body


def _response_entries(
    challenge: Challenge, counter_id: str, taken: set[str], written: int = 0
) -> Iterable[tuple[str, dict[str, Any]]]:
    """Counter elements for the challenge's responses after the first ``written`` (those
    already have counter elements of their own)."""
    for n, response in enumerate(challenge.responses, start=1):
        if n <= written:
            continue
        response_id = unused_id(f"{counter_id}-R{n}", taken)
        node_kind = COUNTER_SOLUTION if response.evidence else COUNTER_GOAL
        body: dict[str, Any] = {"text": response.text}
        node_type = _node_type(response_id, node_kind)
        if node_type:
            body["nodeType"] = node_type
        body["challenges"] = counter_id
        if response.evidence:
            body["evidence"] = _FlowList(response.evidence)
        body["status"] = response.status.value
        body["raisedBy"] = response.by
        body["raisedAt"] = response.at.isoformat()
        if response.role is not None:
            body["role"] = response.role.value
        yield response_id, body


#: Keys of a counter element that hold its challenge's fields (a root) or a response's.
_CHALLENGE_KEYS = (
    "challengeKind",
    "challengesEvidence",
    "severity",
    "status",
    "raisedBy",
    "raisedAt",
    "role",
    "evidence",
)


def _counter_roles(doc: CaseDocument) -> dict[str, tuple[Challenge, int | None]]:
    """Counter element id -> the challenge it states (None) or the number of the response
    to it that it is (0, 1, …: counter elements challenging its counter elements, in order)."""
    by_id = doc.case.by_id
    roles: dict[str, tuple[Challenge, int | None]] = {}
    for challenge in doc.review.challenges:
        for root in challenge.counter:
            if root in by_id:
                roles[root] = (challenge, None)
    counts: dict[str, int] = {}
    for e in doc.case.elements:
        if not e.is_counter or e.id in roles:
            continue
        current, seen = e, {e.id}
        while (
            current.challenges in by_id
            and by_id[current.challenges].is_counter
            and current.challenges not in seen
        ):
            current = by_id[current.challenges]
            seen.add(current.id)
        role = roles.get(current.id)
        if current is e or role is None or role[1] is not None:
            continue
        n = counts.get(role[0].id, 0)
        counts[role[0].id] = n + 1
        roles[e.id] = (role[0], n)
    return roles


def _challenge_keys(challenge: Challenge, element: Element) -> dict[str, Any]:
    """The challenge's fields as the keys of the counter element stating it."""
    if element.challenges_link:
        kind_default = ChallengeKind.undercutting
    elif element.type == ElementType.counter_goal:
        kind_default = ChallengeKind.rebutting
    else:
        kind_default = ChallengeKind.undermining
    keys: dict[str, Any] = {}
    if challenge.target_kind == TargetKind.evidence:
        keys["challengesEvidence"] = challenge.target
    if challenge.kind != kind_default:
        keys["challengeKind"] = challenge.kind.value
    keys["severity"] = challenge.severity.value
    keys["status"] = challenge.status.value
    keys["raisedBy"] = challenge.raised_by
    keys["raisedAt"] = challenge.raised_at.isoformat()
    return keys


def _response_keys(challenge: Challenge, index: int) -> dict[str, Any]:
    if index >= len(challenge.responses):
        return {}
    response = challenge.responses[index]
    keys: dict[str, Any] = {}
    if response.evidence:
        keys["evidence"] = _FlowList(response.evidence)
    keys["status"] = response.status.value
    keys["raisedBy"] = response.by
    keys["raisedAt"] = response.at.isoformat()
    if response.role is not None:
        keys["role"] = response.role.value
    return keys


def _counter_body(
    e: Element, role: tuple[Challenge, int | None] | None, names: dict[str, str]
) -> dict[str, Any]:
    """A counter element as gsn2x writes it, from its fields; its challenge's (or response's)
    fields in the keys the file had while the challenge is as imported, else from the record."""
    kind = KIND_OF_COUNTER_TYPE[e.type]
    body: dict[str, Any] = {"text": e.text}
    node_type = _node_type(e.id, kind)
    if node_type:
        body["nodeType"] = node_type
    if e.supported_by:
        body["supportedBy"] = _FlowList(names.get(t, t) for t in e.supported_by)
    if e.in_context_of:
        body["inContextOf"] = _FlowList(names.get(t, t) for t in e.in_context_of)
    target, end = e.challenges, e.challenges_link
    if role is not None and role[1] is None:
        challenge = role[0]
        if challenge.target_kind == TargetKind.element and challenge.target != target:
            target, end = challenge.target, None  # retargeted in the workbench
    if target:
        body["challenges"] = challenge_text(
            names.get(target, target), names.get(end, end) if end else None
        )
    if e.defeated:
        body["defeated"] = True
    if e.defeated_relation:
        body["defeatedRelation"] = _FlowList(names.get(r, r) for r in e.defeated_relation)
    if role is not None:
        challenge, index = role
        source = _imported_source(challenge)
        raw = source.get(names[e.id]) if source is not None else None
        if isinstance(raw, dict):
            body.update((k, raw[k]) for k in _CHALLENGE_KEYS if k in raw)
        elif index is None:
            body.update(_challenge_keys(challenge, e))
        else:
            body.update(_response_keys(challenge, index))
    for key, value in e.metadata.items():
        if key not in body and key not in NODE_KEYS and key != FORM_KEY:
            body[key] = value
    return apply_form(body, e.metadata.get(FORM_KEY), node_type=kind)


def _imported_source(challenge: Challenge) -> dict[str, Any] | None:
    """The counter elements a challenge was read from, while it is unchanged since."""
    source = challenge.metadata.get(COUNTER_NODES_KEY)
    if not isinstance(source, dict) or challenge.metadata.get(
        AS_IMPORTED_KEY
    ) != challenge_fingerprint(challenge):
        return None
    return source


def _gsn2x_id(element: Element) -> str:
    """The id a file gave the element (gsn2x takes ids the workbench renamed on import)."""
    form = element.metadata.get(FORM_KEY)
    original = form.get("id") if isinstance(form, dict) else None
    return original if isinstance(original, str) else element.id


def _module_info(module: Module) -> dict[str, Any]:
    """The ``module:`` header of a module: its name as the file wrote it and every kept key."""
    form = module.metadata.get(FORM_KEY)
    form = form if isinstance(form, dict) else {}
    name = form.get("name")
    if not isinstance(name, str) or module_id_from(name) != module.id:
        name = module.id
    info: dict[str, Any] = {"name": name}
    if module.description:
        info["brief"] = module.description
        if "brief" in form and str(form["brief"]) == module.description:
            info["brief"] = form["brief"]
    if module.title and module.title != name:
        info["title"] = module.title
    for key, value in module.metadata.items():
        if key != FORM_KEY and key not in info:
            info[key] = value
    return info


def _headerless(module: Module, info: dict[str, Any]) -> bool:
    """Whether the module came from a file without a header and still needs none."""
    form = module.metadata.get(FORM_KEY)
    return isinstance(form, dict) and form.get("header") is False and list(info) == ["name"]


def _as_imported(challenge: Challenge, doc: CaseDocument, taken: set[str]) -> dict[str, Any] | None:
    """The counter elements a challenge was imported from, while it is unchanged since."""
    source = challenge.metadata.get(COUNTER_NODES_KEY)
    if (
        not isinstance(source, dict)
        or challenge.metadata.get(AS_IMPORTED_KEY) != challenge_fingerprint(challenge)
        or challenge.target_kind != TargetKind.element
        or challenge.target not in doc.case.by_id
        or any(i in taken for i in source)
    ):
        return None
    return dict(source)


def export_gsn2x(doc: CaseDocument) -> str:
    """The case as one gsn2x YAML file; challenges become counter goals and solutions.

    Workbench-only facts (requirement claims, evidence, modules of a multi-module case,
    challenge severity and status) travel in extra keys that gsn2x keeps as layers.
    """
    return _write(doc, None)


def export_gsn2x_files(doc: CaseDocument) -> dict[str, str]:
    """The case as gsn2x modules, one file per module: file name -> YAML text.

    A module read from a file keeps that file's name and its ``uses`` and ``extends``; an
    element another module develops (``extends``) is written undeveloped in its own module,
    as gsn2x expects it.
    """
    files: dict[str, str] = {}
    for module in doc.case.modules:
        if not any(e.module == module.id for e in doc.case.elements):
            continue
        name = _file_name(module)
        if name in files:
            name = f"{module.id}.gsn.yaml"
        files[name] = _write(doc, module)
    return files


def _file_name(module: Module) -> str:
    form = module.metadata.get(FORM_KEY)
    name = form.get("file") if isinstance(form, dict) else None
    if (
        isinstance(name, str)
        and "/" not in name
        and "\\" not in name
        and not name.startswith(".")
        and name.endswith((".yaml", ".yml"))
    ):
        return name
    return f"{module.id}.gsn.yaml"


def _developed_elsewhere(doc: CaseDocument, names: dict[str, str]) -> set[str]:
    """Elements another module develops through its kept ``extends`` (by workbench id)."""
    by_gsn2x = {v: k for k, v in names.items()}
    result: set[str] = set()
    for module in doc.case.modules:
        entries = module.metadata.get("extends")
        if not isinstance(entries, list):
            continue
        for entry in entries:
            develops = entry.get("develops") if isinstance(entry, dict) else None
            if isinstance(develops, dict):
                result.update(by_gsn2x.get(str(f), str(f)) for f in develops)
    return result


def _write(doc: CaseDocument, only: Module | None) -> str:
    """One gsn2x file: the whole case (``only`` None) or one module of it."""
    case = doc.case
    if "module" in case.by_id:
        raise InputError("element id 'module' is reserved in gsn2x; rename the element first")
    away = _resolved_away(doc)
    names = {e.id: _gsn2x_id(e) for e in case.elements}
    main = only or case.modules[0]
    multi = only is None and len(case.modules) > 1
    developed = _developed_elsewhere(doc, names) if only is not None else set()
    info = _module_info(main)
    if multi:
        # Every module is in this one file: reading other files, or developing their
        # elements again, would define them twice.
        info.pop("uses", None)
        info.pop("extends", None)
        info["modules"] = [
            {"id": m.id, "title": m.title, "description": m.description} for m in case.modules
        ]
    out: dict[str, Any] = {}
    if multi or not _headerless(main, info):
        out[MODULE_KEY] = info
    accepted = [c for c in doc.review.challenges if c.status == ChallengeStatus.accepted]
    defeated_nodes = set()
    defeated_links: dict[str, list[str]] = {}
    for c in accepted:
        match = LINK_PREFIX.match(c.text)
        if match and match.group(1) == c.target:
            defeated_links.setdefault(c.target, []).append(match.group(2))
        elif c.target_kind == TargetKind.element:
            defeated_nodes.add(c.target)
    roles = _counter_roles(doc)
    for e in case.elements:
        if e.id in away or (only is not None and e.module != only.id):
            continue
        if e.is_counter:
            out[names[e.id]] = _counter_body(e, roles.get(e.id), names)
            continue
        body: dict[str, Any] = {"text": e.text}
        if e.type == ElementType.away_goal:
            body["nodeType"] = "Goal"
        else:
            node_type = _node_type(e.id, e.type.value)
            if node_type:
                body["nodeType"] = node_type
        gsn2x_type = "Goal" if e.type == ElementType.away_goal else NODE_TYPE_OF_KIND[e.type.value]
        if e.id in developed:
            body["undeveloped"] = True
        elif e.supported_by:
            body["supportedBy"] = _FlowList(names.get(away.get(t, t), t) for t in e.supported_by)
        if e.in_context_of:
            body["inContextOf"] = _FlowList(names.get(t, t) for t in e.in_context_of)
        if e.undeveloped or e.type == ElementType.away_goal:
            body["undeveloped"] = True
        if e.id in defeated_nodes or e.metadata.get("defeated") is True:
            body["defeated"] = True
        relations = defeated_links.get(e.id, [])
        extra_relations = e.metadata.get("defeatedRelation")
        if isinstance(extra_relations, list):
            relations = [*relations, *extra_relations]
        if relations:
            body["defeatedRelation"] = _FlowList(dict.fromkeys(names.get(r, r) for r in relations))
        if e.addresses:
            body["addresses"] = _FlowList(e.addresses)
        if e.not_applicable:
            body["notApplicable"] = [na.model_dump(mode="json") for na in e.not_applicable]
        if e.evidence:
            body["evidence"] = _FlowList(e.evidence)
        if e.type == ElementType.away_goal:
            body["awayModule"] = e.away_module
            if e.away_element:
                body["awayElement"] = e.away_element
        if multi and e.module != main.id:
            body["moduleId"] = e.module
        for key, value in e.metadata.items():
            if key not in body and key not in NODE_KEYS and key != FORM_KEY:
                body[key] = value
        out[names[e.id]] = apply_form(body, e.metadata.get(FORM_KEY), node_type=gsn2x_type)
    taken = set(out)
    skipped = 0
    answered: dict[str, int] = {}  # challenge id -> responses with counter elements
    for c, n in roles.values():
        if n is not None:
            answered[c.id] = answered.get(c.id, 0) + 1
    for challenge in doc.review.challenges:
        if only is not None and _module_of(challenge, doc) != only.id:
            continue
        roots = [r for r in challenge.counter if r in case.by_id]
        if roots:  # written with the case's counter elements; here only newer responses
            root = names[roots[0]]
            for response_id, response_body in _response_entries(
                challenge, root, taken, answered.get(challenge.id, 0)
            ):
                taken.add(response_id)
                out[response_id] = response_body
            continue
        written = _as_imported(challenge, doc, taken)
        if written:
            out.update(written)
            taken.update(written)
            continue
        counter = _counter_for(challenge, doc, taken, names)
        if counter is None:
            skipped += 1
            continue
        counter_id, body = counter
        taken.add(counter_id)
        out[counter_id] = body
        for response_id, response_body in _response_entries(challenge, counter_id, taken):
            out[response_id] = response_body
    header = [
        "# gsn2x argument written by Safety Case Workbench",
        f"# assessment: {one_line(doc.assessment.title)}",
    ]
    if skipped:
        header.append(f"# {skipped} challenge(s) on evidence no solution cites are not included")
    text = yaml.dump(
        out,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )
    return "\n".join(header) + "\n\n" + text


def _module_of(challenge: Challenge, doc: CaseDocument) -> str | None:
    """The module whose file a challenge's counter elements go to: its target's."""
    by_id = doc.case.by_id
    if challenge.target_kind == TargetKind.evidence:
        citing = next((e for e in doc.case.elements if challenge.target in e.evidence), None)
        return citing.module if citing else None
    target = by_id.get(challenge.target)
    return target.module if target else None
