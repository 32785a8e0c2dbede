"""Writes real Inspect eval logs (offline, mockllm) for the interop tests: run as a script."""

from __future__ import annotations

import sys
from pathlib import Path

import inspect_ai._eval.task.log as task_log
import inspect_ai.model._model as model_module
from inspect_ai import Task, eval
from inspect_ai._util.git import GitContext
from inspect_ai.dataset import Sample
from inspect_ai.scorer import includes, match
from inspect_ai.solver import Generate, TaskState, generate, solver


def _word_count(text: str) -> int:
    """Token estimate that needs no tokenizer download (tiktoken would fetch one)."""
    return max(1, len(text.split()))


def _fixed_git() -> GitContext:
    return GitContext(origin="https://example.org/evals.git", commit="abc1234", dirty=False)


@solver
def broken_solver():  # type: ignore[no-untyped-def]
    async def solve(state: TaskState, generate: Generate) -> TaskState:
        raise RuntimeError("grader service unavailable")

    return solve


def _dataset() -> list[Sample]:
    return [
        Sample(input="Say hi", target="Default"),
        Sample(input="Name a colour", target="output"),
        Sample(input="Count to three", target="nope"),
    ]


def main(out: Path) -> None:
    model_module.count_text_tokens = _word_count
    task_log.git_context = _fixed_git
    good = Task(
        name="uplift_probe",
        dataset=_dataset(),
        solver=[generate()],
        scorer=[match(), includes()],
        version=4,
    )
    failing = Task(name="uplift_probe_broken", dataset=_dataset(), solver=[broken_solver()])
    for fmt in ("eval", "json"):
        for task, kind in ((good, "success"), (failing, "error")):
            [log] = eval(
                task,
                model="mockllm/model",
                log_dir=str(out / f"{kind}-{fmt}"),
                log_format=fmt,
                display="none",
                fail_on_error=True,
            )
            print(kind, fmt, log.status, log.location)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
