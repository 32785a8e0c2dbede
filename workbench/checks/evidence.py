"""EVD-* rules: evidence present, intact, current and consistently produced; assessment fresh."""

from __future__ import annotations

from collections.abc import Iterator

from workbench.checks.context import CheckContext
from workbench.checks.rules import Rule, id_list, plural
from workbench.checks.triggers import staleness
from workbench.domain import BlobStatus, Evidence, EvidenceKind, Finding, Severity

FAMILY = "EVD"

UNKNOWN = Rule(
    FAMILY + "-UNKNOWN",
    Severity.blocker,
    FAMILY,
    "solution citing evidence that is not in the case",
)
NO_EVIDENCE = Rule(FAMILY + "-NO-EVIDENCE", Severity.major, FAMILY, "solution citing no evidence")
BLOB_MISSING = Rule(
    FAMILY + "-BLOB-MISSING", Severity.major, FAMILY, "evidence whose bytes are not in the store"
)
BLOB_CORRUPT = Rule(
    FAMILY + "-BLOB-CORRUPT",
    Severity.blocker,
    FAMILY,
    "evidence whose stored bytes no longer match its SHA-256",
)
EXPIRED = Rule(FAMILY + "-EXPIRED", Severity.major, FAMILY, "cited evidence past its expiry date")
SUPERSEDED = Rule(
    FAMILY + "-SUPERSEDED", Severity.major, FAMILY, "cited evidence that has been superseded"
)
STALE_ASSESSMENT = Rule(
    FAMILY + "-STALE-ASSESSMENT",
    Severity.blocker,
    FAMILY,
    "comprehensive assessment older than the catalogue's elicitation span or made before its "
    "effective-compute increase (RSP v2.2: 6 months, 4x)",
)
ASSESSMENT_UNDATED = Rule(
    FAMILY + "-ASSESSMENT-UNDATED",
    Severity.minor,
    FAMILY,
    "no date of the last comprehensive assessment, so staleness cannot be checked",
)
METHODOLOGY_CHANGE = Rule(
    FAMILY + "-METHODOLOGY-CHANGE",
    Severity.major,
    FAMILY,
    "evaluation run under different methodology versions without a change record",
)
EVAL_FAILED = Rule(
    FAMILY + "-EVAL-FAILED", Severity.major, FAMILY, "eval log whose run did not succeed"
)

RULES = (
    UNKNOWN,
    NO_EVIDENCE,
    BLOB_MISSING,
    BLOB_CORRUPT,
    EXPIRED,
    SUPERSEDED,
    STALE_ASSESSMENT,
    ASSESSMENT_UNDATED,
    METHODOLOGY_CHANGE,
    EVAL_FAILED,
)


def check(ctx: CheckContext) -> Iterator[Finding]:
    yield from _solutions(ctx)
    cited_by = ctx.citations.cited_by
    determined: dict[str, list[str]] = {}
    for d in ctx.doc.assessment.determinations:
        for evidence_id in d.evidence:
            determined.setdefault(evidence_id, []).append(f"determination of {d.threshold}")
    blob_status = ctx.blob_status
    today = ctx.today
    by_evaluation: dict[str, dict[str, list[Evidence]]] = {}
    # One pass over the evidence records serves every per-record rule.
    for evidence in ctx.doc.evidence:
        evidence_id = evidence.id
        if blob_status and evidence_id in blob_status:
            yield from _blob(evidence, blob_status[evidence_id])
        citers = cited_by.get(evidence_id, [])
        decided = determined.get(evidence_id, [])
        if (citers or decided) and (
            (evidence.expires is not None and evidence.expires < today)
            or evidence.superseded_by is not None
        ):
            yield from _currency(ctx, evidence, [*citers, *decided])
        if evidence.evaluation is not None and evidence.methodology_version is not None:
            versions = by_evaluation.setdefault(evidence.evaluation, {})
            versions.setdefault(evidence.methodology_version, []).append(evidence)
        if evidence.kind == EvidenceKind.eval_log:
            yield from _eval_run(evidence)
    yield from _assessment_age(ctx)
    yield from _methodology(ctx, by_evaluation)


def _solutions(ctx: CheckContext) -> Iterator[Finding]:
    citations = ctx.citations
    for i in citations.uncited:
        eid = ctx.index.ids[i]
        yield NO_EVIDENCE.finding(
            eid,
            f"solution {eid} cites no evidence",
            f"Attach the artifact solution {eid} names from the evidence library.",
        )
    for eid, evidence_id in citations.unknown:
        yield UNKNOWN.finding(
            eid,
            f"solution {eid} cites evidence {evidence_id}, which is not in the case",
            f"Import the file for {evidence_id} or cite evidence that is in the library.",
        )


