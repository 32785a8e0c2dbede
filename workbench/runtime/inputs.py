"""Bounded input: every file a user gives is opened here, refused in one line when hostile.

A file is read only if it is a regular file (a named pipe or a device is refused before a
byte is read, so nothing blocks), no larger than the limit of its kind (read with a cap,
never whole), and JSON is checked for nesting depth and number length before it is
decoded (so no RecursionError and no quadratic integer conversion). Each limit has a
default and an environment variable that changes it (see ``docs/limits.md``).
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.domain import InputError

KiB = 1024
MiB = 1024 * KiB
GiB = 1024 * MiB


@dataclass(frozen=True)
class Limit:
    """A bound with its default and the environment variable that overrides it."""

    env: str
    default: int

    def value(self) -> int:
        raw = os.environ.get(self.env, "").strip()
        if not raw:
            return self.default
        number = parse_size(raw)
        if number is None or number <= 0:
            raise InputError(
                f"{self.env}={raw!r} is not a positive size "
                "(give bytes, or a number with K, M or G)"
            )
        return number


def parse_size(text: str) -> int | None:
    """``"64M"`` → 67108864; plain digits are bytes; None if it is not a size."""
    match = re.fullmatch(r"\s*(\d{1,15})\s*([KMG]i?B?|B)?\s*", text, re.IGNORECASE)
    if match is None:
        return None
    unit = (match.group(2) or "B")[:1].upper()
    return int(match.group(1)) * {"B": 1, "K": KiB, "M": MiB, "G": GiB}[unit]


#: The size limit of each kind of input file. Keys are the kinds the readers name.
SIZE_LIMITS: dict[str, Limit] = {
    "case document": Limit("WORKBENCH_MAX_CASE_BYTES", 256 * MiB),
    "gsn2x file": Limit("WORKBENCH_MAX_GSN2X_BYTES", 32 * MiB),
    "OSCAL catalog": Limit("WORKBENCH_MAX_OSCAL_BYTES", 64 * MiB),
    "catalogue file": Limit("WORKBENCH_MAX_CATALOGUE_BYTES", 64 * MiB),
    "crosswalk file": Limit("WORKBENCH_MAX_CROSSWALK_BYTES", 16 * MiB),
    "minutes file": Limit("WORKBENCH_MAX_MINUTES_BYTES", 16 * MiB),
    "policy text": Limit("WORKBENCH_MAX_POLICY_BYTES", 64 * MiB),
    "passphrase file": Limit("WORKBENCH_MAX_PASSPHRASE_BYTES", 64 * KiB),
    "identity file": Limit("WORKBENCH_MAX_IDENTITY_BYTES", 1 * MiB),
    "trust file": Limit("WORKBENCH_MAX_CERTIFICATE_BYTES", 1 * MiB),
    "certificate file": Limit("WORKBENCH_MAX_CERTIFICATE_BYTES", 1 * MiB),
    "packet": Limit("WORKBENCH_MAX_PACKET_BYTES", 256 * MiB),
    # A packet or a seal given to ``audit verify --anchor``: a packet's limit.
    "anchor": Limit("WORKBENCH_MAX_PACKET_BYTES", 256 * MiB),
    "pattern file": Limit("WORKBENCH_MAX_PATTERN_BYTES", 16 * MiB),
    "CRL file": Limit("WORKBENCH_MAX_CRL_BYTES", 64 * MiB),
    "revocation record": Limit("WORKBENCH_MAX_CRL_BYTES", 64 * MiB),
}
#: Evidence files are streamed into the store, never held whole: their limit is far larger.
EVIDENCE_LIMIT = Limit("WORKBENCH_MAX_EVIDENCE_BYTES", 64 * GiB)
#: Largest member of a zip archive (an Inspect .eval) that is inflated, counted in the
#: bytes it actually inflates to, not the size its header claims.
ZIP_MEMBER_LIMIT = Limit("WORKBENCH_MAX_ZIP_MEMBER_BYTES", 64 * MiB)
#: Most members a zip archive's directory may list (each becomes an object when listed).
ZIP_ENTRIES_LIMIT = Limit("WORKBENCH_MAX_ZIP_ENTRIES", 200_000)
#: Deepest nesting of arrays and objects in a JSON input.
JSON_DEPTH = Limit("WORKBENCH_MAX_JSON_DEPTH", 100)
#: Longest number (in digits) in a JSON input.
JSON_DIGITS = Limit("WORKBENCH_MAX_JSON_DIGITS", 1000)

_CHUNK = 1 * MiB


def _size_text(n: int) -> str:
    if n >= GiB and n % GiB == 0:
        return f"{n // GiB} GiB"
    if n >= MiB:
        return f"{n / MiB:.0f} MiB"
    if n >= KiB:
        return f"{n / KiB:.0f} KiB"
    return f"{n} bytes"


def _article(what: str) -> str:
    return "an" if what[:1].lower() in "aeiou" else "a"


def _limit_for(what: str) -> Limit:
    try:
        return SIZE_LIMITS[what]
    except KeyError:
        raise ValueError(f"no size limit is defined for {what!r}") from None


def _open_regular(path: Path, what: str) -> tuple[int, os.stat_result]:
    """A read-only descriptor of ``path`` and its stat, or InputError if it is not a file.

    O_NONBLOCK makes opening a named pipe return at once; fstat then refuses it (and any
    device) before a single read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise InputError(f"no such {what}: {path}") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a directory, not {_article(what)} {what}") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{path} is a directory, not {_article(what)} {what}")
        if not stat.S_ISREG(info.st_mode):
            kind = "a named pipe" if stat.S_ISFIFO(info.st_mode) else "a device or socket"
            raise InputError(f"{path} is {kind}, not a regular file; give {_article(what)} {what}")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd, info


