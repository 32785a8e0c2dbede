"""Fixtures for the interop tests: sample files, a clock value, case documents, Inspect logs."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from workbench.domain import (
    Assessment,
    CaseDocument,
    Challenge,
    Framework,
    ModelUnderReview,
    Review,
    ReviewSession,
    SafetyCase,
    Source,
)

DATA = Path(__file__).parent / "data"
NOW = dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def data() -> Path:
    return DATA


@pytest.fixture
def now() -> dt.datetime:
    return NOW


def _framework() -> Framework:
    return Framework(
        id="TEST-FW",
        title="Test framework",
        publisher="Test",
        version="1",
        source=Source(title="Test framework", version="1"),
    )


MakeDocument = Callable[..., CaseDocument]


@pytest.fixture
def make_document() -> MakeDocument:
    """A whole case document around a case (and optional review records)."""

    def make(
        case: SafetyCase,
        sessions: list[ReviewSession] | None = None,
        challenges: list[Challenge] | None = None,
    ) -> CaseDocument:
        return CaseDocument(
            framework=_framework(),
            assessment=Assessment(
                id="A-1",
                title="Claude-Next deployment",
                model=ModelUnderReview(name="Claude-Next"),
                framework_id="TEST-FW",
                created=NOW,
            ),
            case=case,
            review=Review(sessions=sessions or [], challenges=challenges or []),
        )

    return make


@pytest.fixture(scope="session")
def inspect_logs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Real logs written by inspect-ai (mockllm, offline): success and error, .eval and .json."""
    if importlib.util.find_spec("inspect_ai") is None:
        pytest.skip("inspect_ai is not installed (test extra): cannot produce real Inspect logs")
    out = tmp_path_factory.mktemp("inspect-logs")
    script = Path(__file__).parent / "make_inspect_logs.py"
    # A child process keeps inspect-ai's global patches (zipfile, logging) out of this one.
    env = {**os.environ, "INSPECT_LOG_DIR": str(out), "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, str(script), str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    logs: dict[str, Path] = {}
    for kind in ("success", "error"):
        for fmt in ("eval", "json"):
            [path] = (out / f"{kind}-{fmt}").glob(f"*.{fmt}")
            logs[f"{kind}-{fmt}"] = path
    return logs
