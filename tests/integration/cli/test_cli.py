"""The command line: demo, init, evidence, catalogue; bad input is one line on stderr, exit 2."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from workbench.cli.main import gui_main, main


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_one_line_error(err: str, needle: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("workbench: error: ")
    assert needle in lines[0]
    assert "Traceback" not in err


def test_init_creates_an_empty_assessment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "init", tmp_path / "s.db", "--model", "Nimbus-2")
    assert code == 0
    assert "Nimbus-2 under RSP-2.2" in out
    assert out.strip().splitlines()[-1].split()[-1] == "ASSESSMENT-1"


def test_init_with_unknown_framework_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "init", tmp_path / "s.db", "--model", "M", "--framework", "NOPE")
    assert code == 2
    assert_one_line_error(err, "unknown framework 'NOPE'")
    assert list(tmp_path.iterdir()) == []


def test_check_on_demo_reports_blockers_as_json(
    demo_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "check", demo_store, "--format", "json", "--today", "2026-11-23")
    data = json.loads(out)
    assert code == 1
    assert set(data) == {"required_asl", "required_level", "blocking", "findings"}
    assert data["required_level"]["overall"] == "ASL-3"
    assert data["required_asl"]["overall"] == "ASL-3"
    assert data["blocking"] == sum(f["severity"] == "blocker" for f in data["findings"])
    assert {"rule", "severity", "subject", "message", "hint"} == set(data["findings"][0])


def test_evidence_add_prints_id_last_and_deduplicates(
    demo_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "audit-2026.txt"
    f.write_text("Independent audit, fictional.\n")
    sha = hashlib.sha256(f.read_bytes()).hexdigest()
    code, out, _ = run(capsys, "evidence", "add", demo_store, f, "--kind", "audit", "--team", "Sec")
    assert code == 0
    assert out.strip().split()[-1] == f"EV-{sha[:12]}"
    code, out, _ = run(capsys, "evidence", "add", demo_store, f)
    assert code == 0
    assert "already stored as" in out
    code, out, _ = run(capsys, "evidence", "list", demo_store, "--format", "json")
    listed = [e for e in json.loads(out) if e["sha256"] == sha]
    assert len(listed) == 1
    assert listed[0]["kind"] == "audit" and listed[0]["stored"] == "present"


def test_catalog_list_and_show(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "catalog", "list")
    assert code == 0 and "RSP-2.2" in out
    code, out, _ = run(capsys, "catalog", "show", "RSP-2.2/ASL3-D/red-teaming")
    assert code == 0
    assert "standard: RSP-2.2/ASL3-D" in out
    assert "evidence expected:" in out


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["check", "{missing}"], "no such store"),
        (["check", "{dir}"], "is a directory"),
        (["check", "{random}"], "not a workbench store"),
        (["check", "{demo}", "--format", "yaml"], "invalid choice"),
        (["check", "{demo}", "--today", "tomorrow"], "is not a date"),
        (["check", "{demo}", "--today", "0001-01-01"], "is before 1900-01-01"),
        (["evidence", "add", "{demo}", "{missing}"], "no such evidence file"),
        (["evidence", "add", "{demo}", "{dir}"], "is a directory"),
        (["evidence", "add", "{demo}", "{random}", "--kind", "rumour"], "unknown kind"),
        (["import", "json", "{random}", "{new}"], "not JSON"),
        (["import", "json", "{missing}", "{new}"], "no such case document"),
        (["catalog", "show", "RSP-2.2/ASL9"], "no framework or catalogue entry"),
        (["frobnicate"], "invalid choice"),
        (["model", "set", "{demo}"], "nothing to set"),
        (["model", "set", "{demo}", "--effective-compute-ratio", "-3"], "invalid model facts"),
        (["model", "set", "{demo}", "--effective-compute-ratio", "inf"], "not a finite number"),
        (["model", "set", "{demo}", "--post-training-months", "nan"], "not a finite number"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(
    args: list[str],
    needle: str,
    demo_store: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    random = tmp_path / "random.bin"
    random.write_bytes(b"\x00\xff" * 300)
    (tmp_path / "folder").mkdir()
    names = {
        "{missing}": str(tmp_path / "missing"),
        "{dir}": str(tmp_path / "folder"),
        "{random}": str(random),
        "{demo}": str(demo_store),
        "{new}": str(tmp_path / "new.db"),
    }
    before = demo_store.read_bytes()
    code, _, err = run(capsys, *[names.get(a, a) for a in args])
    assert code == 2
    assert_one_line_error(err, needle)
    assert demo_store.read_bytes() == before
    assert not (tmp_path / "new.db").exists()


def test_invalid_catalogue_in_case_document_is_refused_with_path(
    demo_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exported = tmp_path / "case.json"
    assert run(capsys, "export", "json", demo_store, exported)[0] == 0
    data = json.loads(exported.read_text())
    data["framework"]["thresholds"][0]["required_standards"] = ["RSP-2.2/ASL9-X"]
    exported.write_text(json.dumps(data))
    code, _, err = run(capsys, "import", "json", exported, tmp_path / "new.db")
    assert code == 2
    assert_one_line_error(err, "requires unknown standard 'RSP-2.2/ASL9-X'")
    assert not (tmp_path / "new.db").exists()


def test_schema_violation_names_json_path(
    demo_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exported = tmp_path / "case.json"
    run(capsys, "export", "json", demo_store, exported)
    data = json.loads(exported.read_text())
    data["case"]["elements"][3]["type"] = "hunch"
    exported.write_text(json.dumps(data))
    code, _, err = run(capsys, "import", "json", exported, tmp_path / "new.db")
    assert code == 2
    assert_one_line_error(err, "$.case.elements[3].type")


def test_gui_on_missing_store_is_one_line_before_qt_starts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "gui", tmp_path / "absent.db")
    assert code == 2
    assert_one_line_error(err, "no such store")


def test_gui_without_a_display_is_one_line(
    demo_store: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sys

    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    code, _, err = run(capsys, "gui", demo_store)
    assert code == 2
    assert_one_line_error(err, "no display to open the window on")


def test_gui_launcher_without_a_display_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sys

    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    code = gui_main()
    assert code == 2
    assert_one_line_error(capsys.readouterr().err, "no display to open the window on")


def test_an_internal_error_is_one_line_and_the_traceback_goes_to_the_crash_log(
    demo_store: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import workbench.cli.main as cli

    def broken(_args: object) -> int:
        raise RuntimeError("a bug")

    monkeypatch.setattr(cli, "cmd_check", broken)
    log = tmp_path / "state" / "crash.log"
    monkeypatch.setenv("WORKBENCH_CRASH_LOG", str(log))
    code, out, err = run(capsys, "check", demo_store)
    assert (code, out) == (3, "")
    assert err == f"workbench: internal error: RuntimeError: a bug (details in {log})\n"
    assert "Traceback" in log.read_text() and "RuntimeError: a bug" in log.read_text()
