"""Command line for crosswalks between frameworks: ``check --also`` and ``catalog compare``."""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.cli.common import EXIT_OK, add_format, emit_json, out

if TYPE_CHECKING:
    from workbench.checks.crosswalk import FrameworkCoverage
    from workbench.domain.mapping import Comparison, Demand

WIDTH = 100


def add_also_options(p: argparse.ArgumentParser, what: str) -> None:
    """``--also ID`` (repeatable) and ``--crosswalk FILE`` (repeatable) for ``what``."""
    p.add_argument(
        "--also",
        action="append",
        default=[],
        metavar="ID",
        help=f"{what} how the case covers another framework through a crosswalk (repeatable)",
    )
    p.add_argument(
        "--crosswalk",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help="a mapping crosswalk file to use instead of the shipped one (repeatable)",
    )


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent + "    ")


def format_coverage(coverage: FrameworkCoverage) -> str:
    """One framework's coverage: a heading, then each item with its status and what is missing."""
    lines = [f"{coverage.title} ({coverage.framework}), through crosswalk {coverage.crosswalk}"]
    lines.append(coverage.summary())
    for status in ("not_addressed", "partial", "covered"):
        group = [i for i in coverage.items if i.status.value == status]
        if not group:
            continue
        lines.append("")
        lines.append(f"{status.replace('_', ' ').upper()} ({len(group)})")
        for item in group:
            lines += _wrap(f"{item.id} ({item.section}) {item.title}: {item.detail}", "  ")
    return "\n".join(lines)


#: How a link that leaves an item open reads, by its relation from the item's side.
_PART = {"stronger": "asks less", "partial": "overlaps in part"}


def _demand_lines(demand: Demand, quotes: bool) -> list[str]:
    lines = _wrap(f"{demand.id} ({demand.section}) {demand.title}", "    ")
    if quotes and demand.quote:
        lines += _wrap(f"\u201c{demand.quote}\u201d", "        ")
    for link in demand.partly:
        what = _PART.get(link.relation.value, link.relation.value)
        lines += _wrap(f"{' + '.join(link.b)} {what}: {link.rationale}", "        ")
    return lines


def _one_side(first: str, second: str, demands: tuple[Demand, ...], quotes: bool) -> list[str]:
    lines = ["", f"WHAT {first} DEMANDS THAT {second} DOES NOT ({len(demands)})"]
    unlinked = [d for d in demands if not d.partly]
    partly = [d for d in demands if d.partly]
    for heading, group in (
        (f"{second} has nothing like it", unlinked),
        (f"{second} asks only part of it", partly),
    ):
        if group:
            lines.append(f"  {heading} ({len(group)}):")
            lines += [line for d in group for line in _demand_lines(d, quotes)]
    if not demands:
        lines.append("  nothing")
    return lines


def format_comparison(comparison: Comparison, *, quotes: bool = False) -> str:
    """The comparison as a policymaker reads it: each side's extra demands (those the other
    lacks, then those it asks only in part), then the common ones; ``quotes`` adds each
    item's quoted text."""
    a, b = comparison.a, comparison.b
    lines = [
        f"{a.title} ({a.id}) compared with {b.title} ({b.id})",
        f"through crosswalk {comparison.mapping_id}: {len(comparison.only_a)} demands of {a.id} "
        f"that {b.id} does not make in full, {len(comparison.only_b)} the other way round, "
        f"{len(comparison.both)} links between demands of both",
    ]
    lines += _one_side(a.id, b.id, comparison.only_a, quotes)
    lines += _one_side(b.id, a.id, comparison.only_b, quotes)
    lines += ["", f"WHAT BOTH DEMAND ({len(comparison.both)})"]
    for link in comparison.both:
        relation = {
            "equivalent": "the same as",
            "stronger": "asks more than",
            "weaker": "asks less than",
            "partial": "overlaps",
        }[link.relation.value]
        lines += _wrap(f"{' + '.join(link.a)} {relation} {' + '.join(link.b)}", "  ")
        lines += _wrap(link.rationale, "      ")
    return "\n".join(lines)


def cmd_catalog_compare(args: argparse.Namespace) -> int:
    from workbench.app.crosswalks import compare_frameworks

    comparison = compare_frameworks(args.a, args.b, args.crosswalk)
    if args.format == "json":
        emit_json(comparison.to_json())
    else:
        out(format_comparison(comparison, quotes=args.quotes))
    return EXIT_OK


def register_catalog(csub: Any) -> None:
    """Add ``workbench catalog compare A B`` to the ``catalog`` subcommands."""
    q = csub.add_parser(
        "compare",
        help="what framework A demands that B does not, and the reverse, through a crosswalk",
    )
    q.add_argument("a", metavar="A", help="a framework id")
    q.add_argument("b", metavar="B", help="another framework id")
    q.add_argument("--crosswalk", type=Path, metavar="FILE", help="a mapping crosswalk file to use")
    q.add_argument("--quotes", action="store_true", help="print each item's quoted text too")
    add_format(q)
    q.set_defaults(func=cmd_catalog_compare)
