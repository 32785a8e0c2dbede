"""Facts of the RSP v2.2 text that the shipped catalogue must keep (issue 13).

Each test names the passage of ANT-RSP-v2-2 it pins; the quotes themselves are checked
against the text with ``workbench catalog audit`` (the text is not part of the repository).
"""

from __future__ import annotations

from workbench.checks.triggers import limits
from workbench.domain import Framework, Modality, ObligationKind, TimeUnit

P = "RSP-2.2"


def test_every_item_has_section_quote_and_modality(rsp: Framework) -> None:
    missing = [item.id for item in rsp.items() if item.source is None]
    assert missing == []
    sections = {item.source.section for item in rsp.items() if item.source is not None}
    assert all(s.strip() for s in sections)
    assert all(isinstance(item.modality, Modality) for item in rsp.items())
    assert all(part.strip() for item in rsp.items() if item.source for part in item.source.parts)


def test_preliminary_assessment_is_routine_and_decides_notably_more_capable(
    rsp: Framework,
) -> None:
    """§3.1: preliminary assessments decide whether the model is "notably more capable"."""
    preliminary = rsp.obligations_by_id[f"{P}/P/preliminary-assessment"]
    assert preliminary.trigger is None  # routine, not triggered
    assert preliminary.source is not None
    assert preliminary.source is not None and preliminary.source.section == "§3.1"
    assert preliminary.source is not None
    assert "notably more capable than the last model" in preliminary.source.text
    figures = {f.name: (f.value, f.unit) for f in preliminary.figures}
    assert figures == {
        "effective_compute_multiplier": (4, "x"),
        "elicitation_months": (6, "months"),
    }


def test_notably_more_capable_triggers_the_comprehensive_assessment(rsp: Framework) -> None:
    comprehensive = rsp.obligations_by_id[f"{P}/P/comprehensive-assessment"]
    assert comprehensive.trigger is not None
    assert comprehensive.trigger.event == "preliminary_assessment_notably_more_capable"
    figures = {f.name: f.value for f in comprehensive.trigger.figures}
    assert figures == {"effective_compute_multiplier": 4, "elicitation_months": 6}
    assert (limits(rsp).compute_ratio, limits(rsp).elicitation_months) == (4, 6)


def test_rso_may_lower_the_default_4x_in_footnote_8(rsp: Framework) -> None:
    lower = rsp.obligations_by_id[f"{P}/P/rso-limit-training"]
    assert lower.source is not None
    assert lower.source is not None and lower.source.section == "fn 8"
    assert lower.modality == Modality.may
    assert lower.actors.responsible == ["rso"]
    assert lower.source is not None
    assert "less than the default 4x Effective Compute increase" in lower.source.text


def test_the_month_long_target_is_soft(rsp: Framework) -> None:
    """§3.2: "should ideally be concluded within about a month" is not a 30-day deadline."""
    comprehensive = rsp.obligations_by_id[f"{P}/P/comprehensive-assessment"]
    deadline = comprehensive.deadline
    assert deadline is not None
    assert (deadline.max, deadline.unit, deadline.hard) == (1, TimeUnit.months, False)
    assert comprehensive.deadline_days is None
    assert comprehensive.source is not None
    assert "should ideally be concluded within about a month" in comprehensive.source.text


def test_ceo_and_rso_decide_board_and_ltbt_are_told_before_moving_forward(
    rsp: Framework,
) -> None:
    for decision, shared in (
        ("P/capability-decision", "P/capability-decision-shared"),
        ("P/safeguards-decision", "P/safeguards-decision-shared"),
    ):
        decide = rsp.obligations_by_id[f"{P}/{decision}"]
        assert decide.actors.responsible == ["ceo", "rso"]
        share = rsp.obligations_by_id[f"{P}/{shared}"]
        assert share.actors.informed == ["board", "ltbt"]
        assert share.before == "moving forward"
        assert share.source is not None
        assert share.source is not None and "before moving forward" in share.source.text


