"""Benchmark: run_checks on synthetic cases of 10,000 and 100,000 elements (RSP v2.2).

Both cases are generated first; the timed runs then alternate between them so that both
sizes see the same machine load, and the best run of each counts. Prints both times and
their ratio (target: at most about 12, i.e. linear). Then the 100k case after a text edit
of one element (what the window checks after typing: the argument index is reused).
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
    document = documents[LARGE]
    timed_check(document)  # the index to reuse
    edited = float("inf")
    for n in range(ROUNDS):
        document = with_text(document, 1000 + n, f"edited {n}")
        edited = min(edited, timed_check(document)[0])
    print(
        f"run_checks size {LARGE:>7,} after a text edit: best of {ROUNDS} {edited * 1000:8.1f} ms"
    )
    return 0


def with_text(document: CaseDocument, position: int, text: str) -> CaseDocument:
    """The document with one element's text changed, as an edit in the window leaves it."""
    elements = list(document.case.elements)
    elements[position] = elements[position].model_copy(update={"text": text})
    case = document.case.model_copy(update={"elements": elements})
    return document.model_copy(update={"case": case})


if __name__ == "__main__":
    raise SystemExit(main())
