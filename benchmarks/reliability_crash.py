"""Crash and concurrency experiments: SIGKILL at random points of every writing command, then
two writers and a reader on one store; checks that every store opens and no reported commit
was lost.

Run: python benchmarks/reliability_crash.py [--kills 64] [--writes 20] [--seed 1] [--dir DIR]

Crash: for each writing command in turn (evidence add, element add, review start, schedule
add, noncompliance add, model set, import json, demo, init) a forked child runs the real command
line (``workbench.cli.main.main``) over and over, reporting each command that exited 0; it is
killed with SIGKILL after a random delay within about one command's duration, so kills land
anywhere in a command: while it reads, writes, commits or renames. Then every store must open
(a killed write is rolled back) and hold everything reported; a store built by ``demo``,
``import json`` or ``init`` is either absent or whole at its final path; temporaries of killed
builds are removed by the next build.

Concurrency: two children add elements to one store at the same time while a third reads it
(opens it, loads the document, verifies the audit chain); every reported write must be there.

Prints kills / recovered / lost, writes / lost and exits 1 on any loss, unopenable store,
internal error (exit 3) or leftover temporary. Forking keeps an iteration at the cost of its
delay: the children share the parent's imports, and the parent holds no connection when it forks.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import logging
import os
import random
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("WORKBENCH_DATA_DIR", tempfile.mkdtemp(prefix="wb-reliability-data-"))

from workbench.app.demo import write_demo  # noqa: E402
from workbench.app.workspace import Workspace  # noqa: E402
from workbench.cli.main import main as workbench  # noqa: E402
from workbench.domain import BlobStatus  # noqa: E402
from workbench.store import Store  # noqa: E402

EDIT_KINDS = (
    "evidence add",
    "element add",
    "review start",
    "schedule add",
    "noncompliance add",
    "model set",
)
BUILD_KINDS = ("import json", "demo", "init")
KINDS = EDIT_KINDS + BUILD_KINDS


class Notes(logging.Handler):
    """Counts the store's notes: hot journals rolled back, waits for another process."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.rolled_back = 0
        self.waits = 0

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        self.rolled_back += "rolled back" in text
        self.waits += "in use by another process" in text


@dataclass
class Setup:
    """The stores and files the experiments write to, made once."""

    folder: Path
    stores: dict[str, Path] = field(default_factory=dict)
    root_goal: str = ""
    session_free_goal: str = ""
    case_json: Path = Path()
    demo_evidence: int = 0
    demo_elements: int = 0
    case_elements: int = 0


def prepare(folder: Path) -> Setup:
    setup = Setup(folder)
    template = folder / "template.db"
    write_demo(template, actor="reliability")
    with Workspace.open(template) as ws:
        doc = ws.document
        setup.root_goal = next(e.id for e in doc.case.elements if e.type.value == "goal")
        setup.demo_evidence = len(doc.evidence)
        setup.demo_elements = len(doc.case.elements)
    setup.case_json = folder / "case.json"
    run_quietly(["export", "json", str(template), str(setup.case_json)])
    setup.case_elements = setup.demo_elements
    for kind in EDIT_KINDS:
        path = folder / f"{kind.replace(' ', '-')}.db"
        shutil.copyfile(template, path)
        setup.stores[kind] = path
    for kind in BUILD_KINDS:
        (folder / kind.replace(" ", "-")).mkdir()
    return setup


