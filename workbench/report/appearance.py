"""The appearance of a filled signature field: its lines drawn in the packet's fonts.

pyHanko shows this one-page PDF inside the signature field as the field's stamp, so a filled
field reads like the rest of the packet and any name ("Zoë Ångström", "李雷") renders.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from workbench.report.fonts import SANS, SANS_BOLD, draw_text, register_fonts
from workbench.report.styles import INK, RULE

PADDING = 8
SIZE = 9
LEADING = 12


def signature_appearance(lines: Sequence[str], width: float, height: float) -> bytes:
    """A ``width`` x ``height`` page: an opaque framed box with ``lines``, the first in bold."""
    register_fonts()
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height), invariant=1)
    canvas.setFillColor(colors.white)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.8)
    canvas.rect(0.4, 0.4, width - 0.8, height - 0.8, fill=1, stroke=1)
    canvas.setFillColor(INK)
    top = height / 2 + (len(lines) * LEADING) / 2 - SIZE
    for index, line in enumerate(lines):
        font = SANS_BOLD if index == 0 else SANS
        draw_text(canvas, PADDING, top - index * LEADING, line, SIZE, font)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
