"""The store refuses bad files untouched, de-duplicates evidence, and refuses stale writes."""

from __future__ import annotations

import hashlib
import io
import sqlite3
from pathlib import Path

import pytest

from workbench.app.changes import ChangeSet, delete_element, put, update_element
from workbench.app.evidence import EvidenceDetails, add_evidence_file
from workbench.app.workspace import Workspace
from workbench.domain import ConflictError, StoreError, evidence_id
from workbench.store import Cancelled, Store
from workbench.store.schema import APPLICATION_ID


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such store"):
        Store.open(tmp_path / "absent.db")
    assert not (tmp_path / "absent.db").exists()


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a directory"):
        Store.open(tmp_path)


def test_random_bytes_are_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "random.db"
    path.write_bytes(bytes(range(256)) * 64)
    before = digest(path)
    with pytest.raises(StoreError, match="not a workbench store"):
        Store.open(path)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["random.db"]


def test_foreign_sqlite_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(StoreError, match="SQLite database but not a workbench store"):
        Store.open(path)
    assert digest(path) == before


def test_truncated_store_is_refused_untouched(demo_store: Path) -> None:
    data = demo_store.read_bytes()
    demo_store.write_bytes(data[: len(data) // 2])
    before = digest(demo_store)
    with pytest.raises(StoreError, match="truncated"):
        Store.open(demo_store)
    assert digest(demo_store) == before


def test_store_from_newer_schema_is_refused_untouched(demo_store: Path) -> None:
    conn = sqlite3.connect(demo_store)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('workbench', '9999_from_the_future', '2030-01-01')"
    )
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = digest(demo_store)
    with pytest.raises(StoreError, match="newer version of the workbench"):
        Store.open(demo_store)
    assert digest(demo_store) == before


def test_new_store_has_workbench_application_id(demo_store: Path) -> None:
    header = demo_store.read_bytes()[:100]
    assert int.from_bytes(header[68:72], "big") == APPLICATION_ID


def test_create_refuses_existing_file(demo_store: Path) -> None:
    with Workspace.open(demo_store) as ws:
        doc = ws.document
    with pytest.raises(StoreError, match="already exists"):
        Store.create(demo_store, doc, actor="t")


def test_connections_enforce_foreign_keys_and_wal(demo_store: Path) -> None:
    with Store.open(demo_store) as store:
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_identical_evidence_is_stored_once(demo_store: Path) -> None:
    with Store.open(demo_store) as store:
        first = store.write_blob(io.BytesIO(b"same bytes" * 1000))
        second = store.write_blob(io.BytesIO(b"same bytes" * 1000))
        count = store.db.execute(
            "SELECT count(*) FROM blobs WHERE sha256 = ?", [first.sha256]
        ).fetchone()[0]
    assert (first.created, second.created) == (True, False)
    assert first.sha256 == hashlib.sha256(b"same bytes" * 1000).hexdigest()
    assert count == 1


def test_large_evidence_is_chunked_and_read_back(demo_store: Path) -> None:
    payload = bytes(range(256)) * (4096 * 10)  # 10 MiB, several chunks
    with Store.open(demo_store) as store:
        info = store.write_blob(io.BytesIO(payload))
        back = b"".join(store.iter_blob(info.sha256))
        chunks = store.db.execute(
            "SELECT count(*) FROM chunks c JOIN blobs b ON b.id = c.blob_id WHERE b.sha256 = ?",
            [info.sha256],
        ).fetchone()[0]
    assert back == payload
    assert chunks >= 2


def test_cancelled_import_leaves_nothing(demo_store: Path) -> None:
    with Store.open(demo_store) as store:
        blobs_before = store.db.execute("SELECT count(*) FROM blobs").fetchone()[0]
        with pytest.raises(Cancelled):
            store.write_blob(io.BytesIO(b"x" * 10_000_000), cancelled=lambda: True)
        blobs_after = store.db.execute("SELECT count(*) FROM blobs").fetchone()[0]
    assert blobs_after == blobs_before


def test_stale_write_from_second_process_is_refused(demo_store: Path) -> None:
    with (
        Workspace.open(demo_store, actor="a") as first,
        Workspace.open(demo_store, actor="b") as second,
    ):
        stale = second.document
        first.apply(update_element(first.document, "G1", text="Changed by the first window"))
        with pytest.raises(ConflictError, match="changed elsewhere"):
            second.apply(update_element(stale, "G1", text="Changed by the second window"))
        assert second.document.case.by_id["G1"].text == "Changed by the first window"


def test_failed_action_writes_nothing(demo_store: Path) -> None:
    with Workspace.open(demo_store) as ws:
        head = ws.store.audit_head()
        doc = ws.document
        good = update_element(doc, "G1", text="first part")
        stale = update_element(doc, "G2", text="second part")
        # The second change carries a wrong 'before' for G1, so the action must fail whole.
        combined = type(good)("x", "x", (*stale.changes, *good.changes, *good.changes))
        with pytest.raises(ConflictError):
            ws.apply(combined)
        assert ws.store.audit_head() == head
        assert ws.document.case.by_id["G2"].text == doc.case.by_id["G2"].text


def test_search_finds_elements_and_evidence(demo_store: Path) -> None:
    with Workspace.open(demo_store) as ws:
        hits = ws.store.search("classifier")
    kinds = {k for k, _ in hits}
    assert ("element", "G3.2") in hits
    assert "evidence" in kinds


def test_search_follows_an_edited_element(demo_store: Path) -> None:
    with Workspace.open(demo_store) as ws:
        ws.apply(update_element(ws.document, "G3.2", text="Xylophone detectors"))
        new, old = ws.store.search("xylophone"), ws.store.search("layered")
    assert (new, old) == ([("element", "G3.2")], [])


def test_search_forgets_a_deleted_element(demo_store: Path) -> None:
    with Workspace.open(demo_store) as ws:
        ws.apply(delete_element(ws.document, "G3.2"))
        hits = ws.store.search("layered classifiers")
    assert hits == []


def test_store_made_before_the_search_keys_is_upgraded_on_open(demo_store: Path) -> None:
    conn = sqlite3.connect(demo_store)
    conn.execute("DROP TABLE search_keys")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0002_search_keys'")
    conn.commit()
    conn.close()
    with Workspace.open(demo_store) as ws:
        ws.apply(update_element(ws.document, "G3.2", text="Xylophone detectors"))
        new, old = ws.store.search("xylophone"), ws.store.search("layered")
        assert ws.store.verify_audit().ok
    assert (new, old) == ([("element", "G3.2")], [])


def test_bulk_import_alone_returns_store_to_wal(demo_store: Path, tmp_path: Path) -> None:
    f = tmp_path / "eval.bin"
    f.write_bytes(b"e" * 5_000_000)
    with Workspace.open(demo_store) as ws:
        with ws.store.bulk_write() as fast:
            assert fast
        evidence, added = add_evidence_file(ws, f, EvidenceDetails(title="eval"))
        mode = ws.store.db.execute("PRAGMA journal_mode").fetchone()[0]
        assert (
            ws.store.blob_status([(evidence.id, evidence.sha256)], deep=True)[evidence.id]
            == "present"
        )
    assert added and mode == "wal"


def test_bulk_import_beside_another_connection_uses_wal(demo_store: Path, tmp_path: Path) -> None:
    f = tmp_path / "eval.bin"
    f.write_bytes(b"f" * 5_000_000)
    with Workspace.open(demo_store) as gui, Workspace.open(demo_store) as worker:
        assert gui.document.evidence
        with worker.store.bulk_write() as fast:
            assert not fast
        evidence, added = add_evidence_file(worker, f, EvidenceDetails(title="eval"))
        assert added
        assert evidence.id in {e.id for e in gui.document.evidence}


def test_sqlite_failure_inside_an_action_is_a_store_error(demo_store: Path) -> None:
    with Workspace.open(demo_store) as ws:
        head = ws.store.audit_head()
        # A size limit stands in for a full disk: SQLite fails the write mid-action.
        ws.store.db.execute("PRAGMA max_page_count = 1")
        with pytest.raises(StoreError, match=r"could not write to .*nothing was changed"):
            ws.store.write_blob(io.BytesIO(b"z" * 3_000_000))
        assert ws.store.audit_head() == head


def test_evidence_id_collision_is_refused_not_merged(demo_store: Path, tmp_path: Path) -> None:
    payload = b"new evidence whose id prefix another record already has"
    f = tmp_path / "new.txt"
    f.write_bytes(payload)
    eid = evidence_id(hashlib.sha256(payload).hexdigest())
    with Workspace.open(demo_store) as ws:
        other = ws.document.evidence[0].model_copy(update={"id": eid})
        old = ws.document.evidence[0]
        ws.apply(
            ChangeSet(
                "rename",
                "test",
                (put("evidence", old.id, old, None), put("evidence", eid, None, other)),
            )
        )
        head = ws.store.audit_head()
        with pytest.raises(StoreError, match=f"shares its evidence id {eid}"):
            add_evidence_file(ws, f, EvidenceDetails(title="new"))
        assert ws.store.audit_head() == head
        assert not ws.store.has_blob(hashlib.sha256(payload).hexdigest())
