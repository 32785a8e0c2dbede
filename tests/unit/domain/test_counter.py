"""Counter-argument elements (counter goals, counter solutions) and their challenge link."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from tests.builders import case
from workbench.app.demo import demo_document
from workbench.domain import CaseDocument, Element, ElementType
from workbench.domain.case import ID_PREFIX
from workbench.domain.grammar import child_types, may_give_context, may_support
from workbench.interop.exchange import dumps_case

#: The demo documents' state hashes (format 2) and the SHA-256 of their JSON exports,
#: computed on main (e0937a0) before counter elements existed: the new fields are left out
#: of the JSON form while unset, so neither may change.
DEMO_HASHES = {
    "RSP-2.2": (
        "23b8a56b05a1eb9ffa7c986ecf2652b58a450ce8d098d207a2371ecbef3f8f38",
        "b0ae394c9f0ec0aefe0a5af6dfecaeaf32196b1c73658f0f3e1acecb7cb4ed28",
    ),
    "RSP-3.4": (
        "dcfa8f551226b1895435d28ebb39177cc7d929d9dcf7d23f35b4d39299082e25",
        "f1f73c7b5480f2d293630df4956c8470faa2156ecd9802c59965bdb30d9f1adf",
    ),
}
DEMO_WRITTEN = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("framework", sorted(DEMO_HASHES))
def test_the_demo_state_hash_and_export_are_unchanged(framework: str) -> None:
    import hashlib

    doc, _ = demo_document(DEMO_WRITTEN, framework)
    state, export = DEMO_HASHES[framework]
    assert doc.state_hash() == state
    assert hashlib.sha256(dumps_case(doc).encode()).hexdigest() == export


def dialectic() -> CaseDocument:
    return (
        case()
        .goal("G1")
        .strategy("S1")
        .goal("G2")
        .counter_goal("CG1", challenges="G2", defeated=True)
        .counter_solution("CSn1")
        .counter_goal("CG2", challenges="S1", challenges_link="G2")
        .challenge("CH1", "G2", counter=["CG1"])
        .challenge("CH2", "S1", counter=["CG2"])
        .document()
    )


def test_counter_elements_round_trip_through_json_with_their_fields() -> None:
    doc = dialectic()
    again = CaseDocument.model_validate_json(dumps_case(doc))
    assert again == doc
    cg1, cg2 = again.case.by_id["CG1"], again.case.by_id["CG2"]
    assert (cg1.type, cg1.challenges, cg1.defeated, cg1.supported_by) == (
        ElementType.counter_goal,
        "G2",
        True,
        ["CSn1"],
    )
    assert (cg2.challenges, cg2.challenges_link) == ("S1", "G2")
    assert again.challenge("CH1").counter == ["CG1"]


def test_unset_counter_fields_are_left_out_of_the_json_form() -> None:
    plain = Element(id="G1", type=ElementType.goal, text="x").model_dump(mode="json")
    assert not {"challenges", "challenges_link", "defeated", "defeated_relation"} & set(plain)
    assert "counter" not in dialectic().review.challenges[0].model_copy(
        update={"counter": []}
    ).model_dump(mode="json")


def test_counter_ids_and_grammar() -> None:
    cg, csn = ElementType.counter_goal, ElementType.counter_solution
    assert (ID_PREFIX[cg], ID_PREFIX[csn]) == ("CG", "CSn")
    assert set(child_types(cg)) == {cg, csn}
    assert child_types(csn) == ()
    for kind in ElementType:
        if kind not in (cg, csn):
            assert not may_support(kind, cg) and not may_support(kind, csn)
            assert not may_support(cg, kind)
    assert not may_give_context(cg, ElementType.context)


def test_only_counter_elements_challenge_or_are_defeated() -> None:
    with pytest.raises(ValidationError, match="only counter elements"):
        Element(id="G1", type=ElementType.goal, text="x", challenges="G2")
    with pytest.raises(ValidationError, match="only counter elements"):
        Element(id="G1", type=ElementType.goal, text="x", defeated=True)
    with pytest.raises(ValidationError, match="link end but no element"):
        Element(id="CG1", type=ElementType.counter_goal, text="x", challenges_link="G2")


def test_a_challenges_counter_link_must_name_a_counter_element() -> None:
    doc = dialectic()
    body = doc.model_dump(mode="json")
    body["review"]["challenges"][1]["counter"] = ["G2"]
    with pytest.raises(ValidationError, match="only counter goals and counter solutions"):
        CaseDocument.model_validate(body)
    body["review"]["challenges"][1]["counter"] = ["CG9"]
    with pytest.raises(ValidationError, match="unknown counter element 'CG9'"):
        CaseDocument.model_validate(body)
    body["review"]["challenges"][1]["counter"] = ["CG1"]
    with pytest.raises(ValidationError, match="states both challenge"):
        CaseDocument.model_validate(body)
