"""workbench methodology record, and the EVD methodology-change rule it satisfies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from workbench.app.compliance import record_methodology_change
from workbench.app.workspace import Workspace

Cli = Callable[..., Any]
Findings = Callable[..., list[dict[str, Any]]]
Head = Callable[[Path], tuple[int, str]]

TODAY = "2026-11-23"


def add_run(cli: Cli, store: Path, tmp_path: Path, version: str, collected: str) -> str:
    path = tmp_path / f"uplift-{version}.json"
    path.write_text(f'{{"evaluation": "cbrn-uplift", "version": "{version}"}}\n')
    result = cli(
        "evidence", "add", store, path, "--kind", "eval_log", "--evaluation", "cbrn-uplift",
        "--methodology-version", version, "--collected", collected,
    )  # fmt: skip
    assert result.code == 0, result.err
    return str(result.last_word)


@pytest.fixture
def two_versions(cli: Cli, store: Path, tmp_path: Path) -> tuple[str, str]:
    """Two runs of one evaluation under methodology 1.2 and then 1.3."""
    return (
        add_run(cli, store, tmp_path, "1.2", "2026-08-01"),
        add_run(cli, store, tmp_path, "1.3", "2026-09-01"),
    )


def record(cli: Cli, store: Path, *extra: str, to: str = "1.3") -> Any:
    return cli(
        "methodology", "record", store, "--evaluation", "cbrn-uplift", "--from", "1.2",
        "--to", to, "--reason", "Added a wet-lab task; scores not comparable.", *extra,
    )  # fmt: skip


def test_two_versions_without_record_give_an_evd_finding(
    store: Path, findings: Findings, two_versions: tuple[str, str]
) -> None:
    found = findings(store, TODAY, "EVD-METHODOLOGY-CHANGE")
    assert [(f["rule"], f["subject"]) for f in found] == [
        ("EVD-METHODOLOGY-CHANGE", two_versions[1])
    ]


def test_record_removes_the_evd_finding(
    cli: Cli, store: Path, findings: Findings, two_versions: tuple[str, str]
) -> None:
    assert record(cli, store).code == 0
    assert findings(store, TODAY, "EVD-METHODOLOGY-CHANGE") == []


def test_record_between_other_versions_leaves_the_finding(
    cli: Cli, store: Path, findings: Findings, two_versions: tuple[str, str]
) -> None:
    assert record(cli, store, to="1.4").code == 0
    assert len(findings(store, TODAY, "EVD-METHODOLOGY-CHANGE")) == 1


def test_record_prints_the_new_id_as_last_word(cli: Cli, store: Path) -> None:
    result = record(cli, store)
    assert result.out.splitlines()[-1] == "recorded methodology change MC1"


def test_record_keeps_cited_evidence(
    cli: Cli, store: Path, ws: Workspace, two_versions: tuple[str, str]
) -> None:
    record(cli, store, "--evidence", two_versions[1])
    assert ws.document.compliance.methodology_changes[0].evidence == [two_versions[1]]


def test_same_from_and_to_is_exit_2_and_store_unchanged(
    cli: Cli, store: Path, audit_head: Head
) -> None:
    head = audit_head(store)
    result = record(cli, store, to="1.2")
    assert (result.code, len(result.err.splitlines())) == (2, 1)
    assert "the versions before and after are both '1.2'" in result.err
    assert result.err.rstrip().endswith("; give different --from and --to versions")
    assert audit_head(store) == head


def test_empty_reason_is_exit_2_and_store_unchanged(
    cli: Cli, store: Path, audit_head: Head
) -> None:
    head = audit_head(store)
    result = cli(
        "methodology", "record", store, "--evaluation", "e", "--from", "1", "--to", "2",
        "--reason", "",
    )  # fmt: skip
    assert (result.code, result.err.strip()) == (
        2,
        "workbench: error: the reason is empty; give some text",
    )
    assert audit_head(store) == head


def test_unknown_evidence_is_exit_2_and_store_unchanged(
    cli: Cli, store: Path, audit_head: Head
) -> None:
    head = audit_head(store)
    result = record(cli, store, "--evidence", "EV-123456789abc")
    assert result.code == 2
    assert "no evidence 'EV-123456789abc'" in result.err
    assert audit_head(store) == head


def test_recorded_date_is_the_utc_date(ws: Workspace) -> None:
    # 01:30 on 1 March 2024 in Karachi (+05:00) is still 29 February in UTC.
    karachi = dt.timezone(dt.timedelta(hours=5))
    change = record_methodology_change(
        ws,
        evaluation="cbrn-uplift",
        from_version="1.2",
        to_version="1.3",
        reason="New task.",
        now=dt.datetime(2024, 3, 1, 1, 30, tzinfo=karachi),
    ).record
    assert change.recorded == dt.date(2024, 2, 29)
