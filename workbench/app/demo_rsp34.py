"""The RSP v3.4 demo: a fictional model's Risk Report cycle, one Risk Report published late."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from workbench.app.core import EvidenceDetails, import_evidence, utc_now
from workbench.app.demo import LAB, DemoFile, _el, _eval_summary, _report
from workbench.app.workspace import Workspace, default_actor
from workbench.catalogs import builtin_framework
from workbench.checks.dates import add_months
from workbench.domain import (
    Assessment,
    CaseDocument,
    Compliance,
    Determination,
    ElementType,
    EvidenceKind,
    ModelUnderReview,
    Module,
    NoncomplianceItem,
    SafetyCase,
    ScheduledAssessment,
)
from workbench.store import Store

MODEL = "Meridian-5"
R = "RSP-3.4"
#: The catalogue obligation the Risk Report schedule items fulfil (every 3-6 months).
RISK_REPORT_CADENCE = f"{R}/P/risk-report-cadence"
#: Days the second Risk Report of the cycle was published after its 6-month window closed.
LATE_DAYS = 12


def demo_files() -> list[DemoFile]:
    eK = EvidenceKind
    return [
        DemoFile(
            "risk-report",
            "risk-report-2026-2.md",
            "Risk Report 2026-2 (coverage date, threat models, risk analyses)",
            eK.capability_report,
            "RSP team",
            20,
            _report(
                "Risk Report 2026-2",
                "Coverage date: 24 days before publication. In-scope models: Meridian-5 "
                "(public API, consumer apps) and Meridian-5-internal (research agents).",
                "Threat models: non-novel and novel chemical/biological weapons production, "
                "misaligned AI systems in high-stakes settings, automated R&D.",
                "Overall assessment: risk is low but not negligible; the chemical/biological "
                "and misalignment thresholds cannot be ruled out for Meridian-5.",
                "Risk-benefit determination: the benefits of continued deployment justify the "
                "remaining risk with the mitigations described.",
            ),
        ),
        DemoFile(
            "chembio-evals",
            "chembio-uplift-v2.0.json",
            "Chemical/biological uplift trial (methodology v2.0)",
            eK.eval_log,
            "Frontier Red Team",
            40,
            _eval_summary(
                "chembio-uplift-trial", "2.0", {"uplift_ratio": 2.1, "novel_step": 0.04}, 60
            ),
            evaluation="chembio-uplift-trial",
            methodology_version="2.0",
        ),
        DemoFile(
            "aird-evals",
            "automated-rd-suite.json",
            "Automated R&D evaluations: researcher substitution and progress rate",
            eK.eval_log,
            "Frontier Red Team",
            38,
            _eval_summary(
                "automated-rd-suite", "3.1", {"rs_re_substitution": 0.18, "rate_ratio": 1.2}, 200
            ),
            evaluation="automated-rd-suite",
            methodology_version="3.1",
        ),
        DemoFile(
            "alignment",
            "alignment-assessment-meridian-5.md",
            "Alignment assessment: Meridian-5 (interpretability and red-team audit)",
            eK.capability_report,
            "Alignment Science",
            30,
            _report(
                "Alignment assessment — Meridian-5",
                "Behavioural audit with mechanistic interpretability probes; no evidence of "
                "deliberate sabotage; two sandbagging episodes under investigation.",
                "Monitoring: internal agent transcripts sampled and reviewed weekly.",
            ),
        ),
        DemoFile(
            "classifiers",
            "classifier-robustness-2026-q3.json",
            "Classifier guard robustness (against the initial Constitutional Classifiers)",
            eK.eval_log,
            "Safeguards",
            35,
            _eval_summary(
                "classifier-robustness",
                "4.0",
                {"jailbreak_success": 0.004, "baseline": 0.005},
                5000,
            ),
            evaluation="classifier-robustness",
            methodology_version="4.0",
        ),
        DemoFile(
            "redteam",
            "jailbreak-bounty-2026-q3.md",
            "Jailbreak red-teaming and bug bounty report, Q3",
            eK.red_team_report,
            "Safeguards",
            33,
            _report(
                "Jailbreak red-teaming — Q3",
                "Bug bounty: 3 universal jailbreak reports, all patched within 48 hours.",
                "Threat intelligence: no credible chemical/biological misuse campaigns seen.",
            ),
        ),
        DemoFile(
            "trusted-access",
            "trusted-access-programme.md",
            "Trusted access programme: vetting and exemptions",
            eK.policy,
            "Trust & Safety",
            60,
            _report("Trusted access programme", "Vetting criteria and exemption review log."),
        ),
        DemoFile(
            "security-audit",
            "security-controls-audit-2026.pdf.txt",
            "Security controls audit 2026 (weights access, egress, monitoring)",
            eK.audit,
            "Security",
            90,
            _report("Security controls audit", "No high findings; two medium findings closed."),
            expires_in_days=275,
        ),
        DemoFile(
            "internal-feedback",
            "risk-report-internal-feedback.md",
            "Internal feedback on Risk Report 2026-2 (methodology, gaps)",
            eK.other,
            "RSP team",
            26,
            _report(
                "Internal feedback",
                "Reviewers asked for more evidence on the misalignment monitoring coverage.",
            ),
        ),
    ]


def demo_document(now: dt.datetime) -> tuple[CaseDocument, list[DemoFile]]:
    """The RSP v3.4 demo case (evidence records are imported) and its evidence files."""
    framework = builtin_framework(R)
    files = demo_files()
    ev = {f.key: f.id for f in files}
    today = now.date()
    day = dt.timedelta(days=1)
    G, S, Sn, C, J = (
        ElementType.goal,
        ElementType.strategy,
        ElementType.solution,
        ElementType.context,
        ElementType.justification,
    )
    RR, CD, CS, MA = f"{R}/RISK-REPORT", f"{R}/CHEMBIO-D", f"{R}/CHEMBIO-S", f"{R}/MISALIGNMENT"
    els = [
        _el(
            "G1",
            G,
            f"The risks of continuing to deploy {MODEL} are justified by its benefits, as "
            "Risk Report 2026-2 argues under RSP v3.4",
            sup=("S1",),
            ctx=("C1", "C2"),
        ),
        _el(
            "C1",
            C,
            f"{MODEL} and Meridian-5-internal as of the coverage date of Risk Report 2026-2",
        ),
        _el("C2", C, "Anthropic RSP v3.4: capability thresholds, company plan, Risk Reports"),
        _el(
            "S1",
            S,
            "Argue over the Risk Report's contents and the company-plan mitigations the "
            "determinations call for",
            sup=("G2", "G3", "G4", "G5"),
            ctx=("J1",),
        ),
        _el("J1", J, "A threshold that cannot be ruled out is treated as crossed"),
        # Risk Report contents (the baseline standard).
        _el("G2", G, "Risk Report 2026-2 documents what RSP v3.4 §3.3 requires", sup=("S2",)),
        _el(
            "S2",
            S,
            "Argue over each required content of the Risk Report",
            sup=("G2.1", "G2.2", "G2.3", "G2.4", "G2.5", "G2.6", "G2.7", "G2.8"),
        ),
        _el(
            "G2.1",
            G,
            "Threat models are identified and specified, including those of Section 1",
            addresses=(f"{RR}/threat-model-identification", f"{RR}/threat-model-specification"),
            sup=("Sn1",),
        ),
        _el("Sn1", Sn, "Risk Report 2026-2", evidence=(ev["risk-report"],)),
        _el(
            "G2.2",
            G,
            "Capability and alignment evaluations of each in-scope model are reported",
            addresses=(f"{RR}/capability-evidence", f"{RR}/per-model-assessment"),
            sup=("Sn2", "Sn3"),
        ),
        _el(
            "Sn2",
            Sn,
            "Chemical/biological and automated R&D evaluations",
            evidence=(ev["chembio-evals"], ev["aird-evals"]),
        ),
        _el("Sn3", Sn, "Alignment assessment: Meridian-5", evidence=(ev["alignment"],)),
        _el(
            "G2.3",
            G,
            "Mitigations in place at the coverage date are described with their effectiveness",
            addresses=(f"{RR}/risk-mitigations",),
            sup=("Sn4",),
        ),
        _el(
            "Sn4",
            Sn,
            "Classifier robustness and red-teaming results",
            evidence=(ev["classifiers"], ev["redteam"]),
        ),
        _el(
            "G2.4",
            G,
            "Threat-specific and overall risk are assessed, with the risk-benefit determination",
            addresses=(
                f"{RR}/threat-specific-assessment",
                f"{RR}/overall-risk-assessment",
                f"{RR}/risk-benefit-determination",
                f"{RR}/additional-factors",
            ),
            sup=("Sn5",),
        ),
        _el(
            "Sn5",
            Sn,
            "Risk Report 2026-2 and its internal feedback",
            evidence=(ev["risk-report"], ev["internal-feedback"]),
        ),
        _el(
            "G2.5",
            G,
            "Plans to keep monitoring and mitigating the risks are set out",
            addresses=(f"{RR}/looking-forward",),
            undeveloped=True,
        ),
        _el(
            "G2.6",
            G,
            "Deviations from the previous Risk Report's mitigations are reviewed",
            addresses=(f"{RR}/mitigation-changes",),
            sup=("Sn1b",),
        ),
        _el("Sn1b", Sn, "Risk Report 2026-2, review section", evidence=(ev["risk-report"],)),
        _el(
            "G2.7",
            G,
            "Internal deployments between Risk Reports are reviewed",
            addresses=(f"{RR}/internal-deployment-decisions",),
            sup=("Sn1c",),
        ),
        _el("Sn1c", Sn, "Risk Report 2026-2, internal deployments", evidence=(ev["risk-report"],)),
        _el(
            "G2.8",
            G,
            "Roadmap changes and missed goals are reported",
            addresses=(f"{RR}/roadmap-changes",),
            sup=("Sn1d",),
        ),
        _el("Sn1d", Sn, "Risk Report 2026-2, Roadmap section", evidence=(ev["risk-report"],)),
        # Company plan for chemical/biological weapons (the threshold cannot be ruled out).
        _el(
            "G3",
            G,
            f"{MODEL} keeps the ASL-3 protections of the chemical/biological company plan",
            sup=("S3",),
        ),
        _el(
            "S3",
            S,
            "Argue over each ASL-3 protection the company plan names",
            sup=("G3.1", "G3.2", "G3.3", "G3.4", "G3.5"),
        ),
        _el(
            "G3.1",
            G,
            "Classifier guards are at least as robust as the initial Constitutional Classifiers",
            addresses=(f"{CD}/classifier-guards",),
            sup=("Sn6",),
        ),
        _el("Sn6", Sn, "Classifier guard robustness, Q3", evidence=(ev["classifiers"],)),
        _el(
            "G3.2",
            G,
            "Trusted users exempted from classifier guards are access-controlled",
            addresses=(f"{CD}/trusted-user-access",),
            sup=("Sn7",),
        ),
        _el("Sn7", Sn, "Trusted access programme", evidence=(ev["trusted-access"],)),
        _el(
            "G3.3",
            G,
            "Red-teaming, bug bounties and threat intelligence assess jailbreaks continually",
            addresses=(f"{CD}/jailbreak-assessment",),
            sup=("Sn8",),
        ),
        _el("Sn8", Sn, "Jailbreak red-teaming and bug bounty, Q3", evidence=(ev["redteam"],)),
        _el(
            "G3.4",
            G,
            "Measures stay equally or more robust and updates are published in Risk Reports",
            addresses=(f"{CD}/equally-robust-over-time",),
            sup=("Sn1e",),
        ),
        _el("Sn1e", Sn, "Risk Report 2026-2, safeguards section", evidence=(ev["risk-report"],)),
        _el(
            "G3.5",
            G,
            "A number of noteworthy security controls protect the model weights",
            addresses=(f"{CS}/security-controls",),
            sup=("Sn9",),
            module="security",
        ),
        _el(
            "Sn9",
            Sn,
            "Security controls audit 2026",
            evidence=(ev["security-audit"],),
            module="security",
        ),
        # Misalignment (cannot be ruled out for the internal research agents).
        _el(
            "G4",
            G,
            "The Risk Report details capabilities, propensities, monitoring and overall "
            "misalignment risk",
            addresses=(
                f"{MA}/capabilities-propensities",
                f"{MA}/monitoring-practices",
                f"{MA}/overall-risk-level",
            ),
            sup=("Sn10",),
        ),
        _el("Sn10", Sn, "Alignment assessment: Meridian-5", evidence=(ev["alignment"],)),
        _el(
            "G5",
            G,
            "The novel chemical/biological and automated R&D thresholds are ruled out",
            sup=("Sn11",),
        ),
        _el(
            "Sn11",
            Sn,
            "Uplift trial and automated R&D evaluations",
            evidence=(ev["chembio-evals"], ev["aird-evals"]),
        ),
    ]
    dets = [
        Determination(
            threshold=f"{R}/CHEMBIO-NON-NOVEL",
            outcome="cannot_rule_out",
            evidence=[ev["chembio-evals"]],
            rationale="Uplift ratio 2.1 on the basic-background trial.",
            determined_on=today - 36 * day,
            determined_by="Frontier Red Team",
        ),
        Determination(
            threshold=f"{R}/CHEMBIO-NOVEL",
            outcome="ruled_out",
            evidence=[ev["chembio-evals"]],
            rationale="4% success on novel-development steps; no substitution for specialists.",
            determined_on=today - 36 * day,
            determined_by="Frontier Red Team",
        ),
        Determination(
            threshold=f"{R}/MISALIGNED-HIGH-STAKES",
            outcome="cannot_rule_out",
            evidence=[ev["alignment"]],
            rationale="Meridian-5-internal runs research agents with broad access to code.",
            determined_on=today - 30 * day,
            determined_by="Alignment Science",
        ),
        Determination(
            threshold=f"{R}/AUTOMATED-RD",
            outcome="ruled_out",
            evidence=[ev["aird-evals"]],
            rationale="18% researcher substitution; progress rate 1.2x the expected rate.",
            determined_on=today - 35 * day,
            determined_by="Frontier Red Team",
        ),
    ]
    # The Risk Report cycle: the second report came out after its 6-month window.
    first = today - 330 * day
    closes = add_months(first, 6)
    second = closes + LATE_DAYS * day
    schedule = [
        ScheduledAssessment(
            id="RR-2026-1",
            what="Risk Report 2026-1",
            due=first,
            completed=first,
            owner="RSP team",
            obligation=RISK_REPORT_CADENCE,
        ),
        ScheduledAssessment(
            id="RR-2026-2",
            what="Risk Report 2026-2",
            due=closes,
            completed=second,
            owner="RSP team",
            obligation=RISK_REPORT_CADENCE,
        ),
        ScheduledAssessment(
            id="RR-2027-1",
            what="Risk Report 2027-1",
            due=add_months(second, 5),
            owner="RSP team",
            obligation=RISK_REPORT_CADENCE,
        ),
        ScheduledAssessment(
            id="XR-2026-2",
            what="Share Risk Report 2026-2 with the external reviewers (one week after the Board)",
            due=second + 7 * day,
            completed=second + 4 * day,
            owner="RSP team",
        ),
    ]
    compliance = Compliance(
        schedule=schedule,
        noncompliance=[
            NoncomplianceItem(
                id="NC1",
                description="Risk Report 2026-2 was published 12 days after the 6-month window "
                "closed; the delay was reported to the RSO.",
                reporter="RSP team",
                reported=second,
                severity="low",
                status="resolved",
            )
        ],
    )
    doc = CaseDocument(
        framework=framework,
        assessment=Assessment(
            id="ASSESSMENT-1",
            title=f"{MODEL} — Risk Report 2026-2 under RSP v3.4",
            # The last comprehensive risk assessment is that of the latest Risk Report's
            # coverage date, 24 days before it was published.
            model=ModelUnderReview(
                name=MODEL,
                snapshot="2026-09-30",
                developer=LAB,
                last_comprehensive=second - 24 * day,
            ),
            framework_id=framework.id,
            deployment="Public API and consumer apps; internal research agents "
            "(Meridian-5-internal).",
            created=now - dt.timedelta(days=40),
            determinations=dets,
        ),
        case=SafetyCase(
            modules=[
                Module(id="main", title="Risk Report safety case"),
                Module(id="security", title="Security controls"),
            ],
            elements=els,
        ),
        compliance=compliance,
    )
    return doc, files


def write_demo_rsp34(
    path: Path, *, now: dt.datetime | None = None, actor: str | None = None
) -> Path:
    """Create the RSP v3.4 demo store at ``path``, importing its evidence the normal way."""
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
