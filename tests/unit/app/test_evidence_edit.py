"""Evidence details changed after import: one audited, undoable change through the write path."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.builders import case
from workbench.app import Workspace
from workbench.app.changes import update_evidence
from workbench.app.evidence import EvidenceDetails, add_evidence_file
from workbench.app.operations import Edit, apply
from workbench.domain import EvidenceKind, InputError
from workbench.store import Store


def store_with_evidence(tmp_path: Path) -> tuple[Path, str]:
    store = case().goal("G1", "Top").store(tmp_path / "s.db")
    report = tmp_path / "report.txt"
    report.write_text("red-team findings\n", encoding="utf-8")
    with Workspace.open(store) as ws:
        evidence, _added = add_evidence_file(ws, report, EvidenceDetails(title="Report"))
    return store, evidence.id


def test_kind_team_and_dates_are_changed_and_audited(tmp_path: Path) -> None:
    store, eid = store_with_evidence(tmp_path)
    with Store.open(store) as s:
        before_events = s.audit_head()[0]
    with Workspace.open(store) as ws:
        outcome = apply(
            ws,
            Edit(
                lambda doc: update_evidence(
                    doc,
                    eid,
                    kind=EvidenceKind.red_team_report,
                    team="Frontier Red Team",
                    collected=dt.date(2026, 10, 1),
                    expires=dt.date(2027, 4, 1),
                )
            ),
        )
        assert outcome.change_set.label == (
            f"Edit the kind, team, collected date and expiry date of {eid}"
        )
        sha = ws.document.evidence_item(eid).sha256
    with Store.open(store) as s:
        item = s.load().evidence_item(eid)
        assert (item.kind, item.team) == (EvidenceKind.red_team_report, "Frontier Red Team")
        assert (item.collected, item.expires) == (dt.date(2026, 10, 1), dt.date(2027, 4, 1))
        assert item.sha256 == sha
        count, _head = s.audit_head()
        assert count == before_events + 1
        assert s.verify_audit().ok


def test_the_file_and_its_hash_cannot_be_changed(tmp_path: Path) -> None:
    store, eid = store_with_evidence(tmp_path)
    with Workspace.open(store) as ws, pytest.raises(InputError, match="only title"):
        update_evidence(ws.document, eid, sha256="0" * 64)


def test_an_expiry_before_collection_is_refused(tmp_path: Path) -> None:
    store, eid = store_with_evidence(tmp_path)
    with Workspace.open(store) as ws, pytest.raises(InputError, match="before it was collected"):
        update_evidence(
            ws.document, eid, collected=dt.date(2026, 10, 1), expires=dt.date(2026, 9, 1)
        )
