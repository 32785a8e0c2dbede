"""The shipped RSP v3.4 catalogue: the facts of the policy text, pinned item by item."""

from __future__ import annotations

import datetime as dt

import pytest

from workbench.app.catalogs import DEFAULT_FRAMEWORK, builtin_framework
from workbench.domain import Framework, Obligation
from workbench.domain.catalog import Modality, TierKind, TimeUnit

P = "RSP-3.4"


@pytest.fixture(scope="module")
def rsp34() -> Framework:
    return builtin_framework(P)


def obligation(framework: Framework, suffix: str) -> Obligation:
    return framework.obligations_by_id[f"{P}/{suffix}"]


def test_header_and_default(rsp34: Framework) -> None:
    assert (rsp34.id, rsp34.version, rsp34.effective_date) == (P, "3.4", dt.date(2026, 7, 8))
    assert DEFAULT_FRAMEWORK == "RSP-2.2"  # new stores stay on v2.2


def test_every_item_cites_its_text_with_a_modality(rsp34: Framework) -> None:
    for item in rsp34.items():
        assert item.source is not None, item.id
        assert item.source.section.startswith(("§", "Appendix", "Introduction", "fn")), item.id
        assert all(p.strip() for p in item.source.parts), item.id


def test_quotes_stop_before_glued_footnote_numbers(rsp34: Framework) -> None:
    # "…publication of the report.10" in §3.1: the footnote number is not part of the quote.
    quote = obligation(rsp34, "P/risk-report-coverage-date").source
    assert quote is not None
    assert quote.text.endswith("prior to the publication of the report.")
    for item in rsp34.items():
        assert item.source is not None
        for part in item.source.parts:
            assert not part[-1].isdigit() or part.endswith(("(2)", "2023")), (item.id, part)


def test_four_thresholds_each_with_both_tiers(rsp34: Framework) -> None:
    assert [t.id.removeprefix(f"{P}/") for t in rsp34.thresholds] == [
        "CHEMBIO-NON-NOVEL",
        "CHEMBIO-NOVEL",
        "MISALIGNED-HIGH-STAKES",
        "AUTOMATED-RD",
    ]
    for t in rsp34.thresholds:
        assert [tier.tier for tier in t.tiers] == [
            TierKind.company_plan,
            TierKind.industry_recommendation,
        ], t.id
        assert all(tier.source is not None for tier in t.tiers)
        assert t.required_standards, t.id


def test_industry_recommendation_is_a_should_not_a_company_commitment(rsp34: Framework) -> None:
    for t in rsp34.thresholds:
        recommendation = t.tiers[1].source
        assert recommendation is not None
        assert "should make a strong argument" in recommendation.text, t.id


def test_automated_rd_states_its_figures(rsp34: Framework) -> None:
    threshold = rsp34.thresholds_by_id[f"{P}/AUTOMATED-RD"]
    figures = {f.name: f for f in threshold.figures}
    assert figures["competitive_cost_factor"].value == 5
    assert figures["progress_rate_multiplier"].value == 2
    assert figures["extended_progress_model_generations"].min == 3


def test_risk_reports_every_three_to_six_months(rsp34: Framework) -> None:
    cadence = obligation(rsp34, "P/risk-report-cadence").cadence
    assert cadence is not None
    assert (cadence.min, cadence.max, cadence.unit, cadence.hard) == (3, 6, TimeUnit.months, True)


def test_coverage_date_at_most_thirty_days_before_publication(rsp34: Framework) -> None:
    item = obligation(rsp34, "P/risk-report-coverage-date")
    assert item.deadline is not None and item.deadline.days == 30 and item.deadline.hard
    assert rsp34.figure_value("coverage_date_max_days_before_publication", 0) == 30


def test_off_cycle_analysis_within_thirty_days_of_a_riskier_internal_model(
    rsp34: Framework,
) -> None:
    item = obligation(rsp34, "P/offcycle-internal-model")
    assert item.trigger is not None and item.trigger.event == "riskier_internal_model_determined"
    assert item.deadline_days == 30
    public = obligation(rsp34, "P/offcycle-public-deployment")
    assert public.trigger is not None and public.trigger.event == "model_deployed"
    assert public.deadline is None  # the text sets no delay: the analysis comes with it


