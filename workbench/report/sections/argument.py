"""The argument: GSN diagrams on landscape pages, then the outline."""

from __future__ import annotations

from collections.abc import Iterator

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    NextPageTemplate,
    PageBreak,
    Spacer,
)

from workbench.domain import (
    CONTEXTUAL,
    Element,
    ElementType,
    labels,
)
from workbench.report.content import (
    PacketFacts,
)
from workbench.report.diagram import GsnDiagram, plan_diagrams
from workbench.report.outline import OutlineBlock, OutlineEntry
from workbench.report.sections.page import DIAGRAM_HEIGHT, WIDE, short_requirement
from workbench.report.styles import (
    Heading,
    para,
    styles,
)


def argument(facts: PacketFacts) -> list[Flowable]:
    s = styles()
    flagged = facts.flagged_elements
    story: list[Flowable] = [
        NextPageTemplate("landscape"),
        PageBreak(),
        Heading("The argument", 0),
        para(
            "The safety case in Goal Structuring Notation: goals (rectangles), strategies "
            "(parallelograms), solutions citing evidence (circles), context (rounded), "
            "assumptions (A) and justifications (J). A diamond marks an undeveloped goal; a red "
            "outline marks an element with a blocking finding, on the element itself or on a "
            "challenge to it.",
            s.muted,
        ),
    ]
    pages = plan_diagrams(facts.doc.case, WIDE, DIAGRAM_HEIGHT)
    if not pages:
        story.append(para("The case has no elements yet."))
    for index, page in enumerate(pages):
        if index:
            story.append(PageBreak())
        story.append(Heading(page.title, 1, s.h2))
        if page.note:
            story.append(para(page.note, s.muted))
        if page.layout is not None:
            story.append(Spacer(1, 2 * mm))
            story.append(
                GsnDiagram(
                    page.layout, WIDE, DIAGRAM_HEIGHT, flagged=flagged, continued=page.continued
                )
            )
    story += [NextPageTemplate("portrait"), PageBreak()]
    story += outline(facts)
    return story


def _outline_entry(element: Element, depth: int, seen_before: bool) -> OutlineEntry:
    kind = labels.label(element.type)
    if seen_before:
        return OutlineEntry(depth, element.id, f"({kind}) shown above")
    notes = []
    if element.undeveloped:
        notes.append("undeveloped")
    if element.addresses:
        notes.append("claims " + ", ".join(short_requirement(r) for r in element.addresses))
    if element.not_applicable:
        notes.append(
            "not applicable: "
            + ", ".join(short_requirement(n.requirement) for n in element.not_applicable)
        )
    if element.evidence:
        notes.append("evidence " + ", ".join(element.evidence))
    if element.type == ElementType.away_goal:
        notes.append(f"see module {element.away_module}")
    return OutlineEntry(
        depth, element.id, f"({kind}) {element.text}", f"[{'; '.join(notes)}]" if notes else ""
    )


def outline_lines(facts: PacketFacts) -> Iterator[tuple[Element, int, bool]]:
    """Depth-first walk of each module from its roots: (element, depth, already shown)."""
    case = facts.doc.case
    by_id = case.by_id
    shown: set[str] = set()
    for module in case.modules:
        members = [e for e in case.elements if e.module == module.id]
        ids = {e.id for e in members}
        tops = [e for e in members if not any(p in ids for p in case.parents[e.id])]
        # Arguing elements first, then stray context elements.
        roots = [e for e in tops if e.type not in CONTEXTUAL]
        roots += [e for e in tops if e.type in CONTEXTUAL]
        stack: list[tuple[str, int]] = [(e.id, 0) for e in reversed(roots)]
        while stack:
            node, depth = stack.pop()
            element = by_id[node]
            if node in shown:
                yield element, depth, True
                continue
            shown.add(node)
            yield element, depth, False
            kids = [c for c in element.in_context_of if c in ids]
            kids += [c for c in element.supported_by if c in ids]
            stack.extend((c, depth + 1) for c in reversed(kids))
        for element in members:  # anything only reachable through a cycle
            if element.id not in shown:
                shown.add(element.id)
                yield element, 0, False


def outline(facts: PacketFacts) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [
        Heading("Argument outline", 1, s.h1),
        para(
            "Every element of the argument, indented under the element it supports or gives "
            "context to; an element reached a second time is listed once and then referred to.",
            s.muted,
        ),
        Spacer(1, 2 * mm),
    ]
    case = facts.doc.case
    current_module = None
    entries: list[OutlineEntry] = []
    for element, depth, seen in outline_lines(facts):
        if len(case.modules) > 1 and element.module != current_module:
            if entries:
                story.append(OutlineBlock(entries))
                entries = []
            current_module = element.module
            module = next(m for m in case.modules if m.id == current_module)
            story.append(Heading(f"Module {module.title or module.id}", 2, s.h3))
        entries.append(_outline_entry(element, depth, seen))
    if entries:
        story.append(OutlineBlock(entries))
    return story
