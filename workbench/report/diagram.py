"""GSN diagrams in the packet: vector drawings of laid-out cases and how a case is split into pages.

Shapes follow the GSN Community Standard: goal rectangle, strategy parallelogram, solution
circle, context rounded rectangle, assumption and justification ovals marked A and J, an
undeveloped diamond under the element, and an away goal with its module band. SupportedBy
links end in a filled arrow head, InContextOf links in a hollow one.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from workbench.diagram import palette
from workbench.diagram.layout import DiagramLayout, LayoutOptions, NodeBox, layout_case
from workbench.domain import CONTEXTUAL, COUNTER, ElementType, SafetyCase
from workbench.domain.case import SHAPE
from workbench.report.fonts import SANS, SANS_BOLD, draw_text, text_width
from workbench.report.styles import INK, LINE, MUTED, RED

FONT_SIZE = 8.0

FILL = {kind: colors.HexColor(hex_) for kind, hex_ in palette.ELEMENT_FILL.items()}
COUNTER_LINE = colors.HexColor(palette.COUNTER_LINE)
MARK = {ElementType.assumption: "A", ElementType.justification: "J"}

#: Smallest scale at which a diagram is still drawn (below it the branch is split further).
MIN_SCALE = 0.5
#: A branch with more elements than this is split into its sub-branches, never drawn whole.
BRANCH_LIMIT = 140
#: At most this many diagrams per packet; further branches appear in the outline only.
MAX_DIAGRAMS = 40


@lru_cache(maxsize=65536)
def _measure(text: str) -> float:
    """Width of a word in the diagram font (remembered: diagrams are laid out several times)."""
    return text_width(text, FONT_SIZE)


#: Node widths tried for each diagram, widest first: a narrower node makes a wide branch fit
#: at a larger scale, at the cost of taller boxes.
NODE_WIDTHS = (170.0, 140.0, 115.0)


@cache
def layout_options(node_width: float = NODE_WIDTHS[0]) -> LayoutOptions:
    """Layout sizes matching the packet's drawing font."""
    return LayoutOptions(
        node_width=node_width,
        context_width=round(node_width * 0.82),
        font_size=FONT_SIZE,
        line_height=10.0,
        measure=_measure,
    )


def _scale(layout: DiagramLayout, width: float, height: float) -> float:
    if not layout.nodes:
        return 0.0
    return min(1.0, width / max(layout.width, 1.0), height / (max(layout.height, 1.0) + 14.0))


def best_layout(
    case: SafetyCase, width: float, height: float, *, root: str | None, module: str | None
) -> DiagramLayout:
    """The layout, over the node widths tried, that is drawn at the largest scale."""
    best: DiagramLayout | None = None
    best_scale = -1.0
    for node_width in NODE_WIDTHS:
        layout = layout_case(case, root=root, module=module, options=layout_options(node_width))
        scale = _scale(layout, width, height)
        if scale > best_scale + 0.02:
            best, best_scale = layout, scale
        if scale >= 1.0:
            break
    assert best is not None
    return best


