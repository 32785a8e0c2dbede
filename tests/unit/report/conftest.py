"""Fixtures for packet tests: a case with people named in three scripts, and its packets."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from workbench.app.catalogs import builtin_framework
from workbench.checks import run_checks
from workbench.domain import (
    Assessment,
    BlobStatus,
    CaseDocument,
    Challenge,
    ChallengeKind,
    ChallengeSeverity,
    ChallengeStatus,
    CheckReport,
    Compliance,
    Determination,
    Element,
    ElementType,
    Evidence,
    EvidenceKind,
    Meaning,
    MethodologyChange,
    ModelUnderReview,
    Module,
    NoncomplianceItem,
    Outcome,
    Participant,
    Response,
    Review,
    ReviewRole,
    ReviewSession,
    SafetyCase,
    ScheduledAssessment,
    SignerRole,
    SignOff,
    evidence_id,
    sha256_hex,
)
from workbench.report import build_packet
from workbench.report.content import PacketFacts
from workbench.report.sections import BOTTOM_MARGIN, HEIGHT, MARGIN, PAGE, WIDTH

NOW = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC)
PACKET_ID = "PKT-test-0001"
PEOPLE = ("Zoë Ångström", "李雷", "Ибрагим Алиев")
TEAMS = ("Frontier Red Team", "Safeguards Engineering")
EVIDENCE_TITLES = ("CBRN uplift trial results", "Jailbreak bounty summary")
FILENAMES = ("cbrn-uplift-trial.md", "bounty-summary.md")


def _evidence(n: int, kind: EvidenceKind, team: str) -> Evidence:
    content = f"evidence file {n} for the packet tests".encode()
    digest = sha256_hex(content)
    return Evidence(
        id=evidence_id(digest),
        sha256=digest,
        size=len(content),
        filename=FILENAMES[n],
        title=EVIDENCE_TITLES[n],
        kind=kind,
        team=team,
        collected=NOW.date() - dt.timedelta(days=10),
        imported_at=NOW,
    )


def unicode_document() -> CaseDocument:
    framework = builtin_framework()
    cap = _evidence(0, EvidenceKind.capability_report, TEAMS[0])
    safe = _evidence(1, EvidenceKind.safeguards_report, TEAMS[1])
    thresholds = [t.id for t in framework.thresholds]
    determinations = [
        Determination(
            threshold=t,
            outcome=Outcome.cannot_rule_out if t.endswith("CBRN-3") else Outcome.ruled_out,
            evidence=[cap.id],
            rationale="Uplift trial inconclusive" if t.endswith("CBRN-3") else "Below threshold",
            determined_on=NOW.date(),
            determined_by=PEOPLE[0],
        )
        for t in thresholds
    ]
    e = ElementType
    elements = [
        Element(
            id="G1",
            type=e.goal,
            text="Deploying Quill-3 poses no unacceptable catastrophic risk",
            supported_by=["S1"],
            in_context_of=["C1", "A1"],
        ),
        Element(id="C1", type=e.context, text="Quill-3 general availability through the API"),
        Element(id="A1", type=e.assumption, text="The threat models are current"),
        Element(
            id="S1",
            type=e.strategy,
            text="Argue over each demanded safeguard requirement",
            supported_by=["G2", "G3", "G4", "AG1"],
            in_context_of=["J1"],
        ),
        Element(id="J1", type=e.justification, text="RSP v2.2 lists the requirements"),
        Element(
            id="G2",
            type=e.goal,
            text="Threat modelling maps deployment threats",
            addresses=["RSP-2.2/ASL3-D/threat-modeling"],
            supported_by=["Sn1"],
        ),
        Element(id="Sn1", type=e.solution, text="Threat model", evidence=[safe.id]),
        Element(
            id="G3",
            type=e.goal,
            text="Red-teaming shows no consistent extraction of uplift",
            addresses=["RSP-2.2/ASL3-D/red-teaming"],
            supported_by=["Sn2"],
        ),
        Element(id="Sn2", type=e.solution, text="Bounty summary", evidence=[safe.id]),
        Element(
            id="G4",
            type=e.goal,
            text="Monitoring keeps the system within acceptable risk",
            addresses=["RSP-2.2/ASL3-D/monitoring"],
            undeveloped=True,
        ),
        Element(
            id="AG1",
            type=e.away_goal,
            text="ASL-3 security is argued in its own module",
            away_module="security",
            away_element="G10",
        ),
        Element(
            id="G10",
            type=e.goal,
            text="Model weights are protected to ASL-3",
            module="security",
            undeveloped=True,
        ),
    ]
    session = ReviewSession(
        id="RS1",
        title="Stress test of the CBRN argument",
        scope="CBRN-3 determination and ASL-3 deployment safeguards",
        participants=[
            Participant(name=PEOPLE[0], team=TEAMS[0], role=ReviewRole.author),
            Participant(name=PEOPLE[1], team=TEAMS[1], role=ReviewRole.reviewer),
            Participant(name=PEOPLE[2], team="", role=ReviewRole.approver),
        ],
        started=NOW - dt.timedelta(days=3),
        ended=NOW - dt.timedelta(days=2),
        minutes="Two challenges raised; one refuted with the bounty data.",
    )
    challenges = [
        Challenge(
            id="CH1",
            session="RS1",
            target="G3",
            kind=ChallengeKind.undermining,
            severity=ChallengeSeverity.major,
            text="The bounty ran for two weeks only",
            raised_by=PEOPLE[1],
            raised_at=NOW - dt.timedelta(days=3),
            status=ChallengeStatus.refuted,
            responses=[
                Response(
                    by=PEOPLE[0],
                    at=NOW - dt.timedelta(days=2),
                    status=ChallengeStatus.refuted,
                    text="Two weeks covered 40,000 attempts; see the summary",
                    evidence=[safe.id],
                    role=ReviewRole.author,
                )
            ],
        ),
        Challenge(
            id="CH2",
            session="RS1",
            target="G4",
            kind=ChallengeKind.rebutting,
            severity=ChallengeSeverity.blocker,
            text="Monitoring is not specified yet",
            raised_by=PEOPLE[2],
            raised_at=NOW - dt.timedelta(days=2),
        ),
    ]
    compliance = Compliance(
        schedule=[
            ScheduledAssessment(
                id="SA1",
                what="Preliminary assessment of Quill-3",
                due=NOW.date() - dt.timedelta(days=30),
                completed=NOW.date() - dt.timedelta(days=27),
                owner=PEOPLE[0],
            ),
            ScheduledAssessment(
                id="SA2",
                what="Comprehensive assessment of Quill-3",
                due=NOW.date() + dt.timedelta(days=12),
                owner=PEOPLE[2],
            ),
        ],
        methodology_changes=[
            MethodologyChange(
                id="MC1",
                evaluation="CBRN uplift trial",
                from_version="1.2",
                to_version="1.3",
                reason="Larger participant pool",
                recorded=NOW.date() - dt.timedelta(days=15),
            )
        ],
        noncompliance=[
            NoncomplianceItem(
                id="NC1",
                description="An evaluation was started before its protocol was approved",
                reported=NOW.date() - dt.timedelta(days=40),
            )
        ],
    )
    doc = CaseDocument(
        framework=framework,
        assessment=Assessment(
            id="A1",
            title="Quill-3 — pre-deployment assessment",
            model=ModelUnderReview(
                name="Quill-3",
                snapshot="quill-3-2026-10-20",
                developer="Example Lab",
                effective_compute_ratio=2.5,
                last_comprehensive=NOW.date() - dt.timedelta(days=60),
            ),
            framework_id=framework.id,
            deployment="General availability through the API",
            created=NOW - dt.timedelta(days=20),
            determinations=determinations,
        ),
        case=SafetyCase(
            modules=[Module(id="main", title="Main"), Module(id="security", title="Security")],
            elements=elements,
        ),
        evidence=[cap, safe],
        review=Review(sessions=[session], challenges=challenges),
        compliance=compliance,
    )
    signoff = SignOff(
        id="SO-1",
        signer=PEOPLE[0],
        role=SignerRole.author,
        meaning=Meaning.authored,
        signed_at=NOW - dt.timedelta(hours=1),
        state_hash=doc.state_hash(),
    )
    return doc.model_copy(update={"signoffs": [signoff]})


@pytest.fixture(scope="session")
def document() -> CaseDocument:
    return unicode_document()


@pytest.fixture(scope="session")
def report(document: CaseDocument) -> CheckReport:
    return run_checks(document, today=NOW.date())


@pytest.fixture(scope="session")
def blob_status(document: CaseDocument) -> dict[str, BlobStatus]:
    return {e.id: BlobStatus.present for e in document.evidence}


def write_packet(
    path: Path,
    doc: CaseDocument,
    report: CheckReport | None = None,
    *,
    packet_id: str,
    generated_at: dt.datetime = NOW,
    audit_head: tuple[int, str] | None = None,
    blob_status: dict[str, BlobStatus] | None = None,
    public: bool = False,
) -> Path:
    """Build the packet of ``doc`` (checked as of ``generated_at`` unless ``report`` is given)
    and write it to ``path``."""
    pdf = build_packet(
        doc,
        report if report is not None else run_checks(doc, today=generated_at.date()),
        packet_id=packet_id,
        generated_at=generated_at,
        audit_head=audit_head,
        blob_status=blob_status or {},
        public=public,
    )
    path.write_bytes(pdf)
    return path


PacketWriter = Callable[..., Path]


@pytest.fixture(scope="session")
def packet_writer() -> PacketWriter:
    """``packet_writer(path, doc, report=None, *, packet_id, generated_at=NOW, …)``: write a
    packet to ``path`` (see :func:`write_packet`)."""
    return write_packet


AUDIT_HEAD = (57, "c0ffee" + "0" * 58)


@pytest.fixture(scope="session")
def packet_file(
    tmp_path_factory: pytest.TempPathFactory,
    document: CaseDocument,
    report: CheckReport,
    blob_status: dict[str, BlobStatus],
) -> Path:
    return write_packet(
        tmp_path_factory.mktemp("packet") / "packet.pdf",
        document,
        report,
        packet_id=PACKET_ID,
        audit_head=AUDIT_HEAD,
        blob_status=blob_status,
    )


@pytest.fixture(scope="session")
def public_file(
    tmp_path_factory: pytest.TempPathFactory,
    document: CaseDocument,
    report: CheckReport,
    blob_status: dict[str, BlobStatus],
) -> Path:
    return write_packet(
        tmp_path_factory.mktemp("public") / "public.pdf",
        document,
        report,
        packet_id="PKT-public-0001",
        audit_head=AUDIT_HEAD,
        blob_status=blob_status,
        public=True,
    )


def _pdf_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    command = ["pdftotext", "-enc", "UTF-8"]
    if first is not None:
        command += ["-f", str(first)]
    if last is not None:
        command += ["-l", str(last)]
    result = subprocess.run([*command, str(path), "-"], capture_output=True, check=True)
    return result.stdout.decode("utf-8")


@pytest.fixture(scope="session")
def pdf_text(require_tool: Callable[[str], None]) -> Callable[..., str]:
    """``pdf_text(path, first=None, last=None)``: text of a PDF (or of pages first..last) as
    poppler's pdftotext extracts it; tests using it skip where pdftotext is missing."""
    require_tool("pdftotext")
    return _pdf_text


