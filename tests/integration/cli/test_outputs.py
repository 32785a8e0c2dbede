"""Outputs never destroy: an existing file only with --force, never a store or the input,
written whole (a symlink replaced, not followed), a full disk one line with nothing left."""

from __future__ import annotations

import errno
import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CliResult
from workbench.app.demo import write_demo
from workbench.store import Store

Cli = Callable[..., CliResult]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_refused(result: CliResult, needle: str) -> None:
    assert result.code == 2, result
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("workbench: error: "), result.err
    assert needle in lines[0], lines[0]


def test_export_json_onto_its_own_store_is_refused(demo_store: Path, cli: Cli) -> None:
    before = digest(demo_store)
    assert_refused(cli("export", "json", demo_store, demo_store), "is the input")
    assert_refused(cli("export", "json", demo_store, demo_store, "--force"), "is the input")
    assert digest(demo_store) == before
    Store.check(demo_store)


def test_an_output_that_is_another_store_is_refused_even_with_force(
    demo_store: Path, tmp_path: Path, cli: Cli
) -> None:
    other = tmp_path / "other.db"
    shutil.copyfile(demo_store, other)
    before = digest(other)
    for args in (
        ("export", "json", demo_store, other, "--force"),
        ("export", "gsn2x", demo_store, other, "--force"),
        ("catalog", "export-oscal", "RSP-2.2", other, "--force"),
    ):
        assert_refused(cli(*args), "is a workbench store")
    assert digest(other) == before


@pytest.mark.parametrize(
    "args",
    [
        ("export", "json", "{store}", "{out}"),
        ("export", "gsn2x", "{store}", "{out}"),
        ("catalog", "export-oscal", "RSP-2.2", "{out}"),
        ("packet", "{store}", "{out}"),
        ("identity", "export-cert", "{tmp}/id.p12", "{out}"),
        (
            "sign",
            "{tmp}/p.pdf",
            "--identity",
            "{tmp}/id.p12",
            "--meaning",
            "reviewed",
            "--out",
            "{out}",
        ),
        ("gui", "{store}", "--screenshot", "{out}"),
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_an_existing_output_is_refused_without_force(
    args: tuple[str, ...],
    demo_store: Path,
    tmp_path: Path,
    cli: Cli,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", "not used")
    out = tmp_path / "existing.out"
    out.write_bytes(b"the user's file")
    argv = [a.format(store=demo_store, out=out, tmp=tmp_path) for a in args]
    result = cli(*argv)
    assert_refused(result, f"{out} already exists; give --force to replace it")
    assert out.read_bytes() == b"the user's file"


def test_import_oscal_out_refuses_an_existing_file_and_its_input(tmp_path: Path, cli: Cli) -> None:
    oscal = tmp_path / "rsp.oscal.json"
    assert cli("catalog", "export-oscal", "RSP-2.2", oscal).code == 0
    existing = tmp_path / "catalog.json"
    existing.write_text("mine")
    assert_refused(
        cli("catalog", "import-oscal", oscal, "--id", "X-1", "--out", existing), "already exists"
    )
    assert existing.read_text() == "mine"
    assert_refused(
        cli("catalog", "import-oscal", oscal, "--id", "X-1", "--out", oscal, "--force"),
        "is the input",
    )
    assert (
        cli("catalog", "import-oscal", oscal, "--id", "X-1", "--out", existing, "--force").code == 0
    )
    assert existing.read_text().startswith("{")


def test_force_replaces_the_output(demo_store: Path, tmp_path: Path, cli: Cli) -> None:
    out = tmp_path / "case.json"
    out.write_text("old")
    result = cli("export", "json", demo_store, out, "--force")
    assert result.code == 0, result.err
    assert out.read_text().startswith("{")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_symlinked_output_is_replaced_not_followed(
    demo_store: Path, tmp_path: Path, cli: Cli
) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    link = tmp_path / "case.json"
    link.symlink_to(precious)
    assert_refused(cli("export", "json", demo_store, link), "already exists")
    assert cli("export", "json", demo_store, link, "--force").code == 0
    assert precious.read_text() == "keep me"
    assert not link.is_symlink() and link.read_text().startswith("{")


def test_a_symlink_to_the_store_is_refused(demo_store: Path, tmp_path: Path, cli: Cli) -> None:
    link = tmp_path / "case.json"
    link.symlink_to(demo_store)
    before = digest(demo_store)
    assert_refused(cli("export", "json", demo_store, link, "--force"), "is the input")
    assert digest(demo_store) == before and link.is_symlink()


def test_identity_export_cert_with_force_replaces_only_with_force(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", "correct horse battery staple")
    assert cli("identity", "ca", tmp_path / "ca.p12", "--name", "Lab").code == 0
    pem = tmp_path / "ca.pem"
    pem.write_text("old")
    assert_refused(cli("identity", "export-cert", tmp_path / "ca.p12", pem), "already exists")
    assert_refused(
        cli("identity", "export-cert", tmp_path / "ca.p12", tmp_path / "ca.p12", "--force"),
        "is the input",
    )
    assert cli("identity", "export-cert", tmp_path / "ca.p12", pem, "--force").code == 0
    assert pem.read_text().startswith("-----BEGIN CERTIFICATE-----")


@pytest.mark.parametrize(
    ("number", "reason"),
    [(errno.ENOSPC, "the disk is full"), (errno.EROFS, "the file system is read-only")],
)
def test_a_full_or_read_only_disk_is_one_line_and_leaves_nothing(
    demo_store: Path,
    tmp_path: Path,
    cli: Cli,
    monkeypatch: pytest.MonkeyPatch,
    number: int,
    reason: str,
) -> None:
    def fail(*_args: object) -> None:
        raise OSError(number, "from the file system")

    monkeypatch.setattr("workbench.runtime.fileio.os.replace", fail)
    out = tmp_path / "out" / "case.json"
    out.parent.mkdir()
    result = cli("export", "json", demo_store, out)
    assert_refused(result, f"cannot write {out}: {reason}; nothing was written")
    assert list(out.parent.iterdir()) == []


def test_a_demo_that_fails_half_way_leaves_no_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []

    def import_then_fail(*args: Any, **kwargs: Any) -> None:
        calls.append(args)
        if len(calls) == 2:
            raise KeyboardInterrupt  # as a user stopping it
        real(*args, **kwargs)

    import workbench.app.demo as demo

    real = demo.import_evidence
    monkeypatch.setattr(demo, "import_evidence", import_then_fail)
    path = tmp_path / "demo.db"
    with pytest.raises(KeyboardInterrupt):
        write_demo(path)
    assert len(calls) == 2
    assert not path.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name != "user-data"] == []
