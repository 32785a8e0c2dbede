"""A text edit re-wraps its box without laying the case out again, and gets the same picture."""

from __future__ import annotations

import random

import pytest

from tests.unit.diagram.test_layout import WORDS, random_case
from workbench.diagram.layout import DiagramLayout, layout_case, relabel
from workbench.domain import CONTEXTUAL, Element, ElementType, SafetyCase


def rounded(layout: DiagramLayout) -> tuple[object, ...]:
    """The layout's geometry and text, rounded past float noise."""

    def r(value: float) -> float:
        return round(value, 6)

    nodes = tuple(
        (n.id, r(n.x), r(n.y), r(n.w), r(n.h), n.lines, n.layer, n.owner) for n in layout.nodes
    )
    edges = tuple(
        (e.src, e.dst, e.kind, tuple((r(x), r(y)) for x, y in e.points)) for e in layout.edges
    )
    return nodes, edges, r(layout.width), r(layout.height)


def edited(case: SafetyCase, changes: dict[str, str]) -> SafetyCase:
    return SafetyCase(
        elements=[
            e.model_copy(update={"text": changes[e.id]}) if e.id in changes else e
            for e in case.elements
        ]
    )


def context_case(
    context_texts: list[str], owner_text: str = "Top claim", tall_words: int = 60
) -> SafetyCase:
    """A goal with contexts stacked beside it, over one sub-goal in the next layer."""
    contexts = [
        Element(id=f"C{i}", type=ElementType.context, text=t) for i, t in enumerate(context_texts)
    ]
    top = Element(
        id="G1",
        type=ElementType.goal,
        text=owner_text,
        supported_by=["G2"],
        in_context_of=[c.id for c in contexts],
    )
    tall = Element(
        id="G9", type=ElementType.goal, text=" ".join(["padding"] * tall_words), supported_by=["G3"]
    )
    below = Element(id="G2", type=ElementType.goal, text="Sub-claim")
    other = Element(id="G3", type=ElementType.goal, text="Other sub-claim")
    return SafetyCase(elements=[top, tall, *contexts, below, other])


def test_relabel_same_size_keeps_every_box_and_link() -> None:
    case = random_case(200, seed=5)
    layout = layout_case(case)
    target = next(e for e in case.elements if e.type == ElementType.goal and e.id != "G0")
    new_text = target.text.replace("model", "madel") if "model" in target.text else target.text
    result = relabel(layout, [edited(case, {target.id: new_text}).by_id[target.id]])
    assert result is not None
    assert result.edges is layout.edges
    assert rounded(result) == rounded(layout_case(edited(case, {target.id: new_text})))


def test_relabel_restacks_the_contexts_below_a_context_that_grows() -> None:
    case = context_case(["short", "also short", "third", "fourth"])
    layout = layout_case(case)
    grown = edited(case, {"C0": " ".join(["much longer context text"] * 5)})
    result = relabel(layout, [grown.by_id["C0"]])
    assert result is not None, "the tall goal beside keeps the layer's height"
    assert result.by_id["C0"].h > layout.by_id["C0"].h
    assert result.by_id["C2"].y > layout.by_id["C2"].y  # the same column, moved down
    assert result.by_id["C1"].y == layout.by_id["C1"].y  # the other column stays
    assert rounded(result) == rounded(layout_case(grown))


def test_relabel_gives_up_when_a_layer_gets_taller() -> None:
    case = context_case(["short"], tall_words=8)
    layout = layout_case(case)
    huge = " ".join(["a very long context text indeed"] * 40)
    assert relabel(layout, [edited(case, {"C0": huge}).by_id["C0"]]) is None


def test_relabel_gives_up_when_a_layer_gets_shorter() -> None:
    case = context_case(["short"])
    layout = layout_case(case)
    assert relabel(layout, [edited(case, {"G9": "short now"}).by_id["G9"]]) is None


def test_relabel_gives_up_when_a_box_changes_width() -> None:
    case = SafetyCase(
        elements=[
            Element(id="G1", type=ElementType.goal, text="Claim", supported_by=["Sn1"]),
            Element(id="Sn1", type=ElementType.solution, text="Eval"),
        ]
    )
    layout = layout_case(case)
    long = " ".join(["evaluation report with many words"] * 6)
    assert relabel(layout, [edited(case, {"Sn1": long}).by_id["Sn1"]]) is None


@pytest.mark.parametrize("seed", range(12))
def test_relabel_equals_a_fresh_layout_after_random_text_edits(seed: int) -> None:
    """Whenever the shortcut answers, its picture is the one a fresh layout draws."""
    rng = random.Random(seed)
    case = random_case(300, seed=seed, shared=10)
    layout = layout_case(case)
    answered = 0
    for _ in range(25):
        picks = rng.sample(case.elements, rng.randint(1, 3))
        changes = {
            e.id: " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 30))) for e in picks
        }
        new_case = edited(case, changes)
        result = relabel(layout, [new_case.by_id[i] for i in changes])
        fresh = layout_case(new_case)
        if result is not None:
            answered += 1
            assert rounded(result) == rounded(fresh)
            assert result.by_id == {n.id: n for n in result.nodes}
            layout = result
        else:
            layout = fresh
        case = new_case
    assert answered >= 10  # most edits take the shortcut (contexts and goals in busy layers)


def test_relabel_of_a_context_owned_edge_elbows_follow_the_owner() -> None:
    """A goal growing taller re-routes the links to its contexts beside it."""
    case = context_case(["one", "two", "three"], owner_text="Top")
    layout = layout_case(case)
    grown = edited(case, {"G1": " ".join(["a taller top claim"] * 8)})
    result = relabel(layout, [grown.by_id["G1"]])
    assert result is not None
    assert any(
        a.points != b.points
        for a, b in zip(layout.edges, result.edges, strict=True)
        if a.kind == "in_context_of"
    )
    assert rounded(result) == rounded(layout_case(grown))
    assert all(e.type in CONTEXTUAL for e in grown.elements if e.id.startswith("C"))
