"""Interop operations on real stores and through the command line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from workbench.app.catalogs import builtin_framework
from workbench.app.evidence import EvidenceDetails, ImportEvidence, add_evidence_file
from workbench.app.interop import export_gsn2x, import_gsn2x
from workbench.app.operations import run
from workbench.app.stores import init_store
from workbench.app.workspace import Workspace
from workbench.cli.main import main
from workbench.domain import InputError, StoreError
from workbench.interop.oscal import framework_from_oscal, framework_to_oscal


def test_import_creates_a_store_with_the_argument_and_challenges(
    data: Path, tmp_path: Path, now: dt.datetime
) -> None:
    store = tmp_path / "case.db"
    doc = import_gsn2x([data / "dialectic.gsn.yaml"], store, now=now)
    assert [e.id for e in doc.case.elements if not e.is_counter] == [
        "G1",
        "S1",
        "G2",
        "Sn1",
        "G3",
        "Sn2",
    ]
    assert [c.id for c in doc.review.challenges] == ["CG1", "CSn2", "CG2"]
    with Workspace.open(store) as ws:
        assert ws.document == doc


def test_import_into_an_argued_store_needs_replace(
    data: Path, tmp_path: Path, now: dt.datetime
) -> None:
    store = tmp_path / "case.db"
    import_gsn2x([data / "plain.gsn.yaml"], store, now=now)
    with pytest.raises(StoreError, match="already holds an argument; replacing it") as raised:
        import_gsn2x([data / "confidence.gsn.yaml"], store, now=now)
    assert raised.value.about == "replace"
    assert "--" not in str(raised.value)


def test_replacing_keeps_evidence_and_renames_clashing_challenges(
    data: Path, tmp_path: Path, now: dt.datetime
) -> None:
    store = tmp_path / "case.db"
    import_gsn2x([data / "dialectic.gsn.yaml"], store, now=now)
    report = tmp_path / "report.txt"
    report.write_text("red-team findings")
    with Workspace.open(store) as ws:
        evidence, _ = add_evidence_file(ws, report, EvidenceDetails(title="Red team"))
    later = now + dt.timedelta(hours=1)
    doc = import_gsn2x([data / "dialectic.gsn.yaml"], store, replace=True, now=later)
    assert [e.id for e in doc.evidence] == [evidence.id]
    assert [c.id for c in doc.review.challenges] == [
        "CG1",
        "CSn2",
        "CG2",
        "CG1-2",
        "CSn2-2",
        "CG2-2",
    ]
    # The counter elements of the new case state the new challenges, not the old ones.
    assert {c.id: c.counter for c in doc.review.challenges} == {
        "CG1": [],
        "CSn2": [],
        "CG2": [],
        "CG1-2": ["CG1"],
        "CSn2-2": ["CSn2"],
        "CG2-2": ["CG2"],
    }
    assert len(doc.review.sessions) == 2


def test_refused_file_leaves_the_store_untouched(
    data: Path, tmp_path: Path, now: dt.datetime
) -> None:
    store = tmp_path / "case.db"
    before = import_gsn2x([data / "plain.gsn.yaml"], store, now=now)
    with Workspace.open(store) as ws:
        events = len(ws.store.audit_events())
    bad = tmp_path / "bad.gsn.yaml"
    bad.write_text(
        "G0:\n  text: top\n  supportedBy: [G1]\n"
        "G1:\n  text: a\n  supportedBy: [G2]\nG2:\n  text: b\n  supportedBy: [G1]\n"
    )
    with pytest.raises(InputError, match="rule C04: the argument has a cycle G1 -> G2 -> G1"):
        import_gsn2x([bad], store, replace=True, now=now)
    with Workspace.open(store) as ws:
        assert ws.document == before
        assert len(ws.store.audit_events()) == events


def test_export_writes_a_gsn2x_file_that_imports_back(
    data: Path, tmp_path: Path, now: dt.datetime
) -> None:
    store = tmp_path / "case.db"
    doc = import_gsn2x([data / "plain.gsn.yaml"], store, now=now)
    out = tmp_path / "out.gsn.yaml"
    with Workspace.open(store) as ws:
        export_gsn2x(ws, out)
    again = import_gsn2x([out], tmp_path / "again.db", now=now)
    assert again.case == doc.case


def test_import_into_an_empty_store_keeps_its_assessment(
    data: Path, tmp_path: Path, now: dt.datetime
) -> None:
    store = tmp_path / "case.db"
    with init_store(store, "Claude-Next", actor="tester") as created:
        assessment = created.load().assessment
    doc = import_gsn2x([data / "plain.gsn.yaml"], store, now=now)
    assert doc.assessment == assessment
    assert len(doc.case.elements) == 8


def test_cli_import_of_a_malformed_file_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.gsn.yaml"
    bad.write_text("G1:\n  text: a\nG1:\n  text: b\n")
    code = main(["import", "gsn2x", str(bad), str(tmp_path / "case.db")])
    err = capsys.readouterr().err
    assert code == 2
    assert err == "workbench: error: bad.gsn.yaml: element G1 is defined twice (line 3)\n"
    assert not (tmp_path / "case.db").exists()


def test_cli_exports_gsn2x(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "case.db"
    assert main(["import", "gsn2x", str(data / "dialectic.gsn.yaml"), str(store)]) == 0
    out = tmp_path / "out.yaml"
    assert main(["export", "gsn2x", str(store), str(out)]) == 0
    written = yaml.safe_load(out.read_text())
    assert written["CG2"]["challenges"] == "S1 -> G3"


def test_cli_exports_the_shipped_catalogue_as_oscal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "rsp.oscal.json"
    assert main(["catalog", "export-oscal", "RSP-2.2", str(out)]) == 0
    document = json.loads(out.read_text())
    assert framework_from_oscal(document, source=out.name) == builtin_framework("RSP-2.2")


def test_shipped_catalogue_exports_as_valid_oscal() -> None:
    catalog_models = pytest.importorskip("trestle.oscal.catalog")
    document = framework_to_oscal(builtin_framework("RSP-2.2"))
    catalog = catalog_models.Catalog.model_validate(document["catalog"])
    requirements = [c for g in catalog.groups or [] for c in getattr(g, "controls", None) or []]
    assert len(requirements) >= len(builtin_framework("RSP-2.2").requirements)


def test_cli_imports_an_oscal_catalog_and_names_its_id_last(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "mini.json"
    code = main(
        [
            "catalog",
            "import-oscal",
            str(data / "mini-catalog.oscal.json"),
            "--id",
            "MINI",
            "--out",
            str(saved),
        ]
    )
    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    assert lines[-1].split()[-1] == "MINI"
    assert json.loads(saved.read_text())["id"] == "MINI"


def test_cli_refuses_an_oscal_profile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps({"profile": {"uuid": "x"}}))
    assert main(["catalog", "import-oscal", str(profile)]) == 2
    assert capsys.readouterr().err == (
        "workbench: error: profile.json is an OSCAL profile, not a catalog; "
        "resolve it to a catalog first\n"
    )


def test_an_imported_catalogue_is_kept_listed_and_used_by_init(
    data: Path, tmp_path: Path, private_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = str(data / "mini-catalog.oscal.json")
    assert main(["catalog", "import-oscal", source, "--id", "MINI"]) == 0
    out = capsys.readouterr().out
    kept = private_data_dir / "catalogs" / "MINI.json"
    assert f"imported into {kept}" in out and out.splitlines()[-1] == "framework MINI"
    assert json.loads(kept.read_text())["id"] == "MINI"

    assert main(["catalog", "list", "--format", "json"]) == 0
    listed = {f["id"]: f["origin"] for f in json.loads(capsys.readouterr().out)}
    assert listed["MINI"] == "imported" and listed["RSP-2.2"] == "shipped"
    assert main(["catalog", "list"]) == 0
    assert any(
        line.startswith("MINI ") and line.endswith("[imported]")
        for line in capsys.readouterr().out.splitlines()
    )

    store = tmp_path / "mini.db"
    assert main(["init", str(store), "--model", "Nimbus", "--framework", "MINI"]) == 0
    assert "under MINI" in capsys.readouterr().out
    assert main(["catalog", "export-oscal", "MINI", str(tmp_path / "again.json")]) == 0


def test_importing_twice_needs_replace_and_a_shipped_id_is_refused(
    data: Path, private_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = str(data / "mini-catalog.oscal.json")
    assert main(["catalog", "import-oscal", source, "--id", "MINI"]) == 0
    kept = private_data_dir / "catalogs" / "MINI.json"
    before = kept.read_bytes()
    capsys.readouterr()
    assert main(["catalog", "import-oscal", source, "--id", "MINI"]) == 2
    assert "already imported; use --replace" in capsys.readouterr().err
    assert kept.read_bytes() == before
    assert main(["catalog", "import-oscal", source, "--id", "MINI", "--replace"]) == 0
    assert main(["catalog", "import-oscal", source, "--id", "RSP-2.2"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("workbench: error: framework RSP-2.2 is shipped") and err.count("\n") == 1
    assert sorted(p.name for p in kept.parent.iterdir()) == ["MINI.json"]


def test_a_broken_file_in_the_catalogue_folder_is_a_warning_not_a_failure(
    private_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = private_data_dir / "catalogs"
    folder.mkdir(parents=True)
    (folder / "broken.json").write_text("{not json")
    assert main(["catalog", "list"]) == 0
    captured = capsys.readouterr()
    assert "RSP-2.2" in captured.out
    assert captured.err.startswith("workbench: warning: skipped ")
    assert "broken.json" in captured.err


def test_a_folder_named_as_an_oscal_catalog_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["catalog", "import-oscal", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        f"workbench: error: {tmp_path} is a directory, not an OSCAL catalog\n"
    )


def _cut_log(data: Path, tmp_path: Path) -> Path:
    text = (data / "inspect-cancelled.json").read_text()
    cut = tmp_path / "cut-run.json"
    cut.write_text(text[: text.index('"Find the flag"')])
    return cut


def test_cli_refuses_a_damaged_inspect_log_in_one_line_storing_nothing(
    cli: Any, demo_store: Path, tmp_path: Path, data: Path
) -> None:
    with Workspace.open(demo_store) as ws:
        before = (len(ws.document.evidence), ws.store.revision)
    done = cli("evidence", "add", demo_store, _cut_log(data, tmp_path))
    assert done.code == 2 and not done.out
    [line] = done.err.splitlines()
    assert "damaged Inspect log" in line and 'inside "samples" (truncated)' in line
    with Workspace.open(demo_store) as ws:
        assert (len(ws.document.evidence), ws.store.revision) == before


def test_batch_import_reports_the_damaged_log_and_adds_the_rest(
    demo_store: Path, tmp_path: Path, data: Path
) -> None:
    cut = _cut_log(data, tmp_path)
    with Workspace.open(demo_store, actor="tester") as ws:
        outcome = run(ws, ImportEvidence([cut, data / "inspect-cancelled.json"], EvidenceDetails()))
        [added] = outcome.result.added
        assert added.metadata["status"] == "cancelled"
        [error] = outcome.result.errors
        assert error.startswith("cut-run.json: damaged Inspect log ")
        assert all(e.filename != cut.name for e in ws.document.evidence)


def test_cli_import_names_withdrawn_and_kept_parts_and_show_nests_standards(
    cli: Any, data: Path, tmp_path: Path
) -> None:
    done = cli("catalog", "import-oscal", data / "fidelity-catalog.oscal.json", "--id", "FID")
    assert done.code == 0, done.err
    assert done.out.splitlines()[:2] == [
        "Fidelity Controls Catalog 2.3.1: 6 standards (3 nested), 6 requirements and "
        "3 withdrawn (kept, never demanded)",
        "kept for export, not used by the checks: 6 links, 2 assessment-method parts, "
        "2 back-matter resources",
    ]
    shown = cli("catalog", "show", "FID").out
    assert (
        "\n  FID/ac: other, 0 requirements\n    FID/ac-a: other, 3 requirements (2 withdrawn)\n"
        in shown
    )
    assert "\n      FID/ac-a-1: other, 1 requirements\n" in shown
    requirement = cli("catalog", "show", "FID/ac-2").out
    assert "  ac-2_prm_3: value 24 hours; constraint: at most 48 hours" in requirement
    assert "withdrawn by the catalogue" in cli("catalog", "show", "FID/ac-3").out
    out = tmp_path / "back.json"
    assert cli("catalog", "export-oscal", "FID", out).code == 0
    original = json.loads((data / "fidelity-catalog.oscal.json").read_text())
    assert json.loads(out.read_text()) == original
