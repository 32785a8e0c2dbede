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
