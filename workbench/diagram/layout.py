"""Layered layout of a GSN argument: node boxes, wrapped text and edge routes, with no drawing.

The layout is pure Python so the PDF packet (reportlab) and the desktop diagram (Qt) draw the
same picture. Coordinates are in points, x growing to the right and y growing downward, with
the top-left corner of the drawing at (0, 0).

- Elements linked by SupportedBy sit one layer below their parent (longest-path layering, so
  a child is below every parent that supports it; a cycle is cut where it closes).
- Context, assumption and justification elements sit in their owner's layer, beside it and
  top-aligned with it, stacked in a column on its right (the 1st, 3rd, … context) and one on
  its left (2nd, 4th, …); they move with their owner.
- Each subtree is packed against its left neighbour layer by layer (a tidy-tree layout), so
  boxes never overlap, a parent is centred over its children and tree edges never cross.
  Children keep the author's order, except that a child shared with another parent is moved
  towards the side where that parent is, which removes most crossings of shared links.
- Text is word-wrapped to the node's shape with a caller-supplied ``measure`` function (the
  width of a string in the drawing font) so boxes fit what is drawn in them.

Example::

    layout = layout_case(doc.case, module="main")
    for node in layout.nodes:
        draw_shape(node.type, node.x, node.y, node.w, node.h, node.title, node.lines)
    for edge in layout.edges:
        draw_polyline(edge.points, hollow_arrow=edge.kind == "in_context_of")

The cost is about linear in the number of elements (the subtree packing merges contours
smaller-into-larger), so thousands of elements lay out in well under a second.
"""

from __future__ import annotations

import dataclasses
import math
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from workbench.domain import CONTEXTUAL, Element, ElementType, NotFoundError, SafetyCase
from workbench.domain.case import SHAPE

EdgeKind = Literal["supported_by", "in_context_of"]
Point = tuple[float, float]
#: The width of a string, in points, as it will be drawn.
Measure = Callable[[str], float]

ELLIPSIS = "…"
_SQRT2 = math.sqrt(2.0)


@dataclass(frozen=True, slots=True)
class LayoutOptions:
    """Sizes and spacing of a diagram, in points."""

    node_width: float = 170.0
    """Width of goals, strategies and away goals."""
    context_width: float = 140.0
    """Width of context elements; assumptions and justifications are ovals a little wider."""
    solution_diameter: float = 84.0
    """Smallest diameter of a solution circle (it grows to fit its text)."""
    font_size: float = 8.0
    line_height: float = 10.0
    padding: float = 6.0
    h_gap: float = 18.0
    """Horizontal space between neighbouring boxes in a layer."""
    v_gap: float = 44.0
    """Vertical space between layers (edges are routed through it)."""
    context_gap: float = 16.0
    """Horizontal space between an element and the contexts beside it."""
    context_stack_gap: float = 8.0
    """Vertical space between contexts stacked beside the same element."""
    strategy_slant: float = 10.0
    """Horizontal offset of the strategy parallelogram's top edge."""
    max_lines: int = 9
    """Text lines shown in a node before it is cut with an ellipsis."""
    measure: Measure | None = None
    """Width of a string in the drawing font; None estimates it from ``font_size``."""


DEFAULT_OPTIONS = LayoutOptions()


@dataclass(frozen=True, slots=True)
class NodeBox:
    """One element's box: the bounding rectangle of its GSN shape, and the text to draw in it.

    ``title`` is the element id (drawn first, in bold); ``lines`` is its text wrapped to the
    shape. ``band`` is the module name drawn in the band of an away goal. ``owner`` is the
    element a context element was placed beside (None for elements in the tree).
    """

    id: str
    type: ElementType
    x: float
    y: float
    w: float
    h: float
    title: str
    lines: tuple[str, ...]
    undeveloped: bool
    module: str
    layer: int
    band: str | None = None
    owner: str | None = None

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h


