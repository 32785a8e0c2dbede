"""PAT-* rules: pattern definitions well formed, and instances of patterns still what they were
made as (parameters bound, multiplicity met, structure as the pattern has it)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from pydantic import ValidationError

from workbench.checks.context import CheckContext
from workbench.checks.rules import Rule, id_list
from workbench.domain import Finding, Framework, Severity
from workbench.domain.case import ARGUING, Element, ElementType
from workbench.domain.errors import describe_validation_error
from workbench.domain.evidence import EvidenceKind
from workbench.domain.grammar import may_sit_under
from workbench.domain.pattern_instances import repeated
from workbench.domain.patterns import (
    ATTRIBUTES,
    CATALOGUE_KINDS,
    METADATA_KEY,
    OF_KIND,
    OVER_KIND,
    InstanceRecord,
    Node,
    ParamKind,
    Pattern,
    instance_record,
    placeholders,
)

FAMILY = "PAT"

DEFINITION = Rule(
    FAMILY + "-DEFINITION",
    Severity.major,
    FAMILY,
    "pattern definition, or the record an instance keeps of it, not well formed",
)
UNBOUND = Rule(
    FAMILY + "-UNBOUND",
    Severity.major,
    FAMILY,
    "pattern instance with a parameter unbound, or bound to what the framework lacks",
)
MULTIPLICITY = Rule(
    FAMILY + "-MULTIPLICITY",
    Severity.major,
    FAMILY,
    "pattern instance missing a repetition: a catalogue item with no sub-argument",
)
DRIFT = Rule(
    FAMILY + "-DRIFT",
    Severity.minor,
    FAMILY,
    "pattern instance whose structure was edited away from the pattern",
)

RULES = (DEFINITION, UNBOUND, MULTIPLICITY, DRIFT)


# ------------------------------------------------------------------ definitions
def definition_problems(pattern: Pattern, frameworks: Mapping[str, Framework]) -> list[str]:
    """What is wrong with a pattern definition, one sentence each (empty: well formed).

    ``frameworks``: the catalogues the workbench knows; the frameworks a pattern names and
    the catalogue ids it binds by default must be among them.
    """
    problems: list[str] = []
    declared = {p.name: p for p in pattern.parameters}
    if len(declared) != len(pattern.parameters):
        problems.append("a parameter name is declared twice")
    for fid in pattern.frameworks:
        if fid not in frameworks:
            problems.append(f"it names framework {fid}, which no catalogue defines")
    written_for = [frameworks[f] for f in pattern.frameworks if f in frameworks] or list(
        frameworks.values()
    )
    for p in pattern.parameters:
        if p.kind == ParamKind.choice and not p.options:
            problems.append(f"choice parameter {p.name} has no options")
        if p.kind != ParamKind.choice and p.options:
            problems.append(f"parameter {p.name} has options but is not a choice")
        if p.default is not None:
            problems.extend(_default_problems(p.name, p.kind, p.default, p.options, written_for))
    roles = [n.role for n in pattern.nodes()]
    repeated_roles = sorted({r for r in roles if roles.count(r) > 1})
    if repeated_roles:
        problems.append(f"role {repeated_roles[0]} is used by more than one node")
    root = pattern.root
    if root.type != ElementType.goal:
        problems.append(f"its root {root.role} is a {root.type.value}, not a goal")
    if root.many is not None or root.optional is not None or root.option is not None:
        problems.append(f"its root {root.role} cannot be repeated, optional or an option")
    used: set[str] = set()
    known = {r for f in written_for for r in f.requirements_by_id}
    scope = {n: p.kind for n, p in declared.items()}
    _node_problems(root, scope, pattern, problems, used, known)
    for name in declared:
        if name not in used:
            problems.append(f"parameter {name} is declared but never used")
    return problems


def _default_problems(
    name: str, kind: ParamKind, default: str, options: list[str], frameworks: list[Framework]
) -> list[str]:
    if kind == ParamKind.evidence_kind and default not in {k.value for k in EvidenceKind}:
        return [f"the default of {name} ({default}) is not an evidence kind"]
    if kind == ParamKind.choice and not set(default.split(",")) <= set(options):
        return [f"the default of {name} ({default}) is not among its options"]
    look = {
        ParamKind.threshold: lambda f: f.thresholds_by_id,
        ParamKind.standard: lambda f: f.standards_by_id,
        ParamKind.requirement: lambda f: f.requirements_by_id,
    }.get(kind)
    if look is not None and not any(default in look(f) for f in frameworks):
        return [f"the default of {name} ({default}) is not a {kind.value} of the catalogues"]
    return []


def _node_problems(
    node: Node,
    scope: dict[str, ParamKind],
    pattern: Pattern,
    problems: list[str],
    used: set[str],
    known: set[str],
    parent: Node | None = None,
) -> None:
    where = f"node {node.role}"
    if node.many is not None:
        many = node.many
        if many.each in scope:
            problems.append(f"{where} repeats as {many.each}, a name already bound")
        want = OF_KIND[many.over]
        if want is None and many.of is not None:
            problems.append(f"{where} repeats over thresholds, which takes no 'of'")
        if want is not None:
            if many.of is None or many.of not in scope:
                problems.append(f"{where} repeats over {many.over} of an unknown name {many.of}")
            elif scope[many.of] != want:
                problems.append(f"{where} repeats over {many.over} of {many.of}, not a {want}")
            else:
                used.add(many.of)
        scope = {**scope, many.each: OVER_KIND[many.over]}
    if node.optional is not None:
        declared = pattern.parameter(node.optional)
        if declared is None:
            problems.append(f"{where} is optional on an unknown parameter {node.optional}")
        elif declared.required:
            problems.append(f"{where} is optional on {node.optional}, a required parameter")
        used.add(node.optional)
    if node.option is not None and (parent is None or parent.choice is None):
        problems.append(f"{where} names an option but its parent is not a choice")
    for text in (node.text, *node.claims):
        for name, attribute in placeholders(text):
            if name not in scope:
                problems.append(f"{where} uses {{{name}}}, which is no parameter")
                continue
            used.add(name)
            if attribute is not None and attribute not in ATTRIBUTES[scope[name]]:
                problems.append(f"{where} reads {name}.{attribute}, which a {scope[name]} lacks")
    if node.claims:
        if node.type != ElementType.goal:
            problems.append(f"{where} is a {node.type.value}; only goals claim requirements")
        for claim in node.claims:
            names = placeholders(claim)
            if not names and claim not in known:
                problems.append(
                    f"{where} claims {claim}, which is not a requirement of the catalogues"
                )
            if names and (
                claim != f"{{{names[0][0]}}}"
                or scope.get(names[0][0]) not in {ParamKind.requirement}
            ):
                problems.append(f"{where} claims {claim}, which is not a requirement id")
    if node.type not in ARGUING and node.children:
        problems.append(f"{where} is a {node.type.value}, which cannot have children")
    if node.undeveloped and node.type not in ARGUING:
        problems.append(f"{where} is a {node.type.value}, which cannot be undeveloped")
    if node.undeveloped and node.children:
        problems.append(f"{where} is undeveloped yet has children")
    if (
        node.type == ElementType.strategy
        and not node.undeveloped
        and not any(
            c.type not in (ElementType.context, ElementType.assumption, ElementType.justification)
            for c in node.children
        )
    ):
        problems.append(f"strategy {node.role} has no sub-goal")
    if node.choice is not None:
        choice = node.choice
        declared = pattern.parameter(choice.parameter)
        if declared is None or declared.kind != ParamKind.choice:
            problems.append(f"{where} chooses by {choice.parameter}, which is no choice parameter")
        else:
            used.add(choice.parameter)
            options = [c.option for c in node.children if c.option is not None]
            if set(options) != set(declared.options):
                problems.append(f"the options under {where} are not those of {choice.parameter}")
        if choice.min > choice.max:
            problems.append(f"{where} chooses at least {choice.min} but at most {choice.max}")
    for child in node.children:
        if not may_sit_under(node.type, child.type):
            problems.append(
                f"node {child.role} ({child.type.value}) may not sit under "
                f"{node.role} ({node.type.value})"
            )
        if node.choice is not None and child.option is None:
            problems.append(f"node {child.role} sits under a choice but names no option")
        _node_problems(child, scope, pattern, problems, used, known, node)


def check_pattern(pattern: Pattern, frameworks: Mapping[str, Framework]) -> list[Finding]:
    """PAT-DEFINITION findings of one pattern definition (subject: its name)."""
    return [
        DEFINITION.finding(
            pattern.name,
            f"pattern {pattern.name}: {problem}",
            "Correct the pattern file (docs/pattern-format.md) and import it again.",
        )
        for problem in definition_problems(pattern, frameworks)
    ]


# ------------------------------------------------------------------ instances
def check(ctx: CheckContext) -> Iterator[Finding]:
    """PAT findings of every pattern instance in the case (an element keeping a record)."""
    by_id = ctx.doc.case.by_id
    for element in ctx.doc.case.elements:
        raw = instance_record(element.metadata) if element.metadata else None
        if raw is None:
            continue
        try:
            record = InstanceRecord.model_validate(raw)
        except ValidationError as exc:
            yield DEFINITION.finding(
                element.id,
                f"{element.id} keeps a record of pattern {raw.get('name')!r} that is not well "
                f"formed: {describe_validation_error(exc, 'the record')}",
                "Apply the pattern again, or remove the record from the element's metadata.",
            )
            continue
        yield from _unbound(ctx, element, record, by_id)
        yield from _multiplicity(ctx, element, record, by_id)
        yield from _drift(element, record, by_id)


def _members(record: InstanceRecord, by_id: Mapping[str, Element]) -> list[Element]:
    return [by_id[m.id] for m in record.members if m.id in by_id]


def _unbound(
    ctx: CheckContext, root: Element, record: InstanceRecord, by_id: Mapping[str, Element]
) -> Iterator[Finding]:
    names = {b.name for b in record.bindings}
    look: dict[ParamKind, Mapping[str, object]] = {
        ParamKind.threshold: ctx.thresholds,
        ParamKind.standard: ctx.standards,
        ParamKind.requirement: ctx.requirements,
    }
    for b in record.bindings:
        if b.value is None and b.required:
            yield UNBOUND.finding(
                root.id,
                f"{root.id} is an instance of pattern {record.name} whose parameter {b.name} "
                "is unbound",
                f"Apply the pattern again with a value for {b.name}, or fill in the branch.",
            )
        elif b.value is not None and b.kind in CATALOGUE_KINDS and b.value not in look[b.kind]:
            yield UNBOUND.finding(
                root.id,
                f"{root.id} is an instance of pattern {record.name} whose parameter {b.name} "
                f"is bound to {b.value}, which {ctx.framework.id} does not have",
                f"Bind {b.name} to a {b.kind.value} of {ctx.framework.id} (apply the pattern "
                "again), or rework the branch for this framework.",
            )
    for element in _members(record, by_id):
        left = sorted({n for n, _a in placeholders(element.text) if n in names})
        if left:
            yield UNBOUND.finding(
                element.id,
                f"{element.id} still holds the placeholder {{{left[0]}}} of pattern {record.name}",
                "Replace the placeholder by what it stands for.",
            )


def _below(root: Element, by_id: Mapping[str, Element]) -> list[Element]:
    """Every element reachable from ``root`` by any link, ``root`` included."""
    seen = {root.id}
    order = [root]
    stack = [root]
    while stack:
        for target in stack.pop().links:
            if target not in seen and target in by_id:
                seen.add(target)
                order.append(by_id[target])
                stack.append(by_id[target])
    return order


def _multiplicity(
    ctx: CheckContext, root: Element, record: InstanceRecord, by_id: Mapping[str, Element]
) -> Iterator[Finding]:
    if not record.repetitions:
        return
    branch = _below(root, by_id)
    claimed = {rid for e in branch if e.type == ElementType.goal for rid in e.addresses}
    for rep in record.repetitions:
        present = {
            mark.get("item")
            for e in branch
            if isinstance(mark := e.metadata.get(METADATA_KEY), dict)
            and mark.get("role") == rep.role
        }
        present |= {m.item for m in record.members if m.role == rep.role and m.id in by_id}
        missing = []
        for kind, item_id, _item in repeated(rep, rep.of, ctx.framework):
            if kind == "requirement":
                if item_id not in claimed:
                    missing.append(item_id)
            elif item_id not in present:
                missing.append(item_id)
        if missing:
            what = {"requirements": "requirement", "standards": "standard"}.get(
                rep.over, "threshold"
            )
            of = f" of {rep.of}" if rep.of else f" of {ctx.framework.id}"
            yield MULTIPLICITY.finding(
                rep.parent if rep.parent in by_id else root.id,
                f"instance {root.id} of pattern {record.name} has no sub-goal for "
                f"{what}{'s' if len(missing) > 1 else ''} {id_list(missing)}{of}",
                "Add a goal claiming each (or apply the pattern again), so that every "
                f"{what} is argued.",
            )


def _drift(
    root: Element, record: InstanceRecord, by_id: Mapping[str, Element]
) -> Iterator[Finding]:
    gone: list[str] = []
    retyped: list[str] = []
    moved: list[str] = []
    for member in record.members:
        element = by_id.get(member.id)
        if element is None:
            gone.append(member.id)
            continue
        if element.type != member.type:
            retyped.append(member.id)
        if member.parent is None or member.link is None or member.id == root.id:
            continue
        parent = by_id.get(member.parent)
        if parent is not None and member.id not in getattr(parent, member.link):
            moved.append(member.id)
    parts = []
    if gone:
        parts.append(f"deleted {id_list(gone)}")
    if retyped:
        parts.append(f"changed the type of {id_list(retyped)}")
    if moved:
        parts.append(f"moved {id_list(moved)} from where the pattern puts them")
    if parts:
        yield DRIFT.finding(
            root.id,
            f"instance {root.id} of pattern {record.name} was edited away from the pattern: "
            + "; ".join(parts),
            "Fine if intended; otherwise undo, or apply the pattern again and move the "
            "evidence across.",
        )
