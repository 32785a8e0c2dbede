"""Fixtures for signing tests: an organisation CA and signers made once per session, packets
of a case with no blockers and of one with blockers, stores holding them, and pdfsig."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from workbench.app.catalogs import builtin_framework
from workbench.app.evidence import EvidenceDetails, import_evidence
from workbench.app.workspace import Workspace
from workbench.checks import run_checks
from workbench.domain import (
    Assessment,
    BlobStatus,
    CaseDocument,
    Determination,
    Element,
    ElementType,
    Evidence,
    EvidenceKind,
    ModelUnderReview,
    Outcome,
    SafetyCase,
    SignerRole,
    evidence_id,
    sha256_hex,
)
from workbench.report import build_packet
from workbench.signing import Identity, create_ca, create_identity, export_certificate
from workbench.store import Store

NOW = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC)
PASSPHRASE = "correct horse battery staple"
FILES = {
    "capability.md": (b"Capability report: every threshold ruled out.", "capability_report"),
    "safeguards.md": (b"ASL-2 safeguards report for Quill-2.", "safeguards_report"),
}


def _evidence_id(name: str) -> str:
    return evidence_id(sha256_hex(FILES[name][0]))


def clean_document(*, blocked: bool = False, now: dt.datetime = NOW) -> CaseDocument:
    """Every threshold ruled out and every ASL-2 requirement claimed and evidenced: no blockers.

    ``blocked`` leaves the last requirement unclaimed (one COV-MISSING blocker).
    """
    framework = builtin_framework()
    requirements = [
        r
        for sid in framework.baseline_standards
        for r in framework.standards_by_id[sid].requirements
    ]
    if blocked:
        requirements = requirements[:-1]
    goals = [f"G{i + 2}" for i in range(len(requirements))]
    elements = [
        Element(
            id="G1",
            type=ElementType.goal,
            text="Deploying Quill-2 poses no unacceptable risk",
            supported_by=["S1"],
            in_context_of=["C1"],
        ),
        Element(id="C1", type=ElementType.context, text="Quill-2 behind the API"),
        Element(
            id="S1",
            type=ElementType.strategy,
            text="Argue over each ASL-2 requirement",
            supported_by=goals,
        ),
    ]
    for goal, requirement in zip(goals, requirements, strict=True):
        solution = "Sn" + goal[1:]
        elements.append(
            Element(
                id=goal,
                type=ElementType.goal,
                text=f"{requirement.title} is in place",
                addresses=[requirement.id],
                supported_by=[solution],
            )
        )
        elements.append(
            Element(
                id=solution,
                type=ElementType.solution,
                text="Safeguards report",
                evidence=[_evidence_id("safeguards.md")],
            )
        )
    return CaseDocument(
        framework=framework,
        assessment=Assessment(
            id="A1",
            title="Quill-2 assessment",
            model=ModelUnderReview(
                name="Quill-2",
                effective_compute_ratio=1.5,
                last_comprehensive=now.date() - dt.timedelta(days=20),
            ),
            framework_id=framework.id,
            created=now,
            determinations=[
                Determination(
                    threshold=t.id,
                    outcome=Outcome.ruled_out,
                    evidence=[_evidence_id("capability.md")],
                    rationale="Below the threshold on every evaluation",
                    determined_on=now.date(),
                    determined_by="Zoë Ångström",
                )
                for t in framework.thresholds
            ],
        ),
        case=SafetyCase(elements=elements),
    )


def with_evidence_records(doc: CaseDocument) -> CaseDocument:
    records = [
        Evidence(
            id=_evidence_id(name),
            sha256=sha256_hex(content),
            size=len(content),
            filename=name,
            title=name,
            kind=EvidenceKind(kind),
            collected=NOW.date(),
            imported_at=NOW,
        )
        for name, (content, kind) in FILES.items()
    ]
    return doc.model_copy(update={"evidence": records})


def write_store(path: Path, *, blocked: bool = False) -> Path:
    """A store of :func:`clean_document` dated today, its evidence imported as real bytes
    (the CLI judges stores as of today)."""
    today = dt.datetime.now(dt.UTC).replace(microsecond=0)
    Store.create(path, clean_document(blocked=blocked, now=today), actor="tests").close()
    with Workspace.open(path, actor="tests") as ws:
        for name, (content, kind) in FILES.items():
            details = EvidenceDetails(title=name, kind=EvidenceKind(kind), collected=today.date())
            import_evidence(ws, io.BytesIO(content), name, details, size=len(content))
    return path


@dataclass(frozen=True)
class Identities:
    folder: Path
    ca: Identity
    author: Identity
    reviewer: Identity
    approver: Identity
    self_signed: Identity

    def p12(self, who: str) -> Path:
        return self.folder / f"{who}.p12"

    def pem(self, who: str) -> Path:
        return self.folder / f"{who}.pem"


@pytest.fixture(scope="session")
def ids(tmp_path_factory: pytest.TempPathFactory) -> Identities:
    folder = tmp_path_factory.mktemp("identities")
    ca = create_ca(folder / "ca.p12", "Example Lab", PASSPHRASE)
    made = {
        "author": create_identity(
            folder / "author.p12", "Zoë Ångström", SignerRole.author, PASSPHRASE, ca=ca
        ),
        "reviewer": create_identity(
            folder / "reviewer.p12", "李雷", SignerRole.reviewer, PASSPHRASE, ca=ca
        ),
        "approver": create_identity(
            folder / "approver.p12", "Ибрагим Алиев", SignerRole.approver, PASSPHRASE, ca=ca
        ),
        "self_signed": create_identity(
            folder / "self_signed.p12", "Sam Solo", SignerRole.approver, PASSPHRASE
        ),
    }
    export_certificate(ca, folder / "ca.pem")
    for who, identity in made.items():
        export_certificate(identity, folder / f"{who}.pem")
    return Identities(folder=folder, ca=ca, **made)


def _packet(doc: CaseDocument, packet_id: str) -> bytes:
    return build_packet(
        doc,
        run_checks(doc, today=NOW.date()),
        packet_id=packet_id,
        generated_at=NOW,
        audit_head=None,
        blob_status={e.id: BlobStatus.present for e in doc.evidence},
    )


@pytest.fixture(scope="session")
def clean_packet() -> bytes:
    """An unsigned packet of a case the checks find no blocker in."""
    return _packet(with_evidence_records(clean_document()), "PKT-clean")


@pytest.fixture(scope="session")
def blocked_packet() -> bytes:
    """An unsigned packet of a case with one blocking finding."""
    return _packet(with_evidence_records(clean_document(blocked=True)), "PKT-blocked")


@pytest.fixture
def clean_store(tmp_path: Path) -> Path:
    return write_store(tmp_path / "clean.db")


@pytest.fixture
def blocked_store(tmp_path: Path) -> Path:
    return write_store(tmp_path / "blocked.db", blocked=True)


@dataclass(frozen=True)
class PdfsigSignature:
    field: str
    signer: str
    validation: str
    whole_document: bool


def _pdfsig(path: Path) -> list[PdfsigSignature]:
    # pdfsig always exits 0: its verdict is in the text.
    text = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    result = []
    for block in re.split(r"^Signature #\d+:$", text, flags=re.MULTILINE)[1:]:
        fields = dict(re.findall(r"^ +- ([^:\n]+): (.*)$", block, flags=re.MULTILINE))
        result.append(
            PdfsigSignature(
                field=fields.get("Signature Field Name", ""),
                signer=fields.get("Signer Certificate Common Name", ""),
                validation=fields.get("Signature Validation", ""),
                whole_document="- Total document signed" in block,
            )
        )
    return result


@pytest.fixture(scope="session")
def pdfsig(require_tool: Callable[[str], None]) -> Callable[[Path], list[PdfsigSignature]]:
    """``pdfsig(path)``: poppler's report on each signature of a PDF, parsed; tests using it
    skip where pdfsig is missing."""
    require_tool("pdfsig")
    return _pdfsig
