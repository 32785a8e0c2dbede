"""Tests needing an outside tool skip, naming it, where it is missing; --no-skips fails them."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

NEEDS_A_MISSING_TOOL = """
import pytest

@pytest.mark.requires_tool("no-such-tool-on-path")
def test_marked():
    pass

@pytest.fixture
def text(require_tool):
    require_tool("no-such-tool-on-path")

def test_through_a_fixture(text):
    pass

@pytest.mark.requires_tool("sh")
def test_with_a_tool_that_is_there():
    pass
"""


@pytest.fixture
def suite(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeconftest((ROOT / "tests" / "conftest.py").read_text(encoding="utf-8"))
    pytester.makepyfile(NEEDS_A_MISSING_TOOL)
    return pytester


def test_a_missing_tool_skips_with_its_name(suite: pytest.Pytester) -> None:
    result = suite.runpytest("-rs", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, skipped=2)
    result.stdout.fnmatch_lines(["SKIPPED * needs no-such-tool-on-path on PATH*"] * 2)


def test_no_skips_turns_each_skip_into_a_failure(suite: pytest.Pytester) -> None:
    result = suite.runpytest("--no-skips", "-p", "no:cacheprovider")
    # A skip in set-up becomes an error, one in the test body a failure: either fails the run.
    result.assert_outcomes(passed=1, errors=2)
    result.stdout.fnmatch_lines(["*skipped, and --no-skips allows none: Skipped: needs no-such*"])
    assert result.ret != 0


def test_poppler_tools_name_their_package(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pytester.makeconftest((ROOT / "tests" / "conftest.py").read_text(encoding="utf-8"))
    pytester.makepyfile(
        'import pytest\n\n@pytest.mark.requires_tool("pdfsig")\ndef test_signed():\n    pass\n'
    )
    monkeypatch.setenv("PATH", str(tmp_path))
    result = pytester.runpytest("-rs", "-p", "no:cacheprovider")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*needs pdfsig on PATH (apt-get install poppler-utils)"])
