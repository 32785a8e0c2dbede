"""Framework migration: move an assessment to another framework through a shipped crosswalk,
as one audited, undoable change set (``workbench framework migrate``, Framework > Migrate)."""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass

from workbench.app.catalogs import find_framework
from workbench.app.changes import ChangeSet, put
from workbench.app.crosswalks import builtin_crosswalks, find_crosswalk
from workbench.app.workspace import Workspace
from workbench.domain import CaseDocument, Element, Framework, InputError, NotApplicable
from workbench.domain.crosswalk import Crosswalk, Fate

#: How a fate reads in listings; "unmapped" is an id the crosswalk does not know.
UNMAPPED = "unmapped"


@dataclass(frozen=True)
class ClaimFate:
    """What becomes of one claim (or not-applicable mark) of one element."""

    element: str
    requirement: str
    fate: str  # a Fate value, or UNMAPPED
    targets: tuple[str, ...]
    rationale: str
    marked_not_applicable: bool = False

    @property
    def carried(self) -> bool:
        return bool(self.targets)

    def describe(self) -> str:
        what = "marks not applicable" if self.marked_not_applicable else "claims"
        if self.targets:
            result = f"{self.fate}: {', '.join(self.targets)}"
        else:
            result = f"{self.fate}, left as it is (a COV-UNMAPPED finding)"
        return f"{self.element} {what} {self.requirement} -> {result} ({self.rationale})"


@dataclass(frozen=True)
class DeterminationFate:
    """What becomes of one capability determination."""

    threshold: str
    outcome: str
    fate: str
    target: str | None
    rationale: str

    def describe(self) -> str:
        result = (
            f"{self.fate}: {self.target}, determination kept"
            if self.target
            else f"{self.fate}, determination removed (determine the new thresholds afresh)"
        )
        return f"determination {self.threshold} ({self.outcome}) -> {result} ({self.rationale})"


@dataclass(frozen=True)
class MigrationPlan:
    """The fates of an assessment's claims and determinations, and the change set applying them."""

    source: Framework
    target: Framework
    crosswalk: Crosswalk
    claims: tuple[ClaimFate, ...]
    determinations: tuple[DeterminationFate, ...]
    change_set: ChangeSet

    @property
    def counts(self) -> Counter[str]:
        """Claims by fate (kept, renamed, split, dropped, unmapped)."""
        return Counter(c.fate for c in self.claims)

    @property
    def new_requirements(self) -> list[str]:
        """Requirements of the target that are new (no source item maps to them)."""
        new = set(self.crosswalk.new_items)
        return [r.id for r in self.target.requirements if r.id in new]

    def summary(self) -> str:
        counts = self.counts
        parts = [f"{counts[f]} {f}" for f in (*_LISTED, UNMAPPED) if counts[f]]
        claims = ", ".join(parts) if parts else "none"
        kept = sum(1 for d in self.determinations if d.target)
        return (
            f"{self.source.id} -> {self.target.id}: claims {claims}; "
            f"{kept} of {len(self.determinations)} determinations kept; "
            f"{len(self.new_requirements)} new requirements"
        )

    def lines(self) -> list[str]:
        """One line per fate, then the new requirements: what the CLI and the dialog list."""
        result = [c.describe() for c in self.claims]
        result += [d.describe() for d in self.determinations]
        result += [f"new: {rid}" for rid in self.new_requirements]
        return result


_LISTED = tuple(f.value for f in (Fate.kept, Fate.renamed, Fate.split, Fate.dropped))


