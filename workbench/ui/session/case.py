"""The open case: workspace, undo stack, live checks, and the signals every view listens to."""

from __future__ import annotations

import dataclasses
import gc
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from workbench.app import Change, ChangeSet, Mode, Workspace, operations
from workbench.app.checking import blob_status, check_document_and_matrix
from workbench.app.clock import today
from workbench.app.operations import Call, Changes, Edit, Operation, Outcome, Source
from workbench.app.review import Recorded
from workbench.domain import (
    BlobStatus,
    CaseDocument,
    CheckReport,
    ReadOnlyStore,
    Severity,
    WorkbenchError,
)
from workbench.domain.case import ARGUING
from workbench.domain.wording import plural
from workbench.ui.session.tasks import TaskContext, TaskHandle, run_task

if TYPE_CHECKING:
    from workbench.checks import RequirementStatus

log = logging.getLogger("workbench.ui.session.case")

RecordT = TypeVar("RecordT")
T = TypeVar("T")

#: Above this many elements, checks run on a worker thread instead of the GUI thread.
BACKGROUND_ELEMENTS = 1500
#: Quiet time after an edit before the checks run again (ms).
CHECK_DELAY_MS = 250
#: A big case is first checked this long after opening (ms), once the window is up and idle.
FIRST_BACKGROUND_DELAY_MS = 300
#: How often the store is polled for changes made by other processes (ms).
POLL_MS = 1500


class _CollectorPause:
    """Python's cyclic garbage collector held off while a big case is checked on a worker.

    A check of a big case allocates hundreds of thousands of objects; each collection the
    allocations trigger traverses the large lists and dicts still young, on whichever thread
    allocates, holding the GIL: stalls of 50–800 ms on the GUI thread. Held off, the check's
    garbage is still freed by reference counting as it goes; when the run is over, what is
    still alive (the document, the results) moves to the permanent generation
    (``gc.freeze``), so that later collections do not traverse it again.
    """

    def __init__(self) -> None:
        self._holders = 0

    def hold(self) -> None:
        if self._holders == 0:
            gc.disable()
        self._holders += 1

    def release(self) -> None:
        if self._holders == 0:
            return
        self._holders -= 1
        if self._holders == 0:
            gc.freeze()
            gc.enable()

    @staticmethod
    def settle() -> None:
        """A big document was just read or written: keep later collections off it.

        Each write of a big case makes new lists and dicts of every element (the document
        is immutable); young, they would be traversed by every collection until promoted."""
        gc.freeze()


COLLECTOR = _CollectorPause()


@dataclass(frozen=True)
class Badges:
    """What the outline and the diagram mark on one element."""

    undeveloped: bool = False
    open_challenges: int = 0
    findings: dict[str, int] = field(default_factory=dict)

    @property
    def worst(self) -> str | None:
        for severity in ("blocker", "major", "minor"):
            if self.findings.get(severity):
                return severity
        return None

    @property
    def failing(self) -> int:
        return sum(self.findings.get(s, 0) for s in ("blocker", "major", "minor"))

    def labels(self) -> list[tuple[str, str]]:
        """(text, colour key) pairs: ``("2 blocker", "blocker")``, ``("undeveloped", …)``."""
        result: list[tuple[str, str]] = []
        for severity in ("blocker", "major", "minor"):
            n = self.findings.get(severity, 0)
            if n:
                result.append((f"{n} {severity}", severity))
        if self.open_challenges:
            result.append((plural(self.open_challenges, "challenge"), "challenge"))
        if self.undeveloped:
            result.append(("undeveloped", "undeveloped"))
        return result


NO_BADGES = Badges()


@dataclass(frozen=True)
class CheckResult:
    """One run of the checks, tagged with the document it judged."""

    generation: int
    document: CaseDocument
    report: CheckReport
    matrix: dict[str, RequirementStatus]