@dataclass(frozen=True, slots=True)
class EdgeRoute:
    """A link drawn as a polyline from ``src`` to ``dst`` (the arrow head is at the last point)."""

    src: str
    dst: str
    kind: EdgeKind
    points: tuple[Point, ...]


@dataclass(frozen=True)
class DiagramLayout:
    """A laid-out diagram: node boxes in layer order, edges, and the drawing's size."""

    nodes: tuple[NodeBox, ...]
    edges: tuple[EdgeRoute, ...]
    width: float
    height: float
    options: LayoutOptions = field(default=DEFAULT_OPTIONS, repr=False)
    tops: tuple[float, ...] = field(default=(), repr=False)
    """The top of each layer (every block in a layer is top-aligned with it)."""

    @cached_property
    def by_id(self) -> dict[str, NodeBox]:
        return {n.id: n for n in self.nodes}

    @cached_property
    def position(self) -> dict[str, int]:
        """Element id -> its place in ``nodes``."""
        return {n.id: i for i, n in enumerate(self.nodes)}

    @cached_property
    def layer_ranges(self) -> dict[int, range]:
        """Layer -> the places in ``nodes`` of its boxes (nodes are sorted by layer)."""
        starts: dict[int, int] = {}
        ends: dict[int, int] = {}
        for i, node in enumerate(self.nodes):
            starts.setdefault(node.layer, i)
            ends[node.layer] = i + 1
        return {layer: range(start, ends[layer]) for layer, start in starts.items()}

    @cached_property
    def layer_bottoms(self) -> dict[int, float]:
        """Layer -> the lowest bottom of its boxes."""
        bottoms: dict[int, float] = {}
        for node in self.nodes:
            bottom = node.y + node.h
            if bottom > bottoms.get(node.layer, -math.inf):
                bottoms[node.layer] = bottom
        return bottoms

    @cached_property
    def contexts_of(self) -> dict[str, tuple[str, ...]]:
        """Owner id -> the contexts placed beside it."""
        found: dict[str, list[str]] = {}
        for node in self.nodes:
            if node.owner is not None:
                found.setdefault(node.owner, []).append(node.id)
        return {owner: tuple(ids) for owner, ids in found.items()}

    @cached_property
    def incident(self) -> dict[str, tuple[int, ...]]:
        """Element id -> the places in ``edges`` of the links that start or end at it."""
        found: dict[str, list[int]] = {}
        for i, edge in enumerate(self.edges):
            found.setdefault(edge.src, []).append(i)
            if edge.dst != edge.src:
                found.setdefault(edge.dst, []).append(i)
        return {node: tuple(edges) for node, edges in found.items()}

    def warm(self) -> None:
        """Build every look-up now (on the thread that laid it out), not at the first edit."""
        _ = self.by_id, self.position, self.layer_ranges, self.layer_bottoms
        _ = self.contexts_of, self.incident

    def node(self, element_id: str) -> NodeBox:
        return self.by_id[element_id]

    @property
    def layers(self) -> int:
        return 1 + max((n.layer for n in self.nodes), default=-1)


# ---------------------------------------------------------------------------------------------
# Text


def estimate_width(text: str, font_size: float) -> float:
    """Approximate width of ``text`` in a proportional sans font (wide East Asian = 1 em)."""
    width = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in ("W", "F"):
            width += 1.0
        elif char in "il.,:;'|!":
            width += 0.3
        elif char.isupper() or char in "mwMW@%":
            width += 0.7
        else:
            width += 0.55
    return width * font_size


