"""The argument from the command line: ``workbench element …`` and ``determination set``
build a case that checks, exports and imports like one made in the window."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult
from workbench.app.workspace import Workspace
from workbench.domain import CaseDocument

Cli = Callable[..., CliResult]

REQ_A = "RSP-2.2/ASL2-D/model-card-usage-policy"
REQ_B = "RSP-2.2/ASL2-D/harmlessness-misuse-detection"
THRESHOLD = "RSP-2.2/CBRN-3"


def ok(result: CliResult) -> CliResult:
    assert result.code == 0, result.err
    return result


def refused(result: CliResult, needle: str) -> None:
    """One line on stderr naming the problem, exit 2, nothing else printed."""
    assert result.code == 2, result.out
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("workbench: error: ") and needle in lines[0], lines[0]
    assert "Traceback" not in result.err


def add(cli: Cli, store: Path, kind: str, text: str, *more: str) -> str:
    """``element add``; the id it printed last."""
    return ok(cli("element", "add", store, "--type", kind, "--text", text, *more)).last_word


def doc_of(store: Path) -> CaseDocument:
    with Workspace.open(store, actor="tester") as ws:
        return ws.document


def argument_of(doc: CaseDocument) -> dict[str, tuple[object, ...]]:
    """What an argument is made of: elements with their type, text, module, links, marks,
    claims and citations."""
    return {
        e.id: (
            e.type,
            e.text,
            e.module,
            tuple(e.supported_by),
            tuple(e.in_context_of),
            e.undeveloped,
            tuple(e.addresses),
            tuple(e.evidence),
        )
        for e in doc.case.elements
    }


@pytest.fixture
def store(cli: Cli, tmp_path: Path) -> Path:
    path = tmp_path / "case.db"
    ok(cli("init", path, "--model", "Nimbus-2"))
    return path


@pytest.fixture
def evidence(cli: Cli, store: Path, tmp_path: Path) -> str:
    report = tmp_path / "capability-report.txt"
    report.write_text("CBRN-3 uplift trial: no significant uplift measured.\n")
    return ok(
        cli(
            "evidence",
            "add",
            store,
            report,
            "--title",
            "Uplift trial",
            "--kind",
            "capability_report",
        )
    ).last_word


def build_ten(cli: Cli, store: Path, evidence: str) -> list[str]:
    """A ten-element argument made with ``element`` commands only."""
    top = add(cli, store, "goal", "Nimbus-2 is acceptably safe to deploy")
    ctx = add(cli, store, "context", "Deployment: API, general availability", "--under", top)
    asm = add(cli, store, "assumption", "Usage policy is enforced", "--under", top)
    strat = add(cli, store, "strategy", "Argue over each threshold", "--under", top)
    jus = add(cli, store, "justification", "Thresholds are exhaustive", "--under", strat)
    g_cbrn = add(cli, store, "goal", "CBRN-3 is ruled out", "--under", strat)
    g_safe = add(cli, store, "goal", "ASL-2 safeguards are in place", "--under", strat)
    sn_trial = add(cli, store, "solution", "Uplift trial", "--under", g_cbrn)
    sn_card = add(cli, store, "solution", "Model card", "--under", g_safe)
    g_later = add(cli, store, "goal", "Misuse detection is monitored", "--under", g_safe)
    ok(cli("element", "edit", store, g_later, "--undeveloped"))
    ok(cli("element", "edit", store, g_later, "--text", "Misuse detection is monitored weekly"))
    ok(cli("element", "claim", store, g_safe, REQ_A))
    ok(cli("element", "claim", store, g_later, REQ_B))
    ok(cli("element", "cite", store, sn_trial, evidence))
    ok(cli("element", "cite", store, sn_card, evidence))
    ok(cli("element", "link", store, g_later, ctx, "--context"))
    return [top, ctx, asm, strat, jus, g_cbrn, g_safe, sn_trial, sn_card, g_later]


def test_an_argument_built_by_element_commands_round_trips_through_json(
    cli: Cli, store: Path, evidence: str, tmp_path: Path
) -> None:
    ids = build_ten(cli, store, evidence)
    assert ids == ["G1", "C1", "A1", "S1", "J1", "G2", "G3", "Sn1", "Sn2", "G4"]
    ok(cli("determination", "set", store, THRESHOLD, "ruled_out", "--evidence", evidence))

    checked = cli("check", store, "--format", "json")
    assert checked.code in (0, 1), checked.err
    rules = {f["rule"] for f in json.loads(checked.out)["findings"]}
    assert "GSN-UNDEVELOPED" in rules  # G4 was marked undeveloped
    assert not {"GSN-DANGLING-LINK", "GSN-LINK-TYPE", "GSN-NON-LEAF", "GSN-CYCLE"} & rules

    exported = tmp_path / "case.json"
    ok(cli("export", "json", store, exported))
    copy = tmp_path / "copy.db"
    ok(cli("import", "json", exported, copy))

    original, imported = doc_of(store), doc_of(copy)
    assert len(original.case.elements) == 10
    assert argument_of(imported) == argument_of(original)
    assert imported.case.by_id["G4"].undeveloped
    assert imported.case.by_id["G4"].in_context_of == ["C1"]
    assert imported.case.by_id["G3"].addresses == [REQ_A]
    assert imported.case.by_id["Sn1"].evidence == [evidence]
    assert imported.assessment.determinations == original.assessment.determinations
    assert imported.state_hash() == original.state_hash()


def test_bad_ids_wrong_types_and_forbidden_links_change_nothing(
    cli: Cli, store: Path, evidence: str
) -> None:
    build_ten(cli, store, evidence)
    before = store.read_bytes(), doc_of(store)
    refused(
        cli("element", "add", store, "--type", "goal", "--text", "x", "--under", "NOPE"), "NOPE"
    )
    refused(cli("element", "add", store, "--type", "away_goal", "--text", "x"), "--type")
    refused(cli("element", "add", store, "--type", "counter_goal", "--text", "x"), "--type")
    refused(
        cli("element", "add", store, "--type", "solution", "--text", "x", "--under", "S1"), "S1"
    )
    refused(cli("element", "link", store, "Sn1", "G2"), "Sn1")  # a solution supports nothing
    refused(cli("element", "link", store, "G2", "C1"), "--context")  # context needs InContextOf
    refused(cli("element", "link", store, "G2", "G1"), "cycle")
    refused(cli("element", "link", store, "G1", "S1"), "already linked")
    refused(cli("element", "unlink", store, "G1", "G2"), "no link")
    refused(cli("element", "edit", store, "C1", "--undeveloped"), "only goals and strategies")
    refused(cli("element", "edit", store, "G1"), "nothing to change")
    refused(cli("element", "claim", store, "Sn1", REQ_A), "only goals")
    refused(cli("element", "claim", store, "G2", "RSP-2.2/NOPE"), "RSP-2.2/NOPE")
    refused(cli("element", "cite", store, "G2", evidence), "only solutions")
    refused(cli("element", "cite", store, "Sn1", "EV-NOPE"), "EV-NOPE")
    refused(cli("element", "delete", store, "NOPE"), "NOPE")
    refused(cli("determination", "set", store, "RSP-2.2/NOPE", "crossed"), "RSP-2.2/NOPE")
    refused(cli("determination", "set", store, THRESHOLD, "maybe"), "maybe")
    refused(cli("determination", "set", store, THRESHOLD, "crossed", "--evidence", "X"), "'X'")
    after = store.read_bytes(), doc_of(store)
    assert after[1] == before[1]
    assert after[1].state_hash() == before[1].state_hash()


def test_delete_refuses_to_orphan_children_unless_asked(
    cli: Cli, store: Path, evidence: str
) -> None:
    build_ten(cli, store, evidence)
    refused(cli("element", "delete", store, "G3"), "--with-children")
    assert {"G3", "Sn2", "G4"} <= set(doc_of(store).case.by_id)

    result = ok(cli("element", "delete", store, "G3", "--with-children"))
    assert "3 elements" in result.out
    doc = doc_of(store)
    assert not {"G3", "Sn2", "G4"} & set(doc.case.by_id)
    assert "C1" in doc.case.by_id  # still the context of G1
    assert "G3" not in doc.case.by_id["S1"].supported_by

    ok(cli("element", "unlink", store, "G1", "A1"))
    ok(cli("element", "delete", store, "A1"))  # a leaf with no parent left: nothing to orphan
    assert add(cli, store, "goal", "A new goal", "--under", "S1") == "G5"  # never G3 again


def test_a_determination_without_evidence_is_recorded_and_reported(cli: Cli, store: Path) -> None:
    result = ok(
        cli("determination", "set", store, THRESHOLD, "cannot_rule_out", "--rationale", "too early")
    )
    assert "without evidence" in result.out
    (determination,) = doc_of(store).assessment.determinations
    assert determination.outcome.value == "cannot_rule_out"
    assert determination.rationale == "too early"
    findings = json.loads(cli("check", store, "--format", "json").out)["findings"]
    assert any(f["rule"] == "DET-NO-EVIDENCE" and f["subject"] == THRESHOLD for f in findings)

    ok(cli("determination", "set", store, THRESHOLD, "crossed"))
    (determination,) = doc_of(store).assessment.determinations  # replaced, not added
    assert determination.outcome.value == "crossed"


def test_element_add_puts_an_element_in_a_new_module(cli: Cli, store: Path) -> None:
    top = add(cli, store, "goal", "Security holds", "--module", "security")
    doc = doc_of(store)
    assert doc.case.by_id[top].module == "security"
    assert "security" in {m.id for m in doc.case.modules}
    sub = add(cli, store, "goal", "Weights are protected", "--under", top)
    assert doc_of(store).case.by_id[sub].module == "security"
