"""Plain-text renderings for the terminal: check reports and catalogue entries."""

from __future__ import annotations

import textwrap

from workbench.domain import (
    CaseDocument,
    CheckReport,
    Figure,
    Framework,
    Obligation,
    Requirement,
    Severity,
    Standard,
    Threshold,
)

WIDTH = 100


def format_check_report(doc: CaseDocument, report: CheckReport) -> str:
    asl = report.required_asl.summary()
    counts = report.counts()
    lines = [
        f"{doc.assessment.model.name} under {doc.framework.title}",
        f"required ASL: {asl['overall']} (deployment {asl['deployment']}, "
        f"security {asl['security']})",
        "findings: " + ", ".join(f"{counts[s]} {s.value}" for s in Severity),
    ]
    for severity in Severity:
        group = [f for f in report.findings if f.severity == severity]
        if not group:
            continue
        lines.append("")
        lines.append(f"{severity.value.upper()} ({len(group)})")
        for f in group:
            lines.append(
                textwrap.fill(
                    f"{f.rule} {f.subject}: {f.message}",
                    WIDTH,
                    initial_indent="  ",
                    subsequent_indent="      ",
                )
            )
            if f.hint:
                lines.append(
                    textwrap.fill(
                        f"hint: {f.hint}",
                        WIDTH,
                        initial_indent="      ",
                        subsequent_indent="      ",
                    )
                )
    lines.append("")
    if report.blocking:
        lines.append(f"verdict: BLOCKED — {report.blocking} blocking finding(s) must be resolved")
    else:
        lines.append("verdict: no blocking findings")
    return "\n".join(lines)


def _wrap(text: str, indent: str = "  ") -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent) or [indent]


def _cited(item: Threshold | Standard | Requirement | Obligation) -> list[str]:
    """The item's section, quote(s) and modality, as ``catalog show`` prints them."""
    lines: list[str] = []
    if item.source is not None:
        lines.append(f"section: {item.source.section}")
        quotes = item.source.quotes
        for n, quote in enumerate(quotes, start=1):
            head = "quote:" if len(quotes) == 1 else f"quote {n}:"
            lines += [head, *_wrap(f"\u201c{quote}\u201d")]
    else:
        lines.append("section: (no quote in this catalogue)")
    lines.append(f"modality: {item.modality.value}")
    return lines


def _notes(notes: list[str]) -> list[str]:
    if not notes:
        return []
    return ["", "notes (not requirements of the text):", *(f"  - {n}" for n in notes)]


def _figures(figures: list[Figure]) -> list[str]:
    return [f"figure: {describe_figure(f)}" for f in figures]


def describe_figure(figure: Figure) -> str:
    unit = (
        "" if not figure.unit else figure.unit if figure.unit in ("x", "%") else f" {figure.unit}"
    )
    if figure.value is not None:
        number = f"{'~' if figure.approx else ''}{figure.value:g}{unit}"
    else:
        low = f"{figure.min:g}" if figure.min is not None else ""
        high = f"{figure.max:g}" if figure.max is not None else ""
        number = f"{'~' if figure.approx else ''}{low}-{high}{unit}"
    return f"{figure.name.replace('_', ' ')} {number}"


