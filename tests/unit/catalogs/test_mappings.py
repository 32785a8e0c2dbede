"""The shipped mapping crosswalks: each fits the two catalogues it links (every id known, every
rationale citing both items' sections), and links read against both texts are pinned."""

from __future__ import annotations

import json
from typing import Any

import pytest

from workbench.app.catalogs import builtin_framework, builtin_frameworks
from workbench.app.crosswalks import builtin_crosswalks, builtin_mappings, find_mapping
from workbench.domain.mapping import FrameworkMapping, Relation, cited, linkable
from workbench.runtime.resources import resource_path

SHIPPED = {
    frozenset(("RSP-2.2", "EU-COP-SS")),
    frozenset(("RSP-3.4", "EU-COP-SS")),
    frozenset(("RSP-3.4", "OAI-PF-2")),
    frozenset(("RSP-3.4", "GDM-FSF-3.1")),
}

PAIRS = sorted(SHIPPED, key=lambda pair: sorted(pair))


def test_the_shipped_mappings_are_the_expected_pairs() -> None:
    assert set(builtin_mappings()) == SHIPPED


def test_the_migration_crosswalk_is_still_the_only_migration() -> None:
    assert set(builtin_crosswalks()) == {("RSP-2.2", "RSP-3.4")}


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: "--".join(sorted(p)))
def test_each_mapping_fits_both_catalogues(pair: frozenset[str]) -> None:
    mapping = builtin_mappings()[pair]
    a, b = (builtin_framework(i) for i in mapping.frameworks)
    assert mapping.problems(a, b) == []


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: "--".join(sorted(p)))
def test_every_link_names_demanded_items_on_both_sides(pair: frozenset[str]) -> None:
    """A link to an example or a permission would count for nothing in a coverage."""
    mapping = builtin_mappings()[pair]
    for framework_id, side in ((mapping.a, "a"), (mapping.b, "b")):
        items = linkable(builtin_framework(framework_id))
        for link in mapping.links:
            for item_id in getattr(link, side):
                assert items[item_id].modality.value in ("must", "should"), item_id


def _link(mapping: FrameworkMapping, a: str, b: str) -> Relation:
    found = [link.relation for link in mapping.links if a in link.a and b in link.b]
    assert len(found) == 1, f"no single link {a} -> {b}"
    return found[0]


@pytest.mark.parametrize(
    ("a", "b", "relation"),
    [
        # RSP-2.2 Appendix B ASL-2 Security 5 "continuous vulnerability management must" /
        # EU Appendix 4.1 "regular software updates and patch management"
        ("RSP-2.2/ASL2-S/infrastructure", "EU-COP-SS/A4.1/patching", Relation.equivalent),
        # "External validation like SOC 2 compliance ... must" / external reviews "if internal
        # expertise is inadequate ... as appropriate"
        ("RSP-2.2/ASL2-S/infrastructure", "EU-COP-SS/A4.5/external-review", Relation.stronger),
        # "strong perimeters and access controls" names no control; 4.1 names MFA, 802.1x …
        ("RSP-2.2/ASL3-S/perimeters-access-control", "EU-COP-SS/A4.1/network-access",
         Relation.weaker),
        ("RSP-2.2/ASL3-S/resourcing", "EU-COP-SS/M8.2/resources", Relation.partial),
        # "every 3-6 months" / "at least every six months", with exemptions
        ("RSP-3.4/P/risk-report-cadence", "EU-COP-SS/M7.6/six-monthly", Relation.stronger),
        ("RSP-3.4/G/policy-changes", "EU-COP-SS/M1.3/changelog", Relation.weaker),
        # RSP §4 "promptly investigate ... and document"; OAI §5.1 without the documenting
        ("RSP-3.4/G/noncompliance-investigation", "OAI-PF-2/G/noncompliance", Relation.stronger),
        ("RSP-3.4/G/continual-updates", "OAI-PF-2/P/annual-framework-review", Relation.weaker),
        ("RSP-3.4/T/internal-minimally-redacted-sharing", "OAI-PF-2/T/employee-summaries",
         Relation.stronger),
        ("RSP-3.4/G/responsible-scaling-officer", "GDM-FSF-3.1/G/responsibilities-allocated",
         Relation.weaker),
    ],
)  # fmt: skip
def test_pinned_links(a: str, b: str, relation: Relation) -> None:
    pair = frozenset((a.split("/")[0], b.split("/")[0]))
    assert _link(builtin_mappings()[pair], a, b) is relation


def test_a_pinned_rationale_cites_both_sections() -> None:
    mapping = builtin_mappings()[frozenset(("RSP-3.4", "EU-COP-SS"))]
    [link] = [
        x
        for x in mapping.links
        if x.a == ["RSP-3.4/P/risk-report-cadence"] and x.b == ["EU-COP-SS/M7.6/six-monthly"]
    ]
    assert "RSP-3.4 §3.1" in link.rationale and "EU-COP-SS Measure 7.6" in link.rationale
    assert "3-6 months" in link.rationale and "six months" in link.rationale


def test_read_from_the_other_side_stronger_becomes_weaker() -> None:
    rsp, eu = builtin_framework("RSP-3.4"), builtin_framework("EU-COP-SS")
    flipped = find_mapping(eu, rsp)
    assert (flipped.a, flipped.b) == ("EU-COP-SS", "RSP-3.4")
    assert _link(flipped, "EU-COP-SS/M7.6/six-monthly", "RSP-3.4/P/risk-report-cadence") is (
        Relation.weaker
    )


def test_each_shipped_file_names_its_kind_and_format() -> None:
    for path in sorted(resource_path("crosswalks").glob("*.json")):
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        if data.get("kind") == "mapping":
            assert data["format"] == 2
            assert path.stem == f"{data['a'].lower()}--{data['b'].lower()}"


def test_cited_takes_the_section_up_to_the_first_semicolon() -> None:
    assert cited("§4.1, criterion 3; fn 10") == "§4.1, criterion 3"
    assert cited("Measure 7.6") == "Measure 7.6"


def test_every_shipped_framework_is_loaded() -> None:
    assert {"RSP-2.2", "RSP-3.4", "OAI-PF-2", "GDM-FSF-3.1", "EU-COP-SS"} <= set(
        builtin_frameworks()
    )
