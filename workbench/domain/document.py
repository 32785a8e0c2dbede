"""The case document: everything one store holds, as one exchangeable, hashable value."""

from __future__ import annotations

from functools import cached_property
from typing import Any, Literal, TypeVar

from pydantic import Field, model_validator

from workbench.domain.assessment import Assessment
from workbench.domain.base import Model, canonical_json, require_unique, sha256_hex
from workbench.domain.case import Element, SafetyCase
from workbench.domain.catalog import Framework
from workbench.domain.compliance import Compliance, NoncomplianceItem, ScheduledAssessment
from workbench.domain.errors import NotFoundError
from workbench.domain.evidence import Evidence
from workbench.domain.ids import IdMarks
from workbench.domain.review import Challenge, ReviewSession
from workbench.domain.signoff import SignOff

FORMAT = "safety-case-workbench/1"

#: The state-hash format new sign-offs and packets pin (``CaseDocument.state_hash``).
STATE_HASH_FORMAT = 2
#: Every state-hash format a pin may have been made with, newest first, and what it hashes.
#: Format 1 (earlier workbench builds) hashed pydantic's own JSON of the document, whose
#: bytes a pydantic release may change; it is computed only to recognise pins made with it.
STATE_HASH_FORMATS: dict[int, str] = {
    2: "SHA-256 of the workbench's canonical JSON",
    1: "SHA-256 of pydantic's JSON (earlier workbench builds)",
}


class Review(Model):
    sessions: list[ReviewSession] = Field(default_factory=list)
    challenges: list[Challenge] = Field(default_factory=list)

    @cached_property
    def unresolved_by_target(self) -> dict[str, list[Challenge]]:
        """The challenges not yet resolved, by the element or evidence id they target."""
        result: dict[str, list[Challenge]] = {}
        for c in self.challenges:
            if not c.status.resolved:
                result.setdefault(c.target, []).append(c)
        return result

    @property
    def unresolved_count(self) -> int:
        return sum(len(found) for found in self.unresolved_by_target.values())


def _counter_of(case: SafetyCase, challenge: str, counter_id: str, stated: dict[str, str]) -> None:
    """Refuse a challenge's counter link that names no counter element or one another
    challenge already names."""
    element = case.by_id.get(counter_id)
    if element is None:
        raise ValueError(f"challenge {challenge!r} names unknown counter element {counter_id!r}")
    if not element.is_counter:
        raise ValueError(
            f"challenge {challenge!r} names {element.type.value} {counter_id!r} as its "
            "counter element (only counter goals and counter solutions state a challenge)"
        )
    if stated.setdefault(counter_id, challenge) != challenge:
        raise ValueError(
            f"counter element {counter_id!r} states both challenge "
            f"{stated[counter_id]!r} and {challenge!r}"
        )


