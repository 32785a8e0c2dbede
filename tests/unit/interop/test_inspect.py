"""Inspect eval logs: facts read from real logs of both formats, failed runs and other files."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from workbench.domain import InputError
from workbench.interop.inspect_logs import read_inspect_log


def test_eval_archive_gives_task_model_status_and_metrics(inspect_logs: dict[str, Path]) -> None:
    facts = read_inspect_log(inspect_logs["success-eval"])
    assert facts is not None
    assert {k: facts[k] for k in ("format", "task", "task_version", "model", "status")} == {
        "format": "inspect-eval",
        "task": "uplift_probe",
        "task_version": 4,
        "model": "mockllm/model",
        "status": "success",
    }
    assert facts["metrics"]["match"] == {"accuracy": 0.0, "stderr": 0.0}
    assert facts["metrics"]["includes"]["accuracy"] == pytest.approx(2 / 3)
    assert facts["samples"] == 3


def test_eval_archive_gives_times_and_git_revision(inspect_logs: dict[str, Path]) -> None:
    facts = read_inspect_log(inspect_logs["success-eval"])
    assert facts is not None
    assert facts["started_at"] <= facts["completed_at"]
    assert (facts["git_revision"], facts["git_origin"]) == (
        "abc1234",
        "https://example.org/evals.git",
    )


def test_suggested_evidence_fields(inspect_logs: dict[str, Path]) -> None:
    facts = read_inspect_log(inspect_logs["success-eval"])
    assert facts is not None
    assert facts["suggested"] == {
        "kind": "eval_log",
        "title": "Inspect eval uplift_probe on mockllm/model",
        "evaluation": "uplift_probe",
        "methodology_version": "4",
        "collected": facts["completed_at"][:10],
    }


def test_json_log_gives_the_same_facts_as_the_archive(inspect_logs: dict[str, Path]) -> None:
    from_eval = read_inspect_log(inspect_logs["success-eval"])
    from_json = read_inspect_log(inspect_logs["success-json"])
    assert from_eval is not None and from_json is not None
    assert from_json["format"] == "inspect-json"
    varying = {"format", "started_at", "completed_at", "eval_id", "run_id", "suggested"}
    assert {k: v for k, v in from_json.items() if k not in varying} == {
        k: v for k, v in from_eval.items() if k not in varying
    }


@pytest.mark.parametrize("fmt", ["eval", "json"])
def test_failed_run_is_read_with_its_status_and_error(
    inspect_logs: dict[str, Path], fmt: str
) -> None:
    facts = read_inspect_log(inspect_logs[f"error-{fmt}"])
    assert facts is not None
    assert (facts["status"], facts["metrics"]) == ("error", {})
    assert facts["error"] == "RuntimeError('grader service unavailable')"
    assert facts["suggested"]["title"].endswith("(error)")
    # task version 0 is Inspect's "unversioned": the git revision stands in for it
    assert facts["suggested"]["methodology_version"] == "abc1234"


def test_cancelled_json_log_counts_its_sample_records(data: Path) -> None:
    facts = read_inspect_log(data / "inspect-cancelled.json")
    assert facts is not None
    assert (facts["status"], facts["samples"], facts["task_version"]) == ("cancelled", 1, "2025.03")
    assert facts["suggested"]["methodology_version"] == "2025.03"
    assert facts["suggested"]["collected"] == "2025-04-02"


def test_run_still_in_progress_reads_from_the_journal(data: Path) -> None:
    facts = read_inspect_log(data / "inspect-started.eval")
    assert facts is not None
    assert (facts["format"], facts["status"], facts["task"], facts["samples"]) == (
        "inspect-eval",
        "started",
        "autonomy_suite",
        1,
    )
    assert facts["completed_at"] is None
    assert facts["suggested"]["collected"] == "2025-06-10"


def test_metric_that_is_not_a_number_becomes_none(data: Path) -> None:
    facts = read_inspect_log(data / "inspect-success-nan.json")
    assert facts is not None
    assert facts["metrics"] == {"choice": {"accuracy": 1.0, "stderr": None}}
    json.dumps(facts, allow_nan=False)  # storable as plain JSON


def test_zip_that_is_not_an_inspect_log_gives_none(tmp_path: Path) -> None:
    path = tmp_path / "report.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("header.json", json.dumps({"title": "Quarterly report"}))
        archive.writestr("body.txt", "text")
    assert read_inspect_log(path) is None


@pytest.mark.parametrize(
    "content",
    [b'{"name": "not inspect", "eval": {"task": "x"}}', b"[1, 2, 3]", b"%PDF-1.7\n", b""],
    ids=["other json object", "json array", "pdf", "empty"],
)
def test_other_files_give_none(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "file.json"
    path.write_bytes(content)
    assert read_inspect_log(path) is None


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"^no such file: .*absent\.eval$"):
        read_inspect_log(tmp_path / "absent.eval")
