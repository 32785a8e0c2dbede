"""One-pass index of a GSN argument: resolved links, module roots and memoised branch support.

Elements are numbered by position once; every later pass works on compact lists of
positions instead of id strings and pydantic objects, which keeps a 100,000-element check
linear in practice (far fewer cache misses than repeated dictionary look-ups by id).
"""

from __future__ import annotations

import copy
import operator
from array import array
from collections.abc import Callable
from dataclasses import dataclass

from workbench.domain import Element, ElementType, SafetyCase
from workbench.domain.grammar import CONTEXT_SOURCES as CONTEXT_SOURCES
from workbench.domain.grammar import SUPPORTED_BY

GOAL_LIKE = frozenset({ElementType.goal, ElementType.away_goal})
ARGUING = frozenset({ElementType.goal, ElementType.strategy})
#: The GSN grammar lives in workbench.domain.grammar; the checks ask it by these names.
SUPPORT_TARGETS = SUPPORTED_BY
#: Element types that carry an argument further down (what a branch is made of).
SUPPORTING = frozenset(
    {ElementType.goal, ElementType.strategy, ElementType.solution, ElementType.away_goal}
)


def label(element: Element) -> str:
    """``"goal G12"``, ``"away goal AG1"``: an element named by type and id for messages."""
    return f"{element.type.value.replace('_', ' ')} {element.id}"


@dataclass(frozen=True, slots=True)
class Gap:
    """Where a branch of the argument stops short of evidence.

    ``culprit`` is the element that stops it; ``noun`` names it ("undeveloped goal G14"),
    ``own`` says what is wrong when the culprit is the element asked about ("is undeveloped");
    ``via`` is the direct child the branch runs through (None: the element itself).
    """

    culprit: str
    noun: str
    own: str
    via: str | None = None

    def through(self, child: str) -> Gap:
        return Gap(self.culprit, self.noun, self.own, child)

    def describe(self) -> str:
        """The clause completing "<goal> claims X but …"."""
        if self.via is None:
            return self.own
        return f"its branch via {self.via} ends in {self.noun}"


#: Shared "cites nothing" value for elements that are not solutions; never mutated.
NO_EVIDENCE: list[str] = []


class Links:
    """One kind of link (SupportedBy or InContextOf) as compact arrays of positions.

    The targets of element ``i`` are ``flat[start[i]:start[i + 1]]``; ``source`` holds the
    source of every entry of ``flat``, so a pass over all links is a plain ``zip``.
    """

    __slots__ = ("flat", "source", "start")

    def __init__(self, starts: list[int], flat: list[int], source: list[int]) -> None:
        self.start = array("l", starts)
        self.flat = array("l", flat)
        self.source = array("l", source)

    def of(self, i: int) -> list[int]:
        return self.flat[self.start[i] : self.start[i + 1]].tolist()

    def count(self, i: int) -> int:
        return self.start[i + 1] - self.start[i]


