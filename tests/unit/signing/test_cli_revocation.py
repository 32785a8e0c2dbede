"""Revocation, refused identities and long-term validation from the command line:
``identity revoke``/``crl``, ``--crl``, ``--trust`` and ``--tsa`` on packet, sign and verify."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import socket
import time
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509

from workbench.app.workspace import Workspace
from workbench.cli.main import main
from workbench.domain import SignerRole
from workbench.signing import create_identity, export_certificate

PASSPHRASE = "correct horse battery staple"


@pytest.fixture(autouse=True)
def passphrase_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", PASSPHRASE)
    monkeypatch.delenv("WORKBENCH_CA_PASSPHRASE", raising=False)


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def ca_file(ids: Any, tmp_path: Path) -> Path:
    """A copy of the test CA (its revocation record is written beside it, not beside the
    session's identities)."""
    copy = tmp_path / "ca" / "ca.p12"
    copy.parent.mkdir()
    shutil.copy(ids.p12("ca"), copy)
    return copy


def signed_and_countersigned(
    capsys: pytest.CaptureFixture[str], ids: Any, store: Path, packet: Path, *extra: object
) -> None:
    code, _, err = run(
        capsys,
        "packet",
        store,
        packet,
        "--sign",
        ids.p12("author"),
        "--meaning",
        "authored",
        *extra,
    )
    assert code == 0, err
    code, _, err = run(
        capsys,
        "sign",
        packet,
        "--identity",
        ids.p12("reviewer"),
        "--meaning",
        "reviewed",
        "--store",
        store,
        *extra,
    )
    assert code == 0, err
    # A revocation is recorded to the whole second (CRL times have no fractions), so one in
    # the same second as a signature would read as not later than it: start the next second.
    time.sleep(1.01 - time.time() % 1)


def verify_json(capsys: pytest.CaptureFixture[str], packet: Path, *extra: object) -> Any:
    code, out, err = run(capsys, "verify", packet, "--format", "json", *extra)
    return code, json.loads(out), err


def test_revoking_the_reviewer_makes_that_signature_untrusted_and_keeps_the_authors(
    ids: Any,
    ca_file: Path,
    clean_store: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    packet = tmp_path / "packet.pdf"
    signed_and_countersigned(capsys, ids, clean_store, packet)
    code, out, err = run(
        capsys,
        "identity",
        "revoke",
        ca_file,
        ids.pem("reviewer"),
        "--reason",
        "affiliation-changed",
    )
    assert code == 0, err
    assert out.strip().splitlines()[-1].split()[-1] == f"{ids.reviewer.certificate.serial_number:x}"
    assert (ca_file.parent / "ca.revocations.crl").exists()
    crl = tmp_path / "org.crl"
    code, out, err = run(capsys, "identity", "crl", ca_file, crl)
    assert code == 0, err
    assert "listing 1 revoked certificate " in out

    code, before, _ = verify_json(capsys, packet, "--trust", ids.pem("ca"))
    assert code == 0 and before["valid"]
    code, report, _ = verify_json(capsys, packet, "--trust", ids.pem("ca"), "--crl", crl)
    assert code == 1 and not report["valid"]
    author, reviewer = report["signatures"]
    assert author["trusted"] and author["revoked"] is None and author["revocation_checked"]
    assert not reviewer["trusted"]
    assert reviewer["revoked"]["reason"] == "affiliation changed"
    assert reviewer["pades_level"] == author["pades_level"] == "B-B"
    code, text, _ = run(capsys, "verify", packet, "--trust", ids.pem("ca"), "--crl", crl)
    assert code == 1
    assert "李雷 was revoked on" in text and "no trusted timestamp proves it" in text


def test_an_identity_file_can_be_revoked_with_its_passphrase_and_only_once(
    ids: Any, ca_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "identity", "revoke", ca_file, ids.p12("approver"))
    assert code == 0, err
    code, _, err = run(capsys, "identity", "revoke", ca_file, ids.pem("approver"))
    assert code == 2 and err.count("\n") == 1 and "already revoked" in err
    code, _, err = run(capsys, "identity", "revoke", ca_file, ids.pem("self_signed"))
    assert code == 2 and "was not issued by Example Lab" in err
    code, _, err = run(capsys, "identity", "revoke", ca_file, ids.pem("author"), "--reason", "x")
    assert code == 2 and "unknown revocation reason 'x'" in err


def test_a_revoked_signer_holding_the_crl_cannot_sign(
    ids: Any,
    ca_file: Path,
    clean_store: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    run(capsys, "identity", "revoke", ca_file, ids.pem("author"), "--reason", "key-compromise")
    crl = tmp_path / "org.crl"
    run(capsys, "identity", "crl", ca_file, crl)
    packet = tmp_path / "p.pdf"
    code, _, err = run(
        capsys,
        "packet",
        clean_store,
        packet,
        "--sign",
        ids.p12("author"),
        "--meaning",
        "authored",
        "--crl",
        crl,
    )
    assert code == 2 and err.count("\n") == 1
    assert "was revoked on" in err and "(key compromise); it cannot sign" in err
    assert not packet.exists()
    with Workspace.open(clean_store) as ws:
        assert ws.document.signoffs == []


@pytest.mark.parametrize("case", ["expired", "other CA", "self-signed"])
def test_signing_with_a_bad_identity_is_refused_with_the_reason(
    case: str,
    ids: Any,
    other_ca: Any,
    clean_store: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    identity = tmp_path / "bad.p12"
    if case == "expired":
        then = dt.datetime.now(dt.UTC) - dt.timedelta(days=900)
        create_identity(identity, "Old", SignerRole.author, PASSPHRASE, ca=ids.ca, now=then)
        expected = "Old expired on"
    elif case == "other CA":
        create_identity(identity, "Outsider", SignerRole.author, PASSPHRASE, ca=other_ca)
        expected = "issued by Other Lab signing CA, which is not a trusted CA"
    else:
        create_identity(identity, "Solo", SignerRole.author, PASSPHRASE)
        expected = "Solo is self-signed and is not one of the trust roots"
    packet = tmp_path / "p.pdf"
    code, _, err = run(
        capsys,
        "packet",
        clean_store,
        packet,
        "--sign",
        identity,
        "--meaning",
        "authored",
        "--trust",
        ids.pem("ca"),
    )
    assert code == 2 and err.count("\n") == 1 and expected in err, err
    assert not packet.exists()


def test_an_expired_signature_is_called_expired_by_verify(
    ids: Any, clean_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from workbench.app.packets import write_packet
    from workbench.domain import Meaning
    from workbench.report import signature_appearance
    from workbench.signing import sign_pdf

    from .conftest import SIGNER_USAGE, issue

    then = dt.datetime.now(dt.UTC) - dt.timedelta(days=400)
    expired = issue(
        ids.ca,
        "Old",
        SignerRole.author,
        not_before=then,
        not_after=then + dt.timedelta(days=30),
        usage=SIGNER_USAGE,
    )
    packet = tmp_path / "p.pdf"
    with Workspace.open(clean_store) as ws:
        write_packet(ws, packet)
    packet.write_bytes(
        sign_pdf(packet.read_bytes(), expired, Meaning.authored, appearance=signature_appearance)
    )
    code, out, _ = run(capsys, "verify", packet, "--trust", ids.pem("ca"))
    assert code == 1
    assert "the certificate of Old expired on" in out and "chain" not in out


def test_a_crl_no_trusted_ca_signed_is_refused_by_verify(
    ids: Any, other_ca: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from workbench.signing import revocation

    foreign = tmp_path / "foreign.crl"
    foreign.write_bytes(
        revocation.issue_crl(other_ca, None, now=dt.datetime.now(dt.UTC), source="o")[0]
    )
    packet = tmp_path / "p.pdf"
    packet.write_bytes(b"%PDF-1.4\n")
    code, _, err = run(capsys, "verify", packet, "--trust", ids.pem("ca"), "--crl", foreign)
    assert code == 2 and err.count("\n") == 1


# --------------------------------------------------------------------- timestamp authority
def test_a_tsa_on_localhost_makes_the_signatures_b_lt_and_b_lta(
    ids: Any,
    ca_file: Path,
    clean_store: Path,
    tmp_path: Path,
    http_tsa: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    crl = tmp_path / "org.crl"
    run(capsys, "identity", "crl", ca_file, crl)
    packet = tmp_path / "packet.pdf"
    code, _, err = run(
        capsys,
        "packet",
        clean_store,
        packet,
        "--sign",
        ids.p12("author"),
        "--meaning",
        "authored",
        "--crl",
        crl,
        "--tsa",
        http_tsa.url,
    )
    assert code == 0, err
    assert len(http_tsa.requests) >= 1
    code, report, _ = verify_json(capsys, packet, "--trust", ids.pem("ca"))
    assert code == 0 and [s["pades_level"] for s in report["signatures"]] == ["B-LT"]
    code, _, err = run(
        capsys,
        "sign",
        packet,
        "--identity",
        ids.p12("reviewer"),
        "--meaning",
        "reviewed",
        "--crl",
        crl,
        "--tsa",
        http_tsa.url,
        "--archive-timestamp",
    )
    assert code == 0, err
    code, report, _ = verify_json(capsys, packet, "--trust", ids.pem("ca"))
    assert code == 0, report
    assert [s["pades_level"] for s in report["signatures"]] == ["B-LTA", "B-LTA"]


def test_a_revocation_after_a_timestamped_signature_keeps_it_trusted(
    ids: Any,
    ca_file: Path,
    clean_store: Path,
    tmp_path: Path,
    http_tsa: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    packet = tmp_path / "packet.pdf"
    signed_and_countersigned(capsys, ids, clean_store, packet, "--tsa", http_tsa.url)
    run(capsys, "identity", "revoke", ca_file, ids.pem("reviewer"))
    crl = tmp_path / "org.crl"
    run(capsys, "identity", "crl", ca_file, crl)
    code, out, _ = run(capsys, "verify", packet, "--trust", ids.pem("ca"), "--crl", crl)
    assert code == 0, out
    assert "the signature was made while it was valid" in out


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_an_unreachable_tsa_is_one_line_and_nothing_is_written(
    ids: Any, clean_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packet = tmp_path / "p.pdf"
    code, _, err = run(
        capsys,
        "packet",
        clean_store,
        packet,
        "--sign",
        ids.p12("author"),
        "--meaning",
        "authored",
        "--tsa",
        f"http://127.0.0.1:{_closed_port()}/",
    )
    assert code == 2 and err.count("\n") == 1 and "timestamp authority" in err
    assert not packet.exists()
    with Workspace.open(clean_store) as ws:
        assert ws.document.signoffs == []
    code, _, err = run(
        capsys,
        "packet",
        clean_store,
        packet,
        "--sign",
        ids.p12("author"),
        "--meaning",
        "authored",
        "--archive-timestamp",
    )
    assert code == 2 and "--tsa URL" in err
    code, _, err = run(
        capsys,
        "packet",
        clean_store,
        packet,
        "--sign",
        ids.p12("author"),
        "--meaning",
        "authored",
        "--tsa",
        "ftp://example",
    )
    assert code == 2 and "not an http:// or https:// URL" in err


def test_export_cert_then_revoke_by_certificate_file(
    ids: Any, ca_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    identity = create_identity(
        tmp_path / "n.p12", "New Hire", SignerRole.author, PASSPHRASE, ca=ids.ca
    )
    export_certificate(identity, tmp_path / "n.pem")
    code, out, _ = run(capsys, "identity", "revoke", ca_file, tmp_path / "n.pem")
    assert code == 0 and "revoked the certificate of New Hire" in out


def test_a_crl_never_replaces_a_file_unless_asked(
    ca_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    crl = tmp_path / "org.crl"
    crl.write_bytes(b"last month's CRL")
    code, _, err = run(capsys, "identity", "crl", ca_file, crl)
    assert code == 2 and "already exists" in err and "--force" in err
    assert crl.read_bytes() == b"last month's CRL"
    code, _, err = run(capsys, "identity", "crl", ca_file, crl, "--force")
    assert code == 0, err
    assert x509.load_der_x509_crl(crl.read_bytes()).issuer
    code, _, err = run(capsys, "identity", "crl", ca_file, ca_file, "--force")
    assert code == 2 and "input" in err
