"""The packet's safeguards compliance matrix cites and quotes every requirement it lists."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from workbench.report.content import PacketFacts
from workbench.report.sections import matrix, requirement_cell

PdfText = Callable[..., str]


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_matrix_cell_has_section_modality_and_quote(
    facts_for: Callable[..., PacketFacts], document: object
) -> None:
    facts = facts_for(document)
    requirement = facts.doc.framework.requirements_by_id["RSP-2.2/ASL3-D/red-teaming"]
    cell = requirement_cell(requirement)
    assert "§4.1, criterion 3; fn 10 · must" in cell
    assert "Conduct red-teaming that demonstrates that threat actors" in cell
    example = facts.doc.framework.requirements_by_id["RSP-2.2/ASL3-D/defense-in-depth-example"]
    assert "example, not demanded" in requirement_cell(example)


def test_packet_matrix_quotes_the_text(packet_file: Path, pdf_text: PdfText) -> None:
    text = _flat(pdf_text(packet_file))
    assert "Safeguards compliance matrix" in text
    assert "§4.1, criterion 1 · must" in text
    assert "Make a compelling case that the set of threats and the vectors" in text
    assert "example, not demanded" in text


def test_matrix_story_lists_every_demanded_standard(
    facts_for: Callable[..., PacketFacts], document: object
) -> None:
    facts = facts_for(document)
    story = matrix(facts)
    assert len(story) > len(facts.demanded)
