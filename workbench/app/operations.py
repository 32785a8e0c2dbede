"""Operations: one object per user action, applied through the one write path, with a notice.

Every write of the GUI and the CLI runs as an operation (Anki's ``CollectionOp`` idea):

- ``prepare`` does the slow part that writes no record (hashing and streaming an evidence
  file) on whatever thread runs it, through a store connection of that thread's own;
- ``perform`` writes the records through ``Workspace.apply`` (one conflict-checked,
  audited transaction per change set) on the workspace's own thread;
- ``run`` / ``apply`` return an ``Outcome``: the result, the change set written (what undo
  reverses) and a ``Changes`` notice naming the records that changed, so that each view
  refreshes only what it shows.

Pure Python: no Qt. The desktop session runs operations and puts their change sets on its
undo stack; the CLI runs them directly.
"""

from __future__ import annotations

import dataclasses
import logging
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, Literal, TypeVar

from workbench.app.changes import ChangeSet
from workbench.app.workspace import Workspace
from workbench.domain import CaseDocument
from workbench.store import CancelFn, Change, ProgressFn, Store

log = logging.getLogger("workbench.app.operations")

T = TypeVar("T")

#: Where a notice comes from: an operation, the undo stack, or a re-read of the store.
Source = Literal["do", "undo", "redo", "reload"]

#: Element fields that decide the shape of the argument (tree, diagram layout, modules).
STRUCTURAL_FIELDS = (
    "type",
    "supported_by",
    "in_context_of",
    "module",
    "away_module",
    "undeveloped",
)

_EMPTY: frozenset[str] = frozenset()


def _structural(change: Change) -> bool:
    """True when a change alters the argument's shape, not just what an element says."""
    if change.kind == "module":
        return True
    if change.kind != "element":
        return False
    if change.before is None or change.after is None:
        return True
    return any(change.before.get(f) != change.after.get(f) for f in STRUCTURAL_FIELDS)