class ChangeSetCommand(QUndoCommand):
    """One user action on the undo stack: redo writes the change set, undo its inverse."""

    def __init__(self, session: CaseSession, change_set: ChangeSet, merge_key: str | None) -> None:
        super().__init__(change_set.label)
        self.session = session
        self.change_set = change_set
        self.merge_key = merge_key
        self._applied = True  # pushed after a successful write: the first redo is a no-op

    def redo(self) -> None:
        """QUndoCommand.redo."""
        if self._applied:
            self._applied = False
            return
        self.session._write_from_stack(self.change_set, "redo")

    def undo(self) -> None:
        """QUndoCommand.undo."""
        self.session._write_from_stack(self.change_set.inverse(), "undo")

    def id(self) -> int:
        """QUndoCommand.id: commands with a merge key may merge (text typed in bursts)."""
        return 1 if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        """QUndoCommand.mergeWith: one undo step for one editing burst of the same field."""
        if not isinstance(other, ChangeSetCommand) or other.merge_key != self.merge_key:
            return False
        mine, theirs = self.change_set.changes, other.change_set.changes
        if (
            len(mine) != 1
            or len(theirs) != 1
            or (mine[0].kind, mine[0].id)
            != (
                theirs[0].kind,
                theirs[0].id,
            )
        ):
            return False
        merged = Change(mine[0].kind, mine[0].id, mine[0].before, theirs[0].after)
        self.change_set = ChangeSet(other.change_set.label, other.change_set.action, (merged,))
        self.setText(other.change_set.label)
        if merged.before == merged.after:
            self.setObsolete(True)
        return True


