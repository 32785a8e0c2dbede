"""Ids for new records: one rule for every record the workbench numbers, one for imports.

A new element, session, challenge, schedule item, methodology change or noncompliance gets its
prefix and one more than the highest number already used with it (``G7``, ``CH12``): ids
of deleted records are never handed out again while a higher one exists. An imported or
exported record keeps the id it came with unless that is taken (then ``wanted-2``, …).
Evidence ids come from the content hash (``workbench.domain.evidence.evidence_id``).
"""

from __future__ import annotations

import re
from collections.abc import Collection

from workbench.domain.case import ID_PREFIX, ElementType
from workbench.domain.evidence import evidence_id

__all__ = ["element_id", "evidence_id", "next_numbered_id", "unused_id"]


def next_numbered_id(prefix: str, used: Collection[str]) -> str:
    """``prefix`` + one more than the highest number already used with it (R3, CH12, …)."""
    pattern = re.compile(re.escape(prefix) + r"(\d+)")
    numbers = [int(m.group(1)) for i in used if (m := pattern.fullmatch(i))]
    return f"{prefix}{max(numbers, default=0) + 1}"


def element_id(kind: ElementType, used: Collection[str]) -> str:
    """The id of a new element of ``kind``: its GSN prefix, numbered (G7, Sn12, AG2, …)."""
    return next_numbered_id(ID_PREFIX[kind], used)


def unused_id(wanted: str, taken: set[str]) -> str:
    """``wanted``, or the first ``wanted-N`` (N = 2, 3, …) not in ``taken``; it is added there."""
    candidate, n = wanted, 2
    while candidate in taken:
        candidate = f"{wanted}-{n}"
        n += 1
    taken.add(candidate)
    return candidate
