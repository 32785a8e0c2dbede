"""Hostile inputs: every command that reads a user's file, given files built to break it.

Each case runs the CLI as a subprocess (address space capped, peak RSS read from wait4)
and passes when the input is refused cleanly: the exit code the case allows (2, or 1 for a
verification that fails), at most one line on stderr, no traceback, within the time limit
and under the memory limit. Inputs are generated on the fly in a temporary folder: 1 GiB
sparse files, /dev/zero, named pipes, alias and expansion bombs, zips that lie.

    python benchmarks/reliability_hostile.py [--only TEXT] [--jobs 2] [--list]

Prints one line per failure and the counts: inputs / refused cleanly / tracebacks /
exit-3 / over-time / over-memory. Exits 1 if any case failed.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

GiB = 1024**3
MiB = 1024**2
#: Each refusal must come within this many seconds of the command's own (CPU) time: on a
#: shared machine the wall clock measures the neighbours too ...
TIME_LIMIT = 10.0
#: ... and a command still running after this many seconds of wall clock is killed (it is
#: blocked, e.g. on a named pipe) and counted over time.
WALL_LIMIT = 60.0
#: ... and under this peak resident memory.
MEMORY_LIMIT = 300 * MiB
#: Address-space cap of each child, so a bomb that gets through fails fast instead of
#: swapping the machine (its MemoryError is then counted as a traceback).
ADDRESS_SPACE = 3 * GiB
PASSPHRASE = "correct horse battery"

Make = Callable[[Path], Path]


@dataclass(frozen=True)
class Case:
    """One hostile input for one command: ``argv`` with ``{input}`` where the file goes."""

    name: str
    kind: str  # the class of hostility, for the pytest subset: one case per kind
    argv: tuple[str, ...]
    make: Make
    allowed: frozenset[int] = frozenset({2})
    env: dict[str, str] = field(default_factory=dict)
    #: A file the command must not leave behind (e.g. an identity it refused to create).
    absent: str | None = None


@dataclass
class Result:
    case: Case
    code: int | None
    seconds: float  # wall clock
    cpu: float  # user + system time of the command
    peak: int
    stderr: str
    left_behind: bool = False

    @property
    def traceback(self) -> bool:
        return "Traceback" in self.stderr or "panicked" in self.stderr

    @property
    def over_time(self) -> bool:
        return self.code is None or self.cpu > TIME_LIMIT

    @property
    def over_memory(self) -> bool:
        return self.peak > MEMORY_LIMIT

    @property
    def clean(self) -> bool:
        return (
            self.code in self.case.allowed
            and not self.traceback
            and len(self.stderr.strip().splitlines()) <= 1
            and not self.over_time
            and not self.over_memory
            and not self.left_behind
        )

    def line(self) -> str:
        first = self.stderr.strip().splitlines()
        said = first[-1] if first else ""
        code = "killed at the time limit" if self.code is None else f"exit {self.code}"
        extra = ", left a file behind" if self.left_behind else ""
        return (
            f"{self.case.name}: {code}, {self.cpu:.1f} s CPU ({self.seconds:.1f} s wall), "
            f"{self.peak / MiB:.0f} MB{extra}"
            f" — {said[:160]}"
        )


# ------------------------------------------------------------------------------ inputs


def _write(name: str, data: bytes | str) -> Make:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        return path

    return make


def _lazy(name: str, build: Callable[[], bytes]) -> Make:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(build())
        return path

    return make


def fifo(name: str) -> Make:
    def make(folder: Path) -> Path:
        path = folder / name
        os.mkfifo(path)
        return path

    return make


def sparse(name: str, size: int = GiB) -> Make:
    def make(folder: Path) -> Path:
        path = folder / name
        with path.open("wb") as f:
            f.truncate(size)
        return path

    return make


def device(_name: str) -> Make:
    return lambda _folder: Path("/dev/zero")


def directory(name: str) -> Make:
    def make(folder: Path) -> Path:
        path = folder / name
        path.mkdir()
        return path

    return make


def missing(name: str) -> Make:
    return lambda folder: folder / name


def garbage(name: str) -> Make:
    return _write(name, bytes(range(256)) * 64 + b"\xff\xfe\x00")


DEEP = 100_000
CASE_HEAD = '{"format": "safety-case-workbench/1", "elements": '


def deep_arrays() -> bytes:
    return b"[" * DEEP + b"]" * DEEP


def deep_objects() -> bytes:
    return b'{"a":' * DEEP + b"1" + b"}" * DEEP


def huge_integer(head: str = '{"n": ') -> bytes:
    return (head + "9" * DEEP + "}").encode()


def deep_case() -> bytes:
    return (CASE_HEAD + "[" * DEEP + "]" * DEEP + "}").encode()


def huge_integer_case() -> bytes:
    return (CASE_HEAD + "[], " + '"x": ' + "7" * DEEP + "}").encode()


YAML_BOMB = """\
G1:
  text: The system is safe
  supportedBy: [Sn1]
  meta: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
  m1: &a1 [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0]
  m2: &a2 [*a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1]
  m3: &a3 [*a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2]
  m4: &a4 [*a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3]
  m5: &a5 [*a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4]
  m6: &a6 [*a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5]
  m7: &a7 [*a6, *a6, *a6, *a6, *a6, *a6, *a6, *a6, *a6]
  m8: &a8 [*a7, *a7, *a7, *a7, *a7, *a7, *a7, *a7, *a7]
