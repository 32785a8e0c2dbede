"""``workbench catalog show``: section, quote, modality, trigger, deadline and actors."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

Cli = Callable[..., Any]


def test_obligation_shows_quote_trigger_soft_deadline(cli: Cli) -> None:
    result = cli("catalog", "show", "RSP-2.2/P/comprehensive-assessment")
    assert result.code == 0, result.err
    text = " ".join(result.out.split())
    assert "section: §3.1; §3.2" in text
    assert "should ideally be concluded within about a month" in text
    assert "modality: must" in text
    assert "trigger: preliminary_assessment_notably_more_capable" in text
    assert "effective compute multiplier 4x" in text
    assert "deadline: within 1 month (soft target, from preliminary_assessment_notably" in text


def test_obligation_shows_actors_and_ordering(cli: Cli) -> None:
    text = " ".join(cli("catalog", "show", "RSP-2.2/P/safeguards-decision-shared").out.split())
    assert "actors: responsible: ceo, rso; informed: board, ltbt" in text
    assert "before: moving forward" in text
    assert "condition: the CEO and RSO decide to proceed with deployment and training" in text


def test_requirement_and_threshold_show_their_quotes(cli: Cli) -> None:
    requirement = cli("catalog", "show", "RSP-2.2/ASL3-S/perimeters-access-control-expected").out
    assert "section: §4.2, criterion 2a" in requirement
    assert "modality: expected" in requirement
    threshold = " ".join(cli("catalog", "show", "RSP-2.2/CP-AUTONOMY").out.split())
    assert "checkpoint: rules out RSP-2.2/AI-RD-4, RSP-2.2/AI-RD-5" in threshold
    assert "task hours 2-8 hours" in threshold


def test_json_carries_the_source(cli: Cli) -> None:
    data = json.loads(cli("catalog", "show", "RSP-2.2/G/government-notice", "--format", "json").out)
    assert data["source"]["section"] == "§7.2.3"
    assert data["kind"] == "notification"


def test_unknown_id_is_exit_2_one_line(cli: Cli) -> None:
    result = cli("catalog", "show", "RSP-2.2/P/nope")
    assert (result.code, result.out) == (2, "")
    assert len(result.err.splitlines()) == 1


def test_gdm_alert_threshold_level_and_trigger_thresholds(cli: Cli) -> None:
    alert = " ".join(cli("catalog", "show", "GDM-FSF-3.1/CBRN-UPLIFT-1-ALERT").out.split())
    assert "alert threshold: reaching it starts the response, no safeguards" in alert
    ccl = " ".join(cli("catalog", "show", "GDM-FSF-3.1/MLRD-AUTOMATION-1").out.split())
    assert "level: SL4" in ccl and "expected standards: GDM-FSF-3.1/SL4" in ccl
    review = cli("catalog", "show", "GDM-FSF-3.1/G/mlrd-pre-deployment-review").out
    text = " ".join(review.split())
    assert "fired only by: GDM-FSF-3.1/STEALTH-SITUATIONAL-AWARENESS-TCL" in text
    assert "approves: governance_function" in text
