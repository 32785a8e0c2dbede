"""Inspect eval logs (.eval zip archives and .json files): read their facts without inspect-ai."""

from __future__ import annotations

import codecs
import io
import json
import math
import struct
import zipfile
from pathlib import Path
from typing import Any, BinaryIO

from workbench.domain import InputError

FORMAT_EVAL = "inspect-eval"
FORMAT_JSON = "inspect-json"

_ZIP_MAGIC = b"PK\x03\x04"
_ZSTD = 93  # zip compression method number for Zstandard (what Inspect writes)
_LOCAL_HEADER = struct.Struct("<IHHHHHIIIHH")
#: Largest header member we decompress (a header is kilobytes; this refuses zip bombs).
_MAX_MEMBER = 64 * 1024 * 1024
#: How much of a .json log we read looking for the header part before its samples.
_MAX_JSON_HEAD = 256 * 1024 * 1024
_CHUNK = 1024 * 1024
_INSPECT_FIRST_KEYS = frozenset({"version", "status", "eval"})


def read_inspect_log(path: Path) -> dict[str, Any] | None:
    """The facts of an Inspect eval log as evidence metadata; None if the file is not one.

    Keys: format, task, task_version, model, status, started_at, completed_at, metrics
    ({scorer: {metric: value}}), samples, git_revision, git_origin, error, eval_id, run_id,
    and ``suggested`` evidence fields (kind, title, evaluation, methodology_version, collected).
    """
    path = Path(path)
    try:
        with path.open("rb") as f:
            start = f.read(4096)
            if start.startswith(_ZIP_MAGIC):
                header = _eval_header(path, f)
                fmt = FORMAT_EVAL
            elif start.lstrip()[:1] == b"{":
                f.seek(0)
                header = _json_header(f)
                fmt = FORMAT_JSON
            else:
                return None
    except FileNotFoundError:
        raise InputError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a directory, not a file") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    if header is None or not _looks_like_inspect(header):
        return None
    return _facts(header, fmt)


# --------------------------------------------------------------------------- .eval archives


