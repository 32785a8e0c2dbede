"""Coverage of other frameworks (``packet --also``): how the case, built against its own
framework, answers each demanded item of another one through a crosswalk."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from workbench.checks.crosswalk import FrameworkCoverage, ItemCoverage
from workbench.domain.wording import plural
from workbench.report.content import PacketFacts
from workbench.report.fonts import markup
from workbench.report.sections.page import WIDTH
from workbench.report.styles import (
    CELL_PAD_X,
    Heading,
    clip,
    coloured,
    grid,
    id_lines,
    para,
    rich,
    styles,
)

#: How each coverage reads, and the status colour it is drawn in.
WORDS = {"covered": "covered", "partial": "partly covered", "not_addressed": "not addressed"}
COLOUR_KEY = {"covered": "met", "partial": "partial", "not_addressed": "missing"}


def other_frameworks(facts: PacketFacts) -> list[Flowable]:
    """The section, or nothing when the packet was asked for no other framework."""
    if not facts.also:
        return []
    s = styles()
    story: list[Flowable] = [
        Heading("Coverage of other frameworks", 0),
        para(
            f"The case is built against {facts.doc.framework.title}. For each other framework "
            "below, every requirement and obligation its text demands is read through a "
            "crosswalk: links between the two frameworks' items, each with a relation "
            "(equivalent, stronger, weaker, partial) and a rationale citing both texts. An item "
            "is covered when an equivalent or stronger link's items are all met by the case; "
            "partly covered when it is linked only by weaker or partial links, or when some "
            "linked items are not yet met; not addressed when nothing linked is shown.",
            s.muted,
        ),
    ]
    for coverage in facts.also:
        story += _framework(coverage)
    return story


def _framework(coverage: FrameworkCoverage) -> list[Flowable]:
    s = styles()
    counts = coverage.counts
    story: list[Flowable] = [
        Heading(f"{coverage.title} ({coverage.framework})", 1),
        rich(
            f"Through crosswalk {markup(coverage.crosswalk)}: "
            + ", ".join(
                coloured(f"{counts[status]} {words}", COLOUR_KEY[status])
                for status, words in WORDS.items()
            )
            + f" of {len(coverage.items)} demanded items.",
            s.small,
        ),
        Spacer(1, 2 * mm),
    ]
    rows: list[list[Flowable | str]] = [["Item", "Coverage", "Linked (relation)", "Detail"]]
    linked = [item for item in coverage.items if item.links]
    for status in ("not_addressed", "partial", "covered"):
        rows += [_row(item) for item in linked if item.status.value == status]
    if len(rows) > 1:
        story.append(grid(rows, [w * share for w in (WIDTH,) for share in SHARES]))
    # Items no link reaches are many for frameworks of different shape: one paragraph, not rows.
    unlinked = [item for item in coverage.items if not item.links]
    if unlinked:
        story += [
            Spacer(1, 2 * mm),
            rich(
                f"<b>{coloured('Not addressed', 'missing')}: {plural(len(unlinked), 'item')} "
                f"{markup(coverage.framework)} demands that no {markup(coverage.own)} item is "
                "linked to</b> — "
                + "; ".join(f"{markup(item.title)} ({markup(item.section)})" for item in unlinked)
                + ".",
                s.small,
            ),
        ]
    return story


#: The columns' shares of the page width.
SHARES = (0.30, 0.12, 0.22, 0.36)


def _row(item: ItemCoverage) -> list[Flowable | str]:
    s = styles()
    status = item.status.value
    room = WIDTH * SHARES[2] - 2 * CELL_PAD_X - 0.5
    linked = "<br/>".join(
        markup(line)
        for use in item.links
        for line in id_lines(
            f"{' + '.join(o.id for o in use.own)} ({use.relation})", room, s.cell.fontSize
        )
    )
    return [
        rich(
            f"<b>{markup(item.title)}</b><br/>"
            f'<font size="6.5">{markup(item.section)} · {markup(item.id)}</font>',
            s.cell,
        ),
        rich(coloured(WORDS[status], COLOUR_KEY[status]), s.cell),
        rich(linked or "—", s.cell),
        rich(markup(clip(item.detail, 600)), s.cell),
    ]
