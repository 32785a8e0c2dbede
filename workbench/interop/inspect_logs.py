"""Inspect eval logs (.eval zip archives and .json files): read their facts without inspect-ai.

A file recognised as an Inspect log whose bytes are damaged (a zip without its central
directory, a member that does not inflate, a .json cut off or broken before its end) is
refused with an InputError naming the damage, never read as a log of a run.
"""

from __future__ import annotations

import io
import json
import math
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from workbench.domain import InputError
from workbench.runtime.inputs import ZIP_ENTRIES_LIMIT, ZIP_MEMBER_LIMIT, check_json_limits

FORMAT_EVAL = "inspect-eval"
FORMAT_JSON = "inspect-json"

_ZIP_MAGIC = b"PK\x03\x04"
_ZSTD = 93  # zip compression method number for Zstandard (what Inspect writes)
#: The methods the standard library's zipfile reads.
_ZIP_METHODS = frozenset(
    (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)
)
_LOCAL_HEADER = struct.Struct("<IHHHHHIIIHH")
_CHUNK = 1024 * 1024
_INSPECT_FIRST_KEYS = frozenset({"version", "status", "eval"})
#: Folders of an .eval archive that mark it as Inspect's whatever the file is called
#: (header.json alone does not: other zips have one).
_EVAL_MEMBERS = ("_journal/", "samples/")


class _Damaged(Exception):
    """The bytes of a file recognised as an Inspect log break off or go wrong."""


def read_inspect_log(path: Path) -> dict[str, Any] | None:
    """The facts of an Inspect eval log as evidence metadata; None if the file is not one.

    Keys: format, task, task_version, model, status, started_at, completed_at, metrics
    ({scorer: {metric: value}}), samples, git_revision, git_origin, error, eval_id, run_id,
    and ``suggested`` evidence fields (kind, title, evaluation, methodology_version, collected).
    A damaged Inspect log raises InputError with one line naming the damage.
    """
    path = Path(path)
    try:
        with path.open("rb") as f:
            start = f.read(4096)
            if start.startswith(_ZIP_MAGIC):
                header = _eval_header(path, f, start)
                fmt = FORMAT_EVAL
            elif start.lstrip()[:1] == b"{":
                f.seek(0)
                header = _json_header(f)
                fmt = FORMAT_JSON
            else:
                return None
    except _Damaged as exc:
        raise InputError(f"damaged Inspect log {path}: {exc}") from None
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


def _first_member_name(start: bytes) -> str:
    """The name in a zip's first local file header (readable without the central directory)."""
    if len(start) < _LOCAL_HEADER.size:
        return ""
    name_length = _LOCAL_HEADER.unpack_from(start)[9]
    return start[_LOCAL_HEADER.size : _LOCAL_HEADER.size + name_length].decode("utf-8", "replace")


def _is_eval_member(name: str) -> bool:
    return name.startswith(_EVAL_MEMBERS)


def _zstd_member(raw: BinaryIO, info: zipfile.ZipInfo, cap: int) -> bytes:
    """A Zstandard member's bytes (zipfile cannot inflate them before Python 3.14), read
    and inflated with a cap on the bytes actually produced, whatever the header says."""
    if info.compress_size > cap + _CHUNK:
        raise _Damaged(f"{info.filename} says it is larger than {cap // 2**20} MB compressed")
    raw.seek(info.header_offset)
    local = raw.read(_LOCAL_HEADER.size)
    if len(local) != _LOCAL_HEADER.size or _LOCAL_HEADER.unpack(local)[0] != 0x04034B50:
        raise _Damaged(f"{info.filename} has no local header where the zip directory says")
    fields = _LOCAL_HEADER.unpack(local)
    raw.seek(info.header_offset + _LOCAL_HEADER.size + fields[9] + fields[10])
    compressed = raw.read(info.compress_size)
    if len(compressed) != info.compress_size:
        raise _Damaged(f"{info.filename} is cut off")
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
        data: bytes = reader.read(cap + 1)
    except zstandard.ZstdError as exc:
        raise _Damaged(f"{info.filename} does not inflate ({exc})") from None
    if len(data) > cap:
        raise _Damaged(f"{info.filename} inflates to more than {cap // 2**20} MB")
    if len(data) != info.file_size:
        raise _Damaged(
            f"{info.filename} says it holds {info.file_size} bytes but inflates to {len(data)}"
        )
    if zlib.crc32(data) != info.CRC:
        raise _Damaged(f"{info.filename} fails its CRC-32 check")
    return data


