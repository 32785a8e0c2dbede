"""The catalogue format holds frameworks other than the RSP (OpenAI Preparedness, NIST AI RMF)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from workbench.app.catalogs import load_framework_file
from workbench.domain import Framework, StandardKind


def _load(catalog_data_dir: Path, name: str) -> Framework:
    return load_framework_file(catalog_data_dir / name)


def test_openai_preparedness_v2_validates(catalog_data_dir: Path) -> None:
    framework = _load(catalog_data_dir, "openai-preparedness-v2.json")
    assert (framework.id, framework.publisher, framework.version) == ("OPENAI-PF-2", "OpenAI", "2")
    assert framework.source.date == dt.date(2025, 4, 15)


def test_openai_tracked_categories_have_high_and_critical_thresholds(
    catalog_data_dir: Path,
) -> None:
    framework = _load(catalog_data_dir, "openai-preparedness-v2.json")
    levels: dict[str, set[str]] = {}
    for threshold in framework.thresholds:
        levels.setdefault(threshold.domain, set()).add(threshold.title.rsplit(": ", 1)[1])
    assert levels == {
        "Biological and chemical": {"High", "Critical"},
        "Cybersecurity": {"High", "Critical"},
        "AI self-improvement": {"High", "Critical"},
    }


def test_openai_critical_thresholds_add_development_safeguards(catalog_data_dir: Path) -> None:
    framework = _load(catalog_data_dir, "openai-preparedness-v2.json")
    development = "OPENAI-PF-2/DEVELOPMENT-SAFEGUARDS"
    critical = {t.id for t in framework.thresholds if development in t.required_standards}
    assert critical == {
        "OPENAI-PF-2/BIO-CRITICAL",
        "OPENAI-PF-2/CYBER-CRITICAL",
        "OPENAI-PF-2/SELF-IMPROVEMENT-CRITICAL",
    }


def test_openai_safety_advisory_group_is_governance(catalog_data_dir: Path) -> None:
    framework = _load(catalog_data_dir, "openai-preparedness-v2.json")
    titles = [o.title for o in framework.governance]
    assert "Safety Advisory Group" in titles


def test_openai_standards_are_ungraded(catalog_data_dir: Path) -> None:
    framework = _load(catalog_data_dir, "openai-preparedness-v2.json")
    assert [s.id for s in framework.standards if s.asl is not None] == []


def test_nist_ai_rmf_validates_with_four_functions_as_other_standards(
    catalog_data_dir: Path,
) -> None:
    framework = _load(catalog_data_dir, "nist-ai-rmf-1.0.json")
    assert framework.id == "NIST-AI-RMF-1.0"
    assert [(s.title, s.kind) for s in framework.standards] == [
        ("GOVERN", StandardKind.other),
        ("MAP", StandardKind.other),
        ("MEASURE", StandardKind.other),
        ("MANAGE", StandardKind.other),
    ]


def test_nist_ai_rmf_has_no_thresholds_and_every_function_is_baseline(
    catalog_data_dir: Path,
) -> None:
    framework = _load(catalog_data_dir, "nist-ai-rmf-1.0.json")
    assert framework.thresholds == []
    assert framework.baseline_standards == [s.id for s in framework.standards]


def test_nist_ai_rmf_subcategories_are_requirements_of_their_function(
    catalog_data_dir: Path,
) -> None:
    framework = _load(catalog_data_dir, "nist-ai-rmf-1.0.json")
    owner = {rid: s.title for rid, s in framework.standard_of_requirement.items()}
    assert owner["NIST-AI-RMF-1.0/GOVERN/GV-1.1"] == "GOVERN"
    assert owner["NIST-AI-RMF-1.0/MANAGE/MG-4.1"] == "MANAGE"
    assert len(owner) == 8
