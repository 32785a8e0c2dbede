"""The crash and concurrency experiments (benchmarks/reliability_crash.py), small: SIGKILL
during every writing command, then two writers and a reader; nothing may be lost."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[3] / "benchmarks" / "reliability_crash.py"


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="the experiment forks")
def test_killed_writers_lose_nothing_and_every_store_opens(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--kills", "10", "--writes", "5", "--seed", "7",
         "--budget", "120", "--dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )  # fmt: skip
    report = done.stdout
    assert done.returncode == 0, report + done.stderr
    kills = re.search(r"kills / recovered / lost: (\d+) / (\d+) of (\d+) stores opened", report)
    assert kills is not None, report
    assert int(kills[1]) == 10
    assert kills[2] == kills[3]  # every store checked after a kill opened
    assert " / 0 reported commits lost" in report
    assert re.search(r"writes / lost: [1-9]\d* / 0 ", report), report
    assert "unopenable stores 0, partial builds at the final path 0, internal errors 0" in report
    assert "temporaries left 0" in report
    assert report.strip().endswith("PASS")


def test_the_command_after_a_killed_import_opens_the_store_and_says_so_once(
    tmp_path: Path,
) -> None:
    from tests.unit.store.test_recovery import killed_import
    from workbench.app.stores import init_store

    store = tmp_path / "s.db"
    init_store(store, "M").close()
    killed_import(store)
    first = subprocess.run(
        [sys.executable, "-m", "workbench", "evidence", "list", str(store)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert first.returncode == 0, first.stderr
    assert "no evidence yet" in first.stdout
    lines = first.stderr.strip().splitlines()
    assert len(lines) == 1 and "rolled back the unfinished write" in lines[0], first.stderr
    again = subprocess.run(
        [sys.executable, "-m", "workbench", "evidence", "list", str(store)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert again.returncode == 0 and again.stderr == ""
