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
from workbench.app.operations import Operation
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
from workbench.runtime.inputs import check_evidence_file
from workbench.store import BlobInfo, CancelFn, Cancelled, ProgressFn, Store


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


def _record(blob: BlobInfo, filename: str, details: EvidenceDetails) -> Evidence:
    """The evidence record of stored bytes, described by the assessor's details and the file."""
    metadata = dict(details.metadata or {})
    suggested = metadata.pop("suggested", {}) if isinstance(metadata.get("suggested"), dict) else {}
    collected = details.collected
    if collected is None and suggested.get("collected"):
        collected = dt.date.fromisoformat(str(suggested["collected"])[:10])
    return Evidence(
        id=evidence_id(blob.sha256),
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


def _same_id_error(filename: str, sha256: str, existing: Evidence) -> StoreError:
    return StoreError(
        f"{filename} (SHA-256 {sha256}) shares its evidence id {existing.id} with "
        f"{existing.filename}; the store cannot hold both"
    )


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
                raise _same_id_error(filename, blob.sha256, existing)
            return existing, False
        evidence = _record(blob, filename, details)
        ws.apply(
            ChangeSet(
                f"Add evidence {eid}", "add evidence", (put("evidence", eid, None, evidence),)
            )
        )
    return evidence, True


def _readable(path: Path) -> Path:
    """``path`` if it is a regular file within the evidence limit; InputError otherwise
    (a named pipe or device is refused before it is read, so nothing blocks)."""
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path} is a directory; add the files in it one by one")
    check_evidence_file(path)
    return path


def _described(path: Path, details: EvidenceDetails) -> EvidenceDetails:
    """The details with the metadata extracted from the file (Inspect logs) added."""
    extracted = describe_file(path)
    if extracted:
        return dataclasses.replace(details, metadata={**extracted, **(details.metadata or {})})
    return details


def add_evidence_file(
    ws: Workspace,
    path: Path,
    details: EvidenceDetails,
    *,
    progress: ProgressFn | None = None,
    cancelled: CancelFn | None = None,
) -> tuple[Evidence, bool]:
    path = _readable(path)
    details = _described(path, details)
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


@dataclass(frozen=True)
class _StoredFile:
    """A file whose bytes are in the store, waiting for its evidence record."""

    path: Path
    blob: BlobInfo
    details: EvidenceDetails


@dataclass
class _Prepared:
    stored: list[_StoredFile] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    cancelled: bool = False


class ImportEvidence(Operation[ImportOutcome]):
    """Import evidence files: the bytes are streamed in ``prepare`` (on a worker thread in the
    desktop app, through its own connection), the records written in ``perform`` as one
    change set, so one undo takes the whole import back.

    A file that cannot be read is reported and the rest are still imported; a cancel stops
    the batch (the files streamed before it are still recorded). The stored bytes are
    content-addressed, so an undone import that is redone finds them again.
    """

    def __init__(self, files: Sequence[Path], details: EvidenceDetails) -> None:
        self.files = [Path(f) for f in files]
        self.details = details
        self._prepared: _Prepared | None = None
        self.label = f"Add {plural(len(self.files), 'evidence file')}"

    def prepare(
        self,
        store: Store,
        progress: ProgressFn | None = None,
        cancelled: CancelFn | None = None,
    ) -> None:
        prepared = self._prepared = _Prepared()
        sizes: dict[Path, int] = {}
        for path in self.files:
            try:
                sizes[path] = path.stat().st_size
            except OSError:
                sizes[path] = 0
        grand_total = sum(sizes.values())
        done_before = 0

        def overall(done: int, _total: int) -> None:
            if progress is not None:
                progress(done_before + done, grand_total)

        for path in self.files:
            try:
                readable = _readable(path)
                details = _described(readable, self.details)
                with readable.open("rb") as f, store.bulk_write():
                    blob = store.write_blob(
                        f, total=sizes[path], progress=overall, cancelled=cancelled
                    )
            except Cancelled:
                prepared.cancelled = True
                return
            except PermissionError:
                prepared.errors.append(f"{path.name}: cannot read {path}: permission denied")
            except WorkbenchError as exc:
                prepared.errors.append(f"{path.name}: {exc}")
            else:
                prepared.stored.append(_StoredFile(readable, blob, details))
            done_before += sizes[path]
            overall(0, grand_total)

    def perform(self, ws: Workspace) -> ImportOutcome:
        prepared = self._prepared
        if prepared is None:
            raise RuntimeError("ImportEvidence.perform before prepare")
        known = ws.document.evidence_by_id()
        added: dict[str, Evidence] = {}
        stored: list[Evidence] = []
        errors = list(prepared.errors)
        for item in prepared.stored:
            eid = evidence_id(item.blob.sha256)
            existing = known.get(eid) or added.get(eid)
            if existing is not None:
                if existing.sha256 != item.blob.sha256:
                    error = _same_id_error(item.path.name, item.blob.sha256, existing)
                    errors.append(f"{item.path.name}: {error}")
                else:
                    stored.append(existing)
                continue
            added[eid] = _record(item.blob, item.path.name, item.details)
        if added:
            label = (
                f"Add evidence {next(iter(added))}"
                if len(added) == 1
                else f"Add {plural(len(added), 'evidence file')}"
            )
            changes = tuple(put("evidence", eid, None, e) for eid, e in added.items())
            self.label = label
            ws.apply(ChangeSet(label, "add evidence", changes))
        return ImportOutcome(
            tuple(added.values()), tuple(stored), tuple(errors), cancelled=prepared.cancelled
        )
