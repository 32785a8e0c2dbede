"""One palette: the packet and the window draw each element type and state in the same colour."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QColor

from workbench.diagram import palette
from workbench.domain import ElementType, Severity
from workbench.report import diagram as pdf_diagram
from workbench.report import styles as pdf_styles
from workbench.ui.widgets import gsnshapes

HEX = re.compile(r"^#[0-9a-f]{6}$")


def hex_of_reportlab(colour: object) -> str:
    return "#" + str(colour.hexval())[2:].lower()  # type: ignore[attr-defined]


def test_the_palette_is_hex_strings_only() -> None:
    values = [
        *palette.ELEMENT_FILL.values(),
        *palette.SEVERITY.values(),
        *palette.STATUS.values(),
        palette.INK,
        palette.LINE,
        palette.CHALLENGE,
        palette.UNDEVELOPED,
    ]
    assert all(HEX.match(v) for v in values), values


def test_every_element_type_and_severity_has_a_colour() -> None:
    assert set(palette.ELEMENT_FILL) == set(ElementType)
    assert set(palette.SEVERITY) == {s.value for s in Severity}


@pytest.mark.parametrize("kind", list(ElementType))
def test_packet_and_window_fill_an_element_alike(kind: ElementType) -> None:
    assert hex_of_reportlab(pdf_diagram.FILL[kind]) == gsnshapes.FILL[kind].name()
    assert gsnshapes.FILL[kind] == QColor(palette.ELEMENT_FILL[kind])


@pytest.mark.parametrize("severity", [s.value for s in Severity])
def test_packet_and_window_colour_a_severity_alike(severity: str) -> None:
    assert hex_of_reportlab(pdf_styles.STATUS_COLOUR[severity]) == (
        gsnshapes.SEVERITY_COLOUR[severity].name()
    )


def test_packet_and_window_outline_elements_alike() -> None:
    assert hex_of_reportlab(pdf_styles.LINE) == gsnshapes.OUTLINE.name()
