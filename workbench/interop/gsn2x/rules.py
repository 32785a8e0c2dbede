"""The validity rules gsn2x applies (its V- and C-checks that are errors), with its verdicts.

gsn2x documents its checks by number (V01 … V13 on each module, C01 … C16 on the whole
argument); a rule it only warns about (V02, V05, V08, V11, C01 for several roots, C11) never
refuses a file here either. A refusal is one line naming the file, the rule and the element.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from workbench.domain import ElementType, InputError
from workbench.interop.gsn2x.vocabulary import COUNTER_GOAL, COUNTER_SOLUTION

if TYPE_CHECKING:
    from workbench.interop.gsn2x.reader import _Document, _Node

_GOAL = ElementType.goal.value
_STRATEGY = ElementType.strategy.value
_SOLUTION = ElementType.solution.value
_CONTEXTUAL = frozenset(
    {ElementType.context.value, ElementType.assumption.value, ElementType.justification.value}
)
#: What each kind may name under supportedBy (V04); kinds not listed may name nothing.
_SUPPORTS: dict[str, frozenset[str]] = {
    _GOAL: frozenset({_GOAL, COUNTER_GOAL, _SOLUTION, COUNTER_SOLUTION, _STRATEGY}),
    _STRATEGY: frozenset({_GOAL, COUNTER_GOAL, _SOLUTION, COUNTER_SOLUTION, _STRATEGY}),
    COUNTER_GOAL: frozenset({COUNTER_GOAL, COUNTER_SOLUTION}),
}
#: What each kind may name under inContextOf (V04).
_CONTEXTS: dict[str, frozenset[str]] = {_GOAL: _CONTEXTUAL, _STRATEGY: _CONTEXTUAL}


def refuse(source: str, rule: str, message: str) -> InputError:
    """The one-line refusal of a gsn2x rule."""
    return InputError(f"{source}: gsn2x rule {rule}: {message}")


def _kind(node: _Node) -> str:
    # An away goal the workbench wrote is a goal to gsn2x.
    return node.kind


def _check_references_of(node: _Node, nodes: Mapping[str, _Node]) -> None:
    """V03, V04, V06, V12 for one element."""
    kind = _kind(node)
    for key, targets, allowed in (
        ("inContextOf", node.in_context_of, _CONTEXTS.get(kind, frozenset())),
        ("supportedBy", node.supported_by, _SUPPORTS.get(kind, frozenset())),
    ):
        for target in targets:
            if target == node.id:
                raise refuse(node.source, "V06", f"element {node.id} names itself in {key}")
            other = nodes.get(target)
            if not allowed or (other is not None and _kind(other) not in allowed):
                what = f"a {_describe(_kind(other))}" if other is not None else "an element"
                raise refuse(
                    node.source,
                    "V04",
                    f"element {node.id} ({_describe(kind)}) cannot name {what} ({target}) in {key}",
                )
    if node.supported_by and node.undeveloped:
        raise refuse(
            node.source, "V03", f"element {node.id} is marked undeveloped but has supportedBy"
        )
    if node.challenges is not None and not node.is_counter:
        raise refuse(
            node.source,
            "V12",
            f"element {node.id} challenges something but is not a CounterGoal or CounterSolution",
        )


def _describe(kind: str) -> str:
    return {
        COUNTER_GOAL: "counter goal",
        COUNTER_SOLUTION: "counter solution",
    }.get(kind, kind)


def _check_claim_points(node: _Node, nodes: Mapping[str, _Node]) -> None:
    """V09: an assurance claim point names the element itself or one it links to."""
    acp = node.metadata.get("acp")
    if acp is None:
        return
    if not isinstance(acp, dict):
        raise refuse(node.source, "V09", f"element {node.id}: 'acp' must map names to element ids")
    linked = {node.id, *(t for t in (*node.supported_by, *node.in_context_of) if t in nodes)}
    for name, refs in acp.items():
        items = [refs] if isinstance(refs, str) else refs
        if not isinstance(items, list) or not all(isinstance(r, str) for r in items):
            raise refuse(
                node.source,
                "V09",
                f"element {node.id}: assurance claim point {name} must name an id or ids",
            )
        for ref in items:
            if ref not in linked:
                raise refuse(
                    node.source,
                    "V09",
                    f"element {node.id} has an assurance claim point {name} on {ref}, which is "
                    "neither the element nor one it links to",
                )


def _check_defeats(node: _Node, challenged: set[str]) -> None:
    """V10 and V13 (``challenged``: the elements some element challenges, not a link)."""
    if node.defeated and node.id not in challenged:
        raise refuse(
            node.source,
            "V10",
            f"element {node.id} is marked defeated, but no element challenges it",
        )
    own_target = node.challenges[0] if node.challenges and node.challenges[1] is None else None
    for rel in node.defeated_relation:
        if rel not in node.supported_by and rel not in node.in_context_of and rel != own_target:
            raise refuse(
                node.source,
                "V13",
                f"element {node.id} marks its link to {rel} defeated, but has no link to {rel}",
            )


def _extends(doc: _Document) -> list[tuple[str, dict[str, list[str]]]]:
    """The module's ``extends`` entries as (module name, {foreign id: [local ids]})."""
    raw = doc.module_info.get("extends")
    if raw is None:
        return []
    where = f"module {doc.module_name}"
    if not isinstance(raw, list):
        raise refuse(doc.source, "V07", f"{where}: 'extends' must be a list of module, develops")
    result = []
    for entry in raw:
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("module"), str)
            or not isinstance(entry.get("develops"), dict)
        ):
            raise refuse(
                doc.source, "V07", f"{where}: each 'extends' entry needs module and develops"
            )
        develops: dict[str, list[str]] = {}
        for foreign, local in entry["develops"].items():
            if not isinstance(local, list) or not all(isinstance(i, str) for i in local):
                raise refuse(
                    doc.source, "V07", f"{where}: develops {foreign} must list element ids"
                )
            develops[str(foreign)] = local
        result.append((entry["module"], develops))
    return result


