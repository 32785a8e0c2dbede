"""Assessment operations: the facts about the model under review, and its determinations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from workbench.app.changes import ChangeSet, set_determination, update_assessment
from workbench.app.clock import today
from workbench.app.workspace import Workspace
from workbench.domain import (
    Determination,
    InputError,
    ModelUnderReview,
    Outcome,
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


def record_determination(
    ws: Workspace,
    threshold: str,
    outcome: Outcome | str,
    *,
    evidence: Sequence[str] = (),
    rationale: str = "",
    on: dt.date | None = None,
) -> Determination:
    """Record the determination of one threshold, dated today and by the workspace's actor.

    Without evidence it is recorded all the same; the DET checks report it.
    """
    try:
        chosen = Outcome(outcome)
    except ValueError:
        known = ", ".join(o.value for o in Outcome)
        raise InputError(f"unknown outcome {outcome!r} (one of: {known})") from None
    determination = Determination(
        threshold=threshold,
        outcome=chosen,
        evidence=list(dict.fromkeys(evidence)),
        rationale=rationale.strip(),
        determined_on=on or today(),
        determined_by=ws.actor,
    )
    ws.apply(set_determination(ws.document, determination))
    return determination
