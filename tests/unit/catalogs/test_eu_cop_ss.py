"""The shipped EU GPAI Code of Practice (Safety and Security chapter) catalogue, pinned item by
item against the text of 10 July 2025: ids, modality, deadlines as numbers and units, sections."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from workbench.app.catalogs import builtin_framework
from workbench.domain import Framework, Obligation
from workbench.domain.catalog import Direction, Modality, TimeUnit
from workbench.domain.quotes import audit_quotes

P = "EU-COP-SS"


@pytest.fixture(scope="module")
def eu() -> Framework:
    return builtin_framework(P)


def obligation(framework: Framework, suffix: str) -> Obligation:
    return framework.obligations_by_id[f"{P}/{suffix}"]


def test_header(eu: Framework) -> None:
    assert (eu.id, eu.publisher, eu.effective_date) == (
        P,
        "European AI Office",
        dt.date(2025, 7, 10),
    )
    assert eu.source.date == dt.date(2025, 7, 10)


def test_every_item_cites_a_section_of_the_text(eu: Framework) -> None:
    prefixes = ("Commitment ", "Measure ", "Appendix ", "Glossary")
    for item in eu.items():
        assert item.source is not None, item.id
        assert item.source.section.startswith(prefixes), item.id
        assert all(p.strip() for p in item.source.parts), item.id


def test_ten_commitments_are_the_standards_and_all_are_baseline(eu: Framework) -> None:
    ids = [f"{P}/C{n}" for n in range(1, 11)]
    assert [s.id for s in eu.standards] == ids
    assert eu.baseline_standards == ids
    assert eu.standards_by_id[f"{P}/C6"].kind.value == "security"
    assert eu.standards_by_id[f"{P}/C7"].title == "Safety and Security Model Report"


def test_the_four_specified_systemic_risks_demand_safety_and_security_mitigations(
    eu: Framework,
) -> None:
    assert [t.id.removeprefix(f"{P}/") for t in eu.thresholds] == [
        "SR-CBRN",
        "SR-LOSS-OF-CONTROL",
        "SR-CYBER",
        "SR-MANIPULATION",
    ]
    for t in eu.thresholds:
        assert t.source is not None and t.source.section == "Appendix 1.4", t.id
        assert t.required_standards == [f"{P}/C5", f"{P}/C6"], t.id


def test_systemic_risk_tiers_requirement_quotes_measure_4_1(eu: Framework) -> None:
    tiers = eu.requirements_by_id[f"{P}/M4.1/tiers"]
    assert tiers.modality == Modality.must and tiers.source is not None
    assert tiers.source.section == "Measure 4.1"
    assert (
        "comprise at least one systemic risk tier that has not been reached by the model; or"
        in (tiers.source.parts)
    )


def test_framework_confirmed_four_weeks_after_notification_two_weeks_before_market(
    eu: Framework,
) -> None:
    after = obligation(eu, "M1.1/confirm-after-notification").deadline
    before = obligation(eu, "M1.1/confirm-before-market").deadline
    assert after is not None and before is not None
    assert (after.max, after.unit, after.hard, after.direction) == (
        4,
        TimeUnit.weeks,
        True,
        Direction.after,
    )
    assert after.anchor == "commission_notified"
    assert (before.max, before.unit, before.anchor, before.direction) == (
        2,
        TimeUnit.weeks,
        "model_placed_on_market",
        Direction.before,
    )
    assert before.describe() == "at least 2 weeks before model_placed_on_market (hard)"
    by_market = obligation(eu, "M7.7/access-by-market").deadline
    assert by_market is not None and by_market.describe() == "by model_placed_on_market (hard)"


@pytest.mark.parametrize(
    ("suffix", "limit", "anchor"),
    [
        ("M1.4/notify", 5, "framework_confirmed"),
        ("M7.7/update-access", 5, "model_report_update_confirmed"),
        ("M7.7/delay", 15, "model_placed_on_market"),
        ("M3.5/disclosure-window", 30, "evaluator_findings_received"),
    ],
)
def test_business_day_deadlines(eu: Framework, suffix: str, limit: int, anchor: str) -> None:
    deadline = obligation(eu, suffix).deadline
    assert deadline is not None
    assert (deadline.max, deadline.unit, deadline.hard, deadline.anchor) == (
        limit,
        TimeUnit.business_days,
        True,
        anchor,
    )
    assert obligation(eu, suffix).deadline_days is None  # not calendar days


def test_the_delay_of_fifteen_business_days_is_a_permission(eu: Framework) -> None:
    delay = obligation(eu, "M7.7/delay")
    assert delay.modality == Modality.may
    assert delay.condition is not None and "good faith" in delay.condition


@pytest.mark.parametrize(
    ("suffix", "days"),
    [
        ("M9.3/initial-critical-infrastructure", 2),
        ("M9.3/initial-cybersecurity", 5),
        ("M9.3/initial-death", 10),
        ("M9.3/initial-serious-harm", 15),
    ],
)
def test_initial_incident_reports_by_severity(eu: Framework, suffix: str, days: int) -> None:
    item = obligation(eu, suffix)
    assert item.trigger is not None and item.trigger.event == "serious_incident_aware"
    assert item.deadline is not None
    assert (item.deadline.max, item.deadline.unit, item.deadline.hard) == (
        days,
        TimeUnit.days,
        True,
    )
    assert item.deadline_days == days
    assert item.source is not None and item.source.section == "Measure 9.3"
    assert "ai_office" in item.actors.informed


def test_intermediate_and_final_incident_reports(eu: Framework) -> None:
    intermediate = obligation(eu, "M9.3/intermediate").cadence
    final = obligation(eu, "M9.3/final").deadline
    assert intermediate is not None and final is not None
    assert (intermediate.max, intermediate.unit) == (4, TimeUnit.weeks)
    assert intermediate.anchor == "initial_incident_report_submitted"
    assert (final.max, final.unit, final.anchor) == (60, TimeUnit.days, "serious_incident_resolved")


def test_model_report_every_six_months_only_for_the_most_capable_models(eu: Framework) -> None:
    item = obligation(eu, "M7.6/six-monthly")
    assert item.cadence is not None
    assert (item.cadence.max, item.cadence.unit, item.cadence.hard) == (6, TimeUnit.months, True)
    assert item.condition is not None and "most capable" in item.condition
    assert item.source is not None and item.source.section == "Measure 7.6"


def test_a_reasonable_time_is_a_should_without_a_number(eu: Framework) -> None:
    item = obligation(eu, "M7.6/update-timely")
    assert item.modality == Modality.should
    assert item.deadline is None and item.cadence is None


def test_retention_periods_are_minimums_in_years(eu: Framework) -> None:
    incidents = obligation(eu, "M9.4/retention").deadline
    documentation = obligation(eu, "M10.1/retention").deadline
    assert incidents is not None and documentation is not None
    assert (incidents.min, incidents.max, incidents.unit) == (5, None, TimeUnit.years)
    assert (documentation.min, documentation.max, documentation.unit) == (10, None, TimeUnit.years)
    assert documentation.anchor == "model_placed_on_market"
    assert incidents.describe().startswith("at least 5 years")


def test_framework_assessment_every_twelve_months_from_placing_on_the_market(
    eu: Framework,
) -> None:
    item = obligation(eu, "M1.3/framework-assessment")
    assert item.cadence is not None
    assert (item.cadence.max, item.cadence.unit, item.cadence.anchor) == (
        12,
        TimeUnit.months,
        "model_placed_on_market",
    )


def test_examples_are_never_demanded(eu: Framework) -> None:
    examples = [r for r in eu.requirements if r.modality == Modality.example]
    assert {r.id for r in examples} >= {
        f"{P}/M5.1/example-io-monitoring",
        f"{P}/M3.2/example-methods",
        f"{P}/A3.4/time-example",
    }
    assert not any(r.demanded for r in examples)
    # "For example, a period of at least 20 business days is appropriate" (Appendix 3.4).
    figure = {f.name: f for f in eu.requirements_by_id[f"{P}/A3.4/time-example"].figures}
    assert (figure["evaluation_period"].value, figure["evaluation_period"].unit) == (
        20,
        "business_days",
    )


def test_appendix_4_security_measures_quote_their_objectives(eu: Framework) -> None:
    encryption = eu.requirements_by_id[f"{P}/A4.2/encryption"]
    assert encryption.source is not None and encryption.source.section == "Appendix 4.2"
    assert "at least 256-bit security" in encryption.source.text
    security = eu.standards_by_id[f"{P}/C6"]
    assert sum(r.id.startswith(f"{P}/A4.") for r in security.requirements) == 25


def test_the_incident_clocks_quote_the_text_as_the_conversion_reads(eu: Framework) -> None:
    """Measures 1.4, 9.3 and 9.4 of the markdown conversion (double spaces, a page number
    between points (1) and (2), a line break inside "a serious and irreversible")."""
    text = (Path(__file__).parent / "data" / "eu-cop-ss-excerpt.txt").read_text(encoding="utf-8")
    chosen = [
        o for o in eu.obligations if o.id.startswith((f"{P}/M1.4/", f"{P}/M9.3/", f"{P}/M9.4/"))
    ]
    assert len(chosen) == 9
    subset = eu.model_copy(update={"thresholds": [], "standards": [], "baseline_standards": [],
                                   "obligations": chosen, "definitions": []})  # fmt: skip
    report = audit_quotes(subset, text)
    assert report.missing == [] and report.unquoted == []
    assert len(report.checked) == 13
    elsewhere = eu.model_copy(update={"thresholds": [], "standards": [], "baseline_standards": [],
                                      "obligations": [obligation(eu, "M1.1/confirm-before-market")],
                                      "definitions": []})  # fmt: skip
    assert len(audit_quotes(elsewhere, text).missing) == 1
