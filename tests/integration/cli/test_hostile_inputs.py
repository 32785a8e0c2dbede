"""The hostile-input battery, one case of each kind: each refused in one line, exit 2 (or
the exit its case allows), in bounded time and memory, run as the real command line.

The whole battery (over a hundred cases) is ``benchmarks/reliability_hostile.py``, run by CI.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from benchmarks import reliability_hostile as battery

pytestmark = pytest.mark.slow


KINDS = [case.kind for case in battery.one_per_kind(battery.cases(Path("/placeholder")))]


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    battery.prepare(folder, sys.executable, battery.child_env())
    return folder


def test_the_battery_covers_every_input_path_with_over_100_cases() -> None:
    every = battery.cases(Path("/placeholder"))
    assert len(every) >= 100
    commands = {" ".join(a for a in c.argv[:2] if not a.startswith(("/", "{"))) for c in every}
    for command in ("import json", "import gsn2x", "catalog import-oscal", "evidence add"):
        assert command in commands
    assert {"fifo", "device", "oversize", "yaml-alias", "oscal-bomb", "zip-lie"} <= set(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_a_hostile_input_is_refused_cleanly(work: Path, kind: str) -> None:
    case = next(c for c in battery.cases(work) if c.kind == kind)
    result = battery.run_case(case, work / f"case-{kind}", sys.executable, battery.child_env())
    assert result.clean, result.line() + "\n" + result.stderr[-2000:]
