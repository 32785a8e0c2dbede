"""Invalid catalogue files are refused with a one-line InputError that names the problem."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from workbench.app.catalogs import load_framework_file
from workbench.domain import InputError

WriteCatalogue = Callable[..., Path]


def _refusal(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        load_framework_file(path)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_duplicate_requirement_id_is_refused(
    rsp_data: dict[str, Any], write_catalogue: WriteCatalogue
) -> None:
    requirements = rsp_data["standards"][2]["requirements"]
    requirements[1]["id"] = requirements[0]["id"]
    message = _refusal(write_catalogue(rsp_data))
    assert "duplicate requirement id 'RSP-2.2/ASL3-D/threat-modeling'" in message


def test_threshold_naming_an_unknown_standard_is_refused(
    rsp_data: dict[str, Any], write_catalogue: WriteCatalogue
) -> None:
    rsp_data["thresholds"][0]["required_standards"] = ["RSP-2.2/ASL3-X"]
    message = _refusal(write_catalogue(rsp_data))
    assert "'RSP-2.2/CBRN-3' requires unknown standard 'RSP-2.2/ASL3-X'" in message


def test_wrong_field_type_is_refused_with_its_json_path(
    rsp_data: dict[str, Any], write_catalogue: WriteCatalogue
) -> None:
    rsp_data["obligations"][1]["deadline"]["max"] = "a month"
    message = _refusal(write_catalogue(rsp_data))
    assert "$.obligations[1].deadline.max" in message


def test_unknown_key_is_refused(rsp_data: dict[str, Any], write_catalogue: WriteCatalogue) -> None:
    rsp_data["standards"][0]["grade"] = 2
    message = _refusal(write_catalogue(rsp_data))
    assert "$.standards[0].grade" in message


def _format_1(**obligation: Any) -> dict[str, Any]:
    return {
        "id": "OLD-1",
        "title": "Old",
        "publisher": "P",
        "version": "1",
        "source": {"title": "Old", "version": "1"},
        "process": [{"id": "OLD-1/p", "kind": "process", "title": "P", "statement": "S"}],
        "governance": [{"id": "OLD-1/g", "title": "G", "statement": "S", **obligation}],
    }


def test_format_1_catalogue_is_upgraded_on_load(write_catalogue: WriteCatalogue) -> None:
    framework = load_framework_file(write_catalogue(_format_1(cadence_days=365)))
    assert [(o.id, o.kind.value) for o in framework.obligations] == [
        ("OLD-1/p", "process"),
        ("OLD-1/g", "governance"),
    ]
    review = framework.obligations_by_id["OLD-1/g"]
    assert review.cadence is not None and review.cadence.hard
    assert (review.cadence_days, review.deadline_days) == (365, None)
    assert [o.id for o in framework.process] == ["OLD-1/p"]
    assert [o.id for o in framework.governance] == ["OLD-1/g"]


def test_format_1_bad_days_is_refused_on_one_line(write_catalogue: WriteCatalogue) -> None:
    message = _refusal(write_catalogue(_format_1(deadline_days="a month")))
    assert "governance[0].deadline_days must be a whole number of days" in message


def test_format_1_obligation_under_the_wrong_list_is_refused(
    write_catalogue: WriteCatalogue,
) -> None:
    message = _refusal(write_catalogue(_format_1(kind="process")))
    assert "listed under governance but is process" in message


def test_unknown_format_is_refused(
    rsp_data: dict[str, Any], write_catalogue: WriteCatalogue
) -> None:
    rsp_data["format"] = 3
    assert "catalogue format 3 is not one this workbench reads" in _refusal(
        write_catalogue(rsp_data)
    )


def test_format_2_with_old_lists_is_refused(
    rsp_data: dict[str, Any], write_catalogue: WriteCatalogue
) -> None:
    rsp_data["process"] = []
    assert "lists every obligation under 'obligations'" in _refusal(write_catalogue(rsp_data))


@pytest.mark.parametrize(
    ("where", "value", "expected"),
    [
        (("obligations", 1, "trigger", "event"), "sunrise", "unknown trigger event 'sunrise'"),
        (("obligations", 8, "actors", "informed"), ["cat"], "unknown actor 'cat' in informed"),
        (("obligations", 1, "deadline", "min"), 5, "min 5 is above max 1"),
        (("thresholds", 4, "rules_out"), ["RSP-2.2/NOPE"], "rules out unknown threshold"),
        (("thresholds", 1, "expected_standards"), ["RSP-2.2/X"], "expects unknown standard"),
        (("standards", 0, "level"), "ASL-9", "names unknown level 'ASL-9'"),
        (("thresholds", 0, "source", "quote"), [], "a quote must not be empty"),
        (("thresholds", 0, "modality"), "might", "$.thresholds[0].modality"),
    ],
)
def test_invalid_v2_fields_are_refused(
    rsp_data: dict[str, Any],
    write_catalogue: WriteCatalogue,
    where: tuple[Any, ...],
    value: Any,
    expected: str,
) -> None:
    node = rsp_data
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = value
    assert expected in _refusal(write_catalogue(rsp_data))


def test_file_that_is_not_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "catalogue.json"
    path.write_text('{"id": "RSP-2.2",', encoding="utf-8")
    message = _refusal(path)
    assert "is not JSON" in message
    assert "catalogue.json" in message


def test_missing_file_is_refused(tmp_path: Path) -> None:
    message = _refusal(tmp_path / "absent.json")
    assert message.startswith("no such catalogue file")
    assert "absent.json" in message


def test_directory_is_refused(tmp_path: Path) -> None:
    message = _refusal(tmp_path)
    assert "is a directory" in message
