"""Audit anchors: packets, sign-offs and seals record the store's audit head, and a chain cut
back, put back from an older copy or recomputed no longer holds it (``audit verify --anchor``,
``verify --store``); ``verify --store`` re-hashes the evidence bytes a packet names."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.builders import case
from tests.conftest import CliResult
from tests.tampering import forge_chain, tamper
from tests.unit.signing.conftest import PASSPHRASE, Identities
from workbench.app.workspace import Workspace
from workbench.signing import read_manifest

Cli = Callable[..., CliResult]


@pytest.fixture(autouse=True)
def passphrase_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", PASSPHRASE)


def head(path: Path) -> tuple[int, str]:
    with Workspace.open(path) as ws:
        return ws.store.audit_head()


def packet(cli: Cli, ids: Identities, store: Path, out: Path) -> Path:
    result = cli("packet", store, out, "--sign", ids.p12("author"), "--meaning", "authored")
    assert result.code == 0, result.err
    return out


def seal(cli: Cli, ids: Identities, store: Path, out: Path, who: str = "author") -> Path:
    result = cli("audit", "seal", store, out, "--identity", ids.p12(who))
    assert result.code == 0, result.err
    return out


def verify_anchor(cli: Cli, ids: Identities, store: Path, *anchors: Path) -> CliResult:
    flags = [x for a in anchors for x in ("--anchor", a)]
    return cli("audit", "verify", store, *flags, "--trust", ids.pem("ca"))


# ------------------------------------------------------------------------ heads recorded
def test_a_packet_and_its_sign_off_record_the_store_audit_head(
    ids: Identities, clean_store: Path, tmp_path: Path, cli: Cli
) -> None:
    seq, digest = head(clean_store)
    pdf = packet(cli, ids, clean_store, tmp_path / "p.pdf")
    claims = read_manifest(pdf.read_bytes())
    assert claims is not None and claims.audit is not None
    assert (claims.audit.seq, claims.audit.hash) == (seq, digest)
    with Workspace.open(clean_store) as ws:
        (signoff,) = ws.document.signoffs
        assert signoff.audit_head is not None
        assert (signoff.audit_head.seq, signoff.audit_head.hash) == (seq, digest)
        assert ws.store.audit_head()[0] == seq + 1  # the sign-off's own event
    assert cli("audit", "verify", clean_store).code == 0


# ----------------------------------------------------------------------------------- seals
def test_a_seal_round_trip_holds_and_names_its_signer(
    ids: Identities, clean_store: Path, tmp_path: Path, cli: Cli
) -> None:
    seq, digest = head(clean_store)
    sealed = seal(cli, ids, clean_store, tmp_path / "s.seal")
    statement = json.loads(sealed.read_text())["statement"]
    assert statement["audit"] == {"seq": seq, "hash": digest}
    cli("model", "set", clean_store, "--effective-compute-ratio", "2.5")  # the store moves on
    result = verify_anchor(cli, ids, clean_store, sealed)
    assert result.code == 0, result.err
    assert f"holds the head of seal {sealed}: event {seq}" in result.out
    assert ids.author.name in result.out


def test_a_seal_whose_statement_was_changed_is_refused(
    ids: Identities, clean_store: Path, tmp_path: Path, cli: Cli
) -> None:
    sealed = seal(cli, ids, clean_store, tmp_path / "s.seal")
    document = json.loads(sealed.read_text())
    document["statement"]["audit"]["seq"] -= 1
    document["statement"]["audit"]["hash"] = head(clean_store)[1]
    sealed.write_text(json.dumps(document))
    result = verify_anchor(cli, ids, clean_store, sealed)
    assert result.code == 1
    assert "the signature does not match the statement" in result.err


def test_a_seal_with_a_damaged_signature_is_refused(
    ids: Identities, clean_store: Path, tmp_path: Path, cli: Cli
) -> None:
    sealed = seal(cli, ids, clean_store, tmp_path / "s.seal")
    document = json.loads(sealed.read_text())
    document["signature"] = document["signature"][:40]
    sealed.write_text(json.dumps(document))
    result = verify_anchor(cli, ids, clean_store, sealed)
    assert result.code == 1
    assert "the seal's signature cannot be read" in result.err


def test_a_seal_counts_only_with_a_trust_root_it_chains_to(
    ids: Identities, clean_store: Path, tmp_path: Path, cli: Cli
) -> None:
    sealed = seal(cli, ids, clean_store, tmp_path / "s.seal", who="self_signed")
    result = verify_anchor(cli, ids, clean_store, sealed)
    assert result.code == 1
    assert "does not chain to a given trust root" in result.err
    result = cli("audit", "verify", clean_store, "--anchor", sealed)
    assert result.code == 1
    assert "no trust root was given (--trust CA.pem)" in result.err
    result = cli(
        "audit", "verify", clean_store, "--anchor", sealed, "--trust", ids.pem("self_signed")
    )
    assert result.code == 0, result.err


def test_a_file_that_is_no_anchor_is_a_one_line_error(
    ids: Identities, clean_store: Path, tmp_path: Path, cli: Cli
) -> None:
    junk = tmp_path / "junk.seal"
    junk.write_text("not json")
    result = verify_anchor(cli, ids, clean_store, junk)
    assert result.code == 2
    assert result.err.count("\n") == 1 and "neither a packet (PDF) nor a seal" in result.err


def test_a_ca_may_not_seal_and_a_broken_chain_is_not_sealed(
    ids: Identities, clean_store: Path, tmp_path: Path, cli: Cli
) -> None:
    out = tmp_path / "s.seal"
    result = cli("audit", "seal", clean_store, out, "--identity", ids.p12("ca"))
    assert result.code == 2 and "is a CA identity" in result.err
    tamper(clean_store, "UPDATE audit SET actor = 'mallory' WHERE seq = 2")
    result = cli("audit", "seal", clean_store, out, "--identity", ids.p12("author"))
    assert result.code == 2 and "its audit chain is broken" in result.err
    assert not out.exists()


def test_a_seal_never_replaces_an_existing_file(
    ids: Identities, clean_store: Path, tmp_path: Path, cli: Cli
) -> None:
    before = clean_store.read_bytes()
    result = cli("audit", "seal", clean_store, clean_store, "--identity", ids.p12("author"))
    assert result.code == 2 and "already exists" in result.err
    assert clean_store.read_bytes() == before


def test_an_older_copy_of_the_store_put_back_fails_against_a_later_seal(
    ids: Identities, clean_store: Path, tmp_path: Path, cli: Cli
) -> None:
    older = tmp_path / "older.db"
    shutil.copyfile(clean_store, older)
    cli("model", "set", clean_store, "--effective-compute-ratio", "2.5")
    sealed = seal(cli, ids, clean_store, tmp_path / "s.seal")
    shutil.copyfile(older, clean_store)
    assert cli("audit", "verify", clean_store).code == 0  # the chain alone cannot tell
    result = verify_anchor(cli, ids, clean_store, sealed)
    assert result.code == 1
    assert "later events were removed (the store was rolled back)" in result.err


def test_a_recomputed_chain_fails_against_a_seal(
    ids: Identities, clean_store: Path, tmp_path: Path, cli: Cli
) -> None:
    seq, _ = head(clean_store)
    sealed = seal(cli, ids, clean_store, tmp_path / "s.seal")
    forge_chain(clean_store, seq=3, actor="mallory")
    assert cli("audit", "verify", clean_store).code == 0  # the chain alone cannot tell
    result = verify_anchor(cli, ids, clean_store, sealed)
    assert result.code == 1
    assert f"the store's audit event {seq} is not the one the seal recorded" in result.err


def test_a_chain_recomputed_from_its_first_event_is_named_so_against_a_seal(
    ids: Identities, clean_store: Path, tmp_path: Path, cli: Cli
) -> None:
    sealed = seal(cli, ids, clean_store, tmp_path / "s.seal")
    forge_chain(clean_store, seq=1, actor="mallory")
    result = verify_anchor(cli, ids, clean_store, sealed)
    assert result.code == 1
    assert "another store, or its chain was rewritten from the start" in result.err


def test_a_seal_of_another_store_is_named_so(
    ids: Identities, clean_store: Path, tmp_path: Path, cli: Cli
) -> None:
    other = case().goal("G1").store(tmp_path / "other.db")
    sealed = seal(cli, ids, other, tmp_path / "s.seal")
    result = verify_anchor(cli, ids, clean_store, sealed)
    assert result.code == 1
    assert "another store, or its chain was rewritten" in result.err


# --------------------------------------------------------------------------------- packets
def _signoffs_rolled_back(path: Path, seq: int) -> None:
    """Remove the sign-offs and every event after ``seq`` (the state hash leaves sign-offs
    out, so the packet's state still matches), with head, revision and marks set back."""
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM audit WHERE seq > ?", [seq])
    conn.execute("DELETE FROM records WHERE kind = 'signoff'")
    conn.execute("DELETE FROM id_marks WHERE kind = 'signoff'")
    digest, revision = conn.execute(
        "SELECT hash, revision FROM audit WHERE seq = ?", [seq]
    ).fetchone()
    conn.execute("UPDATE meta SET value = ? WHERE key = 'audit_head'", [f"{seq}:{digest}"])
    conn.execute("UPDATE meta SET value = ? WHERE key = 'revision'", [str(revision)])
    conn.commit()
    conn.close()


def test_a_chain_cut_below_a_packet_head_fails_audit_verify_and_verify_store(
    ids: Identities, clean_store: Path, tmp_path: Path, cli: Cli
) -> None:
    seq, _ = head(clean_store)
    packet(cli, ids, clean_store, tmp_path / "first.pdf")
    second = packet(cli, ids, clean_store, tmp_path / "second.pdf")  # head: seq + 1
    _signoffs_rolled_back(clean_store, seq)
    assert cli("audit", "verify", clean_store).code == 0  # the chain alone cannot tell
    result = verify_anchor(cli, ids, clean_store, second)
    assert result.code == 1
    assert (
        f"the packet recorded audit event {seq + 1} but the store's chain ends at event {seq}"
        in result.err
    )
    result = cli("verify", second, "--trust", ids.pem("ca"), "--store", clean_store)
    assert result.code == 1
    assert f"the store's chain ends at event {seq}" in result.out
    assert "NOT valid" in result.out


def test_verify_store_fails_on_a_recomputed_chain(
    ids: Identities, clean_store: Path, tmp_path: Path, cli: Cli
) -> None:
    # Signed without the store: no sign-off records the head, only the packet does.
    pdf = tmp_path / "p.pdf"
    assert cli("packet", clean_store, pdf).code == 0
    assert cli("sign", pdf, "--identity", ids.p12("author"), "--meaning", "authored").code == 0
    ok = cli("verify", pdf, "--trust", ids.pem("ca"), "--store", clean_store)
    assert ok.code == 0, ok.out
    forge_chain(clean_store, seq=2, actor="mallory")
    assert cli("audit", "verify", clean_store).code == 0  # the chain alone cannot tell
    result = cli("verify", pdf, "--trust", ids.pem("ca"), "--store", clean_store)
    assert result.code == 1
    assert "is not the one the packet recorded" in result.out


def test_verify_store_rehashes_evidence_bytes_changed_in_place(
    ids: Identities, clean_store: Path, tmp_path: Path, cli: Cli
) -> None:
    pdf = packet(cli, ids, clean_store, tmp_path / "p.pdf")
    # Same length, other bytes: the size recorded at import still agrees.
    tamper(
        clean_store,
        "UPDATE chunks SET data = CAST(upper(CAST(data AS TEXT)) AS BLOB) WHERE blob_id = "
        "(SELECT min(id) FROM blobs)",
    )
    result = cli("verify", pdf, "--trust", ids.pem("ca"), "--store", clean_store)
    assert result.code == 1
    assert "no longer hash to the SHA-256 recorded for them (changed in place)" in result.out


def test_an_unsigned_packet_is_no_anchor(
    ids: Identities, clean_store: Path, tmp_path: Path, cli: Cli
) -> None:
    pdf = tmp_path / "p.pdf"
    assert cli("packet", clean_store, pdf).code == 0
    result = verify_anchor(cli, ids, clean_store, pdf)
    assert result.code == 1
    assert f"{pdf} does not count: the packet carries no signature" in result.err
    assert f"the chain holds its event {head(clean_store)[0]}, but only an anchor" in result.err
