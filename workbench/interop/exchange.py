"""JSON exchange document: the whole case as JSON, validated with JSON-path error messages;
and the fragment of a case that copy and paste carry."""

from __future__ import annotations

import json
from typing import Literal

from pydantic import Field, ValidationError, model_validator

from workbench.domain import CaseDocument, Element, InputError, Model
from workbench.domain.base import Ident
from workbench.domain.errors import describe_validation_error
from workbench.runtime.inputs import loads_json


def dumps_case(doc: CaseDocument) -> str:
    """Deterministic, human-diffable JSON (field order of the schema, two-space indent)."""
    return json.dumps(doc.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def loads_case(text: str | bytes, *, source: str = "<input>") -> CaseDocument:
    data = loads_json(text, source)
    if not isinstance(data, dict) or data.get("format") != "safety-case-workbench/1":
        raise InputError(
            f'{source} is not a workbench case document (expected "format": '
            '"safety-case-workbench/1")'
        )
    try:
        return CaseDocument.model_validate(data)
    except ValidationError as exc:
        raise InputError(describe_validation_error(exc, f"case document {source}")) from None


#: The ``format`` of a fragment: some elements of a case (a copied subtree), not a whole case.
FRAGMENT_FORMAT = "safety-case-workbench/fragment/1"


class CaseFragment(Model):
    """Elements copied out of a case: ``roots`` are the ones chosen, ``elements`` those and
    everything under them, their links kept only where both ends are in the fragment."""

    format: Literal["safety-case-workbench/fragment/1"] = "safety-case-workbench/fragment/1"
    source: str = ""
    roots: list[Ident] = Field(default_factory=list)
    elements: list[Element] = Field(default_factory=list)

    @model_validator(mode="after")
    def _links_inside(self) -> CaseFragment:
        ids = {e.id for e in self.elements}
        if len(ids) != len(self.elements):
            raise ValueError("an element id appears twice in the fragment")
        for root in self.roots:
            if root not in ids:
                raise ValueError(f"root {root!r} is not among the fragment's elements")
        for element in self.elements:
            for target in element.links:
                if target not in ids:
                    raise ValueError(f"element {element.id!r} links to {target!r}, not in it")
        return self


def dumps_fragment(fragment: CaseFragment) -> str:
    """A fragment as JSON (what the clipboard carries), in the case document's style."""
    return json.dumps(fragment.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def loads_fragment(text: str | bytes, *, source: str = "the clipboard") -> CaseFragment:
    """A fragment from JSON; a bad one is an ``InputError`` saying what is wrong."""
    try:
        data = loads_json(text, source)
    except InputError as exc:
        raise InputError(f"{source} holds no workbench elements ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FRAGMENT_FORMAT:
        raise InputError(
            f'{source} holds no workbench elements (expected "format": "{FRAGMENT_FORMAT}")'
        )
    try:
        return CaseFragment.model_validate(data)
    except ValidationError as exc:
        raise InputError(describe_validation_error(exc, f"elements in {source}")) from None
