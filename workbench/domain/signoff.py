"""Sign-off: who signed what state of the case, with which meaning."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from workbench.domain.audit import AuditHead
from workbench.domain.base import Ident, Model, Sha256


class SignerRole(StrEnum):
    author = "author"
    reviewer = "reviewer"
    approver = "approver"


class Meaning(StrEnum):
    authored = "authored"
    reviewed = "reviewed"
    approved = "approved"


#: The meaning each role may give a signature.
MEANING_FOR_ROLE = {
    SignerRole.author: Meaning.authored,
    SignerRole.reviewer: Meaning.reviewed,
    SignerRole.approver: Meaning.approved,
}


class SignOff(Model):
    id: Ident
    signer: str
    role: SignerRole
    meaning: Meaning
    signed_at: dt.datetime
    state_hash: Sha256
    packet_id: str | None = None
    certificate_sha256: Sha256 | None = None
    state_hash_format: int | None = None
    """The state-hash format ``state_hash`` was computed with (``document.STATE_HASH_FORMATS``);
    None for a sign-off recorded before formats were recorded: any known format may match."""
    audit_head: AuditHead | None = None
    """The store's audit head when the sign-off was recorded (an anchor: the chain must keep
    it); None for a sign-off recorded before heads were recorded."""
