"""OSCAL catalogs: import one as a framework catalogue, export any framework as an OSCAL catalog."""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from workbench.domain import (
    Actors,
    ActorScope,
    Citation,
    Definition,
    Figure,
    Framework,
    InputError,
    Level,
    Modality,
    Obligation,
    ObligationKind,
    Requirement,
    Source,
    Standard,
    StandardKind,
    Threshold,
    Tier,
    TimeRange,
    Trigger,
)
from workbench.domain.errors import describe_validation_error
from workbench.domain.ids import unused_id
from workbench.runtime.inputs import loads_json

OSCAL_VERSION = "1.1.2"
#: Namespace of the props that carry what OSCAL has no field for (ids, ASL, thresholds, …).
WORKBENCH_NS = "urn:safety-case-workbench:oscal"
#: uuid5 namespace for every UUID an export writes (same framework, same UUIDs).
UUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, WORKBENCH_NS)

_INSERT = re.compile(r"\{\{\s*insert:\s*param,\s*([^\s}]+)\s*\}\}")
_TOKEN_BAD = re.compile(r"[^A-Za-z0-9_.\-]+")
_IDENT_BAD = re.compile(r"[^A-Za-z0-9_.:/\-]+")
_PROSE_PARTS = ("guidance", "assessment-objective", "objective")
_SECTION = "workbench-section"
#: Most parameter insertions, and characters they produce, in one piece of prose: a
#: parameter may insert others, so a few nested ones could otherwise expand without end.
MAX_INSERTIONS = 10_000
MAX_EXPANDED_CHARS = 10_000_000


# --------------------------------------------------------------------------- import


def _props(obj: dict[str, Any]) -> list[dict[str, Any]]:
    props = obj.get("props") or []
    return [p for p in props if isinstance(p, dict) and "name" in p and "value" in p]


def _own(obj: dict[str, Any], name: str) -> list[str]:
    """Values of the workbench props of this name (our namespace only)."""
    return [
        str(p["value"]) for p in _props(obj) if p.get("ns") == WORKBENCH_NS and p["name"] == name
    ]


def _own_one(obj: dict[str, Any], name: str) -> str | None:
    values = _own(obj, name)
    return values[0] if values else None


def _own_json(obj: dict[str, Any], name: str) -> Any:
    """A workbench prop holding JSON (figures, deadlines, …), parsed; None when absent."""
    value = _own_one(obj, name)
    return loads_json(value, f"OSCAL prop {name}") if value is not None else None


def _own_parts(obj: dict[str, Any], name: str) -> list[str]:
    """The prose of the workbench parts of this name (quotes, notes), in order."""
    return [
        str(p.get("prose") or "")
        for p in obj.get("parts") or []
        if isinstance(p, dict) and p.get("ns") == WORKBENCH_NS and p.get("name") == name
    ]


def _cited(obj: dict[str, Any]) -> dict[str, Any]:
    """The citation fields of an item (source, modality, notes) from its props and parts."""
    fields: dict[str, Any] = {"notes": _own_parts(obj, "note")}
    modality = _own_one(obj, "modality")
    if modality is not None:
        fields["modality"] = Modality(modality)
    section = _own_one(obj, "source-section")
    quotes = _own_parts(obj, "quote")
    if section is not None and quotes:
        as_list = _own_one(obj, "quote-list") == "true"
        fields["source"] = Citation(section=section, quote=quotes if as_list else quotes[0])
    return fields


def _figures(obj: dict[str, Any], name: str = "figures") -> list[Figure]:
    return [Figure.model_validate(f) for f in _own_json(obj, name) or []]


def _slug(text: str) -> str:
    cleaned = _IDENT_BAD.sub("-", text.strip()).strip("-._:/")
    return cleaned[:80].rstrip("-._:/") or "catalog"


