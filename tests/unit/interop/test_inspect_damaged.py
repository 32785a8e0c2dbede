"""Damaged Inspect logs are refused naming the damage; .json samples are skipped in one pass."""

from __future__ import annotations

import json
import math
import zipfile
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.domain import InputError
from workbench.interop import inspect_logs
from workbench.interop.inspect_logs import read_inspect_log

NO_DIRECTORY = r"^damaged Inspect log .*: the zip archive has no central directory"


def _cut(source: Path, target: Path, keep: int) -> Path:
    target.write_bytes(source.read_bytes()[:keep])
    return target


def _errored_log(samples: list[Any]) -> str:
    head = {
        "version": 2,
        "status": "error",
        "eval": {"task": "uplift", "model": "mockllm/model", "created": "2025-06-01T12:00:00"},
        "stats": {"started_at": "2025-06-01T12:00:01"},
        "error": {"message": "RuntimeError('boom')", "traceback": "..."},
    }
    return json.dumps({**head, "samples": samples, "reductions": samples[:1]}, indent=1) + "\n"


# --------------------------------------------------------------------------- .eval archives


@pytest.mark.parametrize("fraction", [0.3, 0.6, 0.95])
def test_eval_cut_short_is_refused_naming_the_missing_directory(
    tmp_path: Path, data: Path, fraction: float
) -> None:
    source = data / "inspect-started.eval"
    cut = _cut(source, tmp_path / "run.eval", int(source.stat().st_size * fraction))
    with pytest.raises(InputError, match=NO_DIRECTORY):
        read_inspect_log(cut)


def test_eval_missing_only_its_last_byte_is_refused(tmp_path: Path, data: Path) -> None:
    source = data / "inspect-started.eval"
    with pytest.raises(InputError, match=NO_DIRECTORY):
        read_inspect_log(_cut(source, tmp_path / "run.eval", source.stat().st_size - 1))


