"""Service operations the desktop app needs beyond the CLI's: batch evidence import, checks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from workbench.app.core import CancelFn, EvidenceDetails, add_evidence_file, today
from workbench.app.workspace import Workspace
from workbench.domain import BlobStatus, CaseDocument, CheckReport, Evidence, WorkbenchError
from workbench.store import Cancelled

ProgressFn = Callable[[int, int], None]


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
            parts.append(f"added {len(self.added)} evidence file{_s(len(self.added))}")
        if self.already_stored:
            n = len(self.already_stored)
            parts.append(f"{n} file{_s(n)} already stored")
        if self.cancelled:
            parts.append("import cancelled; the file being read was not stored")
        if self.errors:
            parts.append(f"{len(self.errors)} failed: {self.errors[0]}")
        return "; ".join(parts) or "nothing imported"


def _s(n: int) -> str:
    return "" if n == 1 else "s"


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


def check_document(
    doc: CaseDocument,
    blob_status: Mapping[str, BlobStatus],
    *,
    on: dt.date | None = None,
) -> CheckReport:
    """Run every check on a document already read (pure: safe on a worker thread)."""
    from workbench.checks import run_checks

    return run_checks(doc, today=on or today(), blob_status=blob_status)


def elements_matching(doc: CaseDocument, hits: Iterable[tuple[str, str]]) -> set[str]:
    """Element ids for search hits: matching elements and the solutions citing matching evidence."""
    pairs = list(hits)
    elements = {i for kind, i in pairs if kind == "element"}
    evidence = {i for kind, i in pairs if kind == "evidence"}
    if evidence:
        for element in doc.case.elements:
            if evidence.intersection(element.evidence):
                elements.add(element.id)
    return elements & set(doc.case.by_id)
