"""Big structures are freed a slice at a time between events, and all of them in the end."""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from pytestqt.qtbot import QtBot

from workbench.ui.session.release import SLICE, SlicedRelease


class Leaf:
    """Something weak-referenceable to watch being freed."""


@dataclass(frozen=True)
class Holder:
    items: tuple[Leaf, ...]
    index: dict[int, Leaf]


def test_buried_objects_outlive_the_caller_and_are_freed_in_slices(qtbot: QtBot) -> None:
    releaser = SlicedRelease()
    leaves = [Leaf() for _ in range(5 * SLICE)]
    refs = [weakref.ref(leaf) for leaf in leaves]
    holder = Holder(tuple(leaves), dict(enumerate(leaves)))
    releaser.bury(holder, {"grid": list(leaves)})
    del holder, leaves
    assert all(r() is not None for r in refs)  # nothing freed while the caller lets go
    assert releaser.pending > 10  # spread over many slices, not one
    qtbot.waitUntil(lambda: releaser.pending == 0, timeout=5000)
    assert all(r() is None for r in refs)


def test_flush_lets_go_of_everything_at_once(qtbot: QtBot) -> None:
    releaser = SlicedRelease()
    leaf = Leaf()
    ref = weakref.ref(leaf)
    releaser.bury((leaf,))
    del leaf
    assert ref() is not None
    releaser.flush()
    assert ref() is None and releaser.pending == 0
