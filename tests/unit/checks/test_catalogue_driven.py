"""The checks follow the catalogue's data: figures, modalities, levels, checkpoints."""

from __future__ import annotations

import datetime as dt
from typing import Any

from workbench.checks import run_checks
from workbench.checks.asl import required_asl
from workbench.checks.triggers import limits
from workbench.domain import (
    CaseDocument,
    Figure,
    Level,
    Modality,
    Obligation,
    ObligationKind,
    Outcome,
    Requirement,
    Standard,
    StandardKind,
    TimeRange,
    TimeUnit,
    Trigger,
)

TODAY = dt.date(2025, 6, 2)


def _framework(kit: Any, **update: Any) -> CaseDocument:
    return kit.replace(framework=kit.unsigned.framework.model_copy(update=update))


def _limits_in_obligations(kit: Any, *obligations: Obligation) -> CaseDocument:
    """The kit's framework with no top-level figures: only these obligations state limits."""
    return _framework(kit, obligations=list(obligations), figures=[])


def _rules(doc: CaseDocument) -> list[str]:
    return [f.rule for f in run_checks(doc, today=TODAY).findings]


def _comprehensive(multiplier: float, months: float) -> Obligation:
    return Obligation(
        id="TF/P/comprehensive",
        kind=ObligationKind.process,
        title="Comprehensive assessment",
        statement="When notably more capable.",
        trigger=Trigger(
            event="preliminary_assessment_notably_more_capable",
            figures=[
                Figure(name="effective_compute_multiplier", value=multiplier, unit="x"),
                Figure(name="elicitation_months", value=months, unit="months"),
            ],
        ),
    )


def test_trigger_figures_come_from_the_catalogue(kit: Any) -> None:
    at_five = kit.model(effective_compute_ratio=5.0)
    assert "CMP-PRELIMINARY-DUE" in _rules(at_five)  # the kit states 4x
    eight = _limits_in_obligations(kit, _comprehensive(8, 6))
    lim = limits(eight.framework)
    assert (lim.compute_ratio, lim.elicitation_months) == (8, 6)
    doc = eight.model_copy(update={"assessment": at_five.assessment})
    assert "CMP-PRELIMINARY-DUE" not in _rules(doc)
    assert "EVD-STALE-ASSESSMENT" not in _rules(doc)


def test_elicitation_months_set_the_stale_age(kit: Any) -> None:
    one = _limits_in_obligations(kit, _comprehensive(4, 1))  # last assessed 60 days ago
    assert "EVD-STALE-ASSESSMENT" in _rules(one)
    assert "EVD-STALE-ASSESSMENT" not in _rules(kit.unsigned)


def test_reapproval_cadence_comes_from_the_catalogue(kit: Any) -> None:
    reapproval = Obligation(
        id="TF/P/reapproval",
        kind=ObligationKind.governance,
        title="Re-approval",
        statement="Every 6 months.",
        cadence=TimeRange(max=6, unit=TimeUnit.months, anchor="safeguards_approved"),
    )
    assert limits(_limits_in_obligations(kit, reapproval).framework).reapproval_days == 182
    assert reapproval.cadence is not None
    soft = reapproval.model_copy(
        update={"cadence": reapproval.cadence.model_copy(update={"hard": False})}
    )
    # A soft cadence is no limit: the framework then states no re-approval period.
    assert limits(_limits_in_obligations(kit, soft).framework).reapproval_days is None


def test_example_requirements_are_never_demanded(kit: Any) -> None:
    standards = []
    for s in kit.unsigned.framework.standards:
        if s.id == "TF/ASL3-D":
            example = Requirement(
                id="TF/ASL3-D/example",
                title="Example",
                statement="For example, something.",
                modality=Modality.example,
            )
            s = s.model_copy(update={"requirements": [*s.requirements, example]})
        standards.append(s)
    doc = _framework(kit, standards=standards)
    report = run_checks(doc, today=TODAY)
    assert [f for f in report.findings if f.subject == "TF/ASL3-D/example"] == []


def test_required_level_follows_catalogue_levels_without_asl(kit: Any) -> None:
    levels = [Level(id="High", rank=1, family="PF"), Level(id="Critical", rank=2, family="PF")]
    standards = [
        Standard(id="TF/ASL2-D", title="Base", kind=StandardKind.deployment, level="High"),
        Standard(id="TF/ASL2-S", title="Base S", kind=StandardKind.security, level="High"),
        Standard(id="TF/ASL3-D", title="Crit", kind=StandardKind.deployment, level="Critical"),
        Standard(id="TF/ASL3-S", title="Crit S", kind=StandardKind.security, level="Critical"),
        *(
            s
            for s in kit.unsigned.framework.standards
            if s.id not in {"TF/ASL2-D", "TF/ASL2-S", "TF/ASL3-D", "TF/ASL3-S"}
        ),
    ]
    doc = _framework(kit, levels=levels, standards=standards)
    required = required_asl(doc)
    assert (required.deployment, required.security) == (2, 2)


def test_checkpoint_not_reached_rules_out_without_missing_blocker(kit: Any) -> None:
    thresholds = [
        t.model_copy(update={"rules_out": ["TF/AIRD-4"]}) if t.id == "TF/CP-AUTO" else t
        for t in kit.unsigned.framework.thresholds
    ]
    doc = _framework(kit, thresholds=thresholds)
    kept = [d for d in doc.assessment.determinations if d.threshold != "TF/AIRD-4"]
    doc = doc.model_copy(
        update={"assessment": doc.assessment.model_copy(update={"determinations": kept})}
    )
    found = {(f.rule, f.subject) for f in run_checks(doc, today=TODAY).findings}
    assert ("DET-RULED-OUT-BY-CHECKPOINT", "TF/AIRD-4") in found
    assert ("DET-MISSING", "TF/AIRD-4") not in found
    crossed = doc.model_copy(
        update={
            "assessment": doc.assessment.model_copy(
                update={
                    "determinations": [
                        d.model_copy(update={"outcome": Outcome.crossed})
                        if d.threshold == "TF/CP-AUTO"
                        else d
                        for d in kept
                    ]
                }
            )
        }
    )
    found = {(f.rule, f.subject) for f in run_checks(crossed, today=TODAY).findings}
    assert ("DET-MISSING", "TF/AIRD-4") in found


def test_threshold_that_only_expects_standards_cannot_deploy(kit: Any) -> None:
    thresholds = [
        t.model_copy(update={"required_standards": [], "expected_standards": ["TF/ASL4-S"]})
        if t.id == "TF/CBRN-3"
        else t
        for t in kit.unsigned.framework.thresholds
    ]
    report = run_checks(_framework(kit, thresholds=thresholds), today=TODAY)
    (blocker,) = [
        f
        for f in report.findings
        if f.rule == "DET-UNSPECIFIED-STANDARD" and f.subject == "TF/CBRN-3"
    ]
    assert "has not identified its Required Safeguards (it expects: TF/ASL4-S)" in blocker.message