class GsnDiagram(Flowable):
    """A laid-out diagram scaled down (never up) to fit the frame it is drawn in.

    It takes at most ``max_width`` x ``max_height``; where less room is left on the page it
    shrinks a little to stay with its heading, or moves to the next page when it would shrink
    by more than a fifth.
    """

    def __init__(
        self,
        layout: DiagramLayout,
        max_width: float,
        max_height: float,
        *,
        flagged: Iterable[str] = (),
        continued: Iterable[str] = (),
    ) -> None:
        super().__init__()
        self.layout = layout
        self.max_width = max_width
        self.max_height = max_height
        self.flagged = frozenset(flagged)
        self.continued = frozenset(continued)
        self.scale = self._scale_for(max_width, max_height)
        self.width = self.layout_width * self.scale
        self.height = self.layout_height * self.scale

    @property
    def layout_width(self) -> float:
        return max(self.layout.width, 1.0)

    @property
    def layout_height(self) -> float:
        # Room below the last layer for undeveloped diamonds and "continued" labels.
        return max(self.layout.height, 1.0) + 14.0

    def _scale_for(self, width: float, height: float) -> float:
        return min(1.0, width / self.layout_width, height / self.layout_height)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        best = self._scale_for(self.max_width, self.max_height)
        here = self._scale_for(
            min(self.max_width, available_width), min(self.max_height, available_height)
        )
        self.scale = here if here >= 0.8 * best else best
        self.width = self.layout_width * self.scale
        self.height = self.layout_height * self.scale
        return self.width, self.height

    def draw(self) -> None:
        canvas: Canvas = self.canv
        canvas.saveState()
        # Layout y grows downward: after this transform a layout point (x, y) is at (x, -y).
        canvas.translate(0, self.height)
        canvas.scale(self.scale, self.scale)
        canvas.setLineJoin(1)
        for edge in self.layout.edges:
            _draw_edge(canvas, edge.points, hollow=edge.kind == "in_context_of")
        for node in self.layout.nodes:
            _draw_node(canvas, node, flagged=node.id in self.flagged)
            if node.id in self.continued:
                canvas.setFillColor(MUTED)
                draw_text(canvas, node.cx, -(node.bottom + 9), "continued ▾", 6.5, align="centre")
        canvas.restoreState()


def _draw_edge(canvas: Canvas, points: tuple[tuple[float, float], ...], *, hollow: bool) -> None:
    canvas.setStrokeColor(LINE)
    canvas.setLineWidth(0.7)
    path = canvas.beginPath()
    path.moveTo(points[0][0], -points[0][1])
    for x, y in points[1:]:
        path.lineTo(x, -y)
    canvas.drawPath(path, stroke=1, fill=0)
    (x0, y0), (x1, y1) = points[-2], points[-1]
    dx, dy = x1 - x0, y1 - y0
    length = max((dx * dx + dy * dy) ** 0.5, 1e-6)
    ux, uy = dx / length, dy / length
    size, half = 7.0, 3.2
    bx, by = x1 - ux * size, y1 - uy * size
    head = canvas.beginPath()
    head.moveTo(x1, -y1)
    head.lineTo(bx - uy * half, -(by + ux * half))
    head.lineTo(bx + uy * half, -(by - ux * half))
    head.close()
    canvas.setFillColor(colors.white if hollow else LINE)
    canvas.drawPath(head, stroke=1, fill=1)


def _draw_node(canvas: Canvas, node: NodeBox, *, flagged: bool) -> None:
    canvas.setFillColor(FILL[node.type])
    canvas.setStrokeColor(RED if flagged else LINE)
    canvas.setLineWidth(1.6 if flagged else 0.8)
    counter = node.type in COUNTER
    if counter:  # a counter-argument: the goal's or the solution's shape, red and dashed
        canvas.setStrokeColor(COUNTER_LINE)
        canvas.setLineWidth(1.2)
        canvas.setDash(4, 2)
    x, top, w, h = node.x, -node.y, node.w, node.h
    bottom = top - h
    kind = SHAPE[node.type]
    if kind == ElementType.strategy:
        slant = 10.0
        path = canvas.beginPath()
        path.moveTo(x + slant, top)
        path.lineTo(x + w, top)
        path.lineTo(x + w - slant, bottom)
        path.lineTo(x, bottom)
        path.close()
        canvas.drawPath(path, stroke=1, fill=1)
    elif kind == ElementType.solution:
        canvas.circle(x + w / 2, top - h / 2, min(w, h) / 2, stroke=1, fill=1)
    elif kind == ElementType.context:
        canvas.roundRect(x, bottom, w, h, radius=min(9.0, h / 3), stroke=1, fill=1)
    elif kind in MARK:
        canvas.ellipse(x, bottom, x + w, top, stroke=1, fill=1)
        canvas.setFillColor(INK)
        draw_text(canvas, x + w - 5, bottom + 1, MARK[kind], 9, SANS_BOLD, align="centre")
    else:
        canvas.rect(x, bottom, w, h, stroke=1, fill=1)
    if counter:
        canvas.setDash()
        canvas.setStrokeColor(LINE)
        canvas.setLineWidth(0.8)
    text_bottom = bottom
    if kind == ElementType.away_goal:
        band = 10.0 + 6.0
        canvas.line(x, bottom + band, x + w, bottom + band)
        # The module symbol: a small folder tab, then the module name.
        canvas.setFillColor(colors.white)
        canvas.rect(x + 5, bottom + 4, 12, 7, stroke=1, fill=1)
        canvas.rect(x + 5, bottom + 11, 5, 2.5, stroke=1, fill=1)
        canvas.setFillColor(INK)
        draw_text(canvas, x + 21, bottom + 5, node.band or "", FONT_SIZE - 1)
        text_bottom = bottom + band
    if node.undeveloped:
        cx = x + w / 2
        canvas.setFillColor(colors.white)
        canvas.setStrokeColor(LINE)
        canvas.setLineWidth(0.8)
        diamond = canvas.beginPath()
        diamond.moveTo(cx, bottom)
        diamond.lineTo(cx + 6, bottom - 6)
        diamond.lineTo(cx, bottom - 12)
        diamond.lineTo(cx - 6, bottom - 6)
        diamond.close()
        canvas.drawPath(diamond, stroke=1, fill=1)
    _draw_lines(canvas, node, top, text_bottom)