class ArgumentIndex:
    """Positions, types, modules and resolved links of every element.

    One pass reads each element once; everything later works on positions. Tolerates
    documents built without validation: links to unknown elements are recorded in
    ``dangling`` instead of raising, and a repeated id keeps its first element.
    """

    def __init__(self, case: SafetyCase) -> None:
        self.module_ids: list[str] = [m.id for m in case.modules]
        self.duplicates: list[str] = []
        self.dangling: list[tuple[str, str, str]] = []
        self._module_roots: dict[str, list[int]] | None = None
        self._unplaced: list[int] | None = None
        elements = case.elements
        if not self._build(elements):
            # Only documents built without validation repeat ids: keep the first of each.
            first: dict[str, Element] = {}
            for element in elements:
                if element.id in first:
                    self.duplicates.append(element.id)
                else:
                    first[element.id] = element
            self._build(list(first.values()))

    def _build(self, elements: list[Element]) -> bool:
        """Index ``elements``, reading each once; False (nothing usable) if an id repeats."""
        module_code: dict[str, int] = {m: i for i, m in enumerate(self.module_ids)}
        ids: list[str] = []
        types: list[ElementType] = []
        modules: list[int] = []
        evidence: list[list[str]] = []
        undeveloped = bytearray()
        solutions: list[int] = []
        away_goals: list[int] = []
        arguing: list[int] = []
        counters: list[int] = []
        naming: list[int] = []
        raw_kids: list[list[str]] = []
        raw_ctxs: list[list[str]] = []
        # Bound methods as locals: this loop touches every element and must be tight.
        add_id, add_type, add_module = ids.append, types.append, modules.append
        add_kids, add_ctxs, add_evidence = raw_kids.append, raw_ctxs.append, evidence.append
        add_undeveloped = undeveloped.append
        solution, away_goal = ElementType.solution, ElementType.away_goal
        goal, strategy = ElementType.goal, ElementType.strategy
        counter_goal, counter_solution = ElementType.counter_goal, ElementType.counter_solution
        for i, element in enumerate(elements):
            add_id(element.id)
            kind = element.type
            add_type(kind)
            module = element.module
            code = module_code.get(module)
            if code is None:
                code = module_code[module] = len(module_code)
            add_module(code)
            add_kids(element.supported_by)
            add_ctxs(element.in_context_of)
            add_undeveloped(element.undeveloped)
            if kind is solution:
                add_evidence(element.evidence)
                solutions.append(i)
            else:
                add_evidence(NO_EVIDENCE)
                if kind is goal or kind is strategy:
                    arguing.append(i)
                elif kind is away_goal:
                    away_goals.append(i)
                elif kind is counter_goal or kind is counter_solution:
                    counters.append(i)
            if element.addresses or element.not_applicable:
                naming.append(i)
        pos = dict(zip(ids, range(len(ids)), strict=True))
        if len(pos) != len(ids):
            return False
        self.elements, self.ids, self.types, self.modules = elements, ids, types, modules
        self.evidence, self.undeveloped, self.pos = evidence, undeveloped, pos
        self.solutions, self.away_goals, self.naming = solutions, away_goals, naming
        self.arguing = arguing  # goals and strategies
        self.counters = counters  # counter goals and counter solutions: not the argument
        self.module_names = list(module_code)
        self.kids = self._links("SupportedBy", raw_kids)
        self.ctxs = self._links("InContextOf", raw_ctxs)
        return True

    def _links(self, name: str, raw: list[list[str]]) -> Links:
        lookup = self.pos.__getitem__
        flat: list[int] = []
        source: list[int] = []
        starts: list[int] = [0]
        add_flat, add_source, add_start = flat.extend, source.extend, starts.append
        for i, targets in enumerate(raw):
            if targets:
                before = len(flat)
                try:
                    add_flat(map(lookup, targets))
                except KeyError:
                    del flat[before:]
                    add_flat(self._resolve(i, name, targets))
                add_source([i] * (len(flat) - before))
            add_start(len(flat))
        return Links(starts, flat, source)

    def __len__(self) -> int:
        return len(self.ids)

    def _resolve(self, source: int, link: str, targets: list[str]) -> list[int]:
        resolved: list[int] = []
        for target in targets:
            found = self.pos.get(target)
            if found is None:
                self.dangling.append((self.ids[source], link, target))
            else:
                resolved.append(found)
        return resolved

    def label(self, i: int) -> str:
        """``"goal G12"``: the element at position ``i`` named by type and id."""
        return f"{self.types[i].value.replace('_', ' ')} {self.ids[i]}"

    def get(self, element_id: str) -> Element | None:
        found = self.pos.get(element_id)
        return None if found is None else self.elements[found]

    @property
    def unplaced(self) -> list[int]:
        """Elements a topological sort of all links cannot place: cycles and what they feed.

        Empty for a well-formed argument; then no cycle search or reachability walk is needed.
        """
        if self._unplaced is None:
            indegree = [0] * len(self.ids)
            for links in (self.kids, self.ctxs):
                for t in links.flat:
                    indegree[t] += 1
            ready = [i for i, n in enumerate(indegree) if n == 0]
            k_start, k_flat = self.kids.start, self.kids.flat
            c_start, c_flat = self.ctxs.start, self.ctxs.flat
            while ready:
                i = ready.pop()
                for j in range(k_start[i], k_start[i + 1]):
                    t = k_flat[j]
                    indegree[t] -= 1
                    if not indegree[t]:
                        ready.append(t)
                for j in range(c_start[i], c_start[i + 1]):
                    t = c_flat[j]
                    indegree[t] -= 1
                    if not indegree[t]:
                        ready.append(t)
            self._unplaced = [i for i, n in enumerate(indegree) if n]
        return self._unplaced

    @property
    def module_roots(self) -> dict[str, list[int]]:
        """Module id -> positions of its elements nothing in the same module links to.

        Counter elements are never roots of the argument: each counter-argument is a tree of
        its own, hanging from what it challenges (``Element.challenges``).
        """
        if self._module_roots is None:
            modules = self.modules
            linked = bytearray(len(self.ids))
            for i in self.counters:
                linked[i] = 1
            single_module = len(set(modules)) <= 1
            for links in (self.kids, self.ctxs):
                if single_module:
                    for t in links.flat:
                        linked[t] = 1
                    continue
                for s, t in zip(links.source, links.flat, strict=True):
                    if modules[t] == modules[s]:
                        linked[t] = 1
            roots: dict[str, list[int]] = {m: [] for m in self.module_ids}
            names = self.module_names
            start = 0
            while (i := linked.find(0, start)) != -1:
                start = i + 1
                roots.setdefault(names[modules[i]], []).append(i)
            self._module_roots = roots
        return self._module_roots

    def root_goals(self, module: str) -> list[int]:
        types = self.types
        return [i for i in self.module_roots.get(module, []) if types[i] is ElementType.goal]

    def away_target(self, i: int) -> int | None:
        """The goal an away goal stands for: its named element, else its module's top goal."""
        element = self.elements[i]
        module = element.away_module
        if module is None or module not in self.module_ids:
            return None
        if element.away_element is not None:
            target = self.pos.get(element.away_element)
            if target is None or self.module_names[self.modules[target]] != module:
                return None
            return target
        tops = self.root_goals(module)
        return tops[0] if len(tops) == 1 else None

    def support_children(self, i: int) -> list[int]:
        """SupportedBy children that can carry the argument (contextual ones are ignored)."""
        types = self.types
        kids = self.kids.of(i)
        for child in kids:
            if types[child] not in SUPPORTING:
                return [c for c in kids if types[c] in SUPPORTING]
        return kids


