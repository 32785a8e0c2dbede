"""Hostile documents refused in one line and bounded time: YAML aliases and depth, OSCAL
parameter expansion, JSON depth and digits, zip members that lie about their size."""

from __future__ import annotations

import datetime as dt
import io
import json
import struct
import time
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest

from benchmarks.reliability_hostile import YAML_BOMB as ALIAS_BOMB
from workbench.domain import InputError
from workbench.interop.exchange import loads_case
from workbench.interop.gsn2x import parse_gsn2x
from workbench.interop.inspect_logs import read_inspect_log
from workbench.interop.oscal import framework_from_oscal

NOW = dt.datetime(2026, 11, 2, tzinfo=dt.UTC)
DEEP = 100_000


# ------------------------------------------------------------------------------------ YAML


def test_a_yaml_alias_bomb_in_element_metadata_is_refused_naming_its_line() -> None:
    start = time.monotonic()
    with pytest.raises(InputError, match=r"bomb.yaml: line 5 uses the YAML alias \*a0"):
        parse_gsn2x(ALIAS_BOMB, source="bomb.yaml", now=NOW)
    assert time.monotonic() - start < 5


def test_a_merge_key_alias_is_refused_too() -> None:
    text = "base: &b {text: shared}\nG1:\n  <<: *b\n  supportedBy: [Sn1]\nSn1:\n  text: E\n"
    with pytest.raises(InputError, match=r"line 3 uses the YAML alias \*b"):
        parse_gsn2x(text, source="m.yaml", now=NOW)


def test_yaml_nested_100000_deep_is_refused_without_recursion_error() -> None:
    text = "G1:\n  text: deep\n  meta: " + "[" * DEEP + "]" * DEEP + "\n"
    # libyaml stops at 1,000 levels itself; the reader's own limit is 100.
    with pytest.raises(InputError, match=r"deep.yaml.* line 3.*nest"):
        parse_gsn2x(text, source="deep.yaml", now=NOW)


def test_an_anchor_without_an_alias_is_harmless() -> None:
    text = "G1:\n  text: &t The system is safe\n  supportedBy: [Sn1]\nSn1:\n  text: E\n"
    result = parse_gsn2x(text, source="a.yaml", now=NOW)
    assert [e.id for e in result.case.elements] == ["G1", "Sn1"]


# ----------------------------------------------------------------------------------- OSCAL


def _catalog(params: list[dict[str, Any]], prose: str) -> dict[str, Any]:
    control = {
        "id": "c-1",
        "title": "Control",
        "params": params,
        "parts": [{"id": "c-1_smt", "name": "statement", "prose": prose}],
    }
    return {
        "catalog": {
            "uuid": "2a8e5e5e-9f7c-4f0b-8d4b-0c1e5d6f7a80",
            "metadata": {"title": "Bomb", "version": "1", "oscal-version": "1.1.2"},
            "groups": [{"id": "g", "title": "G", "controls": [control]}],
        }
    }


def test_an_oscal_parameter_expansion_bomb_is_refused_quickly() -> None:
    insert = "{{ insert: param, p%d }}"
    params: list[dict[str, Any]] = [
        {"id": f"p{i}", "values": [" ".join([insert % (i + 1)] * 8)]} for i in range(30)
    ]
    params.append({"id": "p30", "values": ["boom"]})
    start = time.monotonic()
    with pytest.raises(InputError, match="inserted more than 10,000 times"):
        framework_from_oscal(_catalog(params, insert % 0), source="bomb.json")
    assert time.monotonic() - start < 5


def test_a_long_parameter_inserted_many_times_is_refused() -> None:
    params = [{"id": "big", "values": ["x" * 200_000]}]
    with pytest.raises(InputError, match="beyond 10,000,000 characters"):
        framework_from_oscal(
            _catalog(params, "{{ insert: param, big }} " * 2000), source="long.json"
        )


def test_parameters_inserting_parameters_a_few_times_still_expand() -> None:
    params: list[dict[str, Any]] = [
        {"id": "a", "values": ["{{ insert: param, b }} and {{ insert: param, b }}"]},
        {"id": "b", "values": ["staff"]},
    ]
    framework = framework_from_oscal(_catalog(params, "Train {{ insert: param, a }}."), source="x")
    assert framework.requirements[0].statement == "Train staff and staff."


# ------------------------------------------------------------------------------------ JSON


def test_a_case_document_nested_100000_deep_is_one_line() -> None:
    text = '{"format": "safety-case-workbench/1", "elements": ' + "[" * DEEP + "]" * DEEP + "}"
    with pytest.raises(InputError, match=r"case.json is nested deeper than 100 levels"):
        loads_case(text, source="case.json")


def test_a_case_document_with_a_100000_digit_integer_is_one_line() -> None:
    text = '{"format": "safety-case-workbench/1", "n": ' + "7" * DEEP + "}"
    with pytest.raises(InputError, match="number longer than 1000 digits"):
        loads_case(text, source="case.json")


# --------------------------------------------------------------------------- Inspect logs

