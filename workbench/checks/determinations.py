"""DET-* rules: capability determinations, their evidence and the required ASL that follows."""

from __future__ import annotations

from collections.abc import Iterator

from workbench.checks.asl import crossed_thresholds, ruled_out_by_checkpoint
from workbench.checks.context import CheckContext
from workbench.checks.rules import Rule, id_list
from workbench.domain import CAPABILITY_KINDS, EvidenceKind, Finding, Severity, asl_name

FAMILY = "DET"

MISSING = Rule(
    FAMILY + "-MISSING", Severity.blocker, FAMILY, "threshold in scope without a determination"
)
UNKNOWN_THRESHOLD = Rule(
    FAMILY + "-UNKNOWN-THRESHOLD",
    Severity.major,
    FAMILY,
    "determination for a threshold the framework does not have",
)
NO_EVIDENCE = Rule(
    FAMILY + "-NO-EVIDENCE", Severity.blocker, FAMILY, "determination without evidence"
)
UNKNOWN_EVIDENCE = Rule(
    FAMILY + "-UNKNOWN-EVIDENCE", Severity.blocker, FAMILY, "determination citing unknown evidence"
)
EVIDENCE_KIND = Rule(
    FAMILY + "-EVIDENCE-KIND",
    Severity.major,
    FAMILY,
    "determination citing evidence that is not a capability report or eval log",
)
ONGOING_NO_REPORT = Rule(
    FAMILY + "-ONGOING-NO-REPORT",
    Severity.minor,
    FAMILY,
    "ongoing threshold (e.g. cyber) without a capability report",
)
UNSPECIFIED_STANDARD = Rule(
    FAMILY + "-UNSPECIFIED-STANDARD",
    Severity.blocker,
    FAMILY,
    "crossed threshold whose required standards the framework has not specified",
)
EXPECTED_STANDARD = Rule(
    FAMILY + "-EXPECTED-STANDARD",
    Severity.minor,
    FAMILY,
    "crossed threshold for which the text expects (does not demand) further standards",
)
RULED_OUT_BY_CHECKPOINT = Rule(
    FAMILY + "-RULED-OUT-BY-CHECKPOINT",
    Severity.info,
    FAMILY,
    "threshold without a determination, ruled out by a checkpoint that was not reached",
)
CHECKPOINT = Rule(
    FAMILY + "-CHECKPOINT", Severity.info, FAMILY, "checkpoint reached, with the response it asks"
)
ALERT = Rule(
    FAMILY + "-ALERT",
    Severity.info,
    FAMILY,
    "alert threshold reached, with the response (plan) the framework asks",
)
REQUIRED_ASL = Rule(
    FAMILY + "-REQUIRED-ASL",
    Severity.info,
    FAMILY,
    "the required ASL and the thresholds that make it so",
)

RULES = (
    MISSING,
    UNKNOWN_THRESHOLD,
    NO_EVIDENCE,
    UNKNOWN_EVIDENCE,
    EVIDENCE_KIND,
    ONGOING_NO_REPORT,
    UNSPECIFIED_STANDARD,
    EXPECTED_STANDARD,
    RULED_OUT_BY_CHECKPOINT,
    CHECKPOINT,
    ALERT,
    REQUIRED_ASL,
)

_KIND_NAMES = ", ".join(sorted(k.value for k in CAPABILITY_KINDS))


def check(ctx: CheckContext) -> Iterator[Finding]:
    yield from _determinations(ctx)
    yield from _consequences(ctx)
    yield _required_asl(ctx)


def _determinations(ctx: CheckContext) -> Iterator[Finding]:
    determinations = ctx.determinations
    for d in ctx.doc.assessment.determinations:
        if d.threshold not in ctx.thresholds:
            yield UNKNOWN_THRESHOLD.finding(
                d.threshold,
                f"a determination names threshold {d.threshold}, which framework "
                f"{ctx.framework.id} does not have",
                "Delete the determination or judge the case against the framework that has it.",
            )
    ruled_out = ruled_out_by_checkpoint(ctx.doc)
    for threshold in ctx.framework.thresholds:
        tid = threshold.id
        determination = determinations.get(tid)
        if determination is None:
            if tid in ruled_out:
                checkpoint = ruled_out[tid]
                yield RULED_OUT_BY_CHECKPOINT.finding(
                    tid,
                    f"threshold {tid} ({threshold.title}) has no determination of its own; "
                    f"checkpoint {checkpoint} is ruled out, which the framework treats as "
                    f"ruling out {tid}",
                    f"Nothing to fix; record a determination of {tid} if it was assessed itself.",
                )
            elif threshold.ongoing:
                yield _ongoing_without_report(ctx, tid, "it has no determination")
            else:
                yield MISSING.finding(
                    tid,
                    f"threshold {tid} ({threshold.title}) has no capability determination",
                    "Record ruled_out, crossed or cannot_rule_out with the capability evidence.",
                )
            continue
        if not determination.evidence and not threshold.ongoing:
            yield NO_EVIDENCE.finding(
                tid,
                f"the determination of {tid} ({determination.outcome.value}) cites no evidence",
                "Attach the capability report or eval logs the determination rests on.",
            )
        has_report = False
        for evidence_id in determination.evidence:
            evidence = ctx.evidence.get(evidence_id)
            if evidence is None:
                yield UNKNOWN_EVIDENCE.finding(
                    tid,
                    f"the determination of {tid} cites evidence {evidence_id}, "
                    "which is not in the case",
                    f"Add evidence {evidence_id} to the library or remove it from the "
                    "determination.",
                )
                continue
            if evidence.kind == EvidenceKind.capability_report:
                has_report = True
            if evidence.kind not in CAPABILITY_KINDS:
                yield EVIDENCE_KIND.finding(
                    tid,
                    f"the determination of {tid} cites {evidence_id} ({evidence.title}) of kind "
                    f"{evidence.kind.value}; determinations rest on {_KIND_NAMES}",
                    f"Cite the capability report or eval log instead, or re-classify "
                    f"{evidence_id} if its kind is wrong.",
                )
        if threshold.ongoing and not has_report:
            yield _ongoing_without_report(ctx, tid, "its determination cites no capability report")


