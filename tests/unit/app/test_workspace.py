"""The workspace's document follows its own writes without rereading, and others' by rereading."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.builders import case
from workbench.app.changes import (
    ChangeSet,
    add_element,
    delete_element,
    move_element,
    put,
    update_assessment,
    update_element,
)
from workbench.app.workspace import Workspace
from workbench.domain import CaseDocument, ElementType, ScheduledAssessment

Build = Callable[[CaseDocument], ChangeSet]


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """G1 - S1 - (G2 - Sn1, G3 - Sn2), a context on G1, one challenge on G2."""
    return (
        case()
        .goal("G1")
        .context("C1")
        .strategy("S1")
        .goal("G2")
        .solution("Sn1")
        .goal("G3", under="S1")
        .solution("Sn2")
        .goal("G4", under="S1", undeveloped=True)
        .challenge("CH1", "G2")
        .store(tmp_path / "case.db")
    )


def _remove_first_challenge(doc: CaseDocument) -> ChangeSet:
    challenge = doc.review.challenges[0]
    return ChangeSet("x", "remove challenge", (put("challenge", challenge.id, challenge, None),))


def _add_schedule_item(doc: CaseDocument) -> ChangeSet:
    item = ScheduledAssessment(id="SCH9", what="Follow-up", due=dt.date(2027, 1, 1))
    return ChangeSet("x", "add schedule item", (put("schedule", item.id, None, item),))


def _rename_model(doc: CaseDocument) -> ChangeSet:
    model = doc.assessment.model.model_copy(update={"snapshot": "2026-12-01"})
    return update_assessment(doc, doc.assessment.model_copy(update={"model": model}))


EDITS: list[Build] = [
    lambda d: add_element(d, ElementType.goal, "A new claim", parent="S1"),
    lambda d: update_element(d, "G3", text="Edited claim"),
    lambda d: move_element(d, "Sn1", "G3", index=0),
    lambda d: delete_element(d, "G4"),
    _remove_first_challenge,
    _add_schedule_item,
    _rename_model,
]


def test_document_after_own_writes_equals_what_the_store_holds(store: Path) -> None:
    with Workspace.open(store, actor="a") as ws:
        for build in EDITS:
            ws.apply(build(ws.document))
        undone = delete_element(ws.document, "G2")
        ws.apply(undone)
        ws.apply(undone.inverse())  # the element comes back at the end, as the store puts it
        followed = ws.document
        stored = ws.store.load()
    assert followed == stored
    assert followed.case.elements[-1].id == "G2"


def test_own_write_is_not_read_back(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Workspace.open(store, actor="a") as ws:
        doc = ws.document

        def refuse() -> CaseDocument:
            raise AssertionError("the store was read again")

        monkeypatch.setattr(ws.store, "load", refuse)
        ws.apply(update_element(doc, "G1", text="Changed here"))
        assert ws.document.case.by_id["G1"].text == "Changed here"


def test_write_after_another_process_wrote_shows_both(store: Path) -> None:
    with (
        Workspace.open(store, actor="a") as first,
        Workspace.open(store, actor="b") as second,
    ):
        first_doc = first.document
        second.apply(update_element(second.document, "G2", text="Changed by b"))
        first.apply(update_element(first_doc, "G1", text="Changed by a"))
        texts = (first.document.case.by_id["G1"].text, first.document.case.by_id["G2"].text)
    assert texts == ("Changed by a", "Changed by b")
