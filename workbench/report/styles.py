"""Packet typography and colours: paragraph styles, table styles and small flowable helpers."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from workbench.report.fonts import MONO, SANS, SANS_BOLD, markup, register_fonts

INK = colors.HexColor("#1b1f24")
MUTED = colors.HexColor("#5b6570")
RULE = colors.HexColor("#c9d1d9")
HEAD_FILL = colors.HexColor("#e8edf3")
STRIPE = colors.HexColor("#f6f8fa")
RED = colors.HexColor("#b42318")
AMBER = colors.HexColor("#b54708")
GREEN = colors.HexColor("#067647")
BLUE = colors.HexColor("#1f4e8c")
#: Overdue work: orange, distinct from the red of a late completion.
ORANGE = colors.HexColor("#e07a10")

STATUS_COLOUR = {
    "met": GREEN,
    "partial": AMBER,
    "missing": RED,
    "not_applicable": MUTED,
    "not_required": MUTED,
    "blocker": RED,
    "major": AMBER,
    "minor": BLUE,
    "info": MUTED,
    # Scheduled assessments, as the compliance timeline draws them.
    "on_time": GREEN,
    "late": RED,
    "overdue": ORANGE,
    "upcoming": BLUE,
    # Re-assessment triggers.
    "ok": GREEN,
    "due": RED,
    "not recorded": MUTED,
}


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
        self.bullet_small = ParagraphStyle(
            "bullet_small", parent=self.small, leftIndent=10, bulletIndent=1, bulletFontName=SANS
        )


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


def clip(text: str, limit: int = CELL_TEXT_LIMIT) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def id_list(ids: Sequence[str], limit: int = CELL_ID_LIMIT) -> str:
    """Comma-separated ids, the first ``limit`` of them and how many more."""
    if not ids:
        return "—"
    shown = ", ".join(ids[:limit])
    return shown if len(ids) <= limit else f"{shown} … and {len(ids) - limit} more"


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
    pad_x, pad_y = 3.0, 2.0
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


class Heading(Paragraph):
    """A heading that also becomes a PDF bookmark at ``level`` (0 = top)."""

    def __init__(self, text: str, level: int, style: ParagraphStyle | None = None) -> None:
        s = styles()
        chosen = style or (s.h1, s.h2, s.h3)[min(level, 2)]
        super().__init__(markup(text), chosen)
        self.outline_title = text
        self.outline_level = level