def test_ceo_and_rso_approve_and_share_with_board_and_ltbt(rsp34: Framework) -> None:
    approval = obligation(rsp34, "G/risk-report-approval")
    assert approval.actors.approves == ["ceo", "rso"]
    sharing = obligation(rsp34, "G/risk-report-board-ltbt-sharing")
    assert sharing.actors.responsible == ["ceo", "rso"]
    assert sharing.actors.informed == ["board", "ltbt"]
    assert sharing.deadline is None  # "promptly": no number of days


def test_board_and_ltbt_approve_only_under_the_marginal_risk_condition(
    rsp34: Framework,
) -> None:
    item = obligation(rsp34, "G/risk-report-board-ltbt-approval")
    assert item.actors.approves == ["board", "ltbt"]
    assert item.condition is not None and "marginal risk analysis" in item.condition.lower()
    assert item.modality == Modality.must
    unconditional = obligation(rsp34, "G/risk-report-approval")
    assert unconditional.condition is None


def test_external_review_one_week_to_share_thirty_days_to_comment(rsp34: Framework) -> None:
    sharing = obligation(rsp34, "P/external-review-sharing")
    assert sharing.deadline is not None
    assert (sharing.deadline.max, sharing.deadline.unit, sharing.deadline_days) == (
        1,
        TimeUnit.weeks,
        7,
    )
    assert sharing.trigger is not None and sharing.trigger.event == "report_submitted_to_board"
    commentary = obligation(rsp34, "P/external-review-commentary")
    assert commentary.deadline_days == 30


def test_external_review_required_for_highly_capable_and_significantly_redacted(
    rsp34: Framework,
) -> None:
    item = obligation(rsp34, "P/external-review-required")
    assert item.condition is not None
    assert "highly capable" in item.condition and "significantly redacted" in item.condition
    selection = obligation(rsp34, "G/reviewer-selection-approval")
    assert selection.actors.approves == ["ltbt"] and selection.actors.consulted == ["board"]
    conflicts = obligation(rsp34, "P/reviewer-conflicts-of-interest").source
    assert conflicts is not None and "financial interest" in conflicts.text


def test_redactions_disclosed_and_justification_is_an_aim(rsp34: Framework) -> None:
    assert obligation(rsp34, "T/redactions-disclosed").modality == Modality.must
    assert obligation(rsp34, "T/redaction-justification").modality == Modality.should
    assert obligation(rsp34, "T/redaction-reasons").modality == Modality.example


def test_noncompliance_routing_and_quarterly_board_updates(rsp34: Framework) -> None:
    routing = obligation(rsp34, "G/noncompliance-routing").source
    assert routing is not None
    assert "at least one executive who does not report to the RSO" in routing.text
    assert "at least one recipient will be a member of the Board" in routing.text
    quarterly = obligation(rsp34, "G/noncompliance-quarterly-updates").cadence
    assert quarterly is not None and (quarterly.max, quarterly.unit) == (3, TimeUnit.months)
    notice = obligation(rsp34, "G/noncompliance-board-notice")
    assert notice.condition is not None and "material safety risk" in notice.condition


def test_procedural_review_is_approximately_annual_not_365_days(rsp34: Framework) -> None:
    item = obligation(rsp34, "G/procedural-compliance-review")
    assert item.cadence is not None
    assert (item.cadence.max, item.cadence.unit, item.cadence.hard) == (1, TimeUnit.years, False)
    assert item.cadence_days is None


def test_at_least_two_hundred_employees_read_unredacted_reports(rsp34: Framework) -> None:
    item = obligation(rsp34, "T/internal-unredacted-sharing")
    assert [(f.name, f.min) for f in item.figures] == [("unredacted_report_readers", 200)]


def test_roadmap_goals_are_not_hard_commitments(rsp34: Framework) -> None:
    roadmap = obligation(rsp34, "P/frontier-safety-roadmap")
    assert any("not hard commitments" in note for note in roadmap.notes)
    assert obligation(rsp34, "P/roadmap-revisions").modality == Modality.should


def test_risk_report_contents_are_the_baseline_standard(rsp34: Framework) -> None:
    assert rsp34.baseline_standards == [f"{P}/RISK-REPORT"]
    contents = rsp34.standards_by_id[f"{P}/RISK-REPORT"]
    names = [r.id.rsplit("/", 1)[1] for r in contents.requirements]
    assert names[:5] == [
        "threat-model-identification",
        "threat-model-specification",
        "capability-evidence",
        "risk-mitigations",
        "additional-factors",
    ]
    assert "risk-benefit-determination" in names and "roadmap-changes" in names
    assert all(r.demanded for r in contents.requirements)