#: Element fields no check reads: a change of only these leaves an index valid.
UNCHECKED_FIELDS = frozenset({"text", "metadata"})

# The last index built, with the modules and elements it was built from (one entry).
_last: tuple[tuple[str, ...], tuple[Element, ...], ArgumentIndex] | None = None


def index_of(case: SafetyCase) -> ArgumentIndex:
    """``ArgumentIndex(case)``, reusing the last index built when only element text or metadata
    changed since (an edit in the window): positions, links and their analyses stay valid.

    The index holds no text, so the reused one answers exactly as a new one would; only its
    ``elements`` are swapped for the case's own. Documents repeating ids are never reused.
    """
    global _last
    modules = tuple(m.id for m in case.modules)
    elements = case.elements
    last = _last
    if last is not None and last[0] == modules and _same_structure(last[1], elements):
        reused = copy.copy(last[2])
        reused.elements = elements
        _last = (modules, tuple(elements), reused)
        return reused
    index = ArgumentIndex(case)
    _last = None if index.duplicates else (modules, tuple(elements), index)
    return index


def forget_last_index() -> None:
    """Drop the index ``index_of`` would reuse (the next one is built afresh)."""
    global _last
    _last = None


def _same_structure(old: tuple[Element, ...], new: list[Element]) -> bool:
    if len(old) != len(new):
        return False
    if all(map(operator.is_, old, new)):
        return True
    for before, after in zip(old, new, strict=True):
        if before is after:
            continue
        if type(before) is not type(after):
            return False
        fields = type(after).model_fields
        for name in fields:
            if name not in UNCHECKED_FIELDS and getattr(before, name) != getattr(after, name):
                return False
    return True


