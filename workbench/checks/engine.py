"""The check engine: index the case once, run every rule family, return sorted findings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping

from workbench.checks import (
    argument,
    cadence,
    claims,
    compliance,
    coverage,
    determinations,
    evidence,
    patterns,
    review,
    signoff,
)
from workbench.checks.context import CheckContext
from workbench.checks.coverage import RequirementStatus
from workbench.checks.rules import Rule
from workbench.domain import BlobStatus, CaseDocument, CheckReport, Finding, RequiredAsl

_FAMILIES: tuple[tuple[tuple[Rule, ...], Callable[[CheckContext], Iterator[Finding]]], ...] = (
    (argument.RULES, argument.check),
    (determinations.RULES, determinations.check),
    (coverage.RULES, coverage.check),
    (claims.RULES, claims.check),
    (evidence.RULES, evidence.check),
    (review.RULES, review.check),
    (compliance.RULES, compliance.check),
    (cadence.RULES, cadence.check),
    (signoff.RULES, signoff.check),
    (patterns.RULES, patterns.check),
)

#: Every rule by id, family by family: default severity, family and a one-line title.
RULES: dict[str, Rule] = {rule.id: rule for rules, _ in _FAMILIES for rule in rules}


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Blockers first, then major, minor, info; within a severity by rule id, then subject."""
    return sorted(findings, key=lambda f: (f.severity.rank, f.rule, f.subject, f.message))


def run_checks(
    doc: CaseDocument,
    *,
    today: dt.date,
    blob_status: Mapping[str, BlobStatus] | None = None,
) -> CheckReport:
    """Check a case against its framework: a pure function of its arguments (no I/O, no clock).

    ``blob_status`` maps evidence id to what the store found for its bytes; ids it does not
    mention, or no mapping at all, count as present.
    """
    return _report(CheckContext(doc, today, blob_status))


def _report(ctx: CheckContext) -> CheckReport:
    findings: list[Finding] = []
    for _, check in _FAMILIES:
        findings.extend(check(ctx))
    return CheckReport(required_asl=ctx.required, findings=sort_findings(findings))


def run_checks_with_status(
    doc: CaseDocument,
    *,
    today: dt.date,
    blob_status: Mapping[str, BlobStatus] | None = None,
) -> tuple[CheckReport, dict[str, RequirementStatus]]:
    """``run_checks`` and ``requirement_status`` together, indexing the case once for both
    (the matrix reads the same look-ups, citations and support analysis as the findings)."""
    ctx = CheckContext(doc, today, blob_status)
    return _report(ctx), coverage.statuses(ctx)


def requirement_status(
    doc: CaseDocument,
    report_or_asl: CheckReport | RequiredAsl | None = None,
    *,
    blob_status: Mapping[str, BlobStatus] | None = None,
) -> dict[str, RequirementStatus]:
    """The requirements matrix: every requirement of the framework, in catalogue order.

    Pass the report (or required ASL) already computed to avoid working it out again; the
    statuses judge evidence with ``blob_status`` as ``run_checks`` does. Dates play no part.
    """
    if isinstance(report_or_asl, CheckReport):
        required: RequiredAsl | None = report_or_asl.required_asl
    else:
        required = report_or_asl
    ctx = CheckContext(doc, dt.date.min, blob_status, required=required)
    return coverage.statuses(ctx)