def wrap_text(text: str, width: float, measure: Measure) -> list[str]:
    """Greedy word wrap of ``text`` to ``width``; words longer than a line are broken.

    Widths are treated as additive (a line is as wide as its words and spaces), so each word
    is measured once.
    """
    space = measure(" ")
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        current: list[str] = []
        used = 0.0
        for word in paragraph.split():
            size = measure(word)
            if not current and size <= width:
                current, used = [word], size
                continue
            if current and used + space + size <= width:
                current.append(word)
                used += space + size
                continue
            if current:
                lines.append(" ".join(current))
            current, used = [], 0.0
            if size <= width:
                current, used = [word], size
                continue
            # A word wider than the line (a long id, a CJK sentence) is cut by characters.
            piece, piece_width = "", 0.0
            for char in word:
                char_width = measure(char)
                if piece and piece_width + char_width > width:
                    lines.append(piece)
                    piece, piece_width = "", 0.0
                piece += char
                piece_width += char_width
            current, used = ([piece], piece_width) if piece else ([], 0.0)
        lines.append(" ".join(current))
    while len(lines) > 1 and not lines[-1]:
        lines.pop()
    return lines


def _cut(lines: list[str], max_lines: int, width: float, measure: Measure) -> tuple[str, ...]:
    if len(lines) <= max_lines:
        return tuple(lines)
    kept = lines[:max_lines]
    last = kept[-1]
    while last and measure(last + ELLIPSIS) > width:
        last = last[:-1]
    kept[-1] = last.rstrip() + ELLIPSIS
    return tuple(kept)


@dataclass(frozen=True, slots=True)
class _Shape:
    w: float
    h: float
    lines: tuple[str, ...]


def shown_text(element: Element) -> str:
    """An element's text as its box shows it: a counter element's begins with what it
    challenges (``challenges G2``, ``challenges S1 -> G3``)."""
    if element.challenges is None:
        return element.text
    end = f" -> {element.challenges_link}" if element.challenges_link else ""
    return f"challenges {element.challenges}{end}\n{element.text}"


def _shape_of(element: Element, options: LayoutOptions, measure: Measure) -> _Shape:
    """Size of an element's shape so that its id line and wrapped text fit inside."""
    pad, lh = options.padding, options.line_height
    kind = SHAPE[element.type]
    text = shown_text(element)
    if kind == ElementType.solution:
        # The text block sits inside the circle: a square-ish block of side ~0.72 D.
        diameter = options.solution_diameter
        for _ in range(8):
            inner = diameter * 0.72
            wrapped = wrap_text(text, inner, measure)
            lines = _cut(wrapped, options.max_lines, inner, measure)
            needed = (len(lines) + 1) * lh / 0.72
            if needed <= diameter:
                break
            diameter = needed
        return _Shape(diameter, diameter, lines)
    if kind in (ElementType.assumption, ElementType.justification):
        # A rectangle of w/sqrt2 by h/sqrt2 fits inside an ellipse of w by h.
        w = options.context_width + 24
        inner = w / _SQRT2 - 2
        lines = _cut(wrap_text(text, inner, measure), options.max_lines, inner, measure)
        h = max((len(lines) + 1) * lh * _SQRT2, 40.0)
        return _Shape(w, h, lines)
    if kind == ElementType.context:
        w = options.context_width
        inner = w - 2 * pad - 4
    elif kind == ElementType.strategy:
        w = options.node_width
        inner = w - 2 * pad - 2 * options.strategy_slant
    else:  # goal, away goal
        w = options.node_width
        inner = w - 2 * pad
    lines = _cut(wrap_text(text, inner, measure), options.max_lines, inner, measure)
    h = 2 * pad + (len(lines) + 1) * lh
    if kind == ElementType.away_goal:
        h += lh + pad  # the module band
    return _Shape(w, h, lines)


# ---------------------------------------------------------------------------------------------
# Graph


def _select(case: SafetyCase, root: str | None, module: str | None) -> list[Element]:
    """The elements to draw, in document order."""
    elements = case.elements
    if module is not None:
        if module not in {m.id for m in case.modules}:
            raise NotFoundError(f"no module {module!r} in the safety case")
        elements = [e for e in elements if e.module == module]
    if root is None:
        return list(elements)
    allowed = {e.id: e for e in elements}
    if root not in allowed:
        where = f" in module {module!r}" if module is not None else ""
        raise NotFoundError(f"no element {root!r}{where} to lay out")
    reached = {root}
    stack = [root]
    while stack:
        for target in allowed[stack.pop()].links:
            if target in allowed and target not in reached:
                reached.add(target)
                stack.append(target)
    return [e for e in elements if e.id in reached]


