"""OSCAL fidelity: withdrawn controls, nested groups, params, links, parts and back-matter kept,
listed when unused, and written back so the export reads back equal to the original."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from workbench.app.catalogs import builtin_framework, load_framework_file
from workbench.app.interop import save_framework
from workbench.app.stores import new_document
from workbench.checks.engine import run_checks
from workbench.domain import Framework
from workbench.interop.oscal import (
    framework_from_oscal,
    framework_to_oscal,
    kept_summary,
    parameter_lines,
)

FID = "Fidelity-Controls-Catalog"


@pytest.fixture
def original(data: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((data / "fidelity-catalog.oscal.json").read_text())
    return loaded


@pytest.fixture
def fidelity(original: dict[str, Any]) -> Framework:
    return framework_from_oscal(copy.deepcopy(original), source="fidelity-catalog.oscal.json")


def _exported(framework: Framework) -> dict[str, Any]:
    """The export as a file would hold it (through JSON text)."""
    loaded: dict[str, Any] = json.loads(json.dumps(framework_to_oscal(framework)))
    return loaded


# --------------------------------------------------------------------------- withdrawn


@pytest.mark.parametrize(
    ("control", "how"),
    [("ac-3", "Withdrawn"), ("ac-2.2", "withdrawn, on an enhancement"), ("ir-1", "WITHDRAWN")],
)
def test_withdrawn_controls_are_kept_as_withdrawn_in_any_case(
    fidelity: Framework, control: str, how: str
) -> None:
    requirement = fidelity.requirements_by_id[f"{FID}/{control}"]
    assert requirement.withdrawn, how
    assert not requirement.demanded
    assert "status" not in requirement.labels


def test_withdrawn_requirements_get_no_coverage_finding(fidelity: Framework) -> None:
    doc = new_document("Model", fidelity, now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    findings = run_checks(doc, today=dt.date(2026, 1, 2)).findings
    covered = {f.subject for f in findings if f.rule.startswith("COV")}
    live = {r.id for r in fidelity.requirements if not r.withdrawn}
    assert covered == live  # nothing in this case claims them: every live one is asked for
    assert {f"{FID}/ac-3", f"{FID}/ac-2.2", f"{FID}/ir-1"}.isdisjoint(covered)


# --------------------------------------------------------------------------- structure


def test_group_hierarchy_is_kept_as_nested_standards(fidelity: Framework) -> None:
    assert [(s.id.removeprefix(FID + "/"), s.parent) for s in fidelity.standards] == [
        ("ac", None),
        ("ac-a", f"{FID}/ac"),
        ("ac-b", f"{FID}/ac"),
        ("ac-a-1", f"{FID}/ac-b"),
        ("ir", None),
        ("controls", None),
    ]
    assert (
        fidelity.standards_by_id[f"{FID}/ac-a-1"].title == "Access Control / Sessions / Privileged"
    )
    assert fidelity.standards_by_id[f"{FID}/ac"].objective == "Access control family overview."


def test_params_are_kept_with_their_constraints_and_rendered_as_text(
    fidelity: Framework, original: dict[str, Any]
) -> None:
    requirement = fidelity.requirements_by_id[f"{FID}/ac-2"]
    [family] = [g for g in original["catalog"]["groups"] if g["id"] == "ac"]
    source_control = family["groups"][0]["controls"][0]
    assert requirement.oscal is not None
    assert requirement.oscal["params"] == source_control["params"]
    assert requirement.statement == (
        "a. Define [Assignment: prerequisites and criteria] for group membership;\n"
        "b. [Selection (one or more): disable; remove from the system [Assignment: "
        "prerequisites and criteria]] accounts within 24 hours."
    )
    assert parameter_lines(fidelity, requirement) == [
        "ac-2_prm_1: prerequisites and criteria; guideline: list the criteria",
        "ac-2_prm_2: one or more of: disable; remove from the system "
        "[Assignment: prerequisites and criteria]",
        "ac-2_prm_3: value 24 hours; constraint: at most 48 hours",
    ]


def test_catalog_level_param_renders_in_a_loose_control(fidelity: Framework) -> None:
    assert fidelity.requirements_by_id[f"{FID}/lc-1"].statement == (
        "The [Assignment: organization name] keeps a register."
    )


def test_what_the_checks_do_not_use_is_listed_in_one_line(fidelity: Framework) -> None:
    assert kept_summary(fidelity) == (
        "kept for export, not used by the checks: 6 links, 2 assessment-method parts, "
        "2 back-matter resources"
    )


def test_a_catalog_the_workbench_uses_whole_has_nothing_to_list() -> None:
    plain = {
        "catalog": {
            "uuid": "0d9b1c1e-5d1a-4c55-9d0e-000000000001",
            "metadata": {"title": "Plain", "version": "1", "last-modified": "2025-01-01T00:00:00Z"},
            "controls": [{"id": "c-1", "title": "One", "parts": [{"name": "statement"}]}],
        }
    }
    assert kept_summary(framework_from_oscal(plain, source="plain.json")) == ""


# --------------------------------------------------------------------------- round trip


def test_export_reads_back_equal_to_the_original(
    fidelity: Framework, original: dict[str, Any]
) -> None:
    assert _exported(fidelity) == original


def test_export_keeps_the_catalogs_uuid_and_metadata(
    fidelity: Framework, original: dict[str, Any]
) -> None:
    catalog = _exported(fidelity)["catalog"]
    assert catalog["uuid"] == original["catalog"]["uuid"]
    assert catalog["metadata"] == original["catalog"]["metadata"]
    assert catalog["metadata"]["last-modified"] == "2024-08-12T09:30:00.123-04:00"
    assert catalog["back-matter"] == original["catalog"]["back-matter"]


def _fields(node: Any, path: str = "$") -> dict[str, Any]:
    """Every leaf of a JSON document by its path, for a field-by-field comparison."""
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for key, value in node.items():
            out.update(_fields(value, f"{path}.{key}"))
        return out
    if isinstance(node, list):
        out = {}
        for n, value in enumerate(node):
            out.update(_fields(value, f"{path}[{n}]"))
        return out
    return {path: node}


def test_export_matches_the_original_field_by_field(
    fidelity: Framework, original: dict[str, Any]
) -> None:
    exported, source = _fields(_exported(fidelity)), _fields(original)
    assert sorted(set(source) ^ set(exported)) == []
    assert [p for p in source if source[p] != exported[p]] == []
    assert len(source) > 150  # the comparison covers the whole catalog


def test_trestle_reads_the_export_back_equal_to_the_original(
    fidelity: Framework, original: dict[str, Any]
) -> None:
    catalog_models = pytest.importorskip(
        "trestle.oscal.catalog", reason="compliance-trestle (the reference reader) not installed"
    )
    theirs = catalog_models.Catalog.model_validate(original["catalog"])
    ours = catalog_models.Catalog.model_validate(_exported(fidelity)["catalog"])
    assert ours == theirs
    assert ours.model_dump(exclude_none=True) == theirs.model_dump(exclude_none=True)


def test_export_then_import_gives_the_same_framework(fidelity: Framework) -> None:
    again = framework_from_oscal(_exported(fidelity), source="fidelity-catalog.oscal.json")
    assert again == fidelity


def test_kept_structure_survives_the_workbench_catalogue_file(
    fidelity: Framework, original: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "fidelity.json"
    save_framework(fidelity, path)
    loaded = load_framework_file(path)
    assert loaded == fidelity
    assert _exported(loaded) == original


def test_withdrawn_and_nesting_of_a_workbench_catalogue_survive_its_own_export() -> None:
    shipped = builtin_framework("RSP-2.2")
    first, second = shipped.standards[0], shipped.standards[1]
    changed = shipped.model_copy(
        update={
            "standards": [
                first.model_copy(
                    update={
                        "requirements": [
                            first.requirements[0].model_copy(update={"withdrawn": True}),
                            *first.requirements[1:],
                        ]
                    }
                ),
                second.model_copy(update={"parent": first.id}),
                *shipped.standards[2:],
            ]
        }
    )
    changed = Framework.model_validate(changed.model_dump())
    document = _exported(changed)
    assert framework_from_oscal(document, source="rsp.json") == changed
    control = document["catalog"]["groups"][0]["controls"][0]
    assert {"name": "status", "value": "withdrawn"} in control["props"]


def test_a_standard_nested_in_one_listed_after_it_is_refused() -> None:
    shipped = builtin_framework("RSP-2.2")
    first, second = shipped.standards[0], shipped.standards[1]
    data = shipped.model_dump()
    data["standards"][0]["parent"] = second.id
    with pytest.raises(ValueError, match=f"standard '{first.id}' is nested in '{second.id}'"):
        Framework.model_validate(data)
