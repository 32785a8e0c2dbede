"""framework migrate: the fates of the demo's claims, one audited change, undo, bad input."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from workbench.app import Workspace
from workbench.app.checking import check
from workbench.app.migrate import UNMAPPED, migrate_framework, plan_migration
from workbench.domain import InputError, NotFoundError
from workbench.store import Store

Cli = Callable[..., Any]
Head = Callable[[Path], tuple[int, str]]


def claimed(store: Path) -> dict[str, list[str]]:
    with Store.open(store) as s:
        doc = s.load()
    return {e.id: list(e.addresses) for e in doc.case.elements if e.addresses}


def test_dry_run_lists_every_fate_and_writes_nothing(
    cli: Cli, demo_store: Path, audit_head: Head
) -> None:
    head, before = audit_head(demo_store), claimed(demo_store)
    result = cli("framework", "migrate", demo_store, "--to", "RSP-3.4", "--dry-run")
    assert result.code == 0
    out = result.out
    assert "renamed: RSP-3.4/CHEMBIO-D/trusted-user-access" in out
    assert "dropped, left as it is (a COV-UNMAPPED finding)" in out
    assert "new: RSP-3.4/RISK-REPORT/risk-benefit-determination" in out
    assert out.strip().splitlines()[-1] == "dry run: nothing written"
    assert audit_head(demo_store) == head
    assert claimed(demo_store) == before


def test_plan_counts_the_demo_claims_by_fate(demo_store: Path) -> None:
    with Workspace.open(demo_store) as ws:
        plan = plan_migration(ws.document, "RSP-3.4")
    counts = plan.counts
    assert counts["renamed"] > 0 and counts["dropped"] > 0
    assert sum(counts.values()) == len(plan.claims)
    # CBRN-3 (cannot be ruled out) carries over; the rest must be determined afresh.
    kept = [(d.threshold, d.target) for d in plan.determinations if d.target]
    assert kept == [("RSP-2.2/CBRN-3", "RSP-3.4/CHEMBIO-NON-NOVEL")]


def test_apply_is_one_audited_change_and_undo_restores(demo_store: Path) -> None:
    with Workspace.open(demo_store) as ws:
        original = ws.document
        revision, events = ws.store.revision, len(ws.store.audit_events())
        plan = migrate_framework(ws, "RSP-3.4")
        doc = ws.document
        assert ws.store.revision == revision + 1
        new_events = ws.store.audit_events()[events:]
        assert {e.action for e in new_events} == {"framework migrate"}
        assert len(new_events) == len(plan.change_set.changes)
        assert (doc.framework.id, doc.assessment.framework_id) == ("RSP-3.4", "RSP-3.4")
        assert [d.threshold for d in doc.assessment.determinations] == ["RSP-3.4/CHEMBIO-NON-NOVEL"]
        ws.apply(plan.change_set.inverse())
        assert ws.document == original
        assert ws.store.verify_audit().ok


def test_migrated_claims_follow_the_crosswalk(demo_store: Path) -> None:
    with Workspace.open(demo_store) as ws:
        plan = migrate_framework(ws, "RSP-3.4")
        by_id = ws.document.case.by_id
    for fate in plan.claims:
        if fate.marked_not_applicable:
            named = [m.requirement for m in by_id[fate.element].not_applicable]
        else:
            named = by_id[fate.element].addresses
        if fate.targets:
            assert set(fate.targets) <= set(named)
            assert fate.requirement not in named
        else:
            assert fate.requirement in named  # left for the assessor: a finding


def test_unmapped_claims_become_cov_unmapped_findings(demo_store: Path) -> None:
    with Workspace.open(demo_store) as ws:
        plan = migrate_framework(ws, "RSP-3.4")
        report = check(ws)
    left = {(c.element, c.requirement) for c in plan.claims if not c.targets}
    assert left
    found = {
        (f.subject, next(w for w in f.message.split() if w.startswith("RSP-2.2/")).rstrip(","))
        for f in report.findings
        if f.rule == "COV-UNMAPPED"
    }
    assert found == left
    assert not [f for f in report.findings if f.rule == "GSN-UNKNOWN-REQUIREMENT"]


def test_a_claim_the_crosswalk_does_not_list_is_unmapped(demo_store: Path) -> None:
    with Workspace.open(demo_store) as ws:
        doc = ws.document
        goal = next(e for e in doc.case.elements if e.addresses)
        odd = goal.model_copy(update={"addresses": ["RSP-2.2/ASL9-X/nothing"]})
        elements = [odd if e.id == goal.id else e for e in doc.case.elements]
        changed = doc.model_copy(
            update={"case": doc.case.model_copy(update={"elements": elements})}
        )
    plan = plan_migration(changed, "RSP-3.4")
    fates = [c for c in plan.claims if c.element == goal.id]
    assert [(c.fate, c.targets) for c in fates] == [(UNMAPPED, ())]


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("RSP-9.9", "unknown framework 'RSP-9.9'"),
        ("RSP-2.2", "already judged against RSP-2.2"),
    ],
)
def test_bad_target_is_one_line_exit_2_store_unchanged(
    cli: Cli, demo_store: Path, audit_head: Head, target: str, message: str
) -> None:
    head = audit_head(demo_store)
    result = cli("framework", "migrate", demo_store, "--to", target)
    assert result.code == 2
    err = result.err.strip()
    assert message in err and len(err.splitlines()) == 1
    assert audit_head(demo_store) == head


def test_no_crosswalk_back_is_exit_2(cli: Cli, tmp_path: Path, audit_head: Head) -> None:
    store = tmp_path / "v34.db"
    assert cli("init", store, "--model", "M", "--framework", "RSP-3.4").code == 0
    head = audit_head(store)
    result = cli("framework", "migrate", store, "--to", "RSP-2.2")
    assert result.code == 2
    assert "no crosswalk from RSP-3.4 to RSP-2.2" in result.err
    assert audit_head(store) == head


def test_service_errors_are_workbench_errors(demo_store: Path) -> None:
    with Workspace.open(demo_store) as ws:
        with pytest.raises(NotFoundError):
            migrate_framework(ws, "NOPE")
        with pytest.raises(InputError):
            migrate_framework(ws, "RSP-2.2", dry_run=True)


def test_json_output_lists_claims_and_determinations(cli: Cli, demo_store: Path) -> None:
    result = cli("framework", "migrate", demo_store, "--to", "RSP-3.4", "--format", "json")
    assert result.code == 0
    data = json.loads(result.out)
    assert (data["from"], data["to"], data["applied"]) == ("RSP-2.2", "RSP-3.4", True)
    assert {c["fate"] for c in data["claims"]} >= {"renamed", "dropped"}
    assert claimed(demo_store)  # the store now holds the migrated case
