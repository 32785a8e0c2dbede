"""COV-* rules and the requirements matrix: is every demanded requirement claimed and evidenced."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from workbench.checks.context import CheckContext
from workbench.checks.rules import Rule, id_list
from workbench.domain import Finding, Severity, asl_name

FAMILY = "COV"

MISSING = Rule(
    FAMILY + "-MISSING",
    Severity.blocker,
    FAMILY,
    "demanded requirement neither claimed nor justified as not applicable",
)
PARTIAL = Rule(
    FAMILY + "-PARTIAL",
    Severity.major,
    FAMILY,
    "demanded requirement claimed only by undeveloped goals or branches without evidence",
)
NA_UNJUSTIFIED = Rule(
    FAMILY + "-NA-UNJUSTIFIED",
    Severity.major,
    FAMILY,
    "demanded requirement marked not applicable without a justification",
)
NOT_DEMANDED = Rule(
    FAMILY + "-NOT-DEMANDED",
    Severity.info,
    FAMILY,
    "requirement claimed although its standard is not demanded at the required ASL",
)

RULES = (MISSING, PARTIAL, NA_UNJUSTIFIED, NOT_DEMANDED)


class CoverageStatus(StrEnum):
    met = "met"  # claimed by a developed goal whose whole sub-tree ends in present evidence
    partial = "partial"  # claimed, but every claiming branch stops short of evidence
    missing = "missing"  # demanded and neither claimed nor justified as not applicable
    not_applicable = "not_applicable"  # marked not applicable with a justification
    not_required = "not_required"  # its standard is not demanded at the required ASL


@dataclass(frozen=True, slots=True)
class RequirementStatus:
    """One row of the requirements matrix."""

    requirement: str
    standard: str
    status: CoverageStatus
    goals: tuple[str, ...]
    evidence: tuple[str, ...]
    detail: str


def statuses(ctx: CheckContext, *, with_evidence: bool = True) -> dict[str, RequirementStatus]:
    """The matrix row of every requirement of the framework, in catalogue order.

    ``with_evidence=False`` leaves ``evidence`` empty (the checks do not need it).
    """
    result: dict[str, RequirementStatus] = {}
    demanded = ctx.demanded_requirement_set
    for rid, standard in ctx.standard_of.items():
        claiming = ctx.claims.get(rid, [])
        goals = [ctx.index.ids[i] for i in claiming]
        evidence: dict[str, None] = {}
        for position in claiming if with_evidence else ():
            evidence.update(dict.fromkeys(ctx.support.evidence_below(position)))
        justified = ctx.valid_not_applicable(rid)
        requirement = ctx.framework.requirements_by_id[rid]
        if not requirement.demanded:
            status = CoverageStatus.not_required
            detail = (
                f"the text gives it as {requirement.modality.value} "
                f"({requirement.source.section if requirement.source else 'no section'}), "
                "never a requirement"
            )
        elif rid not in demanded:
            status = CoverageStatus.not_required
            detail = f"standard {standard.id} is not demanded at the required {ctx.level_label}"
        elif justified:
            status = CoverageStatus.not_applicable
            detail = "; ".join(f"{eid}: {text.strip()}" for eid, text in justified)
        elif not goals:
            status = CoverageStatus.missing
            detail = "no goal claims it"
        else:
            gaps = [(goal, ctx.support.gap(i)) for goal, i in zip(goals, claiming, strict=True)]
            met = [goal for goal, gap in gaps if gap is None]
            if met:
                status = CoverageStatus.met
                detail = "claimed by " + id_list(met)
            else:
                status = CoverageStatus.partial
                goal, gap = gaps[0]
                detail = (
                    f"goal {goal} claims {rid} but {gap.describe() if gap else 'lacks evidence'}"
                )
        result[rid] = RequirementStatus(
            requirement=rid,
            standard=standard.id,
            status=status,
            goals=tuple(goals),
            evidence=tuple(evidence),
            detail=detail,
        )
    return result


def _level(ctx: CheckContext, standard_id: str) -> str:
    standard = ctx.standards[standard_id]
    return f"{asl_name(standard.asl)} {standard.kind.value}" if standard.asl else standard.title


def check(ctx: CheckContext) -> Iterator[Finding]:
    rows = statuses(ctx, with_evidence=False)
    demanded = ctx.demanded_requirement_set
    for rid, row in rows.items():
        if rid in demanded:
            for eid, text in ctx.not_applicable.get(rid, []):
                if not ctx.justified(text):
                    yield NA_UNJUSTIFIED.finding(
                        eid,
                        f"element {eid} marks {rid} not applicable without a justification",
                        f"Say in {eid} why {rid} does not apply to this model and deployment.",
                    )
        if row.status == CoverageStatus.missing:
            unjustified = [eid for eid, _ in ctx.not_applicable.get(rid, [])]
            why = (
                f"; {id_list(unjustified)} marks it not applicable without a justification"
                if unjustified
                else ""
            )
            yield MISSING.finding(
                rid,
                f"requirement {rid} of {row.standard} ({_level(ctx, row.standard)}) is demanded "
                f"but no goal claims it{why}",
                f"Add a goal that claims {rid} and support it with evidence, or mark it not "
                "applicable with a justification.",
            )
        elif row.status == CoverageStatus.partial:
            others = list(row.goals[1:])
            also = (
                f" (also claimed by {id_list(others)}, none of them fully evidenced)"
                if others
                else ""
            )
            yield PARTIAL.finding(
                rid,
                f"{row.detail}{also}",
                "Develop the claiming goal down to solutions that cite stored evidence.",
            )
        elif (
            row.status == CoverageStatus.not_required
            and row.goals
            and ctx.framework.requirements_by_id[rid].demanded
        ):
            yield NOT_DEMANDED.finding(
                rid,
                f"requirement {rid} is claimed by {id_list(list(row.goals))}, but its standard "
                f"{row.standard} is not demanded at the required {ctx.level_label}",
                f"Nothing to fix; the claim is extra assurance beyond what the {ctx.level_label} "
                "demands.",
            )
