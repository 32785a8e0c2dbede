"""Benchmark: run_checks on synthetic cases of 10,000 and 100,000 elements (RSP v2.2).

Both cases are generated first; the timed runs then alternate between them so that both
sizes see the same machine load, and the best run of each counts. Prints both times and
their ratio (target: at most about 12, i.e. linear).
"""

from __future__ import annotations

import datetime as dt
import gc
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workbench.app.catalogs import builtin_framework
from workbench.app.synthetic import synthetic_case
from workbench.checks import run_checks
from workbench.domain import CaseDocument

SMALL, LARGE = 10_000, 100_000
ROUNDS = 7
TARGET_RATIO = 12.0
NOW = dt.datetime(2025, 6, 2, 9, 0, tzinfo=dt.UTC)


def timed_check(document: CaseDocument) -> tuple[float, int]:
    """Seconds for one run_checks call (after a collection, GC left on) and its finding count."""
    gc.collect()
    start = time.perf_counter()
    report = run_checks(document, today=NOW.date())
    return time.perf_counter() - start, len(report.findings)


def main() -> int:
    framework = builtin_framework("RSP-2.2")
    documents: dict[int, CaseDocument] = {}
    for size in (SMALL, LARGE):
        start = time.perf_counter()
        documents[size] = synthetic_case(size, framework, seed=1, now=NOW).document
        print(
            f"generated size {size:>7,}: {len(documents[size].case.elements):>7,} elements, "
            f"{len(documents[size].evidence):>5,} evidence in {time.perf_counter() - start:.2f} s"
        )
    best = {size: float("inf") for size in documents}
    findings = dict.fromkeys(documents, 0)
    for _ in range(ROUNDS):
        for size, document in documents.items():
            seconds, findings[size] = timed_check(document)
            best[size] = min(best[size], seconds)
    for size in documents:
        print(
            f"run_checks size {size:>7,}: best of {ROUNDS} {best[size] * 1000:8.1f} ms "
            f"({findings[size]} findings)"
        )
    ratio = best[LARGE] / best[SMALL]
    verdict = "within" if ratio <= TARGET_RATIO else "ABOVE"
    print(f"ratio 100k/10k: {ratio:.1f} ({verdict} the target of {TARGET_RATIO:g})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
