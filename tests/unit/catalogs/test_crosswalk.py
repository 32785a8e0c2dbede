"""The shipped crosswalk RSP-2.2 -> RSP-3.4: every id exists, every item has a fate."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from workbench.app.catalogs import builtin_framework
from workbench.app.crosswalks import builtin_crosswalks, find_crosswalk, load_crosswalk_file
from workbench.domain import InputError, NotFoundError
from workbench.domain.crosswalk import Crosswalk, Fate, mappable_ids
from workbench.runtime.resources import resource_path

A, B = "RSP-2.2", "RSP-3.4"


@pytest.fixture(scope="module")
def crosswalk() -> Crosswalk:
    return find_crosswalk(A, B)


@pytest.fixture
def crosswalk_data() -> dict[str, Any]:
    path = resource_path("crosswalks", "rsp-2.2--rsp-3.4.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_the_shipped_crosswalk_is_found_by_its_two_frameworks(crosswalk: Crosswalk) -> None:
    assert (A, B) in builtin_crosswalks()
    assert (crosswalk.source_framework, crosswalk.target_framework) == (A, B)


def test_every_id_exists_in_its_catalogue_and_every_item_has_a_fate(
    crosswalk: Crosswalk,
) -> None:
    assert crosswalk.problems(builtin_framework(A), builtin_framework(B)) == []


def test_every_source_item_is_mapped_once(crosswalk: Crosswalk) -> None:
    sources = [m.source for m in crosswalk.mappings if m.source is not None]
    assert sorted(sources) == sorted(mappable_ids(builtin_framework(A)))


def test_all_five_fates_occur_with_a_one_line_rationale(crosswalk: Crosswalk) -> None:
    counts = Counter(m.fate for m in crosswalk.mappings)
    assert set(counts) == set(Fate)
    assert all(m.rationale and "\n" not in m.rationale for m in crosswalk.mappings)


def test_known_fates(crosswalk: Crosswalk) -> None:
    by = crosswalk.by_source
    rso = by[f"{A}/G/responsible-scaling-officer"]
    assert (rso.fate, rso.targets) == (Fate.kept, [f"{B}/G/responsible-scaling-officer"])
    assert by[f"{A}/AFFIRM-MISALIGN/affirmative-case"].fate == Fate.split
    assert by[f"{A}/CP-AUTONOMY"].fate == Fate.dropped
    assert by[f"{A}/P/preliminary-assessment"].fate == Fate.dropped
    assert f"{B}/P/risk-report-cadence" in crosswalk.new_items


def test_problems_name_an_id_missing_from_the_target(crosswalk: Crosswalk) -> None:
    target = builtin_framework(B)
    smaller = target.model_copy(
        update={
            "obligations": [o for o in target.obligations if not o.id.endswith("/G/policy-changes")]
        }
    )
    problems = crosswalk.problems(builtin_framework(A), smaller)
    assert f"{B}/G/policy-changes is not a threshold, requirement or obligation of {B}" in problems


def test_problems_name_a_source_item_without_mapping(crosswalk_data: dict[str, Any]) -> None:
    crosswalk_data["mappings"] = [
        m for m in crosswalk_data["mappings"] if m["source"] != f"{A}/G/readiness-exercises"
    ]
    smaller = Crosswalk.model_validate(crosswalk_data)
    problems = smaller.problems(builtin_framework(A), builtin_framework(B))
    assert problems == [f"{A}/G/readiness-exercises of {A} has no mapping"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"fate": "kept", "targets": []}, "needs exactly one target"),
        ({"fate": "split", "targets": ["RSP-3.4/G/policy-changes"]}, "two or more targets"),
        ({"fate": "dropped", "targets": ["RSP-3.4/G/policy-changes"]}, "see_also"),
        ({"rationale": "two\nlines"}, "rationale"),
    ],
)
def test_malformed_mappings_are_one_line_errors(
    crosswalk_data: dict[str, Any], tmp_path: Path, change: dict[str, Any], message: str
) -> None:
    crosswalk_data["mappings"][0].update(change)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(crosswalk_data), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_crosswalk_file(path)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_source_mapped_twice_is_refused(crosswalk_data: dict[str, Any]) -> None:
    crosswalk_data["mappings"].append(crosswalk_data["mappings"][0])
    with pytest.raises(ValueError, match="duplicate crosswalk source"):
        Crosswalk.model_validate(crosswalk_data)


def test_no_crosswalk_back_from_rsp34() -> None:
    with pytest.raises(NotFoundError, match=r"no crosswalk from RSP-3\.4 to RSP-2\.2"):
        find_crosswalk(B, A)
