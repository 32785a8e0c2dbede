"""Coverage of another framework: how a case built against its own framework answers the
requirements and obligations of a second one, through a mapping crosswalk (``--also``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from workbench.checks.coverage import CoverageStatus, RequirementStatus
from workbench.checks.rules import id_list
from workbench.domain import CaseDocument, Framework
from workbench.domain.mapping import FrameworkMapping, Link, demanded_items


class OtherStatus(StrEnum):
    """How far the case covers one item of the other framework."""

    covered = "covered"  # an equivalent or stronger link whose own items are all met
    partial = "partial"  # linked and started, but something is missing (see the detail)
    not_addressed = "not_addressed"  # nothing linked, or nothing linked is shown by the case


class OwnState(StrEnum):
    """What the case shows for one item of its own framework."""

    met = "met"  # a requirement met, an obligation's scheduled item done, a determination evidenced
    started = "started"  # claimed without full evidence, scheduled not done, determined unevidenced
    open = "open"  # nothing shown (missing, not required at the level, not applicable)


@dataclass(frozen=True, slots=True)
class OwnItem:
    """One item of the case's framework, as a link uses it."""

    id: str
    state: OwnState
    detail: str


@dataclass(frozen=True, slots=True)
class LinkUse:
    """One link of an item of the other framework, with the own items it names."""

    own: tuple[OwnItem, ...]
    relation: str  # read "the own items are <relation> than the other item"
    rationale: str

    @property
    def met(self) -> bool:
        return all(item.state is OwnState.met for item in self.own)

    @property
    def started(self) -> bool:
        return any(item.state is not OwnState.open for item in self.own)


@dataclass(frozen=True, slots=True)
class ItemCoverage:
    """One requirement or obligation of the other framework and how the case covers it."""

    id: str
    title: str
    section: str
    status: OtherStatus
    detail: str  # what covers it, or which part is missing
    links: tuple[LinkUse, ...]


@dataclass(frozen=True, slots=True)
class FrameworkCoverage:
    """The coverage of every demanded item of ``framework`` by a case under ``own``."""

    own: str
    framework: str
    title: str
    crosswalk: str
    items: tuple[ItemCoverage, ...]

    @property
    def counts(self) -> Counter[str]:
        return Counter(item.status.value for item in self.items)

    def summary(self) -> str:
        counts = self.counts
        return (
            f"{self.framework} through {self.crosswalk}: {counts['covered']} covered, "
            f"{counts['partial']} partial, {counts['not_addressed']} not addressed "
            f"of {len(self.items)} demanded items"
        )

    def to_json(self) -> dict[str, object]:
        return {
            "framework": self.framework,
            "title": self.title,
            "own_framework": self.own,
            "crosswalk": self.crosswalk,
            "summary": {s.value: self.counts[s.value] for s in OtherStatus},
            "items": [
                {
                    "id": item.id,
                    "title": item.title,
                    "section": item.section,
                    "status": item.status.value,
                    "detail": item.detail,
                    "links": [
                        {
                            "own": [o.id for o in use.own],
                            "relation": use.relation,
                            "own_status": {o.id: o.state.value for o in use.own},
                            "rationale": use.rationale,
                        }
                        for use in item.links
                    ],
                }
                for item in self.items
            ],
        }


def own_states(doc: CaseDocument, matrix: Mapping[str, RequirementStatus]) -> dict[str, OwnItem]:
    """What the case shows for every threshold, requirement and obligation of its framework."""
    result: dict[str, OwnItem] = {}
    for rid, row in matrix.items():
        if row.status is CoverageStatus.met:
            state = OwnState.met
        elif row.status is CoverageStatus.partial:
            state = OwnState.started
        else:
            state = OwnState.open
        result[rid] = OwnItem(rid, state, f"{row.status.value}: {row.detail}")
    schedule = doc.compliance.schedule
    for obligation in doc.framework.obligations:
        items = [s for s in schedule if s.obligation == obligation.id]
        done = [s.id for s in items if s.completed is not None]
        if done:
            result[obligation.id] = OwnItem(
                obligation.id, OwnState.met, f"fulfilled by {id_list(done)}"
            )
        elif items:
            result[obligation.id] = OwnItem(
                obligation.id,
                OwnState.started,
                f"scheduled ({id_list([s.id for s in items])}), not yet completed",
            )
        else:
            result[obligation.id] = OwnItem(obligation.id, OwnState.open, "no scheduled item")
    determined = {d.threshold: d for d in doc.assessment.determinations}
    for threshold in doc.framework.thresholds:
        d = determined.get(threshold.id)
        if d is None:
            result[threshold.id] = OwnItem(threshold.id, OwnState.open, "not determined")
        elif d.evidence:
            result[threshold.id] = OwnItem(
                threshold.id, OwnState.met, f"determined {d.outcome.value}, evidenced"
            )
        else:
            result[threshold.id] = OwnItem(
                threshold.id, OwnState.started, f"determined {d.outcome.value} without evidence"
            )
    return result


def coverage_of(
    doc: CaseDocument,
    matrix: Mapping[str, RequirementStatus],
    other: Framework,
    mapping: FrameworkMapping,
) -> FrameworkCoverage:
    """How the case ``doc`` (its requirements matrix ``matrix``) covers ``other``.

    ``mapping`` links the case's framework with ``other`` (either way round); every demanded
    requirement and obligation of ``other`` gets a status, in catalogue order.
    """
    own_id = doc.framework.id
    oriented = mapping.oriented(own_id)
    states = own_states(doc, matrix)
    items: list[ItemCoverage] = []
    for item in demanded_items(other):
        uses = tuple(_use(link, states) for link in oriented.links_of_b.get(item.id, ()))
        status, detail = _judge(own_id, uses)
        items.append(
            ItemCoverage(
                id=item.id,
                title=item.title,
                section=item.source.section if item.source else "",
                status=status,
                detail=detail,
                links=uses,
            )
        )
    return FrameworkCoverage(own_id, other.id, other.title, mapping.id, tuple(items))


def _use(link: Link, states: Mapping[str, OwnItem]) -> LinkUse:
    own = tuple(states.get(i, OwnItem(i, OwnState.open, "not in the catalogue")) for i in link.a)
    return LinkUse(own, link.relation.value, link.rationale)


#: What a link that cannot cover an item leaves open, by its relation.
_ONLY = {
    "weaker": "it asks less than this item",
    "partial": "it matches this item only in part",
}


def _judge(own_id: str, uses: tuple[LinkUse, ...]) -> tuple[OtherStatus, str]:
    if not uses:
        return OtherStatus.not_addressed, f"no {own_id} item is linked to it"
    full = [u for u in uses if u.met and u.relation in ("equivalent", "stronger")]
    if full:
        return OtherStatus.covered, "covered by " + "; ".join(
            f"{'+'.join(o.id for o in u.own)} ({u.relation})" for u in full
        )
    started = [u for u in uses if u.started]
    if not started:
        linked = sorted({o.id for u in uses for o in u.own})
        return OtherStatus.not_addressed, f"the case shows none of the linked {id_list(linked)}"
    missing: list[str] = []
    for use in started:
        if use.relation in ("equivalent", "stronger"):
            gaps = [o for o in use.own if o.state is not OwnState.met]
            missing += [f"{o.id} is not met ({o.detail})" for o in gaps]
        else:
            ids = "+".join(o.id for o in use.own)
            shown = "met" if use.met else "not yet met"
            missing.append(f"{ids} is {shown}, and {_ONLY[use.relation]}: {use.rationale}")
    return OtherStatus.partial, "; ".join(missing)
