"""The required ASL follows the capability determinations."""

from __future__ import annotations

from typing import Any

from workbench.checks import required_asl
from workbench.domain import Outcome, RequiredAsl


def _with_outcomes(kit: Any, outcomes: dict[str, Outcome]) -> Any:
    determinations = [
        d.model_copy(update={"outcome": outcomes.get(d.threshold, Outcome.ruled_out)})
        for d in kit.unsigned.assessment.determinations
    ]
    return kit.determinations(determinations)


def test_everything_ruled_out_requires_asl2(kit: Any) -> None:
    doc = _with_outcomes(kit, {})
    assert required_asl(doc) == RequiredAsl(
        deployment=2, security=2, standards=["TF/ASL2-D", "TF/ASL2-S"]
    )


def test_cbrn3_cannot_rule_out_requires_asl3(kit: Any) -> None:
    doc = _with_outcomes(kit, {"TF/CBRN-3": Outcome.cannot_rule_out})
    assert required_asl(doc) == RequiredAsl(
        deployment=3,
        security=3,
        standards=["TF/ASL2-D", "TF/ASL2-S", "TF/ASL3-D", "TF/ASL3-S"],
    )


def test_ai_rd4_crossed_only_raises_security_not_deployment(kit: Any) -> None:
    doc = _with_outcomes(kit, {"TF/AIRD-4": Outcome.crossed})
    assert required_asl(doc) == RequiredAsl(
        deployment=2,
        security=3,
        standards=["TF/ASL2-D", "TF/ASL2-S", "TF/ASL3-S", "TF/AFFIRM"],
    )


def test_cbrn4_demands_the_unspecified_asl4_standards(kit: Any) -> None:
    doc = _with_outcomes(kit, {"TF/CBRN-4": Outcome.crossed})
    result = required_asl(doc)
    assert (result.deployment, result.security, result.overall) == (4, 4, 4)
    assert result.standards[-2:] == ["TF/ASL4-D", "TF/ASL4-S"]


def test_crossed_checkpoint_demands_nothing_more(kit: Any) -> None:
    doc = _with_outcomes(kit, {"TF/CP-AUTO": Outcome.crossed})
    assert required_asl(doc).standards == ["TF/ASL2-D", "TF/ASL2-S"]


def test_missing_determination_counts_as_not_crossed(kit: Any) -> None:
    doc = kit.without_determination("TF/CBRN-3")
    assert required_asl(doc).overall == 2
