"""The demo assessment: a fictional frontier model judged against RSP v2.2, imperfect on purpose."""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass
from pathlib import Path

from workbench.app.core import EvidenceDetails, import_evidence, utc_now
from workbench.app.workspace import Workspace, default_actor
from workbench.catalogs import builtin_framework
from workbench.domain import (
    Assessment,
    CaseDocument,
    Challenge,
    Compliance,
    Determination,
    Element,
    ElementType,
    EvidenceKind,
    MethodologyChange,
    ModelUnderReview,
    Module,
    NoncomplianceItem,
    NotApplicable,
    Participant,
    Response,
    Review,
    ReviewSession,
    SafetyCase,
    ScheduledAssessment,
    evidence_id,
    sha256_hex,
)
from workbench.store import Store

MODEL = "Meridian-4"
LAB = "Halcyon Labs"
R = "RSP-2.2"


@dataclass(frozen=True)
class DemoFile:
    key: str
    filename: str
    title: str
    kind: EvidenceKind
    team: str
    collected_days_ago: int
    content: bytes
    expires_in_days: int | None = None
    evaluation: str | None = None
    methodology_version: str | None = None

    @property
    def sha256(self) -> str:
        return sha256_hex(self.content)

    @property
    def id(self) -> str:
        return evidence_id(self.sha256)


def _report(title: str, *paragraphs: str) -> bytes:
    body = "\n\n".join(paragraphs)
    return f"# {title}\n\n{LAB} — internal, fictional demo data.\n\n{body}\n".encode()


def _eval_summary(task: str, version: str, results: dict[str, float], samples: int) -> bytes:
    return (
        json.dumps(
            {
                "evaluation": task,
                "methodology_version": version,
                "model": f"halcyon/{MODEL.lower()}-2026-10-28",
                "samples": samples,
                "results": results,
                "note": "fictional demo data",
            },
            indent=2,
        ).encode()
        + b"\n"
    )


