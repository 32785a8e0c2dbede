"""GSN-* rules: well-formedness of the argument under the GSN Community Standard v3."""

from __future__ import annotations

from collections.abc import Iterator

from workbench.checks.claims import foreign_framework
from workbench.checks.context import CheckContext
from workbench.checks.index import (
    ARGUING,
    CONTEXT_SOURCES,
    GOAL_LIKE,
    SUPPORT_TARGETS,
    ArgumentIndex,
    label,
)
from workbench.checks.rules import Rule, id_list, plural
from workbench.domain import CONTEXTUAL, Element, ElementType, Finding, Severity
from workbench.domain.grammar import LEAVES

FAMILY = "GSN"

DUPLICATE_ID = Rule(FAMILY + "-DUPLICATE-ID", Severity.blocker, FAMILY, "element id used twice")
DANGLING_LINK = Rule(
    FAMILY + "-DANGLING-LINK", Severity.blocker, FAMILY, "link to an element that does not exist"
)
LINK_TYPE = Rule(
    FAMILY + "-LINK-TYPE",
    Severity.major,
    FAMILY,
    "SupportedBy or InContextOf link between element types GSN does not permit",
)
NON_LEAF = Rule(
    FAMILY + "-NON-LEAF",
    Severity.major,
    FAMILY,
    "solution, context, assumption, justification or away goal with outgoing links",
)
CYCLE = Rule(FAMILY + "-CYCLE", Severity.blocker, FAMILY, "SupportedBy links form a cycle")
UNSUPPORTED = Rule(
    FAMILY + "-UNSUPPORTED",
    Severity.major,
    FAMILY,
    "goal or strategy neither supported nor marked undeveloped",
)
UNDEVELOPED_WITH_CHILDREN = Rule(
    FAMILY + "-UNDEVELOPED-WITH-CHILDREN",
    Severity.major,
    FAMILY,
    "element marked undeveloped that has SupportedBy children",
)
STRATEGY_NO_GOAL = Rule(
    FAMILY + "-STRATEGY-NO-GOAL", Severity.major, FAMILY, "strategy without a sub-goal"
)
NO_ROOT_GOAL = Rule(
    FAMILY + "-NO-ROOT-GOAL", Severity.major, FAMILY, "module (or argument) without a top goal"
)
ROOT_NOT_GOAL = Rule(
    FAMILY + "-ROOT-NOT-GOAL", Severity.major, FAMILY, "top-level element that is not a goal"
)
MULTIPLE_TOP = Rule(
    FAMILY + "-MULTIPLE-TOP", Severity.minor, FAMILY, "module with several top goals"
)
UNREACHABLE = Rule(
    FAMILY + "-UNREACHABLE", Severity.major, FAMILY, "element not reachable from any top goal"
)
AWAY_UNRESOLVED = Rule(
    FAMILY + "-AWAY-UNRESOLVED",
    Severity.major,
    FAMILY,
    "away goal naming a module or element that does not exist",
)
UNDEVELOPED = Rule(
    FAMILY + "-UNDEVELOPED",
    Severity.info,
    FAMILY,
    "undeveloped goal or strategy (blocker when it claims a demanded requirement)",
)
UNKNOWN_REQUIREMENT = Rule(
    FAMILY + "-UNKNOWN-REQUIREMENT",
    Severity.major,
    FAMILY,
    "claim or not-applicable mark naming a requirement the framework does not have",
)
CLAIM_NOT_GOAL = Rule(
    FAMILY + "-CLAIM-NOT-GOAL",
    Severity.minor,
    FAMILY,
    "requirement claimed by an element that is not a goal (only goals claim)",
)

COUNTER_NO_TARGET = Rule(
    FAMILY + "-COUNTER-NO-TARGET",
    Severity.major,
    FAMILY,
    "counter element that challenges nothing, or an element or link the case does not have",
)

RULES = (
    DUPLICATE_ID,
    DANGLING_LINK,
    LINK_TYPE,
    NON_LEAF,
    CYCLE,
    UNSUPPORTED,
    UNDEVELOPED_WITH_CHILDREN,
    STRATEGY_NO_GOAL,
    NO_ROOT_GOAL,
    ROOT_NOT_GOAL,
    MULTIPLE_TOP,
    UNREACHABLE,
    AWAY_UNRESOLVED,
    UNDEVELOPED,
    UNKNOWN_REQUIREMENT,
    CLAIM_NOT_GOAL,
    COUNTER_NO_TARGET,
)

LEAF_TYPES = LEAVES


def check(ctx: CheckContext) -> Iterator[Finding]:
    index = ctx.index
    yield from _integrity(index)
    yield from _links(index)
    yield from _cycles(index)
    yield from _development(ctx)
    yield from _roots(index)
    yield from _away_goals(index)
    yield from _claims(ctx)
    yield from _counters(index)