Sn1:
  text: Evidence
"""
YAML_MERGE = """\
base: &b {text: shared}
G1:
  <<: *b
  supportedBy: [Sn1]
Sn1:
  text: Evidence
"""
YAML_RECURSIVE = "G1: &g\n  text: loop\n  meta: *g\n"


def yaml_deep_flow() -> bytes:
    return ("G1:\n  text: deep\n  meta: " + "[" * DEEP + "]" * DEEP + "\n").encode()


def yaml_deep_block() -> bytes:
    lines = ["G1:", "  text: deep"]
    lines += [" " * (2 * (i + 1)) + "k:" for i in range(2000)]
    lines.append(" " * 4002 + "v")
    return "\n".join(lines).encode()


def _oscal(params: list[dict[str, object]], prose: str) -> bytes:
    control = {
        "id": "c-1",
        "title": "Control",
        "params": params,
        "parts": [{"id": "c-1_smt", "name": "statement", "prose": prose}],
    }
    catalog = {
        "catalog": {
            "uuid": "2a8e5e5e-9f7c-4f0b-8d4b-0c1e5d6f7a80",
            "metadata": {"title": "Bomb", "version": "1", "oscal-version": "1.1.2"},
            "groups": [{"id": "g", "title": "G", "controls": [control]}],
        }
    }
    return json.dumps(catalog).encode()


def oscal_param_bomb() -> bytes:
    ins = "{{ insert: param, p%d }}"
    params: list[dict[str, object]] = [
        {"id": f"p{i}", "values": [" ".join([ins % (i + 1)] * 8)]} for i in range(30)
    ]
    params.append({"id": "p30", "values": ["boom"]})
    return _oscal(params, ins % 0)


def oscal_long_value_bomb() -> bytes:
    ins = "{{ insert: param, big }} "
    return _oscal([{"id": "big", "values": ["x" * 200_000]}], ins * 2000)


def oscal_deep_prop() -> bytes:
    control = {
        "id": "c-1",
        "title": "Control",
        "props": [
            {
                "name": "figures",
                "ns": "urn:safety-case-workbench:oscal",
                "value": "[" * DEEP + "]" * DEEP,
            }
        ],
        "parts": [{"id": "c-1_smt", "name": "statement", "prose": "Do it."}],
    }
    catalog = {
        "catalog": {
            "uuid": "2a8e5e5e-9f7c-4f0b-8d4b-0c1e5d6f7a80",
            "metadata": {"title": "Deep", "version": "1", "oscal-version": "1.1.2"},
            "groups": [{"id": "g", "title": "G", "controls": [control]}],
        }
    }
    return json.dumps(catalog).encode()


# Inspect logs -------------------------------------------------------------------------

_EVAL_HEADER = {
    "version": 2,
    "status": "success",
    "eval": {"task": "t", "model": "m", "created": "2025-01-01T00:00:00+00:00"},
}


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _patch_sizes(blob: bytes, name: str, size: int) -> bytes:
    """Rewrite the uncompressed size of ``name`` in both its headers (the lie)."""
    data = bytearray(blob)
    encoded = name.encode()
    local = data.find(b"PK\x03\x04")
    while local != -1:
        if data[local + 30 : local + 30 + len(encoded)] == encoded:
            struct.pack_into("<I", data, local + 22, size)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        if data[central + 46 : central + 46 + len(encoded)] == encoded:
            struct.pack_into("<I", data, central + 24, size)
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


def _streamed_zip(name: str, head: bytes, spaces: int, tail: bytes = b"") -> bytes:
    """A zip whose ``name`` member is ``head``, ``spaces`` MiB of spaces and ``tail``,
    compressed a MiB at a time (the inflated bytes are never held here)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open(name, "w") as member:
            member.write(head)
            for _ in range(spaces):
                member.write(b" " * MiB)
            member.write(tail)
        archive.writestr("samples/1.json", b"{}")
    return out.getvalue()


