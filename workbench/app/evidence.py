"""Evidence operations: stream files into the store by content hash and record them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import mimetypes
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from workbench.app.changes import ChangeSet, put
from workbench.app.clock import utc_now
from workbench.app.workspace import Workspace
from workbench.domain import (
    Evidence,
    EvidenceKind,
    InputError,
    StoreError,
    WorkbenchError,
    evidence_id,
)
from workbench.domain.wording import plural
from workbench.store import CancelFn, Cancelled, ProgressFn


@dataclass(frozen=True)
class EvidenceDetails:
    """What the assessor says about a file; None fields are filled from the file when known."""

    title: str | None = None
    kind: EvidenceKind | None = None
    team: str = ""
    collected: dt.date | None = None
    expires: dt.date | None = None
    evaluation: str | None = None
    methodology_version: str | None = None
    metadata: dict[str, Any] | None = None


def describe_file(path: Path) -> dict[str, Any]:
    """Metadata extracted from known formats (Inspect eval logs); {} for other files."""
    from workbench.interop.inspect_logs import read_inspect_log

    return read_inspect_log(path) or {}


def import_evidence(
    ws: Workspace,
    source: IO[bytes],
    filename: str,
    details: EvidenceDetails,
    *,
    size: int = 0,
    progress: ProgressFn | None = None,
    cancelled: CancelFn | None = None,
) -> tuple[Evidence, bool]:
    """Stream one file into the store and record it; returns (evidence, newly added)."""
    with ws.store.bulk_write(), ws.store.transaction():
        blob = ws.store.write_blob(source, total=size, progress=progress, cancelled=cancelled)
        eid = evidence_id(blob.sha256)
        # The id derives from the hash, so one record look-up finds a file stored before.
        stored = ws.store.get("evidence", eid)
        if stored is not None:
            existing = Evidence.model_validate(stored)
            if existing.sha256 != blob.sha256:
                raise StoreError(
                    f"{filename} (SHA-256 {blob.sha256}) shares its evidence id {eid} with "
                    f"{existing.filename}; the store cannot hold both"
                )
            return existing, False
        metadata = dict(details.metadata or {})
        suggested = (
            metadata.pop("suggested", {}) if isinstance(metadata.get("suggested"), dict) else {}
        )
        collected = details.collected
        if collected is None and suggested.get("collected"):
            collected = dt.date.fromisoformat(str(suggested["collected"])[:10])
        evidence = Evidence(
            id=eid,
            sha256=blob.sha256,
            size=blob.size,
            filename=filename,
            media_type=mimetypes.guess_type(filename)[0] or "application/octet-stream",
            title=details.title or suggested.get("title") or Path(filename).stem,
            kind=details.kind or EvidenceKind(suggested.get("kind", "other")),
            team=details.team,
            collected=collected,
            imported_at=utc_now(),
            expires=details.expires,
            evaluation=details.evaluation or suggested.get("evaluation"),
            methodology_version=details.methodology_version or suggested.get("methodology_version"),
            metadata=metadata,
        )
        ws.apply(
            ChangeSet(
                f"Add evidence {eid}", "add evidence", (put("evidence", eid, None, evidence),)
            )
        )
    return evidence, True


def add_evidence_file(
    ws: Workspace,
    path: Path,
    details: EvidenceDetails,
    *,
    progress: ProgressFn | None = None,
    cancelled: CancelFn | None = None,
) -> tuple[Evidence, bool]:
    path = Path(path)
    if not path.exists():
        raise InputError(f"no such evidence file: {path}")
    if path.is_dir():
        raise InputError(f"{path} is a directory; add the files in it one by one")
    extracted = describe_file(path)
    if extracted:
        details = dataclasses.replace(details, metadata={**extracted, **(details.metadata or {})})
    try:
        with path.open("rb") as f:
            return import_evidence(
                ws,
                f,
                path.name,
                details,
                size=path.stat().st_size,
                progress=progress,
                cancelled=cancelled,
            )
    except PermissionError:
        raise InputError(f"cannot read {path}: permission denied") from None


@dataclass(frozen=True)
class ImportOutcome:
    """What a batch import did: files added, files already stored, one line per failure."""

    added: tuple[Evidence, ...] = ()
    already_stored: tuple[Evidence, ...] = ()
    errors: tuple[str, ...] = ()
    cancelled: bool = False

    def summary(self) -> str:
        parts: list[str] = []
        if self.added:
            parts.append(f"added {plural(len(self.added), 'evidence file')}")
        if self.already_stored:
            parts.append(f"{plural(len(self.already_stored), 'file')} already stored")
        if self.cancelled:
            parts.append("import cancelled; the file being read was not stored")
        if self.errors:
            parts.append(f"{len(self.errors)} failed: {self.errors[0]}")
        return "; ".join(parts) or "nothing imported"


@dataclass
class _Totals:
    done_before: int = 0
    grand_total: int = 0
    sizes: dict[Path, int] = field(default_factory=dict)


def import_evidence_files(
    store_path: Path,
    files: Sequence[Path],
    details: EvidenceDetails,
    *,
    actor: str,
    progress: ProgressFn | None = None,
    cancelled: CancelFn | None = None,
) -> ImportOutcome:
    """Import files one after another through a workspace of this thread's own.

    SQLite connections must not cross threads, so a background import opens the store
    itself; the caller's workspace sees the new records at its next read. A file that
    cannot be read is reported and the rest are still imported; a cancel stops the batch.
    """
    totals = _Totals()
    for path in files:
        try:
            size = Path(path).stat().st_size
        except OSError:
            size = 0
        totals.sizes[Path(path)] = size
        totals.grand_total += size
    added: list[Evidence] = []
    stored: list[Evidence] = []
    errors: list[str] = []

    def overall(done: int, _total: int) -> None:
        if progress is not None:
            progress(totals.done_before + done, totals.grand_total)

    with Workspace.open(Path(store_path), actor=actor) as ws:
        for path in files:
            path = Path(path)
            try:
                evidence, new = add_evidence_file(
                    ws, path, details, progress=overall, cancelled=cancelled
                )
            except Cancelled:
                return ImportOutcome(tuple(added), tuple(stored), tuple(errors), cancelled=True)
            except WorkbenchError as exc:
                errors.append(f"{path.name}: {exc}")
            else:
                (added if new else stored).append(evidence)
            totals.done_before += totals.sizes[path]
            overall(0, totals.grand_total)
    return ImportOutcome(tuple(added), tuple(stored), tuple(errors))
