"""The audit-chain head and the sign-off page (signers and blank blocks)."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from workbench.domain import (
    MEANING_FOR_ROLE,
)
from workbench.report.content import (
    PacketFacts,
    utc_text,
)
from workbench.report.sections.page import WIDTH, key_facts
from workbench.report.styles import (
    RULE,
    Heading,
    coloured,
    grid,
    para,
    rich,
    styles,
)


def audit(facts: PacketFacts) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [CondPageBreak(60 * mm), Heading("Audit chain", 0)]
    if facts.audit_head is None:
        story.append(para("No audit log was given when this packet was written."))
        return story
    count, head = facts.audit_head
    story.append(
        key_facts(
            [
                ("Events", para(str(count))),
                ("Head hash", Paragraph(head, s.mono)),
            ],
            WIDTH,
        )
    )
    story.append(Spacer(1, 2 * mm))
    story.append(
        para(
            "Every change to the store is an event chained to the previous one by its hash. "
            "The store this packet was written from had the head above (the manifest records "
            "it too); “workbench audit verify STORE --anchor PACKET.pdf” checks that the "
            "store's chain still holds it.",
            s.muted,
        )
    )
    return story


def _blank_block(role: str, meaning: str) -> Table:
    s = styles()
    line = "_" * 46
    rows = [
        [Paragraph("Printed name", s.muted), Paragraph(line, s.body)],
        [Paragraph("Role", s.muted), para(role)],
        [Paragraph("Meaning", s.muted), para(meaning)],
        [Paragraph("Date (UTC)", s.muted), Paragraph(line, s.body)],
        [Paragraph("Signature", s.muted), Paragraph(line, s.body)],
    ]
    table = Table(rows, colWidths=[32 * mm, WIDTH - 32 * mm])
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.5, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return table


def signoff(facts: PacketFacts, *, redact_names: bool = False) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [PageBreak(), Heading("Sign-off", 0)]
    story.append(
        para(
            "A sign-off approves the exact state of the case identified by its state hash. "
            f"This packet shows state {facts.state_hash[:16]}…; a sign-off for any other state "
            "is void.",
            s.muted,
        )
    )
    if facts.doc.signoffs:
        rows: list[list[Flowable | str]] = [["Printed name", "Role", "Meaning", "Time", "State"]]
        for so in facts.doc.signoffs:
            current = so in facts.current_signoffs
            rows.append(
                [
                    "[redacted]" if redact_names else so.signer,
                    so.role.value,
                    so.meaning.value,
                    utc_text(so.signed_at),
                    rich(
                        coloured("this state", "met")
                        if current
                        else coloured(f"earlier state {so.state_hash[:10]}… — void", "blocker"),
                        s.cell,
                    ),
                ]
            )
        w = WIDTH
        story.append(Spacer(1, 2 * mm))
        story.append(grid(rows, [w * 0.3, w * 0.13, w * 0.13, w * 0.2, w * 0.24]))
    else:
        story.append(para("No sign-off is recorded yet."))
    if facts.roles_to_sign:
        story.append(Heading("Signatures still to come", 1))
        for role in facts.roles_to_sign:
            story.append(_blank_block(role.value, MEANING_FOR_ROLE[role].value))
            story.append(Spacer(1, 4 * mm))
    story.append(
        para(
            "Digital signatures are embedded in this PDF as PAdES signatures, one revision per "
            "signer; “workbench verify PACKET.pdf --trust CA.pem” reports each signer, role, "
            "meaning and time and whether the document is intact.",
            s.muted,
        )
    )
    return story
