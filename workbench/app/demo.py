"""The demo assessments: sample data shipped as files and written through the normal imports.

Each demo is a folder under ``resources/demo/`` with ``demo.json`` (which framework, the day
the data was written, its evidence files and what the assessor says of them), ``case.json``
(a case document without its framework: the shipped catalogue is put in when it is read)
and ``evidence/`` (the files). Dates are moved forward by the days since the data was
written, so a demo store always shows the same situation: a deadline five days ago stays
five days ago.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from workbench.app.catalogs import DEFAULT_FRAMEWORK, builtin_framework
from workbench.app.clock import utc_now
from workbench.app.evidence import EvidenceDetails, import_evidence
from workbench.app.workspace import Workspace, default_actor
from workbench.domain import CaseDocument, EvidenceKind, NotFoundError
from workbench.interop.exchange import loads_case
from workbench.runtime.resources import resource_path
from workbench.store import Store

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")
#: Text fields that may read like a date but name a thing, not a day of the assessment.
_NOT_DAYS = frozenset({"snapshot"})


@dataclass(frozen=True)
class DemoFile:
    """One evidence file of a demo and what the assessor records about it."""

    path: Path
    filename: str
    details: EvidenceDetails


def demo_folders() -> dict[str, Path]:
    """Framework id -> the folder of its demo, for every demo shipped."""
    found: dict[str, Path] = {}
    for manifest in sorted(resource_path("demo").glob("*/demo.json")):
        found[json.loads(manifest.read_text(encoding="utf-8"))["framework"]] = manifest.parent
    return found


def _shift(value: Any, days: dt.timedelta, exact: dt.timedelta) -> Any:
    """The same JSON with every date moved by ``days`` and every timestamp by ``exact``."""
    if isinstance(value, dict):
        return {k: v if k in _NOT_DAYS else _shift(v, days, exact) for k, v in value.items()}
    if isinstance(value, list):
        return [_shift(v, days, exact) for v in value]
    if isinstance(value, str):
        if _DATE.match(value):
            return (dt.date.fromisoformat(value) + days).isoformat()
        if _DATETIME.match(value):
            return (dt.datetime.fromisoformat(value) + exact).isoformat()
    return value


@cache
def _read(folder: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    manifest = json.loads((folder / "demo.json").read_text(encoding="utf-8"))
    case = json.loads((folder / manifest["case"]).read_text(encoding="utf-8"))
    return manifest, case


def demo_document(
    now: dt.datetime, framework_id: str = DEFAULT_FRAMEWORK
) -> tuple[CaseDocument, list[DemoFile]]:
    """The demo case as of ``now`` (evidence records are made by importing its files)."""
    folders = demo_folders()
    if framework_id not in folders:
        known = ", ".join(sorted(folders))
        raise NotFoundError(f"no demo for framework {framework_id!r} (demos: {known})")
    folder = folders[framework_id]
    manifest, case = _read(folder)
    anchor = dt.datetime.fromisoformat(manifest["written"])
    exact = now - anchor
    days = now.date() - anchor.date()
    data = _shift(case, days, exact)
    data["framework"] = builtin_framework(framework_id).model_dump(mode="json")
    doc = loads_case(json.dumps(data), source=f"{folder.name}/{manifest['case']}")
    files = []
    for entry in manifest["evidence"]:
        shifted = _shift(entry, days, exact)
        files.append(
            DemoFile(
                path=folder / "evidence" / entry["filename"],
                filename=entry["filename"],
                details=EvidenceDetails(
                    title=shifted["title"],
                    kind=EvidenceKind(shifted["kind"]),
                    team=shifted["team"],
                    collected=dt.date.fromisoformat(shifted["collected"]),
                    expires=dt.date.fromisoformat(shifted["expires"])
                    if shifted.get("expires")
                    else None,
                    evaluation=shifted.get("evaluation"),
                    methodology_version=shifted.get("methodology_version"),
                ),
            )
        )
    return doc, files


def write_demo(
    path: Path,
    *,
    now: dt.datetime | None = None,
    actor: str | None = None,
    framework_id: str = DEFAULT_FRAMEWORK,
) -> Path:
    """Create a demo store at ``path``: the case document, then each evidence file imported."""
    doc, files = demo_document(now or utc_now(), framework_id)
    who = actor or default_actor()
    # Built beside ``path`` and renamed when whole: a kill never leaves half a demo there.
    with Store.building(Path(path), doc, actor=who) as store, Workspace(store, actor=who) as ws:
        for f in files:
            with f.path.open("rb") as stream:
                import_evidence(ws, stream, f.filename, f.details, size=f.path.stat().st_size)
    return Path(path)
