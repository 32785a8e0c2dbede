"""Evidence: immutable files addressed by SHA-256, with what the assessor knows about them."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from workbench.domain.base import Ident, Metadata, Model, Sha256


class EvidenceKind(StrEnum):
    capability_report = "capability_report"
    safeguards_report = "safeguards_report"
    eval_log = "eval_log"
    red_team_report = "red_team_report"
    audit = "audit"
    policy = "policy"
    other = "other"


class BlobStatus(StrEnum):
    """What the store knows about an evidence record's bytes."""

    present = "present"  # stored, and the stored hash matches the record
    missing = "missing"  # the record exists but no bytes are stored (e.g. imported JSON)
    corrupt = "corrupt"  # the stored bytes no longer hash to the recorded SHA-256


#: Kinds that can back a capability determination.
CAPABILITY_KINDS = frozenset({EvidenceKind.capability_report, EvidenceKind.eval_log})


def evidence_id(sha256: str) -> str:
    """The id an evidence file gets from its content hash (stable across stores)."""
    return f"EV-{sha256[:12]}"


class Evidence(Model):
    id: Ident
    sha256: Sha256
    size: int = Field(ge=0)
    filename: str
    media_type: str = "application/octet-stream"
    title: str
    kind: EvidenceKind = EvidenceKind.other
    team: str = ""
    collected: dt.date | None = Field(default=None, description="when the evidence was produced")
    imported_at: dt.datetime
    expires: dt.date | None = None
    superseded_by: Ident | None = None
    evaluation: str | None = Field(default=None, description="evaluation this evidence belongs to")
    methodology_version: str | None = None
    metadata: Metadata = Field(default_factory=dict)
