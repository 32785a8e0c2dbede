"""``workbench export svg|png|pdf``: the GSN diagram as the window draws it, without a display."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.builders import case
from tests.conftest import CliResult
from workbench.store import Store
from workbench.ui.diagram_file import PNG_MAX_SIDE

SVG = "{http://www.w3.org/2000/svg}"


def svg_text(path: Path) -> str:
    """All the text an SVG draws (it must parse as XML)."""
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG}svg"
    return " ".join(t.strip() for t in root.itertext() if t.strip())


def element_ids(store: Path, module: str | None = None) -> set[str]:
    with Store.open(store) as s:
        elements = s.load().case.elements
    return {e.id for e in elements if module is None or e.module == module}


def test_svg_names_every_element_of_the_demo(
    cli: Callable[..., CliResult], demo_store: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.svg"
    result = cli("export", "svg", demo_store, out)
    assert result.code == 0, result.err
    words = set(svg_text(out).split())
    ids = element_ids(demo_store)
    assert ids and ids <= words
    assert f"exported the diagram of {len(ids)} elements" in result.out


def test_svg_of_one_module_draws_only_that_module(
    cli: Callable[..., CliResult], demo_store: Path, tmp_path: Path
) -> None:
    with Store.open(demo_store) as s:
        module = s.load().case.modules[-1].id
    out = tmp_path / "module.svg"
    assert cli("export", "svg", demo_store, out, "--module", module).code == 0
    words = set(svg_text(out).split())
    inside, everything = element_ids(demo_store, module), element_ids(demo_store)
    assert inside <= words
    assert not (everything - inside) & words


def test_root_draws_the_branch_under_an_element(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    store = (
        case()
        .goal("G1", "Top claim")
        .strategy("S1", "Split", under="G1")
        .goal("G2", "Left claim", under="S1")
        .goal("G3", "Right claim", under="S1")
        .store(tmp_path / "small.db")
    )
    out = tmp_path / "branch.svg"
    assert cli("export", "svg", store, out, "--root", "S1").code == 0
    text = svg_text(out)
    assert {"S1", "G2", "G3"} <= set(text.split()) and "G1" not in text.split()
    assert "Left claim" in text


def test_png_is_an_image_of_bounded_size(
    cli: Callable[..., CliResult], demo_store: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.png"
    assert cli("export", "png", demo_store, out).code == 0
    image = QImage(str(out))
    assert not image.isNull()
    assert 0 < image.width() <= PNG_MAX_SIDE and 0 < image.height() <= PNG_MAX_SIDE
    # Not blank: the boxes' outlines are drawn on the white paper.
    assert image.pixelColor(image.width() // 2, image.height() // 2).isValid()
    dark = sum(
        1
        for x in range(0, image.width(), 7)
        for y in range(0, image.height(), 7)
        if image.pixelColor(x, y).lightness() < 120
    )
    assert dark > 50


@pytest.mark.requires_tool("pdftotext")
def test_pdf_is_vector_text_naming_the_elements(
    cli: Callable[..., CliResult], demo_store: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.pdf"
    assert cli("export", "pdf", demo_store, out).code == 0
    assert out.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert element_ids(demo_store) <= set(text.split())


def test_bad_choices_are_one_line_and_write_nothing(
    cli: Callable[..., CliResult], demo_store: Path, tmp_path: Path
) -> None:
    out = tmp_path / "x.svg"
    for args in (("--root", "NOPE"), ("--module", "nope")):
        result = cli("export", "svg", demo_store, out, *args)
        assert result.code == 2 and len(result.err.strip().splitlines()) == 1
        assert "Traceback" not in result.err
    assert cli("export", "json", demo_store, tmp_path / "x.json", "--root", "G1").code == 2
    assert not out.exists() and not (tmp_path / "x.json").exists()


def test_runs_without_a_display(demo_store: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    out = tmp_path / "out.svg"
    done = subprocess.run(
        [sys.executable, "-m", "workbench", "export", "svg", str(demo_store), str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert element_ids(demo_store) <= set(svg_text(out).split())
