"""The argument outline as one splittable flowable: thousands of indented entries, drawn fast.

A reportlab Paragraph per element parses markup and re-measures every word, which dominates
the packet of a large case. Here each entry is a few styled runs (bold id, plain text, muted
notes) wrapped once with memoised word widths, and the block splits itself across pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from workbench.report.fonts import SANS, SANS_BOLD, runs, text_width
from workbench.report.styles import INK, MUTED

FONT_SIZE = 7.5
LEADING = 9.4
INDENT = 9.0
MAX_INDENT_DEPTH = 14
ENTRY_GAP = 1.2


@dataclass(frozen=True, slots=True)
class OutlineEntry:
    """One element in the outline: its depth, id, the text after it and muted notes."""

    depth: int
    ident: str
    text: str
    notes: str = ""


#: A styled piece of a line: (text, font name, colour, width in points).
Run = tuple[str, str, Color, float]


class _Widths:
    """Word widths per font, remembered across the whole outline."""

    def __init__(self) -> None:
        self.cache: dict[tuple[str, str], float] = {}

    def __call__(self, word: str, font: str) -> float:
        key = (word, font)
        width = self.cache.get(key)
        if width is None:
            width = self.cache[key] = text_width(word, FONT_SIZE, font)
        return width


def _wrap(entry: OutlineEntry, width: float, widths: _Widths) -> list[list[Run]]:
    """Greedy word wrap of an entry's styled words into lines of runs."""
    words: list[tuple[str, str, Color]] = [(entry.ident, SANS_BOLD, INK)]
    words += [(w, SANS, INK) for w in entry.text.split()]
    words += [(w, SANS, MUTED) for w in entry.notes.split()]
    space = widths(" ", SANS)
    lines: list[list[Run]] = []
    line: list[Run] = []
    used = 0.0
    for word, font, colour in words:
        size = widths(word, font)
        if line and used + space + size > width:
            lines.append(line)
            line, used = [], 0.0
        if line:
            text, last_font, last_colour, run_width = line[-1]
            if last_font == font and last_colour == colour:
                line[-1] = (f"{text} {word}", font, colour, run_width + space + size)
            else:
                line[-1] = (text + " ", last_font, last_colour, run_width + space)
                line.append((word, font, colour, size))
            used += space + size
        else:
            line.append((word, font, colour, size))
            used = size
    if line:
        lines.append(line)
    return lines


@dataclass
class _Layout:
    """Entries wrapped for one width: their lines, heights and total height."""

    width: float
    lines: list[list[list[Run]]]
    heights: list[float]
    total: float


class OutlineBlock(Flowable):
    """Outline entries laid out for the frame width; splits between entries across pages."""

    def __init__(
        self,
        entries: Sequence[OutlineEntry],
        widths: _Widths | None = None,
        layout: _Layout | None = None,
    ) -> None:
        super().__init__()
        self.entries = list(entries)
        self.widths = widths or _Widths()
        self._layout = layout

    def _laid_out(self, width: float) -> _Layout:
        if self._layout is None or self._layout.width != width:
            lines = [
                _wrap(e, width - INDENT * min(e.depth, MAX_INDENT_DEPTH), self.widths)
                for e in self.entries
            ]
            heights = [len(x) * LEADING + ENTRY_GAP for x in lines]
            self._layout = _Layout(width, lines, heights, sum(heights))
        return self._layout

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.height = self._laid_out(available_width).total
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        layout = self._laid_out(available_width)
        used = 0.0
        count = 0
        for height in layout.heights:
            if used + height > available_height:
                break
            used += height
            count += 1
        if count == 0:
            return []
        if count == len(layout.heights):
            return [self]
        head = _Layout(available_width, layout.lines[:count], layout.heights[:count], used)
        tail = _Layout(
            available_width, layout.lines[count:], layout.heights[count:], layout.total - used
        )
        return [
            OutlineBlock(self.entries[:count], self.widths, head),
            OutlineBlock(self.entries[count:], self.widths, tail),
        ]

    def draw(self) -> None:
        canvas: Canvas = self.canv
        layout = self._laid_out(self.width)
        # One text object for the block, with explicit origins (no re-measuring of strings).
        text = canvas.beginText()
        y = self.height
        colour: Color | None = None
        current_font = ""
        for entry, lines in zip(self.entries, layout.lines, strict=True):
            x0 = INDENT * min(entry.depth, MAX_INDENT_DEPTH)
            for line in lines:
                y -= LEADING
                x = x0
                for run_text, font, run_colour, width in line:
                    if run_colour is not colour:
                        text.setFillColor(run_colour)
                        colour = run_colour
                    pieces = list(runs(run_text, font))
                    piece_x = x
                    for index, (piece_font, piece) in enumerate(pieces):
                        if piece_font != current_font:
                            text.setFont(piece_font, FONT_SIZE)
                            current_font = piece_font
                        text.setTextOrigin(piece_x, y + 2.2)
                        text.textLine(piece)
                        if index < len(pieces) - 1:
                            piece_x += text_width(piece, FONT_SIZE, piece_font)
                    x += width
            y -= ENTRY_GAP
        canvas.drawText(text)