@dataclass
class _Prose:
    """Renders OSCAL prose: parameter placeholders substituted, item labels kept."""

    params: dict[str, dict[str, Any]]
    _seen: set[str] = field(default_factory=set)
    _insertions: int = 0
    _produced: int = 0

    def text(self, prose: str) -> str:
        if not self._seen:  # a new piece of prose, not a parameter's own text
            self._insertions = self._produced = 0
        return _INSERT.sub(lambda m: self.param(m.group(1)), prose)

    def param(self, param_id: str) -> str:
        param = self.params.get(param_id)
        if param is None or param_id in self._seen:
            return f"[Assignment: {param_id}]"
        self._insertions += 1
        if self._insertions > MAX_INSERTIONS:
            raise InputError(
                f"parameter {param_id} is inserted more than {MAX_INSERTIONS:,} times in one "
                "piece of prose (parameters inserting parameters); the catalog is refused"
            )
        self._seen.add(param_id)
        try:
            value = self._value(param_id, param)
        finally:
            self._seen.discard(param_id)
        self._produced += len(value)
        if self._produced > MAX_EXPANDED_CHARS:
            raise InputError(
                f"parameter {param_id} expands one piece of prose beyond "
                f"{MAX_EXPANDED_CHARS:,} characters; the catalog is refused"
            )
        return value

    def _value(self, param_id: str, param: dict[str, Any]) -> str:
        values = [str(v) for v in param.get("values") or []]
        if values:
            return ", ".join(self.text(v) for v in values)
        select = param.get("select")
        if isinstance(select, dict) and select.get("choice"):
            how = "one or more" if select.get("how-many") == "one-or-more" else "one"
            choices = "; ".join(self.text(str(c)) for c in select["choice"])
            return f"[Selection ({how}): {choices}]"
        label = param.get("label")
        if label:
            return f"[Assignment: {self.text(str(label))}]"
        return f"[Assignment: {param_id}]"

    def part(self, part: dict[str, Any], depth: int = 0) -> list[str]:
        """A part and its sub-parts as indented lines, each led by its label (a., 1., …)."""
        lines: list[str] = []
        label = next((str(p["value"]) for p in _props(part) if p["name"] == "label"), "")
        prose = self.text(str(part.get("prose") or "")).strip()
        title = str(part.get("title") or "").strip()
        head = " ".join(x for x in (label, title + ":" if title and prose else title, prose) if x)
        if head:
            lines.append("   " * depth + head)
        for sub in part.get("parts") or []:
            if isinstance(sub, dict):
                lines.extend(self.part(sub, depth + 1 if head else depth))
        return lines


def _collect_params(node: dict[str, Any], into: dict[str, dict[str, Any]]) -> None:
    for param in node.get("params") or []:
        if isinstance(param, dict) and "id" in param:
            into[str(param["id"])] = param
    for key in ("groups", "controls"):
        for child in node.get(key) or []:
            if isinstance(child, dict):
                _collect_params(child, into)


def _is_withdrawn_prop(prop: dict[str, Any]) -> bool:
    return prop["name"] == "status" and str(prop["value"]).strip().lower() == "withdrawn"


def _withdrawn(control: dict[str, Any]) -> bool:
    """Whether a control says it is withdrawn (NIST writes ``status: Withdrawn``)."""
    return any(_is_withdrawn_prop(p) for p in _props(control))


#: The members of a group or control that hold its children, rebuilt on export.
_CHILDREN = ("groups", "controls")


def _kept(node: dict[str, Any]) -> dict[str, Any]:
    """An OSCAL object as imported, its child groups and controls left out."""
    return {k: v for k, v in node.items() if k not in _CHILDREN}


def _labels(control: dict[str, Any]) -> dict[str, str]:
    labels: dict[str, str] = {}
    for p in _props(control):
        if p.get("ns") == WORKBENCH_NS:
            if p["name"] == "label-pair":
                key, _, value = str(p["value"]).partition("=")
                labels.setdefault(key, value)
            continue
        if _is_withdrawn_prop(p):
            continue  # the requirement's withdrawn flag
        labels.setdefault(str(p["name"]), str(p["value"]))
    return labels


def _statement_and_expectations(control: dict[str, Any], prose: _Prose) -> tuple[str, list[str]]:
    statement: list[str] = []
    expectations: list[str] = []
    for part in control.get("parts") or []:
        if not isinstance(part, dict):
            continue
        name = part.get("name")
        if name == "statement":
            statement.extend(prose.part(part))
        elif name in _PROSE_PARTS:
            text = "\n".join(prose.part(part)).strip()
            if text:
                expectations.append(text)
    return "\n".join(statement), expectations


