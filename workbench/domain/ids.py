"""Ids for new records: minted once, forever, per store and record kind.

A new element, session, challenge, schedule item, methodology change, noncompliance or
sign-off gets its prefix and one more than the highest number ever used with it in its store
(``G7``, ``CH12``), deleted records included: the store keeps that high-water mark
(``IdMarks``, persisted beside the records and carried by the document it loads), so deleting
G3 and adding a goal gives G4, never G3 again, and a challenge raised on the old G3 cannot
end up on the new goal. An imported or exported record keeps the id it came with unless that
is taken or was ever used (then ``wanted-2``, …). Evidence ids come from the content hash
(``workbench.domain.evidence.evidence_id``).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from workbench.domain.case import ID_PREFIX, ElementType
from workbench.domain.evidence import evidence_id

__all__ = [
    "IdMarks",
    "element_id",
    "evidence_id",
    "next_numbered_id",
    "split_id",
    "unused_id",
]

_TRAILING_NUMBER = re.compile(r"(.*?)(\d*)")


def split_id(record_id: str) -> tuple[str, int]:
    """An id as (prefix, number): ``G12`` -> ("G", 12), ``CH1-2`` -> ("CH1-", 2), ``main`` ->
    ("main", 0)."""
    match = _TRAILING_NUMBER.fullmatch(record_id)
    assert match is not None  # the pattern matches every string
    prefix, digits = match.groups()
    return prefix, int(digits) if digits else 0


@dataclass(frozen=True)
class IdMarks:
    """The highest number ever used with each id prefix, by record kind: what a store has
    handed out, deleted records included. Never goes down."""

    highest: Mapping[tuple[str, str], int] = field(default_factory=dict)

    @classmethod
    def of(cls, records: Iterable[tuple[str, str]]) -> IdMarks:
        """The marks of (kind, id) pairs."""
        return cls().including(records)

    def including(self, records: Iterable[tuple[str, str]]) -> IdMarks:
        """These marks raised to cover the (kind, id) pairs given."""
        highest = dict(self.highest)
        changed = False
        for kind, record_id in records:
            prefix, number = split_id(record_id)
            key = (kind, prefix)
            if highest.get(key, -1) < number:
                highest[key] = number
                changed = True
        return IdMarks(highest) if changed else self

    def high(self, kind: str, prefix: str) -> int:
        """The highest number used with ``prefix`` for ``kind`` (-1: never used)."""
        return self.highest.get((kind, prefix), -1)

    def used(self, kind: str, record_id: str) -> bool:
        """True when ``record_id`` may have named a record of ``kind`` in this store before."""
        prefix, number = split_id(record_id)
        return number <= self.high(kind, prefix)

    def mint(self, kind: str, prefix: str, live: Collection[str] = ()) -> str:
        """``prefix`` + one more than the highest number ever used with it (R3, CH12, …).

        ``live`` are the ids of the records the document holds now (a document read from a
        file rather than a store carries no marks: its own ids are then all there is).
        """
        return next_numbered_id(prefix, live, floor=self.high(kind, prefix))

    def unused(self, kind: str, wanted: str, taken: set[str]) -> str:
        """``wanted``, or the first ``wanted-N`` that is neither in ``taken`` nor ever used;
        it is added to ``taken``."""
        candidate, n = wanted, 2
        while candidate in taken or self.used(kind, candidate):
            candidate = f"{wanted}-{n}"
            n += 1
        taken.add(candidate)
        return candidate


def next_numbered_id(prefix: str, used: Collection[str], *, floor: int = 0) -> str:
    """``prefix`` + one more than the highest number used with it, and above ``floor``."""
    pattern = re.compile(re.escape(prefix) + r"(\d+)")
    numbers = [int(m.group(1)) for i in used if (m := pattern.fullmatch(i))]
    return f"{prefix}{max([*numbers, floor, 0]) + 1}"


def element_id(kind: ElementType, used: Collection[str], marks: IdMarks | None = None) -> str:
    """The id of a new element of ``kind``: its GSN prefix, numbered (G7, Sn12, AG2, …)."""
    return (marks or IdMarks()).mint("element", ID_PREFIX[kind], used)


def unused_id(wanted: str, taken: set[str]) -> str:
    """``wanted``, or the first ``wanted-N`` (N = 2, 3, …) not in ``taken``; it is added there."""
    return IdMarks().unused("", wanted, taken)
