"""Strict YAML for gsn2x files: duplicate keys refused with their line, safe loading only."""

from __future__ import annotations

import re
from typing import Any

import yaml

from workbench.domain import (
    InputError,
)


class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe loader with YAML 1.2-like scalars: no timestamps, only true/false are booleans."""


_StrictLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def _duplicate_key(node: yaml.Node) -> tuple[str, int] | None:
    """The first key repeated in a mapping node (PyYAML would silently keep the last)."""
    if not isinstance(node, yaml.MappingNode):
        return None
    seen: set[str] = set()
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag.endswith(":merge"):
            continue
        if key_node.value in seen:
            return key_node.value, key_node.start_mark.line + 1
        seen.add(key_node.value)
    return None


def _nested_duplicate(node: yaml.Node) -> tuple[str, int] | None:
    stack = [node]
    visited: set[int] = set()
    while stack:
        current = stack.pop()
        if id(current) in visited:  # aliases share nodes and may even be recursive
            continue
        visited.add(id(current))
        found = _duplicate_key(current)
        if found:
            return found
        if isinstance(current, yaml.MappingNode):
            stack.extend(value for _, value in current.value)
            stack.extend(key for key, _ in current.value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return None


#: Deepest nesting of mappings and sequences accepted (gsn2x files nest a few levels).
MAX_YAML_DEPTH = 100


def _refuse_aliases_and_depth(text: str, source: str) -> None:
    """Refuse an alias (``*name``: an alias bomb expands a few lines into gigabytes) or
    nesting deeper than MAX_YAML_DEPTH, from the event stream, before anything is built."""
    loader = _StrictLoader(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            line = event.start_mark.line + 1 if event.start_mark is not None else 0
            if isinstance(event, yaml.AliasEvent):
                raise InputError(
                    f"{source}: line {line} uses the YAML alias "
                    f"*{event.anchor}; aliases are not accepted in gsn2x files, write the "
                    "value out"
                )
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    raise InputError(
                        f"{source}: line {line} is nested deeper than {MAX_YAML_DEPTH} levels"
                    )
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    finally:
        loader.dispose()


def load_yaml_strict(text: str, *, source: str) -> Any:
    """Parse one YAML document, refusing duplicate keys with the line they repeat on, and
    aliases and deep nesting with the line they are on."""
    loader = _StrictLoader(text)
    try:
        _refuse_aliases_and_depth(text, source)
        root = loader.get_single_node()
        if root is None:
            return None
        found = _duplicate_key(root)
        if found:
            raise InputError(f"{source}: element {found[0]} is defined twice (line {found[1]})")
        if isinstance(root, yaml.MappingNode):
            for key_node, value_node in root.value:
                nested = _nested_duplicate(value_node)
                if nested:
                    raise InputError(
                        f"{source}: element {key_node.value}: key {nested[0]!r} "
                        f"is given twice (line {nested[1]})"
                    )
        return loader.construct_document(root)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(f"{source} is not valid YAML{where}: {problem}") from None
    finally:
        loader.dispose()
