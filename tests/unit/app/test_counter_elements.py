"""Deleting a counter element leaves the challenge it stated, without the link to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.builders import case
from workbench.app.changes import delete_element, delete_elements, delete_with_children
from workbench.app.workspace import Workspace


def _store(path: Path) -> Path:
    return (
        case()
        .goal("G1")
        .solution("Sn1")
        .counter_goal("CG1", challenges="G1")
        .counter_solution("CSn1")
        .challenge("CH1", "G1", counter=["CG1"])
        .store(path)
    )


@pytest.mark.parametrize(
    "delete",
    [
        lambda doc: delete_element(doc, "CG1"),
        lambda doc: delete_with_children(doc, "CG1"),
        lambda doc: delete_elements(doc, ["CG1"], children="lift"),
    ],
    ids=["one", "with-children", "many"],
)
def test_deleting_a_counter_element_releases_its_challenge(tmp_path: Path, delete) -> None:  # type: ignore[no-untyped-def]
    path = _store(tmp_path / "s.db")
    with Workspace.open(path, actor="tester") as ws:
        ws.apply(delete(ws.document))
        assert ws.document.challenge("CH1").counter == []
    with Workspace.open(path, actor="tester") as ws:  # the store opens again
        assert "CG1" not in ws.document.case.by_id
        assert ws.document.challenge("CH1").counter == []