class CaseSession(QObject):
    """One open store as the views see it: the document, its findings, and how to change it.

    Every write runs as an operation (``workbench.app.operations``) through ``run`` or
    ``run_in_background``; what it wrote goes on the undo stack and ``changed`` tells the
    views which records changed, so each refreshes only what it shows.
    """

    changed = Signal(object)  # Changes
    checked = Signal(object)  # CheckResult
    checkStarted = Signal()
    errorRaised = Signal(str)
    #: The store became unwritable (deleted, moved, replaced, made read-only) or writable
    #: again (saved as a new store): ``store_problem`` says which.
    storeStateChanged = Signal()
    messageRaised = Signal(str)
    dayChanged = Signal(object)  # datetime.date: a new (UTC) day began while the store was open

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.undo_stack = QUndoStack(self)
        self._document = workspace.document
        self.result: CheckResult | None = None
        self.badges: dict[str, Badges] = {}
        #: Element ids whose badges the last rebuild changed (what the views must repaint).
        self.badges_changed: set[str] = set()
        self._undeveloped: set[str] = set()
        self.blob_status: dict[str, BlobStatus] = self._read_blob_status()
        self._generation = 0
        self._checking = False
        self._holding_collector = False
        self._closed = False
        #: True once the store's file was deleted, moved, replaced or made read-only.
        self.store_lost = False
        #: Why the store cannot be written (opened read-only, or lost while open), or None.
        self.store_problem: str | None = (
            f"{workspace.path.name} is read-only ({workspace.read_only})"
            if workspace.read_only is not None
            else None
        )
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.run_checks)
        self._poll_timer = QTimer(self)
        self._poll_timer.setInterval(POLL_MS)
        self._poll_timer.timeout.connect(self._poll)
        self.day = today()
        self._poll_timer.start()
        self._recompute_badges()
        self._settle()

    def _settle(self) -> None:
        if len(self._document.case.elements) > BACKGROUND_ELEMENTS:
            COLLECTOR.settle()

    # ---------------------------------------------------------------- reading
    @property
    def document(self) -> CaseDocument:
        return self._document

    @property
    def path(self) -> Path:
        return self.workspace.path

    @property
    def review_mode(self) -> bool:
        """Review mode: challenges may be raised; nothing else changed, no challenge answered."""
        return self.workspace.mode == Mode.reviewer

    @property
    def read_only(self) -> bool:
        """The argument, evidence and records cannot be changed: review mode, or a store that
        cannot be written (a read-only file or folder, or lost while open)."""
        return self.review_mode or self.store_problem is not None

    @property
    def writable(self) -> bool:
        """The store can be written (a reviewer's challenges too)."""
        return self.store_problem is None

    def read_only_why(self, doing: str) -> str:
        """Why ``doing`` (e.g. "add evidence") is refused here, as one line."""
        if self.store_problem is not None:
            return f"cannot {doing}: {self.store_problem}"
        return f"review mode cannot {doing}; add a challenge instead"

    @property
    def checking(self) -> bool:
        return self._checking or self._check_timer.isActive()

    def _read_blob_status(self) -> dict[str, BlobStatus]:
        """What the store holds of each evidence file's bytes (sizes checked, not re-hashed)."""
        try:
            return blob_status(self.workspace)
        except WorkbenchError as exc:
            self.errorRaised.emit(str(exc))
            return {}

    def _poll(self) -> None:
        """Every POLL_MS: notice the store's file deleted, moved, replaced or made read-only,
        pick up changes made elsewhere, and a new day (deadlines move on: evidence expires,
        assessments fall overdue, triggers come due)."""
        self.check_store()
        changed = self.refresh()
        day = today()
        if day != self.day:
            self.day = day
            self.dayChanged.emit(day)
            if not changed:
                self.schedule_checks(0)

    def check_store(self) -> bool:
        """Look at the store's file (one stat); True, and ``storeStateChanged``, when it was
        just found deleted, moved, replaced or made read-only: editing stops, the views keep
        what is typed, and nothing later is reported saved."""
        if self.store_problem is not None:
            return False
        lost = self.workspace.lost()
        if lost is None:
            return False
        self.store_problem = f"{self.path.name} {lost} while it was open"
        self.store_lost = True
        log.warning("store %s: %s", self.path, lost)
        self.storeStateChanged.emit()
        return True

    def save_copy(self, path: Path) -> bool:
        """Save As: write the store as this session reads it (every saved edit, the evidence,
        the audit log) to a new file and carry on there, with the undo history; the views
        keep what they hold (typed text too). False, with a message, when it cannot."""
        mode, actor = self.workspace.mode, self.workspace.actor
        try:
            self.workspace.save_copy(path)
            workspace = Workspace.open(path, actor=actor, mode=mode)
        except WorkbenchError as exc:
            self.errorRaised.emit(str(exc))
            return False
        old, self.workspace = self.workspace, workspace
        old.close()
        self.store_lost = False
        self.store_problem = (
            f"{path.name} is read-only ({workspace.read_only})"
            if workspace.read_only is not None
            else None
        )
        self._document = workspace.document
        self.storeStateChanged.emit()
        self._adopt(Changes.reload(f"saved as {path.name}"))
        return True

    def _stale(self) -> bool:
        """True when the store was written elsewhere since the document the views show."""
        try:
            return self.workspace.document is not self._document
        except WorkbenchError:
            return False  # the write reports it

    def refresh(self) -> bool:
        """Re-read the store; True (and a re-read notice) when it changed since the last read."""
        try:
            current = self.workspace.document
        except WorkbenchError as exc:
            self.errorRaised.emit(str(exc))
            return False
        if current is self._document:
            return False
        self._adopt(Changes.reload("changed elsewhere"))
        return True

    def written_elsewhere(self, change_set: ChangeSet) -> None:
        """A change set this process wrote through another connection (a packet's sign-off
        recorded by the worker that signed it): shown at once, not at the next poll.

        Not undoable: a signature on a PDF already written cannot be taken back."""
        followed = self.workspace.follow(change_set)
        changes = Changes.of_change_set(change_set, source="reload")
        self._adopt(changes if followed else changes.as_reload())

    def _adopt(self, changes: Changes) -> None:
        """The workspace's document is current again: badges, then the views, then checks."""
        self._document = self.workspace.document
        if changes.touches("evidence"):
            self.blob_status = self._read_blob_status()
        self._update_badges(changes)
        self.changed.emit(changes)
        self._settle()
        self.schedule_checks()

    # ---------------------------------------------------------------- writing
    def run(self, operation: Operation[T], *, merge_key: str | None = None) -> Outcome[T] | None:
        """Apply an operation (already prepared, or with nothing slow to prepare) and put what
        it wrote on the undo stack; ``changed`` names what changed.

        Errors the user can cause (bad input, review mode, a conflict) are reported with
        ``errorRaised`` and return None; nothing of the refused change set is written, and
        what others wrote meanwhile is read back.
        """
        if isinstance(operation, Call) and self._stale():
            # A service reads the store as it is now; the user acted on what the window
            # showed. Written elsewhere since, it is shown first and nothing is written.
            self._adopt(Changes.reload("changed elsewhere"))
            self.errorRaised.emit(
                f"{self.path.name} was changed elsewhere since it was shown; nothing was "
                "written: look at it again and retry"
            )
            return None
        try:
            outcome = operations.apply(self.workspace, operation)
        except WorkbenchError as exc:
            self.errorRaised.emit(str(exc))
            if isinstance(exc, ReadOnlyStore):
                self.check_store()
            self.refresh()
            return None
        change_set = outcome.change_set
        if change_set.changes:
            if operation.undoable:
                self.undo_stack.push(ChangeSetCommand(self, change_set, merge_key))
            self.messageRaised.emit(f"Saved: {change_set.label}")
            self._adopt(outcome.changes)
        return outcome

    def run_in_background(
        self,
        operation: Operation[T],
        on_done: Callable[[Outcome[T] | None], None],
        on_progress: Callable[[int, int], None] | None = None,
    ) -> TaskHandle:
        """Prepare an operation on a worker thread (its own store connection), then apply it
        here on the GUI thread through ``run``: it lands on the undo stack like any edit.

        ``on_done`` gets the outcome, or None when it failed (the error is reported) or the
        store was closed meanwhile.
        """
        store_path = self.path

        def work(context: TaskContext) -> Operation[T]:
            return operations.prepare_elsewhere(
                store_path, operation, progress=context.progress, cancelled=context.cancelled
            )

        def prepared(ready: Operation[T]) -> None:
            on_done(None if self._closed else self.run(ready))

        def failed(exc: Exception) -> None:
            if not isinstance(exc, WorkbenchError):
                raise exc
            if not self._closed:
                self.errorRaised.emit(str(exc))
            on_done(None)

        return run_task(work, prepared, failed, on_progress)

    def edit(
        self,
        build: Callable[[CaseDocument], ChangeSet],
        *,
        on: CaseDocument | None = None,
        merge_key: str | None = None,
    ) -> bool:
        """Build a change set from the document the user acted on (``on``: one a view held,
        e.g. the one typed text was loaded from; else the one the window shows), write it,
        and put it on the undo stack. A record changed elsewhere since is refused.

        Errors the user can cause (bad input, review mode, a conflict) are reported with
        ``errorRaised`` and return False; nothing is written then.
        """
        seen = on if on is not None else self._document
        return self.run(Edit(build, on=seen), merge_key=merge_key) is not None

    def record(
        self, operation: Callable[[Workspace], Recorded[RecordT]]
    ) -> Recorded[RecordT] | None:
        """Run one review or compliance operation of ``workbench.app`` (it writes through the
        workspace) and put what it wrote on the undo stack.

        Errors the user can cause are reported with ``errorRaised`` and return None.
        """
        outcome = self.run(Call(operation))
        return None if outcome is None else outcome.result

    def _write_from_stack(self, change_set: ChangeSet, source: Source) -> None:
        """Undo or redo: when the store refuses it, the history no longer matches the store."""
        try:
            outcome = operations.apply(self.workspace, Edit(lambda _doc: change_set))
        except ReadOnlyStore as exc:
            self.errorRaised.emit(str(exc))  # the history still matches the store as read
            self.check_store()
            return
        except WorkbenchError as exc:
            self.errorRaised.emit(str(exc))
            self.refresh()
            self.errorRaised.emit(
                f"could not {change_set.action}; the undo history was cleared because the "
                "store changed elsewhere"
            )
            QTimer.singleShot(0, self.undo_stack.clear)
            return
        self._adopt(dataclasses.replace(outcome.changes, source=source))

    def end_merging(self) -> None:
        """Start a new undo step even for the same field (e.g. when the editor loses focus)."""
        command = self.undo_stack.command(self.undo_stack.index() - 1)
        if isinstance(command, ChangeSetCommand):
            command.merge_key = None

    # ----------------------------------------------------------------- checks
    def start_checking(self) -> None:
        """The first check after opening: right after the first paint for a small case; a
        moment later for a big one, whose worker would otherwise slow the first paint."""
        big = len(self._document.case.elements) > BACKGROUND_ELEMENTS
        self.schedule_checks(FIRST_BACKGROUND_DELAY_MS if big else 0)

    def schedule_checks(self, delay_ms: int = CHECK_DELAY_MS) -> None:
        """Check again after ``delay_ms`` of quiet (0: as soon as pending paints are done)."""
        self._check_timer.start(delay_ms)

    def run_checks(self) -> None:
        """Check the current document: inline when small, on a worker thread when large."""
        self._check_timer.stop()
        self._generation += 1
        generation = self._generation
        doc = self._document
        status = self.blob_status
        self._checking = True
        self.checkStarted.emit()

        def work(_context: TaskContext | None = None) -> CheckResult:
            report, matrix = check_document_and_matrix(doc, status)
            return CheckResult(generation, doc, report, matrix)

        if len(doc.case.elements) <= BACKGROUND_ELEMENTS:
            try:
                self._checks_done(work())
            except Exception as exc:
                self._checks_failed(exc)
            return
        if not self._holding_collector:
            self._holding_collector = True
            COLLECTOR.hold()
        run_task(work, self._checks_done, self._checks_failed)

    def _release_collector(self) -> None:
        if self._holding_collector:
            self._holding_collector = False
            COLLECTOR.release()

    def _checks_done(self, result: CheckResult) -> None:
        if result.generation != self._generation:
            return  # a newer run is under way
        self._release_collector()
        self._checking = False
        self.result = result
        self._rebuild_badges()
        self.checked.emit(result)

    def _checks_failed(self, exc: Exception) -> None:
        self._release_collector()
        self._checking = False
        if isinstance(exc, WorkbenchError):
            self.errorRaised.emit(str(exc))
            return
        raise exc

    def _finding_counts(self) -> dict[str, dict[str, int]]:
        findings: dict[str, dict[str, int]] = {}
        if self.result is not None:
            for f in self.result.report.findings:
                if f.severity != Severity.info:
                    counts = findings.setdefault(f.subject, {})
                    counts[f.severity.value] = counts.get(f.severity.value, 0) + 1
        return findings

    def _recompute_badges(self) -> None:
        """Every element's badges (after opening, a re-read, or new findings)."""
        self._undeveloped = {
            e.id for e in self._document.case.elements if e.undeveloped and e.type in ARGUING
        }
        self._rebuild_badges()

    def _rebuild_badges(self) -> None:
        """Badges from what is known to be marked: undeveloped, challenged, with findings."""
        findings = self._finding_counts()
        challenges = {
            t: len(found) for t, found in self._document.review.unresolved_by_target.items()
        }
        badges: dict[str, Badges] = {}
        for element_id in self._undeveloped | challenges.keys() | findings.keys():
            badges[element_id] = Badges(
                element_id in self._undeveloped,
                challenges.get(element_id, 0),
                findings.get(element_id, {}),
            )
        before = self.badges
        self.badges_changed = {
            element_id
            for element_id in before.keys() | badges.keys()
            if before.get(element_id) != badges.get(element_id)
        }
        self.badges = badges

    def _update_badges(self, changes: Changes) -> None:
        """After a write: only what it can have changed (a text edit changes no badge)."""
        if changes.everything:
            self._recompute_badges()
            return
        if not changes.structure and not changes.touches("challenge", "session"):
            return
        by_id = self._document.case.by_id
        for element_id in changes.ids("element"):
            element = by_id.get(element_id)
            if element is not None and element.undeveloped and element.type in ARGUING:
                self._undeveloped.add(element_id)
            else:
                self._undeveloped.discard(element_id)
        self._rebuild_badges()

    def badges_of(self, element_id: str) -> Badges:
        return self.badges.get(element_id, NO_BADGES)

    # ---------------------------------------------------------------- closing
    def close(self) -> None:
        self._closed = True
        self._release_collector()
        self._poll_timer.stop()
        self._check_timer.stop()
        self._generation += 1  # results still in flight are dropped
        self.workspace.close()