def _inflated(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    """A member's bytes, counted as they inflate (never more than ``cap`` held), refused
    when they are not the size its header says."""
    parts: list[bytes] = []
    total = 0
    with archive.open(info) as member:
        while chunk := member.read(min(_CHUNK, cap + 1 - total)):
            parts.append(chunk)
            total += len(chunk)
            if total > cap:
                raise _Damaged(f"{info.filename} inflates to more than {cap // 2**20} MB")
    if total != info.file_size:
        raise _Damaged(
            f"{info.filename} says it holds {info.file_size} bytes but inflates to {total}"
        )
    return b"".join(parts)


def _member_json(archive: zipfile.ZipFile, raw: BinaryIO, name: str) -> Any:
    """A member decoded as JSON; None if the archive has no such member."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    cap = ZIP_MEMBER_LIMIT.value()
    if info.file_size > cap:
        raise _Damaged(f"{name} says it is larger than {cap // 2**20} MB")
    if info.compress_type == _ZSTD:
        data = _zstd_member(raw, info, cap)
    elif info.compress_type not in _ZIP_METHODS:
        # Inspect writes Zstandard or deflate; another number is a damaged header.
        raise _Damaged(f"{name} names compression method {info.compress_type}, which is unknown")
    else:
        try:
            data = _inflated(archive, info, cap)
        # RuntimeError: zipfile's error for an encrypted member; BadZipFile for a bad CRC
        # or a missing local header.
        except (zipfile.BadZipFile, RuntimeError, EOFError) as exc:
            raise _Damaged(f"{name} cannot be read ({exc})") from None
        except zlib.error as exc:
            raise _Damaged(f"{name} does not inflate ({exc})") from None
    return _decoded(data, name, f"{name} is not valid JSON")


def _decoded(data: bytes, name: str, invalid: str) -> Any:
    """JSON within the nesting and number limits of every input (``runtime.inputs``)."""
    try:
        check_json_limits(data, name)
    except InputError as exc:
        raise _Damaged(str(exc)) from None
    try:
        return json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _Damaged(f"{invalid} ({exc})") from None
    except (ValueError, RecursionError) as exc:
        raise _Damaged(f"{name} cannot be decoded ({exc})") from None


_END = struct.Struct("<IHHHHIIH")  # end of central directory record
_END64 = struct.Struct("<IQHHIIQQQQ")  # its zip64 form
_END64_LOCATOR = struct.Struct("<IIQI")


def _directory_extent(raw: BinaryIO) -> tuple[int, int, int] | None:
    """(entries, bytes, where it ends) of a zip's central directory as its end record says;
    None if no end record is found (zipfile then says what is wrong)."""
    size = raw.seek(0, io.SEEK_END)
    tail_start = max(0, size - _END.size - 0xFFFF)
    raw.seek(tail_start)
    tail = raw.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < _END.size:
        return None
    fields = _END.unpack_from(tail, at)
    entries, length, end = fields[4], fields[5], tail_start + at
    locator_at = at - _END64_LOCATOR.size
    if locator_at >= 0 and tail[locator_at : locator_at + 4] == b"PK\x06\x07":
        offset = _END64_LOCATOR.unpack_from(tail, locator_at)[2]
        raw.seek(offset)
        record = raw.read(_END64.size)
        if len(record) == _END64.size and record[:4] == b"PK\x06\x06":
            fields64 = _END64.unpack(record)
            entries, length = max(entries, fields64[5]), max(length, fields64[7])
            end = tail_start + locator_at - _END64.size
    return entries, length, end


def _directory_refusal(raw: BinaryIO) -> str | None:
    """Why a zip's central directory is too large to list, or None: zipfile holds an object
    per entry, so a few hundred megabytes of directory would take gigabytes and minutes.
    The count in the end record may be cut to 16 bits, so the records are counted too
    (their signatures, in the directory's bytes: one C-speed pass, no objects)."""
    extent = _directory_extent(raw)
    if extent is None:
        raw.seek(0)
        return None
    entries, length, end = extent
    most = ZIP_ENTRIES_LIMIT.value()
    if entries <= most and length <= 256 * most:
        raw.seek(max(0, end - length))
        entries = max(entries, raw.read(length).count(b"PK\x01\x02"))
    raw.seek(0)
    if entries <= most and length <= 256 * most:
        return None
    return (
        f"its zip directory lists {entries:,} members in {length:,} bytes, more than the "
        f"{most:,} members allowed (set {ZIP_ENTRIES_LIMIT.env} to change it)"
    )


def _eval_header(path: Path, raw: BinaryIO, start: bytes) -> dict[str, Any] | None:
    inspect_like = path.suffix.lower() == ".eval" or _is_eval_member(_first_member_name(start))
    refusal = _directory_refusal(raw)
    if refusal is not None:
        if not inspect_like:
            return None  # a large archive that is not an Inspect log: just a file
        raise _Damaged(refusal)
    try:
        archive = zipfile.ZipFile(raw)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        if not inspect_like:
            return None
        if "not a zip file" in str(exc):
            raise _Damaged(
                "the zip archive has no central directory (the file is truncated, "
                "or was copied while Inspect was still writing it)"
            ) from None
        raise _Damaged(f"its zip directory is damaged ({exc})") from None
    with archive:
        names = archive.namelist()
        if any(_is_eval_member(n) for n in names):
            inspect_like = True
        try:
            header = _member_json(archive, raw, "header.json")
            if not isinstance(header, dict) or not isinstance(header.get("eval"), dict):
                # A run still going (or killed) has only its journal's start record.
                start_record = _member_json(archive, raw, "_journal/start.json")
                if not isinstance(start_record, dict) or not isinstance(
                    start_record.get("eval"), dict
                ):
                    if inspect_like and "header.json" not in names:
                        raise _Damaged("it holds neither header.json nor _journal/start.json")
                    return None
                header = {**start_record, "status": "started"}
        except _Damaged:
            if inspect_like:
                raise
            return None
        sample_files = sum(1 for n in names if n.startswith("samples/") and n.endswith(".json"))
        header["_sample_records"] = sample_files
        return header


# --------------------------------------------------------------------------- .json logs

#: The top-level members of a .json log that hold its facts (small); the rest (samples,
#: reductions, …) are skipped over without being decoded.
_JSON_FACTS = frozenset({"version", "status", "eval", "results", "stats", "error"})
#: A run of JSON text holding no bracket outside a string (complete strings only).
_NO_BRACKET = re.compile(rb'(?:[^"{}\[\]]++|"(?:[^"\\]++|\\.)*+")*+', re.DOTALL)
_SCALAR_END = re.compile(rb"[,}\]\s]")
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"{}[]")
_SPACE = frozenset(b" \t\r\n")
_QUOTE, _BACKSLASH, _BRACE, _BRACKET = b'"\\{['
_OPENERS = frozenset(b"{[")
#: Unread bytes from which a skip works on the whole buffer at once rather than bracket by
#: bracket (below it the exact scan is as quick).
_SKIM_SPAN = 16 * 1024


@dataclass
class _Nesting:
    """Where a skip is inside the value it skips."""

    closers: list[int]  # the closing brackets owed, innermost last
    items: int = 0  # objects seen directly inside the value
    in_string: bool = False


class _JsonScanner:
    """Walks a JSON object's top-level members in one pass over a file's bytes.

    A member's value is decoded (``json.loads`` of its bytes) or skipped. A skip follows
    strings and brackets only, so it is linear in the bytes, holds about one chunk in memory
    however large the value is, and lets the NaN and Infinity Inspect writes pass (strict
    streaming parsers such as ijson's yajl refuse them). Running off the end of the file, or
    a bracket that closes what it did not open, is damage.

    A skip takes a whole buffer at a time where it can (``_skim``: escapes blanked, strings
    cut out, brackets counted, all in C), and goes bracket by bracket (``_scan``) only in
    the buffer where the value ends or goes wrong.
    """

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.buf = b""
        self.pos = 0
        self.offset = 0  # file offset of buf[0]
        self.eof = False
        self.kept: list[bytes] | None = None  # the bytes of a value being decoded
        self.mark = 0  # where the value being decoded starts in buf
        self.member = ""  # the top-level member being read, for messages

    # ------------------------------------------------------------------ buffer

    def _fill(self) -> bool:
        """Read the next chunk after the unread bytes; False at the end of the file."""
        if self.eof:
            return False
        chunk = self.raw.read(_CHUNK)
        if not chunk:
            self.eof = True
            return False
        if self.kept is not None:
            self.kept.append(self.buf[self.mark : self.pos])
            self.mark = 0
        self.offset += self.pos
        self.buf = self.buf[self.pos :] + chunk
        self.pos = 0
        return True

    def where(self) -> str:
        inside = f' inside "{self.member}"' if self.member else ""
        return f"at byte {self.offset + self.pos}{inside}"

    def cut_off(self) -> _Damaged:
        return _Damaged(f"the file ends {self.where()} (truncated)")

    def unexpected(self, wanted: str) -> _Damaged:
        found = repr(chr(self.buf[self.pos])) if self.pos < len(self.buf) else "the end"
        return _Damaged(f"{wanted} expected but {found} found {self.where()}")

    def peek(self) -> int | None:
        """The next byte that is not white space (left unread); None at the end of the file."""
        while True:
            buf, pos, end = self.buf, self.pos, len(self.buf)
            while pos < end and buf[pos] in _SPACE:
                pos += 1
            self.pos = pos
            if pos < end:
                return buf[pos]
            if not self._fill():
                return None

    def take(self, expected: int) -> bool:
        """Read ``expected`` if it is the next byte that is not white space."""
        byte = self.peek()
        if byte is None:
            raise self.cut_off()
        if byte != expected:
            return False
        self.pos += 1
        return True

    # ------------------------------------------------------------------ skipping

    def _string_end(self) -> bool:
        """Move past the rest of a string in this buffer; False if the buffer ends first."""
        buf = self.buf
        while True:
            quote = buf.find(b'"', self.pos)
            if quote < 0:
                # Keep a trailing run of backslashes: it may escape the next chunk's quote.
                end = len(buf)
                while end > self.pos and buf[end - 1] == _BACKSLASH:
                    end -= 1
                self.pos = end
                return False
            before = quote
            while before > self.pos and buf[before - 1] == _BACKSLASH:
                before -= 1
            self.pos = quote + 1
            if (quote - before) % 2 == 0:
                return True

    def _skim(self, nesting: _Nesting) -> bool:
        """Skip the whole rest of the buffer if the value goes on past it (True); else
        leave position and nesting as they were (False) for ``_scan`` to go bracket by
        bracket."""
        buf = self.buf
        end = len(buf)
        while end > self.pos and buf[end - 1] == _BACKSLASH:
            end -= 1  # an escape may go on in the next chunk
        # With escaped backslashes and quotes blanked, quotes alternate: open, close, …
        text = buf[self.pos : end].replace(b"\\\\", b"__").replace(b'\\"', b"__")
        pieces = text.split(b'"')
        outside = pieces[1::2] if nesting.in_string else pieces[0::2]
        brackets = b"".join(outside).translate(None, _NOT_BRACKET)
        closers = list(nesting.closers)
        items = nesting.items
        for byte in brackets:
            if byte in _OPENERS:
                if byte == _BRACE and len(closers) == 1:
                    items += 1
                closers.append(byte + 2)  # "{" + 2 is "}", "[" + 2 is "]"
            elif byte == closers[-1] and len(closers) > 1:
                closers.pop()
            else:
                return False  # the value ends here, or a bracket is wrong: scan exactly
        nesting.closers = closers
        nesting.items = items
        nesting.in_string ^= len(pieces) % 2 == 0
        self.pos = end
        return True

    def _scan(self, nesting: _Nesting) -> bool:
        """Skip bracket by bracket: True once the value ends, False at the buffer's end."""
        buf = self.buf
        end = len(buf)
        closers = nesting.closers
        if nesting.in_string:
            if not self._string_end():
                return False
            nesting.in_string = False
        run = _NO_BRACKET.match
        while True:
            self.pos = run(buf, self.pos).end()  # type: ignore[union-attr]
            if self.pos == end:
                return False
            byte = buf[self.pos]
            self.pos += 1
            if byte == _QUOTE:  # a string this buffer cuts off
                if not self._string_end():
                    nesting.in_string = True
                    return False
            elif byte in _OPENERS:
                if byte == _BRACE and len(closers) == 1:
                    nesting.items += 1
                closers.append(byte + 2)
            elif byte == closers[-1]:
                closers.pop()
                if not closers:
                    return True
            else:
                self.pos -= 1
                raise self.unexpected(repr(chr(closers[-1])))

    def skip(self) -> int:
        """Move past one value; returns how many objects are direct items of it."""
        first = self.peek()
        if first is None:
            raise self.cut_off()
        self.pos += 1
        if first == _QUOTE:
            while not self._string_end():
                if not self._fill():
                    raise self.cut_off()
            return 0
        if first in _OPENERS:
            nesting = _Nesting([first + 2])
            while True:
                if len(self.buf) - self.pos >= _SKIM_SPAN and self._skim(nesting):
                    pass
                elif self._scan(nesting):
                    return nesting.items
                if not self._fill():
                    raise self.cut_off()
        self.pos -= 1
        while True:  # a number, true, false, null, NaN, Infinity
            match = _SCALAR_END.search(self.buf, self.pos)
            if match is not None:
                if match.start() == self.pos:
                    raise self.unexpected("a value")
                self.pos = match.start()
                return 0
            self.pos = len(self.buf)
            if not self._fill():
                return 0  # the caller finds the object unclosed

    def decode(self) -> Any:
        """Decode one value, checking that it is valid JSON."""
        if self.peek() is None:
            raise self.cut_off()
        self.kept, self.mark = [], self.pos
        try:
            self.skip()
            self.kept.append(self.buf[self.mark : self.pos])
            data = b"".join(self.kept)
        finally:
            self.kept = None
        return _decoded(data, f"a value {self.where()}", f"not valid JSON {self.where()}")


def _json_header(raw: BinaryIO) -> dict[str, Any] | None:
    """The header members of a .json log, the samples counted; None if it is not a log.

    It reads to the end of the file, so a log cut off (or broken) anywhere, even deep in its
    samples, is found damaged once it is recognised as Inspect's: its first member is one of
    version, status and eval, and an eval or status member has been seen.
    """
    scanner = _JsonScanner(raw)
    header: dict[str, Any] = {}
    recognised = False
    try:
        if not scanner.take(_BRACE) or scanner.take(ord("}")):
            return None
        first = True
        while True:
            if scanner.peek() != _QUOTE:
                raise scanner.unexpected("a member name")
            key = scanner.decode()
            if first and key not in _INSPECT_FIRST_KEYS:
                return None
            first = False
            recognised = recognised or key in ("eval", "status")
            if not scanner.take(ord(":")):
                raise scanner.unexpected("':'")
            scanner.member = str(key)
            if key in _JSON_FACTS:
                header[key] = scanner.decode()
            elif key == "samples":
                header["_sample_records"] = scanner.skip()
            else:
                scanner.skip()
            if scanner.take(ord("}")):
                break
            if not scanner.take(ord(",")):
                raise scanner.unexpected("',' or '}'")
            scanner.member = ""
        scanner.member = ""
        if scanner.peek() is not None:
            raise _Damaged(f"more data follows the log's end {scanner.where()}")
    except _Damaged:
        if recognised:
            raise
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