class CaseDocument(Model):
    """A whole assessment: exported and imported as JSON, hashed for sign-off.

    Evidence appears as records (hash, metadata); the bytes stay in the store.
    """

    format: Literal["safety-case-workbench/1"] = "safety-case-workbench/1"
    framework: Framework
    assessment: Assessment
    case: SafetyCase = Field(default_factory=SafetyCase)
    evidence: list[Evidence] = Field(default_factory=list)
    review: Review = Field(default_factory=Review)
    compliance: Compliance = Field(default_factory=Compliance)
    signoffs: list[SignOff] = Field(default_factory=list)

    @model_validator(mode="after")
    def _references(self) -> CaseDocument:
        if self.assessment.framework_id != self.framework.id:
            raise ValueError(
                f"assessment is judged against framework {self.assessment.framework_id!r} "
                f"but the document carries {self.framework.id!r}"
            )
        thresholds = self.framework.thresholds_by_id
        for d in self.assessment.determinations:
            if d.threshold not in thresholds:
                raise ValueError(f"determination for unknown threshold {d.threshold!r}")
        require_unique("evidence", (e.id for e in self.evidence))
        require_unique("evidence hash", (e.sha256 for e in self.evidence))
        require_unique("review session", (s.id for s in self.review.sessions))
        require_unique("challenge", (c.id for c in self.review.challenges))
        sessions = {s.id for s in self.review.sessions}
        stated: dict[str, str] = {}
        for c in self.review.challenges:
            if c.session not in sessions:
                raise ValueError(f"challenge {c.id!r} belongs to unknown session {c.session!r}")
            for counter_id in c.counter:
                _counter_of(self.case, c.id, counter_id, stated)
        require_unique("schedule item", (s.id for s in self.compliance.schedule))
        require_unique("methodology change", (m.id for m in self.compliance.methodology_changes))
        require_unique("noncompliance item", (n.id for n in self.compliance.noncompliance))
        require_unique("sign-off", (s.id for s in self.signoffs))
        return self

    @cached_property
    def _evidence_by_id(self) -> dict[str, Evidence]:
        return {e.id: e for e in self.evidence}

    def evidence_by_id(self) -> dict[str, Evidence]:
        """Evidence records by id, built once per document (read it, do not change it)."""
        return self._evidence_by_id

    # One look-up per record kind, built once per document: every front end finds a record
    # by id here, and a missing one is the same NotFoundError everywhere (``about`` names
    # the kind, so the CLI can say which list command shows the ids).
    @cached_property
    def sessions_by_id(self) -> dict[str, ReviewSession]:
        return {s.id: s for s in self.review.sessions}

    @cached_property
    def challenges_by_id(self) -> dict[str, Challenge]:
        return {c.id: c for c in self.review.challenges}

    @cached_property
    def schedule_by_id(self) -> dict[str, ScheduledAssessment]:
        return {s.id: s for s in self.compliance.schedule}

    @cached_property
    def noncompliance_by_id(self) -> dict[str, NoncomplianceItem]:
        return {n.id: n for n in self.compliance.noncompliance}

    def element(self, element_id: str) -> Element:
        return _find(self.case.by_id, element_id, "element", "in this case")

    def evidence_item(self, evidence_id: str) -> Evidence:
        return _find(self._evidence_by_id, evidence_id, "evidence", "in this case")

    def session(self, session_id: str) -> ReviewSession:
        known = ", ".join(self.sessions_by_id) or "none yet"
        return _find(self.sessions_by_id, session_id, "session", f"(sessions: {known})")

    def challenge(self, challenge_id: str) -> Challenge:
        return _find(self.challenges_by_id, challenge_id, "challenge", "in this case")

    def schedule_item(self, item_id: str) -> ScheduledAssessment:
        return _find(self.schedule_by_id, item_id, "schedule", "in this case")

    def noncompliance_item(self, item_id: str) -> NoncomplianceItem:
        return _find(self.noncompliance_by_id, item_id, "noncompliance", "in this case")

    @property
    def id_marks(self) -> IdMarks:
        """The highest id numbers its store ever handed out, deleted records included
        (``workbench.domain.ids``); a document read from a file carries none.

        Kept beside the fields, like the cached look-ups: not part of the document's value
        (its JSON form, its state hash, equality), and carried along by ``model_copy``.
        """
        marks = self.__dict__.get(_ID_MARKS)
        return marks if isinstance(marks, IdMarks) else _NO_MARKS

    def carrying(self, marks: IdMarks) -> CaseDocument:
        """This document, carrying its store's id marks (set once, as it is read)."""
        self.__dict__[_ID_MARKS] = marks
        return self

    @cached_property
    def _state_hashes(self) -> dict[int, str]:
        return {}

    def state_hash(self, hash_format: int = STATE_HASH_FORMAT) -> str:
        """SHA-256 of the case state that a sign-off approves (everything but the sign-offs).

        Format 2 hashes the project's canonical JSON (``workbench.domain.base.canonical_json``:
        sorted keys, no white space, the standard library's encoder) of the document's JSON
        form, so equal documents always hash alike and a pydantic upgrade cannot change the
        bytes unnoticed (a golden-hash test pins them). Format 1 is kept only to recognise
        old pins (``pinned_format``).
        """
        known = self._state_hashes.get(hash_format)
        if known is not None:
            return known
        if hash_format == 2:
            digest = sha256_hex(self.canonical_state())
        elif hash_format == 1:
            digest = sha256_hex(self.model_dump_json(exclude={"signoffs"}).encode())
        else:
            raise ValueError(f"unknown state-hash format {hash_format}")
        self._state_hashes[hash_format] = digest
        return digest

    def canonical_state(self) -> bytes:
        """What format 2 hashes: ``canonical_json`` of the document's JSON form without the
        sign-offs, byte for byte.

        Put together from each record's own canonical JSON (``Model.canonical``, kept by the
        record): a record is immutable and an edit replaces only the records it changes, so
        after a text edit of a case of 100,000 elements one element is serialised again, not
        the whole case.
        """
        fields = type(self).model_fields
        return _composed({name: getattr(self, name) for name in fields if name != "signoffs"})

    def pinned_format(self, pinned: str, recorded: int | None = None) -> int | None:
        """The state-hash format under which ``pinned`` is this state's hash, newest first;
        None when it is the hash of another state under every format (a void pin).

        ``recorded``: the format the pin says it was made with (a sign-off's
        ``state_hash_format``): only that one is tried, so that a stale pin does not cost the
        hash of a big case in every older format at every check.
        """
        formats = [recorded] if recorded in STATE_HASH_FORMATS else list(STATE_HASH_FORMATS)
        for hash_format in formats:
            if self.state_hash(hash_format) == pinned:
                return hash_format
        return None

    def signoff_format(self, signoff: SignOff) -> int | None:
        """The format under which this sign-off's pin is the current state (None: void)."""
        return self.pinned_format(signoff.state_hash, signoff.state_hash_format)


_T = TypeVar("_T")


def _composed(values: dict[str, Any]) -> bytes:
    """``canonical_json`` of a mapping whose values are models, lists of models or JSON
    values, from the canonical JSON each model keeps (sorted keys, as ``canonical_json``)."""
    return (
        b"{" + b",".join(canonical_json(k) + b":" + _part(values[k]) for k in sorted(values)) + b"}"
    )


def _part(value: Any) -> bytes:
    if isinstance(value, list) and all(isinstance(v, Model) for v in value):
        return b"[" + b",".join(v.canonical for v in value) + b"]"
    if isinstance(value, Model):
        values = {name: getattr(value, name) for name in type(value).model_fields}
        holds_records = all(
            isinstance(v, list) and all(isinstance(x, Model) for x in v) for v in values.values()
        )
        # A part that only holds lists of records (the case, the review, compliance) is put
        # together from them; any other model is one record.
        return _composed(values) if holds_records else value.canonical
    return canonical_json(value)


_ID_MARKS = "_id_marks"
_NO_MARKS = IdMarks()

#: How a missing record of each kind is named in an error.
_NOUNS = {
    "element": "element",
    "evidence": "evidence",
    "session": "review session",
    "challenge": "challenge",
    "schedule": "scheduled assessment",
    "noncompliance": "noncompliance item",
}


def _find(table: dict[str, _T], record_id: str, kind: str, where: str) -> _T:
    """``table[record_id]``, or a NotFoundError about ``kind`` naming the id and ``where``."""
    try:
        return table[record_id]
    except KeyError:
        raise NotFoundError(f"no {_NOUNS[kind]} {record_id!r} {where}", about=kind) from None
