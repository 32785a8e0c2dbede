"""Enum values have one name for people, the same in the CLI, the window and the packet."""

from __future__ import annotations

from enum import StrEnum

import pytest

from workbench.checks import CoverageStatus
from workbench.domain import (
    ChallengeStatus,
    ElementType,
    EvidenceKind,
    NoncomplianceStatus,
    Outcome,
    Severity,
    labels,
)
from workbench.report.content import STATUS_WORDS
from workbench.ui.panels.evidence import KIND_NAMES
from workbench.ui.panels.matrix import STATUS_TEXT
from workbench.ui.panels.review import status_name
from workbench.ui.widgets.gsnshapes import TYPE_NAMES


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (ChallengeStatus.risk_accepted, "risk accepted"),
        (ElementType.away_goal, "away goal"),
        (EvidenceKind.red_team_report, "red team report"),
        (Outcome.cannot_rule_out, "cannot rule out"),
        (CoverageStatus.not_applicable, "not applicable"),
        (CoverageStatus.not_required, "not required at this ASL"),
        (Severity.blocker, "blocker"),
    ],
)
def test_label_is_the_value_in_words(value: StrEnum, words: str) -> None:
    assert labels.label(value) == words
    assert labels.title(value) == words[0].upper() + words[1:]


@pytest.mark.parametrize(
    "enum", [ChallengeStatus, ElementType, EvidenceKind, NoncomplianceStatus, Severity]
)
def test_every_label_is_words_without_underscores(enum: type[StrEnum]) -> None:
    for value in enum:
        assert "_" not in labels.label(value)


def test_the_window_and_the_packet_name_values_alike() -> None:
    assert {kind: labels.title(kind) for kind in ElementType} == TYPE_NAMES
    assert {kind: labels.label(kind) for kind in EvidenceKind} == KIND_NAMES
    assert all(status_name(s) == labels.label(s) for s in ChallengeStatus)
    for status in CoverageStatus:
        assert STATUS_WORDS[status] == STATUS_TEXT[status.value] == labels.label(status)