@dataclass(frozen=True)
class CaseNames:
    packet_id: str = PACKET_ID
    people: tuple[str, ...] = PEOPLE
    teams: tuple[str, ...] = TEAMS
    evidence_titles: tuple[str, ...] = EVIDENCE_TITLES
    filenames: tuple[str, ...] = FILENAMES
    now: dt.datetime = NOW


@pytest.fixture(scope="session")
def names() -> CaseNames:
    """The names the test case uses (what the public summary must leave out)."""
    return CaseNames()


def _render_story(story: list[Flowable], path: Path) -> Path:
    """Lay ``story`` out in the packet's portrait text frame (WIDTH x HEIGHT, no padding) and
    write the PDF to ``path``."""
    frame = Frame(
        MARGIN,
        BOTTOM_MARGIN,
        WIDTH,
        HEIGHT,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    document = BaseDocTemplate(
        str(path), pagesize=PAGE, pageTemplates=[PageTemplate("portrait", [frame])]
    )
    document.build(story)
    return path


@pytest.fixture(scope="session")
def render_story() -> Callable[[list[Flowable], Path], Path]:
    """``render_story(flowables, path)``: lay flowables out on packet pages, write ``path``."""
    return _render_story


def _facts(doc: CaseDocument, report: CheckReport | None = None) -> PacketFacts:
    return PacketFacts(
        doc=doc,
        report=report if report is not None else run_checks(doc, today=NOW.date()),
        packet_id=PACKET_ID,
        generated_at=NOW,
        audit_head=None,
        blob_status={},
        public=False,
    )


@pytest.fixture(scope="session")
def facts_for() -> Callable[..., PacketFacts]:
    """``facts_for(doc, report=None)``: the packet facts of ``doc`` (checked as of NOW unless
    ``report`` is given)."""
    return _facts
