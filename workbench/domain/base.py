"""Shared pydantic base, canonical JSON and hashing used by every domain model."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from functools import cache, cached_property
from typing import Annotated, Any, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints

#: What an identifier may look like: a letter or digit (of any script, as gsn2x ids may be)
#: first, then letters, digits and _ . : / - ; no spaces, no control characters.
IDENT_PATTERN = r"^[^\W_][\w.:/\-]*$"
# Identifiers users type and see.
Ident = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=IDENT_PATTERN)]
Text = Annotated[str, StringConstraints(max_length=100_000)]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


def sorted_keys(value: Any) -> Any:
    """The same mapping with keys in sorted order, at every depth (lists keep their order)."""
    if isinstance(value, dict):
        if not value:
            return value
        keys = list(value)
        nested = any(isinstance(v, (dict, list)) for v in value.values())
        if not nested and keys == sorted(keys):  # the usual case on load: already canonical
            return value
        return {k: sorted_keys(value[k]) for k in sorted(keys)}
    if isinstance(value, list):
        return [sorted_keys(v) for v in value]
    return value


#: Free-form key/value data (format metadata, labels). Keys are kept sorted so that a
#: document's JSON form, and so its state hash, does not depend on the order they came in.
Metadata = Annotated[dict[str, Any], AfterValidator(sorted_keys)]


def is_empty(value: Any) -> bool:
    """For ``Field(exclude_if=is_empty)``: metadata left out of the JSON form while empty, so
    that adding it to a model changes neither stored bodies nor the state hash of documents
    that have none."""
    return not value


Labels = Annotated[dict[str, str], AfterValidator(sorted_keys)]


class Model(BaseModel):
    """Immutable, strict-shaped model: unknown keys are errors, changes make copies."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy; with ``update``, look-ups cached on this model (``by_id`` …) are dropped.

        pydantic copies cached property values along with the fields, so without this a copy
        with new elements would answer look-ups from the old ones.
        """
        copied = super().model_copy(update=update, deep=deep)
        if update:
            for name in _cached_properties(type(self)):
                copied.__dict__.pop(name, None)
        return copied

    @cached_property
    def canonical(self) -> bytes:
        """``canonical_json`` of the model's JSON form, worked out once: a model does not
        change, and a copy with changes drops it (``model_copy``)."""
        return canonical_json(self.model_dump(mode="json"))


@cache
def _cached_properties(cls: type) -> tuple[str, ...]:
    """Names of the ``functools.cached_property`` attributes of a class and its bases."""
    return tuple(
        name
        for klass in cls.__mro__
        for name, value in vars(klass).items()
        if isinstance(value, cached_property)
    )


def canonical_json(data: Any) -> bytes:
    """Deterministic UTF-8 JSON: sorted keys, no insignificant white space."""
    if isinstance(data, BaseModel):
        data = data.model_dump(mode="json")
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def duplicates(ids: Iterable[str]) -> list[str]:
    """The ids that occur more than once, in first-repeat order."""
    seen: set[str] = set()
    repeated: list[str] = []
    for i in ids:
        if i in seen and i not in repeated:
            repeated.append(i)
        seen.add(i)
    return repeated


def require_unique(what: str, ids: Iterable[str]) -> None:
    """Raise ValueError naming the first duplicate id (pydantic turns it into a clear error)."""
    items = ids if isinstance(ids, list) else list(ids)
    if len(items) < 2 or len(set(items)) == len(items):  # the common case, checked cheaply
        return
    dup = duplicates(items)
    if dup:
        raise ValueError(f"duplicate {what} id {dup[0]!r}")
