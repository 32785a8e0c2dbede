"""Times the Inspect .json log reader against json.loads of the same file; prints figures.

The logs are errored runs (no results, so the reader also counts the sample records) whose
samples are large: long transcripts and many small model events, as real agent runs have.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workbench.interop.inspect_logs import read_inspect_log


def best_of(runs: int, func: Callable[[], object]) -> float:
    """Fastest of several runs, in seconds (the least disturbed by other processes)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def _sample(n: int) -> dict[str, Any]:
    turn = 'The model answered with a long transcript line, quoting "tools" and {braces}. '
    messages = [
        {"id": f"m{n}-{k}", "role": "assistant" if k % 2 else "user", "content": turn * 60}
        for k in range(8)
    ]
    events = [
        {
            "timestamp": "2025-06-01T12:00:00+00:00",
            "event": "model",
            "model": "mockllm/model",
            "config": {"max_tokens": 100, "temperature": 0.5},
            "output": {
                "choices": [{"message": {"role": "assistant", "content": "ok"}, "stop": "stop"}],
                "usage": {"input_tokens": 10, "output_tokens": 3},
            },
        }
        for _ in range(20)
    ]
    return {
        "id": n,
        "epoch": 1,
        "input": "Probe the uplift",
        "target": "refusal",
        "messages": messages,
        "events": events,
        "scores": {"match": {"value": float("nan")}},
        "error": {"message": "RuntimeError('sandbox died')", "traceback": "Traceback\n" * 100},
    }


def errored_log(path: Path, megabytes: int) -> int:
    """Write an errored .json log of about ``megabytes`` MB; returns its sample count."""
    head = {
        "version": 2,
        "status": "error",
        "eval": {"task": "uplift_probe", "model": "mockllm/model", "created": "2025-06-01"},
        "plan": {"name": "plan", "steps": []},
        "stats": {"started_at": "2025-06-01T12:00:00+00:00"},
        "error": {"message": "RuntimeError('sandbox died')", "traceback": "..."},
    }
    with path.open("w") as f:
        f.write(json.dumps(head, indent=2)[:-2] + ',\n  "samples": [\n')
        written = count = 0
        while written < megabytes * 1_000_000:
            text = json.dumps(_sample(count), indent=2)
            f.write((",\n" if count else "") + text)
            written += len(text)
            count += 1
        f.write("\n  ]\n}\n")
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[32, 64, 128], metavar="MB")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print("Inspect .json log, errored run with large samples:")
    print(f"  {'size':>8}  {'samples':>7}  {'json.loads':>10}  {'reader':>8}  reader/loads")
    with tempfile.TemporaryDirectory() as folder:
        for megabytes in args.sizes:
            path = Path(folder) / f"errored-{megabytes}.json"
            count = errored_log(path, megabytes)
            facts = read_inspect_log(path)
            assert facts is not None and facts["samples"] == count, facts

            def decode(path: Path = path) -> object:
                return json.loads(path.read_bytes())

            def read(path: Path = path) -> object:
                return read_inspect_log(path)

            loads = best_of(args.runs, decode)
            reader = best_of(args.runs, read)
            size = path.stat().st_size / 1e6
            print(
                f"  {size:6.1f} MB  {count:7d}  {loads:8.2f} s  {reader:6.2f} s  "
                f"{reader / loads:.2f}x"
            )
            path.unlink()


if __name__ == "__main__":
    main()
