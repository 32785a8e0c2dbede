"""Packet charts: the assessment timeline, a vector drawing of due dates, completions and delays."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, Rect, String
from reportlab.lib import colors

from workbench.domain import ScheduledAssessment
from workbench.domain.compliance_summary import ScheduleState, schedule_state, schedule_status
from workbench.report.fonts import SANS, SANS_BOLD, runs, text_width
from workbench.report.styles import (
    BLUE,
    GREEN,
    INK,
    MUTED,
    ORANGE,
    RED,
    RULE,
    STATUS_COLOUR,
    STRIPE,
)

#: At most this many schedule items are charted: the most recent by due date.
MAX_ROWS = 40
#: Row heights: roomy for a short schedule, tighter once it has more rows than this.
ROOMY_ROWS = 15
ROOMY_HEIGHT = 16.0
TIGHT_HEIGHT = 12.0
LABEL_SIZE = 7.0
#: Half-sizes of the due-date diamond and the completion dot; shortest bar drawn, in points.
DIAMOND = 3.4
DOT = 2.8
MIN_BAR = 10.0
NOTE_SIZE = 6.5
AXIS_SIZE = 6.5
#: Month steps tried for the axis labels, smallest first (beyond: whole decades).
MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60, 120)
#: Width an axis label needs, about that of "Sep 2026" with a gap.
LABEL_ROOM = 38.0
MONTH_ABBREVIATIONS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)

STATE_COLOUR = {state: STATUS_COLOUR[state.value] for state in ScheduleState}


def annotation(item: ScheduledAssessment, today: dt.date) -> str:
    """The words drawn beside an item's bar: "3 days late", "5 days overdue", "on time".

    The schedule table's words, less "completed" (the dot beside the words shows that).
    """
    return schedule_status(item, today).removeprefix("completed ")


def charted_items(
    items: Sequence[ScheduledAssessment], limit: int = MAX_ROWS
) -> list[ScheduledAssessment]:
    """The items the chart shows, earliest due first: the ``limit`` most recent by due date."""
    newest = sorted(items, key=lambda i: (i.due, i.id), reverse=True)[:limit]
    return newest[::-1]


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(day: dt.date) -> dt.date:
    if day.year == dt.MAXYEAR and day.month == 12:
        return dt.date.max
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _month_of(index: int) -> dt.date:
    year, month0 = divmod(index, 12)
    return dt.date(year, month0 + 1, 1)


def _add_text(
    group: Group,
    x: float,
    y: float,
    text: str,
    size: float,
    colour: colors.Color = INK,
    *,
    font: str = SANS,
    anchor: str = "start",
) -> float:
    """Draw ``text`` at baseline ``y`` (one String per font run, so CJK renders); its width."""
    pieces = list(runs(text, font))
    width = sum(text_width(run, size, name) for name, run in pieces)
    if anchor == "end":
        x -= width
    elif anchor == "middle":
        x -= width / 2
    for name, run in pieces:
        group.add(String(x, y, run, fontName=name, fontSize=size, fillColor=colour))
        x += text_width(run, size, name)
    return width


def _fit(text: str, width: float, size: float, font: str = SANS) -> str:
    """``text`` shortened with an ellipsis to fit ``width`` points."""
    if text_width(text, size, font) <= width:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits with its ellipsis
        middle = (low + high + 1) // 2
        if text_width(text[:middle].rstrip() + "…", size, font) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


def _diamond(x: float, y: float, r: float, fill: colors.Color) -> Polygon:
    return Polygon(
        [x, y + r, x + r, y, x, y - r, x - r, y],
        fillColor=fill,
        strokeColor=INK,
        strokeWidth=0.7,
    )


@dataclass(frozen=True)
class DateAxis:
    """Maps days onto x positions between ``left`` and ``right``, whole months either side."""

    first: dt.date
    last: dt.date
    left: float
    right: float

    @classmethod
    def spanning(cls, days: Sequence[dt.date], left: float, right: float) -> DateAxis:
        first = _month_start(min(days))
        last = _next_month(max(days))
        return cls(first, last, left, right)

    @property
    def per_day(self) -> float:
        return (self.right - self.left) / max(1, (self.last - self.first).days)

    def x(self, day: dt.date) -> float:
        return self.left + (day - self.first).days * self.per_day

    @property
    def per_month(self) -> float:
        return self.per_day * 30.4

    def label_step(self) -> int:
        """Months between labels, so that labels of about "Sep 2026" never overlap."""
        months = LABEL_ROOM / self.per_month
        return next((s for s in MONTH_STEPS if s >= months), math.ceil(months / 120) * 120)


def _month_label(day: dt.date, step: int, first: bool) -> str:
    if step >= 12:
        return str(day.year)
    name = MONTH_ABBREVIATIONS[day.month - 1]
    return f"{name} {day.year}" if first or day.month == 1 else name


def _draw_axis(group: Group, axis: DateAxis, top: float, bottom: float, label_y: float) -> None:
    """Month lines from ``top`` to ``bottom`` and month labels at ``label_y``."""
    step = axis.label_step()
    first, last = _month_index(axis.first), _month_index(axis.last)
    next_aligned = first + (-first % step)
    # The first month is labelled too, unless the next label would be too close to it.
    lead = (next_aligned - first) * axis.per_month >= LABEL_ROOM
    labelled = 0
    for index in range(first, last + 1):
        is_label = index % step == 0 or (index == first and lead)
        if not is_label and step > 12:
            continue  # a long axis gets lines only where it has labels
        month = _month_of(index)
        x = axis.x(month)
        # Every month gets a faint line; labelled months a heavier one.
        group.add(Line(x, bottom, x, top, strokeColor=RULE, strokeWidth=0.6 if is_label else 0.3))
        if is_label and index < last and x + 4 < axis.right:
            words = _month_label(month, step, labelled == 0)
            _add_text(group, x + 2, label_y, words, AXIS_SIZE, MUTED)
            labelled += 1


def _draw_row(
    group: Group,
    item: ScheduledAssessment,
    today: dt.date,
    axis: DateAxis,
    y: float,
    row_height: float,
) -> None:
    """One item: its bar (delay or overdue span), due marker, completion marker and words."""
    state = schedule_state(item, today)
    colour = STATE_COLOUR[state]
    due_x = axis.x(item.due)
    done_x = axis.x(item.completed) if item.completed is not None else None
    bar = max(3.0, row_height * 0.36)
    start_x = end_x = due_x + DIAMOND
    if state is ScheduleState.late and done_x is not None:
        # A delay of a few days is a sliver on a long axis: the bar gets a visible minimum and
        # the completion dot sits at its end (the words give the exact delay).
        done_x = max(done_x, due_x + MIN_BAR)
        group.add(Rect(due_x, y - bar / 2, done_x - due_x, bar, fillColor=RED, strokeColor=None))
    elif state is ScheduleState.overdue:
        end_x = max(axis.x(today), due_x + MIN_BAR)
        group.add(Rect(due_x, y - bar / 2, end_x - due_x, bar, fillColor=ORANGE, strokeColor=None))
        # An open end: the work is still not done on the packet date.
        group.add(
            Polygon(
                [end_x, y + bar / 2 + 1.5, end_x + 4, y, end_x, y - bar / 2 - 1.5],
                fillColor=ORANGE,
                strokeColor=None,
            )
        )
        end_x += 4
    elif state is ScheduleState.on_time and done_x is not None and done_x < due_x - 1:
        # Finished early: a thin line from the completion back to the due date.
        group.add(Line(done_x, y, due_x, y, strokeColor=GREEN, strokeWidth=0.8))
    elif state is ScheduleState.upcoming and today < item.due:
        today_x = axis.x(today)
        group.add(
            Line(
                today_x, y, due_x, y, strokeColor=BLUE, strokeWidth=0.6, strokeDashArray=[1.5, 1.5]
            )
        )
        start_x = min(start_x, today_x)
    start_x = min(start_x, due_x - DIAMOND)
    group.add(_diamond(due_x, y, DIAMOND, colors.white))
    if done_x is not None:
        group.add(
            Circle(done_x, y, DOT, fillColor=colour, strokeColor=colors.white, strokeWidth=0.5)
        )
        end_x = max(end_x, done_x + DOT)
        start_x = min(start_x, done_x - DOT)
    words = annotation(item, today)
    width = text_width(words, NOTE_SIZE, SANS_BOLD)
    baseline = y - NOTE_SIZE * 0.35
    if end_x + 4 + width <= axis.right:
        _add_text(group, end_x + 4, baseline, words, NOTE_SIZE, colour, font=SANS_BOLD)
    elif start_x - 4 - width >= axis.left:
        _add_text(
            group, start_x - 4, baseline, words, NOTE_SIZE, colour, font=SANS_BOLD, anchor="end"
        )
    else:
        _add_text(
            group, axis.right, baseline, words, NOTE_SIZE, colour, font=SANS_BOLD, anchor="end"
        )


#: Legend entries: symbol, meaning, colour.
LEGEND: tuple[tuple[str, str, colors.Color], ...] = (
    ("diamond", "due date", INK),
    ("circle", "completed on time", GREEN),
    ("bar", "completed late (delay)", RED),
    ("bar", "overdue to the packet date", ORANGE),
    ("dash", "not yet due", BLUE),
    ("today", "packet date", INK),
)
LEGEND_LINE = 11.0


def _legend_places(width: float) -> list[tuple[float, int]]:
    """Where each legend entry goes: (x, line), wrapping onto another line when needed."""
    places: list[tuple[float, int]] = []
    cursor, line = 0.0, 0
    for _, words, _ in LEGEND:
        needed = 15 + text_width(words, NOTE_SIZE) + 12
        if cursor + needed > width and cursor > 0:
            cursor, line = 0.0, line + 1
        places.append((cursor, line))
        cursor += needed
    return places


def _draw_legend(group: Group, places: list[tuple[float, int]], top: float) -> None:
    """The legend's symbols and meanings; the first line's baseline is ``top``."""
    for (kind, words, colour), (x, line) in zip(LEGEND, places, strict=True):
        y = top - line * LEGEND_LINE
        middle = y + NOTE_SIZE * 0.35
        if kind == "diamond":
            group.add(_diamond(x + 5, middle, DIAMOND, colors.white))
        elif kind == "circle":
            group.add(Circle(x + 5, middle, DOT, fillColor=colour, strokeColor=None))
        elif kind == "bar":
            group.add(Rect(x, middle - 2.5, 11, 5, fillColor=colour, strokeColor=None))
        else:
            dashed = kind == "dash"
            group.add(
                Line(
                    x if dashed else x + 5,
                    middle if dashed else middle - 5,
                    x + 11 if dashed else x + 5,
                    middle if dashed else middle + 5,
                    strokeColor=colour,
                    strokeWidth=0.6 if dashed else 0.8,
                    strokeDashArray=[1.5, 1.5] if dashed else [2, 2],
                )
            )
        _add_text(group, x + 15, y, words, NOTE_SIZE, MUTED)


def schedule_timeline(
    items: Sequence[ScheduledAssessment], today: dt.date, width: float, *, limit: int = MAX_ROWS
) -> Drawing:
    """The timeline of scheduled assessments as of the packet date ``today``, ``width`` wide.

    One row per item (the ``limit`` most recent by due date, earliest first) on a date axis
    with month lines: a diamond at the due date, a dot at the completion date, a red bar for
    a late completion and an orange bar from the due date to the packet date for overdue work,
    each labelled in days; a dashed line marks the packet date; a legend follows.
    """
    shown = charted_items(items, limit)
    note = Group()
    if not shown:
        drawing = Drawing(width, 20)
        _add_text(note, 0, 6, "No scheduled assessment to chart.", LABEL_SIZE, MUTED)
        drawing.add(note, name="note")
        return drawing
    omitted = len(items) - len(shown)
    row_height = ROOMY_HEIGHT if len(shown) <= ROOMY_ROWS else TIGHT_HEIGHT
    note_band = 12.0 if omitted else 0.0
    axis_band = 14.0
    places = _legend_places(width)
    legend_band = (places[-1][1] + 1) * LEGEND_LINE + 4
    rows_height = row_height * len(shown)
    height = note_band + axis_band + rows_height + 14.0 + legend_band
    # Named parts (drawing.rows, drawing.legend, …) so each can be found again.
    background, axis_lines, rows, packet_date, legend = Group(), Group(), Group(), Group(), Group()

    top = height - note_band
    if omitted:
        _add_text(
            note,
            0,
            top + 3,
            f"Showing the {len(shown)} most recent of {len(items)} scheduled assessments "
            "(by due date); the schedule table lists them all.",
            NOTE_SIZE,
            MUTED,
        )
    rows_top = top - axis_band
    rows_bottom = rows_top - rows_height
    label_width = min(170.0, width * 0.32)
    days = [today, *(i.due for i in shown), *(i.completed for i in shown if i.completed)]
    axis = DateAxis.spanning(days, label_width + 8, width - 4)

    for index in range(1, len(shown), 2):  # every other row striped
        row_bottom = rows_top - (index + 1) * row_height
        background.add(Rect(0, row_bottom, width, row_height, fillColor=STRIPE, strokeColor=None))
    _draw_axis(axis_lines, axis, rows_top, rows_bottom, rows_top + 4)
    axis_lines.add(
        Line(axis.left, rows_bottom, axis.right, rows_bottom, strokeColor=MUTED, strokeWidth=0.5)
    )

    for index, item in enumerate(shown):
        middle = rows_top - (index + 0.5) * row_height
        baseline = middle - LABEL_SIZE * 0.35
        ident_width = _add_text(rows, 0, baseline, item.id, LABEL_SIZE, font=SANS_BOLD)
        what = _fit(item.what, label_width - ident_width - 4, LABEL_SIZE)
        _add_text(rows, ident_width + 4, baseline, what, LABEL_SIZE)
        _draw_row(rows, item, today, axis, middle, row_height)

    today_x = axis.x(today)
    packet_date.add(
        Line(
            today_x,
            rows_bottom - 3,
            today_x,
            rows_top,
            strokeColor=INK,
            strokeWidth=0.8,
            strokeDashArray=[2, 2],
        )
    )
    label = f"packet date {today.isoformat()}"
    label_width_pt = text_width(label, NOTE_SIZE)
    anchor = "middle"
    if today_x + label_width_pt / 2 > width:
        anchor = "end"
    elif today_x - label_width_pt / 2 < axis.left:
        anchor = "start"
    _add_text(packet_date, today_x, rows_bottom - 11, label, NOTE_SIZE, INK, anchor=anchor)

    _draw_legend(legend, places, rows_bottom - 14 - LEGEND_LINE)
    drawing = Drawing(width, height)
    for name, part in (
        ("background", background),
        ("axis", axis_lines),
        ("rows", rows),
        ("packet_date", packet_date),
        ("legend", legend),
        ("note", note),
    ):
        drawing.add(part, name=name)
    return drawing
