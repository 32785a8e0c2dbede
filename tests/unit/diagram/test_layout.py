"""GSN layout: boxes never overlap, children sit below parents, context beside its owner."""

from __future__ import annotations

import random

import pytest

from workbench.diagram.layout import (
    DiagramLayout,
    LayoutOptions,
    NodeBox,
    estimate_width,
    layout_case,
    wrap_text,
)
from workbench.domain import CONTEXTUAL, Element, ElementType, NotFoundError, SafetyCase

WORDS = [
    "model",
    "threshold",
    "uplift",
    "evaluation",
    "safeguard",
    "monitoring",
    "red-team",
    "classifier",
    "weights",
]


def random_case(size: int, seed: int, *, shared: int = 0) -> SafetyCase:
    """A tree-shaped case of about ``size`` elements; ``shared`` extra links make it a DAG."""
    rng = random.Random(seed)
    elements: dict[str, dict[str, object]] = {
        "G0": {"id": "G0", "type": "goal", "text": "Top claim", "sb": [], "ic": []}
    }
    arguing = ["G0"]
    kinds = ["goal", "strategy", "solution", "context", "assumption", "justification"]
    while len(elements) < size:
        parent = rng.choice(arguing[-60:])
        kind = rng.choice(kinds)
        eid = f"E{len(elements)}"
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 24)))
        elements[eid] = {"id": eid, "type": kind, "text": text, "sb": [], "ic": []}
        link = "ic" if ElementType(kind) in CONTEXTUAL else "sb"
        elements[parent][link].append(eid)  # type: ignore[attr-defined]
        if kind in ("goal", "strategy"):
            arguing.append(eid)
    solutions = [e for e, d in elements.items() if d["type"] == "solution"]
    for _ in range(shared):
        parent, child = rng.choice(arguing), rng.choice(solutions)
        if child not in elements[parent]["sb"]:  # type: ignore[operator]
            elements[parent]["sb"].append(child)  # type: ignore[attr-defined]
    return SafetyCase(
        elements=[
            Element(
                id=str(d["id"]),
                type=ElementType(str(d["type"])),
                text=str(d["text"]),
                supported_by=list(d["sb"]),  # type: ignore[call-overload]
                in_context_of=list(d["ic"]),  # type: ignore[call-overload]
            )
            for d in elements.values()
        ]
    )


def overlapping_pairs(layout: DiagramLayout) -> list[tuple[str, str]]:
    """Pairs of boxes whose rectangles intersect (sweep over x)."""
    boxes = sorted(layout.nodes, key=lambda n: n.x)
    active: list[NodeBox] = []
    pairs = []
    for box in boxes:
        active = [a for a in active if a.right > box.x + 1e-6]
        for other in active:
            if other.y < box.bottom - 1e-6 and box.y < other.bottom - 1e-6:
                pairs.append((other.id, box.id))
        active.append(box)
    return pairs


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_layout_boxes_never_overlap(seed: int) -> None:
    layout = layout_case(random_case(300, seed, shared=15))
    assert len(layout.nodes) == 300
    assert overlapping_pairs(layout) == []


def test_layout_supported_children_lie_below_every_parent() -> None:
    case = random_case(300, 4, shared=20)
    layout = layout_case(case)
    for element in case.elements:
        parent = layout.node(element.id)
        for child_id in element.supported_by:
            child = layout.node(child_id)
            assert child.y >= parent.bottom, (element.id, child_id)


def test_layout_tree_children_sit_on_the_next_layer() -> None:
    case = random_case(200, 5)
    layout = layout_case(case)
    for element in case.elements:
        for child_id in element.supported_by:
            assert layout.node(child_id).layer == layout.node(element.id).layer + 1


def test_layout_context_sits_beside_its_owner_in_the_same_layer() -> None:
    case = random_case(200, 6)
    layout = layout_case(case)
    checked = 0
    for element in case.elements:
        owner = layout.node(element.id)
        for ctx_id in element.in_context_of:
            ctx = layout.node(ctx_id)
            assert ctx.owner == element.id
            assert ctx.layer == owner.layer
            assert ctx.y >= owner.y  # stacked downward from the owner's top
            assert ctx.x >= owner.right or ctx.right <= owner.x  # to one side
            gap = ctx.x - owner.right if ctx.x >= owner.right else owner.x - ctx.right
            assert gap == pytest.approx(LayoutOptions().context_gap)
            checked += 1
    assert checked > 10


def test_layout_parent_is_centred_over_its_only_child() -> None:
    case = SafetyCase(
        elements=[
            Element(id="G1", type=ElementType.goal, text="Top", supported_by=["S1"]),
            Element(id="S1", type=ElementType.strategy, text="Split", supported_by=["Sn1"]),
            Element(id="Sn1", type=ElementType.solution, text="Report"),
        ]
    )
    layout = layout_case(case)
    assert layout.node("G1").cx == pytest.approx(layout.node("S1").cx)
    assert layout.node("S1").cx == pytest.approx(layout.node("Sn1").cx)


