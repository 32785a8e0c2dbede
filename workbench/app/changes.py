"""Change sets: what one user action writes, built as pure functions of the current document."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workbench.domain import (
    Assessment,
    CaseDocument,
    Determination,
    Element,
    ElementType,
    InputError,
    Model,
    Module,
    NotFoundError,
    labels,
)
from workbench.domain.case import ARGUING, CONTEXTUAL
from workbench.domain.grammar import child_types, may_give_context, may_sit_under, may_support
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
    """The id a new element of this type gets: never one its store handed out before
    (workbench.domain.ids)."""
    return element_id(etype, doc.case.by_id, doc.id_marks)


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
    if doc.id_marks.used("element", new_id):
        raise InputError(
            f"element id {new_id!r} was used before in this store; ids are never reused, "
            f"so that what named the old {new_id} cannot attach to a new element"
        )
    parent_el = _element(doc, parent) if parent else None
    mod = module or (parent_el.module if parent_el else "main")
    element = Element(id=new_id, type=etype, text=text, module=mod)
    changes = []
    if mod not in {m.id for m in doc.case.modules}:
        changes.append(put("module", mod, None, Module(id=mod, title=mod)))
    changes.append(put("element", new_id, None, element))
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
    return ChangeSet(
        edit_label(old, new, set(fields)), "edit element", (put("element", element_id, old, new),)
    )


#: How the undo menu and the audit log name an element's fields.
FIELD_WORDS = {
    "text": "text",
    "type": "type",
    "module": "module",
    "undeveloped": "undeveloped mark",
    "supported_by": "supporting elements",
    "in_context_of": "context",
    "addresses": "claimed requirements",
    "not_applicable": "requirements marked not applicable",
    "evidence": "cited evidence",
    "away_module": "away module",
    "away_element": "away goal",
    "metadata": "details",
}


def _list_keys(values: list[Any]) -> list[str]:
    return [getattr(v, "requirement", v) for v in values]


def edit_label(old: Element, new: Element, fields: set[str]) -> str:
    """An edit in words: "Mark G1 undeveloped", "Mark RSP-… not applicable on G1"."""
    eid = new.id
    changed = sorted(f for f in fields if getattr(old, f) != getattr(new, f)) or sorted(fields)
    if changed == ["undeveloped"]:
        return f"Mark {eid} {'undeveloped' if new.undeveloped else 'developed'}"
    if changed == ["type"]:
        return f"Make {eid} a {new.type.value.replace('_', ' ')}"
    if len(changed) == 1 and isinstance(getattr(new, changed[0]), list):
        name = changed[0]
        before, after = _list_keys(getattr(old, name)), _list_keys(getattr(new, name))
        added = [v for v in after if v not in before]
        removed = [v for v in before if v not in after]
        verbs = {
            "addresses": ("Claim {} for {}", "Withdraw the claim of {} from {}"),
            "not_applicable": ("Mark {} not applicable on {}", "Withdraw {} not applicable on {}"),
            "evidence": ("Cite {} in {}", "Remove citation of {} from {}"),
            "in_context_of": ("Link {} as context of {}", "Unlink context {} from {}"),
        }
        if name in verbs and len(added) + len(removed) == 1:
            add, remove = verbs[name]
            return (add if added else remove).format((added or removed)[0], eid)
    words = [FIELD_WORDS.get(f, f.replace("_", " ")) for f in changed]
    listed = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
    return f"Edit the {listed} of {eid}"


def delete_element(doc: CaseDocument, element_id: str) -> ChangeSet:
    """Remove an element and every link to it; its children stay, as roots."""
    old = _element(doc, element_id)
    changes = [put("element", element_id, old, None)]
    changes += [_unlinked(doc.case.by_id[pid], element_id) for pid in doc.case.parents[element_id]]
    changes += _counters_released(doc, {element_id})
    return ChangeSet(f"Delete {old.type.value} {element_id}", "delete element", tuple(changes))


def _counters_released(doc: CaseDocument, gone: set[str]) -> list[Change]:
    """The challenges stated by deleted counter elements, without them (the challenge stays,
    with its history)."""
    return [
        put(
            "challenge",
            c.id,
            c,
            c.model_copy(update={"counter": [i for i in c.counter if i not in gone]}),
        )
        for c in doc.review.challenges
        if any(i in gone for i in c.counter)
    ]


def orphaned_by(doc: CaseDocument, element_id: str) -> list[str]:
    """The children of ``element_id`` that nothing else links to (deleting it orphans them)."""
    parents = doc.case.parents
    return [c for c in _element(doc, element_id).links if parents[c] == [element_id]]


def delete_or_refuse(doc: CaseDocument, element_id: str, *, with_children: bool) -> ChangeSet:
    """Delete an element; refused when children would be left with no parent, unless
    ``with_children`` deletes them too (``delete_with_children``)."""
    if with_children:
        return delete_with_children(doc, element_id)
    orphans = orphaned_by(doc, element_id)
    if orphans:
        shown = ", ".join(orphans[:5]) + (" …" if len(orphans) > 5 else "")
        raise InputError(
            f"deleting {element_id} would leave {shown} with no parent; delete "
            f"{'it' if len(orphans) == 1 else 'them'} with it, or link "
            f"{'it' if len(orphans) == 1 else 'them'} elsewhere first",
            about="with-children",
        )
    return delete_element(doc, element_id)


def delete_with_children(doc: CaseDocument, element_id: str) -> ChangeSet:
    """Remove an element and every element under it that nothing outside links to.

    What is still linked from elsewhere stays (without the links from what is deleted).
    """
    root = _element(doc, element_id)
    parents = doc.case.parents
    gone = [element_id]
    doomed = {element_id}
    stack = [element_id]
    while stack:
        for child in doc.case.by_id[stack.pop()].links:
            if child not in doomed and all(p in doomed for p in parents[child]):
                doomed.add(child)
                gone.append(child)
                stack.append(child)
    changes = [put("element", eid, doc.case.by_id[eid], None) for eid in gone]
    keep_parents = {p for eid in gone for p in parents[eid] if p not in doomed}
    for pid in sorted(keep_parents):
        parent = doc.case.by_id[pid]
        after = parent.model_copy(
            update={
                "supported_by": [x for x in parent.supported_by if x not in doomed],
                "in_context_of": [x for x in parent.in_context_of if x not in doomed],
            }
        )
        changes.append(put("element", pid, parent, after))
    changes += _counters_released(doc, doomed)
    label = f"Delete {root.type.value} {element_id}"
    if len(gone) > 1:
        label += f" and {len(gone) - 1} under it"
    return ChangeSet(label, "delete element", tuple(changes))


def link_elements(
    doc: CaseDocument, parent_id: str, child_id: str, *, context: bool = False
) -> ChangeSet:
    """Link ``child_id`` under ``parent_id``: InContextOf with ``context``, else SupportedBy,
    where the GSN grammar permits it and no SupportedBy cycle would follow."""
    parent = _element(doc, parent_id)
    child = _element(doc, child_id)
    if parent_id == child_id:
        raise InputError(f"{parent_id} cannot be linked to itself")
    kind = "in_context_of" if context else "supported_by"
    if context and not may_give_context(parent.type, child.type):
        raise InputError(
            f"{labels.label(parent.type)} {parent_id} may not be in context of "
            f"{labels.label(child.type)} {child_id}; only goals and strategies take context, "
            "and only contexts, assumptions and justifications give it"
        )
    if not context and not may_support(parent.type, child.type):
        as_context = may_give_context(parent.type, child.type)
        raise InputError(
            f"{labels.label(child.type)} {child_id} may not support "
            f"{labels.label(parent.type)} {parent_id}"
            + (" (it may give it context, by an InContextOf link)" if as_context else ""),
            about="context" if as_context else None,
        )
    if child_id in getattr(parent, kind):
        raise InputError(f"{child_id} is already linked under {parent_id}")
    if not context and parent_id in _descendants(doc, child_id):
        raise InputError(
            f"linking {child_id} under {parent_id} would make a cycle ({parent_id} is "
            f"already under {child_id})"
        )
    change = _relinked(parent, kind, [*getattr(parent, kind), child_id])
    what = "in context of" if context else "supported by"
    return ChangeSet(f"Link {parent_id} {what} {child_id}", "link elements", (change,))


def unlink_elements(doc: CaseDocument, parent_id: str, child_id: str) -> ChangeSet:
    """Remove the link from ``parent_id`` to ``child_id`` (both stay)."""
    parent = _element(doc, parent_id)
    _element(doc, child_id)
    if child_id not in parent.links:
        raise InputError(f"{parent_id} has no link to {child_id}")
    return ChangeSet(
        f"Unlink {child_id} from {parent_id}", "unlink elements", (_unlinked(parent, child_id),)
    )


def edit_element(
    doc: CaseDocument,
    element_id: str,
    *,
    text: str | None = None,
    undeveloped: bool | None = None,
) -> ChangeSet:
    """Change an element's text or its undeveloped mark (goals and strategies only)."""
    element = _element(doc, element_id)
    fields: dict[str, Any] = {}
    if text is not None:
        if not text.strip():
            raise InputError(f"the text of {element_id} would be empty; give some text")
        fields["text"] = text
    if undeveloped is not None:
        if element.type not in ARGUING:
            raise InputError(
                f"{labels.label(element.type)} {element_id} cannot be marked undeveloped; "
                "only goals and strategies can"
            )
        fields["undeveloped"] = undeveloped
    if not fields:
        raise InputError(
            f"nothing to change on {element_id}: no new text and no undeveloped mark",
            about="element-edit",
        )
    return update_element(doc, element_id, **fields)


