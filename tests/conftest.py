"""Test set-up shared by every area: Qt offscreen, a fixed clock-free environment, and skips
for tests whose outside tool (poppler's pdftotext, pdffonts, pdfsig) is not on PATH."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from workbench.app.demo import write_demo
from workbench.cli.main import main
from workbench.store import Store

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("WORKBENCH_NO_SETTINGS", "1")

pytest_plugins = ["pytester"]

#: The Debian package that brings each outside tool a test may run.
TOOL_PACKAGES = {
    "pdftotext": "poppler-utils",
    "pdffonts": "poppler-utils",
    "pdftoppm": "poppler-utils",
    "pdfsig": "poppler-utils",
}


def missing_tool_reason(*tools: str) -> str | None:
    """Why a test cannot run here (the first of ``tools`` missing from PATH), or None."""
    for tool in tools:
        if shutil.which(tool) is None:
            package = TOOL_PACKAGES.get(tool)
            hint = f" (apt-get install {package})" if package else ""
            return f"needs {tool} on PATH{hint}"
    return None


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--no-skips",
        action="store_true",
        help="count every skipped test as a failure (CI, where every outside tool is installed)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "requires_tool(*names): skip, naming the tool, when one is not on PATH"
    )


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker in item.iter_markers("requires_tool"):
        reason = missing_tool_reason(*marker.args)
        if reason is not None:
            pytest.skip(reason)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome: Any = yield
    report: pytest.TestReport = outcome.get_result()
    if report.skipped and item.config.getoption("--no-skips"):
        why = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped, and --no-skips allows none: {why}"


@pytest.fixture(scope="session")
def require_tool() -> Callable[[str], None]:
    """``require_tool(name)``: skip the test (or every test of a fixture) when ``name`` is not
    on PATH, naming the tool and its package."""

    def require(tool: str) -> None:
        reason = missing_tool_reason(tool)
        if reason is not None:
            pytest.skip(reason)

    return require


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own user data folder (demo store, imported catalogues) and crash
    log: the real user's are never read or written."""
    folder = tmp_path / "user-data"
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(folder))
    monkeypatch.setenv("WORKBENCH_CRASH_LOG", str(tmp_path / "user-state" / "crash.log"))
    return folder


@dataclass(frozen=True)
class CliResult:
    code: int
    out: str
    err: str

    @property
    def last_word(self) -> str:
        """The last word of the last line: the id of what a create command made."""
        return self.out.strip().splitlines()[-1].split()[-1]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run ``workbench ARGS…`` in-process and return exit code, stdout and stderr."""

    def run(*args: object) -> CliResult:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def audit_head() -> Callable[[Path], tuple[int, str]]:
    """The (count, hash) of a store's last audit event."""

    def head(path: Path) -> tuple[int, str]:
        with Store.open(path) as s:
            return s.audit_head()

    return head


#: The demo's clock in the shared demo store.
DEMO_NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo store, written once per test session."""
    path = tmp_path_factory.mktemp("template") / "demo.db"
    write_demo(path, now=DEMO_NOW, actor="tester")
    return path


@pytest.fixture
def demo_store(demo_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo store for one test."""
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_template, path)
    return path
