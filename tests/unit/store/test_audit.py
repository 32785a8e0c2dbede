"""The audit chain: every change appends an event; tampering outside the app is found."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from workbench.app.changes import update_element
from workbench.app.workspace import Workspace
from workbench.cli.main import main


def tamper(path: Path, sql: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute(sql)
    conn.commit()
    conn.close()


def test_each_change_appends_a_linked_event(demo_store: Path) -> None:
    with Workspace.open(demo_store, actor="alice") as ws:
        before = ws.store.audit_head()
        ws.apply(update_element(ws.document, "G1", text="New top claim"))
        events = ws.store.audit_events()
    last = events[-1]
    assert last.seq == before[0] + 1
    assert last.prev_hash == before[1]
    assert (last.actor, last.action, last.subject) == ("alice", "edit element", "element:G1")
    assert last.hash == last.expected_hash()


def test_intact_chain_verifies(demo_store: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["audit", "verify", str(demo_store)]) == 0
    assert "audit chain intact" in capsys.readouterr().out


def test_altered_event_is_named(demo_store: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    tamper(demo_store, "UPDATE audit SET actor = 'mallory' WHERE seq = 5")
    assert main(["audit", "verify", str(demo_store)]) == 1
    assert "audit event 5 was altered" in capsys.readouterr().err


def test_removed_event_is_named(demo_store: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    tamper(demo_store, "DELETE FROM audit WHERE seq = 7")
    assert main(["audit", "verify", str(demo_store)]) == 1
    assert "audit event 7 is missing" in capsys.readouterr().err


def test_cut_tail_is_found(demo_store: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    tamper(demo_store, "DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)")
    assert main(["audit", "verify", str(demo_store)]) == 1
    assert "chain was cut" in capsys.readouterr().err


def test_record_edited_outside_the_app_is_found(demo_store: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    tamper(
        demo_store,
        "UPDATE records SET body = json_set(body, '$.text', 'forged') "
        "WHERE kind = 'element' AND id = 'G3.3'",
    )
    assert main(["audit", "verify", str(demo_store)]) == 1
    assert "record element:G3.3 was changed outside the workbench" in capsys.readouterr().err


def test_record_removed_outside_the_app_is_found(demo_store: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    tamper(demo_store, "DELETE FROM records WHERE kind = 'challenge' AND id = 'CH1'")
    assert main(["audit", "verify", str(demo_store)]) == 1
    assert "record challenge:CH1 was removed" in capsys.readouterr().err
