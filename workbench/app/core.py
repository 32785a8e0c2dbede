"""User operations on stores: create, check, evidence, exchange, audit — shared by CLI and GUI."""

from __future__ import annotations

import dataclasses
import datetime as dt
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from workbench.app.changes import ChangeSet, put, update_assessment
from workbench.app.workspace import Workspace, default_actor
from workbench.catalogs import DEFAULT_FRAMEWORK, catalogues, find_framework
from workbench.domain import (
    Assessment,
    BlobStatus,
    CaseDocument,
    CheckReport,
    Evidence,
    EvidenceKind,
    Framework,
    InputError,
    ModelUnderReview,
    NotFoundError,
    Obligation,
    Requirement,
    Standard,
    StoreError,
    Threshold,
    evidence_id,
)
from workbench.domain.errors import describe_validation_error
from workbench.fileio import atomic_write_bytes, read_input_bytes
from workbench.interop.exchange import dumps_case, loads_case
from workbench.store import AuditVerification, CancelFn, ProgressFn, Store


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def today() -> dt.date:
    return utc_now().date()


def new_document(model_name: str, framework: Framework, *, now: dt.datetime) -> CaseDocument:
    name = model_name.strip()
    if not name:
        raise InputError("the model name is empty; give --model NAME")
    return CaseDocument(
        framework=framework,
        assessment=Assessment(
            id="ASSESSMENT-1",
            title=f"{name} — assessment under {framework.title}",
            model=ModelUnderReview(name=name),
            framework_id=framework.id,
            created=now,
        ),
    )


def init_store(
    path: Path, model_name: str, framework_id: str = DEFAULT_FRAMEWORK, *, actor: str | None = None
) -> Store:
    framework = find_framework(framework_id)
    doc = new_document(model_name, framework, now=utc_now())
    return Store.create(Path(path), doc, actor=actor or default_actor())


# ----------------------------------------------------------------------- checks
def check(ws: Workspace, *, deep: bool = False, on: dt.date | None = None) -> CheckReport:
    from workbench.checks import run_checks

    return run_checks(ws.document, today=on or today(), blob_status=blob_status(ws, deep=deep))


def blob_status(ws: Workspace, *, deep: bool = False) -> dict[str, BlobStatus]:
    return ws.store.blob_status(((e.id, e.sha256) for e in ws.document.evidence), deep=deep)


# --------------------------------------------------------------------- evidence
@dataclass(frozen=True)
class EvidenceDetails:
    """What the assessor says about a file; None fields are filled from the file when known."""

    title: str | None = None
    kind: EvidenceKind | None = None
    team: str = ""
    collected: dt.date | None = None
    expires: dt.date | None = None
    evaluation: str | None = None
    methodology_version: str | None = None
    metadata: dict[str, Any] | None = None


def describe_file(path: Path) -> dict[str, Any]:
    """Metadata extracted from known formats (Inspect eval logs); {} for other files."""
    from workbench.interop.inspect_logs import read_inspect_log

    return read_inspect_log(path) or {}


