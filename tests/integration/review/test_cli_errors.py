"""Bad review input on the command line: exit 2, one line on stderr, store unchanged."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Cli = Callable[..., Any]
Head = Callable[[Path], tuple[int, str]]

ANN = ("--participant", "Ann:Alignment:reviewer")


@pytest.fixture
def session(cli: Cli, demo_store: Path) -> str:
    result = cli(
        "review", "start", demo_store, "--title", "Errors", *ANN,
        "--participant", "Cal:FRT:author", "--participant", "Bea:RSP:approver",
    )  # fmt: skip
    assert result.code == 0, result.err
    return str(result.last_word)


def raise_minor(cli: Cli, store: Path, session: str, target: str = "G3.3") -> Any:
    return cli(
        "review", "challenge", store, "--session", session, "--target", target,
        "--kind", "rebutting", "--severity", "minor", "--text", "Doubt.", "--by", "Ann",
    )  # fmt: skip


def assert_refused(result: Any, expected: str) -> None:
    assert result.code == 2
    assert result.out == ""
    lines = result.err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("workbench: error: ")
    assert expected in lines[0]


def test_unknown_target_is_one_line_exit_2_and_store_unchanged(
    cli: Cli, demo_store: Path, session: str, audit_head: Head
) -> None:
    head = audit_head(demo_store)
    result = raise_minor(cli, demo_store, session, target="G404")
    assert_refused(result, "'G404' is neither an element nor an evidence id")
    assert audit_head(demo_store) == head


def test_challenge_in_closed_session_is_refused(
    cli: Cli, demo_store: Path, session: str, audit_head: Head
) -> None:
    assert cli("review", "close", demo_store, session).code == 0
    head = audit_head(demo_store)
    assert_refused(raise_minor(cli, demo_store, session), f"session {session} was closed")
    assert audit_head(demo_store) == head


def test_unknown_session_is_refused(cli: Cli, demo_store: Path) -> None:
    assert_refused(raise_minor(cli, demo_store, "R77"), "no review session 'R77'")


def test_unknown_challenge_is_refused(cli: Cli, demo_store: Path) -> None:
    result = cli(
        "review", "respond", demo_store, "CH99", "--status", "answered", "--text", "A", "--by", "X"
    )
    assert_refused(result, "no challenge 'CH99'")


def test_risk_acceptance_by_non_approver_is_exit_2_and_store_unchanged(
    cli: Cli, demo_store: Path, session: str, audit_head: Head
) -> None:
    challenge = raise_minor(cli, demo_store, session).last_word
    head = audit_head(demo_store)
    result = cli(
        "review", "respond", demo_store, challenge, "--status", "risk_accepted",
        "--text", "Accepting.", "--by", "Cal",
    )  # fmt: skip
    assert_refused(result, f"only an approver of session {session} may accept the risk")
    assert audit_head(demo_store) == head


def test_empty_challenge_text_is_refused(
    cli: Cli, demo_store: Path, session: str, audit_head: Head
) -> None:
    head = audit_head(demo_store)
    result = cli(
        "review", "challenge", demo_store, "--session", session, "--target", "G3",
        "--kind", "rebutting", "--severity", "major", "--text", "   ", "--by", "Ann",
    )  # fmt: skip
    assert_refused(result, "the challenge text is empty")
    assert audit_head(demo_store) == head


def test_unknown_severity_is_a_usage_error(cli: Cli, demo_store: Path, session: str) -> None:
    result = cli(
        "review", "challenge", demo_store, "--session", session, "--target", "G3",
        "--kind", "rebutting", "--severity", "critical", "--text", "x", "--by", "Ann",
    )  # fmt: skip
    assert_refused(result, "argument --severity: invalid choice: 'critical'")


def test_participant_without_team_or_role_is_a_reviewer(cli: Cli, demo_store: Path) -> None:
    result = cli("review", "start", demo_store, "--title", "T", "--participant", "Ann")
    assert result.code == 0, result.err


def test_participant_without_name_is_refused(cli: Cli, demo_store: Path) -> None:
    result = cli("review", "start", demo_store, "--title", "T", "--participant", ":X:reviewer")
    assert_refused(result, "participant ':X:reviewer' has no name")


def test_participant_with_unknown_role_is_refused(cli: Cli, demo_store: Path) -> None:
    result = cli("review", "start", demo_store, "--title", "T", "--participant", "Ann:X:boss")
    assert_refused(result, "unknown role 'boss'")


def test_participant_may_have_an_empty_team(cli: Cli, demo_store: Path) -> None:
    result = cli("review", "start", demo_store, "--title", "T", "--participant", "Ann::reviewer")
    assert result.code == 0, result.err


def test_empty_title_is_refused(cli: Cli, demo_store: Path, audit_head: Head) -> None:
    head = audit_head(demo_store)
    assert_refused(
        cli("review", "start", demo_store, "--title", "", *ANN), "the session title is empty"
    )
    assert audit_head(demo_store) == head


def test_missing_minutes_file_is_refused(
    cli: Cli, demo_store: Path, session: str, tmp_path: Path, audit_head: Head
) -> None:
    head = audit_head(demo_store)
    result = cli("review", "close", demo_store, session, "--minutes", tmp_path / "none.txt")
    assert_refused(result, "no such minutes file")
    assert audit_head(demo_store) == head


def test_empty_minutes_file_is_refused(
    cli: Cli, demo_store: Path, session: str, tmp_path: Path
) -> None:
    blank = tmp_path / "blank.txt"
    blank.write_text("\n  \n")
    result = cli("review", "close", demo_store, session, "--minutes", blank)
    assert_refused(result, "is empty")


def test_response_to_resolved_challenge_is_refused_without_reopening(
    cli: Cli, demo_store: Path, session: str
) -> None:
    challenge = raise_minor(cli, demo_store, session).last_word
    args = ("--text", "Reason.", "--by", "Cal")
    assert cli("review", "respond", demo_store, challenge, "--status", "refuted", *args).code == 0
    result = cli("review", "respond", demo_store, challenge, "--status", "answered", *args)
    assert_refused(result, "reopen it first")