@dataclass
class _Importer:
    framework_id: str
    prose: _Prose
    own_format: bool
    used_ids: set[str] = field(default_factory=set)

    def unique(self, wanted: str) -> str:
        return unused_id(wanted, self.used_ids)

    def local_id(self, obj: dict[str, Any], fallback: str) -> str:
        own = _own_one(obj, "workbench-id")
        if own:
            return own
        return self.unique(f"{self.framework_id}/{_slug(str(obj.get('id') or fallback))}")

    def requirements(self, controls: list[Any], parent: str | None = None) -> Iterator[Requirement]:
        for n, control in enumerate(controls, start=1):
            if not isinstance(control, dict):
                continue
            control_id = str(control.get("id") or f"control-{n}")
            req_id = self.local_id(control, control_id)
            statement, expectations = _statement_and_expectations(control, self.prose)
            labels = _labels(control)
            if parent is not None and not self.own_format:
                labels.setdefault("enhancement-of", parent)
            yield Requirement(
                id=req_id,
                title=str(control.get("title") or control_id),
                statement=statement,
                evidence_expectations=expectations,
                labels=labels,
                figures=_figures(control),
                withdrawn=_withdrawn(control),
                oscal=None if self.own_format else _kept(control),
                **_cited(control),
            )
            yield from self.requirements(control.get("controls") or [], req_id)

    def standards(
        self, groups: list[Any], path: tuple[str, ...] = (), parent: str | None = None
    ) -> Iterator[Standard]:
        """Every group as a standard (titled by its path), its groups after it, nested in it."""
        for n, group in enumerate(groups, start=1):
            if not isinstance(group, dict) or _own_one(group, _SECTION):
                continue
            title = str(group.get("title") or group.get("id") or f"Group {n}")
            requirements = list(self.requirements(group.get("controls") or []))
            standard = self.standard(group, " / ".join((*path, title)), requirements, n, parent)
            yield standard
            yield from self.standards(group.get("groups") or [], (*path, title), standard.id)

    def standard(
        self,
        group: dict[str, Any],
        title: str,
        requirements: list[Requirement],
        n: int,
        parent: str | None,
    ) -> Standard:
        objective = "\n".join(
            line
            for part in group.get("parts") or []
            if isinstance(part, dict) and part.get("ns") != WORKBENCH_NS
            for line in self.prose.part(part)
        )
        asl = _own_one(group, "asl")
        return Standard(
            id=self.local_id(group, str(group.get("id") or f"group-{n}")),
            title=title,
            kind=StandardKind(_own_one(group, "kind") or StandardKind.other),
            asl=int(asl) if asl else None,
            level=_own_one(group, "level"),
            **_cited(group),
            objective=objective,
            actor_scope=ActorScope(
                in_scope=_own(group, "actor-in-scope"),
                out_of_scope=_own(group, "actor-out-of-scope"),
            ),
            specified=_own_one(group, "specified") != "false",
            requirements=requirements,
            parent=_own_one(group, "parent") if self.own_format else parent,
            oscal=None if self.own_format else _kept(group),
        )


def _section(catalog: dict[str, Any], name: str) -> list[dict[str, Any]]:
    for group in catalog.get("groups") or []:
        if isinstance(group, dict) and _own_one(group, _SECTION) == name:
            return [c for c in group.get("controls") or [] if isinstance(c, dict)]
    return []


def _part_prose(control: dict[str, Any], name: str, prose: _Prose) -> str:
    for part in control.get("parts") or []:
        if isinstance(part, dict) and part.get("name") == name:
            return "\n".join(prose.part(part))
    return ""


def _time_range(obj: dict[str, Any], name: str, old_days: str) -> TimeRange | None:
    """A deadline or cadence: the JSON prop, or an older export's whole days."""
    data = _own_json(obj, name)
    if data is not None:
        return TimeRange.model_validate(data)
    days = _own_one(obj, old_days)
    return TimeRange(max=int(days), unit="days", hard=True) if days else None


def _thresholds(catalog: dict[str, Any], prose: _Prose) -> list[Threshold]:
    return [
        Threshold(
            id=_own_one(c, "workbench-id") or str(c["id"]),
            title=str(c.get("title", "")),
            domain=_own_one(c, "domain") or "",
            definition=_part_prose(c, "statement", prose),
            level=_own_one(c, "level"),
            required_standards=_own(c, "required-standard"),
            expected_standards=_own(c, "expected-standard"),
            checkpoint=_own_one(c, "checkpoint") == "true",
            rules_out=_own(c, "rules-out"),
            ongoing=_own_one(c, "ongoing") == "true",
            alert=_own_one(c, "alert") == "true",
            tiers=[Tier.model_validate(t) for t in _own_json(c, "tiers") or []],
            figures=_figures(c),
            response=_part_prose(c, "guidance", prose),
            **_cited(c),
        )
        for c in _section(catalog, "thresholds")
    ]


def _all_obligations(catalog: dict[str, Any], prose: _Prose) -> list[Obligation]:
    """Every obligation section's obligations, in the order the export numbered them."""
    numbered: list[tuple[int, Obligation]] = []
    for kind in ObligationKind:
        for control, obligation in _obligations(catalog, kind, prose):
            position = _own_one(control, "position")
            numbered.append((int(position) if position else len(numbered), obligation))
    return [o for _, o in sorted(numbered, key=lambda pair: pair[0])]


