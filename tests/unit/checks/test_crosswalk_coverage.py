"""Coverage of another framework through a mapping crosswalk: covered, partial, not addressed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.builders import case
from workbench.app.catalogs import load_framework_file
from workbench.app.crosswalks import load_mapping_file
from workbench.checks import CoverageStatus, RequirementStatus
from workbench.checks.crosswalk import OtherStatus, coverage_of
from workbench.domain import CaseDocument, Compliance, Framework, ScheduledAssessment
from workbench.domain.mapping import FrameworkMapping

DATA = Path(__file__).parent / "data" / "crosswalk"


@pytest.fixture(scope="module")
def toy() -> Framework:
    return load_framework_file(DATA / "toy-1.json")


@pytest.fixture(scope="module")
def mapping() -> FrameworkMapping:
    return load_mapping_file(DATA / "rsp-2.2--toy-1.json")


def _matrix(doc: CaseDocument, **statuses: CoverageStatus) -> dict[str, RequirementStatus]:
    """Every requirement of the case's framework missing, but those named: ASL3_D_red_teaming
    is RSP-2.2/ASL3-D/red-teaming."""
    rows = {}
    for rid, standard in doc.framework.standard_of_requirement.items():
        _, group, name = rid.split("/")
        status = statuses.get(f"{group}_{name}".replace("-", "_"))
        rows[rid] = RequirementStatus(
            rid, standard.id, status or CoverageStatus.missing, (), (), "as the test says"
        )
    return rows


def _statuses(
    doc: CaseDocument, toy: Framework, mapping: FrameworkMapping, **statuses: CoverageStatus
) -> dict[str, OtherStatus]:
    result = coverage_of(doc, _matrix(doc, **statuses), toy, mapping)
    return {item.id: item.status for item in result.items}


def test_a_met_stronger_link_covers_the_other_item(
    toy: Framework, mapping: FrameworkMapping
) -> None:
    doc = case().goal("G1").document()
    found = _statuses(doc, toy, mapping, ASL3_D_red_teaming=CoverageStatus.met)
    assert found["TOY-1/SAFEGUARDS/red-team"] is OtherStatus.covered


def test_only_demanded_items_of_the_other_framework_are_listed(
    toy: Framework, mapping: FrameworkMapping
) -> None:
    doc = case().goal("G1").document()
    assert list(_statuses(doc, toy, mapping)) == [
        "TOY-1/SAFEGUARDS/red-team",
        "TOY-1/SAFEGUARDS/security",
        "TOY-1/SAFEGUARDS/trusted",
        "TOY-1/SAFEGUARDS/extra",
        "TOY-1/O/model-report",
    ]


def test_an_unlinked_item_is_not_addressed(toy: Framework, mapping: FrameworkMapping) -> None:
    doc = case().goal("G1").document()
    result = coverage_of(doc, _matrix(doc), toy, mapping)
    extra = next(i for i in result.items if i.id == "TOY-1/SAFEGUARDS/extra")
    assert (extra.status, extra.detail) == (
        OtherStatus.not_addressed,
        "no RSP-2.2 item is linked to it",
    )


def test_a_group_link_needs_every_own_item_met(toy: Framework, mapping: FrameworkMapping) -> None:
    doc = case().goal("G1").document()
    half = coverage_of(
        doc, _matrix(doc, ASL3_S_perimeters_access_control=CoverageStatus.met), toy, mapping
    )
    security = next(i for i in half.items if i.id == "TOY-1/SAFEGUARDS/security")
    assert security.status is OtherStatus.partial
    assert security.detail.startswith("RSP-2.2/ASL3-S/monitoring is not met (missing")
    whole = _statuses(
        doc,
        toy,
        mapping,
        ASL3_S_perimeters_access_control=CoverageStatus.met,
        ASL3_S_monitoring=CoverageStatus.met,
    )
    assert whole["TOY-1/SAFEGUARDS/security"] is OtherStatus.covered


def test_a_met_weaker_link_is_partial_and_says_what_is_missing(
    toy: Framework, mapping: FrameworkMapping
) -> None:
    doc = case().goal("G1").document()
    result = coverage_of(doc, _matrix(doc, ASL3_D_trusted_users=CoverageStatus.met), toy, mapping)
    trusted = next(i for i in result.items if i.id == "TOY-1/SAFEGUARDS/trusted")
    assert trusted.status is OtherStatus.partial
    assert trusted.detail == (
        "RSP-2.2/ASL3-D/trusted-users is met, and it asks less than this item: RSP-2.2 §4.1, "
        "criterion 6 allows trusted-user access; TOY-1 Measure 1.3 also asks vetting."
    )


def test_a_partly_evidenced_own_requirement_leaves_the_other_partial(
    toy: Framework, mapping: FrameworkMapping
) -> None:
    doc = case().goal("G1").document()
    found = _statuses(doc, toy, mapping, ASL3_D_red_teaming=CoverageStatus.partial)
    assert found["TOY-1/SAFEGUARDS/red-team"] is OtherStatus.partial


def test_linked_requirements_the_case_does_not_show_leave_it_unaddressed(
    toy: Framework, mapping: FrameworkMapping
) -> None:
    doc = case().goal("G1").document()
    found = _statuses(doc, toy, mapping, ASL3_D_red_teaming=CoverageStatus.not_applicable)
    assert found["TOY-1/SAFEGUARDS/red-team"] is OtherStatus.not_addressed


def test_an_obligation_counts_through_the_schedule(
    toy: Framework, mapping: FrameworkMapping
) -> None:
    doc = case().goal("G1").document()
    item = ScheduledAssessment(
        id="SCH1",
        what="Capability Report",
        due=dt.date(2026, 11, 1),
        completed=dt.date(2026, 11, 2),
        obligation="RSP-2.2/P/capability-report",
    )
    scheduled = doc.model_copy(update={"compliance": Compliance(schedule=[item])})
    assert _statuses(doc, toy, mapping)["TOY-1/O/model-report"] is OtherStatus.not_addressed
    # done, but the link is only partial: the other framework asks more
    assert _statuses(scheduled, toy, mapping)["TOY-1/O/model-report"] is OtherStatus.partial


def test_the_mapping_is_read_from_the_case_side_either_way_round(
    toy: Framework, mapping: FrameworkMapping
) -> None:
    """A case under TOY-1 reads the same file backwards: a met TOY-1 red-team item is weaker
    than RSP-2.2's red-teaming, so that one is only partly covered."""
    flipped = mapping.oriented("TOY-1")
    assert flipped.a == "TOY-1"
    link = flipped.links_of_b["RSP-2.2/ASL3-D/red-teaming"][0]
    assert (link.a, link.relation.value) == (["TOY-1/SAFEGUARDS/red-team"], "weaker")


def test_counts_and_json_carry_every_item(toy: Framework, mapping: FrameworkMapping) -> None:
    doc = case().goal("G1").document()
    result = coverage_of(doc, _matrix(doc, ASL3_D_red_teaming=CoverageStatus.met), toy, mapping)
    data = result.to_json()
    assert data["summary"] == {"covered": 1, "partial": 0, "not_addressed": 4}
    assert result.summary().startswith("TOY-1 through RSP-2.2--TOY-1: 1 covered, 0 partial")
