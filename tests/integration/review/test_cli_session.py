"""A stress-testing session scripted through the CLI, with the REV findings at every step."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Cli = Callable[..., Any]
Findings = Callable[[Path], set[tuple[str, str]]]

PARTICIPANTS = (
    "--participant",
    "Ann Reviewer:Alignment Science:reviewer",
    "--participant",
    "Bea Approver:RSP team:approver",
    "--participant",
    "Cal Author:Frontier Red Team:author",
)


@pytest.fixture
def session(cli: Cli, demo_store: Path) -> str:
    result = cli("review", "start", demo_store, "--title", "Second stress test", *PARTICIPANTS)
    assert result.code == 0, result.err
    return result.last_word


def challenge(cli: Cli, store: Path, session: str, severity: str, target: str = "G3.3") -> str:
    result = cli(
        "review", "challenge", store, "--session", session, "--target", target,
        "--kind", "rebutting", "--severity", severity,
        "--text", f"A {severity} doubt about {target}", "--by", "Ann Reviewer",
    )  # fmt: skip
    assert result.code == 0, result.err
    return result.last_word


def respond(cli: Cli, store: Path, challenge_id: str, status: str, by: str) -> None:
    result = cli(
        "review", "respond", store, challenge_id, "--status", status,
        "--text", f"{status} by {by}", "--by", by,
    )  # fmt: skip
    assert result.code == 0, result.err


def blocking(cli: Cli, store: Path) -> int:
    count: int = json.loads(cli("check", store, "--format", "json").out)["blocking"]
    return count


def test_start_prints_the_new_session_id_as_last_word(cli: Cli, demo_store: Path) -> None:
    result = cli("review", "start", demo_store, "--title", "Round two", *PARTICIPANTS)
    assert result.out.splitlines()[-1] == "started review session R2"


def test_starting_a_session_adds_session_open_finding(
    cli: Cli, demo_store: Path, rev_findings: Findings
) -> None:
    before = rev_findings(demo_store)
    result = cli("review", "start", demo_store, "--title", "Round two", *PARTICIPANTS)
    assert rev_findings(demo_store) - before == {("REV-SESSION-OPEN", result.last_word)}


def test_blocker_challenge_adds_open_blocking_finding(
    cli: Cli, demo_store: Path, session: str, rev_findings: Findings
) -> None:
    before = rev_findings(demo_store)
    blocked = blocking(cli, demo_store)
    cid = challenge(cli, demo_store, session, "blocker")
    assert rev_findings(demo_store) - before == {("REV-OPEN-BLOCKING", cid)}
    assert blocking(cli, demo_store) == blocked + 1


def test_major_challenge_adds_open_blocking_finding(
    cli: Cli, demo_store: Path, session: str, rev_findings: Findings
) -> None:
    before = rev_findings(demo_store)
    cid = challenge(cli, demo_store, session, "major")
    assert rev_findings(demo_store) - before == {("REV-OPEN-BLOCKING", cid)}


def test_minor_challenge_adds_open_minor_finding_that_does_not_block(
    cli: Cli, demo_store: Path, session: str, rev_findings: Findings
) -> None:
    before = rev_findings(demo_store)
    blocked = blocking(cli, demo_store)
    cid = challenge(cli, demo_store, session, "minor")
    assert rev_findings(demo_store) - before == {("REV-OPEN-MINOR", cid)}
    assert blocking(cli, demo_store) == blocked


def test_answering_a_blocker_turns_open_blocking_into_answered_unresolved(
    cli: Cli, demo_store: Path, session: str, rev_findings: Findings
) -> None:
    cid = challenge(cli, demo_store, session, "blocker")
    before = rev_findings(demo_store)
    respond(cli, demo_store, cid, "answered", "Cal Author")
    after = rev_findings(demo_store)
    assert before - after == {("REV-OPEN-BLOCKING", cid)}
    assert after - before == {("REV-ANSWERED-UNRESOLVED", cid)}


def test_refuting_an_answered_challenge_clears_its_finding(
    cli: Cli, demo_store: Path, session: str, rev_findings: Findings
) -> None:
    cid = challenge(cli, demo_store, session, "blocker")
    respond(cli, demo_store, cid, "answered", "Cal Author")
    before = rev_findings(demo_store)
    respond(cli, demo_store, cid, "refuted", "Ann Reviewer")
    assert before - rev_findings(demo_store) == {("REV-ANSWERED-UNRESOLVED", cid)}


def test_accepting_a_major_challenge_clears_open_blocking(
    cli: Cli, demo_store: Path, session: str, rev_findings: Findings
) -> None:
    cid = challenge(cli, demo_store, session, "major")
    before = rev_findings(demo_store)
    respond(cli, demo_store, cid, "accepted", "Cal Author")
    assert before - rev_findings(demo_store) == {("REV-OPEN-BLOCKING", cid)}


def test_risk_accepted_by_approver_clears_open_minor(
    cli: Cli, demo_store: Path, session: str, rev_findings: Findings
) -> None:
    cid = challenge(cli, demo_store, session, "minor")
    before = rev_findings(demo_store)
    respond(cli, demo_store, cid, "risk_accepted", "Bea Approver")
    after = rev_findings(demo_store)
    assert before - after == {("REV-OPEN-MINOR", cid)}
    assert after - before == set()


def test_closing_with_minutes_clears_session_open(
    cli: Cli, demo_store: Path, session: str, rev_findings: Findings, tmp_path: Path
) -> None:
    minutes = tmp_path / "minutes.md"
    minutes.write_text("Attended: Ann, Bea, Cal. One blocker raised and refuted.\n")
    before = rev_findings(demo_store)
    result = cli("review", "close", demo_store, session, "--minutes", minutes)
    assert result.code == 0, result.err
    after = rev_findings(demo_store)
    assert before - after == {("REV-SESSION-OPEN", session)}
    assert after - before == set()


def test_closing_without_minutes_adds_no_minutes_finding(
    cli: Cli, demo_store: Path, session: str, rev_findings: Findings
) -> None:
    before = rev_findings(demo_store)
    assert cli("review", "close", demo_store, session).code == 0
    after = rev_findings(demo_store)
    assert before - after == {("REV-SESSION-OPEN", session)}
    assert after - before == {("REV-NO-MINUTES", session)}


def test_full_scripted_session_leaves_no_rev_findings_of_its_own(
    cli: Cli, demo_store: Path, rev_findings: Findings, tmp_path: Path
) -> None:
    baseline = rev_findings(demo_store)
    session = cli("review", "start", demo_store, "--title", "Full", *PARTICIPANTS).last_word
    blocker = challenge(cli, demo_store, session, "blocker")
    major = challenge(cli, demo_store, session, "major", target="G2.2")
    minor = challenge(cli, demo_store, session, "minor", target="G3")
    for cid in (blocker, major, minor):
        respond(cli, demo_store, cid, "answered", "Cal Author")
    respond(cli, demo_store, blocker, "refuted", "Ann Reviewer")
    respond(cli, demo_store, major, "accepted", "Ann Reviewer")
    respond(cli, demo_store, minor, "risk_accepted", "Bea Approver")
    minutes = tmp_path / "minutes.txt"
    minutes.write_text("Three challenges, all resolved.\n")
    assert cli("review", "close", demo_store, session, "--minutes", minutes).code == 0
    assert rev_findings(demo_store) == baseline


def test_list_json_shows_each_response_in_order(cli: Cli, demo_store: Path, session: str) -> None:
    cid = challenge(cli, demo_store, session, "major")
    respond(cli, demo_store, cid, "answered", "Cal Author")
    respond(cli, demo_store, cid, "refuted", "Ann Reviewer")
    listed = json.loads(cli("review", "list", demo_store, "--format", "json").out)
    entry = next(c for c in listed["challenges"] if c["id"] == cid)
    assert [(r["status"], r["by"]) for r in entry["responses"]] == [
        ("answered", "Cal Author"),
        ("refuted", "Ann Reviewer"),
    ]
    assert entry["status"] == "refuted"


def test_list_text_shows_session_state_and_challenge_status(
    cli: Cli, demo_store: Path, session: str
) -> None:
    cid = challenge(cli, demo_store, session, "minor")
    lines = cli("review", "list", demo_store).out.splitlines()
    session_line = next(line for line in lines if line.startswith(session))
    challenge_line = next(line for line in lines if line.strip().startswith(cid))
    assert "open since 2" in session_line
    assert challenge_line.split()[1:3] == ["open", "minor"]


def test_the_cli_names_a_status_in_words_as_the_window_does(
    cli: Cli, demo_store: Path, session: str
) -> None:
    cid = challenge(cli, demo_store, session, "minor")
    result = cli(
        "review", "respond", demo_store, cid, "--status", "risk_accepted",
        "--text", "Residual risk is low.", "--by", "Bea Approver",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert f"challenge {cid}: open -> risk accepted" in result.out
    listed = cli("review", "list", demo_store).out
    assert any(cid in line and "risk accepted" in line for line in listed.splitlines())
