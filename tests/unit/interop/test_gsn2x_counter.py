"""gsn2x counter-arguments as elements of the case: ids, types, what they challenge and
defeated/defeatedRelation survive a round trip, also after their challenge was edited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from workbench.domain import (
    CaseDocument,
    ChallengeSeverity,
    ChallengeStatus,
    Element,
    ElementType,
    Response,
    ReviewRole,
)
from workbench.interop.gsn2x import Gsn2xImport, export_gsn2x, parse_gsn2x

MakeDocument = Callable[..., CaseDocument]
FILE = Path(__file__).parent / "data" / "gsn2x-corpus" / "counter-elements.gsn.yaml"
COUNTER_FIELDS = ("id", "type", "text", "supported_by", "challenges", "challenges_link",
                  "defeated", "defeated_relation")  # fmt: skip


def _imported(now: dt.datetime) -> Gsn2xImport:
    return parse_gsn2x(FILE.read_text(), source=FILE.name, now=now)


def _counters(elements: list[Element]) -> list[tuple[object, ...]]:
    return [tuple(getattr(e, f) for f in COUNTER_FIELDS) for e in elements if e.is_counter]


def test_counter_nodes_become_elements_linked_to_their_challenge(now: dt.datetime) -> None:
    imported = _imported(now)
    by_id = imported.case.by_id
    cg10, cg11, csn12 = by_id["CG10"], by_id["CG11"], by_id["CSn12"]
    assert (cg10.type, cg10.supported_by, cg10.challenges) == (
        ElementType.counter_goal,
        ["CSn10", "CSn11"],
        "G2",
    )
    assert by_id["CSn11"].metadata == {"team": "red team"}  # a key gsn2x does not know
    assert (cg11.challenges, cg11.challenges_link, cg11.defeated) == ("S1", "G3", True)
    assert (csn12.type, csn12.defeated, csn12.defeated_relation) == (
        ElementType.counter_solution,
        True,
        ["Sn2"],
    )
    assert by_id["CCG11"].challenges == "CG11"  # a response, challenging a counter element
    challenges = {c.id: c for c in imported.challenges}
    assert {i: c.counter for i, c in challenges.items()} == {
        "CG10": ["CG10"],
        "CG11": ["CG11"],
        "CSn12": ["CSn12"],
    }
    # status, kind and severity are derived as before the counter elements were kept
    assert (challenges["CG10"].status, challenges["CG10"].severity) == (
        ChallengeStatus.open,
        ChallengeSeverity.blocker,
    )
    assert challenges["CG11"].status == ChallengeStatus.refuted
    assert [r.by for r in challenges["CG11"].responses] == ["Bo"]


@pytest.mark.parametrize(
    "edit",
    [
        {"status": ChallengeStatus.risk_accepted},
        {"severity": ChallengeSeverity.minor, "text": "Reworded by the reviewer"},
    ],
    ids=["status", "severity-and-text"],
)
def test_an_edited_challenge_keeps_its_counter_elements_on_a_round_trip(
    now: dt.datetime, make_document: MakeDocument, edit: dict[str, object]
) -> None:
    imported = _imported(now)
    edited = [c.model_copy(update=edit) for c in imported.challenges]
    text = export_gsn2x(make_document(imported.case, imported.sessions, edited))
    again = parse_gsn2x(text, source="exported", now=now)
    assert _counters(again.case.elements) == _counters(imported.case.elements)
    written = yaml.safe_load(text)
    assert written["CG11"]["challenges"] == "S1->G3"  # as the file wrote it
    assert written["CSn12"]["defeatedRelation"] == "Sn2"
    assert written["CCG11"]["nodeType"] == "CounterGoal"
    for key, value in edit.items():
        if key != "text":
            assert {c.id: getattr(c, key) for c in again.challenges} == {
                c.id: value for c in edited
            }


def test_an_edited_counter_element_is_written_from_its_fields(
    now: dt.datetime, make_document: MakeDocument
) -> None:
    imported = _imported(now)
    elements = [
        e.model_copy(update={"text": "Jailbreaks pass 3% of the time", "defeated": False})
        if e.id == "CG10"
        else e
        for e in imported.case.elements
    ]
    case = imported.case.model_copy(update={"elements": elements})
    written = yaml.safe_load(
        export_gsn2x(make_document(case, imported.sessions, imported.challenges))
    )
    assert written["CG10"]["text"] == "Jailbreaks pass 3% of the time"
    assert written["CG10"]["severity"] == "blocker"  # the challenge as imported


def test_a_response_added_in_the_workbench_becomes_a_counter_element_again(
    now: dt.datetime, make_document: MakeDocument
) -> None:
    imported = _imported(now)
    answer = Response(
        by="Cy", at=now, status=ChallengeStatus.answered, text="Now logged", role=ReviewRole.author
    )
    challenges = [
        c.model_copy(update={"responses": [*c.responses, answer]}) if c.id == "CSn12" else c
        for c in imported.challenges
    ]
    text = export_gsn2x(make_document(imported.case, imported.sessions, challenges))
    written = yaml.safe_load(text)
    assert written["CG13"]["challenges"] == "CSn12"  # the response it already had
    [new] = [k for k, v in written.items() if k.startswith("CSn12-R")]
    assert written[new]["challenges"] == "CSn12" and written[new]["text"] == "Now logged"
    again = parse_gsn2x(text, source="exported", now=now)
    [csn12] = [c for c in again.challenges if c.id == "CSn12"]
    assert [r.text for r in csn12.responses] == ["Logs are complete since March", "Now logged"]
    assert again.case.by_id[new].type == ElementType.counter_goal
