"""Random damage to a synthetic case, for comparing check results across implementations."""

from __future__ import annotations

import random

from workbench.domain import CaseDocument, Element, ElementType, NotApplicable


def damaged(
    doc: CaseDocument, rng: random.Random, count: int, *, repeats: bool = True
) -> CaseDocument:
    """``doc`` with ``count`` random edits of text, links, claims and marks (not validated:
    some edits leave dangling links, repeated ids or cycles, as an unvalidated document may;
    ``repeats=False``: no edit repeats an id)."""
    elements = list(doc.case.elements)
    for _ in range(count):
        elements = _edit(elements, rng, repeats)
    return doc.model_copy(update={"case": doc.case.model_copy(update={"elements": elements})})


def _edit(elements: list[Element], rng: random.Random, repeats: bool) -> list[Element]:
    i = rng.randrange(len(elements))
    element = elements[i]
    other = elements[rng.randrange(len(elements))]
    kind = rng.randrange(9 if repeats else 8)
    update: dict[str, object]
    if kind == 0:
        update = {"text": element.text + " (edited)"}
    elif kind == 1:
        update = {"supported_by": element.supported_by[1:]}
    elif kind == 2:
        update = {"supported_by": [*element.supported_by, other.id]}
    elif kind == 3:
        update = {"in_context_of": [*element.in_context_of, "NO-SUCH-ELEMENT"]}
    elif kind == 4:
        update = {"addresses": [*element.addresses, "RSP-3.4/ASL3-D/none"]}
    elif kind == 5:
        mark = NotApplicable(requirement="OTHER-1/x", justification=rng.choice(["", "n/a"]))
        update = {"not_applicable": [*element.not_applicable, mark]}
    elif kind == 6:
        update = {"undeveloped": not element.undeveloped}
    elif kind == 7 and element.type is ElementType.solution:
        update = {"evidence": [*element.evidence[1:], "EV-UNKNOWN"]}
    elif kind == 8:
        return [*elements, other.model_copy(update={"text": "a copy"})]  # a repeated id
    else:
        update = {"text": ""}
    elements[i] = element.model_copy(update=update)
    return elements