def _owners(elements: Sequence[Element], chosen: set[str]) -> dict[str, str]:
    """Context element id -> the element it is drawn beside (its first arguing owner)."""
    types = {e.id: e.type for e in elements}
    owners: dict[str, str] = {}
    for e in elements:
        if e.type in CONTEXTUAL:
            continue
        for target in e.in_context_of:
            if target in chosen and types[target] in CONTEXTUAL and target not in owners:
                owners[target] = e.id
    return owners


def _depth_first(
    tree_ids: Sequence[str], children: dict[str, list[str]], has_parent: set[str]
) -> tuple[list[str], dict[str, int], set[tuple[str, str]]]:
    """Iterative DFS from the roots (then any unvisited node, to reach pure cycles).

    Returns the topological order (reverse post-order), the pre-order index of each node and
    the back edges that close cycles (ignored for layering).
    """
    state: dict[str, int] = {}  # 1 = on the stack, 2 = finished
    preorder: dict[str, int] = {}
    postorder: list[str] = []
    back: set[tuple[str, str]] = set()
    starts = [n for n in tree_ids if n not in has_parent] + list(tree_ids)
    for start in starts:
        if start in state:
            continue
        state[start] = 1
        preorder[start] = len(preorder)
        stack: list[tuple[str, int]] = [(start, 0)]
        while stack:
            node, index = stack[-1]
            kids = children[node]
            if index < len(kids):
                stack[-1] = (node, index + 1)
                child = kids[index]
                seen = state.get(child)
                if seen is None:
                    state[child] = 1
                    preorder[child] = len(preorder)
                    stack.append((child, 0))
                elif seen == 1:
                    back.add((node, child))
            else:
                state[node] = 2
                postorder.append(node)
                stack.pop()
    postorder.reverse()
    return postorder, preorder, back


class _Contour:
    """Left and right extent of a subtree per layer, stored with a lazy horizontal offset."""

    __slots__ = ("extent", "offset")

    def __init__(self, layer: int, left: float, right: float) -> None:
        self.extent: dict[int, list[float]] = {layer: [left, right]}
        self.offset = 0.0

    def shift_to_clear(self, other: _Contour, gap: float) -> float:
        """Smallest shift of ``other`` that puts it ``gap`` to the right of self on every layer."""
        small, large = (
            (other.extent, self.extent)
            if len(other.extent) <= len(self.extent)
            else (self.extent, other.extent)
        )
        shift = -math.inf
        for layer in small:
            if layer in large:
                mine, theirs = self.extent[layer], other.extent[layer]
                shift = max(shift, mine[1] + self.offset - (theirs[0] + other.offset) + gap)
        return 0.0 if shift == -math.inf else shift

    def absorb(self, other: _Contour, shift: float) -> _Contour:
        """Union with ``other`` moved right by ``shift``; returns the merged contour."""
        other.offset += shift
        big, small = (self, other) if len(self.extent) >= len(other.extent) else (other, self)
        delta = small.offset - big.offset
        for layer, (left, right) in small.extent.items():
            span = big.extent.get(layer)
            if span is None:
                big.extent[layer] = [left + delta, right + delta]
            else:
                span[0] = min(span[0], left + delta)
                span[1] = max(span[1], right + delta)
        return big


