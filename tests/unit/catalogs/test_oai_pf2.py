"""The shipped OpenAI Preparedness Framework v2 catalogue: the facts of the text, item by item."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest

from workbench.app.catalogs import builtin_framework, builtin_frameworks
from workbench.domain import Framework, Obligation, Requirement, StandardKind
from workbench.domain.catalog import Modality, TimeUnit

P = "OAI-PF-2"
Cli = Callable[..., Any]


@pytest.fixture(scope="module")
def pf() -> Framework:
    return builtin_framework(P)


def obligation(framework: Framework, suffix: str) -> Obligation:
    return framework.obligations_by_id[f"{P}/{suffix}"]


def requirements(framework: Framework, standard: str) -> dict[str, Requirement]:
    """The standard's requirements by the last part of their ids."""
    items = framework.standards_by_id[f"{P}/{standard}"].requirements
    return {r.id.rsplit("/", 1)[1]: r for r in items}


def test_header_and_shipped_beside_the_others(pf: Framework) -> None:
    assert (pf.id, pf.publisher, pf.version, pf.effective_date) == (
        P,
        "OpenAI",
        "2",
        dt.date(2025, 4, 15),
    )
    assert {P, "RSP-2.2", "RSP-3.4"} <= set(builtin_frameworks())


def test_every_item_cites_its_text_with_a_modality(pf: Framework) -> None:
    for item in pf.items():
        assert item.source is not None, item.id
        assert item.source.section.startswith(("§", "Appendix", "fn")), item.id
        assert all(p.strip() for p in item.source.parts), item.id
    for definition in pf.definitions:
        assert definition.source is not None, definition.term


def test_quotes_stop_before_glued_footnote_numbers(pf: Framework) -> None:
    # "…chemical threats." is footnote 5's own text; Table 1's "Chemical5" is never quoted.
    for item in pf.items():
        assert item.source is not None
        for part in item.source.parts:
            assert "Chemical5" not in part, item.id
            assert not part[-1].isdigit(), (item.id, part)


def test_three_tracked_categories_each_high_and_critical(pf: Framework) -> None:
    assert [lv.id for lv in pf.levels] == ["High", "Critical"]
    assert {lv.family for lv in pf.levels} == {"PF"}
    assert pf.levels_by_id["Critical"].rank > pf.levels_by_id["High"].rank
    ids = [t.id.removeprefix(f"{P}/") for t in pf.thresholds]
    assert ids == [
        "BIO-HIGH",
        "BIO-CRITICAL",
        "CYBER-HIGH",
        "CYBER-CRITICAL",
        "SELF-IMPROVEMENT-HIGH",
        "SELF-IMPROVEMENT-CRITICAL",
    ]
    for t in pf.thresholds:
        assert t.level == ("High" if t.id.endswith("-HIGH") else "Critical"), t.id
        assert t.modality == Modality.must and not (t.checkpoint or t.ongoing or t.alert)
        assert t.source is not None and t.source.section == "§2.2, Table 1"


def test_research_categories_have_no_thresholds(pf: Framework) -> None:
    """Table 2 sets no thresholds: the five Research Categories are defined terms, and a case
    needs no determination for them; their responses are potential ones (``may``)."""
    terms = [d.term for d in pf.definitions if d.term.startswith("Research Category: ")]
    assert [t.removeprefix("Research Category: ") for t in terms] == [
        "Long-range Autonomy",
        "Sandbagging",
        "Autonomous Replication and Adaptation",
        "Undermining Safeguards",
        "Nuclear and Radiological",
    ]
    domains = {t.domain for t in pf.thresholds}
    assert domains == {"Biological and Chemical", "Cybersecurity", "AI Self-improvement"}
    responses = [o for o in pf.obligations if o.source and "Table 2" in o.source.section]
    assert len(responses) == 6
    assert {o.modality for o in responses} == {Modality.may}


def test_high_needs_safeguards_before_deployment_per_table_1(pf: Framework) -> None:
    required = {t.id: set(t.required_standards) for t in pf.thresholds}
    security, misuse = f"{P}/SECURITY-HIGH", f"{P}/MISUSE-HIGH"
    misalignment, report = f"{P}/MISALIGNMENT-HIGH", f"{P}/SAFEGUARDS-REPORT"
    assert required[f"{P}/BIO-HIGH"] == {security, misuse, report}
    # Cybersecurity High alone adds misalignment safeguards for large-scale internal deployment.
    assert required[f"{P}/CYBER-HIGH"] == {security, misuse, misalignment, report}
    assert required[f"{P}/SELF-IMPROVEMENT-HIGH"] == {security, report}
    standard = pf.standards_by_id[misalignment]
    assert standard.source is not None and "large-scale" in standard.source.text
    assert pf.standards_by_id[security].kind == StandardKind.security
    assert pf.standards_by_id[misuse].level == "High"


def test_critical_standard_is_not_yet_specified(pf: Framework) -> None:
    for t in pf.thresholds:
        if t.level == "Critical":
            unspecified = [s for s in t.required_standards if not pf.standards_by_id[s].specified]
            assert unspecified == [f"{P}/CRITICAL-SAFEGUARDS", f"{P}/CRITICAL-SECURITY"], t.id
    halt = obligation(pf, "P/critical-halt-development")
    assert halt.modality == Modality.must and halt.trigger is not None
    assert (halt.trigger.event, halt.trigger.levels) == ("threshold_crossed", ["Critical"])
    assert halt.source is not None and halt.source.text.endswith("further development")


