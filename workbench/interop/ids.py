"""Fresh ids for records an import or export writes: the wanted id, else wanted-2, wanted-3, …"""

from __future__ import annotations


def unused_id(wanted: str, taken: set[str]) -> str:
    """``wanted``, or the first ``wanted-N`` (N = 2, 3, …) not in ``taken``; it is added there."""
    candidate, n = wanted, 2
    while candidate in taken:
        candidate = f"{wanted}-{n}"
        n += 1
    taken.add(candidate)
    return candidate