def claim_requirements(doc: CaseDocument, element_id: str, requirements: list[str]) -> ChangeSet:
    """The goal ``element_id`` claims these catalogue requirements (as well)."""
    element = _element(doc, element_id)
    if element.type != ElementType.goal:
        raise InputError(
            f"{labels.label(element.type)} {element_id} cannot claim requirements; "
            "only goals claim them"
        )
    known = doc.framework.requirements_by_id
    for rid in requirements:
        if rid not in known:
            raise NotFoundError(
                f"no requirement {rid!r} in framework {doc.framework.id}", about="requirement"
            )
    new = [r for r in dict.fromkeys(requirements) if r not in element.addresses]
    if not new:
        return ChangeSet(f"Claim for {element_id}", "claim requirements")
    after = element.model_copy(update={"addresses": [*element.addresses, *new]})
    return ChangeSet(
        f"{element_id} claims {', '.join(new)}",
        "claim requirements",
        (put("element", element_id, element, after),),
    )


def cite_evidence(doc: CaseDocument, element_id: str, evidence: list[str]) -> ChangeSet:
    """The solution ``element_id`` cites these evidence items (as well)."""
    element = _element(doc, element_id)
    if element.type != ElementType.solution:
        raise InputError(
            f"{labels.label(element.type)} {element_id} cannot cite evidence; "
            "only solutions cite it"
        )
    for eid in evidence:
        doc.evidence_item(eid)
    new = [e for e in dict.fromkeys(evidence) if e not in element.evidence]
    if not new:
        return ChangeSet(f"Cite for {element_id}", "cite evidence")
    after = element.model_copy(update={"evidence": [*element.evidence, *new]})
    return ChangeSet(
        f"{element_id} cites {', '.join(new)}",
        "cite evidence",
        (put("element", element_id, element, after),),
    )