def layout_case(
    case: SafetyCase,
    *,
    root: str | None = None,
    module: str | None = None,
    options: LayoutOptions = DEFAULT_OPTIONS,
) -> DiagramLayout:
    """Lay out a safety case, one module of it, or the sub-tree under one element.

    ``module`` keeps only that module's elements (links to other modules are dropped: away
    goals stand for them); ``root`` keeps what can be reached from that element over
    SupportedBy and InContextOf links. Unknown ids raise NotFoundError. The result is
    deterministic: the same case gives the same coordinates.
    """
    measure = _memoised(options.measure or (lambda s: estimate_width(s, options.font_size)))
    elements = _select(case, root, module)
    chosen = {e.id for e in elements}
    by_id = {e.id: e for e in elements}
    owners = _owners(elements, chosen)
    tree_ids = [e.id for e in elements if e.id not in owners]
    beside: dict[str, list[str]] = {i: [] for i in tree_ids}
    for ctx, owner in owners.items():
        beside[owner].append(ctx)
    for owner in beside:  # keep the owner's link order
        order = {t: k for k, t in enumerate(by_id[owner].in_context_of)}
        beside[owner].sort(key=order.__getitem__)

    def placed(element_id: str) -> str:
        return owners.get(element_id, element_id)

    # SupportedBy between tree nodes (a link from a context element counts from its owner).
    children: dict[str, list[str]] = {i: [] for i in tree_ids}
    linked: set[tuple[str, str]] = set()
    has_parent: set[str] = set()
    for e in elements:
        src = placed(e.id)
        for target in e.supported_by:
            if target in chosen and target not in owners and target != src:
                if (src, target) not in linked:
                    linked.add((src, target))
                    children[src].append(target)
                has_parent.add(target)
    topo, preorder, back = _depth_first(tree_ids, children, has_parent)

    layer: dict[str, int] = dict.fromkeys(tree_ids, 0)
    parents: dict[str, list[str]] = {i: [] for i in tree_ids}
    for node in topo:
        for child in children[node]:
            if (node, child) in back:
                continue
            parents[child].append(node)
            layer[child] = max(layer[child], layer[node] + 1)

    # Spanning tree: each node hangs under its earliest parent on the layer just above.
    tree_parent: dict[str, str] = {}
    for node in tree_ids:
        above = [p for p in parents[node] if layer[p] == layer[node] - 1]
        if above:
            tree_parent[node] = min(above, key=preorder.__getitem__)
    tree_children: dict[str, list[str]] = {i: [] for i in tree_ids}
    for node in tree_ids:
        if node in tree_parent:
            tree_children[tree_parent[node]].append(node)
    for node, kids in tree_children.items():
        if len(kids) > 1:
            rank = {k: r for r, k in enumerate(children[node])}
            keys = {k: _kid_key(node, k, rank, parents, preorder) for k in kids}
            kids.sort(key=keys.__getitem__)
    forest = sorted((n for n in tree_ids if n not in tree_parent), key=preorder.__getitem__)

    shapes = {e.id: _shape_of(e, options, measure) for e in elements}
    # Each tree node's block: the node and its contexts, stacked in a column to its right
    # (1st, 3rd, … context) and one to its left (2nd, 4th, …), top-aligned with it.
    offsets: dict[str, float] = {}  # context id -> centre offset from its owner's centre
    drop: dict[str, float] = {}  # context id -> top offset from its owner's top
    block: dict[str, tuple[float, float]] = {}  # tree id -> (left, right) extent from centre
    block_height: dict[str, float] = {}
    for node in tree_ids:
        half = shapes[node].w / 2
        extent = {1: half, -1: half}
        tallest_here = shapes[node].h
        for side, column in ((1, beside[node][0::2]), (-1, beside[node][1::2])):
            if not column:
                continue
            y = 0.0
            for ctx in column:
                shape = shapes[ctx]
                offsets[ctx] = side * (half + options.context_gap + shape.w / 2)
                drop[ctx] = y
                y += shape.h + options.context_stack_gap
            tallest_here = max(tallest_here, y - options.context_stack_gap)
            extent[side] = half + options.context_gap + max(shapes[c].w for c in column)
        block[node] = (-extent[-1], extent[1])
        block_height[node] = tallest_here

    relative = _pack(forest, tree_children, layer, block, options.h_gap)
    centre: dict[str, float] = {}
    for top in forest:
        stack = [top]
        while stack:
            node = stack.pop()
            base = centre[tree_parent[node]] if node in tree_parent else 0.0
            centre[node] = base + relative[node]
            stack.extend(tree_children[node])
    for ctx, owner in owners.items():
        centre[ctx] = centre[owner] + offsets[ctx]

    # Vertical placement: layers stacked with their tallest block, blocks top-aligned.
    layer_of = {i: layer[placed(i)] for i in chosen}
    depth = 1 + max(layer.values(), default=-1)
    tallest = [0.0] * depth
    for node in tree_ids:
        tallest[layer[node]] = max(tallest[layer[node]], block_height[node])
    tops: list[float] = []
    y = 0.0
    for h in tallest:
        tops.append(y)
        y += h + options.v_gap
    height = y - options.v_gap if depth else 0.0
    height += max(0.0, options.v_gap / 2 - 2) if any(e.undeveloped for e in elements) else 0.0

    left_edge = min((centre[i] - shapes[i].w / 2 for i in chosen), default=0.0)
    nodes: list[NodeBox] = []
    for e in sorted(elements, key=lambda e: (layer_of[e.id], centre[e.id])):
        shape = shapes[e.id]
        nodes.append(
            NodeBox(
                id=e.id,
                type=e.type,
                x=centre[e.id] - shape.w / 2 - left_edge,
                y=tops[layer_of[e.id]] + drop.get(e.id, 0.0),
                w=shape.w,
                h=shape.h,
                title=e.id,
                lines=shape.lines,
                undeveloped=e.undeveloped,
                module=e.module,
                layer=layer_of[e.id],
                band=e.away_module if e.type == ElementType.away_goal else None,
                owner=owners.get(e.id),
            )
        )
    boxes = {n.id: n for n in nodes}
    edges = list(_route(elements, chosen, boxes, tops, options))
    width = max((n.right for n in nodes), default=0.0)
    return DiagramLayout(tuple(nodes), tuple(edges), width, height, options, tuple(tops))


