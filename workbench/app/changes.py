"""Change sets: what one user action writes, built as pure functions of the current document."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workbench.domain import (
    Assessment,
    CaseDocument,
    Element,
    ElementType,
    InputError,
    Model,
    labels,
)
from workbench.domain.case import CONTEXTUAL
from workbench.domain.grammar import child_types, may_sit_under
from workbench.domain.ids import element_id
from workbench.store import Change

#: Record kinds that make up the argument itself (what review mode may not touch); the
#: assessment holds the capability determinations.
ARGUMENT_KINDS = frozenset({"element", "module", "assessment", "evidence", "framework"})
#: The compliance records (review mode may not touch them either).
COMPLIANCE_KINDS = frozenset({"schedule", "methodology", "noncompliance"})


def review_refusal(change_set: ChangeSet) -> str | None:
    """Why review mode refuses ``change_set`` (None: a reviewer may write it).

    A reviewer starts and closes stress-testing sessions and raises challenges (and takes
    back, by undo, one just raised); the argument, the evidence, the determinations and
    the compliance records are read-only, and no challenge is answered in review mode."""
    kinds = change_set.kinds
    argument = kinds & ARGUMENT_KINDS
    if argument:
        return (
            "review mode cannot change the argument "
            f"({', '.join(sorted(argument))}); add a challenge instead"
        )
    compliance = kinds & COMPLIANCE_KINDS
    if compliance:
        return (
            "review mode cannot change the compliance records "
            f"({', '.join(sorted(compliance))}); add a challenge instead"
        )
    if any(
        c.kind == "challenge" and c.before is not None and c.after is not None
        for c in change_set.changes
    ):
        return (
            "review mode cannot answer challenges; authors answer them (open the store for editing)"
        )
    return None


def body(model: Model) -> dict[str, Any]:
    return model.model_dump(mode="json")


@dataclass(frozen=True)
class ChangeSet:
    """The records one user action changes, with a label for the undo menu and audit log."""

    label: str
    action: str
    changes: tuple[Change, ...] = field(default_factory=tuple)

    def inverse(self) -> ChangeSet:
        return ChangeSet(
            label=self.label,
            action=f"undo {self.action}",
            changes=tuple(c.inverse() for c in reversed(self.changes)),
        )

    @property
    def kinds(self) -> set[str]:
        return {c.kind for c in self.changes}


def put(kind: str, record_id: str, before: Model | None, after: Model | None) -> Change:
    return Change(
        kind,
        record_id,
        None if before is None else body(before),
        None if after is None else body(after),
    )


def next_id(doc: CaseDocument, etype: ElementType) -> str:
    """The id a new element of this type gets (workbench.domain.ids.element_id)."""
    return element_id(etype, doc.case.by_id)


def _element(doc: CaseDocument, element_id: str) -> Element:
    return doc.element(element_id)


def link_kind_for(parent: Element, child_type: ElementType) -> str:
    """SupportedBy for arguing children, InContextOf for context elements, where the GSN
    grammar (workbench.domain.grammar) lets ``child_type`` sit under ``parent``."""
    allowed = child_types(parent.type)
    if not allowed:
        raise InputError(
            f"{parent.id} is a {parent.type.value}; only goals and strategies have children"
        )
    if not may_sit_under(parent.type, child_type):
        names = ", ".join(labels.label(kind) for kind in allowed)
        raise InputError(
            f"a {labels.label(child_type)} may not sit under "
            f"{labels.label(parent.type)} {parent.id}; under it may go: {names}"
        )
    return "in_context_of" if child_type in CONTEXTUAL else "supported_by"


def _relinked(parent: Element, kind: str, links: list[str]) -> Change:
    """``parent`` with new ``kind`` links; a goal given support is no longer undeveloped."""
    update: dict[str, Any] = {kind: links}
    if kind == "supported_by":
        update["undeveloped"] = False
    return put("element", parent.id, parent, parent.model_copy(update=update))


def _unlinked(parent: Element, child_id: str) -> Change:
    """``parent`` without its links to ``child_id``."""
    return put(
        "element",
        parent.id,
        parent,
        parent.model_copy(
            update={
                "supported_by": [x for x in parent.supported_by if x != child_id],
                "in_context_of": [x for x in parent.in_context_of if x != child_id],
            }
        ),
    )


def add_element(
    doc: CaseDocument,
    etype: ElementType,
    text: str,
    *,
    parent: str | None = None,
    element_id: str | None = None,
    module: str | None = None,
) -> ChangeSet:
    new_id = element_id or next_id(doc, etype)
    if new_id in doc.case.by_id:
        raise InputError(f"element id {new_id!r} is already used")
    parent_el = _element(doc, parent) if parent else None
    mod = module or (parent_el.module if parent_el else "main")
    element = Element(id=new_id, type=etype, text=text, module=mod)
    changes = [put("element", new_id, None, element)]
    if parent_el is not None:
        kind = link_kind_for(parent_el, etype)
        changes.append(_relinked(parent_el, kind, [*getattr(parent_el, kind), new_id]))
    return ChangeSet(f"Add {etype.value} {new_id}", "add element", tuple(changes))


def update_element(doc: CaseDocument, element_id: str, **fields: Any) -> ChangeSet:
    old = _element(doc, element_id)
    try:
        new = Element.model_validate({**body(old), **fields})
    except ValueError as exc:
        raise InputError(f"cannot change {element_id}: {exc}") from None
    if new == old:
        return ChangeSet(f"Edit {element_id}", "edit element")
    changed = ", ".join(sorted(fields))
    return ChangeSet(
        f"Edit {changed} of {element_id}", "edit element", (put("element", element_id, old, new),)
    )


def delete_element(doc: CaseDocument, element_id: str) -> ChangeSet:
    """Remove an element and every link to it; its children stay, as roots."""
    old = _element(doc, element_id)
    changes = [put("element", element_id, old, None)]
    changes += [_unlinked(doc.case.by_id[pid], element_id) for pid in doc.case.parents[element_id]]
    return ChangeSet(f"Delete {old.type.value} {element_id}", "delete element", tuple(changes))


def _descendants(doc: CaseDocument, element_id: str) -> set[str]:
    seen: set[str] = set()
    stack = [element_id]
    while stack:
        current = doc.case.by_id.get(stack.pop())
        if current is None:
            continue
        for child in current.links:
            if child not in seen:
                seen.add(child)
                stack.append(child)
    return seen


def move_element(
    doc: CaseDocument, element_id: str, new_parent: str, index: int | None = None
) -> ChangeSet:
    """Re-parent an element (drag and drop): unlink from its parents, link under the new one."""
    element = _element(doc, element_id)
    target = _element(doc, new_parent)
    if new_parent == element_id or new_parent in _descendants(doc, element_id):
        raise InputError(f"cannot move {element_id} under {new_parent}: that would make a cycle")
    kind = link_kind_for(target, element.type)
    changes = [
        _unlinked(doc.case.by_id[pid], element_id)
        for pid in doc.case.parents[element_id]
        if pid != new_parent
    ]
    links = [x for x in getattr(target, kind) if x != element_id]
    links.insert(len(links) if index is None else max(0, min(index, len(links))), element_id)
    changes.append(_relinked(target, kind, links))
    return ChangeSet(f"Move {element_id} under {new_parent}", "move element", tuple(changes))


def update_assessment(doc: CaseDocument, new: Assessment) -> ChangeSet:
    old = doc.assessment
    return ChangeSet("Edit assessment", "edit assessment", (put("assessment", old.id, old, new),))
