"""gsn2x fidelity over a corpus of our own files: each rule's verdict, and lossless round trips."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from workbench.app.interop import export_gsn2x, export_gsn2x_files, import_gsn2x
from workbench.app.workspace import Workspace
from workbench.cli.main import main
from workbench.domain import InputError
from workbench.interop.gsn2x import parse_gsn2x_files

DATA = Path(__file__).parent / "data"
CORPUS = sorted((DATA / "gsn2x-corpus").glob("*.yaml"))


def _round_trip(path: Path, tmp_path: Path, now: dt.datetime) -> object:
    store = tmp_path / "case.db"
    import_gsn2x([path], store, now=now)
    out = tmp_path / "out.gsn.yaml"
    with Workspace.open(store) as ws:
        export_gsn2x(ws, out)
    return yaml.safe_load(out.read_text())


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_round_trip_through_a_store_changes_nothing_but_formatting(
    path: Path, tmp_path: Path, now: dt.datetime
) -> None:
    assert _round_trip(path, tmp_path, now) == yaml.safe_load(path.read_text())


def test_the_corpus_covers_what_gsn2x_users_write() -> None:
    text = "".join(p.read_text() for p in CORPUS)
    for key in (
        "horizontalIndex",
        "rankIncrement",
        "charWrap",
        "level",
        "stylesheets",
        "additionalInformation",
        "defeatedRelation",
        "defeated",
        "-> CG1",
        "CounterSolution",
        "Ü",
        "S 'by' hazard",
    ):
        assert key in text, key


REFUSED = DATA / "gsn2x-refused"
#: One file (or the file naming the others with ``uses``) per rule, and what gsn2x says.
VERDICTS = {
    "V03.yaml": "gsn2x rule V03: element G1 is marked undeveloped but has supportedBy",
    "V04.yaml": "gsn2x rule V04: element G1 (goal) cannot name a context (C1) in supportedBy",
    "V09.yaml": "gsn2x rule V09: element G1 has an assurance claim point ACP1 on Sn9",
    "V10.yaml": "gsn2x rule V10: element G1 is marked defeated, but no element challenges it",
    "V12.yaml": "gsn2x rule V12: element G2 challenges something but is not a CounterGoal",
    "V13.yaml": "gsn2x rule V13: element G1 marks its link to C1 defeated",
    "C01.yaml": "gsn2x rule C01: no element is unreferenced",
    "C02.yaml": "gsn2x rule C02: the top element S1 is a strategy; it must be a goal",
    "C03.yaml": "gsn2x rule C03: element G1: supportedBy names unknown element G7",
    "C04.yaml": "gsn2x rule C04: the argument has a cycle G2 -> G3 -> G2",
    "C12.yaml": "gsn2x rule C12: element CG1 challenges the link G1 -> G9, but G9 does not exist",
    "C13.yaml": "gsn2x rule C13: element CG1 challenges itself",
    "C14.yaml": "gsn2x rule C14: element CG1 challenges G9, which does not exist",
    "C15.yaml": "gsn2x rule C15: element CG1 challenges a link with both ends at G1",
    "C16.yaml": "gsn2x rule C16: element CG1 challenges the link C1 -> Sn1, but C1 and Sn1",
    "cycle-a.gsn.yaml": "cycle-a.gsn.yaml: gsn2x rule C06: module A was already read (given); "
    "now used by cycle-b.gsn.yaml: a uses cycle",
    "empty-user.gsn.yaml": "empty-user.gsn.yaml: module Index does not contain elements",
}


@pytest.mark.parametrize("name", sorted(VERDICTS))
def test_each_rule_refuses_as_gsn2x_does_in_one_line(name: str, now: dt.datetime) -> None:
    with pytest.raises(InputError) as caught:
        parse_gsn2x_files([REFUSED / name], now=now)
    message = str(caught.value)
    assert VERDICTS[name] in message
    assert "\n" not in message


def test_every_refusal_file_is_tried() -> None:
    tried = set(VERDICTS) | {"cycle-b.gsn.yaml", "part.gsn.yaml"}
    assert {p.name for p in REFUSED.iterdir()} == tried


@pytest.mark.parametrize("name", ["C16.yaml", "cycle-a.gsn.yaml", "empty-user.gsn.yaml"])
def test_cli_refusal_exits_2_and_writes_no_store(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "case.db"
    assert main(["import", "gsn2x", str(REFUSED / name), str(store)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "gsn2x" in err
    assert not store.exists()


def test_a_file_named_twice_is_refused_as_gsn2x_does(tmp_path: Path, now: dt.datetime) -> None:
    for name in ("cycle-a.gsn.yaml", "cycle-b.gsn.yaml"):
        shutil.copy(REFUSED / name, tmp_path / name)
    (tmp_path / "cycle-b.gsn.yaml").write_text(
        "module:\n  name: B\n\nG2:\n  text: Part\n  undeveloped: true\n"
    )
    both = [tmp_path / "cycle-a.gsn.yaml", tmp_path / "cycle-b.gsn.yaml"]
    with pytest.raises(InputError, match=r"rule C06: module B was already read \(given\)"):
        parse_gsn2x_files(both, now=now)
    case = parse_gsn2x_files(both[:1], now=now).case
    assert [m.id for m in case.modules] == ["A", "B"]


def test_challenge_against_a_challenge_link_is_valid(now: dt.datetime) -> None:
    imported = parse_gsn2x_files([DATA / "gsn2x-corpus" / "dialectic.gsn.yaml"], now=now)
    ccsn1 = next(c for c in imported.challenges if c.id == "CCSn1")
    assert ccsn1.target == "G2"
    assert ccsn1.text.startswith("[link G2 -> CG1] ")


def test_ids_the_workbench_cannot_hold_are_renamed_and_remembered(now: dt.datetime) -> None:
    imported = parse_gsn2x_files([DATA / "gsn2x-corpus" / "any-key.gsn.yaml"], now=now)
    by_id = imported.case.by_id
    assert by_id["G-top-claim"].supported_by == ["S-by-hazard", "Sn-"]
    assert by_id["G-top-claim"].metadata["gsn2x-form"]["id"] == "G top claim"
    [challenge] = imported.challenges
    assert (challenge.id, challenge.target) == ("CG-1", "G-top-claim")


MODULAR = DATA / "gsn2x-modular"


def test_modules_export_as_files_again_unchanged_but_for_formatting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "case.db"
    assert main(["import", "gsn2x", str(MODULAR / "index.gsn.yaml"), str(store)]) == 0
    out = tmp_path / "out"
    assert main(["export", "gsn2x", str(store), f"{out}/"]) == 0
    assert "to 3 gsn2x file(s)" in capsys.readouterr().out
    written = sorted(p.name for p in out.iterdir())
    assert written == ["index.gsn.yaml", "instance.gsn.yaml", "part.gsn.yaml"]
    for name in written:
        assert yaml.safe_load((out / name).read_text()) == yaml.safe_load(
            (MODULAR / name).read_text()
        ), name


def test_exported_modules_import_again_to_the_same_case(tmp_path: Path, now: dt.datetime) -> None:
    first = parse_gsn2x_files([MODULAR / "index.gsn.yaml"], now=now)
    store = tmp_path / "case.db"
    import_gsn2x([MODULAR / "index.gsn.yaml"], store, now=now)

    with Workspace.open(store) as ws:
        export_gsn2x_files(ws, tmp_path / "out")
    again = parse_gsn2x_files([tmp_path / "out" / "index.gsn.yaml"], now=now)
    assert again.case == first.case
    assert [m.title for m in again.case.modules] == ["Main Case", "Part", "Instance"]
