"""Packet fonts: shipped Unicode TrueType faces, and text split into runs each font can draw.

DejaVu Sans draws Latin, Greek and Cyrillic; Droid Sans Fallback draws CJK. Paragraph text goes
through :func:`markup` and canvas text through :func:`draw_text`, which both switch font for a
run of characters the main font has no glyph for, so "Zoë Ångström", "李雷" and "Ибрагим" all
render.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Literal
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from workbench.domain import StoreError
from workbench.runtime.resources import resource_path

SANS = "WB-Sans"
SANS_BOLD = "WB-Sans-Bold"
MONO = "WB-Mono"
CJK = "WB-CJK"

_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    MONO: "DejaVuSansMono.ttf",
    CJK: "DroidSansFallbackFull.ttf",
}


@cache
def register_fonts() -> None:
    """Register the shipped faces with reportlab (once per process)."""
    for name, filename in _FILES.items():
        path = resource_path("fonts", filename)
        if not path.is_file():
            raise StoreError(f"font file {path} is missing from the installation; reinstall")
        pdfmetrics.registerFont(TTFont(name, str(path)))
    # <b> inside paragraphs picks the bold face; CJK and mono have one face for every style.
    addMapping(SANS, 0, 0, SANS)
    addMapping(SANS, 1, 0, SANS_BOLD)
    addMapping(SANS, 0, 1, SANS)
    addMapping(SANS, 1, 1, SANS_BOLD)
    for name in (MONO, CJK, SANS_BOLD):
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(name, bold, italic, name)


@cache
def _glyphs(font_name: str) -> frozenset[int]:
    register_fonts()
    font = pdfmetrics.getFont(font_name)
    return frozenset(font.face.charToGlyph)


def runs(text: str, font_name: str = SANS) -> Iterator[tuple[str, str]]:
    """Split ``text`` into (font name, run) pieces: the given font where it has glyphs, else CJK.

    White space and characters neither font has stay in the given font.
    """
    if text.isascii():
        yield font_name, text
        return
    primary = _glyphs(font_name)
    fallback = _glyphs(CJK)
    current = font_name
    start = 0
    for i, char in enumerate(text):
        code = ord(char)
        wanted = CJK if code not in primary and code in fallback else font_name
        if wanted != current:
            if i > start:
                yield current, text[start:i]
            current, start = wanted, i
    if start < len(text):
        yield current, text[start:]


def markup(text: str, font_name: str = SANS) -> str:
    """Escape ``text`` for a reportlab Paragraph, wrapping CJK runs in a font tag."""
    if text.isascii():
        return escape(text)
    return "".join(
        escape(run) if name == font_name else f'<font face="{name}">{escape(run)}</font>'
        for name, run in runs(text, font_name)
    )


def text_width(text: str, size: float, font_name: str = SANS) -> float:
    """Width in points of ``text`` drawn with :func:`draw_text`."""
    register_fonts()
    return sum(pdfmetrics.stringWidth(run, name, size) for name, run in runs(text, font_name))


def draw_text(
    canvas: Canvas,
    x: float,
    y: float,
    text: str,
    size: float,
    font_name: str = SANS,
    *,
    align: Literal["left", "centre", "right"] = "left",
) -> None:
    """Draw one line at baseline ``y``, left-aligned at ``x`` (or centred / right-aligned on it)."""
    pieces = list(runs(text, font_name))
    if align != "left":
        width = sum(pdfmetrics.stringWidth(run, name, size) for name, run in pieces)
        x -= width / 2 if align == "centre" else width
    # A text object with explicit origins: canvas.drawString would measure every string.
    text_object = canvas.beginText(x, y)
    last = len(pieces) - 1
    for index, (name, run) in enumerate(pieces):
        text_object.setFont(name, size)
        if index:
            text_object.setTextOrigin(x, y)
        text_object.textLine(run)
        if index < last:  # the width is only needed to place the next run
            x += pdfmetrics.stringWidth(run, name, size)
    canvas.drawText(text_object)