def eval_lying_member() -> bytes:
    """header.json inflates to 200 MB of spaces but both headers say it holds 100 bytes."""
    blob = _streamed_zip("header.json", json.dumps(_EVAL_HEADER).encode(), 200)
    return _patch_sizes(blob, "header.json", 100)


def eval_claims_huge() -> bytes:
    blob = _zip({"header.json": json.dumps(_EVAL_HEADER).encode(), "samples/1.json": b"{}"})
    return _patch_sizes(blob, "header.json", 0xFFFFFFF0)


def eval_bomb() -> bytes:
    """A member that truly inflates to 300 MB (its header says so)."""
    return _streamed_zip("header.json", b"[", 300, b"]")


def eval_deep_header() -> bytes:
    deep = b'{"version": 2, "status": "success", "eval": ' + deep_arrays() + b"}"
    return _zip({"header.json": deep, "samples/1.json": b"{}"})


def eval_huge_integer() -> bytes:
    return _zip({"header.json": huge_integer('{"version": 2, "eval": {}, "n": ')})


def eval_zstd_lying() -> bytes:
    import zstandard

    head_bytes = json.dumps(_EVAL_HEADER).encode()
    compressor = zstandard.ZstdCompressor().compressobj()
    packed = compressor.compress(head_bytes)
    crc = zlib.crc32(head_bytes)
    for _ in range(200):
        packed += compressor.compress(b" " * MiB)
        crc = zlib.crc32(b" " * MiB, crc)
    packed += compressor.flush()
    name = b"header.json"
    local = struct.pack(
        "<IHHHHHIIIHH", 0x04034B50, 63, 0, 93, 0, 0, crc, len(packed), 100, len(name), 0
    )
    central = struct.pack(
        "<IHHHHHHIIIHHHHHII",
        0x02014B50,
        63,
        63,
        0,
        93,
        0,
        0,
        crc,
        len(packed),
        100,
        len(name),
        0,
        0,
        0,
        0,
        0,
        0,
    )
    head = local + name + packed
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central) + len(name), len(head), 0)
    return head + central + name + end


def eval_huge_directory() -> bytes:
    """A zip of 400,000 directory records and no members (zipfile would list them all)."""
    record = struct.Struct("<IHHHHHHIIIHHHHHII")
    parts = []
    for n in range(400_000):
        name = f"samples/{n}.json".encode()
        parts.append(
            record.pack(0x02014B50, 20, 20, 0, 0, 0, 0, 0, 0, 0, len(name), 0, 0, 0, 0, 0, 0)
        )
        parts.append(name)
    central = b"".join(parts)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, len(central), 0, 0)
    return b"PK\x03\x04" + b"\0" * 26 + central + end


def inspect_json_deep() -> bytes:
    return b'{"version": 2, "status": "success", "eval": ' + deep_arrays() + b"}"


def inspect_json_huge_integer() -> bytes:
    return b'{"version": 2, "status": "success", "eval": {"n": ' + b"9" * DEEP + b"}}"


# PKCS#12 -----------------------------------------------------------------------------


def with_iterations(valid: Path, *, mac: int | None = None, kdf: int | None = None) -> bytes:
    """The identity file with its MAC or certificate-encryption iteration count changed
    (the tests of the PKCS#12 limits use it too)."""
    from asn1crypto import core, pkcs12

    pfx = pkcs12.Pfx.load(valid.read_bytes())
    if mac is not None:
        mac_data = pfx["mac_data"]
        mac_data["iterations"] = mac
        pfx["mac_data"] = mac_data
    if kdf is not None:
        safe = pfx.authenticated_safe
        for info in safe:
            if info["content_type"].native == "encrypted_data":
                algo = info["content"]["encrypted_content_info"]["content_encryption_algorithm"]
                algo["parameters"]["key_derivation_func"]["parameters"]["iteration_count"] = kdf
        content = pfx["auth_safe"]
        content["content"] = core.OctetString(safe.dump(force=True))
    return pfx.dump(force=True)


