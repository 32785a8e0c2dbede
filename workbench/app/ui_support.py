"""Service operations the desktop app needs beyond the CLI's: batch evidence import, checks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from workbench.app.core import CancelFn, EvidenceDetails, ProgressFn, add_evidence_file, today
from workbench.app.workspace import Workspace
from workbench.domain import BlobStatus, CaseDocument, CheckReport, Evidence, WorkbenchError
from workbench.domain.wording import plural
from workbench.store import Cancelled


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


@dataclass(frozen=True)
class TriggerGauge:
    """How far one re-assessment trigger has come towards its limit (None: nothing recorded)."""

    key: str
    title: str
    value: float | None
    limit: float
    unit: str
    reached: bool
    detail: str

    @property
    def fraction(self) -> float:
        """The value as a share of the limit, 0 when nothing is recorded."""
        if self.value is None or self.limit <= 0:
            return 0.0
        return max(0.0, self.value / self.limit)

    @property
    def reading(self) -> str:
        """``"2.5× of 4×"``, ``"41 of 181 days"`` or ``"none recorded"``."""
        if self.value is None:
            return "none recorded"
        if self.unit == "×":
            return f"{self.value:g}× of {self.limit:g}×"
        return f"{self.value:g} of {self.limit:g} {self.unit}"


def trigger_status(doc: CaseDocument, on: dt.date) -> list[TriggerGauge]:
    """The re-assessment triggers the CMP and EVD checks judge, as numbers against their limits:
    effective compute, post-training months, age of the last comprehensive assessment and age of
    the newest approval, with the framework's limits (RSP v2.2: 4×, 6 months, 6 months, 365
    days). The decisions are the checks' own
    (workbench.checks.triggers)."""
    from workbench.checks.triggers import limits, newest_approval, preliminary_triggers, staleness

    model = doc.assessment.model
    lim = limits(doc.framework)
    triggers = preliminary_triggers(model, lim)
    last_pre = model.last_preliminary
    preliminary = (
        f"preliminary assessment {last_pre.isoformat()} answers it"
        if triggers.answered and last_pre is not None
        else "a preliminary assessment is due at the limit"
    )
    ratio = model.effective_compute_ratio
    months = model.post_training_months
    gauges = [
        TriggerGauge(
            "compute",
            "Effective compute vs the last assessed model",
            ratio,
            lim.compute_ratio,
            "×",
            triggers.compute_reached and not triggers.answered,
            preliminary if ratio is not None else "no effective-compute ratio recorded",
        ),
        TriggerGauge(
            "post_training",
            "Post-training improvement since the last assessment",
            months,
            lim.elicitation_months,
            "months",
            triggers.months_reached and not triggers.answered,
            preliminary if months is not None else "no post-training months recorded",
        ),
    ]
    state = staleness(model, on, lim)
    stale_limit = (on - state.stale_before).days
    if state.last is None or state.stale_after is None:
        gauges.append(
            TriggerGauge(
                "comprehensive_age",
                "Days since the last comprehensive assessment",
                None,
                stale_limit,
                "days",
                True,
                "no comprehensive assessment recorded",
            )
        )
    else:
        detail = (
            f"assessed {state.last.isoformat()}; stale after "
            f"{state.stale_after.isoformat()} ({state.months} months)"
        )
        if state.compute_increase:
            detail += f"; stale now: effective compute reached {lim.compute_ratio:g}× since"
        gauges.append(
            TriggerGauge(
                "comprehensive_age",
                "Days since the last comprehensive assessment",
                (on - state.last).days,
                stale_limit,
                "days",
                state.stale,
                detail,
            )
        )
    approval = newest_approval(doc, on)
    if approval is None:
        gauges.append(
            TriggerGauge(
                "approval_age",
                "Days since the newest approval",
                None,
                lim.reapproval_days,
                "days",
                False,
                "no approval signed yet",
            )
        )
    else:
        gauges.append(
            TriggerGauge(
                "approval_age",
                "Days since the newest approval",
                approval.age_days,
                approval.limit_days,
                "days",
                approval.due,
                f"approved by {approval.signoff.signer} on {approval.signed_on.isoformat()}; "
                f"re-approval every {approval.limit_days} days",
            )
        )
    return gauges
