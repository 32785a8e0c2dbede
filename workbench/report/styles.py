"""Packet typography and colours: paragraph styles, table styles and small flowable helpers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, FrameBreak, Paragraph, Table, TableStyle

from workbench.diagram import palette
from workbench.report.fonts import MONO, SANS, SANS_BOLD, markup, register_fonts, text_width

INK = colors.HexColor(palette.INK)
MUTED = colors.HexColor(palette.MUTED)
RULE = colors.HexColor(palette.RULE)
HEAD_FILL = colors.HexColor(palette.HEAD_FILL)
STRIPE = colors.HexColor(palette.STRIPE)
RED = colors.HexColor(palette.RED)
AMBER = colors.HexColor(palette.AMBER)
GREEN = colors.HexColor(palette.GREEN)
BLUE = colors.HexColor(palette.BLUE)
ORANGE = colors.HexColor(palette.ORANGE)
LINE = colors.HexColor(palette.LINE)

#: Colour of each state (workbench.diagram.palette.STATUS), as reportlab colours.
STATUS_COLOUR = {state: colors.HexColor(hex_) for state, hex_ in palette.STATUS.items()}


class Styles:
    """The paragraph styles of a packet, built once per process."""

    def __init__(self) -> None:
        register_fonts()
        base = ParagraphStyle(
            "body", fontName=SANS, fontSize=9, leading=12, textColor=INK, alignment=TA_LEFT
        )
        self.body = base
        self.small = ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5)
        self.muted = ParagraphStyle("muted", parent=self.small, textColor=MUTED)
        self.cell = ParagraphStyle("cell", parent=base, fontSize=7.5, leading=9.2)
        self.cell_head = ParagraphStyle("cell_head", parent=self.cell, fontName=SANS_BOLD)
        self.mono = ParagraphStyle("mono", parent=self.cell, fontName=MONO, fontSize=6.6)
        self.h1 = ParagraphStyle(
            "h1", parent=base, fontName=SANS_BOLD, fontSize=16, leading=20, spaceAfter=8
        )
        self.h2 = ParagraphStyle(
            "h2",
            parent=base,
            fontName=SANS_BOLD,
            fontSize=11.5,
            leading=15,
            spaceBefore=8,
            spaceAfter=4,
        )
        self.h3 = ParagraphStyle(
            "h3", parent=base, fontName=SANS_BOLD, fontSize=9.5, leading=12, spaceBefore=6
        )
        self.title = ParagraphStyle(
            "title", parent=base, fontName=SANS_BOLD, fontSize=24, leading=30, spaceAfter=6
        )
        self.subtitle = ParagraphStyle(
            "subtitle", parent=base, fontSize=13, leading=17, textColor=MUTED, spaceAfter=18
        )
        self.verdict = ParagraphStyle(
            "verdict",
            parent=base,
            fontName=SANS_BOLD,
            fontSize=13,
            leading=17,
            alignment=TA_CENTER,
            textColor=colors.white,
        )
        self.lead = ParagraphStyle("lead", parent=base, fontSize=10.5, leading=14.5, spaceAfter=6)
        self.bullet = ParagraphStyle(
            "bullet", parent=base, leftIndent=11, bulletIndent=1, bulletFontName=SANS
        )
        #: A response under a challenge in the stress-testing log, indented one step.
        self.response = ParagraphStyle("response", parent=self.cell, leftIndent=9, spaceAfter=1)


@cache
def styles() -> Styles:
    return Styles()


def para(text: str, style: ParagraphStyle | None = None) -> Paragraph:
    """A paragraph of plain text (escaped, CJK runs in the fallback font)."""
    return Paragraph(markup(text), style or styles().body)


def rich(markup_text: str, style: ParagraphStyle | None = None) -> Paragraph:
    """A paragraph of already-escaped reportlab markup."""
    return Paragraph(markup_text, style or styles().body)


def coloured(text: str, key: str) -> str:
    """Markup for a status word in its colour, bold."""
    colour = STATUS_COLOUR.get(key, INK)
    return f'<font color="{colour.hexval()}"><b>{markup(text)}</b></font>'


#: Longest user text put in a table cell (a row must fit on a page; the rest is elided).
CELL_TEXT_LIMIT = 1200
#: Most ids listed in one cell before "… and N more".
CELL_ID_LIMIT = 12
PLAIN_LEADING = 8.6
#: Left and right padding of a table cell (its text is this much narrower than the column).
CELL_PAD_X = 3.0
#: Zero-width points just after each "-" and "/" of an id: where it may break between lines.
_ID_BREAKS = re.compile(r"(?<=[-/])")


def clip(text: str, limit: int = CELL_TEXT_LIMIT) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def id_list(ids: Sequence[str], limit: int = CELL_ID_LIMIT) -> str:
    """Comma-separated ids, the first ``limit`` of them and how many more."""
    if not ids:
        return "—"
    shown = ", ".join(ids[:limit])
    return shown if len(ids) <= limit else f"{shown} … and {len(ids) - limit} more"


def id_lines(ident: str, width: float, size: float, font_name: str = SANS) -> list[str]:
    """``ident`` in lines at most ``width`` points wide, broken only after a "-" or "/".

    A piece between break points that is wider than a line keeps a line of its own.
    """
    lines: list[str] = []
    line = ""
    for piece in _ID_BREAKS.split(ident):
        if line and text_width(line + piece, size, font_name) > width:
            lines.append(line)
            line = piece
        else:
            line += piece
    return [*lines, line]


def id_cell(ident: str, column_width: float, key: str | None = None) -> Paragraph:
    """A table cell holding an id, wrapped only after "-" or "/" to fit ``column_width``.

    With ``key`` the id is bold in that status colour (see :func:`coloured`).
    """
    style = styles().cell
    room = column_width - 2 * CELL_PAD_X - 0.5
    font = SANS_BOLD if key else style.fontName
    lines = id_lines(ident, room, style.fontSize, font)
    text = "<br/>".join(coloured(line, key) if key else markup(line) for line in lines)
    return Paragraph(text, style)


def grid(
    rows: Sequence[Sequence[Flowable | str]],
    widths: Sequence[float],
    *,
    header: bool = True,
    zebra: bool = True,
    plain_columns: Sequence[int] = (),
) -> Table:
    """A table with a repeated header row, thin rules and striped rows; splits across pages.

    Text cells become paragraphs (clipped to CELL_TEXT_LIMIT), except in ``plain_columns``
    where they stay plain strings (lines split at newlines). Row heights are measured here, so
    splitting a long table over many pages does not re-measure every remaining row each time.
    """
    s = styles()
    plain = set(plain_columns)
    cells: list[list[Flowable | str]] = []
    heights: list[float] = []
    pad_x, pad_y = CELL_PAD_X, 2.0
    for r, row in enumerate(rows):
        style = s.cell_head if header and r == 0 else s.cell
        line: list[Flowable | str] = []
        tallest = 0.0
        for c, value in enumerate(row):
            if isinstance(value, str) and (c not in plain or (header and r == 0)):
                value = Paragraph(markup(clip(value)), style)
            if isinstance(value, str):
                height = (value.count("\n") + 1) * PLAIN_LEADING
            else:
                height = value.wrap(widths[c] - 2 * pad_x, 1e6)[1]
            tallest = max(tallest, height)
            line.append(value)
        cells.append(line)
        heights.append(tallest + 2 * pad_y + 0.5)
    table = Table(cells, colWidths=list(widths), rowHeights=heights, repeatRows=1 if header else 0)
    commands: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), pad_x),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad_x),
        ("TOPPADDING", (0, 0), (-1, -1), pad_y),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad_y),
    ]
    for c in plain:
        commands += [
            ("FONT", (c, 1 if header else 0), (c, -1), SANS, 7),
            ("LEADING", (c, 1 if header else 0), (c, -1), PLAIN_LEADING),
            ("TEXTCOLOR", (c, 1 if header else 0), (c, -1), INK),
        ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL))
    if zebra and len(cells) > 2:
        commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, STRIPE]))
    table.setStyle(TableStyle(commands))
    return table


#: Room a heading keeps below itself, by level (0 = section): with less room left on the page
#: it moves to the next page, so it never stands alone above what it introduces.
HEADING_ROOM = (50 * mm, 25 * mm, 25 * mm)


class Heading(Paragraph):
    """A heading that also becomes a PDF bookmark at ``level`` (0 = top).

    It stays with what follows: where less than ``room`` (``HEADING_ROOM`` for its level) is
    left below it on a page that already holds something, it starts the next page instead.
    """

    def __init__(
        self,
        text: str,
        level: int,
        style: ParagraphStyle | None = None,
        *,
        room: float | None = None,
    ) -> None:
        s = styles()
        chosen = style or (s.h1, s.h2, s.h3)[min(level, 2)]
        super().__init__(markup(text), chosen)
        self.outline_title = text
        self.outline_level = level
        self.room = HEADING_ROOM[min(level, 2)] if room is None else room
        self._moves_on = False

    def _too_low(self, height: float, available_height: float) -> bool:
        """Whether, placed in a frame that already holds something, the heading would leave
        less than its room below it (never twice: a moved heading stays where it lands)."""
        frame = getattr(self, "_frame", None)
        if frame is None or frame._atTop or getattr(self, "_postponed", False):
            return False
        return height + self.room > available_height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """Paragraph.wrap; claims more than the room left when the heading must move on."""
        width, height = super().wrap(available_width, available_height)
        self._moves_on = self._too_low(height, available_height)
        return (width, available_height + 1) if self._moves_on else (width, height)

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        """Paragraph.split, or nothing (go to the next page) when the heading moves on."""
        if self._moves_on:
            return []
        return list(super().split(available_width, available_height))


#: The most a page may hold of the previous section for the next to follow it on that page.
SECTION_TAIL = 60 * mm
#: Space above a section that follows another on the same page.
SECTION_GAP = 8 * mm


class SectionBreak(Flowable):
    """A page break before a section, unless the page holds only a short tail of the one before.

    A hard break after a section that spilled a line or two onto a page would leave that page
    nearly empty; when the page holds no more than ``tail`` points, the next section follows
    on it after a gap instead.
    """

    #: Never gathered into a KeepTogether with its neighbours.
    locChanger = 1

    def __init__(self, tail: float = SECTION_TAIL, gap: float = SECTION_GAP) -> None:
        super().__init__()
        self.tail = tail
        self.gap = gap

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        frame = self._doctemplateAttr("frame")
        if frame is None or frame._atTop:
            return 0, 0
        if frame._aH - available_height > self.tail:
            frame.add_generated_content(FrameBreak())
            return 0, 0
        return 0, min(self.gap, available_height)

    def draw(self) -> None:
        """Nothing to draw: the break only moves what follows."""
