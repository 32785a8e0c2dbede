"""Assessment operations: the facts about the model under review."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from workbench.app.changes import ChangeSet, update_assessment
from workbench.app.workspace import Workspace
from workbench.domain import (
    InputError,
    ModelUnderReview,
)
from workbench.domain.errors import describe_validation_error


def set_model_facts(ws: Workspace, **facts: Any) -> ChangeSet:
    doc = ws.document
    try:
        model = ModelUnderReview.model_validate({**doc.assessment.model.model_dump(), **facts})
    except ValidationError as exc:
        raise InputError(describe_validation_error(exc, "model facts")) from None
    new = doc.assessment.model_copy(update={"model": model})
    cs = update_assessment(doc, new)
    ws.apply(cs)
    return cs
