"""The demo assessments are data (resources/demo) read through the normal imports."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from workbench.app.demo import demo_document, demo_folders, write_demo
from workbench.app.workspace import Workspace
from workbench.checks import run_checks
from workbench.domain import NotFoundError


def _findings(path: Path, now: dt.datetime) -> list[tuple[str, str, str, str]]:
    """Each finding with the dates in its message left out (they move with the day)."""
    with Workspace.open(path) as ws:
        report = run_checks(ws.document, today=now.date())
    return sorted(
        (f.rule, f.subject, f.severity, re.sub(r"\d{4}-\d{2}-\d{2}", "DAY", f.message))
        for f in report.findings
    )


def test_every_shipped_demo_loads_under_its_framework() -> None:
    now = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    for framework_id in demo_folders():
        doc, files = demo_document(now, framework_id)
        assert doc.framework.id == framework_id and files
        assert all(f.path.is_file() for f in files)


def test_a_demo_shows_the_same_situation_whatever_day_it_is_written(tmp_path: Path) -> None:
    """Dates move with the day the store is written: the same findings, in the same words."""
    early = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    late = dt.datetime(2028, 7, 19, 16, 45, tzinfo=dt.UTC)
    a = write_demo(tmp_path / "a.db", now=early, actor="t")
    b = write_demo(tmp_path / "b.db", now=late, actor="t")
    assert _findings(a, early) == _findings(b, late)
    doc_a, _ = demo_document(early)
    doc_b, _ = demo_document(late)
    shift = late.date() - early.date()
    assert doc_b.assessment.created - doc_a.assessment.created == late - early
    assert [s.due for s in doc_b.compliance.schedule] == [
        s.due + shift for s in doc_a.compliance.schedule
    ]
    assert doc_b.assessment.model.snapshot == doc_a.assessment.model.snapshot  # a name


def test_a_framework_without_a_demo_is_refused_with_the_known_ones() -> None:
    with pytest.raises(NotFoundError, match=r"no demo for framework 'NOPE'.*RSP-2\.2"):
        demo_document(dt.datetime(2026, 12, 1, tzinfo=dt.UTC), "NOPE")