def validate_modules(docs: Sequence[_Document], nodes: Mapping[str, _Node]) -> None:
    """The per-module checks gsn2x runs before it extends modules (V-checks, empty modules)."""
    if not nodes:
        sources = ", ".join(d.source for d in docs)
        raise InputError(
            f"{sources}: no input elements are found (gsn2x refuses an empty argument)"
        )
    for doc in docs:
        if not doc.nodes:
            raise InputError(
                f"{doc.source}: module {doc.module_name} does not contain elements "
                "(gsn2x refuses a module without elements of its own)"
            )
    challenged = {
        n.challenges[0] for n in nodes.values() if n.challenges and n.challenges[1] is None
    }
    for doc in docs:
        for node in doc.nodes:
            _check_references_of(node, nodes)
            _check_claim_points(node, nodes)
            _check_defeats(node, challenged)
        for _, develops in _extends(doc):
            for foreign, local_ids in develops.items():
                for local in local_ids:
                    if not local.startswith(("Sn", "S", "G")):
                        raise refuse(
                            doc.source,
                            "V07",
                            f"element {local} cannot develop {foreign}: only goals, strategies "
                            "and solutions develop other modules' goals",
                        )
                    if local not in {n.id for n in doc.nodes}:
                        raise refuse(
                            doc.source,
                            "V07",
                            f"element {local} to develop {foreign} is not in module "
                            f"{doc.module_name}",
                        )


def check_extends(docs: Sequence[_Document], nodes: Mapping[str, _Node]) -> None:
    """C09 and C10: extended modules exist, extended elements are theirs and undeveloped."""
    names = {d.module_name: d for d in docs}
    for doc in docs:
        for module_name, develops in _extends(doc):
            if module_name not in names:
                raise refuse(
                    doc.source,
                    "C09",
                    f"module {doc.module_name} extends module {module_name}, which is not found",
                )
            target_module = names[module_name].module.id
            for foreign in develops:
                node = nodes.get(foreign)
                if node is None or node.module != target_module:
                    raise refuse(
                        doc.source,
                        "C10",
                        f"element {foreign} to develop is not in module {module_name}",
                    )
                if not node.undeveloped:
                    raise refuse(
                        doc.source,
                        "C10",
                        f"element {foreign} is not undeveloped, so module {doc.module_name} "
                        "cannot develop it",
                    )


def _relations(node: _Node | None) -> list[str]:
    """What an element is linked to, for C16: its links and what it challenges."""
    if node is None:
        return []
    result = [*node.supported_by, *node.in_context_of]
    if node.challenges is not None:
        result.extend(t for t in node.challenges if t is not None)
    return result


