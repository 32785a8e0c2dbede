"""Undo and audit labels of element edits are words, not field names."""

from __future__ import annotations

from tests.builders import case
from workbench.app.changes import update_element
from workbench.domain import NotApplicable


def test_field_names_are_not_shown() -> None:
    doc = case().goal("G1", "Top").document()
    rid = doc.framework.requirements[0].id
    mark = NotApplicable(requirement=rid, justification="not deployed there")
    labels = [
        update_element(doc, "G1", not_applicable=[mark]).label,
        update_element(doc, "G1", addresses=[rid]).label,
        update_element(doc, "G1", undeveloped=True).label,
        update_element(doc, "G1", text="Other", undeveloped=True).label,
        update_element(doc, "G1", text="Other").label,
    ]
    assert labels == [
        f"Mark {rid} not applicable on G1",
        f"Claim {rid} for G1",
        "Mark G1 undeveloped",
        "Edit the text and undeveloped mark of G1",
        "Edit the text of G1",
    ]
    assert not any("_" in label for label in labels)


def test_a_withdrawn_mark_says_so() -> None:
    doc = case().goal("G1", "Top").document()
    rid = doc.framework.requirements[0].id
    marked = doc.case.by_id["G1"].model_copy(
        update={"not_applicable": [NotApplicable(requirement=rid, justification="n/a")]}
    )
    doc = doc.model_copy(update={"case": doc.case.model_copy(update={"elements": [marked]})})
    assert update_element(doc, "G1", not_applicable=[]).label == (
        f"Withdraw {rid} not applicable on G1"
    )
