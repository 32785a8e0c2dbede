"""JSON Schemas generated from the domain models; `python -m workbench.interop.schemas DIR`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from workbench.domain import CaseDocument, Framework
from workbench.domain.base import Model
from workbench.domain.patterns import Pattern

#: File name -> model, for every schema kept in the repository's ``schemas/`` folder.
SCHEMAS: dict[str, type[Model]] = {
    "framework.schema.json": Framework,
    "case-document.schema.json": CaseDocument,
    "pattern.schema.json": Pattern,
}
REGENERATE = "python -m workbench.interop.schemas schemas"


def schema_for(model: type[Model]) -> dict[str, Any]:
    schema = model.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://safety-case-workbench.invalid/schemas/{model.__name__}",
        **schema,
    }


def render(model: type[Model]) -> str:
    return json.dumps(schema_for(model), indent=2, ensure_ascii=False) + "\n"


def write_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in SCHEMAS.items():
        path = folder / name
        path.write_text(render(model), encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0] if args else "schemas")
    for path in write_all(folder):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