def format_catalog_item(
    framework: Framework, item: Threshold | Standard | Requirement | Obligation | None
) -> str:
    lines: list[str] = []
    if item is None:
        src = framework.source
        lines += [
            f"{framework.id}: {framework.title}",
            f"publisher {framework.publisher}, version {framework.version}"
            + (f", effective {framework.effective_date}" if framework.effective_date else ""),
            f"source: {src.title} {src.version}" + (f" ({src.date})" if src.date else ""),
        ]
        if framework.description:
            lines += ["", *_wrap(framework.description, "")]
        lines += ["", "Capability thresholds:"]
        for t in framework.thresholds:
            needs = ", ".join(t.required_standards) or "no standard"
            if t.expected_standards:
                needs += " (expected: " + ", ".join(t.expected_standards) + ")"
            flag = " [checkpoint]" if t.checkpoint else " [ongoing]" if t.ongoing else ""
            lines.append(f"  {t.id}{flag}: {t.title} -> {needs}")
        lines += ["", "Standards:"]
        for s in framework.standards:
            level = f"ASL-{s.asl} " if s.asl else ""
            spec = "" if s.specified else " (not yet specified)"
            lines.append(
                f"  {s.id}: {level}{s.kind.value}, {len(s.requirements)} requirements{spec}"
            )
        lines += ["", "Obligations:"]
        for o in framework.obligations:
            lines.append(f"  {o.id} [{o.kind.value}, {o.modality.value}]: {o.title}")
        return "\n".join(lines)
    lines += [f"{item.id}: {item.title}"]
    if isinstance(item, Threshold):
        lines += [f"domain: {item.domain}", *_cited(item), ""]
        lines += _wrap(item.definition, "")
        lines += ["", "required standards: " + (", ".join(item.required_standards) or "none")]
        if item.expected_standards:
            lines.append("expected standards: " + ", ".join(item.expected_standards))
        if item.checkpoint:
            lines.append(
                "checkpoint"
                + (": rules out " + ", ".join(item.rules_out) if item.rules_out else "")
            )
        if item.ongoing:
            lines.append("ongoing assessment")
        if item.level:
            lines.append(f"level: {item.level}")
        if item.alert:
            lines.append("alert threshold: reaching it starts the response, no safeguards")
        lines += _figures(item.figures)
        if item.response:
            lines += ["response:", *_wrap(item.response)]
        lines += _notes(item.notes)
    elif isinstance(item, Standard):
        level = f"ASL-{item.asl} " if item.asl else ""
        lines += [f"{level}{item.kind.value} standard", *_cited(item), ""]
        lines += _wrap(item.objective, "")
        if item.level and not item.asl:
            lines += ["", f"level: {item.level}"]
        if item.actor_scope.in_scope or item.actor_scope.out_of_scope:
            lines += ["", "in scope: " + "; ".join(item.actor_scope.in_scope)]
            lines += ["out of scope: " + "; ".join(item.actor_scope.out_of_scope)]
        if not item.specified:
            lines += ["", "the framework has not yet specified this standard's requirements"]
        for r in item.requirements:
            where = f" ({r.source.section}, {r.modality.value})" if r.source else ""
            lines += ["", f"  {r.id}: {r.title}{where}", *_wrap(r.statement, "    ")]
        lines += _notes(item.notes)
    elif isinstance(item, Requirement):
        standard = framework.standard_of_requirement[item.id]
        lines += [f"standard: {standard.id} ({standard.title})", *_cited(item), ""]
        lines += _wrap(item.statement, "")
        if item.evidence_expectations:
            lines += ["", "evidence expected:"]
            lines += [f"  - {e}" for e in item.evidence_expectations]
        lines += _notes(item.notes)
    else:
        lines += [f"{item.kind.value} obligation", *_cited(item), ""]
        lines += _wrap(item.statement, "")
        lines.append("")
        if item.trigger is not None:
            about = f" ({item.trigger.description})" if item.trigger.description else ""
            lines.append(f"trigger: {item.trigger.event}{about}")
            if item.trigger.thresholds:
                lines.append(f"  only for thresholds: {', '.join(item.trigger.thresholds)}")
            if item.trigger.levels:
                lines.append(f"  only for thresholds at levels: {', '.join(item.trigger.levels)}")
            lines += [f"  {describe_figure(f)}" for f in item.trigger.figures]
            if item.trigger.thresholds:
                lines.append("  fired only by: " + ", ".join(item.trigger.thresholds))
        if item.deadline is not None:
            lines.append(f"deadline: {item.deadline.describe('within')}")
        if item.cadence is not None:
            lines.append(f"cadence: {item.cadence.describe('every')}")
        if not item.actors.empty:
            lines.append(f"actors: {item.actors.describe()}")
        if item.before:
            lines.append(f"before: {item.before}")
        if item.condition:
            lines.append(f"condition: {item.condition}")
        lines += _figures(item.figures)
        lines += _notes(item.notes)
    return "\n".join(lines).rstrip()