def relabel(layout: DiagramLayout, elements: Iterable[Element]) -> DiagramLayout | None:
    """The same layout with these elements' text wrapped again, without laying it out anew.

    A box that keeps its size gets its new lines; a box that grows or shrinks in height only
    restacks the contexts beside its owner and re-routes the links that touch the boxes that
    moved, as long as no layer's tallest block changes (then every layer below would move).
    The result equals ``layout_case`` of the edited case. None when that shortcut does not
    hold: a box changes width, a layer's height changes, or an element is not drawn the same
    way any more (lay the case out again then).
    """
    options = layout.options
    measure = _memoised(options.measure or (lambda s: estimate_width(s, options.font_size)))
    by_id = layout.by_id
    replaced: dict[str, NodeBox] = {}
    regrown: set[str] = set()  # owners whose block must be stacked again
    for element in elements:
        node = by_id.get(element.id)
        if node is None:
            continue
        if node.type != element.type or node.undeveloped != element.undeveloped:
            return None
        shape = _shape_of(element, options, measure)
        if shape.w != node.w:
            return None
        if (shape.h, shape.lines) == (node.h, node.lines):
            continue
        replaced[node.id] = dataclasses.replace(node, h=shape.h, lines=shape.lines)
        if shape.h != node.h:
            regrown.add(node.owner or node.id)
    if not replaced:
        return layout
    if regrown and not _restack(layout, regrown, replaced):
        return None
    nodes = list(layout.nodes)
    position = layout.position
    for element_id, node in replaced.items():
        nodes[position[element_id]] = node
    edges = layout.edges
    if regrown:
        edges_list = list(edges)
        incident = layout.incident
        moved = {i for element_id in replaced for i in incident.get(element_id, ())}
        boxes = {**by_id, **replaced}
        for i in moved:
            edge = edges_list[i]
            points = _edge_points(boxes[edge.src], boxes[edge.dst], edge.kind, layout.tops, options)
            edges_list[i] = dataclasses.replace(edge, points=points)
        edges = tuple(edges_list)
    result = DiagramLayout(tuple(nodes), edges, layout.width, layout.height, options, layout.tops)
    # The look-ups carry over: the same ids at the same places, the same links.
    result.__dict__["position"] = position
    result.__dict__["by_id"] = {**by_id, **replaced}
    for name in ("layer_ranges", "layer_bottoms", "contexts_of", "incident"):
        if name in layout.__dict__:
            result.__dict__[name] = layout.__dict__[name]
    return result


