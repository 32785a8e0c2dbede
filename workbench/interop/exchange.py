"""JSON exchange document: the whole case as JSON, validated with JSON-path error messages."""

from __future__ import annotations

import json

from pydantic import ValidationError

from workbench.domain import CaseDocument, InputError
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
