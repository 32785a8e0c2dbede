"""Small case builders for tests: say the few elements a test needs instead of leaning on the
demo's ids.

    doc = case().goal("G1").strategy("S1").goal("G2").solution("Sn1").document()

Each element goes under the one named by ``under``, or else under the latest element the GSN
grammar lets it sit under (a goal under the strategy just added, a context under the goal);
the first element is the top goal, and ``under=""`` makes another. ``store(path)`` writes
the case as a workbench store.
``case(framework="EU-COP-SS")`` builds against another shipped framework; ``determined`` and
``scheduled`` add a threshold determination and a scheduled compliance item.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from workbench.app.catalogs import builtin_framework
from workbench.app.stores import new_document
from workbench.domain import (
    CaseDocument,
    Challenge,
    ChallengeKind,
    ChallengeSeverity,
    Determination,
    Element,
    ElementType,
    Outcome,
    Participant,
    Review,
    ReviewRole,
    ReviewSession,
    SafetyCase,
    ScheduledAssessment,
)
from workbench.domain.grammar import CONTEXTUAL, may_sit_under
from workbench.store import Store

#: The builders' clock: every record they make is dated then.
BUILT_AT = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


class CaseBuilder:
    """A case under construction; each method adds one record and returns the builder."""

    def __init__(self, model: str = "Test model", *, framework: str | None = None) -> None:
        """``framework``: a shipped framework id (the default framework when None)."""
        chosen = builtin_framework(framework) if framework else builtin_framework()
        self._doc = new_document(model, chosen, now=BUILT_AT)
        self._elements: dict[str, dict[str, Any]] = {}
        self._sessions: list[ReviewSession] = []
        self._challenges: list[Challenge] = []
        self._determinations: list[Determination] = []
        self._schedule: list[ScheduledAssessment] = []

    # ----------------------------------------------------------------- elements
    def element(
        self, kind: ElementType, eid: str, text: str | None = None, *, under: str | None = None,
        **fields: Any,
    ) -> CaseBuilder:  # fmt: skip
        if eid in self._elements:
            raise ValueError(f"the builder already has an element {eid!r}")
        parent = under if under is not None else self._latest_parent_for(kind)
        if parent:  # under="" makes another top-level element
            holder = self._elements[parent]
            if not may_sit_under(holder["type"], kind):
                raise ValueError(f"a {kind.value} may not sit under {parent}")
            links = "in_context_of" if kind in CONTEXTUAL else "supported_by"
            holder[links].append(eid)
        self._elements[eid] = {
            "id": eid,
            "type": kind,
            "text": text or f"{kind.value.replace('_', ' ').capitalize()} {eid} holds",
            "supported_by": [],
            "in_context_of": [],
            **fields,
        }
        return self

    def goal(self, eid: str, text: str | None = None, **kw: Any) -> CaseBuilder:
        return self.element(ElementType.goal, eid, text, **kw)

    def strategy(self, eid: str, text: str | None = None, **kw: Any) -> CaseBuilder:
        return self.element(ElementType.strategy, eid, text, **kw)

    def solution(self, eid: str, text: str | None = None, **kw: Any) -> CaseBuilder:
        return self.element(ElementType.solution, eid, text, **kw)

    def context(self, eid: str, text: str | None = None, **kw: Any) -> CaseBuilder:
        return self.element(ElementType.context, eid, text, **kw)

    def assumption(self, eid: str, text: str | None = None, **kw: Any) -> CaseBuilder:
        return self.element(ElementType.assumption, eid, text, **kw)

    def justification(self, eid: str, text: str | None = None, **kw: Any) -> CaseBuilder:
        return self.element(ElementType.justification, eid, text, **kw)

    def counter_goal(self, eid: str, text: str | None = None, **kw: Any) -> CaseBuilder:
        """A counter goal; ``challenges=`` names what it challenges (top-level unless under=)."""
        kw.setdefault("under", "")
        return self.element(ElementType.counter_goal, eid, text, **kw)

    def counter_solution(self, eid: str, text: str | None = None, **kw: Any) -> CaseBuilder:
        return self.element(ElementType.counter_solution, eid, text, **kw)

    def _latest_parent_for(self, kind: ElementType) -> str | None:
        for eid in reversed(self._elements):
            if may_sit_under(self._elements[eid]["type"], kind):
                return eid
        return None

    # ------------------------------------------------------------------- review
    def challenge(
        self, cid: str, target: str, text: str = "The claim does not hold.", *,
        severity: ChallengeSeverity = ChallengeSeverity.major, by: str = "Ann Reviewer",
        counter: list[str] | None = None,
    ) -> CaseBuilder:  # fmt: skip
        """A challenge on ``target`` in the builder's one review session (R1), stated by the
        ``counter`` elements when given."""
        if not self._sessions:
            self._sessions.append(
                ReviewSession(
                    id="R1",
                    title="Stress test",
                    participants=[Participant(name=by, role=ReviewRole.reviewer)],
                    started=BUILT_AT,
                )
            )
        self._challenges.append(
            Challenge(
                id=cid,
                session="R1",
                target=target,
                kind=ChallengeKind.rebutting,
                severity=severity,
                text=text,
                raised_by=by,
                raised_at=BUILT_AT,
                counter=counter or [],
            )
        )
        return self

    # ------------------------------------------------------- assessment, schedule
    def determined(
        self, threshold: str, outcome: Outcome = Outcome.ruled_out, **fields: Any
    ) -> CaseBuilder:
        """A capability determination of ``threshold`` (an id of the case's framework)."""
        self._determinations.append(Determination(threshold=threshold, outcome=outcome, **fields))
        return self

    def scheduled(
        self, sid: str, what: str, due: dt.date, *, obligation: str | None = None,
        completed: dt.date | None = None,
    ) -> CaseBuilder:  # fmt: skip
        """A scheduled compliance item (fulfilling a catalogue ``obligation``, if given)."""
        self._schedule.append(
            ScheduledAssessment(
                id=sid, what=what, due=due, completed=completed, obligation=obligation
            )
        )
        return self

    # ------------------------------------------------------------------ results
    def document(self) -> CaseDocument:
        case = SafetyCase(elements=[Element(**fields) for fields in self._elements.values()])
        review = Review(sessions=list(self._sessions), challenges=list(self._challenges))
        doc = self._doc
        assessment = doc.assessment.model_copy(
            update={"determinations": [*doc.assessment.determinations, *self._determinations]}
        )
        compliance = doc.compliance.model_copy(
            update={"schedule": [*doc.compliance.schedule, *self._schedule]}
        )
        update = {"case": case, "review": review, "assessment": assessment}
        return doc.model_copy(update={**update, "compliance": compliance})

    def store(self, path: Path, *, actor: str = "tester") -> Path:
        """Write the case as a new workbench store at ``path``."""
        Store.create(path, self.document(), actor=actor).close()
        return path


def case(model: str = "Test model", *, framework: str | None = None) -> CaseBuilder:
    """A new, empty case to build on: ``case().goal("G1").solution("Sn1")``; ``framework``
    names the shipped framework it is judged against (e.g. ``"GDM-FSF-3.1"``)."""
    return CaseBuilder(model, framework=framework)
