"""Exported files: written atomically with the mode an ordinary write gives them."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench.runtime.fileio import atomic_write_bytes


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
