"""Stores left by a killed process, busy stores and awkward paths: they open, or say why not."""

from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from tests.builders import case
from workbench.domain import ReadOnlyStore, StoreError
from workbench.store import Store

#: A child that starts importing 12 MiB of evidence (under the rollback journal of a bulk
#: write, so that pages reach the file) and is killed before it commits.
KILLED_IMPORT = textwrap.dedent(
    """
    import io, os, signal, sys
    from pathlib import Path
    from workbench.store import Store
    store = Store.open(Path(sys.argv[1]))
    with store.bulk_write(), store.transaction():
        store.write_blob(io.BytesIO(os.urandom(12 * 1024 * 1024)))
        os.kill(os.getpid(), signal.SIGKILL)
    """
)


def killed_import(path: Path) -> None:
    result = subprocess.run([sys.executable, "-c", KILLED_IMPORT, str(path)], check=False)
    assert result.returncode == -9
    journal = Path(str(path) + "-journal")
    assert journal.exists() and journal.stat().st_size > 0  # a hot journal is left


@pytest.fixture(autouse=True)
def store_notes_enabled(monkeypatch: pytest.MonkeyPatch) -> None:
    """The store's notes reach caplog even after a test ran import-linter in this process
    (its logging set-up disables every logger that existed before it)."""
    monkeypatch.setattr(logging.getLogger("workbench.store"), "disabled", False)


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    path = tmp_path / "s.db"
    Store.create(path, case().goal("G1").document(), actor="t").close()
    return path