def p12_iterations(valid: Path, **counts: int) -> Make:
    def make(folder: Path) -> Path:
        path = folder / f"iter-{'-'.join(counts)}.p12"
        path.write_bytes(with_iterations(valid, **counts))
        return path

    return make


# ------------------------------------------------------------------------------ the cases


def _generic(prefix: str, argv: tuple[str, ...], suffix: str, **kw: object) -> list[Case]:
    """The file hazards every input path must refuse: pipe, device, 1 GiB, folder, …"""
    hazards: list[tuple[str, str, Make]] = [
        ("named pipe", "fifo", fifo(f"{prefix}-fifo{suffix}")),
        ("/dev/zero", "device", device(suffix)),
        ("1 GiB sparse file", "oversize", sparse(f"{prefix}-big{suffix}")),
        ("a folder", "folder", directory(f"{prefix}-dir{suffix}")),
        ("missing file", "missing", missing(f"{prefix}-none{suffix}")),
    ]
    return [
        Case(f"{prefix}: {label}", kind, argv, make, **kw)  # type: ignore[arg-type]
        for label, kind, make in hazards
    ]


def cases(work: Path) -> list[Case]:
    """Every case; ``work`` holds the valid store, identities and packet they need."""
    store = str(work / "s.db")
    pw = str(work / "pw")
    ca = work / "ca.p12"
    signer = str(work / "ann.p12")
    packet = str(work / "p.pdf")
    pem = str(work / "ca.pem")
    i = "{input}"
    out: list[Case] = []

    # Case documents (import json).
    imp_json = ("import", "json", i, str(work / "new-json.db"))
    out += _generic("import json", imp_json, ".json")
    out += [
        Case("import json: not UTF-8", "binary", imp_json, garbage("bin.json")),
        Case("import json: empty", "empty", imp_json, _write("empty.json", "")),
        Case("import json: arrays 100k deep", "json-deep", imp_json, _lazy("d.json", deep_case)),
        Case(
            "import json: objects 100k deep", "json-deep", imp_json, _lazy("o.json", deep_objects)
        ),
        Case("import json: bare arrays deep", "json-deep", imp_json, _lazy("a.json", deep_arrays)),
        Case(
            "import json: 100,000-digit integer",
            "json-digits",
            imp_json,
            _lazy("n.json", huge_integer_case),
        ),
        Case(
            "import json: 100,000-digit float",
            "json-digits",
            imp_json,
            _write("f.json", CASE_HEAD + '[], "x": 1.' + "5" * DEEP + "}"),
        ),
        Case("import json: NUL bytes", "binary", imp_json, _write("nul.json", b"\0" * 4096)),
        Case("import json: unclosed", "json-broken", imp_json, _write("u.json", CASE_HEAD + "[")),
    ]

    # gsn2x YAML.
    imp_yaml = ("import", "gsn2x", i, str(work / "new-yaml.db"))
    out += _generic("import gsn2x", imp_yaml, ".gsn.yaml")
    out += [
        Case(
            "import gsn2x: alias bomb in metadata",
            "yaml-alias",
            imp_yaml,
            _write("bomb.gsn.yaml", YAML_BOMB),
        ),
        Case(
            "import gsn2x: merge key alias",
            "yaml-alias",
            imp_yaml,
            _write("merge.gsn.yaml", YAML_MERGE),
        ),
        Case(
            "import gsn2x: recursive alias",
            "yaml-alias",
            imp_yaml,
            _write("rec.gsn.yaml", YAML_RECURSIVE),
        ),
        Case(
            "import gsn2x: flow nested 100k",
            "yaml-deep",
            imp_yaml,
            _lazy("deep.gsn.yaml", yaml_deep_flow),
        ),
        Case(
            "import gsn2x: block nested 2000",
            "yaml-deep",
            imp_yaml,
            _lazy("blk.gsn.yaml", yaml_deep_block),
        ),
        Case("import gsn2x: not UTF-8", "binary", imp_yaml, garbage("bin.gsn.yaml")),
        Case(
            "import gsn2x: python tag",
            "yaml-tag",
            imp_yaml,
            _write("tag.gsn.yaml", "G1: !!python/object/apply:os.system ['true']\n"),
        ),
    ]

    # OSCAL catalogs.
    oscal = ("catalog", "import-oscal", i)
    out += _generic("import-oscal", oscal, ".json")
    out += [
        Case(
            "import-oscal: parameter expansion bomb",
            "oscal-bomb",
            oscal,
            _lazy("pb.json", oscal_param_bomb),
        ),
        Case(
            "import-oscal: long value inserted 2000 times",
            "oscal-bomb",
            oscal,
            _lazy("lv.json", oscal_long_value_bomb),
        ),
        Case("import-oscal: nested 100k deep", "json-deep", oscal, _lazy("od.json", deep_objects)),
        Case(
            "import-oscal: deep JSON in a prop",
            "json-deep",
            oscal,
            _lazy("op.json", oscal_deep_prop),
        ),
        Case(
            "import-oscal: 100,000-digit integer",
            "json-digits",
            oscal,
            _lazy("on.json", huge_integer),
        ),
        Case("import-oscal: not UTF-8", "binary", oscal, garbage("ob.json")),
    ]

    # Workbench catalogue files (catalog audit FILE.json SOURCE.txt).
    policy = work / "policy.txt"
    audit_cat = ("catalog", "audit", i, str(policy))
    out += [
        Case(
            "catalog audit: catalogue nested deep",
            "json-deep",
            audit_cat,
            _lazy("cd.json", deep_objects),
        ),
        Case(
            "catalog audit: catalogue 100k-digit integer",
            "json-digits",
            audit_cat,
            _lazy("cn.json", huge_integer),
        ),
        Case("catalog audit: catalogue 1 GiB", "oversize", audit_cat, sparse("cbig.json")),
        Case("catalog audit: catalogue not UTF-8", "binary", audit_cat, garbage("cbin.json")),
    ]
    # Policy texts.
    audit_src = ("catalog", "audit", "RSP-2.2", i)
    out += _generic("catalog audit source", audit_src, ".txt")
    out += [Case("catalog audit source: not UTF-8", "binary", audit_src, garbage("src.txt"))]

    # Crosswalk files.
    check_xw = ("check", store, "--also", "RSP-3.4", "--crosswalk", i)
    out += _generic("check --crosswalk", check_xw, ".json")
    out += [
        Case(
            "check --crosswalk: nested deep", "json-deep", check_xw, _lazy("xd.json", deep_arrays)
        ),
        Case(
            "check --crosswalk: 100k-digit integer",
            "json-digits",
            check_xw,
            _lazy("xn.json", huge_integer),
        ),
    ]
    compare_xw = ("catalog", "compare", "RSP-2.2", "RSP-3.4", "--crosswalk", i)
    out += [
        Case("catalog compare --crosswalk: named pipe", "fifo", compare_xw, fifo("cx-fifo.json")),
        Case(
            "catalog compare --crosswalk: nested deep",
            "json-deep",
            compare_xw,
            _lazy("cx.json", deep_objects),
        ),
    ]

    # Review minutes.
    minutes = ("review", "close", store, "SES-1", "--minutes", i)
    out += _generic("review close --minutes", minutes, ".txt")
    out += [Case("review close --minutes: not UTF-8", "binary", minutes, garbage("min.txt"))]

    # Passphrase files, and passphrases themselves.
    new_ca = str(work / "refused-ca.p12")
    ca_cmd = ("identity", "ca", "--name", "Org", "--passphrase-file", i, new_ca)
    out += [
        Case(
            f"identity ca --passphrase-file: {c.name.split(': ', 1)[1]}",
            c.kind,
            c.argv,
            c.make,
            absent=new_ca,
        )
        for c in _generic("x", ca_cmd, ".txt")
    ]
    export = ("identity", "export-cert", "--passphrase-file", i, signer, str(work / "out.pem"))
    out += _generic("export-cert --passphrase-file", export, ".txt")
    for label, text in [
        ("NUL byte", "pass\0word\n"),
        ("escape codes", "pass\x1b[31mword\n"),
        ("DEL", "pass\x7fword\n"),
        ("carriage return inside", "pass\rword\n"),
        ("2 MB line", "p" * (2 * MiB) + "\n"),
    ]:
        out.append(
            Case(
                f"identity ca --passphrase-file: {label}",
                "passphrase",
                ca_cmd,
                _write(f"pw-{label.split()[0]}.txt", text),
                absent=new_ca,
            )
        )
    out.append(
        Case(
            "identity ca --passphrase-file: not UTF-8",
            "binary",
            ca_cmd,
            garbage("pwbin.txt"),
            absent=new_ca,
        )
    )
    create = (
        "identity", "create", "--name", "Bob", "--role", "author", "--ca", str(ca),
        "--ca-passphrase-file", pw, "--passphrase-file", i, str(work / "refused-bob.p12"),
    )  # fmt: skip
    out.append(
        Case(
            "identity create --passphrase-file: NUL byte",
            "passphrase",
            create,
            _write("pw-create-nul.txt", "bob\0bob\n"),
            absent=str(work / "refused-bob.p12"),
        )
    )
    env_ca = ("identity", "ca", "--name", "Org", new_ca)
    for label, text in [
        ("escape codes", "pw\x1b]0;x\x07"),
        ("tab", "pass\tword"),
        ("BEL", "pw\x07pw"),
    ]:
        out.append(
            Case(
                f"identity ca, WORKBENCH_PASSPHRASE with {label}",
                "passphrase",
                env_ca,
                missing("unused"),
                env={"WORKBENCH_PASSPHRASE": text},
                absent=new_ca,
            )
        )
    out.append(
        Case(
            "identity ca, WORKBENCH_PASSPHRASE not UTF-8",
            "passphrase",
            env_ca,
            missing("unused"),
            env={"WORKBENCH_PASSPHRASE_BYTES": "pw\xff\xfe"},
            absent=new_ca,
        )
    )

    # PKCS#12 identity files.
    p12 = ("identity", "export-cert", "--passphrase-file", pw, i, str(work / "out2.pem"))
    out += _generic("export-cert FILE.p12", p12, ".p12")
    out += [
        Case(
            "export-cert: 2^31 MAC iterations",
            "p12-iterations",
            p12,
            p12_iterations(ca, mac=2**31 - 1),
        ),
        Case(
            "export-cert: 2^31 KDF iterations",
            "p12-iterations",
            p12,
            p12_iterations(ca, kdf=2**31 - 1),
        ),
        Case(
            "export-cert: 10^8 MAC iterations", "p12-iterations", p12, p12_iterations(ca, mac=10**8)
        ),
        Case("export-cert: not PKCS#12", "binary", p12, garbage("bad.p12")),
        Case("export-cert: empty", "empty", p12, _write("empty.p12", b"")),
    ]
    sign_id = ("sign", "--identity", i, "--meaning", "approved", "--passphrase-file", pw,
               "--out", str(work / "signed.pdf"), packet)  # fmt: skip
    out += _generic("sign --identity", sign_id, ".p12")
    out.append(
        Case(
            "sign --identity: 2^31 MAC iterations",
            "p12-iterations",
            sign_id,
            p12_iterations(ca, mac=2**31 - 1),
        )
    )
    packet_sign = ("packet", store, str(work / "refused.pdf"), "--sign", i,
                   "--meaning", "approved", "--passphrase-file", pw)  # fmt: skip
    out.append(Case("packet --sign: named pipe", "fifo", packet_sign, fifo("ps-fifo.p12")))
    out.append(
        Case(
            "packet --sign: 2^31 MAC iterations",
            "p12-iterations",
            packet_sign,
            p12_iterations(ca, mac=2**31 - 1),
        )
    )

    # PEM trust roots and packets given to verify / sign.
    trust = ("verify", "--trust", i, packet)
    out += _generic("verify --trust", trust, ".pem")
    out += [Case("verify --trust: not a certificate", "binary", trust, garbage("t.pem"))]
    verify = ("verify", "--trust", pem, i)
    out += _generic("verify PACKET", verify, ".pdf")
    sign_packet = (
        "sign",
        "--identity",
        signer,
        "--meaning",
        "approved",
        "--passphrase-file",
        pw,
        i,
    )
    out += [
        Case("sign PACKET: named pipe", "fifo", sign_packet, fifo("sp-fifo.pdf")),
        Case("sign PACKET: /dev/zero", "device", sign_packet, device(".pdf")),
        Case("sign PACKET: 1 GiB sparse file", "oversize", sign_packet, sparse("sp-big.pdf")),
    ]

    # Evidence files (streamed: no small size limit, but never a pipe or a device) and the
    # Inspect logs read from them.
    ev = ("evidence", "add", store, i)
    out += [
        Case("evidence add: named pipe", "fifo", ev, fifo("ev-fifo.eval")),
        Case("evidence add: /dev/zero", "device", ev, device(".eval")),
        Case("evidence add: a folder", "folder", ev, directory("ev-dir")),
        Case("evidence add: missing file", "missing", ev, missing("ev-none.json")),
        Case(
            "evidence add: .eval member lies about its size",
            "zip-lie",
            ev,
            _lazy("lie.eval", eval_lying_member),
        ),
        Case(
            "evidence add: .eval zstd member lies",
            "zip-lie",
            ev,
            _lazy("zlie.eval", eval_zstd_lying),
        ),
        Case(
            "evidence add: .eval member claims 4 GB",
            "zip-lie",
            ev,
            _lazy("huge.eval", eval_claims_huge),
        ),
        Case(
            "evidence add: .eval member inflates to 300 MB",
            "zip-bomb",
            ev,
            _lazy("bomb.eval", eval_bomb),
        ),
        Case(
            "evidence add: .eval directory of 400,000 members",
            "zip-directory",
            ev,
            _lazy("dir.eval", eval_huge_directory),
        ),
        Case(
            "evidence add: .eval header nested deep",
            "json-deep",
            ev,
            _lazy("deep.eval", eval_deep_header),
        ),
        Case(
            "evidence add: .eval 100k-digit integer",
            "json-digits",
            ev,
            _lazy("num.eval", eval_huge_integer),
        ),
        Case(
            "evidence add: Inspect .json nested deep",
            "json-deep",
            ev,
            _lazy("deep-log.json", inspect_json_deep),
        ),
        Case(
            "evidence add: Inspect .json 100k-digit integer",
            "json-digits",
            ev,
            _lazy("num-log.json", inspect_json_huge_integer),
        ),
    ]
    return out


