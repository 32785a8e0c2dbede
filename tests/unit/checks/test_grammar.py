"""One GSN grammar (workbench.domain.grammar) for the checks and the app's edits (the window's
Add menu: tests/unit/ui/test_outline.py)."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

import pytest

from workbench.app.changes import link_kind_for
from workbench.checks import run_checks
from workbench.domain import CONTEXTUAL, Element, ElementType, InputError
from workbench.domain.grammar import child_types, may_sit_under

if TYPE_CHECKING:
    from tests.unit.checks.conftest import CaseKit

PAIRS = list(itertools.product(ElementType, ElementType))


def element(eid: str, kind: ElementType, **links: Any) -> Element:
    away = {"away_module": "other", "away_element": "G9"} if kind is ElementType.away_goal else {}
    return Element(id=eid, type=kind, text=f"{kind.value} {eid} holds", **away, **links)


def test_the_grammar_of_gsn_rule_one() -> None:
    g, s, sn, ag = (ElementType.goal, ElementType.strategy, ElementType.solution,
                    ElementType.away_goal)  # fmt: skip
    assert set(child_types(g)) == {g, s, sn, ag, *CONTEXTUAL}
    assert set(child_types(s)) == {g, ag, *CONTEXTUAL}
    assert set(child_types(ag)) == set(CONTEXTUAL)
    for leaf in (sn, *CONTEXTUAL):
        assert child_types(leaf) == ()


@pytest.mark.parametrize(("parent", "child"), PAIRS, ids=lambda k: k.value)
def test_checks_refuse_exactly_what_the_grammar_refuses(
    kit: CaseKit, today: Any, parent: ElementType, child: ElementType
) -> None:
    link = "in_context_of" if child in CONTEXTUAL else "supported_by"
    doc = kit.elements(add=[element("PX", parent, **{link: ["CX"]}), element("CX", child)])
    findings = run_checks(doc, today=today).findings
    refused = {
        f.rule
        for f in findings
        if f.subject == "PX" and f.rule in {"GSN-LINK-TYPE", "GSN-NON-LEAF"}
    }
    assert bool(refused) is not may_sit_under(parent, child), refused


@pytest.mark.parametrize(("parent", "child"), PAIRS, ids=lambda k: k.value)
def test_the_app_adds_exactly_what_the_grammar_allows(
    kit: CaseKit, parent: ElementType, child: ElementType
) -> None:
    doc = kit.elements(add=[element("PX", parent)])
    target = doc.case.by_id["PX"]
    if may_sit_under(parent, child):
        expected = "in_context_of" if child in CONTEXTUAL else "supported_by"
        assert link_kind_for(target, child) == expected
    else:
        with pytest.raises(InputError):
            link_kind_for(target, child)