def _ongoing_without_report(ctx: CheckContext, threshold_id: str, why: str) -> Finding:
    return ONGOING_NO_REPORT.finding(
        threshold_id,
        f"ongoing threshold {threshold_id} is assessed continuously but {why}",
        "Attach the latest capability report for this domain to its determination.",
    )


def _consequences(ctx: CheckContext) -> Iterator[Finding]:
    determinations = ctx.determinations
    for tid in crossed_thresholds(ctx.doc):
        threshold = ctx.thresholds[tid]
        outcome = determinations[tid].outcome.value
        unspecified = [
            sid
            for sid in threshold.required_standards
            if sid in ctx.standards and not ctx.standards[sid].specified
        ]
        expected = [sid for sid in threshold.expected_standards if sid in ctx.standards]
        if threshold.alert:
            # An alert threshold demands no safeguards of its own: reaching it starts the
            # response the framework states (GDM FSF §1.3.3: assess proximity, a response plan).
            response = threshold.response.strip() or "no response recorded in the framework"
            yield ALERT.finding(
                tid,
                f"alert threshold {tid} is {outcome}; the framework asks: {response}",
                "Record the proximity assessment and the response plan (schedule them).",
            )
        elif (
            not threshold.required_standards and not threshold.checkpoint and not threshold.ongoing
        ):
            # The text has not identified this threshold's Required Safeguards (e.g. CBRN-4
            # only "expects" ASL-4): they must be defined before training or deploying.
            named = id_list(expected) if expected else "none"
            yield UNSPECIFIED_STANDARD.finding(
                tid,
                f"threshold {tid} is {outcome} but the framework has not identified its "
                f"Required Safeguards (it expects: {named}); the model cannot be trained "
                "further or deployed under this framework until they are defined",
                "Do not deploy; escalate to the Responsible Scaling Officer, or rule the "
                "threshold out with new capability evidence.",
            )
        elif expected:
            unready = [sid for sid in expected if not ctx.standards[sid].specified]
            note = f" ({id_list(unready)} not yet specified)" if unready else ""
            yield EXPECTED_STANDARD.finding(
                tid,
                f"threshold {tid} is {outcome}; beyond what it requires, the text expects "
                f"{id_list(expected)}{note}; expected standards are reported, not demanded",
                "Say in the argument how the expectation is being addressed.",
            )
        if unspecified:
            yield UNSPECIFIED_STANDARD.finding(
                tid,
                f"threshold {tid} is {outcome} and requires {id_list(unspecified)}: the "
                "framework has not defined these safeguards; the model cannot be deployed "
                "under this framework until they exist",
                "Do not deploy; escalate to the Responsible Scaling Officer, or rule the "
                "threshold out with new capability evidence.",
            )
        if threshold.checkpoint:
            response = threshold.response.strip() or "no response recorded in the framework"
            yield CHECKPOINT.finding(
                tid,
                f"checkpoint {tid} is {outcome}; the framework asks: {response}",
                "Record how the response is being carried out.",
            )


def _required_asl(ctx: CheckContext) -> Finding:
    required = ctx.required
    determinations = ctx.determinations
    thresholds = ctx.thresholds
    # Only thresholds that demand standards raise the level; a crossed checkpoint does not.
    crossed = [
        tid
        for tid in crossed_thresholds(ctx.doc)
        if tid in thresholds and thresholds[tid].required_standards
    ]
    levels = (
        f"required {asl_name(required.overall)} (deployment {asl_name(required.deployment)}, "
        f"security {asl_name(required.security)})"
    )
    if crossed:
        because = "; ".join(f"{tid} is {determinations[tid].outcome.value}" for tid in crossed)
    else:
        because = "no threshold that demands safeguards is crossed; only the baseline applies"
    demanded = id_list(required.standards, 20) or "none"
    return REQUIRED_ASL.finding(
        ctx.doc.assessment.id,
        f"{levels}: {because}; demanded standards: {demanded}",
        "Claim every requirement of the demanded standards in the argument.",
    )
