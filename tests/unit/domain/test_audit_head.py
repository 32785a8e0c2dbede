"""Judging an anchored audit head against a chain: held, cut back below it, rewritten."""

from __future__ import annotations

import pytest

from workbench.domain import GENESIS, AuditHead, ChainState

A, B, C = "a" * 64, "b" * 64, "c" * 64


def chain(*, intact: bool = True, length: int = 5, at3: str = A) -> ChainState:
    return ChainState(
        intact=intact,
        message="audit event 4 was altered" if not intact else "intact",
        head=AuditHead(seq=length, hash=C),
        hashes={3: at3} if length >= 3 else {},
    )


def test_a_chain_holding_the_anchored_event_holds_the_anchor() -> None:
    assert chain().anchor_problem(AuditHead(seq=3, hash=A), "the seal") is None


def test_the_empty_chain_is_held_by_every_chain() -> None:
    assert chain().anchor_problem(AuditHead(seq=0, hash=GENESIS), "the seal") is None


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (chain(length=2), "the seal recorded audit event 3 but the store's chain ends at event 2"),
        (chain(at3=B), "the store's audit event 3 is not the one the seal recorded"),
        (chain(intact=False), "the store's audit chain is broken: audit event 4 was altered"),
    ],
    ids=["cut-back", "rewritten", "broken"],
)
def test_a_chain_that_does_not_hold_the_anchor_says_why(state: ChainState, expected: str) -> None:
    problem = state.anchor_problem(AuditHead(seq=3, hash=A), "the seal")
    assert problem is not None and expected in problem