def import_evidence(
    ws: Workspace,
    source: IO[bytes],
    filename: str,
    details: EvidenceDetails,
    *,
    size: int = 0,
    progress: ProgressFn | None = None,
    cancelled: CancelFn | None = None,
) -> tuple[Evidence, bool]:
    """Stream one file into the store and record it; returns (evidence, newly added)."""
    with ws.store.bulk_write(), ws.store.transaction():
        blob = ws.store.write_blob(source, total=size, progress=progress, cancelled=cancelled)
        eid = evidence_id(blob.sha256)
        # The id derives from the hash, so one record look-up finds a file stored before.
        stored = ws.store.get("evidence", eid)
        if stored is not None:
            existing = Evidence.model_validate(stored)
            if existing.sha256 != blob.sha256:
                raise StoreError(
                    f"{filename} (SHA-256 {blob.sha256}) shares its evidence id {eid} with "
                    f"{existing.filename}; the store cannot hold both"
                )
            return existing, False
        metadata = dict(details.metadata or {})
        suggested = (
            metadata.pop("suggested", {}) if isinstance(metadata.get("suggested"), dict) else {}
        )
        collected = details.collected
        if collected is None and suggested.get("collected"):
            collected = dt.date.fromisoformat(str(suggested["collected"])[:10])
        evidence = Evidence(
            id=eid,
            sha256=blob.sha256,
            size=blob.size,
            filename=filename,
            media_type=mimetypes.guess_type(filename)[0] or "application/octet-stream",
            title=details.title or suggested.get("title") or Path(filename).stem,
            kind=details.kind or EvidenceKind(suggested.get("kind", "other")),
            team=details.team,
            collected=collected,
            imported_at=utc_now(),
            expires=details.expires,
            evaluation=details.evaluation or suggested.get("evaluation"),
            methodology_version=details.methodology_version or suggested.get("methodology_version"),
            metadata=metadata,
        )
        ws.apply(
            ChangeSet(
                f"Add evidence {eid}", "add evidence", (put("evidence", eid, None, evidence),)
            )
        )
    return evidence, True


def add_evidence_file(
    ws: Workspace,
    path: Path,
    details: EvidenceDetails,
    *,
    progress: ProgressFn | None = None,
    cancelled: CancelFn | None = None,
) -> tuple[Evidence, bool]:
    path = Path(path)
    if not path.exists():
        raise InputError(f"no such evidence file: {path}")
    if path.is_dir():
        raise InputError(f"{path} is a directory; add the files in it one by one")
    extracted = describe_file(path)
    if extracted:
        details = dataclasses.replace(details, metadata={**extracted, **(details.metadata or {})})
    try:
        with path.open("rb") as f:
            return import_evidence(
                ws,
                f,
                path.name,
                details,
                size=path.stat().st_size,
                progress=progress,
                cancelled=cancelled,
            )
    except PermissionError:
        raise InputError(f"cannot read {path}: permission denied") from None


# --------------------------------------------------------------------- exchange
def export_json(ws: Workspace, out: Path) -> None:
    atomic_write_bytes(Path(out), dumps_case(ws.document).encode())


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
                f"{store_path} already exists; pass --replace to overwrite its case "
                "(evidence bytes are kept, the audit log records the replacement)"
            )
        with Workspace.open(store_path, actor=who) as ws:
            ws.store.replace_document(doc, actor=who, action=action)
            return ws.document
    with Store.create(store_path, doc, actor=who) as store:
        return store.load()


# ------------------------------------------------------------------------ audit
def verify_audit(path: Path) -> AuditVerification:
    with Workspace.open(Path(path)) as ws:
        return ws.store.verify_audit()


# -------------------------------------------------------------------- catalogue
def list_frameworks() -> list[Framework]:
    """The shipped frameworks, then the imported ones."""
    return list(catalogues().all.values())


def set_model_facts(ws: Workspace, **facts: Any) -> ChangeSet:
    doc = ws.document
    try:
        model = ModelUnderReview.model_validate({**doc.assessment.model.model_dump(), **facts})
    except ValidationError as exc:
        raise InputError(describe_validation_error(exc, "model facts")) from None
    new = doc.assessment.model_copy(update={"model": model})
    cs = update_assessment(doc, new)
    ws.apply(cs)
    return cs


def find_catalog_item(
    item_id: str,
) -> tuple[Framework, Threshold | Standard | Requirement | Obligation | None]:
    """A framework by id, or the threshold / standard / requirement / obligation with that id."""
    frameworks = catalogues().all
    if item_id in frameworks:
        return frameworks[item_id], None
    for framework in frameworks.values():
        item = framework.items_by_id.get(item_id)
        if item is not None:
            return framework, item
    raise NotFoundError(
        f"no framework or catalogue entry {item_id!r} (try 'workbench catalog list')"
    )


def search(ws: Workspace, text: str, limit: int = 200) -> list[tuple[str, str]]:
    """Full-text search over element text and evidence titles: (kind, id) pairs, best first."""
    return ws.store.search(text, limit=limit)
