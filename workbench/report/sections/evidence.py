"""The evidence index: every file with its full SHA-256."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    Paragraph,
    Spacer,
    TableStyle,
)

from workbench.domain import (
    BlobStatus,
    labels,
)
from workbench.report.content import (
    PacketFacts,
    date_text,
    plural,
)
from workbench.report.fonts import MONO, SANS_BOLD, markup
from workbench.report.sections.page import WIDTH
from workbench.report.styles import (
    MUTED,
    STATUS_COLOUR,
    Heading,
    clip,
    coloured,
    grid,
    para,
    styles,
)


def evidence_index(facts: PacketFacts) -> list[Flowable]:
    s = styles()
    doc = facts.doc
    story: list[Flowable] = [Heading("Evidence index", 0)]
    if not doc.evidence:
        return [*story, para("No evidence is recorded.")]
    story.append(
        para(
            f"{plural(len(doc.evidence), 'evidence file')}, each identified by the SHA-256 of "
            "its bytes as stored.",
            s.muted,
        )
    )
    # One paragraph per row; the other cells are plain strings (much cheaper to lay out).
    rows: list[list[Flowable | str]] = [["Evidence", "Kind and dates", "SHA-256", "Bytes"]]
    commands: list[tuple[object, ...]] = [
        ("FONT", (2, 1), (2, -1), MONO, 6.4),
        ("FONT", (3, 1), (3, -1), SANS_BOLD, 7),
    ]
    for row, e in enumerate(doc.evidence, 1):
        status = facts.blob_status.get(e.id, BlobStatus.present)
        notes = []
        if e.expires and e.expires < facts.today:
            notes.append(f"expired {e.expires.isoformat()}")
        if e.superseded_by:
            notes.append(f"superseded by {e.superseded_by}")
        text = f"<b>{markup(e.id)}</b> {markup(clip(e.title, 300))}<br/>"
        text += f'<font color="{MUTED.hexval()}">{markup(e.filename)}'
        text += f" · {markup(e.team)}</font>" if e.team else "</font>"
        if notes:
            text += "<br/>" + coloured("; ".join(notes), "blocker")
        dates = [labels.label(e.kind), f"collected {date_text(e.collected)}"]
        if e.expires:
            dates.append(f"expires {e.expires.isoformat()}")
        rows.append(
            [
                Paragraph(text, s.cell),
                "\n".join(dates),
                f"{e.sha256[:32]}\n{e.sha256[32:]}",
                status.value,
            ]
        )
        colour = STATUS_COLOUR["met" if status == BlobStatus.present else "blocker"]
        commands.append(("TEXTCOLOR", (3, row), (3, row), colour))
    w = WIDTH
    story.append(Spacer(1, 2 * mm))
    table = grid(rows, [w * 0.42, w * 0.2, w * 0.29, w * 0.09], plain_columns=(1, 2, 3))
    table.setStyle(TableStyle(commands))
    story.append(table)
    return story
