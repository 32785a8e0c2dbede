"""A process that exits with a window still open says nothing on stderr (no tracebacks from
signals reaching widgets Qt has already deleted)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.builders import case

SCRIPT = """
import sys
from workbench.ui.window.application import create_main_window, ensure_application
app = ensure_application()
window = create_main_window(sys.argv[1], remember=False)
window.show()
for _ in range(30):
    app.processEvents()
window.select_element("G2")
window.editor.text_edit.setPlainText("Typed, saved, and the process exits")
window.editor.save_text()
for _ in range(30):
    app.processEvents()
print("edited", window.session.document.case.by_id["G2"].text)
"""


def test_exiting_with_the_window_open_prints_no_traceback(tmp_path: Path) -> None:
    store = case().goal("G1").goal("G2").store(tmp_path / "shutdown.db")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(store)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr
    assert "edited Typed, saved, and the process exits" in done.stdout
    problems = [
        line
        for line in done.stderr.splitlines()
        if "Traceback" in line or "already deleted" in line or "Error" in line
    ]
    assert not problems, done.stderr
