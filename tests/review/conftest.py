"""Fixtures for the review tests: a demo store, a CLI runner and REV findings read back."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from workbench.app.demo import write_demo
from workbench.cli import main
from workbench.store import Store

#: The demo's clock: its session R1 (challenges CH1-CH3) started two weeks before.
DEMO_NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


@dataclass(frozen=True)
class CliResult:
    code: int
    out: str
    err: str

    @property
    def last_word(self) -> str:
        """The last word of the last line: the id of what a create command made."""
        return self.out.strip().splitlines()[-1].split()[-1]


Cli = Callable[..., CliResult]


@pytest.fixture(autouse=True)
def _actor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_ACTOR", "review-tester")


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """Run ``workbench ARGS…`` in-process and return exit code, stdout and stderr."""

    def run(*args: object) -> CliResult:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def demo_store(tmp_path: Path) -> Path:
    return write_demo(tmp_path / "demo.db", now=DEMO_NOW, actor="review-tester")


@pytest.fixture
def rev_findings(cli: Cli) -> Callable[[Path], set[tuple[str, str]]]:
    """``workbench check --format json``, reduced to the (rule, subject) pairs of REV rules."""

    def findings(store: Path) -> set[tuple[str, str]]:
        result = cli("check", store, "--format", "json")
        assert result.code in (0, 1), result.err
        report = json.loads(result.out)
        return {(f["rule"], f["subject"]) for f in report["findings"] if f["rule"][:4] == "REV-"}

    return findings


@pytest.fixture
def audit_head() -> Callable[[Path], tuple[int, str]]:
    def head(store: Path) -> tuple[int, str]:
        with Store.open(store) as s:
            return s.audit_head()

    return head
