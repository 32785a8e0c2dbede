"""End to end on the shipped RSP v2.2 catalogue: synthetic case, checks and matrix."""

from __future__ import annotations

import datetime as dt

from workbench.app.catalogs import builtin_framework
from workbench.app.synthetic import synthetic_case
from workbench.checks import CoverageStatus, requirement_status, run_checks

NOW = dt.datetime(2025, 6, 2, 9, 0, tzinfo=dt.UTC)


def test_shipped_rsp_catalogue_end_to_end() -> None:
    rsp = builtin_framework("RSP-2.2")
    doc = synthetic_case(3000, rsp, now=NOW).document
    report = run_checks(doc, today=NOW.date())
    assert report.required_asl.standards == [
        "RSP-2.2/ASL2-D",
        "RSP-2.2/ASL2-S",
        "RSP-2.2/ASL3-D",
        "RSP-2.2/ASL3-S",
    ]
    assert report.blocking == 0
    rows = requirement_status(doc, report)
    assert rows["RSP-2.2/ASL3-D/red-teaming"].goals
    assert rows["RSP-2.2/AFFIRM-MISALIGN/affirmative-case"].status == CoverageStatus.not_required
