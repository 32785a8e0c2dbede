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


def _demand_lines(demand: Demand) -> list[str]:
    lines = _wrap(f"{demand.id} ({demand.section}) {demand.title}", "  ")
    if demand.quote:
        lines += _wrap(f"\u201c{demand.quote}\u201d", "      ")
    for link in demand.partly:
        lines += _wrap(
            f"only in part by {', '.join(link.b)} ({link.relation.value}): {link.rationale}",
            "      ",
        )
    return lines


def format_comparison(comparison: Comparison) -> str:
    """The comparison as a policymaker reads it: each side's extra demands, then the common ones."""
    a, b = comparison.a, comparison.b
    lines = [
        f"{a.title} ({a.id}) compared with {b.title} ({b.id})",
        f"through crosswalk {comparison.mapping_id}: {len(comparison.only_a)} demands of {a.id} "
        f"not met by {b.id}, {len(comparison.only_b)} the other way, "
        f"{len(comparison.both)} links between demands of both",
    ]
    for first, second, demands in (
        (a, b, comparison.only_a),
        (b, a, comparison.only_b),
    ):
        lines += ["", f"WHAT {first.id} DEMANDS THAT {second.id} DOES NOT ({len(demands)})"]
        lines += [line for d in demands for line in _demand_lines(d)] or ["  nothing"]
    lines += ["", f"WHAT BOTH DEMAND ({len(comparison.both)})"]
    for link in comparison.both:
        relation = "the same as" if link.relation.value == "equivalent" else link.relation.value
        if link.relation.value in ("stronger", "weaker"):
            relation += " than"
        elif link.relation.value == "partial":
            relation = "overlaps"
        lines += _wrap(f"{' + '.join(link.a)} {relation} {' + '.join(link.b)}", "  ")
        lines += _wrap(link.rationale, "      ")
    return "\n".join(lines)


def cmd_catalog_compare(args: argparse.Namespace) -> int:
    from workbench.app.crosswalks import compare_frameworks

    comparison = compare_frameworks(args.a, args.b, args.crosswalk)
    if args.format == "json":
        emit_json(comparison.to_json())
    else:
        out(format_comparison(comparison))
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
    add_format(q)
    q.set_defaults(func=cmd_catalog_compare)
