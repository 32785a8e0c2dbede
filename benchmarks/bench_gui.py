"""Desktop app speed: start-up, opening a big store, GUI stalls during a large evidence import.

Run ``python benchmarks/bench_gui.py`` (offscreen; figures are printed, nothing is asserted).
Every figure is measured in fresh subprocesses and compared with a baseline from the same run:

1. start-up: ``workbench`` (the command a user runs, with no arguments: it opens the demo
   store; ``python -m workbench`` when the command is not installed) from process start to
   the first paint of its window, and to the findings shown, against a bare PySide6 script
   showing an empty QMainWindow (target: at most about 3x). The app reports its milestones
   through ``WORKBENCH_STARTUP_REPORT``;
2. open: opening a ``demo --size N`` store to an interactive window (shown, painted, and the
   event loop answering) against opening the demo store (target: at most about 2x);
3. stall: the longest gap of a 10 ms QTimer on the GUI thread while a file of ``--gib`` GiB is
   imported as evidence in the background (target: under 100 ms).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()

BARE_SCRIPT = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
spawned = float(sys.argv[1])
app = QApplication([])
class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        painted = event.type() == QEvent.Type.Paint and isinstance(obj, QMainWindow)
        if painted and app.property("t") is None:
            app.setProperty("t", time.time() - spawned)
            QTimer.singleShot(0, app.quit)
        return False
watcher = FirstPaint()
app.installEventFilter(watcher)
window = QMainWindow()
window.resize(1400, 900)
window.show()
app.exec()
print(app.property("t"))
"""


