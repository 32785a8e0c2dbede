"""Identity files and passphrases as hostile input: iteration counts capped before any key
is derived, passphrases with NUL or control characters refused before a file is written."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import Any

import pytest

from benchmarks.reliability_hostile import with_iterations
from workbench.domain import InputError
from workbench.signing import create_ca, load_certificates, load_identity
from workbench.signing.verify import parse_claims

from .conftest import PASSPHRASE


@pytest.mark.parametrize("counts", [{"mac": 2**31 - 1}, {"kdf": 2**31 - 1}])
def test_an_identity_asking_for_2_to_the_31_iterations_is_refused_at_once(
    ids: Any, tmp_path: Path, counts: dict[str, int]
) -> None:
    path = tmp_path / "slow.p12"
    path.write_bytes(with_iterations(ids.p12("author"), **counts))
    start = time.monotonic()
    with pytest.raises(InputError, match="asks for 2,147,483,647 key-derivation iterations"):
        load_identity(path, PASSPHRASE)
    assert time.monotonic() - start < 5


def test_the_iteration_cap_is_set_by_environment_variable(
    ids: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKBENCH_MAX_PKCS12_ITERATIONS", "1000")
    with pytest.raises(InputError, match="WORKBENCH_MAX_PKCS12_ITERATIONS"):
        load_identity(ids.p12("author"), PASSPHRASE)


def test_our_own_identity_files_stay_under_the_cap(ids: Any) -> None:
    assert load_identity(ids.p12("author"), PASSPHRASE).name == "Zoë Ångström"


@pytest.mark.parametrize(
    ("passphrase", "named"),
    [
        ("pass\0word", "a NUL byte"),
        ("pass\x1b[31mword", "U+001B"),
        ("pass\x7fword", "U+007F"),
        ("tab\there", "U+0009"),
        ("pw\udcff", "not UTF-8 text"),
    ],
)
def test_a_passphrase_with_nul_or_control_characters_writes_no_identity(
    tmp_path: Path, passphrase: str, named: str
) -> None:
    path = tmp_path / "ca.p12"
    with pytest.raises(InputError, match="the passphrase holds .*" + re.escape(named)):
        create_ca(path, "Org", passphrase)
    assert not path.exists()


def test_a_passphrase_with_a_nul_byte_opening_an_identity_is_one_line(ids: Any) -> None:
    with pytest.raises(InputError, match="NUL byte"):
        load_identity(ids.p12("author"), "correct\0horse")


def test_a_very_long_passphrase_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="longer than 1024 characters"):
        create_ca(tmp_path / "ca.p12", "Org", "p" * 5000)


def test_an_identity_file_that_is_a_pipe_or_device_or_huge_is_refused(tmp_path: Path) -> None:
    pipe = tmp_path / "id.p12"
    os.mkfifo(pipe)
    with pytest.raises(InputError, match="named pipe"):
        load_identity(pipe, PASSPHRASE)
    with pytest.raises(InputError, match="device"):
        load_identity(Path("/dev/zero"), PASSPHRASE)
    big = tmp_path / "big.p12"
    with big.open("wb") as f:
        f.truncate(1024**3)
    with pytest.raises(InputError, match="1 MiB limit for an identity file"):
        load_identity(big, PASSPHRASE)


def test_a_trust_file_that_is_a_device_is_refused() -> None:
    with pytest.raises(InputError, match="/dev/zero is a device"):
        load_certificates([Path("/dev/zero")])


def test_a_packet_manifest_nested_100000_deep_is_one_line() -> None:
    with pytest.raises(InputError, match=r"manifest.* nested deeper than 100 levels"):
        parse_claims(b"[" * 100_000 + b"]" * 100_000)
