"""Output files: what every command that writes a file the user named goes through.

An output never destroys anything by accident: a file already there is replaced only when
the user said so (``force``), never when it is a workbench store or the command's own input
(whatever ``force`` says); the file is written whole beside the target and renamed over it
(a symlink is replaced, its target left alone), with the mode the user's umask gives; a full
disk or a read-only file system is one line, and nothing is left behind.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from workbench.domain import InputError
from workbench.runtime.fileio import atomic_file, atomic_write_bytes
from workbench.store import is_store_file


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_output(path: Path, *, force: bool = False, inputs: Iterable[Path] = ()) -> Path:
    """Refuse ``path`` as an output when writing it would destroy something; returns it."""
    path = Path(path)
    for source in inputs:
        if _same_file(path, Path(source)) or path.absolute() == Path(source).absolute():
            raise InputError(f"{path} is the input of this command; choose another output file")
    if is_store_file(path):
        raise InputError(
            f"{path} is a workbench store; an output never replaces a store, "
            "choose another file name"
        )
    if (path.exists() or path.is_symlink()) and not force:
        raise InputError(f"{path} already exists", about="force")
    return path


def write_output(
    path: Path, data: bytes, *, force: bool = False, inputs: Iterable[Path] = ()
) -> Path:
    """Write ``data`` to the output ``path`` whole, after ``check_output``."""
    path = check_output(Path(path), force=force, inputs=inputs)
    atomic_write_bytes(path, data)
    return path


@contextmanager
def output_file(path: Path, *, force: bool = False, inputs: Iterable[Path] = ()) -> Iterator[Path]:
    """A temporary path to write the output to (by a library that takes a file name); it
    replaces ``path`` whole when the block ends without an error."""
    path = check_output(Path(path), force=force, inputs=inputs)
    with atomic_file(path) as tmp:
        yield tmp
