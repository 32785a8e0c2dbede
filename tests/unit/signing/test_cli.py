"""The identity, packet, sign and verify commands on real stores, as a user runs them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from workbench.app.workspace import Workspace
from workbench.cli.main import main
from workbench.domain import STATE_HASH_FORMAT, Meaning, SignerRole
from workbench.signing import load_identity, read_manifest

PASSPHRASE = "correct horse battery staple"


@pytest.fixture(autouse=True)
def passphrase_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", PASSPHRASE)
    monkeypatch.delenv("WORKBENCH_CA_PASSPHRASE", raising=False)


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def last_word(text: str) -> str:
    return text.strip().splitlines()[-1].split()[-1]


def test_identity_commands_make_a_ca_a_signer_and_export_its_certificate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "identity", "ca", tmp_path / "ca.p12", "--name", "Example Lab")
    assert code == 0
    ca_fingerprint = last_word(out)
    code, out, _ = run(
        capsys,
        "identity",
        "create",
        tmp_path / "rsos.p12",
        "--name",
        "Ибрагим Алиев",
        "--role",
        "approver",
        "--ca",
        tmp_path / "ca.p12",
    )
    assert code == 0
    signer = load_identity(tmp_path / "rsos.p12", PASSPHRASE)
    assert signer.fingerprint == last_word(out)
    assert signer.role == SignerRole.approver
    assert (
        signer.chain[0].subject
        == load_identity(tmp_path / "ca.p12", PASSPHRASE).certificate.subject
    )
    code, out, _ = run(capsys, "identity", "export-cert", tmp_path / "ca.p12", tmp_path / "ca.pem")
    assert code == 0 and last_word(out) == ca_fingerprint
    assert (tmp_path / "ca.pem").read_text().startswith("-----BEGIN CERTIFICATE-----")


def test_passphrase_file_is_read_and_never_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WORKBENCH_PASSPHRASE")
    secret = tmp_path / "secret.txt"
    secret.write_text("from a file\n")
    code, out, err = run(
        capsys,
        "identity",
        "create",
        tmp_path / "a.p12",
        "--name",
        "Ann",
        "--role",
        "author",
        "--passphrase-file",
        secret,
    )
    assert code == 0
    assert "from a file" not in out + err
    assert load_identity(tmp_path / "a.p12", "from a file").name == "Ann"


def test_missing_passphrase_without_a_terminal_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WORKBENCH_PASSPHRASE")
    code, _, err = run(
        capsys, "identity", "create", tmp_path / "a.p12", "--name", "Ann", "--role", "author"
    )
    assert code == 2
    assert err.count("\n") == 1 and "--passphrase-file" in err
    assert not (tmp_path / "a.p12").exists()


def test_wrong_passphrase_is_exit_2_with_one_line(
    ids: Any,
    clean_store: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", "wrong")
    code, _, err = run(
        capsys,
        "packet",
        clean_store,
        tmp_path / "p.pdf",
        "--sign",
        ids.p12("author"),
        "--meaning",
        "authored",
    )
    assert code == 2
    assert err.count("\n") == 1 and "wrong passphrase" in err
    assert not (tmp_path / "p.pdf").exists()


def test_packet_signed_then_countersigned_verifies_against_the_store(
    ids: Any, clean_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packet = tmp_path / "packet.pdf"
    code, out, _ = run(
        capsys, "packet", clean_store, packet, "--sign", ids.p12("author"), "--meaning", "authored"
    )
    assert code == 0
    claims = read_manifest(packet.read_bytes())
    assert claims is not None and last_word(out) == claims.packet_id
    code, _, _ = run(
        capsys,
        "sign",
        packet,
        "--identity",
        ids.p12("reviewer"),
        "--meaning",
        "reviewed",
        "--store",
        clean_store,
    )
    assert code == 0
    code, _, _ = run(
        capsys,
        "sign",
        packet,
        "--identity",
        ids.p12("approver"),
        "--meaning",
        "approved",
        "--store",
        clean_store,
    )
    assert code == 0
    code, out, _ = run(
        capsys,
        "verify",
        packet,
        "--trust",
        ids.pem("ca"),
        "--store",
        clean_store,
        "--format",
        "json",
    )
    assert code == 0
    data = json.loads(out)
    assert data["valid"] is True
    assert [s["meaning"] for s in data["signatures"]] == ["authored", "reviewed", "approved"]
    assert data["manifest"]["matches_store"] is True
    assert data["manifest"]["evidence"] == 2


def test_each_signature_is_recorded_as_a_signoff_of_the_signed_state(
    ids: Any, clean_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packet = tmp_path / "packet.pdf"
    run(capsys, "packet", clean_store, packet, "--sign", ids.p12("author"), "--meaning", "authored")
    code, out, _ = run(
        capsys,
        "sign",
        packet,
        "--identity",
        ids.p12("reviewer"),
        "--meaning",
        "reviewed",
        "--store",
        clean_store,
    )
    assert code == 0 and last_word(out) == "Sig-reviewer-reviewed"
    with Workspace.open(clean_store) as ws:
        signoffs = ws.document.signoffs
        state = ws.document.state_hash()
    assert [(s.id, s.signer, s.meaning) for s in signoffs] == [
        ("SO-1", "Zoë Ångström", Meaning.authored),
        ("SO-2", "李雷", Meaning.reviewed),
    ]
    assert all(s.state_hash == state for s in signoffs)
    assert all(s.state_hash_format == STATE_HASH_FORMAT for s in signoffs)
    assert signoffs[1].certificate_sha256 == ids.reviewer.fingerprint


def test_approval_is_refused_while_the_checks_report_blockers(
    ids: Any, blocked_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packet = tmp_path / "packet.pdf"
    code, _, err = run(
        capsys,
        "packet",
        blocked_store,
        packet,
        "--sign",
        ids.p12("approver"),
        "--meaning",
        "approved",
    )
    assert code == 1
    assert "approval refused: 1 blocking finding" in err
    assert "COV-MISSING" in err
    assert not packet.exists()
    with Workspace.open(blocked_store) as ws:
        assert ws.document.signoffs == []


def test_countersigning_approval_is_refused_from_the_manifest_without_a_store(
    ids: Any, blocked_packet: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packet = tmp_path / "packet.pdf"
    packet.write_bytes(blocked_packet)
    code, _, err = run(
        capsys, "sign", packet, "--identity", ids.p12("approver"), "--meaning", "approved"
    )
    assert code == 1
    assert "COV-MISSING" in err
    assert packet.read_bytes() == blocked_packet


def test_meaning_that_does_not_fit_the_role_is_refused(
    ids: Any, clean_packet: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packet = tmp_path / "packet.pdf"
    packet.write_bytes(clean_packet)
    code, _, err = run(
        capsys, "sign", packet, "--identity", ids.p12("reviewer"), "--meaning", "approved"
    )
    assert code == 2
    assert "may only sign with meaning 'reviewed'" in err
    assert packet.read_bytes() == clean_packet


def test_verify_reports_a_packet_the_store_has_moved_past(
    ids: Any, clean_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packet = tmp_path / "packet.pdf"
    run(capsys, "packet", clean_store, packet, "--sign", ids.p12("author"), "--meaning", "authored")
    code, _, _ = run(capsys, "model", "set", clean_store, "--effective-compute-ratio", "3.5")
    assert code == 0
    code, out, _ = run(
        capsys,
        "verify",
        packet,
        "--trust",
        ids.pem("ca"),
        "--store",
        clean_store,
        "--format",
        "json",
    )
    assert code == 1
    data = json.loads(out)
    assert data["manifest"]["matches_store"] is False
    assert data["signatures"][0]["intact"] is True


def test_verify_text_names_each_signer_and_exits_1_on_damage(
    ids: Any, clean_packet: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packet = tmp_path / "packet.pdf"
    packet.write_bytes(clean_packet)
    assert (
        run(capsys, "sign", packet, "--identity", ids.p12("author"), "--meaning", "authored")[0]
        == 0
    )
    code, out, _ = run(capsys, "verify", packet, "--trust", ids.pem("ca"))
    assert code == 0
    assert "Zoë Ångström (author) authored" in out and "intact, trusted" in out
    damaged = bytearray(packet.read_bytes())
    damaged[3000] ^= 0x01
    packet.write_bytes(bytes(damaged))
    code, out, _ = run(capsys, "verify", packet, "--trust", ids.pem("ca"))
    assert code == 1
    assert "NOT INTACT" in out and out.strip().endswith("NOT valid")


@pytest.mark.requires_tool("pdftotext")
def test_public_packet_from_the_cli_names_no_people(
    clean_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packet = tmp_path / "public.pdf"
    code, _, _ = run(capsys, "packet", clean_store, packet, "--public")
    assert code == 0
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(packet), "-"], capture_output=True, check=True
    ).stdout.decode()
    assert "PUBLIC SUMMARY" in text
    assert "Zoë Ångström" not in text
    assert "capability.md" not in text
    claims = read_manifest(packet.read_bytes())
    assert claims is not None and claims.public


def test_verify_of_a_file_that_is_not_a_pdf_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bogus = tmp_path / "notes.pdf"
    bogus.write_text("hello")
    code, _, err = run(capsys, "verify", bogus)
    assert code == 2
    assert err == f"workbench: error: {bogus} is not a PDF file\n"


def test_signing_a_filled_field_again_is_refused_in_one_line(
    ids: Any, clean_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packet = tmp_path / "packet.pdf"
    run(capsys, "packet", clean_store, packet, "--sign", ids.p12("author"), "--meaning", "authored")
    before = packet.read_bytes()
    code, _, err = run(
        capsys, "sign", packet, "--identity", ids.p12("author"), "--meaning", "authored"
    )
    assert code == 2
    assert err.count("\n") == 1
    assert "the author's signature field Sig-author-authored is already signed" in err
    assert packet.read_bytes() == before


def test_verify_names_each_field_and_each_revision_and_fails_a_later_page(
    ids: Any, clean_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.writer import PageObject

    packet = tmp_path / "packet.pdf"
    run(capsys, "packet", clean_store, packet, "--sign", ids.p12("author"), "--meaning", "authored")
    run(capsys, "sign", packet, "--identity", ids.p12("reviewer"), "--meaning", "reviewed")
    code, out, _ = run(capsys, "verify", packet, "--trust", ids.pem("ca"))
    assert code == 0
    lines = out.splitlines()
    assert "in field Sig-author-authored (certifies the packet): intact, trusted" in lines[0]
    assert "in field Sig-reviewer-reviewed: intact, trusted" in lines[1]
    assert lines[2] == "revision 1 (packet): the packet as written"
    assert lines[5].startswith("revision 4 (signature): signature Sig-reviewer-reviewed filled")
    writer = IncrementalPdfFileWriter(open(packet, "rb"))  # noqa: SIM115 - pyHanko reads lazily
    contents = writer.add_object(generic.StreamObject(stream_data=b"BT ET"))
    writer.insert_page(PageObject(contents=contents, media_box=(0, 0, 595, 842)))
    tampered = tmp_path / "tampered.pdf"
    with tampered.open("wb") as f:
        writer.write(f)
    code, out, _ = run(capsys, "verify", tampered, "--trust", ids.pem("ca"))
    assert code == 1
    assert "revision 5 (other — NOT ALLOWED after signing): 1 page added" in out
    assert "  - revision 5 is not a signature: 1 page added" in out
    assert out.splitlines()[-1] == "NOT valid"


def test_a_damaged_packet_is_not_a_readable_pdf_exit_1(
    ids: Any, clean_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packet = tmp_path / "packet.pdf"
    run(capsys, "packet", clean_store, packet, "--sign", ids.p12("author"), "--meaning", "authored")
    packet.write_bytes(packet.read_bytes()[:-3000])
    code, out, err = run(capsys, "verify", packet, "--trust", ids.pem("ca"))
    assert code == 1 and err == ""
    assert f"  - {packet} is not a readable PDF (" in out


def test_pdfsig_with_the_ca_in_an_nss_database_reports_both_valid_and_trusted(
    ids: Any,
    clean_store: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    require_tool: Any,
) -> None:
    """What the README tells a board member to run: certutil -N/-A, then pdfsig -nssdir."""
    require_tool("pdfsig")
    require_tool("certutil")
    packet = tmp_path / "packet.pdf"
    run(capsys, "packet", clean_store, packet, "--sign", ids.p12("author"), "--meaning", "authored")
    run(capsys, "sign", packet, "--identity", ids.p12("reviewer"), "--meaning", "reviewed")
    nss = tmp_path / "nss"
    nss.mkdir()
    subprocess.run(["certutil", "-N", "-d", f"sql:{nss}", "--empty-password"], check=True)
    ca = str(ids.pem("ca"))
    add = ["certutil", "-A", "-d", f"sql:{nss}", "-n", "Example Lab", "-t", "CT,C,C", "-a"]
    subprocess.run([*add, "-i", ca], check=True)
    text = subprocess.run(
        ["pdfsig", "-nssdir", f"sql:{nss}", str(packet)], capture_output=True, text=True
    ).stdout
    assert text.count("Signature Validation: Signature is Valid.") == 2
    assert text.count("Certificate Validation: Certificate is Trusted.") == 2
    assert "Signature Field Name: Sig-approver-approved" in text  # still there, not signed
    assert "The signature form field is not signed." in text


def test_five_flipped_bytes_are_a_failed_verification_not_a_crash(
    ids: Any, clean_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import random

    packet = tmp_path / "packet.pdf"
    run(capsys, "packet", clean_store, packet, "--sign", ids.p12("author"), "--meaning", "authored")
    original = packet.read_bytes()
    for seed in range(3):
        damaged = bytearray(original)
        for offset in random.Random(seed).sample(range(len(original)), 5):
            damaged[offset] ^= 0xFF
        packet.write_bytes(bytes(damaged))
        code, out, err = run(capsys, "verify", packet, "--trust", ids.pem("ca"))
        assert (code, err) == (1, "")
        assert out.splitlines()[-1] == "NOT valid"