def _member_bytes(archive: zipfile.ZipFile, raw: BinaryIO, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > _MAX_MEMBER:
        return None
    if info.compress_type != _ZSTD:
        try:
            return archive.read(name)
        # RuntimeError: zipfile's error for an unsupported compression method or an
        # encrypted member.
        except (zipfile.BadZipFile, RuntimeError, OSError, EOFError):
            return None
    # Python < 3.14 has no zstd in zipfile: read the member's bytes and inflate them here.
    raw.seek(info.header_offset)
    local = raw.read(_LOCAL_HEADER.size)
    if len(local) != _LOCAL_HEADER.size:
        return None
    fields = _LOCAL_HEADER.unpack(local)
    if fields[0] != 0x04034B50:
        return None
    name_length, extra_length = fields[9], fields[10]
    raw.seek(info.header_offset + _LOCAL_HEADER.size + name_length + extra_length)
    compressed = raw.read(info.compress_size)
    try:
        import zstandard
    except ImportError:
        raise InputError(
            "reading this Inspect log needs the zstandard package (pip install zstandard)"
        ) from None
    try:
        reader = zstandard.ZstdDecompressor().stream_reader(
            io.BytesIO(compressed), read_across_frames=True
        )
        data: bytes = reader.read(_MAX_MEMBER + 1)
    except zstandard.ZstdError:
        return None
    return data if len(data) <= _MAX_MEMBER else None


def _member_json(archive: zipfile.ZipFile, raw: BinaryIO, name: str) -> Any:
    data = _member_bytes(archive, raw, name)
    if data is None:
        return None
    try:
        return json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None


def _eval_header(path: Path, raw: BinaryIO) -> dict[str, Any] | None:
    try:
        archive = zipfile.ZipFile(raw)
    except (zipfile.BadZipFile, OSError, EOFError):
        return None
    with archive:
        names = archive.namelist()
        header = _member_json(archive, raw, "header.json")
        if not isinstance(header, dict) or not isinstance(header.get("eval"), dict):
            # A run still going (or killed) has only its journal's start record.
            start = _member_json(archive, raw, "_journal/start.json")
            if not isinstance(start, dict) or not isinstance(start.get("eval"), dict):
                return None
            header = {**start, "status": "started"}
        sample_files = sum(1 for n in names if n.startswith("samples/") and n.endswith(".json"))
        header["_sample_records"] = sample_files
        return header


# --------------------------------------------------------------------------- .json logs


class _JsonHead:
    """Reads a large JSON object's top-level members one at a time, from a growing buffer."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
        self.buffer = ""
        self.pos = 0
        self.eof = False
        self.read_total = 0

    def more(self) -> bool:
        if self.eof or self.read_total >= _MAX_JSON_HEAD:
            return False
        chunk = self.raw.read(_CHUNK)
        self.read_total += len(chunk)
        if not chunk:
            self.eof = True
            self.buffer += self.decoder.decode(b"", final=True)
            return True
        self.buffer += self.decoder.decode(chunk)
        return True

    def skip_space(self) -> str:
        while True:
            while self.pos < len(self.buffer) and self.buffer[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self.more():
                return ""

    def value(self) -> Any:
        decoder = json.JSONDecoder()
        while True:
            try:
                value, end = decoder.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError:
                # Probably cut off at the buffer's end: read on, unless there is no more.
                if not self.more():
                    raise
                continue
            if end == len(self.buffer) and not self.eof:
                # A number at the buffer's end may continue in the next chunk.
                self.more()
                continue
            self.pos = end
            return value

    def members(self) -> Any:
        if self.skip_space() != "{":
            return
        self.pos += 1
        while True:
            char = self.skip_space()
            if char == "}" or char == "":
                return
            if char == ",":
                self.pos += 1
                continue
            key = self.value()
            if self.skip_space() != ":":
                return
            self.pos += 1
            self.skip_space()
            yield key


def _json_header(raw: BinaryIO) -> dict[str, Any] | None:
    head = _JsonHead(raw)
    header: dict[str, Any] = {}
    try:
        for key in head.members():
            if not header and key not in _INSPECT_FIRST_KEYS:
                return None
            if key == "samples":
                if "results" in header:
                    break  # the results give the sample count; skip the bulky samples
                samples = head.value()
                header["_sample_records"] = len(samples) if isinstance(samples, list) else 0
                continue
            header[key] = head.value()
    except (json.JSONDecodeError, UnicodeDecodeError):
        if "eval" not in header:
            return None
    return header


# --------------------------------------------------------------------------- facts


def _looks_like_inspect(header: dict[str, Any]) -> bool:
    evaluation = header.get("eval")
    return (
        isinstance(evaluation, dict)
        and isinstance(evaluation.get("task"), str)
        and isinstance(evaluation.get("model"), str)
        and isinstance(header.get("status", "started"), str)
    )


def _number(value: Any) -> float | int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _metrics(results: dict[str, Any]) -> dict[str, dict[str, float | int | None]]:
    metrics: dict[str, dict[str, float | int | None]] = {}
    for score in results.get("scores") or []:
        if not isinstance(score, dict):
            continue
        name = str(score.get("name") or score.get("scorer") or "score")
        if name in metrics and score.get("reducer"):
            name = f"{name}/{score['reducer']}"
        values = score.get("metrics") or {}
        items = values.values() if isinstance(values, dict) else values
        metrics[name] = {
            str(m.get("name")): _number(m.get("value"))
            for m in items
            if isinstance(m, dict) and m.get("name")
        }
    return metrics


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _facts(header: dict[str, Any], fmt: str) -> dict[str, Any]:
    evaluation: dict[str, Any] = header["eval"]
    stats = _mapping(header.get("stats"))
    results = _mapping(header.get("results")) or None
    revision = _mapping(evaluation.get("revision"))
    error = _mapping(header.get("error")) or None
    status = str(header.get("status") or "started")
    task = evaluation["task"]
    model = evaluation["model"]
    task_version = evaluation.get("task_version")
    git_revision = _text_or_none(revision.get("commit"))
    if results is not None:
        samples = results.get("completed_samples", results.get("total_samples"))
    else:
        samples = header.get("_sample_records")
    completed_at = _text_or_none(stats.get("completed_at"))
    started_at = _text_or_none(stats.get("started_at"))
    when = completed_at or started_at or _text_or_none(evaluation.get("created"))
    has_version = task_version not in (None, "", 0)
    title = f"Inspect eval {task} on {model}"
    if status != "success":
        title += f" ({status})"
    return {
        "format": fmt,
        "task": task,
        "task_version": task_version,
        "model": model,
        "status": status,
        "started_at": started_at,
        "completed_at": completed_at,
        "metrics": _metrics(results) if results else {},
        "samples": samples if isinstance(samples, int) else None,
        "git_revision": git_revision,
        "git_origin": _text_or_none(revision.get("origin")),
        "error": " ".join(str(error.get("message", "")).split())[:500] if error else None,
        "eval_id": _text_or_none(evaluation.get("eval_id")),
        "run_id": _text_or_none(evaluation.get("run_id")),
        "suggested": {
            "kind": "eval_log",
            "title": title,
            "evaluation": task,
            "methodology_version": str(task_version) if has_version else git_revision,
            "collected": when[:10] if when else None,
        },
    }