def run_quietly(argv: list[str]) -> tuple[int, str]:
    """Run one workbench command in this process; its exit code and the last word printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = workbench(argv)
    words = out.getvalue().split()
    return code, words[-1] if words else ""


def command(kind: str, setup: Setup, n: int, rng: random.Random) -> tuple[list[str], str | None]:
    """The command line of the ``n``th command of ``kind`` in a child, and for a build the
    path it creates (reported instead of the printed id)."""
    store = str(setup.stores.get(kind, ""))
    tag = f"{os.getpid()}-{n}"
    if kind == "evidence add":
        data = setup.folder / f"evidence-{tag}.bin"
        with data.open("wb") as f:
            f.write(os.urandom(rng.randint(1, 12) * 1024 * 1024))
        return ["evidence", "add", store, str(data), "--title", f"file {tag}"], None
    if kind == "element add":
        return [
            "element", "add", store, "--type", "goal", "--text", f"claim {tag}",
            "--under", setup.root_goal,
        ], None  # fmt: skip
    if kind == "review start":
        return ["review", "start", store, "--title", f"s {tag}", "--participant", "Ann"], None
    if kind == "schedule add":
        return ["schedule", "add", store, "--what", f"item {tag}", "--due", "2027-01-01"], None
    if kind == "noncompliance add":
        return ["noncompliance", "add", store, "--description", f"report {tag}"], None
    if kind == "model set":
        return ["model", "set", store, "--snapshot", f"snap {tag}"], None
    target = setup.folder / kind.replace(" ", "-") / f"s-{tag}.db"
    if kind == "import json":
        return ["import", "json", str(setup.case_json), str(target)], str(target)
    if kind == "demo":
        return ["demo", str(target)], str(target)
    return ["init", str(target), "--model", f"M {tag}"], str(target)


def child(kind: str, setup: Setup, report: int, seed: int) -> None:
    """Run ``kind`` commands until killed; one line per command that exited: CODE KEY SECONDS."""
    rng = random.Random(seed)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    n = 0
    while True:
        n += 1
        argv, created = command(kind, setup, n, rng)
        start = time.monotonic()
        code, last = run_quietly(argv)
        key = created if created is not None else last
        if kind == "model set":
            key = argv[-1]
        line = f"{code}\t{key}\t{time.monotonic() - start:.3f}\n"
        os.write(report, line.encode())


def run_child(kind: str, setup: Setup, seed: int, report: int) -> None:
    child(kind, setup, report, seed)


def fork(target: Callable[[int], None]) -> tuple[int, int]:
    """Start ``target(report_fd)`` in a forked child; returns (pid, read end of its reports)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the parent's code
        os.close(read)
        try:
            target(write)
        finally:
            os._exit(0)
    os.close(write)
    return pid, read


def read_reports(fd: int) -> list[tuple[int, str, float]]:
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    os.close(fd)
    rows = []
    for line in b"".join(chunks).decode().splitlines():
        parts = line.split("\t")
        if len(parts) == 3:  # a line cut by the kill is not a report
            rows.append((int(parts[0]), parts[1], float(parts[2])))
    return rows


@dataclass
class Tally:
    kills: int = 0
    checked: int = 0
    opened: int = 0
    unopenable: int = 0
    reported: int = 0
    lost: int = 0
    partial_builds: int = 0
    internal_errors: int = 0
    refused: int = 0
    problems: list[str] = field(default_factory=list)
    by_kind: Counter[str] = field(default_factory=Counter)


def check_store(path: Path, tally: Tally) -> Workspace | None:
    tally.checked += 1
    try:
        ws = Workspace.open(path)
        ws.document  # noqa: B018 - reading it is the check
    except Exception as exc:  # every failure counts, worded or not
        tally.unopenable += 1
        tally.problems.append(f"{path.name} does not open: {exc}")
        return None
    tally.opened += 1
    return ws


def present(kind: str, ws: Workspace, key: str) -> bool:
    doc = ws.document
    if kind == "evidence add":
        ids = {e.id: e for e in doc.evidence}
        status = ws.store.blob_status([(key, ids[key].sha256)]) if key in ids else {}
        return status.get(key) == BlobStatus.present
    if kind == "element add":
        return any(e.id == key for e in doc.case.elements)
    if kind == "review start":
        return any(s.id == key for s in doc.review.sessions)
    if kind == "schedule add":
        return any(s.id == key for s in doc.compliance.schedule)
    if kind == "noncompliance add":
        return any(r.id == key for r in doc.compliance.noncompliance)
    return True


