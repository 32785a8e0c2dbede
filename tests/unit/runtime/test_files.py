"""Exported files: written atomically with the mode an ordinary write gives them."""

from __future__ import annotations

import errno
import io
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench.domain import InputError
from workbench.runtime.fileio import atomic_write_bytes, remove_stale_temporaries, temporary_path


@pytest.fixture
def umask() -> Iterator[None]:
    previous = os.umask(0o027)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_gets_the_users_umask(tmp_path: Path, umask: None) -> None:
    path = tmp_path / "packet.pdf"
    atomic_write_bytes(path, b"%PDF")
    assert mode(path) == 0o640
    assert path.read_bytes() == b"%PDF"


def test_a_new_file_matches_what_open_gives(tmp_path: Path, umask: None) -> None:
    atomic_write_bytes(tmp_path / "ours", b"x")
    (tmp_path / "plain").write_bytes(b"x")
    assert mode(tmp_path / "ours") == mode(tmp_path / "plain")


def test_an_existing_file_keeps_its_mode(tmp_path: Path, umask: None) -> None:
    path = tmp_path / "case.json"
    path.write_bytes(b"old")
    path.chmod(0o604)
    atomic_write_bytes(path, b"new")
    assert mode(path) == 0o604
    assert path.read_bytes() == b"new"


def test_no_temporary_file_is_left_behind(tmp_path: Path) -> None:
    atomic_write_bytes(tmp_path / "out.bin", b"data")
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_a_symlink_is_replaced_and_its_target_left_alone(tmp_path: Path, umask: None) -> None:
    target = tmp_path / "precious.txt"
    target.write_bytes(b"keep me")
    link = tmp_path / "out.json"
    link.symlink_to(target)
    atomic_write_bytes(link, b"{}")
    assert target.read_bytes() == b"keep me"
    assert not link.is_symlink()
    assert link.read_bytes() == b"{}"
    assert mode(link) == 0o640  # a new file under the umask, not the target's mode


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        (errno.ENOSPC, "the disk is full"),
        (errno.EROFS, "the file system is read-only"),
        (errno.EACCES, "permission denied"),
    ],
)
def test_a_failed_write_is_one_line_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, number: int, reason: str
) -> None:
    path = tmp_path / "packet.pdf"
    path.write_bytes(b"the old packet")

    def failing_fdopen(fd: int, *args: object, **kwargs: object) -> object:
        class Failing(io.RawIOBase):
            def writable(self) -> bool:
                return True

            def write(self, _data: object) -> int:
                raise OSError(number, os.strerror(number))

        os.close(fd)
        return Failing()

    monkeypatch.setattr("workbench.runtime.fileio.os.fdopen", failing_fdopen)
    with pytest.raises(InputError) as info:
        atomic_write_bytes(path, b"%PDF" * 1000)
    assert str(info.value) == f"cannot write {path}: {reason}; nothing was written"
    assert [p.name for p in tmp_path.iterdir()] == ["packet.pdf"]
    assert path.read_bytes() == b"the old packet"


def test_a_failed_rename_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("workbench.runtime.fileio.os.replace", full)
    with pytest.raises(InputError, match="the disk is full"):
        atomic_write_bytes(tmp_path / "out.json", b"{}")
    assert list(tmp_path.iterdir()) == []


def dead_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout)


def test_stale_temporaries_of_dead_processes_are_removed(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    stale = tmp_path / f".case.json.wbtmp-{dead_pid()}-00aa11bb"
    stale.write_bytes(b"half")
    running = tmp_path / f".case.json.wbtmp-{os.getpid()}-00aa11bb"
    running.write_bytes(b"being written")
    other = tmp_path / f".other.json.wbtmp-{dead_pid()}-00aa11bb"
    other.write_bytes(b"another file's")
    assert remove_stale_temporaries(path) == [stale]
    assert running.exists() and other.exists()


def test_temporary_names_say_whose_they_are(tmp_path: Path) -> None:
    name = temporary_path(tmp_path / "a b#c.db").name
    assert name.startswith(f".a b#c.db.wbtmp-{os.getpid()}-")
