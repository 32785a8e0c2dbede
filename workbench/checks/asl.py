"""The AI Safety Level the capability determinations demand, and which thresholds demand it."""

from __future__ import annotations

from workbench.domain import CaseDocument, Framework, RequiredAsl, Standard, StandardKind


def ruled_out_by_checkpoint(doc: CaseDocument) -> dict[str, str]:
    """Threshold id -> the checkpoint whose ``ruled_out`` determination rules it out.

    RSP v2.2 §2: not reaching the 2-8 hour software-engineering checkpoint is sufficient to
    rule out both Autonomous AI R&D thresholds.
    """
    outcomes = {d.threshold: d.outcome for d in doc.assessment.determinations}
    result: dict[str, str] = {}
    for t in doc.framework.thresholds:
        outcome = outcomes.get(t.id)
        if t.checkpoint and outcome is not None and not outcome.counts_as_crossed:
            for tid in t.rules_out:
                result.setdefault(tid, t.id)
    return result


def crossed_thresholds(doc: CaseDocument) -> list[str]:
    """Ids of the framework's thresholds determined crossed or not ruled out, in catalogue order."""
    crossed = {d.threshold for d in doc.assessment.determinations if d.outcome.counts_as_crossed}
    return [t.id for t in doc.framework.thresholds if t.id in crossed]


def demanding_thresholds(doc: CaseDocument) -> dict[str, list[str]]:
    """Standard id -> the crossed thresholds that require it (baseline standards map to [])."""
    standards = {s.id for s in doc.framework.standards}
    result: dict[str, list[str]] = {sid: [] for sid in doc.framework.baseline_standards}
    thresholds = {t.id: t for t in doc.framework.thresholds}
    for threshold_id in crossed_thresholds(doc):
        for sid in thresholds[threshold_id].required_standards:
            if sid in standards:
                result.setdefault(sid, []).append(threshold_id)
    return {sid: ids for sid, ids in result.items() if sid in standards}


def _max_level(framework: Framework, standards: list[Standard], kind: StandardKind) -> int | None:
    """The highest level among the standards of this kind: their ``asl``, else the rank of
    their catalogue ``level`` (any catalogue's levels, not only ASLs)."""
    levels = [
        rank
        for s in standards
        if s.kind == kind and (rank := framework.standard_rank(s)) is not None
    ]
    return max(levels) if levels else None


def required_asl(doc: CaseDocument) -> RequiredAsl:
    """Baseline standards plus those of every threshold counted as crossed.

    ``cannot_rule_out`` counts as crossed. The deployment level is the highest ASL among the
    demanded deployment standards, the security level likewise; ``standards`` keeps catalogue
    order.
    """
    demanded = demanding_thresholds(doc)
    ordered = [s for s in doc.framework.standards if s.id in demanded]
    return RequiredAsl(
        deployment=_max_level(doc.framework, ordered, StandardKind.deployment),
        security=_max_level(doc.framework, ordered, StandardKind.security),
        standards=[s.id for s in ordered],
    )
