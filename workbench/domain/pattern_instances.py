"""Instantiating a pattern: bind its parameters against the case's framework, expand its
multiplicities from the catalogue, and make the elements, each remembering where it came from.

Pure: a pattern, the values given and the framework in, new elements out (the app turns them
into one change set). Ids are minted through ``IdMarks`` so that none is ever reused.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from workbench.domain.base import canonical_json, sha256_hex
from workbench.domain.case import CONTEXTUAL, ID_PREFIX, Element
from workbench.domain.catalog import Framework, Requirement, Standard, Threshold
from workbench.domain.errors import InputError
from workbench.domain.evidence import EvidenceKind
from workbench.domain.ids import IdMarks, split_id
from workbench.domain.patterns import (
    METADATA_KEY,
    PLACEHOLDER,
    Binding,
    InstanceRecord,
    Many,
    Member,
    MemberMark,
    Node,
    Parameter,
    ParamKind,
    Pattern,
    Repetition,
)

CatalogueItem = Threshold | Standard | Requirement


@dataclass(frozen=True)
class Value:
    """A bound parameter or variable: its text, and the catalogue item it names, if any."""

    kind: ParamKind
    text: str
    item: CatalogueItem | None = None

    def attribute(self, name: str | None) -> str | None:
        if name is None or name == "id":
            return self.text
        if self.kind == ParamKind.evidence_kind and name == "label":
            return self.text.replace("_", " ")
        if self.item is not None and name in type(self.item).model_fields:
            value = getattr(self.item, name)
            return value if isinstance(value, str) else None
        return None


def pattern_digest(pattern: Pattern) -> str:
    """SHA-256 of the pattern's canonical JSON (what an instance records it came from)."""
    return sha256_hex(canonical_json(pattern))


def _kind_noun(parameter: Parameter, framework: Framework) -> str:
    if parameter.kind == ParamKind.threshold:
        return f"a threshold id of {framework.id}"
    if parameter.kind == ParamKind.standard:
        return f"a standard id of {framework.id}"
    if parameter.kind == ParamKind.requirement:
        return f"a requirement id of {framework.id}"
    if parameter.kind == ParamKind.evidence_kind:
        return "an evidence kind (" + ", ".join(k.value for k in EvidenceKind) + ")"
    if parameter.kind == ParamKind.choice:
        return "one or more of " + ", ".join(parameter.options)
    return "some text"


def example_value(parameter: Parameter, framework: Framework) -> str | None:
    """A value of the right kind from ``framework``, for messages and form defaults."""
    if parameter.default:
        return parameter.default
    if parameter.kind == ParamKind.threshold and framework.thresholds:
        return framework.thresholds[0].id
    if parameter.kind == ParamKind.standard and framework.standards:
        return framework.standards[0].id
    if parameter.kind == ParamKind.requirement and framework.requirements:
        return framework.requirements[0].id
    if parameter.kind == ParamKind.evidence_kind:
        return EvidenceKind.eval_log.value
    if parameter.kind == ParamKind.choice and parameter.options:
        return parameter.options[0]
    return None


def bind_value(parameter: Parameter, text: str, framework: Framework) -> Value:
    """``text`` as a value of ``parameter``, checked against the case's framework."""
    what = f"parameter {parameter.name} {text!r}"
    item: CatalogueItem | None = None
    if parameter.kind == ParamKind.threshold:
        item = framework.thresholds_by_id.get(text)
    elif parameter.kind == ParamKind.standard:
        item = framework.standards_by_id.get(text)
    elif parameter.kind == ParamKind.requirement:
        item = framework.requirements_by_id.get(text)
    elif parameter.kind == ParamKind.evidence_kind:
        if text not in {k.value for k in EvidenceKind}:
            raise InputError(f"{what} is not {_kind_noun(parameter, framework)}", about="param")
        return Value(parameter.kind, text)
    elif parameter.kind == ParamKind.choice:
        picked = [p.strip() for p in text.split(",") if p.strip()]
        unknown = [p for p in picked if p not in parameter.options]
        if unknown or not picked:
            raise InputError(f"{what}: give {_kind_noun(parameter, framework)}", about="param")
        return Value(parameter.kind, ",".join(dict.fromkeys(picked)))
    else:
        if not text.strip():
            raise InputError(f"{what}: the text is empty", about="param")
        return Value(parameter.kind, text.strip())
    if item is None:
        raise InputError(
            f"{what} is not {_kind_noun(parameter, framework)}, the framework this case is "
            "judged against",
            about="param",
        )
    return Value(parameter.kind, text, item)