class SupportAnalysis:
    """Whether each element's whole sub-tree ends in solutions with good evidence, memoised.

    ``solution_gap`` judges one solution. Every element is evaluated at most once per
    analysis (iterative depth-first search, so deep arguments do not hit the recursion limit).
    """

    def __init__(self, index: ArgumentIndex, solution_gap: Callable[[int], Gap | None]):
        self.index = index
        self.solution_gap = solution_gap
        self._done = bytearray(len(index))
        self._memo: list[Gap | None] = [None] * len(index)

    def _enter(self, i: int) -> Gap | list[int] | None:
        """The final verdict on an element, or the children still to be judged."""
        index = self.index
        kind = index.types[i]
        if kind is ElementType.solution:
            return self.solution_gap(i)
        eid = index.ids[i]
        if kind is ElementType.away_goal:
            target = index.away_target(i)
            if target is None:
                return Gap(
                    eid,
                    f"{index.label(i)}, which refers to nothing that exists",
                    "refers to nothing that exists",
                )
            return [target]
        if kind not in ARGUING:
            return Gap(eid, f"{index.label(i)}, which cannot support a claim", "is not a claim")
        if index.undeveloped[i]:
            return Gap(eid, f"undeveloped {index.label(i)}", "is marked undeveloped")
        kids = index.support_children(i)
        if not kids:
            return Gap(eid, f"{index.label(i)}, which has no support", "has no support")
        return kids

    def gap(self, start: int) -> Gap | None:
        """None when every branch below ``start`` ends in a solution with good evidence."""
        done, memo, ids = self._done, self._memo, self.index.ids
        if done[start]:
            return memo[start]
        first = self._enter(start)
        if not isinstance(first, list):
            done[start], memo[start] = 1, first
            return first
        stack: list[tuple[int, list[int], int]] = [(start, first, 0)]
        on_path = {start}
        while stack:
            node, kids, i = stack[-1]
            verdict: Gap | None = None
            descended = False
            while i < len(kids):
                kid = kids[i]
                if done[kid]:
                    found = memo[kid]
                    if found is not None:
                        verdict = found.through(ids[kid])
                        break
                    i += 1
                    continue
                if kid in on_path:
                    kid_id = ids[kid]
                    verdict = Gap(
                        kid_id, f"a SupportedBy cycle back to {kid_id}", "is in a cycle", kid_id
                    )
                    break
                entered = self._enter(kid)
                if isinstance(entered, list):
                    stack[-1] = (node, kids, i)
                    stack.append((kid, entered, 0))
                    on_path.add(kid)
                    descended = True
                    break
                done[kid], memo[kid] = 1, entered
            if descended:
                continue
            done[node], memo[node] = 1, verdict
            on_path.discard(node)
            stack.pop()
        return memo[start]

    def evidence_below(self, start: int) -> list[str]:
        """Evidence ids cited by the solutions reachable below ``start``, in first-seen order."""
        index = self.index
        seen = {start}
        stack = [start]
        found: dict[str, None] = {}
        while stack:
            i = stack.pop()
            kind = index.types[i]
            if kind is ElementType.solution:
                for ev in index.evidence[i]:
                    found.setdefault(ev, None)
                continue
            if kind is ElementType.away_goal:
                target = index.away_target(i)
                nexts = [target] if target is not None else []
            else:
                nexts = index.support_children(i)
            for child in reversed(nexts):
                if child not in seen:
                    seen.add(child)
                    stack.append(child)
        return list(found)