# ------------------------------------------------------------------------------ running


#: A small launcher between the runner and the command. A process forked from a large one
#: (a pytest worker of 300 MB) starts with its parent's resident pages, and the kernel keeps
#: that high-water mark in its peak RSS across exec: measured directly, every command would
#: look as large as whoever ran it. The launcher (itself small once it has exec'd) caps the
#: address space, forks the command from its own small image, and writes the command's peak
#: RSS (KiB) and CPU seconds to the file named by its first argument.
LAUNCHER = """
import os, resource, sys
limit = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[3], sys.argv[3:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as f:
    f.write(f"{usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}")
code = os.waitstatus_to_exitcode(status)
os._exit(code if code >= 0 else 128 - code)
"""


def make_input(case: Case, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return case.make(folder)


def run_case(
    case: Case, folder: Path, python: str, env: dict[str, str], path: Path | None = None
) -> Result:
    """Run one case in its own folder (its input made there unless given); the child is
    killed after WALL_LIMIT seconds."""
    if path is None:
        path = make_input(case, folder)
    command = [python, "-m", "workbench", *(a.replace("{input}", str(path)) for a in case.argv)]
    measured = folder / "usage.txt"
    measured.unlink(missing_ok=True)
    argv = [python, "-S", "-c", LAUNCHER, str(measured), str(ADDRESS_SPACE), *command]
    child_env = {**env, **case.env}
    if "WORKBENCH_PASSPHRASE_BYTES" in child_env:  # bytes no str can carry: pass them raw
        raw = child_env.pop("WORKBENCH_PASSPHRASE_BYTES").encode("latin-1")
        env_bytes = {k.encode(): v.encode() for k, v in child_env.items()}
        env_bytes[b"WORKBENCH_PASSPHRASE"] = raw
        spawn_env: dict[bytes, bytes] | dict[str, str] = env_bytes
    else:
        spawn_env = child_env
    err_path = folder / "stderr.txt"
    start = time.monotonic()
    with err_path.open("wb") as err:
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
            env=spawn_env,
            cwd=folder,
            start_new_session=True,  # a kill reaches the command, not only the launcher
        )
        code: int | None = None
        while True:
            pid, status, _usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
                if code > 128:  # the launcher's way of saying: killed by a signal
                    code = 128 - code
                proc.returncode = code
                break
            if time.monotonic() - start > WALL_LIMIT:
                os.killpg(proc.pid, signal.SIGKILL)
                os.wait4(proc.pid, 0)
                proc.returncode = -9
                break
            time.sleep(0.02)
    seconds = time.monotonic() - start
    peak, cpu = 0, seconds  # killed before the launcher could say: count it as it took
    if measured.exists():
        kib, cpu_text = measured.read_text().split()
        peak, cpu = int(kib) * 1024, float(cpu_text)
    stderr = err_path.read_text(errors="replace")
    left = case.absent is not None and Path(case.absent).exists()
    if left:
        Path(case.absent or "").unlink()
    return Result(case, code, seconds, cpu, peak, stderr, left)