def _obligations(
    catalog: dict[str, Any], kind: ObligationKind, prose: _Prose
) -> list[tuple[dict[str, Any], Obligation]]:
    result = []
    for c in _section(catalog, kind.value):
        trigger = _own_json(c, "trigger")
        actors = _own_json(c, "actors")
        result.append(
            (
                c,
                Obligation(
                    id=_own_one(c, "workbench-id") or str(c["id"]),
                    kind=kind,
                    title=str(c.get("title", "")),
                    statement=_part_prose(c, "statement", prose),
                    trigger=Trigger.model_validate(trigger) if trigger is not None else None,
                    deadline=_time_range(c, "deadline", "deadline-days"),
                    cadence=_time_range(c, "cadence", "cadence-days"),
                    actors=Actors.model_validate(actors) if actors is not None else Actors(),
                    before=_own_one(c, "before"),
                    condition=next(iter(_own_parts(c, "condition")), None),
                    figures=_figures(c),
                    **_cited(c),
                ),
            )
        )
    return result


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00")).date()
    except ValueError:
        try:
            return dt.date.fromisoformat(str(value)[:10])
        except ValueError:
            return None


def _publisher(metadata: dict[str, Any]) -> str:
    parties = {
        p.get("uuid"): p.get("name") or p.get("short-name")
        for p in metadata.get("parties") or []
        if isinstance(p, dict)
    }
    for role in ("publisher", "creator", "author", "maintainer"):
        for rp in metadata.get("responsible-parties") or []:
            if isinstance(rp, dict) and rp.get("role-id") == role:
                for party_uuid in rp.get("party-uuids") or []:
                    if parties.get(party_uuid):
                        return str(parties[party_uuid])
    named = [name for name in parties.values() if name]
    return str(named[0]) if named else "unknown publisher"


def _source(catalog: dict[str, Any], metadata: dict[str, Any], source: str) -> Source:
    for resource in (catalog.get("back-matter") or {}).get("resources") or []:
        if isinstance(resource, dict) and _own_one(resource, "workbench-source") == "true":
            rlinks = [r.get("href") for r in resource.get("rlinks") or [] if isinstance(r, dict)]
            return Source(
                title=str(resource.get("title", "")),
                version=_own_one(resource, "version") or "",
                date=_date(_own_one(resource, "date")),
                url=rlinks[0] if rlinks else None,
                note=resource.get("description"),
            )
    return Source(
        title=str(metadata["title"]),
        version=str(metadata["version"]),
        date=_date(metadata.get("published") or metadata.get("last-modified")),
        note=f"imported from OSCAL catalog {source}",
    )


