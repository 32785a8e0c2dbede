"""The packet manifest: machine-readable state hash and evidence hashes, embedded in the PDF."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from io import BytesIO
from typing import Literal

from pydantic import Field
from pyhanko.pdf_utils import embed
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from workbench.domain import (
    STATE_HASH_FORMAT,
    AuditHead,
    CaseDocument,
    CheckReport,
    Model,
    Severity,
)
from workbench.signing.pdfsign import FieldSlot, add_signature_fields

#: Name of the embedded file (the PDF attachment) that holds the manifest.
MANIFEST_NAME = "manifest.json"
MANIFEST_FORMAT = "safety-case-workbench-packet/1"


class BlockingFinding(Model):
    rule: str
    subject: str


class PacketManifest(Model):
    """What a packet claims about the case it was written from; verify checks it."""

    format: Literal["safety-case-workbench-packet/1"] = "safety-case-workbench-packet/1"
    packet_id: str
    model: str
    framework: str
    state_hash: str
    #: How ``state_hash`` was computed (``workbench.domain.STATE_HASH_FORMATS``).
    state_hash_format: int = STATE_HASH_FORMAT
    required_asl: dict[str, str]
    standards: list[str] = Field(default_factory=list)
    evidence: dict[str, str] = Field(description="evidence id -> SHA-256 of its bytes")
    findings: dict[str, int] = Field(description="number of findings by severity")
    blocking: list[BlockingFinding] = Field(default_factory=list)
    generated_at: dt.datetime
    public: bool = False
    #: The store's audit head when the packet was written (None: written without a store):
    #: ``audit verify --anchor`` and ``verify --store`` check the store's chain still holds it.
    audit: AuditHead | None = None

    def to_bytes(self) -> bytes:
        return json.dumps(self.model_dump(mode="json"), indent=2, ensure_ascii=False).encode()


def build_manifest(
    doc: CaseDocument,
    report: CheckReport,
    *,
    packet_id: str,
    generated_at: dt.datetime,
    public: bool,
    state_hash: str | None = None,
    audit_head: tuple[int, str] | None = None,
) -> PacketManifest:
    """The manifest of a packet; ``state_hash`` saves hashing the document again if known."""
    counts = report.counts()
    return PacketManifest(
        packet_id=packet_id,
        model=doc.assessment.model.name,
        framework=doc.framework.id,
        state_hash=state_hash or doc.state_hash(),
        required_asl=report.required_asl.summary(),
        standards=list(report.required_asl.standards),
        evidence={e.id: e.sha256 for e in doc.evidence},
        findings={s.value: counts[s] for s in Severity},
        blocking=[
            BlockingFinding(rule=f.rule, subject=f.subject)
            for f in report.findings
            if f.severity == Severity.blocker
        ],
        generated_at=generated_at,
        public=public,
        audit=None if audit_head is None else AuditHead(seq=audit_head[0], hash=audit_head[1]),
    )


def embed_manifest(pdf: bytes, manifest: PacketManifest, slots: Sequence[FieldSlot] = ()) -> bytes:
    """Append the manifest as the embedded file ``manifest.json`` and the empty signature
    fields of ``slots`` (one incremental update)."""
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    data = embed.EmbeddedFileObject.from_file_data(
        writer,
        manifest.to_bytes(),
        mime_type="application/json",
        params=embed.EmbeddedFileParams(
            creation_date=manifest.generated_at, modification_date=manifest.generated_at
        ),
    )
    spec = embed.FileSpec(
        file_spec_string=MANIFEST_NAME,
        file_name=MANIFEST_NAME,
        embedded_data=data,
        description="Safety case packet manifest: state hash and evidence hashes",
    )
    embed.embed_file(writer, spec)
    add_signature_fields(writer, slots)
    # reportlab writes a fixed creation date (for reproducible bytes); give the real one.
    writer.document_meta.created = manifest.generated_at
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