def _integrity(index: ArgumentIndex) -> Iterator[Finding]:
    for eid in dict.fromkeys(index.duplicates):
        yield DUPLICATE_ID.finding(
            eid,
            f"element id {eid} is used by more than one element; only the first is checked",
            "Give each element its own id (ids must be unique across modules).",
        )
    for source, link, target in index.dangling:
        yield DANGLING_LINK.finding(
            source,
            f"element {source} has a {link} link to {target}, which does not exist",
            f"Remove the link or create element {target}.",
        )


def _links(index: ArgumentIndex) -> Iterator[Finding]:
    types, ids = index.types, index.ids
    kids, ctxs = index.kids, index.ctxs
    no_targets: frozenset[ElementType] = frozenset()
    must_be_leaf: dict[int, None] = {}
    bad_support: list[tuple[int, int]] = []
    for s, t in zip(kids.source, kids.flat, strict=True):
        kind = types[s]
        if kind in LEAF_TYPES or kind is ElementType.away_goal:
            must_be_leaf[s] = None
        elif types[t] not in SUPPORT_TARGETS.get(kind, no_targets):
            bad_support.append((s, t))
    bad_context: list[tuple[int, int]] = []
    for s, t in zip(ctxs.source, ctxs.flat, strict=True):
        kind = types[s]
        if kind in LEAF_TYPES:
            must_be_leaf[s] = None
        elif kind not in CONTEXT_SOURCES or types[t] not in CONTEXTUAL:
            bad_context.append((s, t))
    for s in must_be_leaf:
        kind = types[s]
        outgoing = kids.of(s) if kind is ElementType.away_goal else [*kids.of(s), *ctxs.of(s)]
        noun = "an away goal" if kind is ElementType.away_goal else f"a {kind.value}"
        yield NON_LEAF.finding(
            ids[s],
            f"{index.label(s)} links to {id_list([ids[t] for t in outgoing])}, but {noun} "
            "must be a leaf",
            "Move these links to the goal or strategy the element belongs to.",
        )
    for s, t in bad_support:
        source, target = ids[s], ids[t]
        if types[t] in CONTEXTUAL:
            hint = f"Link {target} with InContextOf instead of SupportedBy."
        elif types[s] is ElementType.strategy:
            hint = f"Put a sub-goal between strategy {source} and {target}."
        else:
            hint = f"Reverse or remove the link from {source} to {target}."
        yield LINK_TYPE.finding(
            source,
            f"{index.label(s)} is SupportedBy {index.label(t)}; SupportedBy leads only from a "
            "goal to a goal, strategy or solution, or from a strategy to a goal",
            hint,
        )
    for s, t in bad_context:
        yield LINK_TYPE.finding(
            ids[s],
            f"{index.label(s)} is InContextOf {index.label(t)}; InContextOf leads only from a "
            "goal or strategy to a context, assumption or justification",
            f"Link {ids[t]} with SupportedBy if it supports {ids[s]}, or remove the link.",
        )