def _too_large(path: Path, what: str, limit: Limit) -> InputError:
    return InputError(
        f"{path} is larger than the {_size_text(limit.value())} limit for {_article(what)} "
        f"{what} (set {limit.env} to change it)"
    )


def read_input_bytes(path: Path, what: str) -> bytes:
    """The bytes of a file the user named, bounded by the size limit of ``what``'s kind.

    Refused in one line: missing, a directory, not a regular file, unreadable, or larger
    than the limit (checked on the size the file says, then again while reading, so a file
    that grows is cut off at the limit rather than read whole).
    """
    path = Path(path)
    limit = _limit_for(what)
    cap = limit.value()
    fd, info = _open_regular(path, what)
    with os.fdopen(fd, "rb", buffering=0) as f:
        if info.st_size > cap:
            raise _too_large(path, what, limit)
        parts: list[bytes] = []
        total = 0
        while True:
            try:
                chunk = f.read(min(_CHUNK, cap + 1 - total))
            except OSError as exc:
                raise InputError(f"cannot read {path}: {exc.strerror}") from None
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
            if total > cap:
                raise _too_large(path, what, limit)
    return b"".join(parts)


def read_input_text(path: Path, what: str) -> str:
    """``read_input_bytes`` decoded as UTF-8 (a BOM dropped); InputError if it is not text."""
    data = read_input_bytes(path, what)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path} is not UTF-8 text (byte {exc.start} cannot be decoded); "
            f"give {_article(what)} {what}"
        ) from None


def check_evidence_file(path: Path, what: str = "evidence file") -> os.stat_result:
    """The stat of an evidence file, which is streamed (never read whole) by its importer.

    Refused in one line: missing, not a regular file (a named pipe or device, checked
    without blocking), or larger than the evidence limit.
    """
    path = Path(path)
    fd, info = _open_regular(path, what)
    os.close(fd)
    if info.st_size > EVIDENCE_LIMIT.value():
        raise _too_large(path, what, EVIDENCE_LIMIT)
    return info


# ------------------------------------------------------------------------------ JSON limits

#: A complete JSON string (escapes included); unterminated ones are left for the parser.
_STRING = re.compile(rb'"(?:[^"\\]++|\\.)*+"', re.DOTALL)
#: A string of the marks left by _MARKS: a quote, the brackets it holds, a quote.
_QUOTED = re.compile(rb'"[^"]*+"')
#: Digits as "0", everything else as "x": a long number is a long run of "0".
_DIGITS = bytes(0x30 if 0x30 <= b <= 0x39 else 0x78 for b in range(256))
#: Quotes and brackets kept ({ as [, } as ]: depth does not depend on the kind), the rest dropped.
_MARKS = bytes({0x7B: 0x5B, 0x7D: 0x5D}.get(b, b) for b in range(256))
_NOT_MARK = bytes(b for b in range(256) if b not in b'"{}[]')


def _long_number_outside_strings(raw: bytes, digits: int) -> bool:
    return re.search(rb"[0-9]{%d}" % (digits + 1), _STRING.sub(b'""', raw)) is not None


def check_json_limits(data: bytes | str, what: str) -> None:
    """Refuse JSON nested deeper or holding a longer number than the limits allow.

    Runs before ``json.loads``, in a few passes of C-speed byte operations: escapes are
    dropped, then everything but quotes and brackets; adjacent quotes (the strings holding
    no bracket) go, and the few strings left; the brackets are then peeled innermost pair
    first, one level per pass, so a document nested 100,000 deep is refused at once.
    """
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    depth_limit, digit_limit = JSON_DEPTH.value(), JSON_DIGITS.value()
    if b"0" * (digit_limit + 1) in raw.translate(_DIGITS) and _long_number_outside_strings(
        raw, digit_limit
    ):
        raise InputError(
            f"{what} holds a number longer than {digit_limit} digits "
            f"(set {JSON_DIGITS.env} to change the limit)"
        )
    if b"\\" in raw:
        raw = raw.replace(b"\\\\", b"").replace(b'\\"', b"")
    # Dropping two adjacent quotes keeps every bracket inside or outside a string as it was.
    marks = raw.translate(_MARKS, _NOT_MARK).replace(b'""', b"")
    brackets = _QUOTED.sub(b"", marks) if b'"' in marks else marks
    del marks
    too_deep = b"[" * (depth_limit + 1)
    for _level in range(depth_limit):
        if not brackets:
            return
        if too_deep in brackets:
            break
        peeled = brackets.replace(b"[]", b"")
        if len(peeled) == len(brackets):
            return  # brackets that do not pair up: the parser reports where
        brackets = peeled
    else:
        if not brackets:
            return
    raise InputError(
        f"{what} is nested deeper than {depth_limit} levels "
        f"(set {JSON_DEPTH.env} to change the limit)"
    )


def loads_json(data: bytes | str, what: str) -> Any:
    """``json.loads`` within the depth and digit limits; InputError (one line) otherwise."""
    import json

    check_json_limits(data, what)
    try:
        return json.loads(data)
    except UnicodeDecodeError as exc:
        raise InputError(f"{what} is not UTF-8 text (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{what} is not JSON: {exc}") from None
    except (ValueError, RecursionError) as exc:
        raise InputError(f"{what} cannot be read as JSON: {exc}") from None
