"""One rule for new ids (workbench.domain.ids): prefix and the highest number plus one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from workbench.app.changes import add_element, next_id
from workbench.app.workspace import Workspace
from workbench.domain import Element, ElementType, Module
from workbench.domain.ids import IdMarks, element_id, next_numbered_id, split_id, unused_id


def test_numbers_follow_the_highest_not_the_count() -> None:
    assert next_numbered_id("CH", ["CH1", "CH7", "CHX", "X9"]) == "CH8"
    assert next_numbered_id("NC", []) == "NC1"


def test_element_ids_take_the_gsn_prefix_of_their_type() -> None:
    used = ["G1", "G3", "G3.1", "S1", "Sn2", "SnX"]
    assert element_id(ElementType.goal, used) == "G4"
    assert element_id(ElementType.solution, used) == "Sn3"
    assert element_id(ElementType.away_goal, used) == "AG1"


def test_a_new_element_follows_the_highest_id_of_its_type(demo_store: Path) -> None:
    with Workspace.open(demo_store, actor="tester") as ws:
        doc = ws.document
        goals = [int(e.id[1:]) for e in doc.case.elements if re.fullmatch(r"G\d+", e.id)]
        top = next(e for e in doc.case.elements if e.type is ElementType.goal)
        ws.apply(add_element(doc, ElementType.goal, "A new claim holds", parent=top.id))
        assert f"G{max(goals, default=0) + 1}" in ws.document.case.by_id
        assert next_id(ws.document, ElementType.goal) == f"G{max(goals, default=0) + 2}"


def test_imports_keep_their_id_unless_it_is_taken() -> None:
    taken = {"R1", "R1-2"}
    assert unused_id("R2", taken) == "R2"
    assert unused_id("R1", taken) == "R1-3"
    assert {"R2", "R1-3"} <= taken


def test_marks_mint_above_every_id_ever_used_not_only_the_live_ones() -> None:
    marks = IdMarks.of([("element", "G7"), ("element", "Sn2"), ("challenge", "CH3")])
    assert marks.mint("element", "G", ["G1", "G2"]) == "G8"  # G3..G7 were deleted
    assert marks.mint("element", "G", ["G1", "G9"]) == "G10"  # a live id above the mark
    assert marks.mint("element", "S", []) == "S1"  # "Sn2" is another prefix
    assert marks.mint("session", "CH", []) == "CH1"  # marks are per record kind
    assert marks.including([("element", "G2")]) is marks  # never lowered
    assert marks.including([("element", "G12")]).high("element", "G") == 12


def test_marks_say_which_ids_may_have_named_a_record() -> None:
    marks = IdMarks.of([("challenge", "CH3"), ("challenge", "CH1-2"), ("session", "top")])
    assert marks.used("challenge", "CH2") and not marks.used("challenge", "CH4")
    assert marks.used("session", "top") and not marks.used("session", "other")
    taken = {"CH5"}
    assert marks.unused("challenge", "CH1", taken) == "CH1-3"
    assert marks.unused("challenge", "CH5", taken) == "CH5-2"
    assert marks.unused("challenge", "CH9", taken) == "CH9"
    assert {"CH1-3", "CH5-2", "CH9"} <= taken


def test_split_id_reads_the_trailing_number() -> None:
    assert split_id("G12") == ("G", 12)
    assert split_id("G3.1") == ("G3.", 1)
    assert split_id("AG-main-G1") == ("AG-main-G", 1)
    assert split_id("main") == ("main", 0)


def test_ids_may_use_letters_of_any_script_but_no_spaces() -> None:
    for good in ("G_Übersicht", "Gé1", "G安全", "Sn-1.2:a/b"):
        assert Element(id=good, type=ElementType.goal, text="").id == good
    for bad in ("G 1", "_G1", "G1\n"):
        with pytest.raises(ValidationError):
            Element(id=bad, type=ElementType.goal, text="")


def test_empty_module_and_challenge_metadata_stay_out_of_the_json_form() -> None:
    """Documents written before modules and challenges had metadata keep their state hash."""
    assert "metadata" not in Module(id="main").model_dump(mode="json")
    kept = Module(id="main", metadata={"uses": ["a.yaml"]}).model_dump(mode="json")
    assert kept["metadata"] == {"uses": ["a.yaml"]}
