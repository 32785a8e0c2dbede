"""The state hash that sign-offs pin: SHA-256 of the project's canonical JSON, byte for byte.

The golden values below fail the moment any dependency (pydantic's JSON form of dates or
numbers, the standard library's encoder) changes the bytes a state hashes to: every sign-off
would otherwise be voided by an upgrade without a word.
"""

from __future__ import annotations

from pathlib import Path

from tests.builders import BUILT_AT, case
from workbench.checks import run_checks
from workbench.domain import (
    STATE_HASH_FORMAT,
    CaseDocument,
    Meaning,
    SignerRole,
    SignOff,
    canonical_json,
    sha256_hex,
)

GOLDEN_CASE = Path(__file__).parent / "data" / "golden-case.json"
#: SHA-256 of the canonical JSON of the golden case without its sign-offs (format 2).
GOLDEN_STATE_HASH = "71f1fe409b8b9c1448dbd55ff64d9222d9f120d71af0b8d3048e7b4d007e625d"
#: The same state under format 1 (pydantic's own JSON), as pinned by earlier sign-offs.
GOLDEN_FORMAT_1 = "079a6face44284e57bc96204dd8a6751ffcb0873bd587bb262bcf7b46701c17d"


def golden() -> CaseDocument:
    return CaseDocument.model_validate_json(GOLDEN_CASE.read_bytes())


def test_canonical_json_is_sorted_compact_utf8() -> None:
    data = {"b": 1, "a": [1.5, "é “x”", None, True, {"d": 0, "c": -2}]}
    assert canonical_json(data) == '{"a":[1.5,"é “x”",null,true,{"c":-2,"d":0}],"b":1}'.encode()


def test_the_state_hash_of_the_golden_case_is_pinned() -> None:
    doc = golden()
    assert STATE_HASH_FORMAT == 2
    assert doc.state_hash() == GOLDEN_STATE_HASH
    expected = canonical_json(doc.model_dump(mode="json", exclude={"signoffs"}))
    assert sha256_hex(expected) == GOLDEN_STATE_HASH
    assert doc.state_hash(1) == GOLDEN_FORMAT_1


def test_the_state_is_put_together_from_each_records_own_canonical_json() -> None:
    doc = case().goal("G1").strategy("S1").goal("G2").solution("Sn1").document()
    doc = doc.model_copy(update={"signoffs": golden().signoffs})
    whole = canonical_json(doc.model_dump(mode="json", exclude={"signoffs"}))
    assert doc.canonical_state() == whole
    element = doc.case.elements[1]
    assert "canonical" in element.__dict__  # kept by the record ...
    edited = element.model_copy(update={"text": "Argue over each hazard"})
    assert "canonical" not in edited.__dict__  # ... and dropped by a copy with changes
    changed = doc.model_copy(
        update={"case": doc.case.model_copy(update={"elements": [doc.case.elements[0], edited]})}
    )
    assert changed.canonical_state() == canonical_json(
        changed.model_dump(mode="json", exclude={"signoffs"})
    )


def test_the_state_hash_ignores_sign_offs_and_key_order_but_not_content() -> None:
    doc = golden()
    unsigned = doc.model_copy(update={"signoffs": []})
    assert unsigned.state_hash() == GOLDEN_STATE_HASH
    element = doc.case.elements[0]
    shuffled = element.model_copy(update={"metadata": dict(reversed(element.metadata.items()))})
    same = doc.model_copy(
        update={
            "case": doc.case.model_copy(update={"elements": [shuffled, *doc.case.elements[1:]]})
        }
    )
    assert same.state_hash() == GOLDEN_STATE_HASH
    edited = doc.model_copy(update={"assessment": doc.assessment.model_copy(update={"title": "x"})})
    assert edited.state_hash() != GOLDEN_STATE_HASH


def signed(doc: CaseDocument, state_hash: str) -> CaseDocument:
    signoff = SignOff(
        id="SO-1",
        signer="Ann Author",
        role=SignerRole.author,
        meaning=Meaning.authored,
        signed_at=BUILT_AT,
        state_hash=state_hash,
    )
    return doc.model_copy(update={"signoffs": [signoff]})


def test_a_sign_off_pinned_with_format_1_still_counts_and_is_reported() -> None:
    doc = case().goal("G1").solution("Sn1").document()
    old = signed(doc, doc.state_hash(1))
    assert old.pinned_format(old.signoffs[0].state_hash) == 1
    findings = run_checks(old, today=BUILT_AT.date()).findings
    rules = {f.rule for f in findings}
    assert "SIG-VOID" not in rules and "SIG-NO-AUTHORED" not in rules
    (note,) = [f for f in findings if f.rule == "SIG-OLD-HASH-FORMAT"]
    assert note.subject == "SO-1" and "format 1" in note.message


def test_a_pin_of_another_state_is_void_under_every_format() -> None:
    doc = case().goal("G1").document()
    other = case().goal("G1", "Another claim").document()
    stale = signed(doc, other.state_hash(1))
    assert stale.pinned_format(stale.signoffs[0].state_hash) is None
    (void,) = [f for f in run_checks(stale, today=BUILT_AT.date()).findings if f.rule == "SIG-VOID"]
    assert "no state-hash format" in void.message
