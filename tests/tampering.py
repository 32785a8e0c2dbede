"""Tampering with a store from outside the workbench, as someone with plain SQL and SHA-256
can: what the audit tests (store, anchors) must catch or, for what the chain alone cannot
prove, show passing."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from workbench.domain import GENESIS, AuditEvent


def tamper(path: Path, sql: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute(sql)
    conn.commit()
    conn.close()


def roll_back(path: Path, seq: int, *, also: Sequence[str] = ()) -> None:
    """What the issue describes: delete the events after ``seq``, put the records back as
    they were then (from a copy of that time, ``path``.then), point ``meta.audit_head`` at
    ``seq``; then run the ``also`` statements."""
    conn = sqlite3.connect(path)
    conn.execute("ATTACH DATABASE ? AS old", [f"{path}.then"])
    conn.execute("DELETE FROM audit WHERE seq > ?", [seq])
    conn.execute("DELETE FROM records")
    conn.execute("INSERT INTO records SELECT * FROM old.records")
    (digest,) = conn.execute("SELECT hash FROM audit WHERE seq = ?", [seq]).fetchone()
    conn.execute("UPDATE meta SET value = ? WHERE key = 'audit_head'", [f"{seq}:{digest}"])
    for sql in also:
        conn.execute(sql)
    conn.commit()
    conn.close()


def forge_chain(path: Path, *, seq: int, actor: str) -> None:
    """Rewrite event ``seq``'s actor and recompute every hash from there, as someone with
    plain SQL and SHA-256 can; ``meta.audit_head`` follows."""
    conn = sqlite3.connect(path)
    rows = conn.execute(
        "SELECT seq, actor, at, action, subject, payload_hash FROM audit ORDER BY seq"
    ).fetchall()
    prev = GENESIS
    for n, who, at, action, subject, payload in rows:
        who = actor if n == seq else who
        digest = AuditEvent.compute_hash(
            n, who, dt.datetime.fromisoformat(at), action, subject, payload, prev
        )
        conn.execute(
            "UPDATE audit SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?",
            [who, prev, digest, n],
        )
        prev = digest
    conn.execute("UPDATE meta SET value = ? WHERE key = 'audit_head'", [f"{rows[-1][0]}:{prev}"])
    conn.commit()
    conn.close()
