"""The audit chain: every change appends an event; tampering outside the app is found."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.builders import BUILT_AT, case
from tests.conftest import CliResult
from tests.tampering import forge_chain, roll_back, tamper
from workbench.app.changes import add_element, update_element
from workbench.app.packets import signoff_change_set
from workbench.app.workspace import Workspace
from workbench.cli.main import main
from workbench.domain import (
    AuditHead,
    ElementType,
    Meaning,
    SignerRole,
    SignOff,
)


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


# ------------------------------------------------------------------ a chain cut back or erased
def _grown(path: Path) -> tuple[Path, int]:
    """A store of G1 > S1 > G2 to which G3 and then G4 were added; returns it with the audit
    seq reached after G3, and a copy of the store as it was then (``path``.then)."""
    case().goal("G1").strategy("S1").goal("G2").store(path)
    with Workspace.open(path, actor="alice") as ws:
        ws.apply(add_element(ws.document, ElementType.goal, "Third goal", parent="S1"))
        seq = ws.store.audit_head()[0]
    shutil.copyfile(path, f"{path}.then")
    with Workspace.open(path, actor="alice") as ws:
        ws.apply(add_element(ws.document, ElementType.goal, "Fourth goal", parent="S1"))
    return path, seq


def test_sql_rollback_with_the_head_updated_is_found_by_the_revision_counter(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    path, seq = _grown(tmp_path / "s.db")
    roll_back(path, seq)
    result = cli("audit", "verify", path)
    assert result.code == 1
    assert "is at revision 2 but its last audit event is of revision 1" in result.err


def test_sql_rollback_with_the_revision_set_back_too_is_found_by_the_id_marks(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    path, seq = _grown(tmp_path / "s.db")
    roll_back(path, seq, also=["UPDATE meta SET value = '1' WHERE key = 'revision'"])
    result = cli("audit", "verify", path)
    assert result.code == 1
    assert "handed out element id G4, but no audit event names it" in result.err


def test_a_revision_counter_set_behind_the_chain_is_found(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    path, _ = _grown(tmp_path / "s.db")
    tamper(path, "UPDATE meta SET value = '1' WHERE key = 'revision'")
    result = cli("audit", "verify", path)
    assert result.code == 1
    assert "revision counter (1) is behind its audit chain (revision 2)" in result.err


def test_a_rollback_that_fixes_every_witness_passes_without_an_anchor(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """What the chain alone cannot prove (the README says so): a careful rollback, or an older
    copy of the file put back, reads as intact. Anchors (tests/unit/signing) catch it."""
    path, seq = _grown(tmp_path / "s.db")
    roll_back(
        path,
        seq,
        also=[
            "UPDATE meta SET value = '1' WHERE key = 'revision'",
            "UPDATE id_marks SET high = 3 WHERE kind = 'element' AND prefix = 'G'",
        ],
    )
    assert cli("audit", "verify", path).code == 0


@pytest.mark.parametrize(
    "erase",
    [
        ["DELETE FROM audit", "DELETE FROM records"],
        ["DELETE FROM audit", "DELETE FROM records", "DELETE FROM meta", "DELETE FROM id_marks"],
    ],
    ids=["events-and-records", "everything"],
)
def test_an_erased_chain_is_broken_not_intact(
    tmp_path: Path, cli: Callable[..., CliResult], erase: list[str]
) -> None:
    path = case().goal("G1").store(tmp_path / "s.db")
    for sql in erase:
        tamper(path, sql)
    result = cli("audit", "verify", path)
    assert result.code == 1
    assert "intact" not in result.out
    assert "the audit chain is empty" in result.err


def test_a_recomputed_chain_is_found_by_a_sign_off_that_recorded_the_old_head(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    path, _ = _grown(tmp_path / "s.db")
    with Workspace.open(path, actor="alice") as ws:
        seq, digest = ws.store.audit_head()
        signoff = SignOff(
            id="SO-1",
            signer="Ann",
            role=SignerRole.author,
            meaning=Meaning.authored,
            signed_at=BUILT_AT,
            state_hash=ws.document.state_hash(),
            audit_head=AuditHead(seq=seq, hash=digest),
        )
        ws.apply(signoff_change_set(signoff))
    assert cli("audit", "verify", path).code == 0
    forge_chain(path, seq=2, actor="mallory")
    result = cli("audit", "verify", path)
    assert result.code == 1
    assert f"sign-off SO-1 recorded audit event {seq}" in result.err
    assert "the chain was rewritten" in result.err


def test_events_record_the_revision_they_wrote(tmp_path: Path) -> None:
    path, _ = _grown(tmp_path / "s.db")
    conn = sqlite3.connect(path)
    revisions = [r for (r,) in conn.execute("SELECT revision FROM audit ORDER BY seq")]
    (current,) = conn.execute("SELECT value FROM meta WHERE key = 'revision'").fetchone()
    conn.close()
    assert revisions[0] == 0 and revisions[-1] == int(current) == 2
    assert revisions == sorted(revisions)