def test_cut_archive_is_known_by_its_first_member_whatever_its_name(
    tmp_path: Path, data: Path
) -> None:
    source = data / "inspect-started.eval"
    cut = _cut(source, tmp_path / "upload.bin", source.stat().st_size // 2)
    with pytest.raises(InputError, match=NO_DIRECTORY):
        read_inspect_log(cut)


def test_eval_suffix_on_a_zip_header_and_nothing_else_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.eval"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    with pytest.raises(InputError, match=NO_DIRECTORY):
        read_inspect_log(path)


def test_cut_zip_that_is_not_an_inspect_log_is_just_a_file(tmp_path: Path) -> None:
    path = tmp_path / "report.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("body.txt", "text " * 200)
    assert read_inspect_log(_cut(path, tmp_path / "cut.zip", 100)) is None


def test_header_member_failing_its_crc_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "run.eval"
    header = json.dumps({"status": "success", "eval": {"task": "t", "model": "m"}}).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("header.json", header)
    raw = bytearray(path.read_bytes())
    at = raw.index(b'"success"')
    raw[at + 1 : at + 8] = b"failure"
    path.write_bytes(bytes(raw))
    with pytest.raises(InputError, match=r"header\.json cannot be read \(Bad CRC-32"):
        read_inspect_log(path)


def test_zstd_header_member_that_does_not_inflate_is_refused(
    tmp_path: Path, inspect_logs: dict[str, Path]
) -> None:
    source = inspect_logs["success-eval"]
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo("header.json")
    raw = bytearray(source.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    middle = start + info.compress_size // 2
    raw[middle : middle + 16] = bytes(16)
    path = tmp_path / "run.eval"
    path.write_bytes(bytes(raw))
    with pytest.raises(
        InputError, match=r"header\.json (does not inflate|fails its CRC-32 check|is not valid)"
    ):
        read_inspect_log(path)


def test_header_member_with_an_unknown_compression_method_is_refused(tmp_path: Path) -> None:
    """A method number no reader knows (a damaged central directory) is named, not guessed."""
    path = tmp_path / "run.eval"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("header.json", json.dumps({"status": "success"}))
    raw = bytearray(path.read_bytes())
    central = raw.rindex(b"PK\x01\x02")  # the central directory entry of header.json
    raw[central + 10 : central + 12] = (77).to_bytes(2, "little")  # its compression method
    path.write_bytes(bytes(raw))
    with pytest.raises(InputError, match=r"header\.json names compression method 77"):
        read_inspect_log(path)


def test_eval_archive_of_samples_without_header_or_journal_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "run.eval"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("samples/1_epoch_1.json", json.dumps({"id": 1}))
    with pytest.raises(InputError, match=r"neither header\.json nor _journal/start\.json$"):
        read_inspect_log(path)


def test_intact_zip_with_a_foreign_header_is_still_just_a_file(tmp_path: Path) -> None:
    path = tmp_path / "bundle.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("header.json", "not json at all")
    assert read_inspect_log(path) is None


# --------------------------------------------------------------------------- .json logs


@pytest.mark.parametrize("name", ["inspect-success-nan.json", "inspect-cancelled.json"])
def test_json_cut_anywhere_once_recognised_is_refused(
    tmp_path: Path, data: Path, name: str
) -> None:
    text = (data / name).read_bytes()
    recognised = text.index(b'"status"') + len(b'"status"')
    end = len(text.rstrip())
    cut = tmp_path / "cut.json"
    refused = 0
    for keep in range(recognised, end):
        cut.write_bytes(text[:keep])
        with pytest.raises(InputError, match=r"^damaged Inspect log .*cut\.json: "):
            read_inspect_log(cut)
        refused += 1
    assert refused == end - recognised
    cut.write_bytes(text[:end])
    assert read_inspect_log(cut) is not None


def test_refusal_names_the_member_and_byte_where_the_log_ends(tmp_path: Path, data: Path) -> None:
    text = (data / "inspect-cancelled.json").read_text()
    keep = text.index('"Find the flag"') + 5
    cut = tmp_path / "cut.json"
    cut.write_text(text[:keep])
    message = f'the file ends at byte {keep} inside "samples" (truncated)'
    with pytest.raises(InputError, match=r": " + message.replace("(", r"\(").replace(")", r"\)")):
        read_inspect_log(cut)


def test_json_cut_before_it_shows_it_is_a_log_is_just_a_file(tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    path.write_text('{"version": 2, "sta')
    assert read_inspect_log(path) is None


@pytest.mark.parametrize(
    ("tail", "damage"),
    [
        ('], "x": 1}\n}', r"more data follows the log's end at byte \d+$"),
        ("}]\n}", r"'\]' expected but '}' found at byte \d+ inside \"samples\""),
        ('] "location": "x"}', r"',' or '}' expected but '\"' found"),
    ],
    ids=["data after the end", "bracket closing what it did not open", "missing comma"],
)
def test_broken_structure_is_refused(tmp_path: Path, tail: str, damage: str) -> None:
    text = _errored_log([{"id": 1}])
    good = text[: text.index('"reductions"')].rstrip().rstrip(",").rstrip().removesuffix("]")
    path = tmp_path / "broken.json"
    path.write_text(good + tail)
    with pytest.raises(InputError, match=damage):
        read_inspect_log(path)


def test_header_member_that_is_not_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"version": 2, "status": "error", "eval": {"task": "t", "model": }}')
    with pytest.raises(InputError, match=r"not valid JSON at byte \d+ inside \"eval\""):
        read_inspect_log(path)


def test_samples_are_skipped_not_decoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = [{"id": n, "messages": [{"content": "x" * 50_000, "nan": math.nan}]} for n in range(60)]
    path = tmp_path / "errored.json"
    path.write_text(_errored_log(big))
    decoded: list[int] = []
    loads = json.loads

    def counting_loads(data: bytes, **kwargs: Any) -> Any:
        decoded.append(len(data))
        return loads(data, **kwargs)

    monkeypatch.setattr(inspect_logs.json, "loads", counting_loads)
    facts = read_inspect_log(path)
    assert facts is not None
    assert (facts["status"], facts["samples"]) == ("error", 60)
    assert sum(decoded) < 2_000 < path.stat().st_size // 1000


#: JSON values with the characters a skipper must get right inside strings.
_TRICKY = st.text(alphabet='ab"\\{}[],: \n\u00e9\u4e2d', max_size=12)
_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | _TRICKY,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TRICKY, inner, max_size=4),
    max_leaves=25,
)


@settings(max_examples=150, deadline=None)
@given(samples=st.lists(_VALUES, max_size=6), cut=st.floats(0, 1, exclude_max=True))
def test_any_samples_are_counted_across_chunk_edges_and_any_cut_refused(
    tmp_path_factory: pytest.TempPathFactory, samples: list[Any], cut: float
) -> None:
    folder = tmp_path_factory.mktemp("logs")
    text = _errored_log(samples).encode()
    whole, part = folder / "whole.json", folder / "part.json"
    whole.write_bytes(text)
    start = text.index(b'"samples"')
    part.write_bytes(text[: start + int((len(text.rstrip()) - start) * cut)])
    with (
        mock.patch.object(inspect_logs, "_CHUNK", 7),
        mock.patch.object(inspect_logs, "_SKIM_SPAN", 3),
    ):
        facts = read_inspect_log(whole)
        assert facts is not None
        assert facts["samples"] == sum(isinstance(s, dict) for s in samples)
        with pytest.raises(InputError, match="damaged Inspect log"):
            read_inspect_log(part)
