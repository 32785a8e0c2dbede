"""Domain models: copies made with new values answer look-ups from the new values; model
facts are finite."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pydantic import ValidationError

from workbench.app.catalogs import builtin_framework
from workbench.domain import (
    Assessment,
    CaseDocument,
    Element,
    ElementType,
    Evidence,
    ModelUnderReview,
    SafetyCase,
)

NOW = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def test_case_copied_with_new_elements_looks_up_the_new_ones() -> None:
    case = SafetyCase(
        elements=[
            Element(id="G1", type=ElementType.goal, text="top", supported_by=["G2"]),
            Element(id="G2", type=ElementType.goal, text="sub"),
        ]
    )
    assert case.parents["G2"] == ["G1"]  # the look-ups are now cached on ``case``
    copy = case.model_copy(update={"elements": [Element(id="G3", type="goal", text="new")]})
    assert (list(copy.by_id), copy.parents) == (["G3"], {"G3": []})


def test_document_copied_with_new_evidence_looks_up_the_new_records() -> None:
    framework = builtin_framework()
    doc = CaseDocument(
        framework=framework,
        assessment=Assessment(
            id="A1",
            title="t",
            model=ModelUnderReview(name="m"),
            framework_id=framework.id,
            created=NOW,
        ),
    )
    assert doc.evidence_by_id() == {}
    record = Evidence(
        id="EV-1", sha256="a" * 64, size=1, filename="f.txt", title="f", imported_at=NOW
    )
    copy = doc.model_copy(update={"evidence": [record]})
    assert copy.evidence_by_id() == {"EV-1": record}


@pytest.mark.parametrize("field", ["effective_compute_ratio", "post_training_months"])
@pytest.mark.parametrize("value", [float("inf"), float("nan")])
def test_model_facts_must_be_finite_numbers(field: str, value: float) -> None:
    """Infinity would otherwise reach the store, whose JSON check refuses it with an
    unhelpful message; every path (CLI, JSON import, GUI) goes through this model."""
    with pytest.raises(ValidationError, match="finite number"):
        ModelUnderReview(name="M", **{field: value})


def test_unresolved_challenges_by_target(demo_store: Path) -> None:
    from workbench.app.workspace import Workspace

    with Workspace.open(demo_store) as ws:
        review = ws.document.review
    expected: dict[str, list[str]] = {}
    for c in review.challenges:
        if not c.status.resolved:
            expected.setdefault(c.target, []).append(c.id)
    found = {t: [c.id for c in cs] for t, cs in review.unresolved_by_target.items()}
    assert found == expected and found  # the demo has unresolved challenges
    assert review.unresolved_count == sum(len(ids) for ids in expected.values())
    resolved = review.model_copy(update={"challenges": []})
    assert resolved.unresolved_by_target == {} and resolved.unresolved_count == 0


def test_the_document_finds_each_record_kind_by_id_once(demo_store: Path) -> None:
    """One look-up per record kind, cached on the document, the same NotFoundError for all."""
    from workbench.app.workspace import Workspace
    from workbench.domain import NotFoundError

    with Workspace.open(demo_store, actor="tester") as ws:
        doc = ws.document
    challenge = doc.review.challenges[0]
    assert doc.challenge(challenge.id) is challenge
    assert doc.challenges_by_id is doc.challenges_by_id  # built once
    assert doc.session(challenge.session).id == challenge.session
    assert doc.element(doc.case.elements[0].id) is doc.case.elements[0]
    assert doc.evidence_item(doc.evidence[0].id) is doc.evidence[0]
    assert doc.schedule_item(doc.compliance.schedule[0].id) is doc.compliance.schedule[0]
    first = doc.compliance.noncompliance[0]
    assert doc.noncompliance_item(first.id) is first
    for find, about in (
        (doc.challenge, "challenge"),
        (doc.session, "session"),
        (doc.element, "element"),
        (doc.evidence_item, "evidence"),
        (doc.schedule_item, "schedule"),
        (doc.noncompliance_item, "noncompliance"),
    ):
        with pytest.raises(NotFoundError, match="'NOPE'") as raised:
            find("NOPE")
        assert raised.value.about == about
