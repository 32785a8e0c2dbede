"""The test case builders (tests/builders.py) make the cases they say, by the GSN grammar."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.builders import case
from workbench.app.checking import check_document
from workbench.domain import Severity
from workbench.store import Store


def test_each_element_goes_under_the_latest_that_may_hold_it() -> None:
    doc = case().goal("G1").context("C1").strategy("S1").goal("G2").solution("Sn1").document()
    by_id = doc.case.by_id
    assert by_id["G1"].supported_by == ["S1"] and by_id["G1"].in_context_of == ["C1"]
    assert by_id["S1"].supported_by == ["G2"]
    assert by_id["G2"].supported_by == ["Sn1"]


def test_under_names_the_parent() -> None:
    doc = case().goal("G1").goal("G2").goal("G3", under="G1").document()
    assert doc.case.by_id["G1"].supported_by == ["G2", "G3"]


def test_a_link_the_grammar_refuses_is_refused() -> None:
    with pytest.raises(ValueError, match="a solution may not sit under S1"):
        case().goal("G1").strategy("S1").solution("Sn1", under="S1")


def test_a_built_case_is_well_formed_gsn() -> None:
    doc = case().goal("G1").strategy("S1").goal("G2", undeveloped=True).document()
    findings = check_document(doc, {}).findings
    gsn = [f.rule for f in findings if f.rule.startswith("GSN-") and f.severity is Severity.blocker]
    assert gsn == []


def test_store_writes_the_case(tmp_path: Path) -> None:
    path = case().goal("G1").solution("Sn1").challenge("CH1", "G1").store(tmp_path / "c.db")
    with Store.open(path) as store:
        doc = store.load()
    assert [e.id for e in doc.case.elements] == ["G1", "Sn1"]
    assert [c.id for c in doc.review.challenges] == ["CH1"]