def check_build(kind: str, path: Path, setup: Setup, tally: Tally) -> bool:
    """A store a build made: it opens and is whole (every demo file's bytes are there)."""
    ws = check_store(path, tally)
    if ws is None:
        return False
    with ws:
        doc = ws.document
        whole = True
        if kind == "demo":
            status = ws.store.blob_status([(e.id, e.sha256) for e in doc.evidence])
            whole = len(doc.evidence) == setup.demo_evidence and all(
                s == BlobStatus.present for s in status.values()
            )
        elif kind == "import json":
            whole = len(doc.case.elements) == setup.case_elements
        if not whole:
            tally.partial_builds += 1
            tally.problems.append(f"{kind}: {path.name} is at its final path but not whole")
        return whole


def crash_experiment(setup: Setup, kills: int, rng: random.Random, budget: float) -> Tally:
    tally = Tally()
    reported: dict[str, set[str]] = defaultdict(set)
    last_model: list[str] = []
    duration: dict[str, float] = {}
    deadline = time.monotonic() + budget
    for i in range(kills):
        if time.monotonic() > deadline:
            tally.problems.append(f"time budget spent after {i} kills")
            break
        kind = KINDS[i % len(KINDS)]
        seed = rng.randrange(1 << 30)
        pid, fd = fork(functools.partial(run_child, kind, setup, seed))
        # A random point within about one command (and sometimes a few).
        typical = duration.get(kind, 1.0)
        time.sleep(rng.uniform(0.0, typical * 1.5 + 0.1))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        tally.kills += 1
        tally.by_kind[kind] += 1
        rows = read_reports(fd)
        if not rows:  # killed before one command ended: commands take longer here, aim later
            duration[kind] = min(duration.get(kind, 1.0) * 1.5, 8.0)
        for code, key, seconds in rows:
            duration[kind] = seconds if kind not in duration else (duration[kind] + seconds) / 2
            if code == 0:
                reported[kind].add(key)
                tally.reported += 1
                if kind == "model set":
                    last_model.append(key)
            elif code == 3:
                tally.internal_errors += 1
                tally.problems.append(f"{kind}: internal error (exit 3)")
            else:
                tally.refused += 1
                tally.problems.append(f"{kind}: refused (exit {code}) with no other writer")
        # Every store must open now, and hold every commit reported so far.
        if kind in EDIT_KINDS:
            ws = check_store(setup.stores[kind], tally)
            if ws is None:
                continue
            with ws:
                for key in reported[kind]:
                    if not present(kind, ws, key):
                        tally.lost += 1
                        tally.problems.append(f"{kind}: reported {key} is not in the store")
                if kind == "model set" and last_model:
                    snapshot = ws.document.assessment.model.snapshot or ""
                    if not snapshot.startswith("snap "):
                        tally.lost += 1
                        tally.problems.append(f"model set: reported {last_model[-1]} is lost")
        else:
            folder = setup.folder / kind.replace(" ", "-")
            for path in sorted(folder.glob("*.db")):
                whole = check_build(kind, path, setup, tally)
                if str(path) in reported[kind] and not whole:
                    tally.lost += 1
            for key in reported[kind]:
                if not Path(key).exists():
                    tally.lost += 1
                    tally.problems.append(f"{kind}: reported {Path(key).name} is missing")
    return tally


def leftover_temporaries(setup: Setup) -> list[Path]:
    """The temporary files killed builds left that the next build or open of their target
    did not remove (after doing one of each)."""
    found = []
    for kind in BUILD_KINDS:
        folder = setup.folder / kind.replace(" ", "-")
        for tmp in sorted(folder.glob(".*.wbtmp-*")):
            target = folder / tmp.name[1:].split(".wbtmp-")[0]
            if target.exists():
                Store.open(target).close()
            elif tmp.exists():
                run_quietly(["init", str(target), "--model", "M"])
        found += sorted(folder.glob(".*.wbtmp-*"))
    return found


