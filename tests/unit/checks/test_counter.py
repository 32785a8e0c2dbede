"""Counter elements in the checks: apart from the argument, each stating a challenge."""

from __future__ import annotations

import datetime as dt

from tests.builders import case
from workbench.checks import run_checks
from workbench.domain import CaseDocument, Module, SafetyCase

TODAY = dt.date(2026, 12, 1)


def rules_on(doc: CaseDocument, *subjects: str) -> set[tuple[str, str]]:
    return {
        (f.rule, f.subject) for f in run_checks(doc, today=TODAY).findings if f.subject in subjects
    }


def test_counter_arguments_are_no_roots_unreachable_or_undeveloped_parts_of_the_argument() -> None:
    doc = (
        case()
        .goal("G1")
        .strategy("S1")
        .goal("G2")
        .solution("Sn1")
        .counter_goal("CG1", challenges="G2")
        .counter_solution("CSn1")
        .counter_goal("CG2", challenges="S1", challenges_link="G2")
        .counter_goal("CG3", challenges="CG1")
        .challenge("CH1", "G2", counter=["CG1"])
        .challenge("CH2", "S1", counter=["CG2"])
        .document()
    )
    assert rules_on(doc, "CG1", "CSn1", "CG2", "CG3", "main") == set()


def test_a_counter_element_on_a_missing_element_or_link_is_found() -> None:
    doc = (
        case()
        .goal("G1")
        .solution("Sn1")
        .counter_goal("CG1", challenges="G9")
        .counter_goal("CG2", challenges="G1", challenges_link="G9")
        .challenge("CH1", "G9", counter=["CG1"])
        .challenge("CH2", "G1", counter=["CG2"])
        .document()
    )
    assert rules_on(doc, "CG1", "CG2") == {
        ("GSN-COUNTER-NO-TARGET", "CG1"),
        ("GSN-COUNTER-NO-TARGET", "CG2"),
    }


def test_a_module_of_counter_elements_only_needs_no_top_goal() -> None:
    built = case().goal("G1").solution("Sn1").counter_goal("CG1", challenges="G1")
    doc = built.challenge("CH1", "G1", counter=["CG1"]).document()
    elements = [
        e.model_copy(update={"module": "review"}) if e.id == "CG1" else e for e in doc.case.elements
    ]
    modules = [*doc.case.modules, Module(id="review")]
    doc = doc.model_copy(update={"case": SafetyCase(modules=modules, elements=elements)})
    assert rules_on(doc, "review", "CG1") == set()


def test_the_link_of_a_challenge_may_itself_be_challenged() -> None:
    doc = (
        case()
        .goal("G1")
        .solution("Sn1")
        .counter_goal("CG1", challenges="G1")
        .counter_solution("CSn9", under="", challenges="G1", challenges_link="CG1")
        .challenge("CH1", "G1", counter=["CG1"])
        .challenge("CH2", "G1", counter=["CSn9"])
        .document()
    )
    assert rules_on(doc, "CG1", "CSn9") == set()