def _catalog_of(data: Any, source: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise InputError(f"{source} is not an OSCAL catalog (expected a JSON object)")
    for other in ("profile", "component-definition", "system-security-plan"):
        if other in data:
            raise InputError(
                f"{source} is an OSCAL {other}, not a catalog; resolve it to a catalog first"
            )
    catalog = data.get("catalog", data if "metadata" in data else None)
    if not isinstance(catalog, dict) or not isinstance(catalog.get("metadata"), dict):
        raise InputError(f"{source} is not an OSCAL catalog (no 'catalog' with 'metadata')")
    metadata = catalog["metadata"]
    for key in ("title", "version"):
        if not isinstance(metadata.get(key), str) or not metadata[key].strip():
            raise InputError(f"{source}: OSCAL catalog metadata has no {key}")
    return catalog


def framework_from_oscal(
    data: dict[str, Any], *, source: str, framework_id: str | None = None
) -> Framework:
    """An OSCAL catalog (JSON, parsed) as a framework catalogue the checks can use.

    Groups become standards (kind other, nested groups nested standards) and every control
    and enhancement a requirement with its statement (parameters substituted) and its guidance
    as evidence expectations; withdrawn controls are kept as withdrawn, never demanded. What
    the workbench does not model (params, props, links, parts, back-matter, the catalog's uuid
    and metadata) is kept as read and written back by ``framework_to_oscal``
    (``kept_summary`` lists it). A catalog this module exported comes back as the same
    framework.
    """
    catalog = _catalog_of(data, source)
    metadata = catalog["metadata"]
    own_format = _own_one(metadata, "framework-id") is not None
    fw_id = framework_id or _own_one(metadata, "framework-id") or _slug(str(metadata["title"]))
    params: dict[str, dict[str, Any]] = {}
    _collect_params(catalog, params)
    prose = _Prose(params)
    importer = _Importer(framework_id=fw_id, prose=prose, own_format=own_format)
    try:
        standards = list(importer.standards(catalog.get("groups") or []))
        loose = list(importer.requirements(catalog.get("controls") or []))
        if loose:
            standards.append(
                Standard(
                    id=importer.unique(f"{fw_id}/controls"),
                    title="Controls outside any group",
                    kind=StandardKind.other,
                    requirements=loose,
                )
            )
        # A foreign catalog has no thresholds: every control applies to every model.
        baseline = _own(metadata, "baseline-standard") if own_format else [s.id for s in standards]
        return Framework(
            id=fw_id,
            title=str(metadata["title"]),
            publisher=_own_one(metadata, "publisher") or _publisher(metadata),
            version=str(metadata["version"]),
            effective_date=_date(metadata.get("published")),
            source=_source(catalog, metadata, source),
            description=str(metadata.get("remarks") or ""),
            thresholds=_thresholds(catalog, prose),
            standards=standards,
            baseline_standards=baseline,
            levels=[Level.model_validate(lv) for lv in _own_json(metadata, "levels") or []],
            obligations=_all_obligations(catalog, prose),
            definitions=[
                Definition.model_validate(d) for d in _own_json(metadata, "definitions") or []
            ],
            figures=_figures(metadata),
            notes=[str(n) for n in _own_json(metadata, "notes") or []],
            oscal=None if own_format else _kept(catalog),
        )
    except ValidationError as exc:
        raise InputError(describe_validation_error(exc, f"framework from {source}")) from None
    except (TypeError, ValueError, KeyError) as exc:
        raise InputError(f"{source}: OSCAL catalog has an unexpected shape ({exc})") from None


# --------------------------------------------------------------------------- export


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(UUID_NAMESPACE, "/".join(parts)))


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _prop(name: str, value: Any, *, own: bool = True) -> dict[str, Any] | None:
    text = _one_line(value)
    if not text:
        return None
    prop: dict[str, Any] = {"name": name, "value": text}
    if own:
        prop["ns"] = WORKBENCH_NS
    return prop


def _props_list(*props: dict[str, Any] | None) -> list[dict[str, Any]]:
    return [p for p in props if p is not None]


@dataclass
class _Tokens:
    """OSCAL ids are tokens (no '/' or ':') unique in the document."""

    used: set[str] = field(default_factory=set)

    def __call__(self, text: str) -> str:
        token = _TOKEN_BAD.sub("_", text).strip(".-")
        if not token or not (token[0].isalpha() or token[0] == "_"):
            token = f"_{token}"
        return unused_id(token, self.used)


_NAME_TOKEN = re.compile(r"^[_A-Za-z][_A-Za-z0-9.\-]*$")


def _part(tokens: _Tokens, owner: str, suffix: str, name: str, prose: str) -> dict[str, Any]:
    return {"id": tokens(f"{owner}_{suffix}"), "name": name, "prose": prose}


def _title(text: str, fallback: str) -> str:
    return _one_line(text) or fallback