def demo_files() -> list[DemoFile]:
    eK = EvidenceKind
    return [
        DemoFile(
            "cap-report",
            "capability-report-meridian-4.md",
            "Capability Report: Meridian-4 (comprehensive assessment)",
            eK.capability_report,
            "Frontier Red Team",
            40,
            _report(
                "Capability Report — Meridian-4",
                "Threat models mapped: CBRN (bio, chem), autonomous AI R&D, cyber.",
                "CBRN-3: uplift trial (n=48) shows significant uplift on two of five tasks "
                "compared with an internet-only control; we cannot rule out the threshold.",
                "CBRN-4: no meaningful uplift for expert red-teamers on state-programme tasks.",
                "AI R&D-4: 14% success on the internal research-engineer task suite "
                "(threshold proxy 50%); ruled out. Checkpoint: 2–8 hour SWE tasks at 61%.",
            ),
        ),
        DemoFile(
            "cbrn-uplift-v12",
            "cbrn-uplift-trial-v1.2.json",
            "CBRN uplift trial — results (methodology v1.2)",
            eK.eval_log,
            "Frontier Red Team",
            75,
            _eval_summary(
                "cbrn-uplift-trial", "1.2", {"uplift_ratio": 1.9, "critical_step_success": 0.22}, 48
            ),
            evaluation="cbrn-uplift-trial",
            methodology_version="1.2",
        ),
        DemoFile(
            "cbrn-uplift-v13",
            "cbrn-uplift-trial-v1.3.json",
            "CBRN uplift trial — results (methodology v1.3)",
            eK.eval_log,
            "Frontier Red Team",
            42,
            _eval_summary(
                "cbrn-uplift-trial", "1.3", {"uplift_ratio": 2.4, "critical_step_success": 0.31}, 48
            ),
            evaluation="cbrn-uplift-trial",
            methodology_version="1.3",
        ),
        DemoFile(
            "cbrn-expert",
            "cbrn-expert-redteam.json",
            "CBRN-4 expert red-team evaluation",
            eK.eval_log,
            "Frontier Red Team",
            41,
            _eval_summary("cbrn-expert-redteam", "2.0", {"expert_uplift": 1.05}, 12),
            evaluation="cbrn-expert-redteam",
            methodology_version="2.0",
        ),
        DemoFile(
            "aird-suite",
            "ai-rnd-task-suite.json",
            "AI R&D task suite and SWE checkpoint results",
            eK.eval_log,
            "Frontier Red Team",
            39,
            _eval_summary(
                "ai-rnd-task-suite",
                "3.1",
                {"research_engineer_tasks": 0.14, "swe_2to8h_tasks": 0.61},
                220,
            ),
            evaluation="ai-rnd-task-suite",
            methodology_version="3.1",
        ),
        DemoFile(
            "threat-model",
            "asl3-deployment-threat-model.md",
            "ASL-3 deployment threat model",
            eK.safeguards_report,
            "Trust & Safety",
            30,
            _report(
                "ASL-3 deployment threat model",
                "Attack vectors: universal jailbreaks, multi-turn decomposition, fine-tuning "
                "API abuse, partner deployments. Revised quarterly; next revision in Q1.",
            ),
        ),
        DemoFile(
            "classifiers",
            "constitutional-classifiers-eval.md",
            "Constitutional classifiers: recall and over-refusal evaluation",
            eK.safeguards_report,
            "Trust & Safety",
            28,
            _report(
                "Classifier evaluation",
                "Input and output classifiers: 96.1% recall on the CBRN harmful-request set; "
                "0.4% false-positive rate on benign chemistry traffic.",
            ),
        ),
        DemoFile(
            "redteam",
            "external-redteam-bounty-report.md",
            "Jailbreak bounty and red-team report",
            eK.red_team_report,
            "Trust & Safety",
            25,
            _report(
                "Red-team report",
                "183 participants, 3,100 hours. No universal jailbreak extracted answers to "
                "all eight target questions. Two partial bypasses were patched within 48 hours.",
            ),
        ),
        DemoFile(
            "remediation",
            "rapid-remediation-runbook.md",
            "Rapid remediation runbook and drill log",
            eK.policy,
            "Trust & Safety",
            60,
            _report(
                "Rapid remediation",
                "Escalation paths, classifier hot-patch procedure, 90-day log retention.",
            ),
        ),
        DemoFile(
            "monitoring",
            "safeguards-monitoring-dashboard-spec.md",
            "Safeguards monitoring: pre-specified metrics and review cadence",
            eK.safeguards_report,
            "Trust & Safety",
            20,
            _report("Monitoring", "Weekly review of jailbreak rate, classifier drift, alerts."),
        ),
        DemoFile(
            "sec-threat",
            "asl3-security-threat-model.md",
            "ASL-3 security threat model (MITRE ATT&CK mapping)",
            eK.safeguards_report,
            "Security & Compliance",
            35,
            _report("Security threat model", "Actors in scope per RSP v2.2; ATT&CK mapping."),
        ),
        DemoFile(
            "access",
            "weights-access-control-review.md",
            "Model-weight access control and insider-risk review",
            eK.audit,
            "Security & Compliance",
            33,
            _report(
                "Access control",
                "Weight access limited to approved roles and devices; basic insider-risk "
                "controls reviewed quarterly.",
            ),
        ),
        DemoFile(
            "soc2",
            "soc2-type2-summary.pdf.txt",
            "SOC 2 Type II report summary (last year's audit period)",
            eK.audit,
            "Security & Compliance",
            400,
            _report("SOC 2 Type II", "Unqualified opinion for the audit period."),
            expires_in_days=-35,
        ),
        DemoFile(
            "pentest",
            "independent-security-audit.md",
            "Independent security audit and penetration test",
            eK.audit,
            "Security & Compliance",
            45,
            _report("Security audit", "Sampling audit of 40 controls; 3 findings, all fixed."),
        ),
        DemoFile(
            "supply",
            "software-supply-chain-controls.md",
            "Supply-chain and binary authorisation controls",
            eK.policy,
            "Security & Compliance",
            90,
            _report("Supply chain", "SLSA level 3 builds; binary authorisation on clusters."),
        ),
        DemoFile(
            "model-card",
            "meridian-4-model-card.md",
            "Meridian-4 model card and usage policy",
            eK.policy,
            "RSP team",
            15,
            _report("Model card", "Capabilities, limitations, usage policy and evaluations."),
        ),
        DemoFile(
            "alignment",
            "alignment-affirmative-notes.md",
            "Alignment assessment notes",
            eK.other,
            "Alignment Science",
            22,
            _report("Alignment notes", "Misalignment evaluations: sabotage, sandbagging."),
        ),
    ]