def _restack(layout: DiagramLayout, owners: set[str], replaced: dict[str, NodeBox]) -> bool:
    """Stack the contexts beside each owner again with their new heights (into ``replaced``);
    False when a layer's tallest block changes, which would move every layer below it."""
    options = layout.options
    by_id = layout.by_id
    tops = layout.tops
    layers: set[int] = set()
    for owner_id in owners:
        owner = replaced.get(owner_id) or by_id[owner_id]
        if owner.layer >= len(tops):
            return False
        layers.add(owner.layer)
        columns: dict[bool, list[NodeBox]] = {True: [], False: []}
        for ctx_id in layout.contexts_of.get(owner_id, ()):
            ctx = replaced.get(ctx_id) or by_id[ctx_id]
            columns[ctx.cx >= owner.cx].append(ctx)
        for column in columns.values():
            y = owner.y
            for ctx in sorted(column, key=lambda c: c.y):
                if ctx.y != y:
                    replaced[ctx.id] = dataclasses.replace(ctx, y=y)
                y += ctx.h + options.context_stack_gap
    bottoms = layout.layer_bottoms
    lowest: dict[int, float] = {}  # layer -> the lowest new bottom among the boxes changed
    shrunk: set[int] = set()  # layers where a box that reached the bottom is shorter now
    for element_id, box in replaced.items():
        old = by_id[element_id]
        lowest[box.layer] = max(lowest.get(box.layer, box.bottom), box.bottom)
        if old.bottom == bottoms[old.layer] and box.bottom < old.bottom:
            shrunk.add(old.layer)
    nodes = layout.nodes
    for layer in layers:
        if lowest.get(layer, -math.inf) > bottoms[layer]:
            return False
        if layer in shrunk:  # another box may still reach as low: look at the whole layer
            span = layout.layer_ranges[layer]
            after = max((replaced.get(nodes[i].id) or nodes[i]).bottom for i in span)
            if after != bottoms[layer]:
                return False
    return True


def _memoised(measure: Measure) -> Measure:
    """The same measure, remembering widths (words repeat a lot across a case)."""
    widths: dict[str, float] = {}

    def cached(text: str) -> float:
        width = widths.get(text)
        if width is None:
            width = widths[text] = measure(text)
        return width

    return cached


def _kid_key(
    node: str,
    kid: str,
    link_rank: dict[str, int],
    parents: dict[str, list[str]],
    preorder: dict[str, int],
) -> tuple[int, int]:
    """Sort key: shared children go towards their other parents; otherwise author order."""
    others = [preorder[p] for p in parents[kid] if p != node]
    side = 0
    if others:
        mean = sum(others) / len(others)
        side = -1 if mean < preorder[node] else 1
    return side, link_rank[kid]


