"""Evidence import speed and memory: our streamed import vs hashlib.sha256 + a plain copy.

Run: python benchmarks/bench_evidence_import.py [--size-mb 2048] [--dir DIR]
Prints the time of each step in the same run, the ratio import / (hash + copy) (target <= 1.5),
the same ratio for the whole ``workbench evidence add`` command (start-up, opening the store,
its recovery check and closing included; target <= 1.5) and the peak RSS of the process that
imported the file (flat: about the same for 64 MiB and 2 GiB).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHUNK = 4 * 1024 * 1024


def make_file(path: Path, size: int) -> None:
    block = os.urandom(CHUNK)
    with path.open("wb") as f:
        written = 0
        while written < size:
            n = min(CHUNK, size - written)
            f.write(block[:n])
            written += n


def warm_cache(path: Path) -> None:
    # Keep every step on equal footing: read from page cache if it fits (it does on 24 GiB).
    with path.open("rb") as f:
        while f.read(CHUNK):
            pass


def time_hash(path: Path) -> float:
    start = time.perf_counter()
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            h.update(chunk)
    return time.perf_counter() - start


def time_copy(path: Path, target: Path) -> float:
    start = time.perf_counter()
    with path.open("rb") as src, target.open("wb") as dst:
        shutil.copyfileobj(src, dst, CHUNK)
        dst.flush()
        os.fsync(dst.fileno())
    return time.perf_counter() - start


IMPORT_SNIPPET = """
import resource, sys, time
from pathlib import Path
from workbench.app.evidence import EvidenceDetails, add_evidence_file
from workbench.app.stores import init_store
from workbench.app.workspace import Workspace
store, file = Path(sys.argv[1]), Path(sys.argv[2])
init_store(store, "bench").close()
start = time.perf_counter()
with Workspace.open(store, actor="bench") as ws:
    add_evidence_file(ws, file, EvidenceDetails(title="big"))
# Closing checkpoints the WAL into the store file: part of the cost, so timed too.
elapsed = time.perf_counter() - start
print(elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def time_import(path: Path, store: Path) -> tuple[float, int]:
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_SNIPPET, str(store), str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    elapsed, rss_kib = result.stdout.split()
    return float(elapsed), int(rss_kib)


def time_command(path: Path, store: Path) -> float:
    """Wall time of the whole ``workbench evidence add STORE FILE`` command, as a user runs it."""
    subprocess.run(
        [sys.executable, "-m", "workbench", "init", str(store), "--model", "bench"],
        check=True,
        capture_output=True,
    )
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "workbench", "evidence", "add", str(store), str(path)],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size-mb", type=int, default=2048)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        folder = Path(tmp)
        rss = {}
        for label, size in (("small", 64 * 1024 * 1024), ("large", args.size_mb * 1024 * 1024)):
            src = folder / f"{label}.bin"
            make_file(src, size)
            warm_cache(src)
            t_hash = time_hash(src)
            t_copy = time_copy(src, folder / f"{label}.copy")
            t_import, rss_kib = time_import(src, folder / f"{label}.db")
            t_command = time_command(src, folder / f"{label}-command.db")
            rss[label] = rss_kib
            baseline = t_hash + t_copy
            mib = size / 1024 / 1024
            print(f"{label}: {mib:.0f} MiB")
            print(f"  hashlib.sha256      {t_hash:7.2f} s  ({mib / t_hash:7.0f} MiB/s)")
            print(f"  plain copy + fsync  {t_copy:7.2f} s  ({mib / t_copy:7.0f} MiB/s)")
            print(f"  workbench import    {t_import:7.2f} s  ({mib / t_import:7.0f} MiB/s)")
            print(f"  import / (hash + copy) = {t_import / baseline:.2f}  (target <= 1.5)")
            print(f"  whole command         {t_command:7.2f} s")
            print(f"  whole command / (hash + copy) = {t_command / baseline:.2f}  (target <= 1.5)")
            print(f"  peak RSS of the importing process: {rss_kib / 1024:.0f} MiB")
            for p in folder.iterdir():
                p.unlink()
        print(
            f"peak RSS large/small: {rss['large'] / rss['small']:.2f} "
            "(flat memory: about 1.0 whatever the file size)"
        )
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"benchmark process peak RSS: {own:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