def prepare(work: Path, python: str, env: dict[str, str]) -> None:
    """A store, a CA and a signer identity, the CA's certificate and a packet."""

    def wb(*args: str) -> None:
        subprocess.run(
            [python, "-m", "workbench", *args],
            check=True,
            cwd=work,
            env=env,
            stdout=subprocess.DEVNULL,
        )

    (work / "pw").write_text(PASSPHRASE + "\n")
    (work / "policy.txt").write_text("A plain copy of a policy.\n")
    pw = str(work / "pw")
    wb("init", "--model", "Hostile-1", str(work / "s.db"))
    wb("identity", "ca", "--name", "Org", "--passphrase-file", pw, str(work / "ca.p12"))
    wb(
        "identity",
        "export-cert",
        "--passphrase-file",
        pw,
        str(work / "ca.p12"),
        str(work / "ca.pem"),
    )
    wb(
        "identity", "create", "--name", "Ann", "--role", "approver", "--ca", str(work / "ca.p12"),
        "--ca-passphrase-file", pw, "--passphrase-file", pw, str(work / "ann.p12"),
    )  # fmt: skip
    wb("packet", str(work / "s.db"), str(work / "p.pdf"))


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKBENCH_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def run_all(
    selected: Sequence[Case], work: Path, python: str, env: dict[str, str], jobs: int
) -> list[Result]:
    # Every input is made first, here: a child forked while this process holds a
    # 200 MB payload would have it counted in its own peak memory.
    folders = [work / f"case-{n:03d}" for n in range(len(selected))]
    paths = [make_input(case, folder) for case, folder in zip(selected, folders, strict=True)]

    def one(n: int) -> Result:
        return run_case(selected[n], folders[n], python, env, paths[n])

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(one, range(len(selected))))