def _json_prop(name: str, value: Any) -> dict[str, Any] | None:
    """A workbench prop holding compact JSON (empty values are left out)."""
    if value in (None, [], {}):
        return None
    return _prop(name, json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def _own_part(tokens: _Tokens, owner: str, suffix: str, name: str, prose: str) -> dict[str, Any]:
    part = _part(tokens, owner, suffix, name, prose)
    part["ns"] = WORKBENCH_NS
    return part


def _citation_props(source: Citation | None, modality: Modality) -> list[dict[str, Any] | None]:
    props: list[dict[str, Any] | None] = [_prop("modality", modality.value)]
    if source is not None:
        props.append(_prop("source-section", source.section))
        if isinstance(source.quote, list):
            props.append(_prop("quote-list", "true"))
    return props


def _citation_parts(
    tokens: _Tokens, owner: str, source: Citation | None, notes: list[str]
) -> list[dict[str, Any]]:
    """The quote(s) and notes of an item as workbench parts (quotes kept verbatim)."""
    parts = []
    for n, quote in enumerate(source.quotes if source is not None else [], start=1):
        parts.append(_own_part(tokens, owner, f"quote.{n}", "quote", quote))
    for n, note in enumerate(notes, start=1):
        parts.append(_own_part(tokens, owner, f"note.{n}", "note", note))
    return parts


def _figures_json(figures: list[Figure]) -> list[dict[str, Any]]:
    return [f.model_dump(mode="json", exclude_defaults=True) for f in figures]


def _requirement_control(req: Requirement, tokens: _Tokens) -> dict[str, Any]:
    control_id = tokens(req.id.rsplit("/", 1)[-1])
    label_props: list[dict[str, Any] | None] = []
    for key, value in req.labels.items():
        if _NAME_TOKEN.match(key):
            label_props.append(_prop(key, value, own=False))
        else:
            label_props.append(_prop("label-pair", f"{key}={value}"))
    control: dict[str, Any] = {
        "id": control_id,
        "class": "requirement",
        "title": _title(req.title, req.id),
        "props": _props_list(
            _prop("workbench-id", req.id),
            _prop("status", "withdrawn", own=False) if req.withdrawn else None,
            *_citation_props(req.source, req.modality),
            _json_prop("figures", _figures_json(req.figures)),
            *label_props,
        ),
    }
    parts = []
    if req.statement.strip():
        parts.append(_part(tokens, control_id, "smt", "statement", req.statement))
    for n, expectation in enumerate(req.evidence_expectations, start=1):
        parts.append(_part(tokens, control_id, f"gdn.{n}", "guidance", expectation))
    parts += _citation_parts(tokens, control_id, req.source, req.notes)
    if parts:
        control["parts"] = parts
    return control


def _standard_group(std: Standard, tokens: _Tokens) -> dict[str, Any]:
    group_id = tokens(std.id.rsplit("/", 1)[-1])
    group: dict[str, Any] = {
        "id": group_id,
        "class": "standard",
        "title": _title(std.title, std.id),
        "props": _props_list(
            _prop("workbench-id", std.id),
            _prop("kind", std.kind.value),
            _prop("asl", std.asl) if std.asl is not None else None,
            _prop("level", std.level) if std.level is not None else None,
            _prop("specified", "true" if std.specified else "false"),
            _prop("parent", std.parent) if std.parent is not None else None,
            *_citation_props(std.source, std.modality),
            *(_prop("actor-in-scope", a) for a in std.actor_scope.in_scope),
            *(_prop("actor-out-of-scope", a) for a in std.actor_scope.out_of_scope),
        ),
    }
    parts = _citation_parts(tokens, group_id, std.source, std.notes)
    if std.objective.strip():
        parts.insert(0, _part(tokens, group_id, "obj", "overview", std.objective))
    if parts:
        group["parts"] = parts
    if std.requirements:
        group["controls"] = [_requirement_control(r, tokens) for r in std.requirements]
    return group


def _threshold_control(t: Threshold, tokens: _Tokens) -> dict[str, Any]:
    control_id = tokens(t.id.rsplit("/", 1)[-1])
    parts = []
    if t.definition.strip():
        parts.append(_part(tokens, control_id, "smt", "statement", t.definition))
    if t.response.strip():
        parts.append(_part(tokens, control_id, "gdn", "guidance", t.response))
    parts += _citation_parts(tokens, control_id, t.source, t.notes)
    control: dict[str, Any] = {
        "id": control_id,
        "class": "capability-threshold",
        "title": _title(t.title, t.id),
        "props": _props_list(
            _prop("workbench-id", t.id),
            _prop("domain", t.domain),
            *_citation_props(t.source, t.modality),
            _prop("level", t.level) if t.level is not None else None,
            *(_prop("required-standard", s) for s in t.required_standards),
            *(_prop("expected-standard", s) for s in t.expected_standards),
            _prop("checkpoint", "true") if t.checkpoint else None,
            *(_prop("rules-out", r) for r in t.rules_out),
            _prop("ongoing", "true") if t.ongoing else None,
            _prop("alert", "true") if t.alert else None,
            _json_prop("tiers", [tier.model_dump(mode="json") for tier in t.tiers]),
            _json_prop("figures", _figures_json(t.figures)),
        ),
    }
    if parts:
        control["parts"] = parts
    return control


def _obligation_control(o: Obligation, position: int, tokens: _Tokens) -> dict[str, Any]:
    control_id = tokens(o.id.rsplit("/", 1)[-1])
    control: dict[str, Any] = {
        "id": control_id,
        "class": f"{o.kind.value}-obligation",
        "title": _title(o.title, o.id),
        "props": _props_list(
            _prop("workbench-id", o.id),
            _prop("position", position),
            *_citation_props(o.source, o.modality),
            _json_prop("trigger", o.trigger.model_dump(mode="json") if o.trigger else None),
            _json_prop("deadline", o.deadline.model_dump(mode="json") if o.deadline else None),
            _json_prop("cadence", o.cadence.model_dump(mode="json") if o.cadence else None),
            _json_prop("actors", o.actors.model_dump(mode="json", exclude_defaults=True)),
            _prop("before", o.before) if o.before else None,
            _json_prop("figures", _figures_json(o.figures)),
        ),
    }
    parts = []
    if o.statement.strip():
        parts.append(_part(tokens, control_id, "smt", "statement", o.statement))
    if o.condition:
        parts.append(_own_part(tokens, control_id, "cond", "condition", o.condition))
    parts += _citation_parts(tokens, control_id, o.source, o.notes)
    if parts:
        control["parts"] = parts
    return control


def _section_group(
    tokens: _Tokens, name: str, title: str, controls: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "id": tokens(f"workbench-{name}"),
        "class": name,
        "title": title,
        "props": [{"name": _SECTION, "value": name, "ns": WORKBENCH_NS}],
        "controls": controls,
    }


def _midnight(day: dt.date) -> str:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC).isoformat()


