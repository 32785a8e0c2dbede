"""The mapping crosswalk model: links, relations, reading from either side, fit to catalogues."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from workbench.app.catalogs import builtin_framework, load_framework_file
from workbench.app.crosswalks import load_crosswalk_file, load_mapping_file
from workbench.domain import InputError
from workbench.domain.mapping import FrameworkMapping, Link, Relation, compare

DATA = Path(__file__).parents[1] / "checks" / "data" / "crosswalk"
TOY = DATA / "toy-1.json"
CROSSWALK = DATA / "rsp-2.2--toy-1.json"


def _mapping(**changes: Any) -> FrameworkMapping:
    data: dict[str, Any] = {
        "id": "A--B",
        "a": "A",
        "b": "B",
        "title": "A and B",
        "kind": "mapping",
        "format": 2,
        "links": [{"a": ["A/x"], "b": ["B/y"], "relation": "stronger", "rationale": "A §1; B §2"}],
    }
    data.update(changes)
    return FrameworkMapping.model_validate(data)


def test_relations_invert_stronger_and_weaker_only() -> None:
    assert Relation.stronger.inverse is Relation.weaker
    assert Relation.weaker.inverse is Relation.stronger
    assert Relation.equivalent.inverse is Relation.equivalent
    assert Relation.partial.inverse is Relation.partial
    assert [r for r in Relation if r.satisfies] == [Relation.equivalent, Relation.stronger]


def test_oriented_reverses_every_link() -> None:
    flipped = _mapping().oriented("B")
    assert (flipped.a, flipped.b) == ("B", "A")
    assert flipped.links == [
        Link(a=["B/y"], b=["A/x"], relation=Relation.weaker, rationale="A §1; B §2")
    ]
    assert flipped.oriented("A") == _mapping()


def test_a_framework_not_linked_cannot_be_read_from() -> None:
    with pytest.raises(ValueError, match="does not link C"):
        _mapping().oriented("C")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"b": "A"}, "links A with itself"),
        ({"links": []}, "at least 1 item"),
        (
            {"links": [{"a": ["A/x"], "b": ["B/y"], "relation": "roughly", "rationale": "r"}]},
            "'equivalent', 'stronger', 'weaker' or 'partial'",
        ),
        (
            {"links": [{"a": ["A/x"], "b": ["B/y"], "relation": "partial", "rationale": "a\nb"}]},
            "should match pattern",
        ),
        (
            {"links": [{"a": 2 * ["A/x"], "b": ["B/y"], "relation": "partial", "rationale": "r"}]},
            "duplicate a item",
        ),
        (
            {"links": 2 * [{"a": ["A/x"], "b": ["B/y"], "relation": "partial", "rationale": "r"}]},
            "duplicate link",
        ),
    ],
)  # fmt: skip
def test_malformed_mappings_are_refused(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        _mapping(**changes)


def test_problems_name_unknown_ids_and_uncited_sections() -> None:
    toy = load_framework_file(TOY)
    rsp = builtin_framework("RSP-2.2")
    mapping = load_mapping_file(CROSSWALK)
    assert mapping.problems(rsp, toy) == []
    assert mapping.problems(toy, rsp) == []  # either order
    broken = mapping.model_copy(
        update={
            "links": [
                Link(
                    a=["RSP-2.2/ASL3-D/red-teaming", "RSP-2.2/NOPE"],
                    b=["TOY-1/SAFEGUARDS/red-team"],
                    relation=Relation.partial,
                    rationale="TOY-1 Measure 1.1 only",
                )
            ]
        }
    )
    assert broken.problems(rsp, toy) == [
        "link 1: the rationale does not cite RSP-2.2/ASL3-D/red-teaming's section "
        "'§4.1, criterion 3' of RSP-2.2",
        "link 1: RSP-2.2/NOPE is not a threshold, requirement or obligation of RSP-2.2",
    ]
    other = builtin_framework("RSP-3.4")
    assert broken.problems(rsp, other) == [
        "mapping RSP-2.2--TOY-1 links RSP-2.2 and TOY-1, not RSP-2.2 and RSP-3.4"
    ]


def test_the_two_loaders_refuse_each_others_kind() -> None:
    with pytest.raises(InputError, match="is a mapping crosswalk, not a migration one"):
        load_crosswalk_file(CROSSWALK)
    migration = Path(__file__).parents[3] / "resources" / "crosswalks" / "rsp-2.2--rsp-3.4.json"
    with pytest.raises(InputError, match='needs "kind": "mapping"'):
        load_mapping_file(migration)


def test_compare_answers_an_item_demanded_in_full_by_an_equivalent_group() -> None:
    toy = load_framework_file(TOY)
    rsp = builtin_framework("RSP-2.2")
    result = compare(toy, rsp, load_mapping_file(CROSSWALK))
    toy_only = [d.id for d in result.only_a]
    assert "TOY-1/SAFEGUARDS/security" not in toy_only  # equivalent to two RSP items together
    assert "TOY-1/SAFEGUARDS/red-team" not in toy_only  # RSP-2.2 asks more (stronger)
    assert "TOY-1/SAFEGUARDS/example" not in toy_only  # an example is never demanded
    assert toy_only == [
        "TOY-1/SAFEGUARDS/trusted",
        "TOY-1/SAFEGUARDS/extra",
        "TOY-1/O/model-report",
    ]
    assert result.both[0].relation is Relation.equivalent  # equivalents first
