"""Page flow of the packet: headings stay with what follows, sections strand no short tail."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pypdf
from reportlab.platypus import Flowable, PageBreak, Spacer

from workbench.domain import CaseDocument
from workbench.report.content import PacketFacts
from workbench.report.sections import HEIGHT, full_packet
from workbench.report.styles import SECTION_TAIL, Heading, SectionBreak, grid, para

PdfText = Callable[..., str]
RenderStory = Callable[[list[Flowable], Path], Path]


def page_with(path: Path, pdf_text: PdfText, needle: str) -> int:
    pages = len(pypdf.PdfReader(path).pages)
    for number in range(1, pages + 1):
        if needle in pdf_text(path, number, number):
            return number
    raise AssertionError(f"{needle!r} is on no page")


def page_count(path: Path) -> int:
    return len(pypdf.PdfReader(path).pages)


def findings_table() -> Flowable:
    rows: list[list[Flowable | str]] = [["Rule", "Concerns", "Finding and what to do"]]
    rows += [[f"INFO-RULE-{n}", f"G{n}", f"finding number {n}"] for n in range(1, 7)]
    return grid(rows, [100.0, 100.0, 280.0])


def test_heading_with_no_room_for_its_table_moves_to_the_table_page(
    tmp_path: Path, pdf_text: PdfText, render_story: RenderStory
) -> None:
    # 45 points are left: the heading fits, its table header and first row do not.
    story = [Spacer(1, HEIGHT - 45), Heading("For information (6)", 1), findings_table()]
    path = render_story(story, tmp_path / "orphan.pdf")
    assert page_with(path, pdf_text, "INFO-RULE-1") == 2
    assert page_with(path, pdf_text, "For information (6)") == 2


def test_heading_with_room_for_its_table_stays_on_its_page(
    tmp_path: Path, pdf_text: PdfText, render_story: RenderStory
) -> None:
    story = [Spacer(1, HEIGHT - 200), Heading("For information (6)", 1), findings_table()]
    path = render_story(story, tmp_path / "room.pdf")
    assert page_with(path, pdf_text, "For information (6)") == 1
    assert page_with(path, pdf_text, "INFO-RULE-1") == 1


def test_heading_asking_more_room_than_a_page_moves_once_and_stays(
    tmp_path: Path, pdf_text: PdfText, render_story: RenderStory
) -> None:
    story = [para("before"), Heading("Greedy heading", 1, room=2 * HEIGHT), para("after")]
    path = render_story(story, tmp_path / "greedy.pdf")
    assert page_with(path, pdf_text, "Greedy heading") == 2
    assert page_with(path, pdf_text, "after") == 2
    assert page_count(path) == 2


def test_section_follows_a_short_tail_of_the_previous_section_on_its_page(
    tmp_path: Path, pdf_text: PdfText, render_story: RenderStory
) -> None:
    # The first section fills page 1 and spills one line onto page 2.
    story = [
        Spacer(1, HEIGHT - 5),
        para("last outline line"),
        SectionBreak(),
        Heading("Evidence index", 0),
        para("first evidence row"),
    ]
    path = render_story(story, tmp_path / "tail.pdf")
    assert page_with(path, pdf_text, "last outline line") == 2
    assert page_with(path, pdf_text, "Evidence index") == 2
    assert page_count(path) == 2


def test_section_after_a_long_tail_starts_a_new_page(
    tmp_path: Path, pdf_text: PdfText, render_story: RenderStory
) -> None:
    story = [
        Spacer(1, HEIGHT - 5),
        para("last outline line"),
        Spacer(1, SECTION_TAIL),
        SectionBreak(),
        Heading("Evidence index", 0),
    ]
    path = render_story(story, tmp_path / "long.pdf")
    assert page_with(path, pdf_text, "Evidence index") == 3


def test_section_break_at_the_top_of_a_page_adds_no_blank_page(
    tmp_path: Path, pdf_text: PdfText, render_story: RenderStory
) -> None:
    story = [para("first"), PageBreak(), SectionBreak(), Heading("Findings", 0)]
    path = render_story(story, tmp_path / "top.pdf")
    assert page_with(path, pdf_text, "Findings") == 2
    assert page_count(path) == 2


def test_full_packet_joins_text_sections_with_section_breaks(
    document: CaseDocument, facts_for: Callable[..., PacketFacts]
) -> None:
    story = full_packet(facts_for(document))
    before = {
        flowable.outline_title: story[index - 1]
        for index, flowable in enumerate(story)
        if isinstance(flowable, Heading) and flowable.outline_level == 0
    }
    for title in ("Evidence index", "Findings", "Stress-testing log", "Compliance"):
        assert isinstance(before[title], SectionBreak), title