def plan_migration(doc: CaseDocument, target_id: str) -> MigrationPlan:
    """Work out the migration of ``doc`` to framework ``target_id``; writes nothing.

    Unknown framework, the case's own framework, or no crosswalk: a one-line error.
    """
    source = doc.framework
    if target_id == source.id:
        raise InputError(f"the assessment is already judged against {source.id}")
    target = find_framework(target_id)
    crosswalk = find_crosswalk(source.id, target.id)
    claims: list[ClaimFate] = []
    changes = []
    for element in doc.case.elements:
        if not element.addresses and not element.not_applicable:
            continue
        new = _migrated(element, crosswalk, claims)
        if new != element:
            changes.append(put("element", element.id, element, new))
    determinations: list[DeterminationFate] = []
    kept = []
    for d in doc.assessment.determinations:
        mapping = crosswalk.by_source.get(d.threshold)
        fate = mapping.fate.value if mapping else UNMAPPED
        carried = mapping is not None and mapping.fate in (Fate.kept, Fate.renamed)
        target_threshold = mapping.targets[0] if carried and mapping else None
        determinations.append(
            DeterminationFate(
                d.threshold,
                d.outcome.value,
                fate,
                target_threshold,
                mapping.rationale if mapping else f"{crosswalk.id} does not list it",
            )
        )
        if target_threshold is not None:
            kept.append(d.model_copy(update={"threshold": target_threshold}))
    title = doc.assessment.title.replace(source.title, target.title)
    assessment = doc.assessment.model_copy(
        update={"framework_id": target.id, "determinations": kept, "title": title}
    )
    head = [
        put("framework", source.id, source, None),
        put("framework", target.id, None, target),
        put("assessment", doc.assessment.id, doc.assessment, assessment),
    ]
    change_set = ChangeSet(f"Migrate to {target.id}", "framework migrate", (*head, *changes))
    return MigrationPlan(
        source, target, crosswalk, tuple(claims), tuple(determinations), change_set
    )


def _migrated(element: Element, crosswalk: Crosswalk, claims: list[ClaimFate]) -> Element:
    """``element`` with its claims and not-applicable marks moved through ``crosswalk``."""
    addresses: dict[str, None] = {}
    for rid in element.addresses:
        fate = _fate(element.id, rid, crosswalk, marked=False)
        claims.append(fate)
        addresses.update(dict.fromkeys(fate.targets or (rid,)))
    marks: dict[str, NotApplicable] = {}
    for mark in element.not_applicable:
        fate = _fate(element.id, mark.requirement, crosswalk, marked=True)
        claims.append(fate)
        for rid in fate.targets or (mark.requirement,):
            marks.setdefault(rid, NotApplicable(requirement=rid, justification=mark.justification))
    return element.model_copy(
        update={"addresses": list(addresses), "not_applicable": list(marks.values())}
    )


def _fate(element_id: str, rid: str, crosswalk: Crosswalk, *, marked: bool) -> ClaimFate:
    mapping = crosswalk.by_source.get(rid)
    if mapping is None:
        return ClaimFate(element_id, rid, UNMAPPED, (), f"{crosswalk.id} does not list it", marked)
    targets = tuple(mapping.targets) if mapping.fate.carries_over else ()
    return ClaimFate(element_id, rid, mapping.fate.value, targets, mapping.rationale, marked)


def migration_targets(framework_id: str) -> list[str]:
    """The frameworks a shipped crosswalk takes an assessment under ``framework_id`` to."""
    return sorted(target for source, target in builtin_crosswalks() if source == framework_id)


def plan_for_store(ws: Workspace, target_id: str) -> MigrationPlan:
    """The migration of the open store; its change set removes the framework record as stored.

    A store written by an older version may hold the framework in an older catalogue format,
    which loads upgraded; the stale-write check compares with the stored body, so the change
    names that body.
    """
    plan = plan_migration(ws.document, target_id)
    stored = ws.store.get("framework", plan.source.id)
    changes = tuple(
        dataclasses.replace(c, before=stored)
        if c.kind == "framework" and c.id == plan.source.id and stored is not None
        else c
        for c in plan.change_set.changes
    )
    return dataclasses.replace(
        plan, change_set=dataclasses.replace(plan.change_set, changes=changes)
    )


def migrate_framework(ws: Workspace, target_id: str, *, dry_run: bool = False) -> MigrationPlan:
    """Plan the migration and, unless ``dry_run``, apply it as one change set."""
    plan = plan_for_store(ws, target_id)
    if not dry_run:
        ws.apply(plan.change_set)
    return plan
