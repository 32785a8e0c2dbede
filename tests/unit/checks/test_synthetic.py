"""The synthetic case generator: valid, about the size asked, deterministic, and checkable."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter

import pytest

from workbench.app.synthetic import synthetic_case
from workbench.checks import requirement_status, run_checks
from workbench.domain import CaseDocument, ElementType, Framework, InputError, Outcome, Severity

NOW = dt.datetime(2025, 6, 2, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("size", [10, 100, 1000, 5000])
def test_document_has_about_the_requested_size(framework: Framework, size: int) -> None:
    doc = synthetic_case(size, framework, now=NOW).document
    assert 0.9 * size <= len(doc.case.elements) <= 1.1 * size


def test_document_survives_a_json_round_trip(framework: Framework) -> None:
    doc = synthetic_case(500, framework, now=NOW).document
    assert CaseDocument.model_validate_json(doc.model_dump_json()) == doc


def test_blobs_hash_to_their_evidence_records(framework: Framework) -> None:
    synthetic = synthetic_case(300, framework, now=NOW)
    evidence = synthetic.document.evidence
    assert sorted(synthetic.blobs) == sorted(e.sha256 for e in evidence)
    for record in evidence:
        content = synthetic.blobs[record.sha256]
        assert hashlib.sha256(content).hexdigest() == record.sha256
        assert record.size == len(content)
        assert 100 <= len(content) <= 1000


def test_same_seed_gives_the_same_case(framework: Framework) -> None:
    first = synthetic_case(400, framework, seed=7, now=NOW)
    second = synthetic_case(400, framework, seed=7, now=NOW)
    assert first.document.state_hash() == second.document.state_hash()
    assert (
        first.document.state_hash()
        != synthetic_case(400, framework, seed=8, now=NOW).document.state_hash()
    )


def test_every_threshold_is_determined_and_one_cannot_be_ruled_out(framework: Framework) -> None:
    doc = synthetic_case(200, framework, now=NOW).document
    outcomes = {d.threshold: d.outcome for d in doc.assessment.determinations}
    assert sorted(outcomes) == sorted(t.id for t in framework.thresholds)
    assert outcomes["TF/CBRN-3"] == Outcome.cannot_rule_out
    assert list(outcomes.values()).count(Outcome.cannot_rule_out) == 1


def test_every_demanded_requirement_is_claimed(framework: Framework) -> None:
    doc = synthetic_case(10, framework, now=NOW).document
    rows = requirement_status(doc)
    demanded = [r for r in rows.values() if r.status.value != "not_required"]
    assert len(demanded) == 5
    assert all(r.goals for r in demanded)


def test_shape_is_realistic(framework: Framework) -> None:
    doc = synthetic_case(4000, framework, now=NOW).document
    types = Counter(e.type for e in doc.case.elements)
    solutions = types[ElementType.solution]
    assert 0.18 <= solutions / len(doc.case.elements) <= 0.32
    assert 2.5 <= solutions / len(doc.evidence) <= 3.5
    assert types[ElementType.context] > 0 and types[ElementType.assumption] > 0
    assert sum(1 for e in doc.case.elements if e.undeveloped) == 1
    assert 15 <= len(doc.review.challenges) <= 25
    assert len(doc.compliance.schedule) == 3


def test_synthetic_case_checks_without_blockers(framework: Framework) -> None:
    doc = synthetic_case(2000, framework, now=NOW).document
    report = run_checks(doc, today=NOW.date())
    assert report.required_asl.overall == 3
    assert [f.message for f in report.findings if f.severity == Severity.blocker] == []
    assert {f.rule for f in report.findings if f.severity == Severity.major} <= {"COV-PARTIAL"}


@pytest.mark.parametrize("size", [0, -5, 2_000_000])
def test_size_out_of_range_is_an_input_error(framework: Framework, size: int) -> None:
    with pytest.raises(InputError, match="synthetic size must be between 1 and"):
        synthetic_case(size, framework, now=NOW)
