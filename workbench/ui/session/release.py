"""Big structures freed a slice at a time, between events, instead of all at once.

Dropping the last reference to a laid-out diagram of 100k elements frees millions of objects
in one go (0.2–0.5 s on the GUI thread, measured with ``tools``-style stack sampling during an
edit). ``RELEASE.bury(obj)`` first spreads the references the object holds over small lists;
when the caller then lets go of the object, only the containers go, and the lists are dropped
one per turn of the event loop, each freeing a few thousand objects (a millisecond or two).
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QObject, QTimer

#: References per slice: freeing a slice takes about a millisecond.
SLICE = 2000


def _slices(value: object, depth: int = 0) -> Iterator[list[object]]:
    """The references ``value`` holds (one level into plain objects), in small lists."""
    if isinstance(value, tuple | list):
        for start in range(0, len(value), SLICE):
            yield list(value[start : start + SLICE])
    elif isinstance(value, dict):
        yield from _slices(list(value.values()), depth)
        yield from _slices(list(value.keys()), depth)
    elif depth == 0 and hasattr(value, "__dict__"):
        for held in list(vars(value).values()):
            yield from _slices(held, depth + 1)
            yield [held]
    else:
        yield [value]


class SlicedRelease(QObject):
    """Holds what was buried and lets go of it a slice per event-loop turn."""

    def __init__(self) -> None:
        super().__init__()
        self._pieces: list[list[object]] = []
        self._timer: QTimer | None = None

    @property
    def pending(self) -> int:
        """Slices still held."""
        return len(self._pieces)

    def bury(self, *objects: object) -> None:
        """Take over the references these objects hold; the caller then drops the objects."""
        for obj in objects:
            self._pieces.extend(_slices(obj))
        if self._pieces:
            if self._timer is None:
                self._timer = QTimer(self)
                self._timer.setInterval(0)
                self._timer.timeout.connect(self._step)
            self._timer.start()

    def _step(self) -> None:
        if self._pieces:
            self._pieces.pop()
        if not self._pieces and self._timer is not None:
            self._timer.stop()

    def flush(self) -> None:
        """Let go of everything now (closing the window, tests)."""
        self._pieces.clear()
        if self._timer is not None:
            self._timer.stop()


_RELEASE: SlicedRelease | None = None


def release() -> SlicedRelease:
    """The GUI thread's releaser (made on first use, once the application exists)."""
    global _RELEASE
    if _RELEASE is None:
        _RELEASE = SlicedRelease()
    return _RELEASE
