"""``workbench catalog audit``: every quote looked up in a plain-text policy copy."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from workbench.domain import Citation
from workbench.domain.quotes import column_streams, excerpt, normalise

Cli = Callable[..., Any]
DATA = Path(__file__).parent / "data" / "audit"
CATALOGUE = DATA / "catalogue.json"
POLICY = DATA / "policy.txt"


def test_whitespace_goes_and_typography_folds() -> None:
    assert normalise("demonstrates that\n  it\x0cworks") == "demonstratesthatitworks"
    assert normalise("the Officer’s “Board” – ok — fine") == 'theOfficer\'s"Board"-ok-fine'
    assert normalise("de\ufb01ne\u00a0x") == "definex"


def test_case_still_matters() -> None:
    assert normalise("We Will") != normalise("we will")


def test_two_column_table_reads_column_by_column() -> None:
    table = " Level-A: The        The Standard A is\n  ability to do        required.\n"
    assert column_streams(table) == ["Level-A: The ability to do", "The Standard A is required."]


def test_ellipsis_splits_a_quote_into_parts() -> None:
    source = Citation(section="§1", quote=["First part … second part", "Third"])
    assert source.parts == ["First part", "second part", "Third"]


def test_quote_of_only_an_ellipsis_is_refused() -> None:
    with pytest.raises(ValueError, match="must not be empty"):
        Citation(section="§1", quote=" … ")


def test_excerpt_is_the_first_60_characters() -> None:
    assert excerpt("a" * 70) == "a" * 60 + "…"
    assert excerpt("short\n text") == "short text"


def test_every_quote_found_is_exit_0(cli: Cli) -> None:
    result = cli("catalog", "audit", CATALOGUE, POLICY)
    assert (result.code, result.err) == (0, "")
    # lost spaces, a form feed, typographic quotes and dashes, a ligature, a table, "…"
    assert result.out.splitlines() == ["7 quotes checked, 0 not found"]


def test_quote_not_in_the_text_is_listed_and_exit_1(cli: Cli, tmp_path: Path) -> None:
    policy = tmp_path / "policy.txt"
    text = POLICY.read_text(encoding="utf-8").replace("routinely test", "sometimes test")
    policy.write_text(text, encoding="utf-8")
    result = cli("catalog", "audit", CATALOGUE, policy)
    assert result.code == 1
    assert result.out.splitlines() == [
        'AUDIT-FIX/STD-A/routine (§1): "We will routinely test models to determine whether the '
        'model…"',
        'AUDIT-FIX/elided (§1): "We will routinely test models"',
        "7 quotes checked, 2 not found",
    ]


def test_a_change_of_case_is_not_found(cli: Cli, tmp_path: Path) -> None:
    policy = tmp_path / "policy.txt"
    policy.write_text(POLICY.read_text(encoding="utf-8").replace("Level-A", "level-A"))
    result = cli("catalog", "audit", CATALOGUE, policy)
    assert result.code == 1
    assert result.out.splitlines()[-1] == "7 quotes checked, 1 not found"


def test_shipped_catalogue_against_another_text_fails(cli: Cli) -> None:
    result = cli("catalog", "audit", "RSP-2.2", POLICY)
    assert result.code == 1
    last = result.out.splitlines()[-1]
    checked, missing = (int(w) for w in last.replace(",", "").split() if w.isdigit())
    assert checked == missing and checked > 100


def test_unknown_framework_is_exit_2_one_line(cli: Cli) -> None:
    result = cli("catalog", "audit", "NOPE-1", POLICY)
    assert (result.code, result.out) == (2, "")
    assert len(result.err.splitlines()) == 1
    assert result.err.startswith("workbench: error: unknown framework 'NOPE-1'")


@pytest.mark.parametrize("name", ["absent.txt", "."])
def test_unreadable_text_is_exit_2_one_line(cli: Cli, tmp_path: Path, name: str) -> None:
    result = cli("catalog", "audit", "RSP-2.2", tmp_path / name)
    assert (result.code, result.out) == (2, "")
    assert len(result.err.splitlines()) == 1
    assert "policy text" in result.err


def test_text_that_is_not_utf8_is_exit_2(cli: Cli, tmp_path: Path) -> None:
    policy = tmp_path / "policy.txt"
    policy.write_bytes(b"\xff\xfe\x00binary")
    result = cli("catalog", "audit", "RSP-2.2", policy)
    assert (result.code, result.out) == (2, "")
    assert "is not UTF-8 text" in result.err


def test_catalogue_without_quotes_fails_naming_the_items(cli: Cli, tmp_path: Path) -> None:
    old = tmp_path / "old.json"
    old.write_text(
        '{"id": "OLD-1", "title": "Old", "publisher": "P", "version": "1",'
        ' "source": {"title": "Old", "version": "1"},'
        ' "process": [{"id": "OLD-1/p", "kind": "process", "title": "P", "statement": "S",'
        ' "deadline_days": 30}]}',
        encoding="utf-8",
    )
    result = cli("catalog", "audit", old, POLICY)
    assert result.code == 1
    assert result.out.splitlines() == [
        "OLD-1/p: no quote",
        "0 quotes checked, 0 not found, 1 items without a quote",
    ]
