"""OSCAL catalogs: import with parameter substitution, export valid for the OSCAL models."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path
from typing import Any

import pytest

from workbench.domain import (
    Actors,
    ActorScope,
    Citation,
    Figure,
    Framework,
    InputError,
    Level,
    Modality,
    Obligation,
    ObligationKind,
    Requirement,
    Source,
    Standard,
    StandardKind,
    Threshold,
    Tier,
    TierKind,
    TimeRange,
    TimeUnit,
    Trigger,
)
from workbench.interop.oscal import OSCAL_VERSION, framework_from_oscal, framework_to_oscal


def _mini(data: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((data / "mini-catalog.oscal.json").read_text())
    return loaded


@pytest.fixture
def mini(data: Path) -> Framework:
    return framework_from_oscal(_mini(data), source="mini-catalog.oscal.json")


@pytest.fixture
def rich_framework() -> Framework:
    """A framework shaped like the RSP catalogue: thresholds, graded standards, obligations."""
    return Framework(
        id="RSP-2.2",
        title="Responsible Scaling Policy",
        publisher="Anthropic",
        version="2.2",
        effective_date=dt.date(2025, 5, 14),
        source=Source(
            title="Responsible Scaling Policy",
            version="2.2",
            date=dt.date(2025, 5, 14),
            url="https://example.org/rsp",
            note="Public text.\nSecond paragraph.",
        ),
        description="Capability thresholds and the\nsafeguards they require.",
        levels=[Level(id="ASL-3", rank=3, family="ASL"), Level(id="ASL-4", rank=4, family="ASL")],
        figures=[Figure(name="staff_share", min=5, max=10, unit="%")],
        notes=["A note from another document."],
        thresholds=[
            Threshold(
                id="RSP-2.2/CBRN-3",
                title="CBRN-3",
                domain="CBRN weapons",
                definition="Significant uplift to individuals with a basic STEM background.",
                source=Citation(section="§2", quote="CBRN-3: The ability to significantly help"),
                level="ASL-3",
                required_standards=["RSP-2.2/ASL3-D", "RSP-2.2/ASL3-S"],
                response="Apply ASL-3 safeguards.",
                tiers=[Tier(tier=TierKind.company_plan, text="Our plan.")],
            ),
            Threshold(
                id="RSP-2.2/AI-RD-5",
                title="AI R&D-5",
                domain="Autonomous AI R&D",
                definition="Dramatic acceleration.",
                modality=Modality.must,
                expected_standards=["RSP-2.2/ASL4-S"],
                figures=[Figure(name="effective_scaling", value=1000, unit="x", approx=True)],
                alert=True,
            ),
            Threshold(
                id="RSP-2.2/AIRD-checkpoint",
                title="AI R&D checkpoint",
                domain="Autonomous AI R&D",
                definition="Can autonomously perform a range of tasks.",
                checkpoint=True,
                rules_out=["RSP-2.2/AI-RD-5"],
            ),
        ],
        standards=[
            Standard(
                id="RSP-2.2/ASL3-D",
                title="ASL-3 Deployment Standard",
                kind=StandardKind.deployment,
                asl=3,
                objective="Robust to persistent attempts to misuse.",
                actor_scope=ActorScope(in_scope=["novices"], out_of_scope=["state programmes"]),
                requirements=[
                    Requirement(
                        id="RSP-2.2/ASL3-D/threat-modeling",
                        title="Threat modeling",
                        statement="Map the misuse vectors.\nPrioritise them.",
                        evidence_expectations=["Threat model document", "Review record"],
                        labels={"section": "4.1", "rsp clause": "Appendix B"},
                    )
                ],
            ),
            Standard(
                id="RSP-2.2/ASL3-S",
                title="ASL-3 Security Standard",
                kind=StandardKind.security,
                asl=3,
                requirements=[
                    Requirement(
                        id="RSP-2.2/ASL3-S/perimeter",
                        title="Perimeters and access controls",
                        statement="Control access to model weights.",
                        source=Citation(section="§4.2", quote=["Building strong", "We expect"]),
                        modality=Modality.expected,
                        notes=["From the activation report."],
                    )
                ],
            ),
            Standard(
                id="RSP-2.2/ASL4-S",
                title="ASL-4 Security Standard",
                kind=StandardKind.security,
                asl=4,
                specified=False,
            ),
        ],
        baseline_standards=["RSP-2.2/ASL3-S"],
        obligations=[
            Obligation(
                id="RSP-2.2/comprehensive-cadence",
                kind=ObligationKind.process,
                title="Comprehensive assessment every 6 months",
                statement="Run a comprehensive assessment at least every six months.",
                cadence=TimeRange(min=3, max=6, unit=TimeUnit.months),
                trigger=Trigger(
                    event="effective_compute_increase",
                    figures=[Figure(name="effective_compute_multiplier", value=4, unit="x")],
                ),
            ),
            Obligation(
                id="RSP-2.2/noncompliance-notice",
                kind=ObligationKind.governance,
                title="Notify the board of noncompliance",
                statement="Report noncompliance to the board.",
                source=Citation(section="§7.1.1", quote="promptly notifying the Board"),
                modality=Modality.should,
                deadline=TimeRange(max=30, unit=TimeUnit.days, hard=False, anchor="x"),
                actors=Actors(responsible=["rso"], informed=["board", "ltbt"]),
                before="moving forward",
                condition="when it poses material risk",
            ),
            Obligation(
                id="RSP-2.2/us-notice",
                kind=ObligationKind.notification,
                title="Notify government",
                statement="Notify a relevant U.S. Government entity.",
            ),
        ],
    )


def test_groups_become_standards_named_by_their_path_and_nested(mini: Framework) -> None:
    assert [(s.id, s.title, s.parent) for s in mini.standards] == [
        ("Mini-AI-Controls-Catalog/gv", "Governance", None),
        ("Mini-AI-Controls-Catalog/gv-pol", "Governance / Policies", "Mini-AI-Controls-Catalog/gv"),
        ("Mini-AI-Controls-Catalog/ev", "Evaluation", None),
    ]
    assert {s.kind for s in mini.standards} == {StandardKind.other}


def test_parameters_are_substituted_by_label_values_and_choices(mini: Framework) -> None:
    statement = mini.requirements_by_id["Mini-AI-Controls-Catalog/gv-1"].statement
    assert statement == (
        "a. Develop and disseminate to [Assignment: organization-defined personnel or roles] "
        "a [Selection (one or more): organization-level; system-level] AI risk policy; and\n"
        "   1. Address capability thresholds and safeguards.\n"
        "b. Review and update the policy annually."
    )


def test_guidance_becomes_evidence_expectations(mini: Framework) -> None:
    requirement = mini.requirements_by_id["Mini-AI-Controls-Catalog/gv-1"]
    assert requirement.evidence_expectations == [
        "Evidence includes the approved policy and its review record."
    ]


def test_enhancements_are_requirements_of_the_same_standard(mini: Framework) -> None:
    standard = mini.standard_of_requirement["Mini-AI-Controls-Catalog/gv-1.1"]
    enhancement = mini.requirements_by_id["Mini-AI-Controls-Catalog/gv-1.1"]
    assert standard.id == "Mini-AI-Controls-Catalog/gv-pol"
    assert enhancement.labels == {
        "label": "GV-1(1)",
        "enhancement-of": "Mini-AI-Controls-Catalog/gv-1",
    }
    assert enhancement.statement == "Report policy compliance to the board."


def test_props_become_labels(mini: Framework) -> None:
    labels = mini.requirements_by_id["Mini-AI-Controls-Catalog/gv-1"].labels
    assert labels == {"label": "GV-1", "sort-id": "gv-01"}


def test_withdrawn_controls_are_kept_as_withdrawn(mini: Framework) -> None:
    withdrawn = mini.requirements_by_id["Mini-AI-Controls-Catalog/gv-2"]
    assert withdrawn.withdrawn and not withdrawn.demanded
    assert [r.id for r in mini.requirements if not r.withdrawn] == [
        "Mini-AI-Controls-Catalog/gv-1",
        "Mini-AI-Controls-Catalog/gv-1.1",
        "Mini-AI-Controls-Catalog/ev-1",
    ]


def test_catalog_metadata_names_the_framework(mini: Framework) -> None:
    assert (mini.id, mini.title, mini.version, mini.publisher, mini.effective_date) == (
        "Mini-AI-Controls-Catalog",
        "Mini AI Controls Catalog",
        "1.0",
        "Example Standards Body",
        dt.date(2025, 2, 15),
    )
    assert mini.baseline_standards == [s.id for s in mini.standards]


def test_framework_id_can_be_chosen(data: Path) -> None:
    framework = framework_from_oscal(_mini(data), source="x", framework_id="MINI-1")
    assert framework.id == "MINI-1"
    assert "MINI-1/ev-1" in framework.requirements_by_id


def test_export_is_a_valid_oscal_catalog(rich_framework: Framework) -> None:
    catalog_models = pytest.importorskip("trestle.oscal.catalog")
    document = framework_to_oscal(rich_framework)
    catalog = catalog_models.Catalog.model_validate(document["catalog"])
    assert catalog.metadata.oscal_version.root.root == OSCAL_VERSION
    assert catalog.metadata.title == "Responsible Scaling Policy"


def test_export_of_an_imported_catalog_is_valid_oscal(mini: Framework) -> None:
    catalog_models = pytest.importorskip("trestle.oscal.catalog")
    document = framework_to_oscal(mini)
    catalog = catalog_models.Catalog.model_validate(document["catalog"])
    assert catalog.groups is not None and len(catalog.groups) == 2


def test_export_then_import_gives_the_same_framework(rich_framework: Framework) -> None:
    document = json.loads(json.dumps(framework_to_oscal(rich_framework)))
    assert framework_from_oscal(document, source="rsp.json") == rich_framework


def test_export_is_deterministic_with_uuid5_ids(rich_framework: Framework) -> None:
    first = framework_to_oscal(rich_framework)
    assert framework_to_oscal(rich_framework) == first
    catalog_uuid = uuid.UUID(first["catalog"]["uuid"])
    assert catalog_uuid.version == 5
    assert first["catalog"]["metadata"]["last-modified"] == "2025-05-14T00:00:00+00:00"


def test_export_ids_are_oscal_tokens(rich_framework: Framework) -> None:
    groups = framework_to_oscal(rich_framework)["catalog"]["groups"]
    control_ids = [c["id"] for g in groups for c in g.get("controls", [])]
    assert control_ids[0] == "threat-modeling"
    assert all("/" not in i and ":" not in i for i in control_ids)
    assert len(set(control_ids)) == len(control_ids)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([], "x.json is not an OSCAL catalog (expected a JSON object)"),
        ({"profile": {}}, "x.json is an OSCAL profile, not a catalog"),
        ({"catalog": {"uuid": "u"}}, "x.json is not an OSCAL catalog (no 'catalog' with"),
        (
            {"catalog": {"metadata": {"title": "T"}}},
            "x.json: OSCAL catalog metadata has no version",
        ),
    ],
    ids=["list", "profile", "no metadata", "no version"],
)
def test_documents_that_are_not_catalogs_are_refused(document: Any, message: str) -> None:
    with pytest.raises(InputError) as caught:
        framework_from_oscal(document, source="x.json")
    assert str(caught.value).startswith(message)
