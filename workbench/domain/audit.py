"""Audit log events: an append-only hash chain over every change to a store."""

from __future__ import annotations

import datetime as dt

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