def set_determination(doc: CaseDocument, determination: Determination) -> ChangeSet:
    """Record (or replace) the determination of one threshold of the framework.

    Its evidence must exist; a determination without evidence is recorded (the DET checks
    report it), not refused.
    """
    thresholds = doc.framework.thresholds_by_id
    if determination.threshold not in thresholds:
        known = ", ".join(thresholds) or "none"
        raise NotFoundError(
            f"no threshold {determination.threshold!r} in framework {doc.framework.id} "
            f"(thresholds: {known})",
        )
    for eid in determination.evidence:
        doc.evidence_item(eid)
    old = doc.assessment
    others = [d for d in old.determinations if d.threshold != determination.threshold]
    replaced = len(others) != len(old.determinations)
    position = next(
        (i for i, d in enumerate(old.determinations) if d.threshold == determination.threshold),
        len(others),
    )
    others.insert(position, determination)
    new = old.model_copy(update={"determinations": others})
    verb = "Change" if replaced else "Record"
    return ChangeSet(
        f"{verb} determination of {determination.threshold}: {determination.outcome.value}",
        "set determination",
        (put("assessment", old.id, old, new),),
    )


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


def under_deleted(doc: CaseDocument, element_ids: list[str]) -> list[str]:
    """What deleting ``element_ids`` with their children would delete besides them: every
    element under them that nothing else (outside what is deleted) links to."""
    return _doomed(doc, element_ids)[len(dict.fromkeys(element_ids)) :]


def _doomed(doc: CaseDocument, element_ids: list[str]) -> list[str]:
    """``element_ids`` and every element under them that only they (or each other) link to."""
    by_id = doc.case.by_id
    parents = doc.case.parents
    gone = [_element(doc, i).id for i in dict.fromkeys(element_ids)]
    doomed = set(gone)
    stack = list(gone)
    while stack:
        for child in by_id[stack.pop()].links:
            if child not in doomed and all(p in doomed for p in parents[child]):
                doomed.add(child)
                gone.append(child)
                stack.append(child)
    return gone


