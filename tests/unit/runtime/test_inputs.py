"""Bounded input: pipes and devices refused unread, size limits per kind, JSON depth/digits."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from workbench.domain import InputError
from workbench.runtime.inputs import (
    check_evidence_file,
    check_json_limits,
    loads_json,
    parse_size,
    read_input_bytes,
    read_input_text,
)


def test_a_regular_file_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_bytes(b'{"a": 1}')
    assert read_input_bytes(path, "case document") == b'{"a": 1}'


def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    start = time.monotonic()
    with pytest.raises(InputError, match="is a named pipe, not a regular file"):
        read_input_bytes(pipe, "case document")
    assert time.monotonic() - start < 2


def test_a_device_is_refused() -> None:
    with pytest.raises(InputError, match="/dev/zero is a device"):
        read_input_bytes(Path("/dev/zero"), "passphrase file")


def test_a_file_over_its_kinds_limit_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "pw.txt"
    with big.open("wb") as f:
        f.truncate(1024**3)
    with pytest.raises(InputError, match=r"64 KiB limit for a passphrase file .*PASSPHRASE"):
        read_input_bytes(big, "passphrase file")


def test_the_limit_is_set_by_environment_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "minutes.txt"
    path.write_bytes(b"x" * 2048)
    monkeypatch.setenv("WORKBENCH_MAX_MINUTES_BYTES", "1K")
    with pytest.raises(InputError, match="WORKBENCH_MAX_MINUTES_BYTES"):
        read_input_bytes(path, "minutes file")
    monkeypatch.setenv("WORKBENCH_MAX_MINUTES_BYTES", "4K")
    assert len(read_input_bytes(path, "minutes file")) == 2048


def test_a_bad_limit_setting_is_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("WORKBENCH_MAX_CASE_BYTES", "lots")
    path = tmp_path / "c.json"
    path.write_text("{}")
    with pytest.raises(InputError, match="WORKBENCH_MAX_CASE_BYTES='lots' is not a positive size"):
        read_input_bytes(path, "case document")


def test_sizes_parse_with_units() -> None:
    assert parse_size("64M") == 64 * 1024**2
    assert parse_size("2GiB") == 2 * 1024**3
    assert parse_size("512") == 512
    assert parse_size("1.5G") is None


def test_missing_and_folders_are_one_line(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such minutes file"):
        read_input_bytes(tmp_path / "none.txt", "minutes file")
    with pytest.raises(InputError, match="is a directory, not a minutes file"):
        read_input_bytes(tmp_path, "minutes file")


def test_text_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "m.txt"
    path.write_bytes(b"\xff\xfe minutes")
    with pytest.raises(InputError, match="is not UTF-8 text"):
        read_input_text(path, "minutes file")


def test_evidence_pipes_and_devices_are_refused_but_large_files_are_not(tmp_path: Path) -> None:
    pipe = tmp_path / "log.eval"
    os.mkfifo(pipe)
    with pytest.raises(InputError, match="named pipe"):
        check_evidence_file(pipe)
    with pytest.raises(InputError, match="device"):
        check_evidence_file(Path("/dev/zero"))
    big = tmp_path / "weights.bin"
    with big.open("wb") as f:
        f.truncate(2 * 1024**3)
    assert check_evidence_file(big).st_size == 2 * 1024**3


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"a":' * 100_000 + "1" + "}" * 100_000,
        "[" * 100_000,  # never closed: refused for its depth, not a RecursionError
        "[{" * 60 + "}]" * 60,
        '{"k": [[], ' * 101 + "1" + "]}" * 101,
    ],
)
def test_json_nested_deeper_than_the_limit_is_refused(text: str) -> None:
    with pytest.raises(InputError, match="nested deeper than 100 levels"):
        loads_json(text, "case.json")


def test_json_at_the_depth_limit_is_read() -> None:
    text = "[" * 100 + "]" * 100
    assert loads_json(text, "x") == json.loads(text)


def test_brackets_and_digits_inside_strings_do_not_count() -> None:
    value = {"text": "[" * 5000 + "9" * 5000 + '\\"{', "n": 12}
    assert loads_json(json.dumps(value), "x") == value


def test_a_100000_digit_number_is_refused() -> None:
    with pytest.raises(InputError, match="number longer than 1000 digits"):
        loads_json('{"n": ' + "9" * 100_000 + "}", "case.json")
    with pytest.raises(InputError, match="number longer than 1000 digits"):
        check_json_limits(b"[1." + b"5" * 100_000 + b"]", "x")


def test_broken_json_is_reported_by_the_parser() -> None:
    with pytest.raises(InputError, match=r"case.json is not JSON"):
        loads_json('{"a": [}', "case.json")


def test_a_wide_document_is_checked_quickly() -> None:
    text = json.dumps([{"id": i, "tags": [[i], {"x": [i]}]} for i in range(200_000)])
    start = time.monotonic()
    check_json_limits(text, "wide.json")
    assert time.monotonic() - start < 5


def test_every_kind_of_input_the_code_reads_has_a_size_limit() -> None:
    """A kind without a limit is a ValueError (an internal error) when a user names a file:
    the pattern, anchor, certificate and revocation-record readers once were."""
    import ast

    import workbench
    from workbench.runtime.inputs import SIZE_LIMITS

    root = Path(workbench.__file__).parent
    kinds: dict[str, str] = {}
    for source in root.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("read_input_bytes", "read_input_text")
                and len(node.args) == 2
                and isinstance(node.args[1], ast.Constant)
                and isinstance(node.args[1].value, str)
            ):
                kinds[node.args[1].value] = f"{source.relative_to(root)}:{node.lineno}"
    assert len(kinds) >= 15, kinds
    missing = {kind: where for kind, where in kinds.items() if kind not in SIZE_LIMITS}
    assert not missing, f"no size limit for {missing}"


def test_a_deep_clipboard_fragment_is_refused_in_one_line() -> None:
    from workbench.interop.exchange import loads_fragment

    with pytest.raises(InputError, match="holds no workbench elements"):
        loads_fragment("[" * 100_000 + "]" * 100_000)
