"""Full-text search over the case, and the elements a set of hits points at."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from workbench.app.workspace import Workspace
from workbench.domain import (
    CaseDocument,
)
from workbench.store import Store


def search(ws: Workspace, text: str, limit: int = 200) -> list[tuple[str, str]]:
    """Full-text search over element text and evidence titles: (kind, id) pairs, best first."""
    return ws.store.search(text, limit=limit)


def elements_matching(doc: CaseDocument, hits: Iterable[tuple[str, str]]) -> set[str]:
    """Element ids for search hits: matching elements and the solutions citing matching evidence."""
    pairs = list(hits)
    elements = {i for kind, i in pairs if kind == "element"}
    evidence = {i for kind, i in pairs if kind == "evidence"}
    if evidence:
        for element in doc.case.elements:
            if evidence.intersection(element.evidence):
                elements.add(element.id)
    return elements & set(doc.case.by_id)


def elements_found_elsewhere(
    store_path: Path, doc: CaseDocument, text: str, limit: int = 200
) -> set[str]:
    """``elements_matching`` the search for ``text``, through a store connection of the
    calling (worker) thread's own: SQLite connections never cross threads."""
    with Store.open(Path(store_path)) as store:
        hits = store.search(text, limit=limit)
    return elements_matching(doc, hits)
