"""Copy, paste and duplicate subtrees; delete several elements, choosing what becomes of
their children."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.builders import case
from workbench.app import Workspace
from workbench.app.changes import delete_elements, under_deleted
from workbench.app.clipboard import (
    copy_fragment,
    duplicate_elements,
    fragment_outline,
    left_out,
    paste_fragment,
)
from workbench.app.operations import Edit, apply
from workbench.domain import CaseDocument, InputError
from workbench.interop.exchange import dumps_fragment, loads_fragment


def strategy_case() -> CaseDocument:
    """G1 over S1 (context C1) over G2 and G3; G3 over Sn1; G4 apart."""
    return (
        case()
        .goal("G1", "Top")
        .strategy("S1", "Argue over parts")
        .context("C1", "Scope", under="S1")
        .goal("G2", "Part one", under="S1")
        .goal("G3", "Part two", under="S1")
        .solution("Sn1", "Report", under="G3")
        .goal("G4", "Apart", under="")
        .document()
    )


def test_a_copied_subtree_holds_what_is_under_it_and_only_internal_links() -> None:
    doc = strategy_case()
    fragment = copy_fragment(doc, ["S1"])
    assert fragment.roots == ["S1"]
    assert {e.id for e in fragment.elements} == {"S1", "C1", "G2", "G3", "Sn1"}
    assert all(x in {"C1", "G2", "G3", "Sn1"} for e in fragment.elements for x in e.links)
    assert loads_fragment(dumps_fragment(fragment)) == fragment
    assert fragment_outline(fragment).splitlines()[0] == "S1 (strategy) Argue over parts"


def test_a_chosen_element_under_another_chosen_one_is_copied_once() -> None:
    fragment = copy_fragment(strategy_case(), ["G3", "S1"])
    assert fragment.roots == ["S1"]
    assert [e.id for e in fragment.elements].count("G3") == 1


def test_pasting_gives_fresh_ids_and_keeps_internal_links() -> None:
    doc = strategy_case()
    fragment = copy_fragment(doc, ["S1"])
    change_set = paste_fragment(doc, fragment, parent="G4")
    written = {c.id: c.after for c in change_set.changes if c.kind == "element"}
    new = {i: body for i, body in written.items() if i not in doc.case.by_id}
    assert set(new).isdisjoint(doc.case.by_id)
    assert len(new) == 5
    strategy = next(b for b in new.values() if b and b["type"] == "strategy")
    assert set(strategy["supported_by"]) | set(strategy["in_context_of"]) <= set(new)
    assert len(strategy["supported_by"]) == 2 and len(strategy["in_context_of"]) == 1
    g4 = written["G4"]
    assert g4 is not None and g4["supported_by"] == [strategy["id"]]
    assert change_set.label == "Paste 5 elements under G4"


def test_paste_refuses_what_the_grammar_forbids_and_writes_nothing() -> None:
    doc = strategy_case()
    with pytest.raises(InputError, match="only goals and strategies have children"):
        paste_fragment(doc, copy_fragment(doc, ["G2"]), parent="Sn1")
    with pytest.raises(InputError, match="a strategy may not sit under strategy S1"):
        paste_fragment(doc, copy_fragment(doc, ["S1"]), parent="S1")


def test_pasted_ids_never_reuse_ids_the_store_handed_out(tmp_path: Path) -> None:
    store = case().goal("G1").goal("G2").goal("G3", under="G1").store(tmp_path / "a.db")
    with Workspace.open(store, actor="t") as ws:
        apply(ws, Edit(lambda d: delete_elements(d, ["G3"], children="delete")))
        fragment = copy_fragment(ws.document, ["G2"])
        apply(ws, Edit(lambda d: paste_fragment(d, fragment, parent="G1")))
        ids = set(ws.document.case.by_id)
    assert "G3" not in ids and "G4" in ids


def test_paste_into_another_store_leaves_out_what_it_does_not_know(tmp_path: Path) -> None:
    source = case().goal("G1").solution("Sn1", evidence=["EV-missing"]).document()
    fragment = copy_fragment(source, ["G1"])
    target = case().goal("G1", "Theirs").document()
    assert left_out(target, fragment).evidence == ("EV-missing",)
    change_set = paste_fragment(target, fragment)
    solution = next(
        c.after for c in change_set.changes if c.after and c.after["type"] == "solution"
    )
    assert solution["evidence"] == []
    assert change_set.label == "Paste 2 elements as top-level"


def test_duplicate_puts_the_copy_beside_the_original() -> None:
    doc = strategy_case()
    change_set = duplicate_elements(doc, ["G3"])
    s1 = next(c.after for c in change_set.changes if c.id == "S1")
    assert (
        s1 is not None and s1["supported_by"][:2] == ["G2", "G3"] and len(s1["supported_by"]) == 3
    )


def test_deleting_a_strategy_with_its_children_deletes_what_only_it_holds() -> None:
    doc = strategy_case()
    assert set(under_deleted(doc, ["S1"])) == {"C1", "G2", "G3", "Sn1"}
    change_set = delete_elements(doc, ["S1"], children="delete")
    removed = {c.id for c in change_set.changes if c.after is None}
    assert removed == {"S1", "C1", "G2", "G3", "Sn1"}
    assert change_set.label == "Delete strategy S1 and 4 under it"


def test_deleting_a_strategy_only_moves_its_sub_goals_up_in_its_place() -> None:
    doc = strategy_case()
    change_set = delete_elements(doc, ["S1"], children="lift")
    removed = {c.id for c in change_set.changes if c.after is None}
    assert removed == {"S1"}
    g1 = next(c.after for c in change_set.changes if c.id == "G1")
    assert g1 is not None
    assert g1["supported_by"] == ["G2", "G3"] and g1["in_context_of"] == ["C1"]
    assert change_set.label == "Delete strategy S1 (3 moved up)"


def test_deleting_several_elements_is_one_change_set() -> None:
    doc = strategy_case()
    change_set = delete_elements(doc, ["G2", "G4"], children="delete")
    assert {c.id for c in change_set.changes if c.after is None} == {"G2", "G4"}
    assert change_set.label == "Delete 2 elements"


def test_a_bad_fragment_is_refused_with_what_is_wrong() -> None:
    with pytest.raises(InputError, match="not JSON"):
        loads_fragment("G1 (goal) some text")
    with pytest.raises(InputError, match='expected "format"'):
        loads_fragment('{"format": "safety-case-workbench/1"}')
    doc = strategy_case()
    broken = dumps_fragment(copy_fragment(doc, ["S1"])).replace('"G2"', '"G9"', 1)
    with pytest.raises(InputError, match="links to 'G9', not in it"):
        loads_fragment(broken)
