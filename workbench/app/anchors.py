"""Audit anchors: seal a store's audit head, and check a store's chain against the heads that
packets and seals recorded outside it (``workbench audit seal`` / ``audit verify --anchor``).

The chain in the store proves only that it is consistent with itself: whoever can write the
file can cut it back or recompute it. A head recorded elsewhere, in a signed packet or seal,
is what such a rewrite cannot match: the store's event at that seq must still carry that hash.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from cryptography import x509

from workbench.app import clock
from workbench.app.workspace import Workspace
from workbench.domain import AuditHead, ChainState, InputError, StoreError
from workbench.runtime.fileio import atomic_write_bytes
from workbench.runtime.inputs import read_input_bytes
from workbench.signing import (
    Identity,
    SealedStore,
    SealStatement,
    load_certificates,
    load_identity,
    require_signer,
    seal_bytes,
    verify_pdf,
    verify_seal,
)
from workbench.store import AuditVerification


@dataclass(frozen=True)
class Anchor:
    """An audit head recorded outside the store, read back with its signature checked."""

    path: Path
    kind: Literal["packet", "seal"]
    head: AuditHead
    signer: str
    made_at: dt.datetime | None
    chain_start: str | None
    """The hash of the first event of the chain a seal was made of (packets do not say)."""
    problems: tuple[str, ...] = ()
    """Why its signature does not count (not signed, changed, not trusted)."""


@dataclass(frozen=True)
class AnchorCheck:
    anchor: Anchor
    problems: tuple[str, ...]
    """The anchor's own problems, then what the store's chain says against it."""

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def chain_problems(self) -> tuple[str, ...]:
        """What the store's chain says against the anchor (its own problems left out)."""
        return self.problems[len(self.anchor.problems) :]


@dataclass(frozen=True)
class ChainReport:
    """``audit verify``: the chain walked, and each anchor judged against it."""

    verification: AuditVerification
    anchors: tuple[AnchorCheck, ...] = ()

    @property
    def ok(self) -> bool:
        return self.verification.ok and all(a.ok for a in self.anchors)


@dataclass(frozen=True)
class SealResult:
    path: Path
    statement: SealStatement
    identity: Identity


def chain_state(
    ws: Workspace, seqs: Iterable[int] = (), verification: AuditVerification | None = None
) -> ChainState:
    """The store's chain, verified (unless ``verification`` is its verdict already), with
    the hashes of the events ``seqs`` name."""
    verification = verification or ws.store.verify_audit()
    seq, digest = ws.store.audit_head()
    return ChainState(
        intact=verification.ok,
        message=verification.message,
        head=AuditHead(seq=seq, hash=digest),
        hashes=ws.store.audit_hashes(seqs),
    )


def _packet_anchor(path: Path, pdf: bytes, roots: Sequence[x509.Certificate]) -> Anchor:
    report = verify_pdf(pdf, trust_roots=roots, source=str(path))
    claims = report.manifest.claims
    if claims is None:
        raise InputError(f"{path} is not a workbench packet (it has no readable manifest.json)")
    if claims.audit is None:
        raise InputError(
            f"{path} records no audit head (written without a store, or by an earlier version)"
        )
    problems: list[str] = []
    if not report.valid:
        problems += report.problems
        for signature in report.signatures:
            problems += [f"{signature.field}: {p}" for p in signature.problems]
        if not report.manifest.consistent:
            problems += report.manifest.problems
        if not problems:
            problems.append("its signatures do not verify")
    signers = ", ".join(s.signer for s in report.signatures) or "nobody"
    times = [s.signed_at for s in report.signatures if s.signed_at is not None]
    made_at = max(times, default=None)
    return Anchor(path, "packet", claims.audit, signers, made_at, None, tuple(problems))


def read_anchor(path: Path, trust_roots: Sequence[x509.Certificate]) -> Anchor:
    """A packet (PDF) or seal (JSON) as an anchor, its signature checked against the roots;
    a file that is neither, or a packet that records no head, is an InputError."""
    path = Path(path)
    data = read_input_bytes(path, "anchor")
    if data.lstrip()[:5] == b"%PDF-":
        return _packet_anchor(path, data, trust_roots)
    check = verify_seal(data, trust_roots=trust_roots, source=str(path))
    statement = check.statement
    return Anchor(
        path,
        "seal",
        statement.audit,
        check.signer,
        statement.sealed_at,
        statement.store.chain_start,
        check.problems,
    )


def judge(anchor: Anchor, chain: ChainState) -> AnchorCheck:
    """Whether the store's chain contains and extends the head ``anchor`` recorded."""
    problems = list(anchor.problems)
    what = f"the {anchor.kind}"
    start = chain.hashes.get(1)
    if anchor.chain_start is not None and start is not None and start != anchor.chain_start:
        problems.append(
            f"the seal is of a chain that begins with event {anchor.chain_start[:16]}…, this "
            f"store's begins with {start[:16]}…: another store, or its chain was rewritten "
            "from the start"
        )
    else:
        problem = chain.anchor_problem(anchor.head, what)
        if problem:
            problems.append(problem)
    return AnchorCheck(anchor, tuple(problems))


def verify_chain(
    store: Path, *, anchors: Sequence[Path] = (), trust: Sequence[Path] = ()
) -> ChainReport:
    """Walk the store's audit chain and judge it against each anchor (packet or seal).

    An anchor counts only when its signature is intact and its signer chains to one of the
    ``trust`` certificates; the anchors are read before the store is opened, so a file that
    is not one changes nothing and is refused.
    """
    roots = load_certificates(trust)
    read = [read_anchor(Path(a), roots) for a in anchors]
    with Workspace.open(Path(store)) as ws:
        verification = ws.store.verify_audit()
        chain = chain_state(ws, {a.head.seq for a in read} | {1}, verification)
    if not verification.ok:
        return ChainReport(verification)
    return ChainReport(verification, tuple(judge(a, chain) for a in read))


def seal_store(
    store: Path,
    identity_path: Path,
    passphrase: str,
    out: Path,
    *,
    now: dt.datetime | None = None,
) -> SealResult:
    """Write a seal of the store's audit head signed by the identity; a store whose chain
    is broken is not sealed (the seal would vouch for a forged history). An existing
    ``out`` is never replaced: it may be an earlier seal, or the store itself."""
    if os.path.lexists(out):
        raise InputError(f"{out} already exists; give the seal a new file name")
    identity = load_identity(Path(identity_path), passphrase)
    require_signer(identity, Path(identity_path))
    moment = (now or clock.utc_now()).astimezone(dt.UTC)
    with Workspace.open(Path(store)) as ws:
        chain = chain_state(ws, [1])
        if not chain.intact:
            raise StoreError(f"{store} was not sealed: its audit chain is broken: {chain.message}")
        doc = ws.document
        statement = SealStatement(
            store=SealedStore(
                chain_start=chain.hashes[1],
                assessment=doc.assessment.id,
                title=doc.assessment.title,
                model=doc.assessment.model.name,
            ),
            audit=chain.head,
            revision=ws.store.revision,
            state_hash=doc.state_hash(),
            sealed_at=moment,
        )
    atomic_write_bytes(Path(out), seal_bytes(statement, identity))
    return SealResult(Path(out), statement, identity)
