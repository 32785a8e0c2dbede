"""The check engine: index the case once, run every rule family, return sorted findings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping

from workbench.checks import cadence, claims, cmp, cov, det, evd, gsn, rev, sig
from workbench.checks.context import CheckContext
from workbench.checks.cov import RequirementStatus
from workbench.checks.rules import Rule
from workbench.domain import BlobStatus, CaseDocument, CheckReport, Finding, RequiredAsl

_FAMILIES: tuple[tuple[tuple[Rule, ...], Callable[[CheckContext], Iterator[Finding]]], ...] = (
    (gsn.RULES, gsn.check),
    (det.RULES, det.check),
    (cov.RULES, cov.check),
    (claims.RULES, claims.check),
    (evd.RULES, evd.check),
    (rev.RULES, rev.check),
    (cmp.RULES, cmp.check),
    (cadence.RULES, cadence.check),
    (sig.RULES, sig.check),
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
    ctx = CheckContext(doc, today, blob_status)
    findings: list[Finding] = []
    for _, check in _FAMILIES:
        findings.extend(check(ctx))
    return CheckReport(required_asl=ctx.required, findings=sort_findings(findings))


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
    return cov.statuses(ctx)
