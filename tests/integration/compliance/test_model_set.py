"""workbench model set: the model facts the CMP and EVD triggers read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workbench.app.workspace import Workspace

Cli = Callable[..., Any]
Head = Callable[[Path], tuple[int, str]]


def model_of(store: Path) -> Any:
    with Workspace.open(store, actor="reader") as ws:
        return ws.document.assessment.model


def test_set_stores_every_fact(cli: Cli, store: Path) -> None:
    result = cli(
        "model", "set", store, "--effective-compute-ratio", "2.5",
        "--last-comprehensive", "2024-02-29", "--last-preliminary", "2024-05-31",
        "--post-training-months", "1.5",
    )  # fmt: skip
    assert result.code == 0, result.err
    model = model_of(store)
    assert (
        model.effective_compute_ratio,
        model.last_comprehensive,
        model.last_preliminary,
        model.post_training_months,
    ) == (2.5, dt.date(2024, 2, 29), dt.date(2024, 5, 31), 1.5)


def test_set_prints_what_was_set(cli: Cli, store: Path) -> None:
    result = cli("model", "set", store, "--effective-compute-ratio", "4")
    assert result.out.strip() == "model Test-Model: effective_compute_ratio=4.0"


def test_set_leaves_other_facts_alone(cli: Cli, store: Path) -> None:
    cli("model", "set", store, "--last-comprehensive", "2024-02-29")
    cli("model", "set", store, "--effective-compute-ratio", "3")
    assert model_of(store).last_comprehensive == dt.date(2024, 2, 29)


def test_bad_date_is_exit_2_and_store_unchanged(cli: Cli, store: Path, audit_head: Head) -> None:
    head = audit_head(store)
    result = cli("model", "set", store, "--last-comprehensive", "2023-02-29")
    assert (result.code, len(result.err.splitlines())) == (2, 1)
    assert "'2023-02-29' is not a date" in result.err
    assert audit_head(store) == head


def test_non_positive_ratio_is_exit_2_and_store_unchanged(
    cli: Cli, store: Path, audit_head: Head
) -> None:
    head = audit_head(store)
    result = cli("model", "set", store, "--effective-compute-ratio", "0")
    assert (result.code, len(result.err.splitlines())) == (2, 1)
    assert "greater than 0" in result.err
    assert audit_head(store) == head


def test_negative_post_training_months_is_exit_2(cli: Cli, store: Path) -> None:
    result = cli("model", "set", store, "--post-training-months", "-1")
    assert (result.code, "greater than or equal to 0" in result.err) == (2, True)


def test_nothing_to_set_is_exit_2(cli: Cli, store: Path) -> None:
    result = cli("model", "set", store)
    assert (result.code, "nothing to set" in result.err) == (2, True)
