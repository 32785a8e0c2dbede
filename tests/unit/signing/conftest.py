"""Fixtures for signing tests: an organisation CA and signers made once per session, packets
of a case with no blockers and of one with blockers, stores holding them, and pdfsig."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.sign.timestamps import DummyTimeStamper

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


# ------------------------------------------------------------------- timestamp authority
@dataclass(frozen=True)
class TestTsa:
    """A timestamp authority whose certificate the organisation CA issued (RSA: pyHanko's
    DummyTimeStamper signs with RSA only)."""

    certificate: x509.Certificate
    stamper: DummyTimeStamper


def _tsa(ca: Identity) -> TestTsa:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Example Lab TSA")]))
        .issuer_name(ca.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        )
        .sign(ca.private_key, hashes.SHA256())
    )
    key_der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    stamper = DummyTimeStamper(
        asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER)),
        asn1_keys.PrivateKeyInfo.load(key_der),
    )
    return TestTsa(certificate, stamper)


@pytest.fixture(scope="session")
def tsa(ids: Identities) -> TestTsa:
    return _tsa(ids.ca)


class _TsaHandler(BaseHTTPRequestHandler):
    stamper: DummyTimeStamper
    requests: list[bytes]

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.requests.append(body)
        reply = self.stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, format: str, *args: object) -> None:
        return


@dataclass(frozen=True)
class HttpTsa:
    url: str
    requests: list[bytes]


@pytest.fixture
def http_tsa(tsa: TestTsa) -> Iterator[HttpTsa]:
    """An RFC 3161 timestamp authority over HTTP on 127.0.0.1 (a free port), answering with
    the test TSA's tokens; ``requests`` records each request body."""
    seen: list[bytes] = []
    handler = type("Handler", (_TsaHandler,), {"stamper": tsa.stamper, "requests": seen})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield HttpTsa(f"http://127.0.0.1:{server.server_address[1]}/tsa", seen)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


# ------------------------------------------------------------------ identities gone wrong
def issue(
    ca: Identity,
    name: str,
    role: SignerRole,
    *,
    not_before: dt.datetime,
    not_after: dt.datetime,
    usage: x509.KeyUsage | None = None,
) -> Identity:
    """A signer certificate from ``ca`` with the validity and key usage given (not saved)."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, name),
            x509.NameAttribute(NameOID.TITLE, role.value),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, ca.name),
        ]
    )
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
    )
    if usage is not None:
        builder = builder.add_extension(usage, critical=True)
    certificate = builder.sign(ca.private_key, hashes.SHA256())
    return Identity(name, role, False, certificate, key, (ca.certificate,))


ENCIPHER_ONLY_USAGE = x509.KeyUsage(
    digital_signature=False,
    content_commitment=False,
    key_encipherment=True,
    data_encipherment=False,
    key_agreement=False,
    key_cert_sign=False,
    crl_sign=False,
    encipher_only=False,
    decipher_only=False,
)
SIGNER_USAGE = x509.KeyUsage(
    digital_signature=True,
    content_commitment=True,
    key_encipherment=False,
    data_encipherment=False,
    key_agreement=False,
    key_cert_sign=False,
    crl_sign=False,
    encipher_only=False,
    decipher_only=False,
)


@pytest.fixture(scope="session")
def other_ca(tmp_path_factory: pytest.TempPathFactory) -> Identity:
    """Another organisation's CA."""
    return create_ca(tmp_path_factory.mktemp("other") / "other.p12", "Other Lab", PASSPHRASE)