def test_layout_keeps_author_order_of_children() -> None:
    case = SafetyCase(
        elements=[
            Element(id="G1", type=ElementType.goal, text="Top", supported_by=["G3", "G2", "G4"]),
            Element(id="G2", type=ElementType.goal, text="b", undeveloped=True),
            Element(id="G3", type=ElementType.goal, text="a", undeveloped=True),
            Element(id="G4", type=ElementType.goal, text="c", undeveloped=True),
        ]
    )
    layout = layout_case(case)
    xs = [layout.node(i).x for i in ("G3", "G2", "G4")]
    assert xs == sorted(xs)


def test_layout_moves_a_shared_child_towards_its_other_parent() -> None:
    # Sn9 is supported by G2 (left) and G3 (right); under G3 it should come first.
    case = SafetyCase(
        elements=[
            Element(id="G1", type=ElementType.goal, text="Top", supported_by=["G2", "G3"]),
            Element(id="G2", type=ElementType.goal, text="Left", supported_by=["Sn1", "Sn9"]),
            Element(id="G3", type=ElementType.goal, text="Right", supported_by=["Sn2", "Sn9"]),
            Element(id="Sn1", type=ElementType.solution, text="a"),
            Element(id="Sn2", type=ElementType.solution, text="b"),
            Element(id="Sn9", type=ElementType.solution, text="shared"),
        ]
    )
    layout = layout_case(case)
    # Sn9 hangs under G2 (its first parent) and goes to G2's right, towards G3.
    assert layout.node("Sn1").x < layout.node("Sn9").x < layout.node("Sn2").x


def test_layout_is_deterministic() -> None:
    case = random_case(250, 7, shared=10)
    first, second = layout_case(case), layout_case(case)
    assert first.nodes == second.nodes
    assert first.edges == second.edges


def test_layout_survives_a_supported_by_cycle() -> None:
    case = SafetyCase(
        elements=[
            Element(id="G1", type=ElementType.goal, text="a", supported_by=["G2"]),
            Element(id="G2", type=ElementType.goal, text="b", supported_by=["G3"]),
            Element(id="G3", type=ElementType.goal, text="c", supported_by=["G1"]),
        ]
    )
    layout = layout_case(case)
    assert {n.id for n in layout.nodes} == {"G1", "G2", "G3"}
    assert len(layout.edges) == 3
    assert overlapping_pairs(layout) == []


def test_layout_of_one_subtree_keeps_only_what_the_root_reaches() -> None:
    case = random_case(120, 8)
    root = next(e for e in case.elements if e.type == ElementType.strategy and e.supported_by)
    layout = layout_case(case, root=root.id)
    reached = {root.id}
    stack = [root.id]
    while stack:
        for target in case.by_id[stack.pop()].links:
            if target not in reached:
                reached.add(target)
                stack.append(target)
    assert {n.id for n in layout.nodes} == reached


def test_layout_of_a_module_drops_links_into_other_modules() -> None:
    case = SafetyCase.model_validate(
        {
            "modules": [{"id": "main"}, {"id": "sec"}],
            "elements": [
                {"id": "G1", "type": "goal", "text": "Top", "supported_by": ["AG1", "G9"]},
                {"id": "AG1", "type": "away_goal", "text": "Security", "away_module": "sec"},
                {"id": "G9", "type": "goal", "text": "Weights safe", "module": "sec"},
            ],
        }
    )
    layout = layout_case(case, module="main")
    assert [n.id for n in layout.nodes] == ["G1", "AG1"]
    assert [(e.src, e.dst) for e in layout.edges] == [("G1", "AG1")]
    assert layout.node("AG1").band == "sec"


def test_layout_unknown_root_or_module_is_not_found() -> None:
    case = random_case(10, 9)
    with pytest.raises(NotFoundError, match="no element 'nope'"):
        layout_case(case, root="nope")
    with pytest.raises(NotFoundError, match="no module 'nope'"):
        layout_case(case, module="nope")


def test_layout_edges_start_and_end_on_their_boxes() -> None:
    case = random_case(150, 10)
    layout = layout_case(case)
    for edge in layout.edges:
        src, dst = layout.node(edge.src), layout.node(edge.dst)
        (x0, y0), (x1, y1) = edge.points[0], edge.points[-1]
        assert src.x - 1e-6 <= x0 <= src.right + 1e-6 and src.y - 1e-6 <= y0 <= src.bottom + 1e-6
        assert dst.x - 1e-6 <= x1 <= dst.right + 1e-6 and dst.y - 1e-6 <= y1 <= dst.bottom + 1e-6


def test_layout_wraps_text_to_fit_the_node() -> None:
    options = LayoutOptions()
    case = random_case(150, 11)
    layout = layout_case(case, options=options)

    def measure(text: str) -> float:
        return estimate_width(text, options.font_size)

    for node in layout.nodes:
        if node.type in (ElementType.goal, ElementType.away_goal):
            assert all(measure(line) <= node.w - 2 * options.padding + 1e-6 for line in node.lines)
        assert (len(node.lines) + 1) * options.line_height <= node.h


def test_wrap_text_breaks_a_word_longer_than_the_line() -> None:
    def measure(text: str) -> float:
        return float(len(text))

    assert wrap_text("ab cdefghij k", 4, measure) == ["ab", "cdef", "ghij", "k"]


def test_layout_stays_fast_and_clean_for_thousands_of_elements() -> None:
    layout = layout_case(random_case(4000, 12, shared=100))
    assert len(layout.nodes) == 4000
    assert overlapping_pairs(layout) == []