def _el(
    id: str,
    type: ElementType,
    text: str,
    *,
    sup: tuple[str, ...] = (),
    ctx: tuple[str, ...] = (),
    addresses: tuple[str, ...] = (),
    evidence: tuple[str, ...] = (),
    undeveloped: bool = False,
    module: str = "main",
    na: tuple[tuple[str, str], ...] = (),
    away: tuple[str, str] | None = None,
) -> Element:
    return Element(
        id=id,
        type=type,
        text=text,
        module=module,
        supported_by=list(sup),
        in_context_of=list(ctx),
        addresses=list(addresses),
        evidence=list(evidence),
        undeveloped=undeveloped,
        not_applicable=[NotApplicable(requirement=r, justification=j) for r, j in na],
        away_module=away[0] if away else None,
        away_element=away[1] if away else None,
    )


def demo_document(now: dt.datetime) -> tuple[CaseDocument, list[DemoFile]]:
    """The demo case (without evidence records: those are imported) and its evidence files."""
    framework = builtin_framework(R)
    files = demo_files()
    ev = {f.key: f.id for f in files}
    today = now.date()
    G, S, Sn, C, A, J = (
        ElementType.goal,
        ElementType.strategy,
        ElementType.solution,
        ElementType.context,
        ElementType.assumption,
        ElementType.justification,
    )
    D3, S3, D2, S2 = f"{R}/ASL3-D", f"{R}/ASL3-S", f"{R}/ASL2-D", f"{R}/ASL2-S"
    els = [
        _el(
            "G1",
            G,
            f"Deploying {MODEL} on the public API and consumer apps poses no unacceptable "
            "catastrophic risk under RSP v2.2",
            sup=("S1",),
            ctx=("C1", "C2", "C3", "A1"),
        ),
        _el(
            "C1", C, f"{MODEL} snapshot 2026-10-28, about 2.5× the effective compute of Meridian-3"
        ),
        _el("C2", C, "Deployment: public API, consumer apps, one cloud partner (general access)"),
        _el("C3", C, "Anthropic RSP v2.2 capability thresholds and ASL-3 required safeguards"),
        _el("A1", A, "The CBRN and AI R&D threat models of the capability report are current"),
        _el(
            "S1",
            S,
            "Argue over the capability determinations and the safeguards they require",
            sup=("G2", "G3", "AG1", "G5", "G6"),
        ),
        # Capability determinations.
        _el(
            "G2",
            G,
            "Every capability threshold was assessed and the required ASL is ASL-3",
            sup=("S2",),
        ),
        _el(
            "S2",
            S,
            "Argue threshold by threshold from the comprehensive assessment",
            sup=("G2.1", "G2.2", "G2.3", "G2.4"),
            ctx=("J1",),
        ),
        _el(
            "J1",
            J,
            "A threshold that cannot be ruled out is treated as crossed (RSP v2.2)",
        ),
        _el(
            "G2.1",
            G,
            "CBRN-3 cannot be ruled out, so ASL-3 deployment and security safeguards apply",
            sup=("Sn1", "Sn2"),
        ),
        _el("Sn1", Sn, "CBRN uplift trial results v1.3", evidence=(ev["cbrn-uplift-v13"],)),
        _el(
            "Sn2",
            Sn,
            "Capability Report: Meridian-4",
            evidence=(ev["cap-report"], ev["cbrn-uplift-v12"]),
        ),
        _el("G2.2", G, "CBRN-4 is ruled out by expert red-teaming", sup=("Sn3",)),
        _el("Sn3", Sn, "CBRN-4 expert red-team evaluation", evidence=(ev["cbrn-expert"],)),
        _el(
            "G2.3",
            G,
            "AI R&D-4 and AI R&D-5 are ruled out; the autonomy checkpoint is reached",
            sup=("Sn4",),
        ),
        _el("Sn4", Sn, "AI R&D task suite results", evidence=(ev["aird-suite"],)),
        _el(
            "G2.4",
            G,
            "Cyber capabilities are documented in the capability report",
            undeveloped=True,
        ),
        # ASL-3 deployment standard.
        _el(
            "G3",
            G,
            f"{MODEL} meets the ASL-3 deployment standard",
            sup=("S3",),
            ctx=("C4",),
        ),
        _el("C4", C, "ASL-3 deployment standard: robust to persistent misuse attempts"),
        _el(
            "S3",
            S,
            "Argue over each ASL-3 deployment requirement",
            sup=("G3.1", "G3.2", "G3.3", "G3.4", "G3.5", "G3.6", "G3.7"),
        ),
        _el(
            "G3.1",
            G,
            "Deployment threats are mapped and the map is revised",
            sup=("Sn5",),
            addresses=(f"{D3}/threat-modeling",),
        ),
        _el("Sn5", Sn, "ASL-3 deployment threat model", evidence=(ev["threat-model"],)),
        _el(
            "G3.2",
            G,
            "Layered classifiers catch harmful CBRN requests with high recall",
            sup=("Sn6",),
            addresses=(f"{D3}/defense-in-depth",),
        ),
        _el("Sn6", Sn, "Classifier recall evaluation", evidence=(ev["classifiers"],)),
        _el(
            "G3.3",
            G,
            "Realistic attackers cannot consistently extract catastrophic uplift",
            sup=("Sn7",),
            addresses=(f"{D3}/red-teaming",),
        ),
        _el("Sn7", Sn, "Jailbreak bounty and red-team report", evidence=(ev["redteam"],)),
        _el(
            "G3.4",
            G,
            "Jailbreaks are found and fixed rapidly",
            sup=("Sn8",),
            addresses=(f"{D3}/rapid-remediation",),
        ),
        _el("Sn8", Sn, "Rapid remediation runbook", evidence=(ev["remediation"],)),
        _el(
            "G3.5",
            G,
            "Pre-specified monitoring shows the system stays within acceptable risk",
            sup=("Sn9",),
            addresses=(f"{D3}/monitoring",),
        ),
        _el("Sn9", Sn, "Safeguards monitoring specification", evidence=(ev["monitoring"],)),
        _el(
            "G3.6",
            G,
            "Trusted-user access with reduced safeguards has equivalent controls",
            addresses=(f"{D3}/trusted-users",),
            undeveloped=True,
        ),
        _el(
            "G3.7",
            G,
            "Partner deployments meet the same criteria",
            addresses=(f"{D3}/third-party-environments",),
            sup=("Sn10",),
        ),
        _el("Sn10", Sn, "Partner deployment review (pending)", evidence=()),
        # ASL-3 security standard, argued in its own module.
        _el(
            "AG1",
            ElementType.away_goal,
            "ASL-3 security standard is met (argued in the security module)",
            away=("security", "SG1"),
        ),
        _el(
            "SG1",
            G,
            f"{MODEL} weights are protected to the ASL-3 security standard",
            sup=("SS1",),
            ctx=("SC1",),
            module="security",
        ),
        _el(
            "SC1",
            C,
            "In scope: most attackers; out of scope: state programmes targeting us specifically "
            "and sophisticated or state-compromised insiders (v2.2)",
            module="security",
        ),
        _el(
            "SS1",
            S,
            "Argue over each ASL-3 security requirement",
            sup=("SG1.1", "SG1.2", "SG1.3", "SG1.4", "SG1.5", "SG1.6"),
            module="security",
        ),
        _el(
            "SG1.1",
            G,
            "Security threats are modelled with MITRE ATT&CK and revised",
            sup=("SSn1",),
            addresses=(f"{S3}/threat-modeling",),
            module="security",
        ),
        _el(
            "SSn1",
            Sn,
            "Security threat model",
            evidence=(ev["sec-threat"],),
            module="security",
        ),
        _el(
            "SG1.2",
            G,
            "Model weights sit inside strong perimeters and access controls, and basic insider "
            "risk is controlled",
            sup=("SSn2",),
            addresses=(f"{S3}/perimeters-access-control", f"{S3}/basic-insider-risk"),
            module="security",
        ),
        _el(
            "SSn2",
            Sn,
            "Access control review",
            evidence=(ev["access"],),
            module="security",
        ),
        _el(
            "SG1.3",
            G,
            "Build, supply-chain and artifact integrity controls are in force",
            sup=("SSn3",),
            addresses=(f"{S3}/lifecycle-security",),
            module="security",
        ),
        _el(
            "SSn3",
            Sn,
            "Supply-chain controls",
            evidence=(ev["supply"],),
            module="security",
        ),
        _el(
            "SG1.4",
            G,
            "Controls align to industry frameworks, are independently audited and findings "
            "reported",
            sup=("SSn4", "SSn5"),
            addresses=(f"{S3}/audits", f"{S3}/existing-guidance", f"{S3}/security-frameworks"),
            module="security",
        ),
        _el(
            "SSn4",
            Sn,
            "Independent security audit",
            evidence=(ev["pentest"],),
            module="security",
        ),
        _el(
            "SSn5",
            Sn,
            "SOC 2 Type II report",
            evidence=(ev["soc2"],),
            module="security",
        ),
        _el(
            "SG1.5",
            G,
            "Security monitoring covers patching, logs and deception",
            addresses=(f"{S3}/monitoring",),
            undeveloped=True,
            module="security",
        ),
        _el(
            "SG1.6",
            G,
            "No third-party environment holds Meridian-4 weights",
            addresses=(),
            na=(
                (
                    f"{S3}/third-party-environments",
                    "Weights are served only from our own clusters; the cloud partner "
                    "receives API access, not weights.",
                ),
            ),
            undeveloped=True,
            module="security",
        ),
        # Baseline ASL-2 and the alignment note.
        _el(
            "G5",
            G,
            "The ASL-2 baseline safeguards remain in place",
            sup=("S5",),
        ),
        _el(
            "S5",
            S,
            "Argue over the ASL-2 deployment and security requirements",
            sup=("G5.1", "G5.2", "G5.3"),
        ),
        _el(
            "G5.1",
            G,
            "Model card and usage policy are published; misuse detection runs",
            sup=("Sn11",),
            addresses=(
                f"{D2}/model-card-usage-policy",
                f"{D2}/harmlessness-misuse-detection",
                f"{D2}/vulnerability-reporting",
                f"{D2}/fine-tuning-protections",
            ),
        ),
        _el("Sn11", Sn, "Model card and usage policy", evidence=(ev["model-card"],)),
        _el(
            "G5.2",
            G,
            "Supply chain, physical, workforce, compartmentalisation and operations controls hold",
            sup=("Sn12",),
            addresses=(
                f"{S2}/supply-chain",
                f"{S2}/physical-security",
                f"{S2}/workforce",
                f"{S2}/weight-compartmentalisation",
                f"{S2}/operations",
            ),
        ),
        _el(
            "Sn12", Sn, "Independent security audit (baseline controls)", evidence=(ev["pentest"],)
        ),
        _el(
            "G5.3",
            G,
            "Infrastructure is SOC 2 certified and vulnerabilities are managed",
            sup=("Sn13",),
            addresses=(f"{S2}/infrastructure",),
        ),
        _el("Sn13", Sn, "SOC 2 Type II report", evidence=(ev["soc2"],)),
        _el(
            "G6",
            G,
            "Misalignment risk is understood (AI R&D-4 is ruled out, so no affirmative case "
            "is required yet)",
            sup=("Sn14",),
        ),
        _el("Sn14", Sn, "Alignment assessment notes", evidence=(ev["alignment"],)),
    ]
    day = dt.timedelta(days=1)
    dets = [
        Determination(
            threshold=f"{R}/CBRN-3",
            outcome="cannot_rule_out",
            evidence=[ev["cap-report"], ev["cbrn-uplift-v13"]],
            rationale="Significant uplift on two of five tasks in the v1.3 uplift trial.",
            determined_on=today - 38 * day,
            determined_by="Frontier Red Team",
        ),
        Determination(
            threshold=f"{R}/CBRN-4",
            outcome="ruled_out",
            evidence=[ev["cbrn-expert"]],
            rationale="No meaningful uplift for expert red-teamers.",
            determined_on=today - 38 * day,
            determined_by="Frontier Red Team",
        ),
        Determination(
            threshold=f"{R}/AI-RD-4",
            outcome="ruled_out",
            evidence=[ev["aird-suite"]],
            rationale="14% on the research-engineer suite against a 50% proxy threshold.",
            determined_on=today - 37 * day,
            determined_by="Frontier Red Team",
        ),
        Determination(
            threshold=f"{R}/AI-RD-5",
            outcome="ruled_out",
            evidence=[ev["aird-suite"], ev["alignment"]],
            rationale="Far below AI R&D-4; no sign of accelerating effective scaling.",
            determined_on=today - 37 * day,
            determined_by="Frontier Red Team",
        ),
        Determination(
            threshold=f"{R}/CP-AUTONOMY",
            outcome="crossed",
            evidence=[ev["aird-suite"]],
            rationale="61% on 2–8 hour software-engineering tasks.",
            determined_on=today - 37 * day,
            determined_by="Frontier Red Team",
        ),
    ]
    started = now - dt.timedelta(days=14)
    session = ReviewSession(
        id="R1",
        title="Alignment stress-test of the Meridian-4 capability report",
        scope="Capability determinations G2 and ASL-3 deployment claims G3",
        participants=[
            Participant(name="Zoë Ångström", team="Alignment Science", role="reviewer"),
            Participant(name="Ибрагим Касымов", team="Alignment Science", role="reviewer"),
            Participant(name="李雷", team="Frontier Red Team", role="author"),
            Participant(name="Dana Okafor", team="RSP team", role="approver"),
        ],
        started=started,
        ended=started + dt.timedelta(hours=3),
        minutes="Three challenges raised. CBRN uplift methodology change discussed; "
        "red-team coverage of non-English prompts left open for the authors.",
    )
    challenges = [
        Challenge(
            id="CH1",
            session="R1",
            target="G3.3",
            kind="undermining",
            severity="major",
            text="The bounty covered English prompts only; uplift through other languages "
            "is not evidenced.",
            raised_by="Zoë Ångström",
            raised_at=started + dt.timedelta(minutes=20),
        ),
        Challenge(
            id="CH2",
            session="R1",
            target="G2.2",
            kind="undercutting",
            severity="minor",
            text="Twelve expert red-teamers is a small sample for ruling out CBRN-4.",
            raised_by="Ибрагим Касымов",
            raised_at=started + dt.timedelta(minutes=50),
            status="refuted",
            responses=[
                Response(
                    by="李雷",
                    at=started + dt.timedelta(hours=2),
                    status="refuted",
                    text="The protocol follows the pre-registered design; effect sizes were "
                    "near zero with tight intervals.",
                    evidence=[ev["cbrn-expert"]],
                    role="author",
                )
            ],
        ),
        Challenge(
            id="CH3",
            session="R1",
            target=ev["soc2"],
            target_kind="evidence",
            kind="undermining",
            severity="minor",
            text="The SOC 2 report covers last year's audit period.",
            raised_by="Zoë Ångström",
            raised_at=started + dt.timedelta(hours=1),
            status="answered",
            responses=[
                Response(
                    by="李雷",
                    at=started + dt.timedelta(hours=2, minutes=30),
                    status="answered",
                    text="This year's audit fieldwork finishes next month.",
                    role="author",
                )
            ],
        ),
    ]
    compliance = Compliance(
        schedule=[
            ScheduledAssessment(
                id="SCH1",
                what="Comprehensive capability assessment of Meridian-4",
                due=today - 44 * day,
                completed=today - 41 * day,
                owner="Frontier Red Team",
            ),
            ScheduledAssessment(
                id="SCH2",
                what="Safeguards Report: ASL-3 deployment",
                due=today - 5 * day,
                owner="Trust & Safety",
            ),
            ScheduledAssessment(
                id="SCH3",
                what="Annual re-approval of ASL-3 safeguards",
                due=today + 120 * day,
                owner="RSP team",
            ),
        ],
        methodology_changes=[
            MethodologyChange(
                id="MC1",
                evaluation="cbrn-uplift-trial",
                from_version="1.2",
                to_version="1.3",
                reason="Added a wet-lab protocol-troubleshooting task and doubled the control "
                "group; scores are not directly comparable with v1.2.",
                evidence=[ev["cbrn-uplift-v13"]],
                recorded=today - 43 * day,
            )
        ],
        noncompliance=[
            NoncomplianceItem(
                id="NC1",
                description="A fine-tuning API customer was onboarded before the trusted-user "
                "review was complete.",
                reporter=None,
                reported=today - 9 * day,
                severity="medium",
                status="investigating",
                board_notification=False,
            )
        ],
    )
    doc = CaseDocument(
        framework=framework,
        assessment=Assessment(
            id="ASSESSMENT-1",
            title=f"{MODEL} — pre-deployment assessment under RSP v2.2",
            model=ModelUnderReview(
                name=MODEL,
                snapshot="2026-10-28",
                developer=LAB,
                effective_compute_ratio=2.5,
                last_comprehensive=today - 41 * day,
                last_preliminary=today - 70 * day,
                post_training_months=1.5,
            ),
            framework_id=framework.id,
            deployment="General availability on the public API and consumer apps, plus one "
            "cloud partner, with ASL-3 deployment safeguards.",
            created=now - dt.timedelta(days=45),
            determinations=dets,
        ),
        case=SafetyCase(
            modules=[
                Module(id="main", title="Deployment safety case"),
                Module(id="security", title="ASL-3 security"),
            ],
            elements=els,
        ),
        review=Review(sessions=[session], challenges=challenges),
        compliance=compliance,
    )
    return doc, files


def write_demo(path: Path, *, now: dt.datetime | None = None, actor: str | None = None) -> Path:
    """Create the demo store at ``path``, importing its evidence through the normal path."""
    when = now or utc_now()
    doc, files = demo_document(when)
    who = actor or default_actor()
    with Workspace(Store.create(Path(path), doc, actor=who), actor=who) as ws:
        for f in files:
            details = EvidenceDetails(
                title=f.title,
                kind=f.kind,
                team=f.team,
                collected=when.date() - dt.timedelta(days=f.collected_days_ago),
                expires=None
                if f.expires_in_days is None
                else when.date() + dt.timedelta(days=f.expires_in_days),
                evaluation=f.evaluation,
                methodology_version=f.methodology_version,
            )
            import_evidence(ws, io.BytesIO(f.content), f.filename, details, size=len(f.content))
    return Path(path)