def _blob(evidence: Evidence, status: BlobStatus) -> Iterator[Finding]:
    if status == BlobStatus.missing:
        yield BLOB_MISSING.finding(
            evidence.id,
            f"evidence {evidence.id} ({evidence.filename}) has no stored bytes",
            f"Re-import {evidence.filename}; its SHA-256 must be {evidence.sha256[:12]}….",
        )
    elif status == BlobStatus.corrupt:
        yield BLOB_CORRUPT.finding(
            evidence.id,
            f"evidence {evidence.id} ({evidence.filename}): stored bytes no longer match "
            f"SHA-256 {evidence.sha256[:12]}…",
            "Restore the store from a backup or re-import the original file.",
        )


def _currency(ctx: CheckContext, evidence: Evidence, citers: list[str]) -> Iterator[Finding]:
    evidence_id = evidence.id
    who = id_list(citers)
    if evidence.expires is not None and evidence.expires < ctx.today:
        days = (ctx.today - evidence.expires).days
        yield EXPIRED.finding(
            evidence_id,
            f"evidence {evidence_id} ({evidence.title}) expired on "
            f"{evidence.expires.isoformat()}, {plural(days, 'day')} ago, and is cited by {who}",
            "Replace it with current evidence, or record a later expiry date if it is valid.",
        )
    successor = evidence.superseded_by
    if successor is not None:
        known = "" if successor in ctx.evidence else " (not in the library)"
        yield SUPERSEDED.finding(
            evidence_id,
            f"evidence {evidence_id} ({evidence.title}) is superseded by {successor}{known} "
            f"but still cited by {who}",
            f"Cite {successor} instead of {evidence_id}.",
        )


def _assessment_age(ctx: CheckContext) -> Iterator[Finding]:
    model = ctx.doc.assessment.model
    subject = ctx.doc.assessment.id
    reasons: list[str] = []
    lim = ctx.limits
    state = staleness(model, ctx.today, lim)
    last = state.last
    if last is None:
        # Only a framework with an age limit needs the date (the others judge no age).
        if state.months is not None:
            yield ASSESSMENT_UNDATED.finding(
                subject,
                f"model {model.name} has no date of its last comprehensive assessment",
                "Record it (workbench model set --last-comprehensive DATE).",
            )
    elif state.too_old and state.stale_before is not None:
        reasons.append(
            f"the last comprehensive assessment ({last.isoformat()}) is more than "
            f"{state.months} months before {ctx.today.isoformat()} "
            f"(limit {state.stale_before.isoformat()})"
        )
    if state.compute_increase:
        reasons.append(
            f"effective compute is {model.effective_compute_ratio:g}x that of the last "
            f"comprehensively assessed model (limit {lim.compute_ratio or 0:g}x)"
        )
    if reasons:
        yield STALE_ASSESSMENT.finding(
            subject,
            f"the comprehensive assessment of {model.name} is stale: " + "; ".join(reasons),
            "Run a new comprehensive capability assessment and update the determinations.",
        )


def _methodology(
    ctx: CheckContext, by_evaluation: dict[str, dict[str, list[Evidence]]]
) -> Iterator[Finding]:
    if not any(len(versions) > 1 for versions in by_evaluation.values()):
        return
    recorded: dict[str, list[tuple[str, str]]] = {}
    for change in ctx.doc.compliance.methodology_changes:
        recorded.setdefault(change.evaluation, []).append((change.from_version, change.to_version))
    for evaluation, versions in by_evaluation.items():
        if len(versions) < 2:
            continue
        group = {v: v for v in versions}

        def find(version: str, group: dict[str, str] = group) -> str:
            while group[version] != version:
                group[version] = group[group[version]]
                version = group[version]
            return version

        for old, new in recorded.get(evaluation, []):
            if old in group and new in group:
                group[find(old)] = find(new)
        ordered = sorted(versions, key=lambda v: (min(_when(e) for e in versions[v]), v))
        for position, version in enumerate(ordered[1:], start=1):
            earlier = ordered[:position]
            if any(find(e) == find(version) for e in earlier):
                continue
            previous = earlier[-1]
            before = versions[previous][0]
            after = versions[version][0]
            yield METHODOLOGY_CHANGE.finding(
                after.id,
                f"evaluation {evaluation} has evidence under methodology version {previous} "
                f"({before.id}) and {version} ({after.id}) but no methodology-change record "
                f"between them",
                f"Record the change: workbench methodology record STORE --evaluation "
                f"{evaluation} --from {previous} --to {version} --reason TEXT",
            )


def _when(evidence: Evidence) -> str:
    """Sort key placing evidence in production order (collected date, else import time)."""
    if evidence.collected is not None:
        return evidence.collected.isoformat()
    return evidence.imported_at.date().isoformat()


def _eval_run(evidence: Evidence) -> Iterator[Finding]:
    status = evidence.metadata.get("status")
    if status is not None and status != "success":
        yield EVAL_FAILED.finding(
            evidence.id,
            f"eval log {evidence.id} ({evidence.title}): eval run did not succeed "
            f"(status {status})",
            "Re-run the evaluation to completion and import the successful log.",
        )