def _pack(
    forest: list[str],
    tree_children: dict[str, list[str]],
    layer: dict[str, int],
    block: dict[str, tuple[float, float]],
    gap: float,
) -> dict[str, float]:
    """Centre of each node relative to its tree parent (forest roots: absolute)."""
    relative: dict[str, float] = {}
    contour: dict[str, _Contour] = {}

    def place_row(row: list[str]) -> tuple[_Contour, list[float]]:
        merged = contour.pop(row[0])
        positions = [0.0]
        for kid in row[1:]:
            other = contour.pop(kid)
            shift = merged.shift_to_clear(other, gap)
            positions.append(shift)
            merged = merged.absorb(other, shift)
        return merged, positions

    # Post-order without recursion: a node is finished once all its children are.
    for top in forest:
        stack: list[tuple[str, bool]] = [(top, False)]
        while stack:
            node, expanded = stack.pop()
            kids = tree_children[node]
            if not expanded and kids:
                stack.append((node, True))
                stack.extend((k, False) for k in reversed(kids))
                continue
            left, right = block[node]
            if not kids:
                contour[node] = _Contour(layer[node], left, right)
                continue
            merged, positions = place_row(kids)
            middle = (positions[0] + positions[-1]) / 2
            for kid, pos in zip(kids, positions, strict=True):
                relative[kid] = pos - middle
            merged.offset -= middle
            merged.extent[layer[node]] = [left - merged.offset, right - merged.offset]
            contour[node] = merged
    if forest:
        _, positions = place_row(list(forest))
        for top, pos in zip(forest, positions, strict=True):
            relative[top] = pos
    return relative


def _route(
    elements: Iterable[Element],
    chosen: set[str],
    boxes: dict[str, NodeBox],
    tops: list[float],
    options: LayoutOptions,
) -> Iterable[EdgeRoute]:
    """Every link between drawn elements, in element and link order."""
    for e in elements:
        src = boxes[e.id]
        for target in e.supported_by:
            if target in chosen:
                points = _edge_points(src, boxes[target], "supported_by", tops, options)
                yield EdgeRoute(e.id, target, "supported_by", points)
        for target in e.in_context_of:
            if target in chosen:
                points = _edge_points(src, boxes[target], "in_context_of", tops, options)
                yield EdgeRoute(e.id, target, "in_context_of", points)


def _edge_points(
    src: NodeBox,
    dst: NodeBox,
    kind: EdgeKind,
    tops: Sequence[float],
    options: LayoutOptions,
) -> tuple[Point, ...]:
    """A link's polyline: an orthogonal bus between adjacent layers, straight lines otherwise,
    straight across (or with one elbow) to a context beside its owner."""
    if kind == "in_context_of":
        if dst.owner == src.id:
            return _beside(src, dst, options.context_gap)
        return _side_to_side(src, dst)
    if dst.layer == src.layer + 1:
        bus = tops[dst.layer] - options.v_gap / 2
        if abs(src.cx - dst.cx) < 0.5:
            return ((src.cx, src.bottom), (dst.cx, dst.y))
        return ((src.cx, src.bottom), (src.cx, bus), (dst.cx, bus), (dst.cx, dst.y))
    if dst.layer > src.layer:
        return ((src.cx, src.bottom), (dst.cx, dst.y))
    # A link that closes a cycle or points back up: side to side.
    return _side_to_side(src, dst)


def _beside(owner: NodeBox, ctx: NodeBox, gap: float) -> tuple[Point, ...]:
    """Owner to a context in its column: straight across, or with one elbow in the gap."""
    right = ctx.cx >= owner.cx
    start_x = owner.right if right else owner.x
    end_x = ctx.x if right else ctx.right
    low, high = owner.y + 4, owner.bottom - 4
    if low <= ctx.cy <= high:
        return ((start_x, ctx.cy), (end_x, ctx.cy))
    start_y = min(max(ctx.cy, low), high) if low <= high else owner.cy
    elbow = start_x + (gap / 2 if right else -gap / 2)
    return ((start_x, start_y), (elbow, start_y), (elbow, ctx.cy), (end_x, ctx.cy))


def _side_to_side(src: NodeBox, dst: NodeBox) -> tuple[Point, ...]:
    if dst.cx >= src.cx:
        return ((src.right, src.cy), (dst.x, dst.cy))
    return ((src.x, src.cy), (dst.right, dst.cy))
