"""``workbench pattern …``: list, show, apply (refusals in one line), save, import, export."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliResult
from workbench.app.workspace import Workspace

Cli = Callable[..., CliResult]


def ok(result: CliResult) -> CliResult:
    assert result.code == 0, result.err
    return result


def refused(result: CliResult, needle: str) -> None:
    assert result.code == 2, result.out
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], result.err


def test_list_prints_one_pattern_per_line_name_first(cli: Cli) -> None:
    lines = ok(cli("pattern", "list")).out.strip().splitlines()
    assert len(lines) >= 7
    names = [line.split()[0] for line in lines]
    assert {"inability", "asl3-deployment", "precautionary-activation", "risk-report"} <= set(names)


def test_show_names_the_parameters_and_the_multiplicity(cli: Cli) -> None:
    out = ok(cli("pattern", "show", "asl3-deployment")).out
    assert "standard (standard; required; default RSP-2.2/ASL3-D)" in out
    assert "one per requirement of {standard} as {requirement}" in out


def test_acceptance_inability_and_asl3_deployment_in_an_empty_store(
    cli: Cli, tmp_path: Path
) -> None:
    store = tmp_path / "s.db"
    ok(cli("init", store, "--model", "M"))
    first = ok(cli("pattern", "apply", store, "inability", "--param", "threshold=RSP-2.2/CBRN-3"))
    assert first.last_word == "G1"
    ok(cli("pattern", "apply", store, "asl3-deployment", "--param", "standard=RSP-2.2/ASL3-D"))
    report = json.loads(cli("check", store, "--format", "json").out)
    assert [f for f in report["findings"] if f["rule"].startswith("PAT")] == []
    with Workspace.open(store) as ws:
        doc = ws.document
    claimed = {r for e in doc.case.elements if e.type.value == "goal" for r in e.addresses}
    standard = doc.framework.standards_by_id["RSP-2.2/ASL3-D"]
    assert {r.id for r in standard.requirements if r.demanded} <= claimed


def test_apply_under_a_goal_is_one_change_set_that_undo_reverses(cli: Cli, tmp_path: Path) -> None:
    from workbench.app.operations import Edit, apply
    from workbench.app.patterns import apply_pattern, find_pattern

    store = tmp_path / "s.db"
    ok(cli("init", store, "--model", "M"))
    top = ok(cli("element", "add", store, "--type", "goal", "--text", "Safe")).last_word
    out = ok(cli("pattern", "apply", store, "precautionary-activation", "--param",
                 "threshold=RSP-2.2/CBRN-3", "--under", top, "--dry-run")).out  # fmt: skip
    assert "dry run: nothing written" in out
    with Workspace.open(store) as ws:
        before = ws.document
        pattern = find_pattern("precautionary-activation")
        params = {"threshold": "RSP-2.2/CBRN-3"}
        outcome = apply(ws, Edit(lambda d: apply_pattern(d, pattern, params, top)))
        assert outcome.changes.structure
        assert outcome.change_set.label.startswith(
            f"Insert pattern precautionary-activation under {top}"
        )
        assert ws.document.element(top).supported_by
        apply(ws, Edit(lambda _d: outcome.change_set.inverse()))
        assert ws.document == before


def test_an_unbound_parameter_is_refused_in_one_line(cli: Cli, tmp_path: Path) -> None:
    store = tmp_path / "s.db"
    ok(cli("init", store, "--model", "M"))
    refused(cli("pattern", "apply", store, "inability"), "needs its parameter threshold")
    refused(
        cli("pattern", "apply", store, "inability", "--param", "threshold=RSP-3.4/CHEMBIO-NOVEL"),
        "not a threshold id of RSP-2.2",
    )
    refused(cli("pattern", "apply", store, "inability", "--param", "threshold"), "NAME=VALUE")
    refused(cli("pattern", "apply", store, "nope"), "no pattern 'nope'")
    with Workspace.open(store) as ws:
        assert ws.document.case.elements == []


def test_save_export_import_round_trip(cli: Cli, tmp_path: Path) -> None:
    store = tmp_path / "s.db"
    ok(cli("init", store, "--model", "M"))
    ok(cli("pattern", "apply", store, "ai-control", "--param", "deployment=the coding agent"))
    saved = ok(cli("pattern", "save", store, "G1", "agent-control",
                   "--param", "where=the coding agent"))  # fmt: skip
    assert saved.last_word == "agent-control"
    listed = ok(cli("pattern", "list")).out
    assert "agent-control" in listed and "[user]" in listed
    exported = tmp_path / "p.json"
    ok(cli("pattern", "export", "agent-control", exported))
    data = json.loads(exported.read_text())
    assert data["parameters"][0]["name"] == "where"
    assert "{where}" in data["root"]["text"]
    data["name"] = "agent-control-2"
    exported.write_text(json.dumps(data))
    ok(cli("pattern", "import", exported))
    refused(cli("pattern", "import", exported), "already exists; pass --replace")
    ok(cli("pattern", "check", "agent-control-2"))
    other = tmp_path / "o.db"
    ok(cli("init", other, "--model", "N"))
    out = ok(cli("pattern", "apply", other, "agent-control-2", "--param", "where=the lab")).out
    assert "the lab" in out


def test_a_malformed_pattern_file_is_refused_and_checked(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({
        "name": "bad", "title": "Bad", "parameters": [],
        "root": {"role": "top", "type": "goal", "text": "{missing} holds"},
    }))  # fmt: skip
    result = cli("pattern", "check", bad)
    assert result.code == 1 and "PAT-DEFINITION" in result.out
    refused(cli("pattern", "import", bad), "not well formed")
    bad.write_text("{")
    refused(cli("pattern", "import", bad), "is not JSON")
