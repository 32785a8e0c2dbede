"""Patterns (app, domain and checks together): the shipped library is well formed, instances
expand from the catalogue, and the PAT checks see unbound parameters, missing repetitions and
drift."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.builders import case
from workbench.app.catalogs import builtin_framework, catalogues
from workbench.app.patterns import apply_pattern, branch_to_pattern, plan, shipped_patterns
from workbench.checks import run_checks
from workbench.checks.patterns import definition_problems
from workbench.domain import CaseDocument, ElementType, InputError
from workbench.domain.patterns import InstanceRecord, Pattern

TODAY = dt.date(2026, 11, 23)


def pattern(**root: Any) -> Pattern:
    """A small pattern over a standard parameter; ``root`` replaces parts of its root node."""
    body: dict[str, Any] = {
        "name": "small",
        "title": "Small",
        "parameters": [{"name": "standard", "kind": "standard", "label": "Standard"}],
        "root": {
            "role": "top",
            "type": "goal",
            "text": "{standard.title} is met",
            "children": [
                {
                    "role": "each",
                    "type": "goal",
                    "many": {"over": "requirements", "of": "standard", "each": "requirement"},
                    "text": "{requirement.title} holds",
                    "claims": ["{requirement}"],
                }
            ],
            **root,
        },
    }
    return Pattern.model_validate(body)


def applied(doc: CaseDocument, name: str, **params: str) -> CaseDocument:
    change_set = apply_pattern(doc, shipped_patterns()[name], params)
    elements = [c.after for c in change_set.changes if c.after is not None]
    from workbench.domain import Element, SafetyCase

    added = [Element.model_validate(e) for e in elements]
    return doc.model_copy(update={"case": SafetyCase(elements=[*doc.case.elements, *added])})


def pat(doc: CaseDocument) -> list[str]:
    return [
        f"{f.rule} {f.subject}"
        for f in run_checks(doc, today=TODAY).findings
        if f.rule.startswith("PAT")
    ]


def test_the_library_has_at_least_seven_well_formed_patterns() -> None:
    library = shipped_patterns()
    assert len(library) >= 7
    for p in library.values():
        assert definition_problems(p, catalogues().all) == [], p.name


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"text": "{nothing} is met"}, "uses {nothing}, which is no parameter"),
        ({"type": "strategy", "text": "Argue"}, "its root top is a strategy, not a goal"),
        ({"text": "{standard.statement}"}, "reads standard.statement, which a standard lacks"),
        ({"claims": ["TF/nowhere/x"]}, "is not a requirement of the catalogues"),
    ],
)
def test_a_malformed_definition_is_named(change: dict[str, Any], problem: str) -> None:
    problems = definition_problems(pattern(**change), catalogues().all)
    assert any(problem in p for p in problems), problems


def test_a_solution_under_a_solution_is_not_well_formed() -> None:
    bad = pattern(
        children=[
            {
                "role": "sn",
                "type": "solution",
                "text": "Report on {standard}",
                "children": [{"role": "sn2", "type": "solution", "text": "More"}],
            }
        ]
    )
    assert any("cannot have children" in p for p in definition_problems(bad, catalogues().all))


def test_multiplicity_expands_one_goal_per_demanded_requirement() -> None:
    doc = case().document()
    instance = plan(doc, pattern(), {"standard": "RSP-2.2/ASL3-D"})
    framework = builtin_framework("RSP-2.2")
    demanded = [
        r.id for r in framework.standards_by_id["RSP-2.2/ASL3-D"].requirements if r.demanded
    ]
    goals = instance.elements[1:]
    assert [g.addresses for g in goals] == [[r] for r in demanded]
    assert instance.root.supported_by == [g.id for g in goals]
    record = InstanceRecord.model_validate(instance.root.metadata["pattern"])
    assert record.name == "small" and record.bindings[0].value == "RSP-2.2/ASL3-D"
    assert all(m.metadata["pattern"]["instance"] == instance.root.id for m in goals)


def test_ids_are_minted_above_what_the_store_ever_used() -> None:
    doc = case().goal("G1").goal("G7").document()
    instance = plan(doc, pattern(), {"standard": "RSP-2.2/ASL2-D"})
    assert instance.root.id == "G8"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "needs its parameter standard"),
        ({"standard": "RSP-3.4/CHEMBIO-D"}, "not a standard id of RSP-2.2"),
        ({"standard": "RSP-2.2/ASL3-D", "extra": "x"}, "has no parameter 'extra'"),
    ],
)
def test_bad_parameters_are_refused(params: dict[str, str], message: str) -> None:
    with pytest.raises(InputError, match=message):
        plan(case().document(), pattern(), params)


def test_the_optional_branch_appears_only_when_its_parameter_is_given() -> None:
    doc = case().document()
    inability = shipped_patterns()["inability"]
    without = plan(doc, inability, {"threshold": "RSP-2.2/CBRN-3"})
    named = plan(doc, inability, {"threshold": "RSP-2.2/CBRN-3", "external_evaluator": "AISI"})
    assert len(named.elements) == len(without.elements) + 2
    assert any("The findings of AISI were incorporated" in e.text for e in named.elements)


def test_a_choice_keeps_only_the_options_picked() -> None:
    doc = case().document()
    chosen = plan(doc, shipped_patterns()["misalignment-affirmative"], {"lines": "control"})
    texts = [e.text for e in chosen.elements]
    assert any("Even if the model were misaligned" in t for t in texts)
    assert not any("Alignment evidence gives no sign" in t for t in texts)
    with pytest.raises(InputError, match="one or more of inability, control, trustworthiness"):
        plan(doc, shipped_patterns()["misalignment-affirmative"], {"lines": "hope"})


def test_one_sub_goal_per_threshold_in_scope() -> None:
    doc = case(framework="RSP-3.4").document()
    instance = plan(doc, shipped_patterns()["threshold-sweep"], {})
    thresholds = [t.id for t in builtin_framework("RSP-3.4").thresholds if not t.alert]
    handled = [
        e for e in instance.elements if e.metadata["pattern"].get("role") == "threshold-handled"
    ]
    assert [e.metadata["pattern"]["item"] for e in handled] == thresholds


def test_a_pattern_claiming_another_frameworks_requirements_is_refused() -> None:
    doc = case(framework="RSP-3.4").document()
    with pytest.raises(InputError, match=r"which RSP-3\.4 does not have"):
        plan(doc, shipped_patterns()["asl3-security"], {})


def test_fresh_instances_have_no_pat_finding_and_claim_every_criterion() -> None:
    doc = applied(case().document(), "inability", threshold="RSP-2.2/CBRN-3")
    doc = applied(doc, "asl3-deployment", standard="RSP-2.2/ASL3-D")
    assert pat(doc) == []
    claimed = {r for e in doc.case.elements for r in e.addresses}
    standard = doc.framework.standards_by_id["RSP-2.2/ASL3-D"]
    assert {r.id for r in standard.requirements if r.demanded} <= claimed


def _without(doc: CaseDocument, element_id: str) -> CaseDocument:
    from workbench.app.changes import delete_element
    from workbench.domain import Element, SafetyCase

    change_set = delete_element(doc, element_id)
    after = {c.id: c.after for c in change_set.changes}
    elements = [
        Element.model_validate(after[e.id]) if after.get(e.id) else e
        for e in doc.case.elements
        if not (e.id in after and after[e.id] is None)
    ]
    return doc.model_copy(update={"case": SafetyCase(elements=elements)})


def test_deleting_a_criterion_goal_is_a_multiplicity_and_drift_finding() -> None:
    doc = applied(case().document(), "asl3-deployment")
    goal = next(e for e in doc.case.elements if "RSP-2.2/ASL3-D/monitoring" in e.addresses)
    broken = _without(doc, goal.id)
    found = run_checks(broken, today=TODAY).findings
    multiplicity = [f for f in found if f.rule == "PAT-MULTIPLICITY"]
    assert len(multiplicity) == 1 and "RSP-2.2/ASL3-D/monitoring" in multiplicity[0].message
    drift = [f for f in found if f.rule == "PAT-DRIFT"]
    assert drift and drift[0].severity.value == "minor" and f"deleted {goal.id}" in drift[0].message


def test_a_placeholder_left_in_the_text_is_unbound() -> None:
    doc = applied(case().document(), "inability", threshold="RSP-2.2/CBRN-3")
    target = next(e for e in doc.case.elements if e.type == ElementType.solution)
    edited = [
        e.model_copy(update={"text": "Report for {threshold}"}) if e.id == target.id else e
        for e in doc.case.elements
    ]
    from workbench.domain import SafetyCase

    doc = doc.model_copy(update={"case": SafetyCase(elements=edited)})
    assert pat(doc) == [f"PAT-UNBOUND {target.id}"]


def test_a_branch_saved_as_a_pattern_folds_the_criteria_into_a_multiplicity() -> None:
    doc = applied(case().document(), "asl3-deployment")
    root = next(e for e in doc.case.elements if e.metadata.get("pattern", {}).get("name"))
    saved = branch_to_pattern(doc, root.id, "mine", {"standard": "RSP-2.2/ASL3-D"})
    repeated = [n for n in saved.nodes() if n.many is not None]
    assert len(repeated) == 1 and repeated[0].many is not None
    assert repeated[0].many.of == "standard" and repeated[0].claims == ["{requirement}"]
    again = plan(case().document(), saved, {"standard": "RSP-2.2/ASL3-D"})
    claimed = [r for e in again.elements for r in e.addresses]
    assert "RSP-2.2/ASL3-D/third-party-environments" in claimed


def test_saving_with_a_value_the_branch_lacks_is_refused() -> None:
    doc = applied(case().document(), "asl3-deployment")
    root = next(e for e in doc.case.elements if e.metadata.get("pattern", {}).get("name"))
    with pytest.raises(InputError, match="appears nowhere in the branch"):
        branch_to_pattern(doc, root.id, "mine", {"who": "nobody at all"})


def test_the_shipped_prose_follows_the_gsn_wording_rules() -> None:
    """Strategies say what they argue over; solutions name an artefact, not a claim; goals
    are propositions, not questions; no node is over-long."""
    for p in shipped_patterns().values():
        for node in p.nodes():
            where = f"{p.name}/{node.role}"
            assert len(node.text) <= 300, where
            if node.type == ElementType.strategy:
                assert node.text.startswith("Argument "), where
            if node.type == ElementType.solution:
                assert not any(v in f" {node.text} " for v in (" is ", " are ", " was ")), where
            if node.type == ElementType.goal:
                assert not node.text.rstrip().endswith(("?", ":")), where