def delete_elements(doc: CaseDocument, element_ids: list[str], *, children: str) -> ChangeSet:
    """Delete elements (one undo step), saying what becomes of what is under them.

    ``children="delete"``: every element under them that nothing else links to goes too;
    ``children="lift"``: only these go, and each child left with no parent moves up under
    the nearest element above that is kept (where the GSN grammar lets it sit there),
    in the deleted element's place; a child with nowhere to go becomes a top-level element.
    """
    if children not in ("delete", "lift"):
        raise InputError(f"unknown choice for the children: {children!r} (delete or lift)")
    by_id = doc.case.by_id
    parents = doc.case.parents
    chosen = [_element(doc, i).id for i in dict.fromkeys(element_ids)]
    gone_list = _doomed(doc, chosen) if children == "delete" else chosen
    gone = set(gone_list)

    def adopter(element_id: str) -> tuple[str, str] | None:
        """The nearest kept element above ``element_id`` along first parents, and the
        deleted element directly under it on that path."""
        seen = {element_id}
        current = element_id
        while True:
            ups = parents[current]
            kept = next((p for p in ups if p not in gone), None)
            if kept is not None:
                return kept, current
            up = next((p for p in ups if p not in seen), None)
            if up is None:
                return None
            seen.add(up)
            current = up

    lifted: dict[str, dict[str, list[str]]] = {}  # adopter -> deleted element -> children
    moved: list[str] = []
    if children == "lift":
        placed: set[str] = set()
        for deleted in chosen:
            for child in by_id[deleted].links:
                if child in gone or child in placed:
                    continue
                if not all(p in gone for p in parents[child]):
                    continue
                found = adopter(deleted)
                placed.add(child)
                if found is None:
                    continue
                target, via = found
                if may_sit_under(by_id[target].type, by_id[child].type):
                    lifted.setdefault(target, {}).setdefault(via, []).append(child)
                    moved.append(child)
    changes = [put("element", eid, by_id[eid], None) for eid in gone_list]
    touched = {p for eid in gone_list for p in parents[eid] if p not in gone} | set(lifted)
    for pid in sorted(touched):
        parent = by_id[pid]
        incoming = lifted.get(pid, {})
        update: dict[str, Any] = {}
        for kind in ("supported_by", "in_context_of"):
            links: list[str] = []
            for x in getattr(parent, kind):
                if x not in gone:
                    links.append(x)
                    continue
                links += [
                    c
                    for c in incoming.get(x, ())
                    if (by_id[c].type in CONTEXTUAL) == (kind == "in_context_of")
                ]
            for via, kids in incoming.items():
                if via not in getattr(parent, kind):  # reached through the other kind of link
                    links += [
                        c
                        for c in kids
                        if (by_id[c].type in CONTEXTUAL) == (kind == "in_context_of")
                        and c not in links
                    ]
            update[kind] = list(dict.fromkeys(links))
        changes.append(put("element", pid, parent, parent.model_copy(update=update)))
    changes += _counters_released(doc, gone)
    first = by_id[chosen[0]]
    if len(chosen) == 1:
        label = f"Delete {first.type.value} {first.id}"
    else:
        label = f"Delete {len(chosen)} elements"
    extra = len(gone_list) - len(chosen)
    if extra:
        label += f" and {extra} under {'it' if len(chosen) == 1 else 'them'}"
    if moved:
        label += f" ({len(moved)} moved up)"
    return ChangeSet(label, "delete element", tuple(changes))


#: What of an evidence record can be changed after import (its bytes and hash never), and
#: how the undo menu and the audit log name it.
EVIDENCE_FIELDS = {
    "title": "title",
    "kind": "kind",
    "team": "team",
    "collected": "collected date",
    "expires": "expiry date",
    "methodology_version": "methodology version",
    "evaluation": "evaluation",
}


def update_evidence(doc: CaseDocument, evidence_id: str, **fields: Any) -> ChangeSet:
    """Change the details of an evidence record (kind, team, dates…); its file stays."""
    unknown = sorted(set(fields) - EVIDENCE_FIELDS.keys())
    if unknown:
        raise InputError(
            f"cannot change {', '.join(unknown)} of evidence {evidence_id}: only "
            f"{', '.join(EVIDENCE_FIELDS)} can be changed after import"
        )
    old = doc.evidence_item(evidence_id)
    try:
        new = type(old).model_validate({**body(old), **fields})
    except ValueError as exc:
        raise InputError(f"cannot change evidence {evidence_id}: {exc}") from None
    if new.collected and new.expires and new.expires < new.collected:
        raise InputError(
            f"evidence {evidence_id} cannot expire ({new.expires}) before it was collected "
            f"({new.collected})"
        )
    changed = [name for name in EVIDENCE_FIELDS if getattr(old, name) != getattr(new, name)]
    if not changed:
        return ChangeSet(f"Edit evidence {evidence_id}", "edit evidence")
    words = [EVIDENCE_FIELDS[name] for name in changed]
    listed = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
    return ChangeSet(
        f"Edit the {listed} of {evidence_id}",
        "edit evidence",
        (put("evidence", evidence_id, old, new),),
    )