def _draw_lines(canvas: Canvas, node: NodeBox, top: float, bottom: float) -> None:
    line_height = 10.0
    count = len(node.lines) + 1
    middle = (top + bottom) / 2
    first_top = middle + count * line_height / 2
    cx = node.x + node.w / 2
    canvas.setFillColor(INK)
    baseline = first_top - line_height + (line_height - FONT_SIZE) / 2 + 1.2
    draw_text(canvas, cx, baseline, node.title, FONT_SIZE, SANS_BOLD, align="centre")
    for line in node.lines:
        baseline -= line_height
        draw_text(canvas, cx, baseline, line, FONT_SIZE, SANS, align="centre")


# ---------------------------------------------------------------------------------------------
# Splitting a case into diagrams


@dataclass(frozen=True)
class DiagramPage:
    """One diagram of the argument: what it shows and its layout (None: outline only)."""

    title: str
    layout: DiagramLayout | None
    continued: tuple[str, ...] = ()
    note: str = ""


def _tree_sizes(case: SafetyCase, ids: set[str]) -> dict[str, int]:
    """Elements under each element (shared sub-trees counted once per parent), cycle-safe."""
    by_id = case.by_id
    size: dict[str, int] = {}
    for start in ids:
        if start in size:
            continue
        stack: list[tuple[str, bool]] = [(start, False)]
        active: set[str] = set()
        while stack:
            node, done = stack.pop()
            element = by_id[node]
            if done:
                active.discard(node)
                total = 1 + sum(1 for c in element.in_context_of if c in ids)
                total += sum(size.get(c, 0) for c in element.supported_by if c in ids)
                size[node] = total
                continue
            if node in size or node in active:
                continue
            active.add(node)
            stack.append((node, True))
            stack.extend(
                (c, False)
                for c in element.supported_by
                if c in ids and c not in size and c not in active
            )
    return size


def _subcase(case: SafetyCase, keep: list[str]) -> SafetyCase:
    """Just the ``keep`` elements, with links to anything else dropped."""
    kept = set(keep)
    by_id = case.by_id
    elements = [
        by_id[i].model_copy(
            update={
                "supported_by": [x for x in by_id[i].supported_by if x in kept],
                "in_context_of": [x for x in by_id[i].in_context_of if x in kept],
            }
        )
        for i in keep
    ]
    return SafetyCase(modules=case.modules, elements=elements)


def _fits(layout: DiagramLayout, width: float, height: float) -> bool:
    return _scale(layout, width, height) >= MIN_SCALE