def bind(
    pattern: Pattern, given: Mapping[str, str], framework: Framework
) -> dict[str, Value | None]:
    """Every parameter's value (None: an optional parameter left unbound); an unknown name,
    a required parameter without a value or a value of the wrong kind is an InputError."""
    unknown = [name for name in given if pattern.parameter(name) is None]
    if unknown:
        names = ", ".join(p.name for p in pattern.parameters) or "none"
        raise InputError(
            f"pattern {pattern.name} has no parameter {unknown[0]!r} (its parameters: {names})"
        )
    values: dict[str, Value | None] = {}
    for parameter in pattern.parameters:
        text = given.get(parameter.name)
        # A choice given empty means none picked (refused below), not "the default".
        if text is None or not (text.strip() or parameter.kind == ParamKind.choice):
            text = parameter.default
        if text is not None and parameter.kind == ParamKind.choice and not text.strip():
            raise InputError(
                f"parameter {parameter.name} is empty: give {_kind_noun(parameter, framework)}",
                about="param",
            )
        if text is None or not text.strip():
            if parameter.required:
                example = example_value(parameter, framework)
                like = f", such as {example}" if example else ""
                raise InputError(
                    f"pattern {pattern.name} needs its parameter {parameter.name} "
                    f"({_kind_noun(parameter, framework)}{like})",
                    about="param",
                )
            values[parameter.name] = None
            continue
        values[parameter.name] = bind_value(parameter, text, framework)
    return values


def render(template: str, scope: Mapping[str, Value | None]) -> str:
    """``template`` with every placeholder naming a bound value replaced by it."""

    def one(match: Any) -> str:
        value = scope.get(match.group(1))
        if value is None:
            return str(match.group(0))
        text = value.attribute(match.group(2))
        return str(match.group(0)) if text is None else text

    return PLACEHOLDER.sub(one, template)


def items_of(many: Many, scope: Mapping[str, Value | None], framework: Framework) -> list[Value]:
    """The catalogue items a multiplicity repeats over, in catalogue order."""
    if many.over == "thresholds":
        return [Value(ParamKind.threshold, t.id, t) for t in framework.thresholds if not t.alert]
    source = scope.get(many.of or "")
    if source is None:
        return []
    return [Value(ParamKind(k), i, item) for k, i, item in repeated(many, source.text, framework)]


def repeated(
    many: Many | Repetition, of: str | None, framework: Framework
) -> list[tuple[str, str, CatalogueItem]]:
    """(kind, id, item) of what ``many`` repeats over when ``of`` is the id it is of."""
    if many.over == "thresholds":
        return [("threshold", t.id, t) for t in framework.thresholds if not t.alert]
    if many.over == "requirements":
        standard = framework.standards_by_id.get(of or "")
        if standard is None:
            return []
        return [
            ("requirement", r.id, r)
            for r in standard.requirements
            if r.demanded or not many.demanded_only
        ]
    threshold = framework.thresholds_by_id.get(of or "")
    if threshold is None:
        return []
    standards = framework.standards_by_id
    return [("standard", s, standards[s]) for s in threshold.required_standards if s in standards]


@dataclass
class Instance:
    """The elements an application of a pattern makes, parents before children."""

    pattern: Pattern
    values: dict[str, Value | None]
    elements: list[Element] = field(default_factory=list)

    @property
    def root(self) -> Element:
        return self.elements[0]


