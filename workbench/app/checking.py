"""Running the checks on an open store or on a document already read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

from workbench.app.clock import today
from workbench.app.workspace import Workspace
from workbench.domain import (
    BlobStatus,
    CaseDocument,
    CheckReport,
)

if TYPE_CHECKING:
    from workbench.checks import RequirementStatus


def check(ws: Workspace, *, deep: bool = False, on: dt.date | None = None) -> CheckReport:
    from workbench.checks import run_checks

    return run_checks(ws.document, today=on or today(), blob_status=blob_status(ws, deep=deep))


def blob_status(ws: Workspace, *, deep: bool = False) -> dict[str, BlobStatus]:
    return ws.store.blob_status(((e.id, e.sha256) for e in ws.document.evidence), deep=deep)


def check_document(
    doc: CaseDocument,
    blob_status: Mapping[str, BlobStatus],
    *,
    on: dt.date | None = None,
) -> CheckReport:
    """Run every check on a document already read (pure: safe on a worker thread)."""
    from workbench.checks import run_checks

    return run_checks(doc, today=on or today(), blob_status=blob_status)


def check_document_and_matrix(
    doc: CaseDocument,
    blob_status: Mapping[str, BlobStatus],
    *,
    on: dt.date | None = None,
) -> tuple[CheckReport, dict[str, RequirementStatus]]:
    """The findings and the requirements matrix of a document already read, from one index
    of the case (pure: safe on a worker thread)."""
    from workbench.checks import run_checks_with_status

    return run_checks_with_status(doc, today=on or today(), blob_status=blob_status)