def concurrency_experiment(setup: Setup, writes: int) -> tuple[int, int, int, int, int]:
    """Two writers add ``writes`` elements each to one store while a reader reads it.
    Returns (writes reported, lost, conflicts retried, reads, failed reads)."""
    store = setup.folder / "concurrent.db"
    shutil.copyfile(setup.stores["element add"], store)

    def writer(report: int) -> None:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        done = 0
        while done < writes:
            argv = ["element", "add", str(store), "--type", "goal", "--text", f"w{os.getpid()}"]
            code, key = run_quietly([*argv, "--under", setup.root_goal])
            os.write(report, f"{code}\t{key}\t0\n".encode())
            done += code == 0

    def reader(report: int) -> None:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        while True:
            try:
                with Workspace.open(store) as ws:
                    ws.document  # noqa: B018
                    result = ws.store.verify_audit()
                why = "" if result.ok else result.message
            except Exception as exc:  # counted, the reader goes on
                why = f"{type(exc).__name__}: {exc}"
            line = f"{1 if why else 0}\t{' '.join(why.split()) or 'read'}\t0\n"
            os.write(report, line.encode())

    writers = [fork(writer) for _ in range(2)]
    reader_pid, reader_fd = fork(reader)
    rows = []
    for pid, fd in writers:
        rows += read_reports(fd)
        os.waitpid(pid, 0)
    os.kill(reader_pid, signal.SIGKILL)
    os.waitpid(reader_pid, 0)
    reads = read_reports(reader_fd)
    reported = {key for code, key, _ in rows if code == 0}
    retried = sum(code == 2 for code, _, _ in rows)
    internal = sum(code not in (0, 2) for code, _, _ in rows)
    with Workspace.open(store) as ws:
        ids = {e.id for e in ws.document.case.elements}
        intact = ws.store.verify_audit().ok
    lost = len(reported - ids) + internal + (0 if intact else 1)
    failed = [why for code, why, _ in reads if code != 0]
    for why in sorted(set(failed))[:5]:
        print(f"  failed read: {why}")
    failed_reads = len(failed)
    return len(reported), lost, retried, len(reads), failed_reads


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=63, help="SIGKILLs in all (default 63)")
    parser.add_argument("--writes", type=int, default=20, help="elements per concurrent writer")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--budget", type=float, default=170.0, help="seconds for the kills")
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    notes = Notes()
    logging.getLogger("workbench.store").addHandler(notes)
    rng = random.Random(args.seed)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="wb-reliability-", dir=args.dir) as tmp:
        setup = prepare(Path(tmp))
        tally = crash_experiment(setup, args.kills, rng, args.budget)
        left = leftover_temporaries(setup)
        crash_seconds = time.monotonic() - started
        writes, lost_writes, retried, reads, failed_reads = concurrency_experiment(
            setup, args.writes
        )
    kinds = ", ".join(f"{k} {n}" for k, n in tally.by_kind.items())
    print(f"crash: {tally.kills} kills ({kinds}) in {crash_seconds:.0f} s")
    print(
        f"  kills / recovered / lost: {tally.kills} / {tally.opened} of {tally.checked} stores "
        f"opened ({notes.rolled_back} hot journals rolled back) / {tally.lost} reported "
        f"commits lost of {tally.reported}"
    )
    print(
        f"  unopenable stores {tally.unopenable}, partial builds at the final path "
        f"{tally.partial_builds}, internal errors {tally.internal_errors}, "
        f"refusals {tally.refused}, temporaries left {len(left)}"
    )
    print(
        f"concurrency: writes / lost: {writes} / {lost_writes} (two writers, "
        f"{retried} conflicts refused and retried); reads {reads}, failed {failed_reads}"
    )
    for problem in tally.problems[:20]:
        print(f"  problem: {problem}")
    for path in left[:5]:
        print(f"  left behind: {path.name}")
    bad = (
        tally.lost
        + tally.unopenable
        + tally.partial_builds
        + tally.internal_errors
        + tally.refused
        + len(left)
        + lost_writes
        + failed_reads
    )
    print("PASS" if bad == 0 else "FAIL")
    return 0 if bad == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