def _strongly_connected(index: ArgumentIndex, nodes: list[int]) -> list[list[int]]:
    """Tarjan's algorithm over SupportedBy links among ``nodes``, iterative."""
    number: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    components: list[list[int]] = []
    counter = 0
    inside = set(nodes)
    children = {n: [k for k in index.kids.of(n) if k in inside] for n in nodes}
    for root in nodes:
        if root in number:
            continue
        work: list[tuple[int, int]] = [(root, 0)]
        number[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, i = work[-1]
            kids = children[node]
            if i < len(kids):
                work[-1] = (node, i + 1)
                kid = kids[i]
                if kid not in number:
                    number[kid] = low[kid] = counter
                    counter += 1
                    stack.append(kid)
                    on_stack.add(kid)
                    work.append((kid, 0))
                elif kid in on_stack:
                    low[node] = min(low[node], number[kid])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == number[node]:
                component: list[int] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(component)
    return components


def _cycles(index: ArgumentIndex) -> Iterator[Finding]:
    candidates = index.unplaced
    if not candidates:
        return
    for component in _strongly_connected(index, candidates):
        if len(component) == 1 and component[0] not in index.kids.of(component[0]):
            continue
        members = [index.ids[i] for i in sorted(component)]
        yield CYCLE.finding(
            members[0],
            f"SupportedBy links form a cycle through {plural(len(members), 'element')}: "
            f"{id_list(members, 12)}",
            "Remove one SupportedBy link of the cycle so each claim rests on others below it.",
        )


def _development(ctx: CheckContext) -> Iterator[Finding]:
    index = ctx.index
    types, ids, undeveloped = index.types, index.ids, index.undeveloped
    demanded = ctx.demanded_requirement_set
    position = 0
    while (i := undeveloped.find(1, position)) != -1:
        position = i + 1
        kind = types[i]
        if kind not in ARGUING:
            continue
        eid = ids[i]
        if index.kids.count(i):
            yield UNDEVELOPED_WITH_CHILDREN.finding(
                eid,
                f"{index.label(i)} is marked undeveloped but is SupportedBy "
                f"{id_list([ids[k] for k in index.kids.of(i)])}",
                f"Clear the undeveloped mark of {eid}, or remove its SupportedBy links.",
            )
        claimed = [r for r in index.elements[i].addresses if r in demanded]
        if kind is ElementType.goal and claimed:
            yield UNDEVELOPED.finding(
                eid,
                f"{index.label(i)} is undeveloped but claims demanded requirement "
                f"{id_list(claimed)}",
                f"Develop {eid} down to solutions citing evidence before approval.",
                Severity.blocker,
            )
        else:
            yield UNDEVELOPED.finding(
                eid,
                f"{index.label(i)} is undeveloped",
                f"Develop {eid} with sub-goals, strategies or solutions when evidence exists.",
            )
    start, flat = index.kids.start, index.kids.flat
    for i in index.arguing:
        if undeveloped[i]:
            continue
        kind = types[i]
        first, end = start[i], start[i + 1]
        if first == end:
            if not index.elements[i].supported_by:
                yield UNSUPPORTED.finding(
                    ids[i],
                    f"{index.label(i)} has no SupportedBy link and is not marked undeveloped",
                    f"Support {ids[i]} with sub-goals or solutions, or mark it undeveloped.",
                )
            elif kind is ElementType.strategy:
                yield _strategy_without_goal(index, i)
        elif kind is ElementType.strategy and not any(
            types[flat[j]] in GOAL_LIKE for j in range(first, end)
        ):
            yield _strategy_without_goal(index, i)


def _strategy_without_goal(index: ArgumentIndex, i: int) -> Finding:
    shown = id_list([index.ids[k] for k in index.kids.of(i)]) or "nothing that exists"
    return STRATEGY_NO_GOAL.finding(
        index.ids[i],
        f"strategy {index.ids[i]} has no sub-goal (it is SupportedBy {shown})",
        f"Add the goals strategy {index.ids[i]} decomposes its parent claim into.",
    )


def _roots(index: ArgumentIndex) -> Iterator[Finding]:
    types, ids = index.types, index.ids
    if not ids:
        module = index.module_ids[0] if index.module_ids else "main"
        yield NO_ROOT_GOAL.finding(
            module,
            "the argument has no elements, so it has no top goal",
            "Add a top goal stating what the safety case argues.",
        )
        return
    counters = index.counters
    # A module holding only counter elements has no argument of its own to need a top goal.
    if counters:
        is_counter = bytearray(len(ids))
        for i in counters:
            is_counter[i] = 1
        arguing_modules = {m for m, c in zip(index.modules, is_counter, strict=True) if not c}
    else:
        arguing_modules = set(index.modules)
    populated = {index.module_names[m] for m in arguing_modules}
    reached = bytearray(len(ids))
    for i in counters:  # counter-arguments hang from what they challenge, not from a top goal
        reached[i] = 1
    frontier: list[int] = []
    all_roots_goals = True
    for module, members in index.module_roots.items():
        goals = [r for r in members if types[r] is ElementType.goal]
        others = [r for r in members if types[r] is not ElementType.goal]
        if not goals and module in populated:
            shown = id_list([ids[r] for r in others]) or "none, every element is in a cycle"
            yield NO_ROOT_GOAL.finding(
                module,
                f"module {module} has no top goal (its top-level elements: {shown})",
                f"Add a goal to module {module} that the rest of the module supports.",
            )
        if len(goals) > 1:
            yield MULTIPLE_TOP.finding(
                module,
                f"module {module} has {len(goals)} top goals: {id_list([ids[g] for g in goals])}",
                "Join them under one top goal, or move them into separate modules.",
            )
        for other in others:
            all_roots_goals = False
            reached[other] = 1  # reported here, not again as unreachable
            yield ROOT_NOT_GOAL.finding(
                ids[other],
                f"{index.label(other)} is at the top of module {module}; only a goal may be",
                f"Link {ids[other]} from the goal or strategy it belongs to, or delete it.",
            )
        for goal in goals:
            reached[goal] = 1
            frontier.append(goal)
    if all_roots_goals and not index.unplaced:
        # Links form no cycle and every top element is a goal: following parents upwards
        # from any element ends at a top goal, so everything is reachable.
        return
    k_start, k_flat = index.kids.start, index.kids.flat
    c_start, c_flat = index.ctxs.start, index.ctxs.flat
    while frontier:
        i = frontier.pop()
        for j in range(k_start[i], k_start[i + 1]):
            t = k_flat[j]
            if not reached[t]:
                reached[t] = 1
                frontier.append(t)
        for j in range(c_start[i], c_start[i + 1]):
            t = c_flat[j]
            if not reached[t]:
                reached[t] = 1
                frontier.append(t)
        if types[i] is ElementType.away_goal:
            target = index.away_target(i)
            if target is not None and not reached[target]:
                reached[target] = 1
                frontier.append(target)
    start = 0
    while (i := reached.find(0, start)) != -1:
        start = i + 1
        yield UNREACHABLE.finding(
            ids[i],
            f"{index.label(i)} cannot be reached from any top goal",
            f"Link {ids[i]} into the argument or delete it.",
        )


def _away_goals(index: ArgumentIndex) -> Iterator[Finding]:
    modules = set(index.module_ids)
    for i in index.away_goals:
        element = index.elements[i]
        eid = element.id
        module = element.away_module
        if module is None or module not in modules:
            yield AWAY_UNRESOLVED.finding(
                eid,
                f"away goal {eid} refers to module {module}, which does not exist",
                "Name an existing module, or create the module it refers to.",
            )
            continue
        target_id = element.away_element
        if target_id is None:
            continue
        target = index.get(target_id)
        if target is None or target.module != module:
            where = "" if target is None else f" (it is in module {target.module})"
            yield AWAY_UNRESOLVED.finding(
                eid,
                f"away goal {eid} refers to {target_id} in module {module}, "
                f"which does not exist{where}",
                f"Name a goal of module {module}.",
            )
        elif target.type is not ElementType.goal:
            yield AWAY_UNRESOLVED.finding(
                eid,
                f"away goal {eid} refers to {label(target)} in module {module}, not to a goal",
                f"Name a goal of module {module}.",
            )


def _claims(ctx: CheckContext) -> Iterator[Finding]:
    known = ctx.requirements
    own = ctx.framework.id
    for i in ctx.index.naming:
        element = ctx.index.elements[i]
        eid = element.id
        if element.addresses and element.type is not ElementType.goal:
            yield CLAIM_NOT_GOAL.finding(
                eid,
                f"{label(element)} claims {id_list(element.addresses)}, but only goals claim "
                "requirements, so the claim does not count",
                f"Move the claim to the goal that {eid} supports.",
            )
        named = [*element.addresses, *(m.requirement for m in element.not_applicable)]
        for requirement_id in dict.fromkeys(named):
            # Another framework's id (left by a migration) is COV-UNMAPPED's, not this rule's.
            if requirement_id not in known and not foreign_framework(requirement_id, own):
                yield UNKNOWN_REQUIREMENT.finding(
                    eid,
                    f"{label(element)} names requirement {requirement_id}, which framework "
                    f"{ctx.framework.id} does not have",
                    "Pick the requirement from the catalogue (see the requirements matrix).",
                )


def _has_link(index: ArgumentIndex, source: Element, end: str) -> bool:
    """Whether the case has the link ``source -> end``: one of the argument, or the link of
    a counter element ``end`` to ``source``, which it challenges (gsn2x lets both be
    challenged)."""
    if end in source.links:
        return True
    other = index.get(end)
    return other is not None and other.is_counter and other.challenges == source.id


def _counters(index: ArgumentIndex) -> Iterator[Finding]:
    """Every counter element states a challenge: of an element or link of the case, or it
    supports another counter element."""
    kids = index.kids
    supporting: set[int] = set()
    for i in index.counters:
        supporting.update(kids.of(i))
    for i in index.counters:
        element = index.elements[i]
        target, end = element.challenges, element.challenges_link
        eid = element.id
        if target is None:
            if i not in supporting:
                yield COUNTER_NO_TARGET.finding(
                    eid,
                    f"{index.label(i)} challenges nothing and supports no counter element",
                    f"Name what {eid} challenges, or link it under the counter goal it supports.",
                )
            continue
        at = index.pos.get(target)
        if at is None:
            yield COUNTER_NO_TARGET.finding(
                eid,
                f"{index.label(i)} challenges element {target}, which the case does not have",
                f"Point {eid} at what replaced {target}, or delete it.",
            )
        elif end is not None and not _has_link(index, index.elements[at], end):
            yield COUNTER_NO_TARGET.finding(
                eid,
                f"{index.label(i)} challenges the link {target} -> {end}, which the case "
                "does not have",
                f"Point {eid} at a link {target} has, or at {target} itself.",
            )
