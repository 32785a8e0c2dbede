"""Counts in the command line's output agree with their nouns ("1 evidence file")."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.builders import case
from tests.conftest import CliResult


def test_one_evidence_file_is_singular(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    store = case().goal("G1", "Top").store(tmp_path / "s.db")
    report = tmp_path / "report.txt"
    report.write_text("findings\n", encoding="utf-8")
    assert cli("evidence", "add", store, report, "--title", "Report").code == 0
    listed = cli("evidence", "list", store)
    assert listed.out.strip().splitlines()[-1] == "1 evidence file"


def test_evidence_edit_changes_kind_team_and_dates(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    store = case().goal("G1", "Top").store(tmp_path / "s.db")
    report = tmp_path / "report.txt"
    report.write_text("findings\n", encoding="utf-8")
    eid = cli("evidence", "add", store, report, "--title", "Report").last_word
    done = cli(
        "evidence",
        "edit",
        store,
        eid,
        "--kind",
        "audit",
        "--team",
        "Security",
        "--collected",
        "2026-10-01",
    )
    assert done.code == 0, done.err
    assert done.out.strip() == f"Edit the kind, team and collected date of {eid}: {eid}"
    listed = cli("evidence", "list", store, "--format", "json")
    assert '"kind": "audit"' in listed.out and '"team": "Security"' in listed.out
    assert cli("evidence", "edit", store, eid).code == 2
    bad = cli("evidence", "edit", store, eid, "--expires", "2026-09-01")
    assert bad.code == 2 and "before it was collected" in bad.err


def test_evidence_edit_refuses_a_date_that_is_not_one(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    store = case().goal("G1", "Top").store(tmp_path / "s.db")
    report = tmp_path / "report.txt"
    report.write_text("findings\n", encoding="utf-8")
    eid = cli("evidence", "add", store, report, "--title", "Report").last_word
    bad = cli("evidence", "edit", store, eid, "--collected", "yesterday")
    assert bad.code == 2 and "is not a date" in bad.err and "internal" not in bad.err
