"""The one colour palette of the window and the packet, as hex strings (Qt and reportlab convert).

Element fills are light so black text reads on them; the state colours are dark enough for
text on white and distinct in print. ``workbench.ui.widgets.gsnshapes`` and
``workbench.report.styles`` turn them into QColor and reportlab colours.
"""

from __future__ import annotations

from workbench.domain import ElementType

#: Fill of each GSN element type.
ELEMENT_FILL: dict[ElementType, str] = {
    ElementType.goal: "#eef4ff",
    ElementType.away_goal: "#e6f0fb",
    ElementType.strategy: "#f3edff",
    ElementType.solution: "#e9f7ec",
    ElementType.context: "#fff8e1",
    ElementType.assumption: "#fdeee6",
    ElementType.justification: "#eef1f4",
    # Counter-arguments: a light red, apart from every element of the argument.
    ElementType.counter_goal: "#fdecec",
    ElementType.counter_solution: "#fbe3e3",
}

#: The dashed border of counter goals and counter solutions (the red below).
COUNTER_LINE = "#b42318"

#: Text, element outlines and links.
INK = "#1b1f24"
LINE = "#3b4252"
MUTED = "#5b6570"
RULE = "#c9d1d9"
HEAD_FILL = "#e8edf3"
STRIPE = "#f6f8fa"
#: A module's band on an away goal; the window's selection and today line.
BAND = "#c9dcf2"
SELECTED = "#1a73e8"

RED = "#b42318"
AMBER = "#b54708"
GREEN = "#067647"
BLUE = "#1f4e8c"
#: Overdue work: orange, distinct from the red of a late completion.
ORANGE = "#e07a10"
PURPLE = "#6a1b9a"
SLATE = "#455a64"

#: Findings and challenges by severity.
SEVERITY: dict[str, str] = {"blocker": RED, "major": AMBER, "minor": BLUE, "info": MUTED}
#: An open challenge's badge, and an undeveloped mark's.
CHALLENGE = PURPLE
UNDEVELOPED = SLATE

#: Every state a table cell, chart mark or badge is coloured by: requirement coverage,
#: severity, scheduled assessments, re-assessment triggers.
STATUS: dict[str, str] = {
    "met": GREEN,
    "partial": AMBER,
    "missing": RED,
    "not_applicable": MUTED,
    "not_required": MUTED,
    **SEVERITY,
    # Scheduled assessments, as the compliance timeline draws them.
    "on_time": GREEN,
    "late": RED,
    "overdue": ORANGE,
    "upcoming": BLUE,
    # Re-assessment triggers.
    "ok": GREEN,
    "due": RED,
    "not recorded": MUTED,
}
