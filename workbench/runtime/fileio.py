"""Atomic file writes: a file appears whole or not at all (temp file in the folder, then rename).

Temporary files are named ``.NAME.wbtmp-PID-TOKEN`` beside the target, so that one left by a
process that was killed is recognisable and can be removed (``remove_stale_temporaries``).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path

from workbench.domain import InputError

_TEMP_MARK = ".wbtmp-"
_TEMP_NAME = re.compile(r"^\.(?P<name>.+)\.wbtmp-(?P<pid>\d+)-[0-9a-f]+(?:-journal|-wal|-shm)?$")

#: What an OS error on writing means, worded for people (errno -> reason).
_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
}


def write_failure(exc: OSError) -> str:
    """Why a write failed, in a few words: ``the disk is full``, ``permission denied``, …"""
    return _REASONS.get(exc.errno or 0) or (exc.strerror or str(exc))


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
    """The mode the written file gets: an existing regular file keeps its own; a new one (or
    one replacing a symlink) gets what ``open()`` would give it under the user's umask
    (mkstemp alone would leave 0o600)."""
    try:
        st = path.lstat()
    except FileNotFoundError:
        st = None
    if st is not None and stat.S_ISREG(st.st_mode):
        return stat.S_IMODE(st.st_mode)
    return 0o666 & ~_current_umask()


def temporary_path(path: Path) -> Path:
    """A fresh temporary name beside ``path`` that says whose it is (this process)."""
    path = Path(path)
    token = secrets.token_hex(4)
    return path.with_name(f".{path.name}{_TEMP_MARK}{os.getpid()}-{token}")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process, or a platform that cannot tell: leave it
    return True


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Remove the temporary files beside ``path`` that a process which no longer runs left
    (a killed export, import or demo); those of running processes are kept. Returns them."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    removed = []
    try:
        candidates = list(folder.glob(f".{glob_escape(path.name)}{_TEMP_MARK}*"))
    except OSError:
        return []
    for candidate in candidates:
        match = _TEMP_NAME.match(candidate.name)
        if match is None or match["name"] != path.name or _alive(int(match["pid"])):
            continue
        with contextlib.suppress(OSError):
            candidate.unlink()
            removed.append(candidate)
    return removed


def glob_escape(name: str) -> str:
    """``name`` with the characters glob treats specially made literal."""
    return re.sub(r"([*?\[])", r"[\1]", name)


def _refuse_target(path: Path) -> Path:
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir() and not path.is_symlink():
        raise InputError(f"{path} is a directory; give a file name")
    if not parent.is_dir():
        raise InputError(f"folder {parent} does not exist")
    return parent


@contextlib.contextmanager
def atomic_file(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; on success it replaces ``path`` whole
    (a symlink at ``path`` is replaced, its target left alone), on failure it is removed.
    An OS failure is one line naming the reason (disk full, read-only file system, …)."""
    path = Path(path)
    _refuse_target(path)
    remove_stale_temporaries(path)
    mode = _mode_for(path)
    tmp = temporary_path(path)
    try:
        yield tmp
        os.chmod(tmp, mode)
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise InputError(
            f"cannot write {path}: {write_failure(exc)}; nothing was written"
        ) from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all, with the mode an ordinary write gives."""
    with atomic_file(Path(path)) as tmp:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