def test_section_6_2_no_comparable_training_until_asl3_security(rsp: Framework) -> None:
    pause = rsp.obligations_by_id[f"{P}/P/no-comparable-training"]
    assert pause.source is not None
    assert pause.source is not None and pause.source.section.startswith("§6.2")
    assert pause.source is not None
    assert "We will not train models with comparable or greater capabilities" in pause.source.text
    assert {f.name: f.value for f in pause.figures} == {"comparable_capability_multiplier": 1}


def test_interim_measures_are_approved_by_ceo_and_rso(rsp: Framework) -> None:
    interim = rsp.obligations_by_id[f"{P}/P/interim-measures"]
    assert interim.actors.approves == ["ceo", "rso"]
    assert interim.actors.informed == ["board", "ltbt"]
    examples = rsp.obligations_by_id[f"{P}/P/interim-measures-examples"]
    assert examples.modality == Modality.example


def test_governance_obligations_the_first_catalogue_missed(rsp: Framework) -> None:
    sections = {o.id.split("/", 1)[1]: o.source.section for o in rsp.obligations if o.source}
    assert sections["T/internal-transparency"] == "§7.1.3"
    assert sections["G/non-disparagement"] == "§7.1.6"
    assert sections["G/external-expert-input"] == "§7.2.2"
    assert sections["G/noncompliance-escalation"] == "§7.1.5"
    assert sections["R/noncompliance-quarterly-summaries"] == "fn 15"
    assert sections["G/policy-changes"] == "§7.1.7"
    assert sections["T/public-updates-cadence"] == "fn 19"
    notice = rsp.obligations_by_id[f"{P}/G/government-notice"]
    assert notice.kind == ObligationKind.notification
    assert notice.source is not None
    assert "a relevant U.S. Government entity" in notice.source.text


def test_anonymous_noncompliance_reporting_to_the_rso(rsp: Framework) -> None:
    channel = rsp.obligations_by_id[f"{P}/G/noncompliance-channel"]
    assert channel.source is not None
    assert "anonymously notify the Responsible Scaling Officer" in channel.source.text
    escalation = rsp.obligations_by_id[f"{P}/G/noncompliance-escalation"]
    assert escalation.trigger is not None and escalation.trigger.event == "noncompliance_about_rso"
    assert escalation.actors.informed == ["board"]


def test_policy_changes_proposed_approved_and_consulted(rsp: Framework) -> None:
    change = rsp.obligations_by_id[f"{P}/G/policy-changes"]
    assert change.actors.responsible == ["ceo", "rso"]
    assert change.actors.approves == ["board"]
    assert change.actors.consulted == ["ltbt"]


def test_public_update_cadence_is_a_soft_range(rsp: Framework) -> None:
    cadence = rsp.obligations_by_id[f"{P}/T/public-updates-cadence"].cadence
    assert cadence is not None
    assert (cadence.min, cadence.max, cadence.unit, cadence.hard) == (6, 12, TimeUnit.months, False)


def test_ai_rd_5_states_the_1000x_effective_scaling_figure(rsp: Framework) -> None:
    threshold = rsp.thresholds_by_id[f"{P}/AI-RD-5"]
    figure = next(f for f in threshold.figures if f.name == "effective_scaling_one_year")
    assert (figure.value, figure.unit, figure.approx) == (1000, "x", True)
    assert threshold.source is not None
    assert "~1000x" in threshold.source.text


def test_checkpoint_rules_out_both_ai_rd_thresholds(rsp: Framework) -> None:
    checkpoint = rsp.thresholds_by_id[f"{P}/CP-AUTONOMY"]
    assert checkpoint.checkpoint
    assert checkpoint.rules_out == [f"{P}/AI-RD-4", f"{P}/AI-RD-5"]
    hours = next(f for f in checkpoint.figures if f.name == "task_hours")
    assert (hours.min, hours.max) == (2, 8)


def test_notes_carry_facts_from_other_documents_only(rsp: Framework) -> None:
    notes = [n for item in rsp.items() for n in getattr(item, "notes", [])]
    assert notes and all("report" in n or "document" in n for n in notes)
