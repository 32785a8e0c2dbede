"""The operation layer: change sets applied through the workspace, with a notice of what changed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from workbench.app import Workspace
from workbench.app.changes import add_element, update_element
from workbench.app.evidence import EvidenceDetails, ImportEvidence
from workbench.app.operations import Changes, Edit, apply, listen, run
from workbench.domain import ConflictError, ElementType
from workbench.store import Change


@pytest.fixture
def heard() -> Iterator[list[Changes]]:
    seen: list[Changes] = []
    stop = listen(seen.append)
    yield seen
    stop()


def test_a_record_added_then_changed_is_added_and_one_added_then_removed_is_nothing() -> None:
    body = {"id": "G9", "text": "a"}
    changes = Changes.of(
        [
            Change("element", "G9", None, body),
            Change("element", "G9", body, {**body, "text": "b"}),
            Change("evidence", "E1", None, {"id": "E1"}),
            Change("evidence", "E1", {"id": "E1"}, None),
            Change("challenge", "CH1", {"id": "CH1", "text": "x"}, {"id": "CH1", "text": "y"}),
        ]
    )
    assert changes.added == {"element": frozenset({"G9"})}
    assert changes.updated == {"challenge": frozenset({"CH1"})}
    assert not changes.removed and "evidence" not in changes.kinds
    assert changes.changed_fields("challenge") == {"text"}
    assert changes.structure  # an element was added
    assert changes.touches("challenge") and not changes.touches("schedule")


def test_a_text_edit_is_not_structural_and_a_new_link_is() -> None:
    old = {"id": "G1", "text": "a", "supported_by": []}
    assert not Changes.of([Change("element", "G1", old, {**old, "text": "b"})]).structure
    assert Changes.of([Change("element", "G1", old, {**old, "supported_by": ["G2"]})]).structure


def test_an_edit_returns_its_change_set_and_a_notice(
    demo_store: Path, heard: list[Changes]
) -> None:
    with Workspace.open(demo_store, actor="tester") as ws:
        outcome = run(
            ws, Edit(lambda doc: add_element(doc, ElementType.goal, "New claim", parent="G3"))
        )
        new_id = next(iter(outcome.changes.added["element"]))
        assert ws.document.case.by_id[new_id].text == "New claim"
        assert outcome.changes.updated == {"element": frozenset({"G3"})}
        assert outcome.result is outcome.change_set
        apply(ws, Edit(lambda _doc: outcome.change_set.inverse()))  # undo
        assert new_id not in ws.document.case.by_id
    assert [n.added for n in heard] == [{"element": frozenset({new_id})}, {}]
    assert heard[1].removed == {"element": frozenset({new_id})}


def test_a_change_set_built_on_a_stale_document_is_refused_whole(demo_store: Path) -> None:
    with (
        Workspace.open(demo_store, actor="a") as mine,
        Workspace.open(demo_store, actor="b") as theirs,
    ):
        seen = mine.document
        run(theirs, Edit(lambda doc: update_element(doc, "G2", text="Theirs")))
        with pytest.raises(ConflictError, match="changed elsewhere"):
            apply(mine, Edit(lambda doc: update_element(doc, "G2", text="Mine"), on=seen))
        assert mine.document.case.by_id["G2"].text == "Theirs"


def test_an_evidence_import_streams_first_and_records_in_one_change_set(
    demo_store: Path, tmp_path: Path
) -> None:
    files = [tmp_path / "a.md", tmp_path / "b.md", tmp_path / "missing.md"]
    files[0].write_text("first report\n")
    files[1].write_text("second report\n")
    operation = ImportEvidence(files, EvidenceDetails(team="Red team"))
    with Workspace.open(demo_store, actor="tester") as ws:
        before = ws.store.revision
        outcome = run(ws, operation)
        assert ws.store.revision == before + 1  # one transaction for both records
        added = outcome.result.added
        assert [e.filename for e in added] == ["a.md", "b.md"]
        assert outcome.changes.added == {"evidence": frozenset(e.id for e in added)}
        assert outcome.result.errors == ("missing.md: no such evidence file: " + str(files[2]),)
        assert outcome.change_set.label == "Add 2 evidence files"
        again = run(ws, ImportEvidence(files[:1], EvidenceDetails()))
        assert again.result.already_stored == (added[0],) and again.changes.empty


CliRun = Callable[..., Any]


def test_cli_writes_go_through_operations(
    cli: CliRun, demo_store: Path, tmp_path: Path, heard: list[Changes]
) -> None:
    report = tmp_path / "report.md"
    report.write_text("a report\n")
    assert cli("evidence", "add", demo_store, report, "--title", "Report").code == 0
    started = cli(
        "review", "start", demo_store, "--title", "Stress test",
        "--participant", "Ann:Alignment:reviewer",
    )  # fmt: skip
    assert started.code == 0, started.err
    scheduled = cli("schedule", "add", demo_store, "--what", "Annual review", "--due", "2027-01-31")
    assert scheduled.code == 0, scheduled.err
    kinds = [sorted(n.kinds) for n in heard]
    assert kinds == [["evidence"], ["session"], ["schedule"]]
    assert heard[1].added == {"session": frozenset({started.last_word})}
