"""Audit log events: an append-only hash chain over every change to a store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from pydantic import Field

from workbench.domain.base import Model, Sha256, canonical_json, sha256_hex

GENESIS = "0" * 64


class AuditEvent(Model):
    seq: int
    actor: str
    at: dt.datetime
    action: str
    subject: str
    payload_hash: Sha256
    prev_hash: Sha256
    hash: Sha256

    @staticmethod
    def compute_hash(
        seq: int,
        actor: str,
        at: dt.datetime,
        action: str,
        subject: str,
        payload_hash: str,
        prev_hash: str,
    ) -> str:
        return sha256_hex(
            canonical_json(
                {
                    "seq": seq,
                    "actor": actor,
                    "at": at.isoformat(),
                    "action": action,
                    "subject": subject,
                    "payload_hash": payload_hash,
                    "prev_hash": prev_hash,
                }
            )
        )

    def expected_hash(self) -> str:
        return self.compute_hash(
            self.seq,
            self.actor,
            self.at,
            self.action,
            self.subject,
            self.payload_hash,
            self.prev_hash,
        )


# The hash of event ``seq`` commits to every event up to it, so a chain holding that event
# with that hash holds the same history up to there. Packets, sign-offs and seals record the
# head they saw (an *anchor*); a chain cut back below it, or rewritten with recomputed
# hashes, no longer holds it.
class AuditHead(Model):
    """A point of a store's audit chain: an event's seq and hash (seq 0: the empty chain)."""

    seq: int = Field(ge=0)
    hash: Sha256


@dataclass(frozen=True)
class ChainState:
    """What a store's audit chain says, for judging anchors against it."""

    intact: bool
    message: str
    """The verification's verdict (why it is broken, when it is)."""
    head: AuditHead
    hashes: Mapping[int, str] = field(default_factory=dict)
    """The hash of the events the anchors to judge name, by seq (those the chain has)."""

    def anchor_problem(self, anchor: AuditHead, what: str) -> str | None:
        """Why the chain does not contain and extend ``anchor`` (``what`` names where it was
        recorded: "the packet", "the seal"), or None when it does."""
        if not self.intact:
            return f"the store's audit chain is broken: {self.message}"
        if anchor.seq > self.head.seq:
            return (
                f"{what} recorded audit event {anchor.seq} but the store's chain ends at event "
                f"{self.head.seq}: later events were removed (the store was rolled back)"
            )
        found = self.hashes.get(anchor.seq, GENESIS if anchor.seq == 0 else None)
        if found != anchor.hash:
            return (
                f"the store's audit event {anchor.seq} is not the one {what} recorded "
                f"({anchor.hash[:16]}…, the store has {(found or 'none')[:16]}…): the chain "
                "was rewritten, or this is another store"
            )
        return None