def framework_to_oscal(framework: Framework) -> dict[str, Any]:
    """The framework as an OSCAL 1.1 catalog document (``{"catalog": …}``), deterministically.

    UUIDs are uuid5 over the framework's ids and last-modified is the framework's own date,
    so exporting the same framework twice gives the same bytes. An imported catalog is
    written back as it was read: its uuid, metadata and back-matter, its groups and controls
    (withdrawn ones too) with their params, props, links and parts, nested as they were.
    """
    fw = framework
    if fw.oscal is not None:
        return _kept_catalog(fw)
    tokens = _Tokens()
    day = fw.effective_date or fw.source.date
    last_modified = _midnight(day) if day else "1970-01-01T00:00:00+00:00"
    party_uuid = _uuid(fw.id, "party", fw.publisher)
    metadata: dict[str, Any] = {
        "title": _title(fw.title, fw.id),
        "last-modified": last_modified,
        "version": _one_line(fw.version) or "unversioned",
        "oscal-version": OSCAL_VERSION,
        "props": _props_list(
            _prop("framework-id", fw.id),
            _prop("publisher", fw.publisher),
            *(_prop("baseline-standard", s) for s in fw.baseline_standards),
            _json_prop("levels", [lv.model_dump(mode="json") for lv in fw.levels]),
            _json_prop("figures", _figures_json(fw.figures)),
            _json_prop("notes", fw.notes),
            _json_prop("definitions", [d.model_dump(mode="json") for d in fw.definitions]),
        ),
        "roles": [{"id": "creator", "title": "Document Creator"}],
        "parties": [
            {"uuid": party_uuid, "type": "organization", "name": _title(fw.publisher, "-")}
        ],
        "responsible-parties": [{"role-id": "creator", "party-uuids": [party_uuid]}],
    }
    if fw.effective_date:
        metadata["published"] = _midnight(fw.effective_date)
    if fw.description.strip():
        metadata["remarks"] = fw.description
    groups = [_standard_group(s, tokens) for s in fw.standards]
    if fw.thresholds:
        groups.append(
            _section_group(
                tokens,
                "thresholds",
                "Capability thresholds",
                [_threshold_control(t, tokens) for t in fw.thresholds],
            )
        )
    for kind in ObligationKind:
        obligations = [(n, o) for n, o in enumerate(fw.obligations) if o.kind == kind]
        title = f"{kind.value.capitalize()} obligations"
        if obligations:
            groups.append(
                _section_group(
                    tokens,
                    kind.value,
                    title,
                    [_obligation_control(o, n, tokens) for n, o in obligations],
                )
            )
    resource: dict[str, Any] = {
        "uuid": _uuid(fw.id, "source"),
        "title": _title(fw.source.title, fw.title),
        "props": _props_list(
            _prop("workbench-source", "true"),
            _prop("version", fw.source.version),
            _prop("date", fw.source.date.isoformat()) if fw.source.date else None,
        ),
    }
    if fw.source.note:
        resource["description"] = fw.source.note
    if fw.source.url:
        resource["rlinks"] = [{"href": fw.source.url}]
    catalog: dict[str, Any] = {"uuid": _uuid(fw.id, "catalog"), "metadata": metadata}
    if groups:
        catalog["groups"] = groups
    catalog["back-matter"] = {"resources": [resource]}
    return {"catalog": catalog}


