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
   imported as evidence in the background (target: under 100 ms);
4. editing at scale, old against new in one run: the same scenario runs in a window of the
   tree under test and in one of ``--base`` (a checkout of the code before, e.g.
   ``git worktree add /tmp/bench-base bench-base``), each a subprocess with ``PYTHONPATH``
   pointing at its tree, on stores of ``--edit-sizes`` elements. A 5 ms QTimer heartbeat
   records the longest GUI-thread stall for a text edit (saved as the editor saves it; target
   < 100 ms at 100k, < 30 ms at 10k), the time until the findings are current again
   (target < 1 s), and the longest stall per keystroke typed into the outline filter, each
   followed by a pause long enough for the filter to run (target < 100 ms), and clearing it.
   ``--only-edit`` runs just this part; ``--rounds N`` opens N windows per tree, old and new
   taking turns, and reports the median of the rounds (a shared machine's load changes
   within a run: taking turns spreads it over both trees).
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


class Heartbeat:
    """A 5 ms timer on the GUI thread; the longest gap between its ticks is the longest stall."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.last = time.perf_counter()
        self.longest = 0.0
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def reset(self) -> None:
        self.last = time.perf_counter()
        self.longest = 0.0

    def stall_ms(self) -> float:
        """The longest gap since ``reset``, the one still open included."""
        return 1000 * max(self.longest, time.perf_counter() - self.last)


def child_edit(store: Path, runs: int) -> dict[str, Any]:
    """Edit an element's text and type into the outline filter in a window on ``store``."""
    from PySide6.QtWidgets import QApplication

    import workbench
    from workbench.domain import ElementType
    from workbench.ui.window.application import create_main_window, ensure_application

    app = ensure_application()
    window = create_main_window(store, remember=False)
    window.resize(1400, 900)
    window.show()
    session = window.session
    assert session is not None

    def pump(seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            app.processEvents()
            time.sleep(0.001)

    def current() -> bool:
        result = session.result
        return (
            result is not None
            and result.document is session.document
            and not session.checking
            and window.diagram.ready
        )

    def until(ready: Any, limit: float = 120.0) -> float:
        started = time.perf_counter()
        while not ready():
            if time.perf_counter() - started > limit:
                raise RuntimeError("the window did not settle")
            app.processEvents()
            time.sleep(0.001)
        return time.perf_counter() - started

    until(current, 300)
    pump(1.0)
    doc = session.document
    target = next(e.id for e in reversed(doc.case.elements) if e.type == ElementType.goal)
    window.select_element(target)
    until(current)
    pump(0.5)
    beat = Heartbeat()
    edit_stalls: list[float] = []
    to_current: list[float] = []
    base_text = doc.case.by_id[target].text
    for run in range(runs):
        beat.reset()
        started = time.perf_counter()
        window.editor.text_edit.setPlainText(f"{base_text} (revision {run + 1})")
        window.editor.save_text()  # what the editor does once typing pauses
        pump(0.02)  # the change is written and the views follow it before the checks start
        until(current)
        to_current.append(time.perf_counter() - started)
        pump(0.3)
        edit_stalls.append(beat.stall_ms())
    assert session.document.case.by_id[target].text.endswith(f"(revision {runs})")

    # Edits that make the box grow by lines, then shrink back: the box's neighbours move.
    longer = " and a much longer explanation that needs another line or two of text in the box"
    grow_stalls: list[float] = []
    grow_current: list[float] = []
    for run in range(runs):
        beat.reset()
        started = time.perf_counter()
        extra = longer if run % 2 == 0 else ""
        window.editor.text_edit.setPlainText(f"{base_text} (growth {run + 1}){extra}")
        window.editor.save_text()
        pump(0.02)
        until(current)
        grow_current.append(time.perf_counter() - started)
        pump(0.3)
        grow_stalls.append(beat.stall_ms())

    box = window.outline.search_box
    keystrokes: list[float] = []
    for char in "control":
        beat.reset()
        box.insert(char)
        pump(0.45)  # the filter's debounce, then the filter itself
        until(lambda: not getattr(window.outline, "searching", False))
        keystrokes.append(beat.stall_ms())
    shown = window.outline.proxy.rowCount()
    beat.reset()
    box.clear()
    pump(0.6)
    cleared = beat.stall_ms()
    window.close()
    QApplication.processEvents()
    return {
        "tree": str(Path(workbench.__file__).resolve().parent.parent),
        "elements": len(doc.case.elements),
        "edit_stall_ms": statistics.median(edit_stalls),
        "edit_stall_max_ms": max(edit_stalls),
        "edit_stalls_ms": [round(x, 1) for x in edit_stalls],
        "findings_current_s": statistics.median(to_current),
        "grow_stall_ms": statistics.median(grow_stalls),
        "grow_stall_max_ms": max(grow_stalls),
        "grow_current_s": statistics.median(grow_current),
        "grow_current_max_s": max(grow_current),
        "filter_keystroke_ms": max(keystrokes),
        "filter_keystroke_median_ms": statistics.median(keystrokes),
        "filter_rows": shown,
        "filter_clear_ms": cleared,
    }


# ------------------------------------------------------------------------ parent
def run_child(args: list[str], env: dict[str, str], tree: Path | None = None) -> dict[str, Any]:
    if tree is not None:  # run the scenario against the code of another checkout
        env = {**env, "PYTHONPATH": str(tree)}
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
    parser.add_argument("--base", type=Path, help="checkout of the code to compare with (part 4)")
    parser.add_argument(
        "--edit-sizes",
        default="10000,100000",
        help="comma-separated element counts of the stores edited in part 4",
    )
    parser.add_argument("--edit-runs", type=int, default=5, help="text edits per window")
    parser.add_argument(
        "--rounds", type=int, default=1, help="windows per tree in part 4, old and new in turn"
    )
    parser.add_argument("--only-edit", action="store_true", help="run only part 4")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--spawned", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        mode, *rest = args.child
        if mode == "open":
            result = child_open(Path(rest[0]))
        elif mode == "edit":
            result = child_edit(Path(rest[0]), int(rest[1]))
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
        if args.only_edit:
            edit_at_scale(args, work, env)
            return 0
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
        edit_at_scale(args, work, env)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def edit_at_scale(args: argparse.Namespace, work: Path, env: dict[str, str]) -> None:
    """Part 4: the edit and filter scenario in this tree and in ``--base``, same machine, same
    run, each on its own copy of the same store."""
    from workbench.app.synthetic_store import write_synthetic

    here = HERE.parent.parent
    trees: list[tuple[str, Path]] = [("new", here)]
    if args.base is not None:
        trees.insert(0, ("old", Path(args.base).resolve()))
    print("\n4. editing at scale (medians of the edits; old = --base, new = this tree)")
    for size in [int(n) for n in args.edit_sizes.split(",") if n.strip()]:
        # Each tree writes its own copy of the same synthetic case (an older tree cannot open
        # a store of a newer schema); the case is the same, seeded by its size.
        sources: dict[str, Path] = {}
        for name, tree in trees:
            sources[name] = work / f"edit-{size}-{name}-source.db"
            if name == "new":
                write_synthetic(sources[name], size)
            else:
                write_with(tree, sources[name], size, env)
        rounds: dict[str, list[dict[str, Any]]] = {name: [] for name, _ in trees}
        for round_no in range(args.rounds):
            # Old and new take turns (and swap who goes first each round), so that the load
            # other users put on a shared machine falls on both alike.
            order = trees if round_no % 2 == 0 else list(reversed(trees))
            for name, tree in order:
                copy = work / f"edit-{size}-{name}.db"
                shutil.copyfile(sources[name], copy)
                result = run_child(["edit", str(copy), str(args.edit_runs)], env, tree)
                if Path(result["tree"]) != tree:
                    raise RuntimeError(f"the {name} run used {result['tree']}, not {tree}")
                rounds[name].append(result)
        figures = {name: _median_of_rounds(results) for name, results in rounds.items()}
        elements = figures["new"]["elements"]
        print(f"   --size {size} ({elements} elements, {args.rounds} round(s) per tree)")
        rows = (
            ("text edit, longest GUI stall", "edit_stall_ms", "ms", 100 if size > 10_000 else 30),
            ("text edit, worst of the edits", "edit_stall_max_ms", "ms", None),
            ("edit to findings current", "findings_current_s", "s", 1),
            ("edit growing its box, stall", "grow_stall_ms", "ms", 100 if size > 10_000 else 30),
            ("growing edits, worst stall", "grow_stall_max_ms", "ms", None),
            ("growing edit to current", "grow_current_s", "s", 1),
            ("growing edits, worst to current", "grow_current_max_s", "s", None),
            ("filter, worst keystroke stall", "filter_keystroke_ms", "ms", 100),
            ("filter, median keystroke stall", "filter_keystroke_median_ms", "ms", None),
            ("filter cleared, stall", "filter_clear_ms", "ms", None),
        )
        for label, key, unit, target in rows:
            new = figures["new"][key]
            line = f"     {label:<31}: new {new:8.2f} {unit:<2}"
            if "old" in figures:
                old = figures["old"][key]
                ratio = old / new if new else float("inf")
                line += f"  old {old:8.2f} {unit:<2}  old/new {ratio:6.1f}x"
            if target is not None:
                line += f"  (target < {target} {unit})"
            print(line)


def write_with(tree: Path, path: Path, size: int, env: dict[str, str]) -> None:
    """Write the synthetic store of ``size`` elements with the code of another checkout."""
    script = "import sys, pathlib; from workbench.app.synthetic_store import write_synthetic; "
    script += "write_synthetic(pathlib.Path(sys.argv[1]), int(sys.argv[2]))"
    subprocess.run(
        [sys.executable, "-c", script, str(path), str(size)],
        env={**env, "PYTHONPATH": str(tree)},
        cwd=tree,  # ``-c`` puts the working folder first on the path
        check=True,
        timeout=900,
        capture_output=True,
    )


def _median_of_rounds(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Each numeric figure as the median over the rounds (other fields from the first)."""
    merged = dict(results[0])
    for key, value in results[0].items():
        if isinstance(value, int | float) and not isinstance(value, bool):
            merged[key] = statistics.median(r[key] for r in results)
    return merged


if __name__ == "__main__":
    raise SystemExit(main())
