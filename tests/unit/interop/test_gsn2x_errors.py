"""Malformed gsn2x input is refused with one line that names the element at fault."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from workbench.domain import InputError
from workbench.interop.gsn2x import parse_gsn2x, parse_gsn2x_files

MALFORMED = {
    "cycle": (
        "G1:\n  text: a\n  supportedBy: [S1]\nS1:\n  text: b\n  supportedBy: [G2]\n"
        "G2:\n  text: c\n  supportedBy: [G1]\n",
        "bad.yaml: gsn2x rule C01: no element is unreferenced, so there is no top goal",
    ),
    "dangling": (
        "G1:\n  text: a\n  supportedBy: [G9]\n",
        "bad.yaml: gsn2x rule C03: element G1: supportedBy names unknown element G9",
    ),
    "dangling context": (
        "G1:\n  text: a\n  inContextOf: C4\n  undeveloped: true\n",
        "bad.yaml: gsn2x rule C03: element G1: inContextOf names unknown element C4",
    ),
    "duplicate id": (
        "G1:\n  text: a\n  supportedBy: [Sn1]\nSn1:\n  text: b\nG1:\n  text: c\n",
        "bad.yaml: element G1 is defined twice (line 6)",
    ),
    "duplicate key inside an element": (
        "G1:\n  text: a\n  text: b\n",
        "bad.yaml: element G1: key 'text' is given twice (line 3)",
    ),
    "not a mapping": (
        "- G1\n- G2\n",
        "bad.yaml is not a gsn2x document: expected a mapping of element ids",
    ),
    "empty file": ("", "bad.yaml is not a gsn2x document"),
    "element is a string": (
        "G1: The system is safe\n",
        "bad.yaml: element G1: expected a mapping with text, supportedBy",
    ),
    "unknown prefix": (
        "G1:\n  text: a\n  supportedBy: [X1]\nX1:\n  text: b\n",
        "bad.yaml: element X1: unknown element type",
    ),
    "supportedBy is a number": (
        "G1:\n  text: a\n  supportedBy: 5\n",
        "bad.yaml: element G1: 'supportedBy' must be an element id or a list of ids, not a number",
    ),
    "undeveloped is yes": (
        "G1:\n  text: a\n  undeveloped: yes\n",
        "bad.yaml: element G1: 'undeveloped' must be true or false, not text",
    ),
    "text is a list": (
        "G1:\n  text: [a, b]\n",
        "bad.yaml: element G1: 'text' must be text, not a list",
    ),
    "unknown nodeType": (
        "G1:\n  text: a\n  nodeType: Claim\n",
        "bad.yaml: element G1: unknown nodeType 'Claim'",
    ),
    "invalid yaml": ("G1:\n  text: [unclosed\n", "bad.yaml is not valid YAML at line"),
    "argument element challenges": (
        "G1:\n  text: a\n  undeveloped: true\nG2:\n  text: b\n  challenges: G1\n",
        "bad.yaml: gsn2x rule V12: element G2 challenges something but is not a CounterGoal",
    ),
    "counter challenges nothing": (
        "G1:\n  text: a\n  undeveloped: true\nCG1:\n  text: b\n",
        "bad.yaml: element CG1: a counter element must challenge something",
    ),
    "goal supported by counter": (
        "G1:\n  text: a\n  supportedBy: [CSn1]\nCSn1:\n  text: b\n",
        "bad.yaml: element G1: supportedBy names counter element CSn1",
    ),
    "challenged link does not exist": (
        "G1:\n  text: a\n  supportedBy: [Sn1]\nSn1:\n  text: b\nG2:\n  text: c\n"
        "  undeveloped: true\nCG1:\n  text: d\n  challenges: G1 -> G2\n",
        "bad.yaml: gsn2x rule C16: element CG1 challenges the link G1 -> G2, but G1 and G2 "
        "are not linked",
    ),
    "bad severity": (
        "G1:\n  text: a\n  undeveloped: true\nCG1:\n  text: b\n  challenges: G1\n"
        "  severity: huge\n",
        "bad.yaml: element CG1: severity 'huge' is not one of blocker, major, minor",
    ),
    "only counter elements": (
        "CG1:\n  text: b\n  challenges: CG2\nCG2:\n  text: c\n  challenges: CG1\n",
        "bad.yaml: gsn2x rule C01: no element is unreferenced",
    ),
}


@pytest.mark.parametrize(("text", "message"), MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_document_is_refused_with_one_clear_line(
    text: str, message: str, now: dt.datetime
) -> None:
    with pytest.raises(InputError) as caught:
        parse_gsn2x(text, source="bad.yaml", now=now)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_same_element_in_two_files_is_refused(tmp_path: Path, now: dt.datetime) -> None:
    (tmp_path / "a.gsn.yaml").write_text("G1:\n  text: a\n  undeveloped: true\n")
    (tmp_path / "b.gsn.yaml").write_text("G1:\n  text: b\n  undeveloped: true\n")
    with pytest.raises(
        InputError, match=r"^b\.gsn\.yaml: gsn2x rule C07: element G1 is defined twice \(also in a"
    ):
        parse_gsn2x_files([tmp_path / "a.gsn.yaml", tmp_path / "b.gsn.yaml"], now=now)


def test_missing_file_is_refused_by_name(tmp_path: Path, now: dt.datetime) -> None:
    with pytest.raises(InputError, match=r"^no such gsn2x file: .*nope\.gsn\.yaml$"):
        parse_gsn2x_files([tmp_path / "nope.gsn.yaml"], now=now)


def test_module_using_a_missing_file_is_refused(tmp_path: Path, now: dt.datetime) -> None:
    (tmp_path / "index.gsn.yaml").write_text(
        "module:\n  name: Main\n  uses: [gone.gsn.yaml]\nG1:\n  text: a\n  undeveloped: true\n"
    )
    with pytest.raises(InputError, match=r"^no such gsn2x file: .*gone\.gsn\.yaml$"):
        parse_gsn2x_files([tmp_path / "index.gsn.yaml"], now=now)
