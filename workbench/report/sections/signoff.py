"""The audit-chain head and the sign-off page (a signature field per required signer)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    PageBreak,
    Paragraph,
    Spacer,
)

from workbench.domain import MEANING_FOR_ROLE, SignerRole
from workbench.report.content import (
    PacketFacts,
    utc_text,
)
from workbench.report.fonts import draw_text
from workbench.report.sections.page import WIDTH, key_facts
from workbench.report.styles import (
    MUTED,
    RULE,
    Heading,
    coloured,
    grid,
    para,
    rich,
    styles,
)
from workbench.signing.pdfsign import REQUIRED_ROLES, FieldSlot, field_name


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


class SignatureBox(Flowable):
    """The visible area of one signature field: a framed box where the signature will show.

    Drawing records where it landed (``placed``: page index and box in points), so the
    packet writer can put the role's signature field exactly over it.
    """

    HEIGHT = 22 * mm

    def __init__(self, role: SignerRole) -> None:
        super().__init__()
        self.role = role
        self.placed: FieldSlot | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = WIDTH
        self.height = self.HEIGHT
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.8)
        canvas.rect(0, 0, self.width, self.height)  # under the field: hidden once it is signed
        canvas.setFillColor(MUTED)
        draw_text(
            canvas,
            8,
            self.height / 2 - 3,
            f"Awaiting the {self.role.value}'s signature (field {field_name(self.role)})",
            7.5,
        )
        canvas.restoreState()
        x, y = canvas.absolutePosition(0, 0)
        self.placed = FieldSlot(
            self.role,
            canvas.getPageNumber() - 1,
            (round(x), round(y), round(x + self.width), round(y + self.height)),
        )


def signature_boxes(story: Sequence[Flowable]) -> list[SignatureBox]:
    """The signature boxes of a story (the sign-off page puts them at its top level)."""
    return [f for f in story if isinstance(f, SignatureBox)]


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
    story.append(Heading("Signatures", 1))
    story.append(
        para(
            "Each signature the case requires has its field below, earmarked for the role "
            "named above it. A signed field shows the signer's printed name, role, meaning, "
            "the date and time (UTC) and the state it approves; the first signature certifies "
            "the packet, so that afterwards only these fields can be filled.",
            s.muted,
        )
    )
    for role in REQUIRED_ROLES:
        story.append(CondPageBreak(SignatureBox.HEIGHT + 14 * mm))
        story.append(Spacer(1, 3 * mm))
        story.append(
            rich(
                f"<b>{role.value.capitalize()}</b> — meaning: {MEANING_FOR_ROLE[role].value}",
                s.body,
            )
        )
        story.append(Spacer(1, 1.5 * mm))
        story.append(SignatureBox(role))
    if facts.doc.signoffs:
        story.append(Heading("Sign-offs recorded in the store", 1))
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
    story.append(Spacer(1, 4 * mm))
    story.append(
        para(
            "Digital signatures are embedded in this PDF as PAdES signatures, one revision per "
            "signer; “workbench verify PACKET.pdf --trust CA.pem” or poppler's “pdfsig” "
            "reports each signer, role, meaning and time and whether the document is intact.",
            s.muted,
        )
    )
    return story