def test_a_store_left_by_a_killed_import_opens(
    store_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    killed_import(store_path)
    Store.check(store_path)  # what the GUI asks first
    with caplog.at_level(logging.WARNING, logger="workbench.store"), Store.open(store_path) as s:
        assert [e.id for e in s.load().case.elements] == ["G1"]
        assert s.db.execute("SELECT count(*) FROM blobs").fetchone()[0] == 0
        assert s.verify_audit().ok
    assert not Path(str(store_path) + "-journal").exists()


def test_the_recovery_says_so_in_one_line(
    store_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    killed_import(store_path)
    with caplog.at_level(logging.WARNING, logger="workbench.store"):
        Store.open(store_path).close()
        Store.open(store_path).close()  # nothing left to recover the second time
    notes = [r.getMessage() for r in caplog.records]
    assert len(notes) == 1
    assert "rolled back the unfinished write of a process that was stopped" in notes[0]


def test_a_killed_import_in_a_read_only_folder_is_named_read_only(store_path: Path) -> None:
    killed_import(store_path)
    folder = store_path.parent
    folder.chmod(0o555)
    try:
        with pytest.raises(ReadOnlyStore, match=r"unfinished write.*read-only") as info:
            Store.open(store_path)
        assert "damaged" not in str(info.value)
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize("name", ["a#b.db", "what?.db", "100%.db", "x%20y#z?w.db"])
def test_paths_with_uri_characters_open_and_leave_no_stray_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    Store.create(path, case().goal("G1").document(), actor="t").close()
    Store.check(path)
    with Store.open(path) as s:
        assert [e.id for e in s.load().case.elements] == ["G1"]
    path.chmod(0o444)  # the read-only open builds a URI from the path
    with Store.open(path) as s:
        assert s.read_only is not None
        assert [e.id for e in s.load().case.elements] == ["G1"]
    left = {p.name for p in tmp_path.iterdir()} - {"user-data"}
    assert left <= {name, f"{name}-wal", f"{name}-shm"}


def hold_write_lock(path: Path, seconds: float) -> threading.Thread:
    """Another connection takes the store's write lock (as a long evidence import does)."""
    ready = threading.Event()

    def hold() -> None:
        conn = sqlite3.connect(str(path), isolation_level=None)
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("BEGIN EXCLUSIVE")
        ready.set()
        time.sleep(seconds)
        conn.execute("COMMIT")
        conn.close()

    thread = threading.Thread(target=hold)
    thread.start()
    ready.wait()
    return thread


def test_a_busy_store_is_waited_for_and_says_so(
    store_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("WORKBENCH_BUSY_WAIT", "20")
    thread = hold_write_lock(store_path, 1.5)
    with caplog.at_level(logging.WARNING, logger="workbench.store"), Store.open(store_path) as s:
        assert [e.id for e in s.load().case.elements] == ["G1"]
    thread.join()
    assert [r.getMessage() for r in caplog.records] == [
        f"workbench: {store_path} is in use by another process (retrying…)"
    ]


def test_a_store_busy_for_too_long_is_in_use_not_damaged(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKBENCH_BUSY_WAIT", "0.5")
    thread = hold_write_lock(store_path, 3)
    try:
        with pytest.raises(StoreError, match="is in use by another process") as info:
            Store.open(store_path)
        assert "damaged" not in str(info.value)
    finally:
        thread.join()


def test_a_write_waits_for_another_writer(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKBENCH_BUSY_WAIT", "0.5")
    with Store.open(store_path) as s:
        other = sqlite3.connect(str(store_path), isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(StoreError, match="in use by another process"):
                s.log(actor="t", action="note", subject="x")
        finally:
            other.execute("ROLLBACK")
            other.close()
        s.log(actor="t", action="note", subject="x")  # free again: written


def test_a_build_killed_half_way_leaves_nothing_at_the_path(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with pytest.raises(RuntimeError), Store.building(path, case().document(), actor="t"):
        assert not path.exists()
        raise RuntimeError("killed")
    assert not path.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["user-data"] or not any(
        p.name.startswith(".new.db") for p in tmp_path.iterdir()
    )


def test_stale_temporaries_of_a_killed_build_are_removed(tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    pid = int(dead.stdout)
    stale = [tmp_path / f".s.db.wbtmp-{pid}-0badf00d{s}" for s in ("", "-journal")]
    for p in stale:
        p.write_bytes(b"half a store")
    mine = tmp_path / f".s.db.wbtmp-{os.getpid()}-0badf00d"  # a running process's: kept
    mine.write_bytes(b"in progress")
    Store.create(tmp_path / "s.db", case().document(), actor="t").close()
    assert not any(p.exists() for p in stale)
    assert mine.exists()


def test_audit_verify_reads_one_state_while_another_process_writes(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader, writer = Store.open(store_path), Store.open(store_path)
    real_meta = Store.meta

    def meta_after_a_write(self: Store, key: str) -> str | None:
        if self is reader and key == "audit_head":  # another writer commits meanwhile
            writer.log(actor="t", action="note", subject="x")
        return real_meta(self, key)

    monkeypatch.setattr(Store, "meta", meta_after_a_write)
    try:
        result = reader.verify_audit()
        assert result.ok, result.message
    finally:
        reader.close()
        writer.close()


def test_a_full_disk_is_named_as_such(store_path: Path) -> None:
    with Store.open(store_path) as s:
        pages = s.db.execute("PRAGMA page_count").fetchone()[0]
        s.db.execute(f"PRAGMA max_page_count = {pages}")  # as if the disk were full
        with pytest.raises(StoreError) as info, s.transaction():
            s.db.execute("INSERT INTO meta (key, value) VALUES ('x', ?)", [b"x" * 10**6])
        assert str(info.value) == (
            f"could not write to {store_path}: the disk is full; nothing was changed"
        )


def test_a_read_only_file_system_is_named_as_such(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.statvfs

    def read_only(path: object) -> os.statvfs_result:
        st = real(path)  # type: ignore[arg-type]
        fields = list(st)
        fields[8] |= os.ST_RDONLY  # f_flag
        return os.statvfs_result(fields)

    monkeypatch.setattr(os, "statvfs", read_only)
    monkeypatch.setattr(os, "access", lambda *_a, **_k: False)  # as on a read-only mount
    with Store.open(store_path) as s:
        assert s.read_only == "the file system is read-only"
