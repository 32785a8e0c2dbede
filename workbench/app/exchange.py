"""Case-document exchange: JSON export, import into a new or existing store."""

from __future__ import annotations

from pathlib import Path

from workbench.app.outputs import write_output
from workbench.app.workspace import Workspace, default_actor
from workbench.domain import (
    CaseDocument,
    StoreError,
)
from workbench.interop.exchange import dumps_case, loads_case
from workbench.runtime.inputs import read_input_bytes
from workbench.store import Store


def export_json(ws: Workspace, out: Path, *, force: bool = False) -> None:
    """Write the store's case document as JSON; an existing ``out`` only with ``force``."""
    write_output(Path(out), dumps_case(ws.document).encode(), force=force, inputs=[ws.path])


def read_case_file(path: Path) -> CaseDocument:
    return loads_case(read_input_bytes(Path(path), "case document"), source=Path(path).name)


def import_json(
    path: Path, store_path: Path, *, replace: bool = False, actor: str | None = None
) -> CaseDocument:
    """Create a store from a case document, or with ``replace`` overwrite an existing one."""
    doc = read_case_file(path)
    return import_document(doc, store_path, replace=replace, actor=actor, action="import json")


def import_document(
    doc: CaseDocument,
    store_path: Path,
    *,
    replace: bool,
    actor: str | None,
    action: str,
) -> CaseDocument:
    store_path = Path(store_path)
    who = actor or default_actor()
    if store_path.exists():
        if not replace:
            raise StoreError(
                f"{store_path} already exists; replacing its case keeps the evidence bytes, "
                "and the audit log records the replacement",
                about="replace",
            )
        with Workspace.open(store_path, actor=who) as ws:
            ws.store.replace_document(doc, actor=who, action=action)
            return ws.document
    with Store.create(store_path, doc, actor=who) as store:
        return store.load()
