"""Atomic file writes: a file appears whole or not at all (temp file in the folder, then rename)."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from workbench.domain import InputError


def _current_umask() -> int:
    # Linux shows the umask without changing it; elsewhere set and restore it at once.
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _mode_for(path: Path) -> int:
    """The mode the written file gets: an existing file keeps its own; a new one gets what
    ``open()`` would give it under the user's umask (mkstemp alone would leave 0o600)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return 0o666 & ~_current_umask()


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all, with the mode an ordinary write gives."""
    path = Path(path)
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise InputError(f"{path} is a directory; give a file name")
    if not parent.is_dir():
        raise InputError(f"folder {parent} does not exist")
    mode = _mode_for(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
