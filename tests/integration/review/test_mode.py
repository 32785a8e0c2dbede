"""Review mode: reviewers raise challenges but cannot change the argument."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from workbench.app.changes import update_element
from workbench.app.review import raise_challenge, start_session
from workbench.app.workspace import Workspace
from workbench.domain import Participant, PermissionDenied

T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def test_reviewer_cannot_edit_an_element(demo_store: Path) -> None:
    with Workspace.open(demo_store, actor="reviewer", mode="reviewer") as ws:
        change_set = update_element(ws.document, "G3.3", text="Rewritten by a reviewer")
        with pytest.raises(PermissionDenied, match="review mode cannot change the argument"):
            ws.apply(change_set)


def test_refused_reviewer_edit_leaves_the_store_unchanged(demo_store: Path) -> None:
    with Workspace.open(demo_store, actor="reviewer", mode="reviewer") as ws:
        before = (ws.document, ws.store.revision, ws.store.audit_head())
        with pytest.raises(PermissionDenied):
            ws.apply(update_element(ws.document, "G3.3", text="Rewritten by a reviewer"))
    with Workspace.open(demo_store, actor="author") as fresh:
        assert (fresh.document, fresh.store.revision, fresh.store.audit_head()) == before


def test_reviewer_can_start_a_session_and_raise_a_challenge(demo_store: Path) -> None:
    with Workspace.open(demo_store, actor="reviewer", mode="reviewer") as ws:
        people = [Participant(name="Zoë Ångström", team="Alignment Science")]
        session = start_session(ws, title="Review mode", participants=people, now=T0).record
        made = raise_challenge(
            ws,
            session=session.id,
            target="G3.3",
            kind="rebutting",
            severity="minor",
            text="Raised in review mode.",
            raised_by="Zoë Ångström",
            now=T0,
        )
        assert made.record.id in {c.id for c in ws.document.review.challenges}
