"""The findings of a damaged synthetic case of 2,000 elements, pinned as recorded before the
check engine was sped up: any change to what the rules find shows here as a readable diff."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

from tests.unit.checks.mutations import damaged
from workbench.app.catalogs import builtin_framework
from workbench.app.synthetic import synthetic_case
from workbench.checks import run_checks
from workbench.domain import BlobStatus, CaseDocument

NOW = dt.datetime(2025, 6, 2, 9, 0, tzinfo=dt.UTC)
RECORDED = Path(__file__).parent / "data" / "synthetic_2k_findings.json"


def damaged_case() -> CaseDocument:
    doc = synthetic_case(2000, builtin_framework("RSP-2.2"), seed=3, now=NOW).document
    return damaged(doc, random.Random(11), 120)


def findings_of(doc: CaseDocument) -> list[list[str]]:
    status = {doc.evidence[0].id: BlobStatus.missing}
    report = run_checks(doc, today=NOW.date(), blob_status=status)
    rows = [[f.severity.value, f.rule, f.subject, f.message, f.hint] for f in report.findings]
    return [[str(report.required_asl.model_dump(mode="json"))], *rows]


def test_findings_of_a_damaged_synthetic_case_are_as_recorded() -> None:
    assert findings_of(damaged_case()) == json.loads(RECORDED.read_text(encoding="utf-8"))
