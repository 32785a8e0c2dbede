"""Store lifecycle operations: create a store for a new assessment (``app.anchors`` verifies
its audit log)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from workbench.app.catalogs import DEFAULT_FRAMEWORK, find_framework
from workbench.app.clock import utc_now
from workbench.app.workspace import default_actor
from workbench.domain import (
    Assessment,
    CaseDocument,
    Framework,
    InputError,
    ModelUnderReview,
)
from workbench.store import Store


def new_document(model_name: str, framework: Framework, *, now: dt.datetime) -> CaseDocument:
    name = model_name.strip()
    if not name:
        raise InputError("the model name is empty", about="model")
    return CaseDocument(
        framework=framework,
        assessment=Assessment(
            id="ASSESSMENT-1",
            title=f"{name} — assessment under {framework.title}",
            model=ModelUnderReview(name=name),
            framework_id=framework.id,
            created=now,
        ),
    )


def init_store(
    path: Path, model_name: str, framework_id: str = DEFAULT_FRAMEWORK, *, actor: str | None = None
) -> Store:
    framework = find_framework(framework_id)
    doc = new_document(model_name, framework, now=utc_now())
    return Store.create(Path(path), doc, actor=actor or default_actor())
