"""Workspace: one open store, its current document, and the user actions applied to it."""

from __future__ import annotations

import contextlib
import getpass
import os
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path

from workbench.app.changes import ChangeSet, review_refusal
from workbench.domain import CaseDocument, PermissionDenied
from workbench.store import Store, apply_changes


class Mode(StrEnum):
    author = "author"  # builds and edits the argument
    reviewer = "reviewer"  # stress-testing: challenges and comments only


def default_actor() -> str:
    """Who the audit log names: $WORKBENCH_ACTOR, else the login name."""
    actor = os.environ.get("WORKBENCH_ACTOR", "").strip()
    if actor:
        return actor
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


class Written(list[ChangeSet]):
    """The change sets applied while recording (see ``Workspace.recording``).

    ``followed`` is False when the document could not be worked out from them (another
    process wrote meanwhile, or a change the cache cannot follow): it is then read back whole.
    """

    followed: bool = True


class Workspace:
    """The unit both front ends work on: store + actor + mode, with a cached document."""

    def __init__(self, store: Store, *, actor: str, mode: Mode = Mode.author) -> None:
        self.store = store
        self.actor = actor
        self.mode = mode
        self._document: CaseDocument | None = None
        self._revision = -1
        self._recordings: list[Written] = []

    @classmethod
    def open(
        cls, path: Path, *, actor: str | None = None, mode: Mode | str = Mode.author
    ) -> Workspace:
        store = Store.open(Path(path))
        ws = cls(store, actor=actor or default_actor(), mode=Mode(mode))
        if ws.mode == Mode.reviewer and store.read_only is None:
            store.log(actor=ws.actor, action="open in review mode", subject=f"store:{path}")
        return ws

    @staticmethod
    def check(path: Path) -> None:
        """Raise the StoreError that opening ``path`` would raise; writes nothing but the
        roll-back of an unfinished write a killed process left (``Store.check``)."""
        Store.check(Path(path))

    @property
    def path(self) -> Path:
        return self.store.path

    @property
    def read_only(self) -> str | None:
        """Why the store cannot be written here (it was opened read-only), or None."""
        return self.store.read_only

    def lost(self) -> str | None:
        """What happened to the store's file while open (deleted, moved, replaced, made
        read-only), or None; every write is refused once it is lost."""
        return self.store.lost()

    def save_copy(self, path: Path) -> None:
        """Write the store as this workspace reads it (records, evidence, audit log) to a new
        file: Save As, also when the original was deleted, moved or made read-only."""
        self.store.copy_to(Path(path))

    @property
    def document(self) -> CaseDocument:
        """The current state; reloaded when this or another process has written since."""
        revision = self.store.revision
        if self._document is None or revision != self._revision:
            self._document = self.store.load()
            self._revision = revision
        return self._document

    def apply(self, change_set: ChangeSet) -> None:
        """Write one user action (one transaction); refused whole in review mode or on conflict."""
        if not change_set.changes:
            return
        if self.mode == Mode.reviewer:
            refusal = review_refusal(change_set)
            if refusal is not None:
                raise PermissionDenied(refusal)
        revision = self.store.apply(change_set.changes, actor=self.actor, action=change_set.action)
        # When nothing else was written since the document was read, and the write is
        # committed, the new document follows from the change set: no need to read every
        # record back (seconds for a case of 100,000 elements).
        if (
            self._document is not None
            and revision == self._revision + 1
            and not self.store.in_transaction
        ):
            document = apply_changes(self._document, change_set.changes)
            if document is not None:
                self._document, self._revision = document, revision
        followed = self._revision == revision
        for written in self._recordings:
            written.append(change_set)
            written.followed = written.followed and followed

    def follow(self, change_set: ChangeSet) -> bool:
        """Another connection of this process just wrote ``change_set`` (a worker thread):
        follow it in the cached document when nothing else was written; True if followed.
        Otherwise the document is read back whole at the next look."""
        revision = self.store.revision
        if self._document is None or revision != self._revision + 1:
            return False
        document = apply_changes(self._document, change_set.changes)
        if document is None:
            return False
        self._document, self._revision = document, revision
        return True

    @contextlib.contextmanager
    def recording(self) -> Iterator[Written]:
        """Collect the change sets applied inside the block (what one operation wrote)."""
        written = Written()
        self._recordings.append(written)
        try:
            yield written
        finally:
            self._recordings.remove(written)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
