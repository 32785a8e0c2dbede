"""Synthetic stores of a chosen size, for benchmarks and stress tests (``demo --size N``)."""

from __future__ import annotations

import io
from pathlib import Path

from workbench.app.catalogs import builtin_framework
from workbench.app.clock import utc_now
from workbench.app.synthetic import MAX_SIZE, synthetic_case
from workbench.app.workspace import default_actor
from workbench.domain import InputError
from workbench.store import Store


def write_synthetic(path: Path, size: int, *, seed: int = 0, actor: str | None = None) -> Path:
    """A valid assessment with about ``size`` argument elements, evidence bytes included."""
    if not 1 <= size <= MAX_SIZE:
        raise InputError(f"the size must be between 1 and {MAX_SIZE:,}", about="size")
    synthetic = synthetic_case(size, builtin_framework(), seed=seed, now=utc_now())
    who = actor or default_actor()
    with Store.building(Path(path), synthetic.document, actor=who) as store, store.transaction():
        for content in synthetic.blobs.values():
            store.write_blob(io.BytesIO(content), total=len(content))
    return Path(path)