def instantiate(
    pattern: Pattern,
    given: Mapping[str, str],
    framework: Framework,
    *,
    marks: IdMarks,
    live: Collection[str],
    module: str = "main",
    parent: str | None = None,
) -> Instance:
    """The elements of ``pattern`` with ``given`` parameter values, for a case judged against
    ``framework`` whose elements have ids ``live`` (and whose store handed out ``marks``).

    ``parent``: the element the instance's root will sit under (recorded, for the drift
    check, only as the root's place; the link itself is the caller's)."""
    values = bind(pattern, given, framework)
    used = set(live)
    built: list[dict[str, Any]] = []
    members: list[Member] = []
    repetitions: list[Repetition] = []

    following: dict[str, int] = {}  # prefix -> the next number (the case is scanned once)

    def mint(node: Node) -> str:
        prefix = ID_PREFIX[node.type]
        if prefix not in following:
            following[prefix] = split_id(marks.mint("element", prefix, used))[1]
        new_id = f"{prefix}{following[prefix]}"
        following[prefix] += 1
        used.add(new_id)
        return new_id

    def include(node: Node, scope: Mapping[str, Value | None]) -> bool:
        return node.optional is None or scope.get(node.optional) is not None

    def make(
        node: Node,
        scope: Mapping[str, Value | None],
        parent_id: str | None,
        item: Value | None,
    ) -> str:
        new_id = mint(node)
        # A claim of an optional parameter left unbound is left out.
        claims = [c for c in (render(c, scope) for c in node.claims) if not PLACEHOLDER.search(c)]
        body: dict[str, Any] = {
            "id": new_id,
            "type": node.type,
            "text": render(node.text, scope),
            "module": module,
            "supported_by": [],
            "in_context_of": [],
            "undeveloped": node.undeveloped,
            "addresses": list(dict.fromkeys(claims)),
        }
        built.append(body)
        link = None
        if parent_id is not None:
            link = "in_context_of" if node.type in CONTEXTUAL else "supported_by"
        members.append(
            Member(
                id=new_id,
                role=node.role,
                type=node.type,
                parent=parent_id,
                link=link,
                item=item.text if item is not None else None,
            )
        )
        body["_item"] = item.text if item is not None else None
        body["_role"] = node.role
        children = node.children
        if node.choice is not None:
            chosen = scope.get(node.choice.parameter)
            picked = set(chosen.text.split(",")) if chosen is not None else set()
            children = [c for c in children if c.option in picked]
        for child in children:
            if not include(child, scope):
                continue
            if child.many is not None:
                items = items_of(child.many, scope, framework)
                if not items:
                    source = scope.get(child.many.of or "")
                    of = source.text if source is not None else framework.id
                    raise InputError(
                        f"pattern {pattern.name}: {of} has no {child.many.over} to repeat "
                        f"{child.role} over in {framework.id}; choose another value"
                    )
                for each in items:
                    inner = {**scope, child.many.each: each}
                    body[_links(child)].append(make(child, inner, new_id, each))
                source = scope.get(child.many.of or "")
                repetitions.append(
                    Repetition(
                        role=child.role,
                        over=child.many.over,
                        of=source.text if source is not None else None,
                        parent=new_id,
                        demanded_only=child.many.demanded_only,
                    )
                )
            else:
                body[_links(child)].append(make(child, scope, new_id, item))
        return new_id

    root_id = make(pattern.root, values, None, None)
    members[0] = members[0].model_copy(update={"parent": parent})
    record = InstanceRecord(
        name=pattern.name,
        title=pattern.title,
        digest=pattern_digest(pattern),
        bindings=[
            Binding(
                name=p.name,
                kind=p.kind,
                required=p.required,
                value=v.text if (v := values[p.name]) is not None else None,
            )
            for p in pattern.parameters
        ],
        members=members,
        repetitions=repetitions,
    )
    elements: list[Element] = []
    for body in built:
        role, item_id = body.pop("_role"), body.pop("_item")
        if body["id"] == root_id:
            mark: dict[str, Any] = record.model_dump(mode="json", exclude_defaults=False)
        else:
            mark = MemberMark(instance=root_id, role=role, item=item_id).model_dump(
                mode="json", exclude_none=True
            )
        elements.append(Element.model_validate({**body, "metadata": {METADATA_KEY: mark}}))
    return Instance(pattern, values, elements)


def _links(node: Node) -> str:
    return "in_context_of" if node.type in CONTEXTUAL else "supported_by"
