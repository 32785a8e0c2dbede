"""Atomic file writes: a file appears whole or not at all (temp file in the folder, then rename)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from workbench.domain import InputError


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path = Path(path)
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise InputError(f"{path} is a directory; give a file name")
    if not parent.is_dir():
        raise InputError(f"folder {parent} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def read_input_bytes(path: Path, what: str) -> bytes:
    """Read a file the user named, turning every OS failure into one clear line."""
    path = Path(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"no such {what}: {path}") from None
    except IsADirectoryError:
        article = "an" if what[:1].lower() in "aeiou" else "a"
        raise InputError(f"{path} is a directory, not {article} {what}") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