def _kept_controls(requirements: list[Requirement]) -> list[dict[str, Any]]:
    """Controls as imported, each enhancement back under the control it enhances."""
    ids = {r.id for r in requirements}
    nested: dict[str | None, list[Requirement]] = {}
    for r in requirements:
        parent = r.labels.get("enhancement-of")
        nested.setdefault(parent if parent in ids else None, []).append(r)

    def control(r: Requirement) -> dict[str, Any]:
        made = dict(r.oscal) if r.oscal is not None else _requirement_control(r, _Tokens())
        enhancements = [control(e) for e in nested.get(r.id, [])]
        if enhancements:
            made["controls"] = enhancements
        return made

    return [control(r) for r in nested.get(None, [])]


def _kept_catalog(fw: Framework) -> dict[str, Any]:
    """An imported catalog rebuilt from what its import kept."""
    kept = fw.oscal or {}
    catalog = {k: v for k, v in kept.items() if k != "back-matter"}
    nested: dict[str | None, list[Standard]] = {}
    loose: list[Requirement] = []
    for s in fw.standards:
        if s.oscal is None:  # the controls outside any group
            loose.extend(s.requirements)
        else:
            nested.setdefault(s.parent, []).append(s)

    def group(s: Standard) -> dict[str, Any]:
        made = dict(s.oscal or {})
        groups = [group(g) for g in nested.get(s.id, [])]
        if groups:
            made["groups"] = groups
        controls = _kept_controls(s.requirements)
        if controls:
            made["controls"] = controls
        return made

    if loose:
        catalog["controls"] = _kept_controls(loose)
    groups = [group(s) for s in nested.get(None, [])]
    if groups:
        catalog["groups"] = groups
    if "back-matter" in kept:
        catalog["back-matter"] = kept["back-matter"]
    return {"catalog": catalog}


#: Parts the workbench reads (statements, guidance and objectives become its text).
_USED_PARTS = frozenset({"statement", *_PROSE_PARTS})


def kept_summary(framework: Framework) -> str:
    """One line: what an imported catalog holds that the workbench keeps for export but does
    not use (links, back-matter, parts it does not read); "" when there is nothing."""
    if framework.oscal is None:
        return ""
    counts: dict[str, int] = {}

    def add(what: str, n: int) -> None:
        if n:
            counts[what] = counts.get(what, 0) + n

    def node(obj: dict[str, Any] | None, *, control: bool) -> None:
        if not obj:
            return
        add("link", len(obj.get("links") or []))
        for part in obj.get("parts") or [] if control else []:  # a group's are its objective
            if isinstance(part, dict) and part.get("name") not in _USED_PARTS:
                add(f"{part.get('name') or 'unnamed'} part", 1)

    node(framework.oscal.get("metadata"), control=False)
    for s in framework.standards:
        node(s.oscal, control=False)
        for r in s.requirements:
            node(r.oscal, control=True)
    back = framework.oscal.get("back-matter")
    add("back-matter resource", len(back.get("resources") or []) if isinstance(back, dict) else 0)
    if not counts:
        return ""
    listed = ", ".join(
        f"{n:,} {what}{'' if n == 1 else 's'}"
        for what, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    return f"kept for export, not used by the checks: {listed}"


def parameter_lines(framework: Framework, requirement: Requirement) -> list[str]:
    """The OSCAL params of an imported requirement, one line each with its constraints
    (label, values, selection and its choices, constraints, guidelines), placeholders in
    them rendered as text."""
    params = (requirement.oscal or {}).get("params") or []
    every: dict[str, dict[str, Any]] = {}
    _collect_params(framework.oscal or {}, every)
    for s in framework.standards:
        _collect_params(s.oscal or {}, every)
        for r in s.requirements:
            _collect_params(r.oscal or {}, every)
    prose = _Prose(every)
    lines = []
    for param in params:
        if not isinstance(param, dict) or "id" not in param:
            continue
        bits = []
        if param.get("label"):
            bits.append(prose.text(str(param["label"])))
        if param.get("values"):
            bits.append("value " + ", ".join(prose.text(str(v)) for v in param["values"]))
        select = param.get("select")
        if isinstance(select, dict) and select.get("choice"):
            how = "one or more of" if select.get("how-many") == "one-or-more" else "one of"
            bits.append(f"{how}: " + "; ".join(prose.text(str(c)) for c in select["choice"]))
        for constraint in param.get("constraints") or []:
            if isinstance(constraint, dict) and constraint.get("description"):
                bits.append("constraint: " + prose.text(str(constraint["description"])))
        for guideline in param.get("guidelines") or []:
            if isinstance(guideline, dict) and guideline.get("prose"):
                bits.append("guideline: " + prose.text(str(guideline["prose"])))
        lines.append(f"{param['id']}: " + ("; ".join(bits) or "no value given"))
    return lines
