"""The argument index reused across edits that change only text: results as a full run's."""

from __future__ import annotations

import datetime as dt
import random

from tests.unit.checks.mutations import damaged
from workbench.app.catalogs import builtin_framework
from workbench.app.synthetic import synthetic_case
from workbench.checks import run_checks_with_status
from workbench.checks.index import forget_last_index, index_of
from workbench.domain import CaseDocument

NOW = dt.datetime(2025, 6, 2, 9, 0, tzinfo=dt.UTC)


def _synthetic() -> CaseDocument:
    return synthetic_case(2000, builtin_framework("RSP-2.2"), seed=5, now=NOW).document


def _with_text(doc: CaseDocument, position: int, text: str) -> CaseDocument:
    elements = list(doc.case.elements)
    elements[position] = elements[position].model_copy(update={"text": text})
    return doc.model_copy(update={"case": doc.case.model_copy(update={"elements": elements})})


def test_checks_after_random_edits_equal_a_full_run() -> None:
    rng = random.Random(4)
    doc = _synthetic()
    forget_last_index()
    run_checks_with_status(doc, today=NOW.date())
    for step in range(60):
        if rng.random() < 0.6:  # mostly text edits, which reuse the index
            position = rng.randrange(len(doc.case.elements))
            doc = _with_text(doc, position, f"edit {step}")
        else:
            doc = damaged(doc, rng, 1, repeats=step > 50)
        incremental = run_checks_with_status(doc, today=NOW.date())
        forget_last_index()
        assert incremental == run_checks_with_status(doc, today=NOW.date())


def test_a_text_edit_reuses_the_index_and_a_link_edit_does_not() -> None:
    doc = _synthetic()
    forget_last_index()
    first = index_of(doc.case)
    edited = _with_text(doc, 7, "new words")
    reused = index_of(edited.case)
    assert reused is not first
    assert reused.kids is first.kids
    assert reused.elements is edited.case.elements
    elements = list(edited.case.elements)
    goal = next(i for i, e in enumerate(elements) if e.supported_by)
    elements[goal] = elements[goal].model_copy(update={"supported_by": []})
    relinked = edited.case.model_copy(update={"elements": elements})
    rebuilt = index_of(relinked)
    assert rebuilt.kids is not first.kids
    assert rebuilt.support_children(goal) == []