HEADER = {"version": 2, "status": "success", "eval": {"task": "t", "model": "m"}}


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _lie_about(blob: bytes, name: str, size: int) -> bytes:
    """Set the uncompressed size of ``name`` in its local and central headers."""
    data = bytearray(blob)
    encoded = name.encode()
    for signature, name_at, size_at in ((b"PK\x03\x04", 30, 22), (b"PK\x01\x02", 46, 24)):
        at = data.find(signature)
        while at != -1:
            if data[at + name_at : at + name_at + len(encoded)] == encoded:
                struct.pack_into("<I", data, at + size_at, size)
            at = data.find(signature, at + 4)
    return bytes(data)


def test_an_eval_member_that_inflates_past_the_size_it_claims_is_refused(
    tmp_path: Path,
) -> None:
    body = json.dumps(HEADER).encode() + b" " * 5_000_000
    path = tmp_path / "lie.eval"
    path.write_bytes(
        _lie_about(_zip({"header.json": body, "samples/1.json": b"{}"}), "header.json", 100)
    )
    with pytest.raises(InputError, match=r"damaged Inspect log .*header.json"):
        read_inspect_log(path)


def test_an_eval_member_inflating_beyond_the_cap_is_refused_by_bytes_inflated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKBENCH_MAX_ZIP_MEMBER_BYTES", "1M")
    body = b"[" + b" " * 3_000_000 + b"]"
    path = tmp_path / "bomb.eval"
    path.write_bytes(_zip({"header.json": body, "samples/1.json": b"{}"}))
    with pytest.raises(InputError, match=r"header.json says it is larger than 1 MB"):
        read_inspect_log(path)
    lying = _lie_about(_zip({"header.json": body, "samples/1.json": b"{}"}), "header.json", 10)
    path.write_bytes(lying)
    # zipfile stops at the size the header says, so the lie shows as a failed CRC.
    with pytest.raises(InputError, match=r"damaged Inspect log .*header.json"):
        read_inspect_log(path)


def test_a_zstd_member_that_lies_about_its_size_is_refused(tmp_path: Path) -> None:
    zstandard = pytest.importorskip("zstandard")
    body = json.dumps(HEADER).encode() + b" " * 5_000_000
    packed = zstandard.ZstdCompressor().compress(body)
    name = b"header.json"
    crc = zlib.crc32(body)
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 63, 0, 93, 0, 0, crc, len(packed), 100, 11, 0)
    central = struct.pack(
        "<IHHHHHHIIIHHHHHII",
        *(0x02014B50, 63, 63, 0, 93, 0, 0, crc, len(packed), 100, 11, 0, 0, 0, 0, 0, 0),
    )
    head = local + name + packed
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central) + 11, len(head), 0)
    path = tmp_path / "zstd.eval"
    path.write_bytes(head + central + name + end)
    with pytest.raises(InputError, match=r"header.json says it holds 100 bytes but inflates"):
        read_inspect_log(path)


def test_an_eval_header_nested_100000_deep_is_refused(tmp_path: Path) -> None:
    deep = b'{"version": 2, "status": "success", "eval": ' + b"[" * DEEP + b"]" * DEEP + b"}"
    path = tmp_path / "deep.eval"
    path.write_bytes(_zip({"header.json": deep, "samples/1.json": b"{}"}))
    with pytest.raises(InputError, match="nested deeper than 100 levels"):
        read_inspect_log(path)


def test_an_inspect_json_log_nested_100000_deep_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "log.json"
    path.write_bytes(
        b'{"version": 2, "status": "success", "eval": ' + b"[" * DEEP + b"]" * DEEP + b"}"
    )
    with pytest.raises(InputError, match="nested deeper than 100 levels"):
        read_inspect_log(path)


def test_an_inspect_json_log_with_a_100000_digit_integer_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "log.json"
    path.write_bytes(b'{"version": 2, "status": "success", "eval": {"n": ' + b"9" * DEEP + b"}}")
    with pytest.raises(InputError, match="number longer than 1000 digits"):
        read_inspect_log(path)


def _directory_only_zip(entries: int, first: str) -> bytes:
    """A zip of ``entries`` central-directory records and no members (what a hostile
    archive needs to make zipfile build an object per record)."""
    names = [f"{first}{n}.json".encode() for n in range(entries)]
    central = b"".join(
        struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            len(name),
            0,
            0,
            0,
            0,
            0,
            0,
        )
        + name
        for name in names
    )
    count = min(entries, 0xFFFF)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), 0, 0)
    return b"PK\x03\x04" + b"\0" * 26 + central + end


def test_an_eval_whose_directory_lists_too_many_members_is_refused_before_listing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKBENCH_MAX_ZIP_ENTRIES", "1000")
    path = tmp_path / "many.eval"
    path.write_bytes(_directory_only_zip(5000, "samples/"))
    with pytest.raises(InputError, match=r"lists 5,000 members .* more than the 1,000 members"):
        read_inspect_log(path)


def test_a_large_zip_that_is_not_an_inspect_log_is_just_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKBENCH_MAX_ZIP_ENTRIES", "1000")
    path = tmp_path / "dataset.zip"
    path.write_bytes(_directory_only_zip(5000, "rows/"))
    assert read_inspect_log(path) is None


def test_a_directory_whose_16_bit_count_hides_its_size_is_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKBENCH_MAX_ZIP_ENTRIES", "66000")
    path = tmp_path / "cut.eval"
    path.write_bytes(_directory_only_zip(70_000, "samples/"))  # the end record says 65,535
    with pytest.raises(InputError, match=r"lists 70,000 members"):
        read_inspect_log(path)