@dataclass(frozen=True)
class Changes:
    """What one write changed: record ids by kind, added, updated and removed.

    ``structure`` is set when the argument's shape changed (elements added or removed,
    links, modules, types); a text edit leaves it unset, so the outline and the diagram
    update the rows and boxes named instead of rebuilding. ``everything`` means the store
    was re-read (another process wrote it, or a write could not be followed record by
    record): every view reloads.
    """

    added: Mapping[str, frozenset[str]] = field(default_factory=dict)
    updated: Mapping[str, frozenset[str]] = field(default_factory=dict)
    removed: Mapping[str, frozenset[str]] = field(default_factory=dict)
    #: The fields that changed in the records updated, by kind (``{"element": {"text"}}``).
    fields: Mapping[str, frozenset[str]] = field(default_factory=dict)
    structure: bool = False
    everything: bool = False
    label: str = ""
    source: Source = "do"

    @classmethod
    def of(cls, changes: Iterable[Change], *, label: str = "", source: Source = "do") -> Changes:
        """The notice for records written in this order (a record written twice counts once,
        as what it is overall: added then updated is added; added then removed is nothing)."""
        first: dict[tuple[str, str], Change] = {}
        last: dict[tuple[str, str], Change] = {}
        structure = False
        for change in changes:
            key = (change.kind, change.id)
            first.setdefault(key, change)
            last[key] = change
            structure = structure or _structural(change)
        added: dict[str, set[str]] = {}
        updated: dict[str, set[str]] = {}
        removed: dict[str, set[str]] = {}
        fields: dict[str, set[str]] = {}
        for key, change in last.items():
            before, after = first[key].before, change.after
            if before is None and after is None:
                continue
            target = added if before is None else removed if after is None else updated
            target.setdefault(key[0], set()).add(key[1])
            if before is not None and after is not None:
                names = fields.setdefault(key[0], set())
                names.update(
                    n for n in before.keys() | after.keys() if before.get(n) != after.get(n)
                )
        return cls(
            {k: frozenset(v) for k, v in added.items()},
            {k: frozenset(v) for k, v in updated.items()},
            {k: frozenset(v) for k, v in removed.items()},
            {k: frozenset(v) for k, v in fields.items()},
            structure=structure,
            label=label,
            source=source,
        )

    @classmethod
    def of_change_set(cls, change_set: ChangeSet, *, source: Source = "do") -> Changes:
        return cls.of(change_set.changes, label=change_set.label, source=source)

    @classmethod
    def reload(cls, label: str = "store re-read") -> Changes:
        """Anything may have changed: the store was (re)read as a whole."""
        return cls(structure=True, everything=True, label=label, source="reload")

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(self.added) | frozenset(self.updated) | frozenset(self.removed)

    def ids(self, kind: str) -> frozenset[str]:
        """Every id of ``kind`` added, updated or removed."""
        return (
            self.added.get(kind, _EMPTY)
            | self.updated.get(kind, _EMPTY)
            | self.removed.get(kind, _EMPTY)
        )

    def changed_fields(self, kind: str) -> frozenset[str]:
        """The fields changed in updated records of ``kind`` (added or removed ones: all)."""
        return self.fields.get(kind, _EMPTY)

    def touches(self, *kinds: str) -> bool:
        """True when a record of one of ``kinds`` changed (always, after a re-read)."""
        return self.everything or not self.kinds.isdisjoint(kinds)

    @property
    def empty(self) -> bool:
        return not self.everything and not self.kinds

    def as_reload(self) -> Changes:
        """The same notice, widened to a re-read (the document was read back whole)."""
        return dataclasses.replace(self, structure=True, everything=True)

    def describe(self) -> str:
        """One line for logs and the status bar: ``element: 1 updated; evidence: 2 added``."""
        if self.everything:
            return "everything (store re-read)"
        parts: list[str] = []
        for kind in sorted(self.kinds):
            counts = [
                f"{len(ids)} {what}"
                for what, ids in (
                    ("added", self.added.get(kind, _EMPTY)),
                    ("updated", self.updated.get(kind, _EMPTY)),
                    ("removed", self.removed.get(kind, _EMPTY)),
                )
                if ids
            ]
            parts.append(f"{kind}: {', '.join(counts)}")
        return "; ".join(parts) or "nothing"


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What running an operation did: its result, the change set written, and the notice."""

    result: T
    change_set: ChangeSet
    changes: Changes


class Operation(ABC, Generic[T]):
    """One user action. Subclasses write in ``perform``; slow I/O goes in ``prepare``."""

    #: For the undo menu and the audit log when the operation writes more than one change set.
    label: str = ""
    #: False for records that undo cannot take back (a sign-off of a PDF already signed).
    undoable: bool = True

    def prepare(
        self,
        store: Store,
        progress: ProgressFn | None = None,
        cancelled: CancelFn | None = None,
    ) -> None:
        """The slow part, through a connection of the calling thread; writes no record."""

    @abstractmethod
    def perform(self, ws: Workspace) -> T:
        """Write through ``ws.apply`` (conflict-checked) and return the result."""


class Edit(Operation[ChangeSet]):
    """A change set built as a pure function of a document (``workbench.app.changes``).

    ``on`` is the document the user saw when acting (a window's); the change set is built
    from it, so that a record changed elsewhere since is refused as a conflict instead of
    overwritten. Without it, the workspace's current document (the CLI).
    """

    def __init__(
        self, build: Callable[[CaseDocument], ChangeSet], *, on: CaseDocument | None = None
    ) -> None:
        self.build = build
        self.on = on

    def perform(self, ws: Workspace) -> ChangeSet:
        change_set = self.build(self.on if self.on is not None else ws.document)
        ws.apply(change_set)
        return change_set


class Call(Operation[T]):
    """A service of ``workbench.app`` that reads the workspace and writes through it."""

    def __init__(self, service: Callable[[Workspace], T], label: str = "") -> None:
        self.service = service
        self.label = label

    def perform(self, ws: Workspace) -> T:
        return self.service(ws)


Listener = Callable[[Changes], None]
_listeners: list[Listener] = []


def listen(listener: Listener) -> Callable[[], None]:
    """Call ``listener`` with the notice of every operation applied in this process (audit,
    tests), on the thread that applied it; returns a function that stops listening."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener) if listener in _listeners else None


def merged(label: str, change_sets: Sequence[ChangeSet]) -> ChangeSet:
    """The change sets of one operation as one (undo reverses all of it in one step)."""
    if len(change_sets) == 1 and (not label or label == change_sets[0].label):
        return change_sets[0]
    changes = tuple(c for cs in change_sets for c in cs.changes)
    actions = ", ".join(dict.fromkeys(cs.action for cs in change_sets))
    first = change_sets[0].label if change_sets else ""
    return ChangeSet(label or first, actions or "nothing", changes)


def apply(ws: Workspace, operation: Operation[T]) -> Outcome[T]:
    """Write an operation through ``ws`` (its ``prepare`` already done) and say what changed.

    Errors the user can cause (bad input, review mode, a conflict) are ``WorkbenchError``s
    raised before anything of the failing change set is written.
    """
    with ws.recording() as written:
        result = operation.perform(ws)
    change_set = merged(operation.label, written)
    changes = Changes.of_change_set(change_set)
    if not written.followed:
        changes = changes.as_reload()
    if not changes.empty:
        log.debug("%s: %s", change_set.label, changes.describe())
        for listener in list(_listeners):
            listener(changes)
    return Outcome(result, change_set, changes)


def run(
    ws: Workspace,
    operation: Operation[T],
    *,
    progress: ProgressFn | None = None,
    cancelled: CancelFn | None = None,
) -> Outcome[T]:
    """Prepare and apply an operation in the foreground (the CLI, small GUI actions)."""
    operation.prepare(ws.store, progress, cancelled)
    return apply(ws, operation)


def prepare_elsewhere(
    store_path: Path,
    operation: Operation[T],
    *,
    progress: ProgressFn | None = None,
    cancelled: CancelFn | None = None,
) -> Operation[T]:
    """Do an operation's slow part on this (worker) thread, through a connection of its own;
    SQLite connections never cross threads. ``apply`` it afterwards on the workspace's thread.
    """
    with Store.open(Path(store_path)) as store:
        operation.prepare(store, progress, cancelled)
    return operation


def call(ws: Workspace, service: Callable[[Workspace], T], label: str = "") -> T:
    """Run one service of ``workbench.app`` as an operation and return its result."""
    return apply(ws, Call(service, label)).result
