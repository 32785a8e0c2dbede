"""``check --also`` and ``catalog compare``: coverage of another framework and the difference
between two frameworks through a mapping crosswalk, a user's file or a shipped one."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult
from workbench.app.catalogs import import_framework, load_framework_file

DATA = Path(__file__).parents[2] / "unit" / "checks" / "data" / "crosswalk"
TOY_CROSSWALK = DATA / "rsp-2.2--toy-1.json"

Cli = Callable[..., CliResult]


@pytest.fixture
def toy_imported() -> str:
    """The toy framework imported into the user's catalogue folder, as a user's own would be."""
    import_framework(load_framework_file(DATA / "toy-1.json"))
    return "TOY-1"


def one_line_error(result: CliResult, needle: str) -> None:
    assert result.code == 2, result.out
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("workbench: error: ")
    assert needle in lines[0], lines[0]


def test_check_also_reports_an_imported_framework_through_a_users_crosswalk(
    cli: Cli, demo_store: Path, toy_imported: str
) -> None:
    result = cli(
        "check", demo_store, "--also", toy_imported, "--crosswalk", TOY_CROSSWALK,
        "--format", "json", "--today", "2026-11-23",
    )  # fmt: skip
    data = json.loads(result.out)
    assert result.code == 1  # the demo's own blockers decide the exit code, as without --also
    assert {"required_asl", "required_level", "blocking", "findings", "also"} == set(data)
    [also] = data["also"]
    assert (also["framework"], also["own_framework"], also["crosswalk"]) == (
        "TOY-1",
        "RSP-2.2",
        "RSP-2.2--TOY-1",
    )
    status = {item["id"]: item["status"] for item in also["items"]}
    assert status == {
        "TOY-1/SAFEGUARDS/red-team": "covered",  # the demo meets ASL3-D red-teaming
        "TOY-1/SAFEGUARDS/security": "partial",  # ASL3-S monitoring is an undeveloped goal
        "TOY-1/SAFEGUARDS/trusted": "partial",
        "TOY-1/SAFEGUARDS/extra": "not_addressed",
        "TOY-1/O/model-report": "not_addressed",
    }
    assert also["summary"] == {"covered": 1, "partial": 2, "not_addressed": 2}


def test_check_also_text_lists_each_status_with_what_is_missing(
    cli: Cli, demo_store: Path, toy_imported: str
) -> None:
    result = cli("check", demo_store, "--also", toy_imported, "--crosswalk", TOY_CROSSWALK)
    text = result.out
    assert "Toy Safety Code (TOY-1), through crosswalk RSP-2.2--TOY-1" in text
    assert "TOY-1 through RSP-2.2--TOY-1: 1 covered, 2 partial, 2 not addressed" in text
    assert "NOT ADDRESSED (2)" in text
    assert "TOY-1/SAFEGUARDS/extra (Measure 1.4) Something only the toy asks: no RSP-2.2" in text
    assert "RSP-2.2/ASL3-S/monitoring is not met (partial: goal SG1.5" in " ".join(text.split())


def test_check_also_without_a_crosswalk_is_one_line_exit_2(
    cli: Cli, demo_store: Path, toy_imported: str
) -> None:
    one_line_error(
        cli("check", demo_store, "--also", toy_imported),
        "no crosswalk between RSP-2.2 and TOY-1",
    )


def test_check_also_an_unknown_framework_is_one_line_exit_2(cli: Cli, demo_store: Path) -> None:
    one_line_error(cli("check", demo_store, "--also", "NOPE-9"), "unknown framework 'NOPE-9'")


def test_check_also_its_own_framework_is_one_line_exit_2(cli: Cli, demo_store: Path) -> None:
    one_line_error(cli("check", demo_store, "--also", "RSP-2.2"), "judged against RSP-2.2")


def test_a_crosswalk_naming_unknown_ids_is_one_line_exit_2(
    cli: Cli, demo_store: Path, toy_imported: str, tmp_path: Path
) -> None:
    data = json.loads(TOY_CROSSWALK.read_text(encoding="utf-8"))
    data["links"][0]["b"] = ["TOY-1/SAFEGUARDS/no-such-thing"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    one_line_error(
        cli("check", demo_store, "--also", toy_imported, "--crosswalk", bad),
        "TOY-1/SAFEGUARDS/no-such-thing is not a threshold, requirement or obligation of TOY-1",
    )
    one_line_error(
        cli("catalog", "compare", "RSP-2.2", toy_imported, "--crosswalk", bad),
        "no-such-thing",
    )


def test_a_crosswalk_that_is_not_valid_json_shape_is_one_line_exit_2(
    cli: Cli, demo_store: Path, toy_imported: str, tmp_path: Path
) -> None:
    data = json.loads(TOY_CROSSWALK.read_text(encoding="utf-8"))
    data["links"][0]["relation"] = "roughly"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    one_line_error(
        cli("check", demo_store, "--also", toy_imported, "--crosswalk", bad),
        "invalid crosswalk bad.json at $.links[0].relation",
    )


def test_crosswalk_without_also_is_a_usage_error(cli: Cli, demo_store: Path) -> None:
    one_line_error(cli("check", demo_store, "--crosswalk", TOY_CROSSWALK), "goes with --also")


def test_compare_lists_each_sides_extra_demands_and_the_common_ones(
    cli: Cli, toy_imported: str
) -> None:
    result = cli("catalog", "compare", "RSP-2.2", toy_imported, "--crosswalk", TOY_CROSSWALK)
    assert result.code == 0, result.err
    text = " ".join(result.out.split())
    assert "WHAT RSP-2.2 DEMANDS THAT TOY-1 DOES NOT" in text
    assert "WHAT TOY-1 DEMANDS THAT RSP-2.2 DOES NOT (3)" in text
    assert "RSP-2.2/ASL3-D/red-teaming asks more than TOY-1/SAFEGUARDS/red-team" in text
    assert "RSP-2.2 has nothing like it (1): TOY-1/SAFEGUARDS/extra (Measure 1.4)" in text
    assert (
        "RSP-2.2 asks only part of it (2): TOY-1/SAFEGUARDS/trusted (Measure 1.3) Vet trusted "
        "users RSP-2.2/ASL3-D/trusted-users asks less:"
    ) in text
    assert "Signatories will" not in text  # quotes only when asked for
    assert (
        "RSP-2.2/ASL3-S/perimeters-access-control + RSP-2.2/ASL3-S/monitoring the same as "
        "TOY-1/SAFEGUARDS/security"
    ) in text


def test_compare_quotes_prints_each_items_text(cli: Cli, toy_imported: str) -> None:
    result = cli(
        "catalog", "compare", toy_imported, "RSP-2.2", "--crosswalk", TOY_CROSSWALK, "--quotes"
    )
    assert "\u201cSignatories will publish a toy statement.\u201d" in result.out


def test_compare_json_names_what_each_side_lacks(cli: Cli, toy_imported: str) -> None:
    result = cli(
        "catalog", "compare", toy_imported, "RSP-2.2", "--crosswalk", TOY_CROSSWALK,
        "--format", "json",
    )  # fmt: skip
    data = json.loads(result.out)
    assert (data["a"], data["b"]) == ("TOY-1", "RSP-2.2")
    toy_only = {d["id"]: [p["relation"] for p in d["partly"]] for d in data["a_not_b"]}
    # trusted: RSP-2.2 asks less (read from TOY-1: stronger); the report: only a part
    assert toy_only == {
        "TOY-1/SAFEGUARDS/trusted": ["stronger"],
        "TOY-1/SAFEGUARDS/extra": [],
        "TOY-1/O/model-report": ["partial"],
    }
    rsp_only = {d["id"] for d in data["b_not_a"]}
    assert "RSP-2.2/ASL3-D/red-teaming" in rsp_only  # TOY-1 asks only a part of it
    assert "RSP-2.2/ASL3-S/monitoring" not in rsp_only  # equivalent, as a group
    assert {"a", "b", "relation", "rationale"} == set(data["both"][0])


def test_compare_without_a_crosswalk_is_one_line_exit_2(cli: Cli, toy_imported: str) -> None:
    one_line_error(cli("catalog", "compare", "RSP-2.2", toy_imported), "no crosswalk between")


def test_compare_a_framework_with_itself_is_one_line_exit_2(cli: Cli) -> None:
    one_line_error(cli("catalog", "compare", "RSP-2.2", "RSP-2.2"), "not with itself")


def test_packet_also_writes_the_section(
    cli: Cli, demo_store: Path, toy_imported: str, tmp_path: Path
) -> None:
    out = tmp_path / "p.pdf"
    result = cli("packet", demo_store, out, "--also", toy_imported, "--crosswalk", TOY_CROSSWALK)
    assert result.code == 0, result.err
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Coverage of other frameworks" in text
    assert "Toy Safety Code (TOY-1)" in text


def test_packet_also_with_public_is_refused_and_writes_nothing(
    cli: Cli, demo_store: Path, toy_imported: str, tmp_path: Path
) -> None:
    out = tmp_path / "p.pdf"
    result = cli(
        "packet", demo_store, out, "--public", "--also", toy_imported,
        "--crosswalk", TOY_CROSSWALK,
    )  # fmt: skip
    one_line_error(result, "not the public summary")
    assert not out.exists()


def test_packet_also_without_a_crosswalk_writes_nothing(
    cli: Cli, demo_store: Path, toy_imported: str, tmp_path: Path
) -> None:
    out = tmp_path / "p.pdf"
    one_line_error(cli("packet", demo_store, out, "--also", toy_imported), "no crosswalk between")
    assert not out.exists()


def test_the_demo_against_the_eu_code_has_every_status(cli: Cli, demo_store: Path) -> None:
    """The default demo (RSP-2.2) read through the shipped RSP-2.2 <-> EU-COP-SS crosswalk."""
    result = cli("check", demo_store, "--also", "EU-COP-SS", "--format", "json")
    [also] = json.loads(result.out)["also"]
    assert (also["own_framework"], also["crosswalk"]) == ("RSP-2.2", "RSP-2.2--EU-COP-SS")
    status = {item["id"]: item for item in also["items"]}
    # continuous vulnerability management (met) is equivalent to patch management
    assert status["EU-COP-SS/A4.1/patching"]["status"] == "covered"
    # ASL-3 security monitoring is an undeveloped goal in the demo, and the link is partial
    edr = status["EU-COP-SS/A4.5/edr-ids"]
    assert edr["status"] == "partial"
    assert edr["links"][0]["own_status"] == {"RSP-2.2/ASL3-S/monitoring": "started"}
    # ASL-3 security resourcing is claimed by no goal
    assert status["EU-COP-SS/M8.2/resources"]["status"] == "not_addressed"
    assert status["EU-COP-SS/M9.3/initial-death"]["status"] == "not_addressed"  # nothing linked
    assert all(also["summary"][s] >= 1 for s in ("covered", "partial", "not_addressed"))


def test_the_demo_against_two_frameworks_reports_each(cli: Cli, tmp_path: Path) -> None:
    store = tmp_path / "v34.db"
    assert cli("demo", store, "--framework", "RSP-3.4").code == 0
    result = cli("check", store, "--also", "EU-COP-SS", "--also", "OAI-PF-2", "--format", "json")
    assert [a["framework"] for a in json.loads(result.out)["also"]] == ["EU-COP-SS", "OAI-PF-2"]


def test_compare_rsp_34_with_the_openai_framework_reads_both_ways(cli: Cli) -> None:
    result = cli("catalog", "compare", "RSP-3.4", "OAI-PF-2")
    assert result.code == 0, result.err
    text = " ".join(result.out.split())
    assert "WHAT RSP-3.4 DEMANDS THAT OAI-PF-2 DOES NOT" in text
    assert "WHAT OAI-PF-2 DEMANDS THAT RSP-3.4 DOES NOT" in text
    assert "RSP-3.4/G/noncompliance-investigation asks more than OAI-PF-2/G/noncompliance" in text
    assert "RSP-3.4/P/risk-report-cadence (§3.1) Risk Report every 3-6 months" in text


def test_also_a_framework_with_only_a_migration_crosswalk_says_so(
    cli: Cli, demo_store: Path
) -> None:
    one_line_error(
        cli("check", demo_store, "--also", "RSP-3.4"),
        "no crosswalk between RSP-2.2 and RSP-3.4 (shipped: RSP-2.2 <-> EU-COP-SS, ",
    )
    assert (
        "migration crosswalk moves an assessment (framework migrate)"
        in cli("check", demo_store, "--also", "RSP-3.4").err
    )
