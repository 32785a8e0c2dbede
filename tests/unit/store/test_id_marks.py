"""Ids are minted once, forever, per store and kind: the store keeps the high-water mark of
every id it handed out, through deletes, undo, imports and reopening."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from tests.builders import BUILT_AT, case
from workbench.app.changes import ChangeSet, add_element, delete_element, next_id, put
from workbench.app.checking import check
from workbench.app.compliance import add_schedule_item
from workbench.app.exchange import import_json
from workbench.app.interop import _merged_review
from workbench.app.operations import Edit, run
from workbench.app.review import raise_challenge
from workbench.app.workspace import Workspace
from workbench.domain import ElementType, InputError
from workbench.interop.exchange import dumps_case
from workbench.store import Store
from workbench.store.schema import MIGRATION_SET


def three_goals(path: Path) -> Path:
    """G1 over G2 and G3, with challenge CH1 on G3."""
    return (
        case()
        .goal("G1")
        .goal("G2", under="G1")
        .goal("G3", under="G1")
        .challenge("CH1", "G3", "G3's claim does not hold")
        .store(path)
    )


def test_delete_then_add_gives_a_new_id_and_the_old_challenge_is_reported(
    tmp_path: Path,
) -> None:
    with Workspace.open(three_goals(tmp_path / "s.db"), actor="tester") as ws:
        run(ws, Edit(lambda d: delete_element(d, "G3")))
        added = run(ws, Edit(lambda d: add_element(d, ElementType.goal, "New claim", parent="G1")))
        (new_id,) = added.changes.added["element"]
        assert new_id == "G4"
        challenge = ws.document.challenge("CH1")
        assert challenge.target == "G3"  # kept, never re-attached
        report = check(ws, on=BUILT_AT.date())
    gone = [f for f in report.findings if f.rule == "REV-TARGET-GONE"]
    assert [(f.subject, "G3" in f.message) for f in gone] == [("CH1", True)]


def test_the_mark_survives_reopening_and_undo_of_an_add(tmp_path: Path) -> None:
    path = three_goals(tmp_path / "s.db")
    with Workspace.open(path, actor="tester") as ws:
        outcome = run(ws, Edit(lambda d: add_element(d, ElementType.goal, "G4 holds")))
        ws.apply(outcome.change_set.inverse())  # undo the add: G4 is gone ...
        assert "G4" not in ws.document.case.by_id
        assert next_id(ws.document, ElementType.goal) == "G5"  # ... and not handed out again
        ws.apply(outcome.change_set)  # redo restores the same element under its own id
        assert ws.document.case.by_id["G4"].text == "G4 holds"
        run(ws, Edit(lambda d: delete_element(d, "G4")))
        run(ws, Edit(lambda d: delete_element(d, "G3")))
    with Workspace.open(path, actor="tester") as ws:
        assert next_id(ws.document, ElementType.goal) == "G5"
        assert next_id(ws.document, ElementType.solution) == "Sn1"


def test_an_id_handed_out_before_is_refused_when_asked_for(tmp_path: Path) -> None:
    with Workspace.open(three_goals(tmp_path / "s.db"), actor="tester") as ws:
        run(ws, Edit(lambda d: delete_element(d, "G3")))
        with pytest.raises(InputError, match=r"G3.*used before"):
            add_element(ws.document, ElementType.goal, "again", element_id="G3")


def test_review_and_compliance_ids_are_not_reused_after_a_delete(tmp_path: Path) -> None:
    with Workspace.open(three_goals(tmp_path / "s.db"), actor="tester") as ws:
        old = ws.document.challenge("CH1")
        ws.apply(ChangeSet("drop", "test", (put("challenge", "CH1", old, None),)))
        raised = raise_challenge(
            ws, session="R1", target="G2", kind="rebutting", severity="minor",
            text="Another doubt", raised_by="Ann Reviewer",
        )  # fmt: skip
        assert raised.record.id == "CH2"
        item = add_schedule_item(ws, what="Comprehensive assessment", due=dt.date(2027, 1, 1))
        ws.apply(ChangeSet("drop", "test", (put("schedule", item.record.id, item.record, None),)))
        again = add_schedule_item(ws, what="Comprehensive assessment", due=dt.date(2027, 1, 1))
        assert (item.record.id, again.record.id) == ("SCH1", "SCH2")


def test_importing_a_case_keeps_the_marks_of_the_store(tmp_path: Path) -> None:
    path = three_goals(tmp_path / "s.db")
    small = case().goal("G1").document()
    case_file = tmp_path / "small.json"
    case_file.write_text(dumps_case(small))
    import_json(case_file, path, replace=True)
    with Workspace.open(path, actor="tester") as ws:
        assert set(ws.document.case.by_id) == {"G1"}
        assert next_id(ws.document, ElementType.goal) == "G4"


def test_imported_challenges_are_renamed_off_ids_the_store_used(tmp_path: Path) -> None:
    with Workspace.open(three_goals(tmp_path / "s.db"), actor="tester") as ws:
        old = ws.document.challenge("CH1")
        ws.apply(ChangeSet("drop", "test", (put("challenge", "CH1", old, None),)))
        doc = ws.document
    incoming = case().goal("G1").challenge("CH1", "G1").document().review
    merged = _merged_review(
        doc.review, incoming.sessions, incoming.challenges, doc.id_marks, doc.case
    )
    assert [c.id for c in merged.challenges] == ["CH1-2"]
    assert [s.id for s in merged.sessions] == ["R1", "R1-2"]


def test_a_store_from_before_the_marks_gets_them_from_its_audit_log(tmp_path: Path) -> None:
    path = three_goals(tmp_path / "s.db")
    with Workspace.open(path, actor="tester") as ws:
        run(ws, Edit(lambda d: delete_element(d, "G3")))
    conn = sqlite3.connect(path)  # as written by a workbench without the id marks
    conn.execute("DROP TABLE id_marks")
    conn.execute(
        "DELETE FROM _sqlite_migrations WHERE migration_set = ? AND name = '0003_id_marks'",
        [MIGRATION_SET],
    )
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        marks = store.id_marks()
        assert marks.high("element", "G") == 3
        assert marks.high("challenge", "CH") == 1
        assert next_id(store.load(), ElementType.goal) == "G4"