def plan_diagrams(case: SafetyCase, width: float, height: float) -> list[DiagramPage]:
    """The diagrams that show a case legibly on pages of ``width`` x ``height`` points.

    A module that fits is drawn whole. Otherwise its top goal is drawn with as many levels
    below it as fit, and each element on the last level that has more below it is marked
    "continued" and drawn the same way on a page of its own; past ``MAX_DIAGRAMS`` the
    remaining branches are named and left to the outline.
    """
    pages: list[DiagramPage] = []
    outline_only: list[str] = []
    for module in case.modules:
        ids = [e.id for e in case.elements if e.module == module.id]
        if not ids:
            continue
        name = module.title or module.id
        idset = set(ids)
        if len(ids) <= BRANCH_LIMIT:
            whole = best_layout(case, width, height, root=None, module=module.id)
            if _fits(whole, width, height):
                pages.append(DiagramPage(f"Module {name}", whole))
                continue
        sizes = _tree_sizes(case, idset)
        by_id = case.by_id
        roots = [
            i
            for i in ids
            if not any(p in idset for p in case.parents[i]) and by_id[i].type not in CONTEXTUAL
        ]
        queue = deque(roots)
        seen = set(roots)
        while queue:
            node = queue.popleft()
            element = by_id[node]
            if len(pages) >= MAX_DIAGRAMS:
                outline_only.append(node)
                continue
            if sizes.get(node, 1) <= BRANCH_LIMIT:
                branch = best_layout(case, width, height, root=node, module=module.id)
                if _fits(branch, width, height):
                    pages.append(DiagramPage(_branch_title(node, element.text), branch))
                    continue
            levels = _levels_below(case, node, idset)
            # Find the deepest overview that fits with the narrowest nodes, then pick the
            # node width that draws it largest.
            narrowest = layout_options(NODE_WIDTHS[-1])
            best: tuple[SafetyCase, list[str]] | None = None
            for depth in range(1, len(levels)):
                shown = [i for level in levels[: depth + 1] for i in level]
                keep = shown + [c for i in shown for c in by_id[i].in_context_of if c in idset]
                sub = _subcase(case, keep)
                if not _fits(layout_case(sub, root=node, options=narrowest), width, height):
                    break
                best = sub, levels[depth]
            if best is None:  # even the direct children do not fit: list them instead
                outline_only.append(node)
                continue
            sub, frontier = best
            overview = best_layout(sub, width, height, root=node, module=None)
            continued = [c for c in frontier if any(x in idset for x in by_id[c].supported_by)]
            pages.append(
                DiagramPage(
                    _branch_title(node, element.text),
                    overview,
                    continued=tuple(continued),
                    note="Elements marked “continued” are drawn on the following pages."
                    if continued
                    else "",
                )
            )
            for child in continued:
                if child not in seen:
                    seen.add(child)
                    queue.append(child)
    if outline_only:
        named = ", ".join(outline_only[:30]) + (" …" if len(outline_only) > 30 else "")
        pages.append(
            DiagramPage(
                "Branches shown in the outline only",
                None,
                note=f"{len(outline_only)} further branches are too large to draw legibly "
                f"or exceed the diagram budget of this packet: {named}. "
                "The outline that follows lists every element.",
            )
        )
    return pages


def _levels_below(case: SafetyCase, root: str, ids: set[str]) -> list[list[str]]:
    """Breadth-first SupportedBy levels under ``root`` (each element at its first depth)."""
    by_id = case.by_id
    levels = [[root]]
    seen = {root}
    while True:
        following: list[str] = []
        for node in levels[-1]:
            for child in by_id[node].supported_by:
                if child in ids and child not in seen:
                    seen.add(child)
                    following.append(child)
        if not following:
            return levels
        levels.append(following)


def _branch_title(node: str, text: str) -> str:
    short = " ".join(text.split())
    if len(short) > 90:
        short = short[:89].rstrip() + "…"
    return f"{node}: {short}" if short else node
