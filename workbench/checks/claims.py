"""COV-UNMAPPED: claims naming another framework's requirement (left over from a migration)."""

from __future__ import annotations

from collections.abc import Iterator

from workbench.checks.context import CheckContext
from workbench.checks.rules import Rule
from workbench.domain import Finding, Severity

FAMILY = "COV"

UNMAPPED = Rule(
    FAMILY + "-UNMAPPED",
    Severity.major,
    FAMILY,
    "claim or not-applicable mark naming a requirement of another framework than the case's",
)

RULES = (UNMAPPED,)


def foreign_framework(requirement_id: str, framework_id: str) -> str | None:
    """The framework an id names by its prefix ("RSP-2.2/ASL3-D/…"), when not ``framework_id``."""
    prefix, sep, _rest = requirement_id.partition("/")
    return prefix if sep and prefix != framework_id else None


def check(ctx: CheckContext) -> Iterator[Finding]:
    framework = ctx.framework.id
    index = ctx.index
    if index.duplicates:  # the index keeps the first of a repeated id: read them all
        elements = ctx.doc.case.elements
    else:  # only the elements that claim or mark something can name a requirement
        elements = [index.elements[i] for i in index.naming]
    for element in elements:
        named = [
            *((rid, "claims") for rid in element.addresses),
            *((m.requirement, "marks not applicable") for m in element.not_applicable),
        ]
        for rid, how in named:
            other = foreign_framework(rid, framework)
            if other is None or rid in ctx.requirements:
                continue
            yield UNMAPPED.finding(
                element.id,
                f"{element.id} {how} {rid}, a requirement of {other}; the case is judged "
                f"against {framework}, so it counts for nothing",
                f"Claim the {framework} requirement that covers it instead (see the "
                "requirements matrix), or remove the claim.",
            )
