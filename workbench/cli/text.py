"""Plain-text renderings for the terminal: check reports and catalogue entries."""

from __future__ import annotations

import textwrap

from workbench.domain import (
    CaseDocument,
    CheckReport,
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
            flag = " [checkpoint]" if t.checkpoint else " [ongoing]" if t.ongoing else ""
            lines.append(f"  {t.id}{flag}: {t.title} -> {needs}")
        lines += ["", "Standards:"]
        for s in framework.standards:
            level = f"ASL-{s.asl} " if s.asl else ""
            spec = "" if s.specified else " (not yet specified)"
            lines.append(
                f"  {s.id}: {level}{s.kind.value}, {len(s.requirements)} requirements{spec}"
            )
        lines += ["", f"Process obligations: {len(framework.process)}"]
        lines += [f"Governance obligations: {len(framework.governance)}"]
        return "\n".join(lines)
    if isinstance(item, Threshold):
        lines += [f"{item.id}: {item.title}", f"domain: {item.domain}", ""]
        lines += _wrap(item.definition, "")
        lines += ["", "required standards: " + (", ".join(item.required_standards) or "none")]
        if item.response:
            lines += ["response:", *_wrap(item.response)]
    elif isinstance(item, Standard):
        level = f"ASL-{item.asl} " if item.asl else ""
        lines += [f"{item.id}: {item.title}", f"{level}{item.kind.value} standard", ""]
        lines += _wrap(item.objective, "")
        if item.actor_scope.in_scope or item.actor_scope.out_of_scope:
            lines += ["", "in scope: " + "; ".join(item.actor_scope.in_scope)]
            lines += ["out of scope: " + "; ".join(item.actor_scope.out_of_scope)]
        if not item.specified:
            lines += ["", "the framework has not yet specified this standard's requirements"]
        for r in item.requirements:
            lines += ["", f"  {r.id}: {r.title}", *_wrap(r.statement, "    ")]
    elif isinstance(item, Requirement):
        standard = framework.standard_of_requirement[item.id]
        lines += [f"{item.id}: {item.title}", f"standard: {standard.id} ({standard.title})", ""]
        lines += _wrap(item.statement, "")
        if item.evidence_expectations:
            lines += ["", "evidence expected:"]
            lines += [f"  - {e}" for e in item.evidence_expectations]
    else:
        lines += [f"{item.id}: {item.title}", f"{item.kind.value} obligation", ""]
        lines += _wrap(item.statement, "")
        if item.deadline_days:
            lines.append(f"deadline: {item.deadline_days} days")
        if item.cadence_days:
            lines.append(f"cadence: every {item.cadence_days} days")
    return "\n".join(lines)