# ------------------------------------------------------------------------ children
def child_open(store: Path) -> dict[str, Any]:
    """Open a store in a window: time to an interactive window and to everything computed."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    from workbench.ui.window.application import create_main_window, ensure_application

    app = ensure_application()
    marks: dict[str, float] = {}
    started = time.perf_counter()
    window = create_main_window(store, remember=False)
    marks["window_built_s"] = time.perf_counter() - started

    class Painted(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and obj is window and "painted_s" not in marks:
                marks["painted_s"] = time.perf_counter() - started
                # Interactive: a zero timer posted after the first paint gets to run.
                QTimer.singleShot(0, answered)
            return False

    def answered() -> None:
        marks.setdefault("interactive_s", time.perf_counter() - started)

    watcher = Painted()
    app.installEventFilter(watcher)
    window.resize(1400, 900)
    window.show()
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        app.processEvents()
        session = window.session
        ready = (
            "interactive_s" in marks
            and session is not None
            and not session.checking
            and window.diagram.ready
        )
        if ready:
            break
        time.sleep(0.002)
    marks["complete_s"] = time.perf_counter() - started
    assert window.session is not None
    marks["elements"] = len(window.session.document.case.elements)
    window.close()
    return marks


def child_stall(store: Path, file: Path) -> dict[str, Any]:
    """Import a big file with the window open; record the gaps of a 10 ms timer."""
    from PySide6.QtCore import QTimer

    from workbench.ui.window.application import create_main_window, ensure_application

    app = ensure_application()
    window = create_main_window(store, remember=False)
    window.resize(1400, 900)
    window.show()
    window.tabs.setCurrentWidget(window.evidence)
    for _ in range(20):
        app.processEvents()
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    outcome: list[Any] = []
    window.evidence.importFinished.connect(outcome.append)
    started = time.perf_counter()
    timer.start()
    last[0] = time.perf_counter()
    window.evidence.import_files([file])
    while not outcome:
        app.processEvents()
        time.sleep(0.001)
    imported = time.perf_counter() - started
    settle = time.perf_counter() + 1.0  # the refresh and re-check after the import
    while time.perf_counter() < settle:
        app.processEvents()
        time.sleep(0.001)
    timer.stop()
    window.close()
    gaps.sort()
    result = outcome[0]
    return {
        "import_s": imported,
        "added": len(result.added),
        "errors": list(result.errors),
        "ticks": len(gaps),
        "max_gap_ms": gaps[-1] * 1000 if gaps else None,
        "p99_gap_ms": gaps[int(len(gaps) * 0.99) - 1] * 1000 if gaps else None,
        "median_gap_ms": statistics.median(gaps) * 1000 if gaps else None,
    }


# ------------------------------------------------------------------------ parent
def run_child(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    spawned = time.time()
    out = subprocess.run(
        [sys.executable, str(HERE), "--child", *args, "--spawned", repr(spawned)],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"child {args} failed:\n{out.stderr}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def entry_point() -> list[str]:
    """The ``workbench`` command the user runs (installed next to this Python), else
    ``python -m workbench``."""
    script = Path(sys.executable).with_name("workbench")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "workbench"]


def run_app(env: dict[str, str], report: Path) -> dict[str, float]:
    """Start the real entry point; seconds from spawning it to each start-up milestone."""
    report.unlink(missing_ok=True)
    spawned = time.time()
    proc = subprocess.Popen(
        entry_point(),
        env={**env, "WORKBENCH_STARTUP_REPORT": str(report)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    marks: dict[str, float] = {}
    deadline = time.monotonic() + 120
    try:
        while "findings" not in marks:
            if proc.poll() is not None:
                _, err = proc.communicate()
                raise RuntimeError(f"the app exited early ({proc.returncode}):\n{err}")
            if time.monotonic() > deadline:
                raise RuntimeError("the app did not report its first paint and findings")
            time.sleep(0.005)
            if report.exists():
                for line in report.read_text(encoding="utf-8").splitlines():
                    mark = json.loads(line)
                    marks[mark["milestone"]] = mark["time"] - spawned
    finally:
        proc.terminate()
        proc.communicate(timeout=60)
    return marks


def run_bare(env: dict[str, str]) -> float:
    spawned = time.time()
    out = subprocess.run(
        [sys.executable, "-c", BARE_SCRIPT, repr(spawned)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    return float(out.stdout.strip().splitlines()[-1])


def median(values: list[float]) -> float:
    return statistics.median(values)


def write_big_file(path: Path, gib: float) -> None:
    block = os.urandom(1024 * 1024)
    with path.open("wb") as f:
        for i in range(int(gib * 1024)):
            f.write(i.to_bytes(8, "little") + block[8:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="repetitions per figure (median)")
    parser.add_argument("--size", type=int, default=10_000, help="elements of the big store")
    parser.add_argument("--gib", type=float, default=1.0, help="size of the imported file")
    parser.add_argument("--skip-stall", action="store_true", help="leave out the import test")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--spawned", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        mode, *rest = args.child
        if mode == "open":
            result = child_open(Path(rest[0]))
        else:
            result = child_stall(Path(rest[0]), Path(rest[1]))
        print(json.dumps(result))
        return 0

    from workbench.app.demo import write_demo
    from workbench.app.synthetic_store import write_synthetic

    work = Path(tempfile.mkdtemp(prefix="bench-gui-"))
    try:
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "WORKBENCH_NO_SETTINGS": "1",
            "WORKBENCH_DATA_DIR": str(work / "data"),
            "WORKBENCH_ACTOR": "bench",
            # As installed: byte code cached (in a private folder, not the checkout).
            "PYTHONPYCACHEPREFIX": str(work / "pycache"),
        }
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        demo = work / "demo.db"
        write_demo(demo)
        big = work / f"synthetic-{args.size}.db"
        started = time.perf_counter()
        write_synthetic(big, args.size)
        print(
            f"wrote the demo store and a --size {args.size} store "
            f"({big.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s"
        )

        data = Path(env["WORKBENCH_DATA_DIR"])
        data.mkdir(parents=True)
        shutil.copyfile(demo, data / "demo.db")  # what the first run leaves there
        report = work / "startup.jsonl"
        run_bare(env)  # warm-up: byte code written, files in the page cache
        run_app(env, report)
        print(f"\n1. start-up: process start to the first window paint (median of {args.runs})")
        bare: list[float] = []
        ours: list[dict[str, float]] = []
        for _ in range(args.runs):  # interleaved, so that both see the same machine load
            bare.append(run_bare(env))
            ours.append(run_app(env, report))
        paint = median([r["first-paint"] for r in ours])
        found = median([r["findings"] for r in ours])
        print(f"   bare PySide6 QMainWindow         : {median(bare) * 1000:7.0f} ms")
        print(f"   workbench, window on demo store  : {paint * 1000:7.0f} ms")
        print(f"   workbench, findings shown        : {found * 1000:7.0f} ms")
        ratio = paint / median(bare)
        print(f"   ratio (first window)             : {ratio:7.2f}x  (target <= ~3x)")
        print(f"   ratio (findings shown)           : {found / median(bare):7.2f}x")
        steps = ["program-loaded", "ui-loaded", "window-built", "first-paint", "findings"]
        names = {
            "program-loaded": "Python, pydantic, domain, CLI",
            "ui-loaded": "Qt, the UI modules, QApplication",
            "window-built": "window built, store opened",
            "first-paint": "shown and painted",
            "findings": "first check, findings shown",
        }
        print("   where the time goes (medians, from the previous step):")
        previous = [0.0] * len(ours)
        for step in steps:
            spent = median([r[step] - p for r, p in zip(ours, previous, strict=True)])
            previous = [r[step] for r in ours]
            print(f"     {names[step]:<34}: {spent * 1000:7.0f} ms")

        print(f"\n2. opening a store to an interactive window (median of {args.runs} runs)")
        small: list[dict[str, Any]] = []
        large: list[dict[str, Any]] = []
        for _ in range(args.runs):  # interleaved, so that both see the same machine load
            small.append(run_child(["open", str(demo)], env))
            large.append(run_child(["open", str(big)], env))
        for name, runs in (("demo store", small), (f"--size {args.size}", large)):
            elements = runs[0]["elements"]
            print(
                f"   {name:<13} ({elements:>6} elements): interactive "
                f"{median([r['interactive_s'] for r in runs]) * 1000:7.0f} ms, "
                f"window built {median([r['window_built_s'] for r in runs]) * 1000:7.0f} ms, "
                f"diagram and findings done "
                f"{median([r['complete_s'] for r in runs]) * 1000:7.0f} ms"
            )
        ratio = median([r["interactive_s"] for r in large]) / median(
            [r["interactive_s"] for r in small]
        )
        print(f"   ratio (interactive)      : {ratio:7.2f}x  (target <= ~2x)")

        if not args.skip_stall:
            print(f"\n3. GUI-thread stalls while importing a {args.gib:g} GiB file")
            file = work / "evidence.bin"
            write_big_file(file, args.gib)
            copy = work / "stall.db"
            shutil.copyfile(demo, copy)
            stall = run_child(["stall", str(copy), str(file)], env)
            mib = args.gib * 1024
            print(
                f"   import took {stall['import_s']:.1f} s "
                f"({mib / stall['import_s']:.0f} MiB/s), {stall['ticks']} timer ticks, "
                f"added {stall['added']}, errors {stall['errors']}"
            )
            print(
                f"   10 ms timer gaps: median {stall['median_gap_ms']:.1f} ms, "
                f"p99 {stall['p99_gap_ms']:.1f} ms, longest {stall['max_gap_ms']:.1f} ms "
                "(target < 100 ms)"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
