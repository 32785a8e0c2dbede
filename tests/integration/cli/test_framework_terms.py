"""``workbench check`` names the required level in the framework's own terms."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.builders import case


def test_check_names_no_asl_under_oai_pf2(cli: Callable[..., Any], tmp_path: Path) -> None:
    store = case("PF model", framework="OAI-PF-2").goal("G1").store(tmp_path / "pf.db")
    text = cli("check", store, "--today", "2026-11-23").out
    assert "required safeguards level: none demanded\n" in text
    assert "ASL" not in text.replace("DET-REQUIRED-ASL", "")  # the rule id stays
    data = json.loads(cli("check", store, "--format", "json", "--today", "2026-11-23").out)
    assert data["required_level"]["text"] == "none demanded"
    assert data["required_asl"] == {"overall": "none", "deployment": "none", "security": "none"}


def test_check_keeps_the_asl_line_under_rsp22(cli: Callable[..., Any], tmp_path: Path) -> None:
    store = case("RSP model", framework="RSP-2.2").goal("G1").store(tmp_path / "rsp.db")
    text = cli("check", store, "--today", "2026-11-23").out
    assert "required ASL: ASL-2 (deployment ASL-2, security ASL-2)\n" in text
