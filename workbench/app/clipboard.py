"""Copy, paste and duplicate subtrees: a case fragment out of one document, fresh ids into one.

Copying takes the chosen elements and everything under them (by SupportedBy and
InContextOf) as a ``CaseFragment`` (``workbench.interop.exchange``), links kept only where
both ends are copied. Pasting gives every element a fresh id from the target store's id
marks (``workbench.domain.ids``: never one the store handed out before), rewrites the
internal links to the new ids, and links the fragment's roots under the element pasted
onto, as the GSN grammar wants (SupportedBy or InContextOf) or refuses. Evidence
citations and requirement claims the target does not know are left out and said so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from workbench.app.changes import ChangeSet, link_kind_for, put
from workbench.domain import CaseDocument, Element, InputError, Module
from workbench.domain.case import ID_PREFIX
from workbench.domain.ids import split_id
from workbench.domain.wording import plural
from workbench.interop.exchange import CaseFragment

__all__ = [
    "CaseFragment",
    "copy_fragment",
    "duplicate_elements",
    "fragment_outline",
    "left_out",
    "paste_fragment",
]


def copy_fragment(doc: CaseDocument, element_ids: list[str], *, source: str = "") -> CaseFragment:
    """The chosen elements and everything under them, depth first from each root."""
    by_id = doc.case.by_id
    chosen = [doc.element(i).id for i in dict.fromkeys(element_ids)]
    order: list[str] = []
    seen: set[str] = set()
    for root in chosen:
        stack = [root]
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            order.append(current)
            stack.extend(reversed(by_id[current].links))
    # A chosen element under another chosen one is copied once, as part of that subtree.
    under_others = _below(doc, chosen)
    roots = [r for r in chosen if r not in under_others]
    elements = [
        by_id[i].model_copy(
            update={
                "supported_by": [x for x in by_id[i].supported_by if x in seen],
                "in_context_of": [x for x in by_id[i].in_context_of if x in seen],
            }
        )
        for i in order
    ]
    return CaseFragment(source=source, roots=roots, elements=elements)


def _below(doc: CaseDocument, roots: list[str]) -> set[str]:
    """Every element under any of ``roots`` (not the roots themselves, unless under another)."""
    by_id = doc.case.by_id
    found: set[str] = set()
    stack = [child for r in roots for child in by_id[r].links]
    while stack:
        current = stack.pop()
        if current not in found:
            found.add(current)
            stack.extend(by_id[current].links)
    return found


def fragment_outline(fragment: CaseFragment) -> str:
    """The fragment as indented text (the clipboard's text/plain): ``G1 Goal: text``."""
    by_id = {e.id: e for e in fragment.elements}
    lines: list[str] = []

    def walk(element_id: str, depth: int, path: frozenset[str]) -> None:
        element = by_id[element_id]
        text = " ".join(element.text.split())
        lines.append(f"{'  ' * depth}{element.id} ({element.type.value}) {text}")
        for child in element.links:
            if child not in path:
                walk(child, depth + 1, path | {child})

    for root in fragment.roots:
        walk(root, 0, frozenset({root}))
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class LeftOut:
    """What a paste leaves out because the target does not know it."""

    evidence: tuple[str, ...] = ()
    requirements: tuple[str, ...] = ()

    def describe(self) -> str:
        parts = []
        if self.evidence:
            parts.append(
                f"{plural(len(self.evidence), 'evidence citation')} not in this store "
                f"({', '.join(self.evidence[:3])}{' …' if len(self.evidence) > 3 else ''})"
            )
        if self.requirements:
            parts.append(
                f"{plural(len(self.requirements), 'requirement claim')} not in this framework "
                f"({', '.join(self.requirements[:3])}{' …' if len(self.requirements) > 3 else ''})"
            )
        return "; ".join(parts)


def left_out(doc: CaseDocument, fragment: CaseFragment) -> LeftOut:
    """The evidence citations and requirement claims of ``fragment`` that ``doc`` lacks."""
    evidence = doc.evidence_by_id()
    requirements = doc.framework.requirements_by_id
    return LeftOut(
        tuple(dict.fromkeys(x for e in fragment.elements for x in e.evidence if x not in evidence)),
        tuple(
            dict.fromkeys(
                x
                for e in fragment.elements
                for x in [*e.addresses, *(n.requirement for n in e.not_applicable)]
                if x not in requirements
            )
        ),
    )


def paste_fragment(
    doc: CaseDocument,
    fragment: CaseFragment,
    *,
    parent: str | None = None,
    module: str | None = None,
) -> ChangeSet:
    """The fragment's elements written into ``doc`` with fresh ids, its roots under
    ``parent`` (or top-level, in ``module``: the first module when None)."""
    where = {root: parent for root in fragment.roots}
    return _paste(doc, fragment, where, module, "Paste")


def duplicate_elements(doc: CaseDocument, element_ids: list[str]) -> ChangeSet:
    """A copy of each chosen subtree, with fresh ids, beside the original (under the same
    first parent, or top-level in the same module)."""
    fragment = copy_fragment(doc, element_ids)
    parents = doc.case.parents
    where = {root: (parents[root][0] if parents[root] else None) for root in fragment.roots}
    first = doc.case.by_id[fragment.roots[0]]
    return _paste(doc, fragment, where, first.module, "Duplicate")


def _paste(
    doc: CaseDocument,
    fragment: CaseFragment,
    where: Mapping[str, str | None],
    module: str | None,
    verb: str,
) -> ChangeSet:
    if not fragment.elements:
        raise InputError("there is nothing to paste: the copied fragment holds no elements")
    modules = {m.id for m in doc.case.modules}
    holders = {pid: doc.element(pid) for pid in dict.fromkeys(where.values()) if pid is not None}
    fresh = _fresh_ids(doc, fragment.elements)
    source = {e.id: e for e in fragment.elements}
    # The grammar first: nothing is written when a root may not sit where it is pasted.
    kinds = {
        root: link_kind_for(holders[pid], source[root].type)
        for root, pid in where.items()
        if pid is not None
    }
    evidence = doc.evidence_by_id()
    requirements = doc.framework.requirements_by_id
    changes = []
    default_module = module or (doc.case.modules[0].id if doc.case.modules else "main")
    new_modules: set[str] = set()
    for element in fragment.elements:
        home = default_module
        root_parent = next((where[r] for r in fragment.roots if r == element.id), None)
        if root_parent is not None:
            home = holders[root_parent].module
        elif len(holders) == 1:
            home = next(iter(holders.values())).module
        if home not in modules and home not in new_modules:
            new_modules.add(home)
            changes.append(put("module", home, None, Module(id=home, title=home)))
        copied = Element.model_validate(
            {
                **element.model_dump(mode="json"),
                "id": fresh[element.id],
                "module": home,
                "supported_by": [fresh[x] for x in element.supported_by],
                "in_context_of": [fresh[x] for x in element.in_context_of],
                "evidence": [x for x in element.evidence if x in evidence],
                "addresses": [x for x in element.addresses if x in requirements],
                "not_applicable": [
                    n.model_dump(mode="json")
                    for n in element.not_applicable
                    if n.requirement in requirements
                ],
            }
        )
        changes.append(put("element", copied.id, None, copied))
    for pid, holder in holders.items():
        update: dict[str, list[str] | bool] = {}
        for kind in ("supported_by", "in_context_of"):
            added = [fresh[r] for r, p in where.items() if p == pid and kinds[r] == kind]
            if added:
                update[kind] = [*getattr(holder, kind), *added]
                if kind == "supported_by":
                    update["undeveloped"] = False
        changes.append(put("element", pid, holder, holder.model_copy(update=update)))
    count = plural(len(fragment.elements), "element")
    places = set(where.values())
    if places == {None}:
        target = "as top-level"
    elif len(places) == 1:
        target = f"under {next(iter(places))}"
    else:
        target = "beside the originals"
    return ChangeSet(f"{verb} {count} {target}", verb.lower() + " elements", tuple(changes))


def _fresh_ids(doc: CaseDocument, elements: list[Element]) -> dict[str, str]:
    """A new id for each element: its type's prefix, numbered above every id the store ever
    handed out with it (one look over the store's ids per prefix, not per element)."""
    live = doc.case.by_id
    next_number: dict[str, int] = {}
    fresh: dict[str, str] = {}
    for element in elements:
        prefix = ID_PREFIX[element.type]
        if prefix not in next_number:
            _, number = split_id(doc.id_marks.mint("element", prefix, live))
            next_number[prefix] = number
        fresh[element.id] = f"{prefix}{next_number[prefix]}"
        next_number[prefix] += 1
    return fresh