def one_per_kind(every: Sequence[Case]) -> list[Case]:
    """The first case of each kind of hostility (the quick run, and the pytest version's)."""
    seen: dict[str, Case] = {}
    for case in every:
        seen.setdefault(case.kind, case)
    return list(seen.values())


def summary(results: Sequence[Result]) -> dict[str, int]:
    return {
        "inputs": len(results),
        "refused cleanly": sum(r.clean for r in results),
        "tracebacks": sum(r.traceback for r in results),
        "exit-3": sum(r.code == 3 for r in results),
        "over-time": sum(r.over_time for r in results),
        "over-memory": sum(r.over_memory for r in results),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="run the cases whose name contains this text")
    parser.add_argument("--jobs", type=int, default=2, help="cases run at once (default 2)")
    parser.add_argument("--one-per-kind", action="store_true", help="the first case of each kind")
    parser.add_argument("--list", action="store_true", help="list the cases and stop")
    parser.add_argument("--python", default=sys.executable, help="the Python that runs workbench")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        work = Path(tmp)
        every = cases(work)
        selected = [c for c in every if not args.only or args.only in c.name]
        if args.one_per_kind:
            selected = one_per_kind(selected)
        if args.list:
            for case in selected:
                print(f"{case.kind:16} {case.name}")
            print(f"{len(selected)} cases")
            return 0
        env = child_env()
        started = time.monotonic()
        prepare(work, args.python, env)
        results = run_all(selected, work, args.python, env, args.jobs)
        for result in results:
            if not result.clean:
                print("FAILED " + result.line())
        counts = summary(results)
        slowest = max(results, key=lambda r: r.cpu)
        biggest = max(results, key=lambda r: r.peak)
        print(
            f"slowest: {slowest.case.name} {slowest.cpu:.1f} s CPU; "
            f"largest: {biggest.case.name} {biggest.peak / MiB:.0f} MB; "
            f"all in {time.monotonic() - started:.0f} s"
        )
        print(" / ".join(f"{k}: {v}" for k, v in counts.items()))
        shutil.rmtree(work, ignore_errors=True)
    return 0 if counts["refused cleanly"] == counts["inputs"] else 1


if __name__ == "__main__":
    sys.exit(main())