def test_safeguard_claims_are_alternatives_not_each_demanded(pf: Framework) -> None:
    """Appendix C.1/C.2: every vector is addressed by "one or more of the following claims"."""
    misuse = requirements(pf, "MISUSE-HIGH")
    assert {"robustness", "usage-monitoring", "trust-based-access"} <= set(misuse)
    assert misuse["vectors-addressed"].modality == Modality.should
    assert misuse["sufficient-before-deployment"].modality == Modality.must
    misalignment = requirements(pf, "MISALIGNMENT-HIGH")
    claims = [
        "lack-of-autonomous-capability",
        "value-alignment",
        "instruction-alignment",
        "reliable-oversight",
        "system-architecture",
    ]
    for name in ["robustness", "usage-monitoring", "trust-based-access"]:
        assert not misuse[name].demanded, name
    for name in claims:
        assert not misalignment[name].demanded, name
        source = misalignment[name].source
        assert source is not None and source.section == "Appendix C.2"
    architecture = misalignment["system-architecture"].source
    assert architecture is not None and "containerization" in architecture.text


def test_security_controls_keep_their_modalities(pf: Framework) -> None:
    reqs = requirements(pf, "SECURITY-HIGH")
    assert reqs["change-management"].modality == Modality.must
    assert reqs["multi-person-approval"].modality == Modality.should  # "should undergo"
    assert reqs["additional-access-approvals"].modality == Modality.may  # "may require"
    figures = {f.name: f.value for f in reqs["incident-response"].figures}
    assert figures == {"on_call_hours_per_day": 24, "on_call_days_per_week": 7}


def test_annual_review_and_one_year_sag_terms(pf: Framework) -> None:
    review = obligation(pf, "P/annual-framework-review")
    assert review.cadence is not None
    cadence = review.cadence
    assert (cadence.max, cadence.unit, cadence.hard) == (1, TimeUnit.years, True)
    assert review.cadence.months == 12
    assert review.source is not None and review.source.section == "Appendix B"
    terms = obligation(pf, "G/sag-terms")
    assert terms.cadence is not None and terms.cadence.months == 12
    assert terms.actors.approves == ["leadership"]


def test_periodic_reviews_without_a_period_have_no_cadence(pf: Framework) -> None:
    for suffix in ("P/tracked-category-review", "P/research-categories-review"):
        item = obligation(pf, suffix)
        assert item.cadence is None and item.deadline is None, suffix
        assert any("no period" in n for n in item.notes), suffix


def test_sag_reviews_and_leadership_decides(pf: Framework) -> None:
    review = obligation(pf, "G/sag-reviews-capabilities-report")
    assert review.trigger is not None and review.trigger.event == "capability_report_completed"
    assert review.actors.responsible == ["sag"] and review.before == "deployment"
    sufficiency = obligation(pf, "G/sag-safeguards-sufficiency")
    assert sufficiency.trigger is not None
    assert sufficiency.trigger.event == "safeguards_report_completed"
    assert sufficiency.modality == Modality.must
    assert obligation(pf, "G/sag-safeguards-decision").modality == Modality.may
    assert obligation(pf, "G/sag-capability-next-steps").modality == Modality.example
    final = obligation(pf, "G/leadership-final-decisions")
    assert final.actors.approves == ["leadership"] and "sag" in final.actors.consulted
    assert obligation(pf, "G/board-reversal").modality == Modality.may
    assert obligation(pf, "G/leadership-without-sag").modality == Modality.may


def test_reports_and_marginal_risk(pf: Framework) -> None:
    report = pf.standards_by_id[f"{P}/SAFEGUARDS-REPORT"]
    should = [r.id for r in report.requirements if r.modality == Modality.should]
    assert len(should) == 4  # §4.2: "should include the following information" (four bullets)
    assert pf.baseline_standards == [f"{P}/CAPABILITY-ASSESSMENT"]
    marginal = obligation(pf, "P/marginal-risk-adjustment")
    assert marginal.modality == Modality.may and marginal.condition
    assert marginal.trigger is not None
    assert marginal.trigger.event == "other_developer_release_confirmed"
    assert obligation(pf, "P/derived-models").source is not None
    assert obligation(pf, "P/derived-models").modality == Modality.expected  # "ordinarily"


def test_self_improvement_critical_states_its_figures(pf: Framework) -> None:
    threshold = pf.thresholds_by_id[f"{P}/SELF-IMPROVEMENT-CRITICAL"]
    figures = {f.name: f for f in threshold.figures}
    assert figures["generational_improvement_time_fraction"].value == 0.2
    assert figures["generational_improvement_example_weeks"].unit == "weeks"
    severe = pf.figure("severe_harm_deaths")
    assert severe is not None and severe.min == 1000 and severe.approx


def test_catalog_list_and_show_present_it(cli: Cli) -> None:
    listed = cli("catalog", "list")
    assert listed.code == 0 and any(line.startswith(P) for line in listed.out.splitlines())
    shown = " ".join(cli("catalog", "show", f"{P}/P/critical-halt-development").out.split())
    assert "section: §2.2, Table 1" in shown
    assert "trigger: threshold_crossed" in shown
    assert "only for thresholds at levels: Critical" in shown
    data = json.loads(
        cli("catalog", "show", f"{P}/P/cyber-high-cyberdefense", "--format", "json").out
    )
    assert data["trigger"]["thresholds"] == [f"{P}/CYBER-HIGH"]
    assert data["modality"] == "should"
