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
    rsp_data["process"][1]["deadline_days"] = "a month"
    message = _refusal(write_catalogue(rsp_data))
    assert "$.process[1].deadline_days" in message


def test_unknown_key_is_refused(rsp_data: dict[str, Any], write_catalogue: WriteCatalogue) -> None:
    rsp_data["standards"][0]["level"] = 2
    message = _refusal(write_catalogue(rsp_data))
    assert "$.standards[0].level" in message


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
