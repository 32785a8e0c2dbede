"""gsn2x import and export: real-shaped documents, modules across files, counter-arguments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from workbench.domain import (
    CaseDocument,
    Challenge,
    ChallengeKind,
    ChallengeSeverity,
    ChallengeStatus,
    Element,
    ElementType,
    InputError,
    Module,
    Response,
    ReviewRole,
    ReviewSession,
    SafetyCase,
    TargetKind,
)
from workbench.interop.gsn2x import (
    SESSION_TITLE,
    export_gsn2x,
    parse_gsn2x,
    parse_gsn2x_files,
)

#: The interop conftest's ``make_document`` fixture: a document around a case.
MakeDocument = Callable[..., CaseDocument]


def _parse(path: Path, now: dt.datetime):  # type: ignore[no-untyped-def]
    return parse_gsn2x(path.read_text(), source=path.name, now=now)


def test_plain_document_becomes_elements_of_the_right_types(data: Path, now: dt.datetime) -> None:
    case = _parse(data / "plain.gsn.yaml", now).case
    types = {e.id: e.type for e in case.elements}
    assert types == {
        "G1": ElementType.goal,
        "C1": ElementType.context,
        "A1": ElementType.assumption,
        "S1": ElementType.strategy,
        "J1": ElementType.justification,
        "G2": ElementType.goal,
        "G3": ElementType.goal,
        "Sn1": ElementType.solution,
    }


def test_plain_document_keeps_links_and_undeveloped_marks(data: Path, now: dt.datetime) -> None:
    by_id = _parse(data / "plain.gsn.yaml", now).case.by_id
    assert by_id["G1"].supported_by == ["S1"]
    assert by_id["G1"].in_context_of == ["C1", "A1"]
    assert by_id["S1"].in_context_of == ["J1"]  # a single id, not a list, in the file
    assert by_id["G2"].supported_by == ["Sn1"]
    assert by_id["G3"].undeveloped is True


def test_module_information_names_the_module(data: Path, now: dt.datetime) -> None:
    case = _parse(data / "plain.gsn.yaml", now).case
    assert case.modules == [
        Module(
            id="Deployment",
            title="Deployment",
            description="Claude-Next may be deployed under the ASL-3 deployment standard",
        )
    ]
    assert {e.module for e in case.elements} == {"Deployment"}


def test_multi_line_text_is_kept(data: Path, now: dt.datetime) -> None:
    by_id = _parse(data / "plain.gsn.yaml", now).case.by_id
    assert by_id["C1"].text == (
        "Deployment scope: public API and consumer apps,\nexcluding fine-tuning access\n"
    )


def test_unknown_and_layout_keys_go_to_metadata(data: Path, now: dt.datetime) -> None:
    by_id = _parse(data / "plain.gsn.yaml", now).case.by_id
    assert by_id["C1"].metadata == {"url": "https://example.org/scope"}
    assert by_id["G3"].metadata == {"layer1": "Owner is Trust & Safety", "level": "monitoring"}
    assert by_id["Sn1"].metadata == {"classes": ["evidence"]}
    assert by_id["S1"].metadata == {
        "gsn2x-form": {"written": {"inContextOf": "J1"}},  # one id, not a list, as written
        "horizontalIndex": {"relative": -1},
    }
    assert by_id["G2"].metadata == {
        "gsn2x-form": {"written": {"supportedBy": "Sn1"}},
        "rankIncrement": 1,
    }


def test_requirement_claims_and_cited_evidence_are_read(data: Path, now: dt.datetime) -> None:
    by_id = _parse(data / "plain.gsn.yaml", now).case.by_id
    assert by_id["G1"].addresses == ["RSP-2.2/ASL3-D/threat-modeling"]
    assert by_id["Sn1"].evidence == ["EV-0123456789ab"]


def test_confidence_argument_keeps_assurance_claim_points(data: Path, now: dt.datetime) -> None:
    by_id = _parse(data / "confidence.gsn.yaml", now).case.by_id
    assert by_id["G1"].metadata == {"acp": {"ACP1": "S1"}}
    assert by_id["G3"].metadata == {"acp": {"ACP3": ["Sn2a", "Sn2b"]}}
    assert by_id["G3"].supported_by == ["Sn2a", "Sn2b"]


def test_modules_across_files_follow_uses_and_make_away_goals(data: Path, now: dt.datetime) -> None:
    case = parse_gsn2x_files([data / "modular" / "index.gsn.yaml"], now=now).case
    assert [m.id for m in case.modules] == ["Main", "Security"]
    by_id = case.by_id
    assert by_id["S1"].supported_by == ["G2", "AG-G10"]
    away = by_id["AG-G10"]
    assert (away.type, away.module, away.away_module, away.away_element) == (
        ElementType.away_goal,
        "Main",
        "Security",
        "G10",
    )
    assert by_id["G10"].module == "Security"
    assert by_id["Sn10"].module == "Security"


def test_a_used_file_also_named_is_refused_as_gsn2x_does(data: Path, now: dt.datetime) -> None:
    folder = data / "modular"
    with pytest.raises(InputError, match=r"security\.gsn\.yaml: gsn2x rule C06: module Security"):
        parse_gsn2x_files([folder / "index.gsn.yaml", folder / "security.gsn.yaml"], now=now)


def test_counter_elements_are_elements_apart_from_the_argument(
    data: Path, now: dt.datetime
) -> None:
    imported = _parse(data / "dialectic.gsn.yaml", now)
    case = imported.case
    argument = [e.id for e in case.elements if not e.is_counter]
    assert argument == ["G1", "S1", "G2", "Sn1", "G3", "Sn2"]
    counters = {e.id: e for e in case.elements if e.is_counter}
    assert {
        i: (e.type, e.challenges, e.challenges_link, e.defeated) for i, e in counters.items()
    } == {
        "CG1": (ElementType.counter_goal, "G2", None, False),
        "CSn1": (ElementType.counter_solution, None, None, False),
        "CSn2": (ElementType.counter_solution, "Sn2", None, True),
        "CCG1": (ElementType.counter_goal, "CSn2", None, False),
        "CG2": (ElementType.counter_goal, "S1", "G3", False),
    }
    assert counters["CG1"].supported_by == ["CSn1"]
    assert counters["CG1"].text == "The uplift trial used too few expert participants"
    assert {c.id: c.counter for c in imported.challenges} == {
        "CG1": ["CG1"],
        "CSn2": ["CSn2"],
        "CG2": ["CG2"],
    }


def test_counter_goal_on_defeated_element_is_an_accepted_rebuttal(
    data: Path, now: dt.datetime
) -> None:
    imported = _parse(data / "dialectic.gsn.yaml", now)
    cg1 = next(c for c in imported.challenges if c.id == "CG1")
    assert (cg1.target, cg1.target_kind, cg1.kind, cg1.status) == (
        "G2",
        TargetKind.element,
        ChallengeKind.rebutting,
        ChallengeStatus.accepted,
    )
    assert cg1.text == (
        "The uplift trial used too few expert participants\n\n"
        "Supported by:\n- CSn1: Power analysis of the trial design"
    )
    assert "defeated" not in imported.case.by_id["G2"].metadata


def test_defeated_counter_solution_is_refuted_with_a_response(data: Path, now: dt.datetime) -> None:
    imported = _parse(data / "dialectic.gsn.yaml", now)
    csn2 = next(c for c in imported.challenges if c.id == "CSn2")
    assert (csn2.target, csn2.kind, csn2.status) == (
        "Sn2",
        ChallengeKind.undermining,
        ChallengeStatus.refuted,
    )
    assert csn2.responses == [
        Response(
            by="gsn2x import",
            at=now,
            status=ChallengeStatus.refuted,
            text="Tool access adds nothing on this benchmark",
        )
    ]


def test_challenging_a_link_is_undercutting(data: Path, now: dt.datetime) -> None:
    imported = _parse(data / "dialectic.gsn.yaml", now)
    cg2 = next(c for c in imported.challenges if c.id == "CG2")
    assert (cg2.target, cg2.kind, cg2.status) == (
        "S1",
        ChallengeKind.undercutting,
        ChallengeStatus.open,
    )
    assert cg2.text == "[link S1 -> G3] The benchmark does not measure end-to-end uplift"


def test_imported_challenges_sit_in_one_closed_session_stamped_now(
    data: Path, now: dt.datetime
) -> None:
    imported = _parse(data / "dialectic.gsn.yaml", now)
    [session] = imported.sessions
    assert session.title == SESSION_TITLE
    assert (session.started, session.ended) == (now, now)
    assert session.minutes is not None and "3 challenge(s)" in session.minutes
    assert {c.session for c in imported.challenges} == {session.id}
    assert {c.raised_at for c in imported.challenges} == {now}
    assert [c.id for c in imported.challenges] == ["CG1", "CSn2", "CG2"]


def test_document_without_counter_elements_has_no_session(data: Path, now: dt.datetime) -> None:
    imported = _parse(data / "plain.gsn.yaml", now)
    assert (imported.sessions, imported.challenges) == ([], [])


def test_export_then_import_preserves_structure_and_text(
    data: Path, now: dt.datetime, make_document: MakeDocument
) -> None:
    original = _parse(data / "plain.gsn.yaml", now).case
    text = export_gsn2x(make_document(original))
    assert parse_gsn2x(text, source="exported", now=now).case == original


def test_export_then_import_preserves_challenges(
    data: Path, now: dt.datetime, make_document: MakeDocument
) -> None:
    imported = _parse(data / "dialectic.gsn.yaml", now)
    doc = make_document(imported.case, imported.sessions, imported.challenges)
    again = parse_gsn2x(export_gsn2x(doc), source="exported", now=now)
    assert again.case == imported.case
    assert [c.model_copy(update={"session": "x"}) for c in again.challenges] == [
        c.model_copy(update={"session": "x"}) for c in imported.challenges
    ]


def test_a_changed_challenge_is_exported_from_its_fields(
    data: Path, now: dt.datetime, make_document: MakeDocument
) -> None:
    imported = _parse(data / "dialectic.gsn.yaml", now)
    changed = [
        c.model_copy(update={"status": ChallengeStatus.refuted}) if c.id == "CG2" else c
        for c in imported.challenges
    ]
    written = yaml.safe_load(export_gsn2x(make_document(imported.case, imported.sessions, changed)))
    assert written["CG2"]["status"] == "refuted"
    assert "status" not in written["CG1"]  # unchanged: written back as the file had it


def test_export_writes_counter_elements_gsn2x_understands(
    data: Path, now: dt.datetime, make_document: MakeDocument
) -> None:
    imported = _parse(data / "dialectic.gsn.yaml", now)
    doc = make_document(imported.case, imported.sessions, imported.challenges)
    written = yaml.safe_load(export_gsn2x(doc))
    assert written["CG2"]["challenges"] == "S1 -> G3"
    assert written["CSn2"]["defeated"] is True
    assert written["G2"]["defeated"] is True
    assert written["CCG1"] == {  # the response keeps the id and type the file gave it
        "nodeType": "CounterGoal",
        "text": "Tool access adds nothing on this benchmark",
        "challenges": "CSn2",
    }


def test_modular_case_survives_a_single_file_round_trip(
    data: Path, now: dt.datetime, make_document: MakeDocument
) -> None:
    original = parse_gsn2x_files([data / "modular" / "index.gsn.yaml"], now=now).case
    text = export_gsn2x(make_document(original))
    written = yaml.safe_load(text)
    assert written["S1"]["supportedBy"] == ["G2", "G10"]  # gsn2x resolves ids across modules
    again = parse_gsn2x(text, source="exported", now=now).case
    assert again.elements == original.elements
    # One file holds every module: it uses no other files (export to a folder keeps them).
    assert "uses" not in written["module"]
    assert [m.model_copy(update={"metadata": {}}) for m in original.modules] == again.modules


def test_export_names_the_type_when_the_id_does_not(now: dt.datetime, make_document) -> None:  # type: ignore[no-untyped-def]
    case = SafetyCase(
        elements=[
            Element(id="top-claim", type=ElementType.goal, text="Safe", supported_by=["ev-1"]),
            Element(id="ev-1", type=ElementType.solution, text="Report"),
        ]
    )
    text = export_gsn2x(make_document(case))
    written = yaml.safe_load(text)
    assert (written["top-claim"]["nodeType"], written["ev-1"]["nodeType"]) == ("Goal", "Solution")
    assert parse_gsn2x(text, source="exported", now=now).case == case


def test_requirement_claims_are_exported_as_addresses(now: dt.datetime, make_document) -> None:  # type: ignore[no-untyped-def]
    case = SafetyCase(
        elements=[
            Element(
                id="G1",
                type=ElementType.goal,
                text="Threat model done",
                addresses=["RSP-2.2/ASL3-D/threat-modeling", "RSP-2.2/ASL3-D/red-teaming"],
                undeveloped=True,
            )
        ]
    )
    written = yaml.safe_load(export_gsn2x(make_document(case)))
    assert written["G1"]["addresses"] == [
        "RSP-2.2/ASL3-D/threat-modeling",
        "RSP-2.2/ASL3-D/red-teaming",
    ]


def test_away_goal_to_a_module_outside_the_case_round_trips(
    now: dt.datetime, make_document: MakeDocument
) -> None:
    case = SafetyCase(
        elements=[
            Element(id="G1", type=ElementType.goal, text="Safe", supported_by=["AG1"]),
            Element(
                id="AG1",
                type=ElementType.away_goal,
                text="Weights are secured",
                away_module="security",
                away_element="G7",
            ),
        ]
    )
    text = export_gsn2x(make_document(case))
    assert yaml.safe_load(text)["AG1"]["awayModule"] == "security"
    assert parse_gsn2x(text, source="exported", now=now).case == case


def test_challenge_on_evidence_round_trips_through_the_citing_solution(
    now: dt.datetime, make_document: MakeDocument
) -> None:
    case = SafetyCase(
        elements=[
            Element(id="G1", type=ElementType.goal, text="Safe", supported_by=["Sn1"]),
            Element(id="Sn1", type=ElementType.solution, text="Eval", evidence=["EV-aaaaaaaaaaaa"]),
        ]
    )
    session = ReviewSession(id="RS-1", title="Red team review", started=now)
    challenge = Challenge(
        id="CH-1",
        session="RS-1",
        target="EV-aaaaaaaaaaaa",
        target_kind=TargetKind.evidence,
        kind=ChallengeKind.undermining,
        severity=ChallengeSeverity.blocker,
        text="The eval log is from an older snapshot",
        raised_by="Ada",
        raised_at=now,
        responses=[
            Response(
                by="Bo",
                at=now,
                status=ChallengeStatus.answered,
                text="Re-run attached",
                evidence=["EV-bbbbbbbbbbbb"],
                role=ReviewRole.author,
            )
        ],
        status=ChallengeStatus.answered,
    )
    text = export_gsn2x(make_document(case, [session], [challenge]))
    written = yaml.safe_load(text)
    assert (written["CH-1"]["challenges"], written["CH-1"]["nodeType"]) == (
        "Sn1",
        "CounterSolution",
    )
    [again] = parse_gsn2x(text, source="exported", now=now).challenges
    assert again.counter == ["CH-1"]  # now stated by a counter element of the case
    assert again.model_copy(update={"session": "RS-1", "metadata": {}, "counter": []}) == (
        challenge
    )


@pytest.mark.parametrize("status", list(ChallengeStatus))
@pytest.mark.parametrize("text", ["weak", "[link G1 -> Sn1] gap"])
def test_any_challenge_exports_a_file_gsn2x_rules_accept(
    status: ChallengeStatus, text: str, now: dt.datetime, make_document: MakeDocument
) -> None:
    case = SafetyCase(
        elements=[
            Element(id="G1", type=ElementType.goal, text="Safe", supported_by=["Sn1"]),
            Element(id="Sn1", type=ElementType.solution, text="Eval"),
        ]
    )
    session = ReviewSession(id="RS-1", title="Review", started=now)
    challenge = Challenge(
        id="CH-1",
        session="RS-1",
        target="G1" if text.startswith("[link") else "Sn1",
        kind=ChallengeKind.undermining,
        severity=ChallengeSeverity.major,
        text=text,
        raised_by="Ada",
        raised_at=now,
        status=status,
    )
    exported = export_gsn2x(make_document(case, [session], [challenge]))
    [again] = parse_gsn2x(exported, source="exported", now=now).challenges
    assert (again.status, again.text, again.target) == (status, text, challenge.target)
