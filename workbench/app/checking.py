"""Running the checks on an open store or on a document already read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.app.clock import today
from workbench.app.workspace import Workspace
from workbench.domain import (
    BlobStatus,
    CaseDocument,
    CheckReport,
    InputError,
)

if TYPE_CHECKING:
    from workbench.checks import RequirementStatus
    from workbench.checks.crosswalk import FrameworkCoverage


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


def other_coverage(
    doc: CaseDocument,
    matrix: Mapping[str, RequirementStatus],
    framework_ids: Sequence[str],
    crosswalk_files: Sequence[Path] = (),
) -> list[FrameworkCoverage]:
    """How the case covers each framework of ``framework_ids`` through a crosswalk.

    A file of ``crosswalk_files`` (a user's mapping crosswalk, e.g. for an imported catalogue)
    is used for the pair of frameworks it links; other pairs use the shipped mapping. Unknown
    frameworks, the case's own, no crosswalk, or a crosswalk naming unknown ids: InputError or
    NotFoundError, one line.
    """
    from workbench.app.catalogs import find_framework
    from workbench.app.crosswalks import find_mapping, load_mapping_file
    from workbench.checks.crosswalk import coverage_of

    own = doc.framework
    given: dict[frozenset[str], Path] = {}
    for path in crosswalk_files:
        pair = frozenset(load_mapping_file(path).frameworks)
        if own.id not in pair or not pair & set(framework_ids):
            raise InputError(
                f"crosswalk {path} links {' and '.join(sorted(pair))}, not {own.id} with "
                f"{' or '.join(framework_ids) or 'another framework'}",
                about="crosswalk",
            )
        given[pair] = path
    result: list[FrameworkCoverage] = []
    for framework_id in dict.fromkeys(framework_ids):
        if framework_id == own.id:
            raise InputError(f"the case is judged against {own.id} already; name another framework")
        other = find_framework(framework_id)
        mapping = find_mapping(own, other, given.get(frozenset((own.id, other.id))))
        result.append(coverage_of(doc, matrix, other, mapping))
    return result
