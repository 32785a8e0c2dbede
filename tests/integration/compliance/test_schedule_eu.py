"""``workbench schedule add --obligation`` on a case built against EU-COP-SS: the due date is
counted in the obligation's own unit (business days, weeks before the market), and `workbench
check` reports the overdue item."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.builders import case

Cli = Callable[..., Any]
P = "EU-COP-SS"


def test_business_days_then_overdue_in_the_check(cli: Cli, tmp_path: Path) -> None:
    store = case(framework=P).goal("G1").store(tmp_path / "eu.db")
    added = cli(
        "schedule", "add", store, "--what", "Framework access for the AI Office",
        "--obligation", f"{P}/M1.4/notify", "--started", "2026-11-13",
    )  # fmt: skip
    assert added.code == 0, added.err
    assert "due 2026-11-20" in added.out  # Friday + 5 business days, not Wednesday the 18th
    check = cli("check", store, "--format", "json", "--today", "2026-11-23")
    overdue = [f for f in json.loads(check.out)["findings"] if f["rule"] == "CMP-OVERDUE"]
    assert [(f["subject"], f["severity"]) for f in overdue] == [("SCH1", "minor")]


def test_weeks_before_placing_on_the_market(cli: Cli, tmp_path: Path) -> None:
    store = case(framework=P).goal("G1").store(tmp_path / "eu.db")
    added = cli(
        "schedule", "add", store, "--what", "Framework confirmed",
        "--obligation", f"{P}/M1.1/confirm-before-market", "--started", "2026-12-01",
    )  # fmt: skip
    assert added.code == 0, added.err
    assert "due 2026-11-17" in added.out


def test_catalog_list_and_show(cli: Cli) -> None:
    listed = cli("catalog", "list")
    assert any(line.startswith(f"{P} ") for line in listed.out.splitlines())
    shown = cli("catalog", "show", f"{P}/M1.1/confirm-before-market")
    assert shown.code == 0
    assert "deadline: at least 2 weeks before model_placed_on_market (hard)" in shown.out
    assert "Measure 1.1" in shown.out
