"""JSON exchange: export -> import -> export is identical, for the demo and generated cases."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.app.catalogs import builtin_framework
from workbench.app.exchange import export_json, import_document, import_json
from workbench.app.workspace import Workspace
from workbench.domain import (
    Assessment,
    CaseDocument,
    Element,
    ElementType,
    ModelUnderReview,
    SafetyCase,
)
from workbench.interop.exchange import dumps_case, loads_case


def test_demo_round_trip_is_identical(demo_store: Path, tmp_path: Path) -> None:
    first = tmp_path / "first.json"
    second = tmp_path / "second.json"
    with Workspace.open(demo_store) as ws:
        export_json(ws, first)
    import_json(first, tmp_path / "copy.db")
    with Workspace.open(tmp_path / "copy.db") as ws:
        export_json(ws, second)
    assert first.read_bytes() == second.read_bytes()


def test_replace_keeps_audit_chain_intact(demo_store: Path, tmp_path: Path) -> None:
    exported = tmp_path / "case.json"
    with Workspace.open(demo_store) as ws:
        export_json(ws, exported)
    import_json(exported, demo_store, replace=True)
    with Workspace.open(demo_store) as ws:
        assert ws.store.verify_audit().ok


ident = st.from_regex(r"[A-Z][a-z0-9]{0,6}", fullmatch=True)
texts = st.text(min_size=0, max_size=40)


@st.composite
def cases(draw: st.DrawFn) -> CaseDocument:
    framework = builtin_framework()
    ids = draw(st.lists(ident, min_size=1, max_size=25, unique=True))
    types = [draw(st.sampled_from(list(ElementType))) for _ in ids]
    requirement_ids = [r.id for r in framework.requirements]
    elements = []
    for i, (eid, etype) in enumerate(zip(ids, types, strict=True)):
        later = ids[i + 1 :]
        children = draw(st.lists(st.sampled_from(later), unique=True, max_size=3)) if later else []
        elements.append(
            Element(
                id=eid,
                type=etype,
                text=draw(texts),
                supported_by=children,
                undeveloped=draw(st.booleans()),
                addresses=draw(st.lists(st.sampled_from(requirement_ids), unique=True, max_size=2)),
                away_module="main" if etype == ElementType.away_goal else None,
                metadata=draw(st.dictionaries(ident, st.integers() | texts, max_size=2)),
            )
        )
    return CaseDocument(
        framework=framework,
        assessment=Assessment(
            id="A1",
            title=draw(texts),
            model=ModelUnderReview(
                name=draw(st.text(min_size=1, max_size=20)),
                effective_compute_ratio=draw(st.none() | st.floats(0.1, 100)),
            ),
            framework_id=framework.id,
            created=dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
        ),
        case=SafetyCase(elements=elements),
    )


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(doc=cases())
def test_generated_case_round_trips_through_json(doc: CaseDocument) -> None:
    text = dumps_case(doc)
    assert dumps_case(loads_case(text)) == text
    assert loads_case(text).state_hash() == doc.state_hash()


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(doc=cases())
def test_generated_case_round_trips_through_a_store(doc: CaseDocument, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("rt") / "s.db"
    stored = import_document(doc, path, replace=False, actor="t", action="import json")
    assert dumps_case(stored) == dumps_case(doc)
