"""Start-up housekeeping: the entry points hold the collector while the program loads, and
the start-up report records milestones for the benchmark."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench.cli import main as cli
from workbench.runtime import launch, startup

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def restore_collector() -> Iterator[None]:
    yield
    startup.release_collector(freeze=False)
    gc.unfreeze()  # the entry point froze what this test process had imported
    gc.enable()


def test_hold_pauses_the_collector_and_release_resumes_it() -> None:
    startup.hold_collector()
    assert not gc.isenabled() and startup.collector_held()
    startup.hold_collector()  # idempotent
    startup.release_collector(freeze=False)
    assert gc.isenabled() and not startup.collector_held()
    startup.release_collector(freeze=False)  # nothing held: nothing happens
    assert gc.isenabled()


def test_release_leaves_a_collector_someone_else_turned_off_alone() -> None:
    gc.disable()
    startup.hold_collector()
    assert not startup.collector_held()
    startup.release_collector(freeze=False)
    assert not gc.isenabled()


def test_release_freezes_what_start_up_built() -> None:
    before = gc.get_freeze_count()
    startup.hold_collector()
    startup.release_collector()
    assert gc.get_freeze_count() > before


def test_a_command_runs_with_the_collector_released(
    demo_store: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: list[bool] = []
    real = cli.cmd_check

    def spy(args: object) -> int:
        seen.append(gc.isenabled())
        return real(args)  # type: ignore[arg-type]

    monkeypatch.setattr(cli, "cmd_check", spy)
    code = launch.main(["check", str(demo_store), "--today", "2026-11-23"])
    assert code == 1  # the demo has blocking findings
    assert seen == [True]
    assert gc.isenabled()
    assert "required ASL: ASL-3" in capsys.readouterr().out


def test_the_installed_entry_points_go_through_the_launcher() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"] == {"workbench": "workbench.runtime.launch:main"}
    assert project["gui-scripts"] == {"workbench-gui": "workbench.runtime.launch:gui_main"}
    assert callable(launch.main) and callable(launch.gui_main)


def test_python_dash_m_runs_a_command(demo_store: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "workbench", "check", str(demo_store), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["required_asl"]["overall"] == "ASL-3"


def test_milestones_are_appended_when_a_report_file_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = tmp_path / "startup.jsonl"
    monkeypatch.setenv(startup.REPORT_ENV, str(report))
    startup.report_milestone("first-paint")
    startup.report_milestone("findings")
    marks = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert [m["milestone"] for m in marks] == ["first-paint", "findings"]
    assert marks[0]["time"] <= marks[1]["time"]


def test_no_report_without_the_variable_and_no_error_when_unwritable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(startup.REPORT_ENV, raising=False)
    startup.report_milestone("first-paint")
    monkeypatch.setenv(startup.REPORT_ENV, str(tmp_path))  # a directory: cannot be written
    startup.report_milestone("first-paint")
    assert list(tmp_path.iterdir()) == []