def _check_challenge(node: _Node, nodes: Mapping[str, _Node]) -> None:
    """C12 … C16."""
    if node.challenges is None:
        return
    left, right = node.challenges
    if right is None:
        if left == node.id:
            raise refuse(node.source, "C13", f"element {node.id} challenges itself")
        if left not in nodes:
            raise refuse(
                node.source, "C14", f"element {node.id} challenges {left}, which does not exist"
            )
        return
    if left == right:
        raise refuse(
            node.source,
            "C15",
            f"element {node.id} challenges a link with both ends at {left}",
        )
    for end in (left, right):
        if end not in nodes:
            raise refuse(
                node.source,
                "C12",
                f"element {node.id} challenges the link {left} -> {right}, but {end} "
                "does not exist",
            )
    if left not in _relations(nodes[right]) and right not in _relations(nodes[left]):
        raise refuse(
            node.source,
            "C16",
            f"element {node.id} challenges the link {left} -> {right}, but {left} and "
            f"{right} are not linked",
        )


def _roots(nodes: Mapping[str, _Node]) -> list[str]:
    referenced = {t for n in nodes.values() for t in (*n.supported_by, *n.in_context_of)}
    return [i for i, n in nodes.items() if i not in referenced and n.challenges is None]


def _reachable(nodes: Mapping[str, _Node], roots: Iterable[str]) -> set[str]:
    """Elements reached from the roots along links, and the elements challenging them."""
    challengers: dict[str, list[str]] = {}
    for n in nodes.values():
        if n.challenges is not None:
            challengers.setdefault(n.challenges[0], []).append(n.id)
    seen: set[str] = set()
    stack = list(roots)
    while stack:
        current = stack.pop()
        if current in seen or current not in nodes:
            continue
        seen.add(current)
        node = nodes[current]
        stack.extend([*node.supported_by, *node.in_context_of, *challengers.get(current, [])])
    return seen


def check_argument(nodes: Mapping[str, _Node]) -> None:
    """The checks gsn2x runs on the whole argument after extending modules (C01 … C16)."""
    for node in nodes.values():
        for key, targets in (
            ("inContextOf", node.in_context_of),
            ("supportedBy", node.supported_by),
        ):
            for target in targets:
                if target not in nodes:
                    raise refuse(
                        node.source,
                        "C03",
                        f"element {node.id}: {key} names unknown element {target}",
                    )
        _check_challenge(node, nodes)
    roots = _roots(nodes)
    if not roots:
        first = next(iter(nodes.values()))
        raise refuse(first.source, "C01", "no element is unreferenced, so there is no top goal")
    if len(roots) == 1 and _kind(nodes[roots[0]]) != _GOAL:
        root = nodes[roots[0]]
        raise refuse(
            root.source,
            "C02",
            f"the top element {root.id} is a {_describe(_kind(root))}; it must be a goal",
        )
    _check_cycle(nodes)
    reached = _reachable(nodes, roots)
    unreached = [i for i in nodes if i not in reached]
    if unreached:
        node = nodes[unreached[0]]
        raise refuse(
            node.source,
            "C08",
            f"element(s) {', '.join(unreached)} cannot be reached from the top "
            f"element(s) {', '.join(roots)}",
        )


def _edges(node: _Node) -> list[str]:
    targets = [*node.supported_by, *node.in_context_of]
    if node.challenges is not None:
        targets.append(node.challenges[0])
    return targets


def _check_cycle(nodes: Mapping[str, _Node]) -> None:
    """C04: refuse a cycle, naming its elements in order (iterative: arguments can be deep)."""
    done: set[str] = set()
    for start in nodes:
        if start in done:
            continue
        path: list[str] = [start]
        on_path = {start}
        iterators: list[Any] = [iter(_edges(nodes[start]))]
        while iterators:
            nxt = next(iterators[-1], None)
            if nxt is None:
                iterators.pop()
                finished = path.pop()
                on_path.discard(finished)
                done.add(finished)
                continue
            if nxt in on_path:
                cycle = [*path[path.index(nxt) :], nxt]
                raise refuse(
                    nodes[nxt].source, "C04", f"the argument has a cycle {' -> '.join(cycle)}"
                )
            if nxt in done or nxt not in nodes:
                continue
            path.append(nxt)
            on_path.add(nxt)
            iterators.append(iter(_edges(nodes[nxt])))
