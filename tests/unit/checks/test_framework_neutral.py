"""Trigger limits and level names come from the framework's own text, never from RSP v2.2's."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.builders import case
from workbench.checks import run_checks
from workbench.checks.triggers import Limits, limits, unstated_triggers
from workbench.domain import (
    CaseDocument,
    Determination,
    Framework,
    Meaning,
    Outcome,
    SignerRole,
    SignOff,
    required_level,
)

TODAY = dt.date(2026, 11, 23)
TRIGGER_RULES = {
    "CMP-PRELIMINARY-DUE",
    "EVD-STALE-ASSESSMENT",
    "EVD-ASSESSMENT-UNDATED",
    "CMP-REAPPROVAL",
}


def with_model(doc: CaseDocument, **facts: Any) -> CaseDocument:
    model = doc.assessment.model.model_copy(update=facts)
    return doc.model_copy(update={"assessment": doc.assessment.model_copy(update={"model": model})})


def approved_long_ago(doc: CaseDocument) -> CaseDocument:
    """An approval sign-off 400 days old (past RSP v2.2's annual re-approval)."""
    signed = dt.datetime(2025, 10, 19, 12, 0, tzinfo=dt.UTC)
    signoff = SignOff(
        id="SO1",
        signer="Ada Approver",
        role=SignerRole.approver,
        meaning=Meaning.approved,
        signed_at=signed,
        state_hash=doc.state_hash(),
    )
    return doc.model_copy(update={"signoffs": [signoff]})


def past_every_limit(framework: str, **facts: Any) -> CaseDocument:
    """5x effective compute, 7 months of post-training, a year-old assessment and approval."""
    doc = case("Neutral model", framework=framework).goal("G1").document()
    defaults: dict[str, Any] = {
        "effective_compute_ratio": 5.0,
        "post_training_months": 7.0,
        "last_comprehensive": dt.date(2025, 11, 1),
    }
    return approved_long_ago(with_model(doc, **(defaults | facts)))


def rules(doc: CaseDocument) -> set[str]:
    return {f.rule for f in run_checks(doc, today=TODAY).findings}


def decide(doc: CaseDocument, crossed: set[str]) -> CaseDocument:
    prefix = f"{doc.framework.id}/"
    determinations = [
        Determination(
            threshold=t.id,
            outcome=Outcome.crossed if t.id.removeprefix(prefix) in crossed else Outcome.ruled_out,
        )
        for t in doc.framework.thresholds
    ]
    assessment = doc.assessment.model_copy(update={"determinations": determinations})
    return doc.model_copy(update={"assessment": assessment})


def level_message(doc: CaseDocument) -> str:
    (finding,) = [f for f in run_checks(doc, today=TODAY).findings if f.rule == "DET-REQUIRED-ASL"]
    return finding.message


# ---------------------------------------------------------------------------- limits
@pytest.mark.parametrize("framework", ["OAI-PF-2", "RSP-3.4", "GDM-FSF-3.1"])
def test_a_framework_that_states_no_trigger_limit_gets_none(framework: str) -> None:
    doc = past_every_limit(framework)
    assert limits(doc.framework) == Limits(None, None, None)
    assert rules(doc) & TRIGGER_RULES == set()
    # Without an age limit the date of the last comprehensive assessment is not needed.
    assert "EVD-ASSESSMENT-UNDATED" not in rules(with_model(doc, last_comprehensive=None))
    assert unstated_triggers(doc.framework) == (
        f"{framework} states no effective-compute trigger, no post-training (elicitation) "
        "trigger, no comprehensive-assessment age limit and no re-approval period; none is "
        "checked."
    )


def test_rsp22_keeps_its_stated_limits() -> None:
    doc = past_every_limit("RSP-2.2")
    assert limits(doc.framework) == Limits(4, 6, 365)
    assert rules(doc) >= {"CMP-PRELIMINARY-DUE", "EVD-STALE-ASSESSMENT", "CMP-REAPPROVAL"}
    assert "EVD-ASSESSMENT-UNDATED" in rules(with_model(doc, last_comprehensive=None))
    assert unstated_triggers(doc.framework) == ""


def test_a_format_1_catalogue_states_rsp22s_limits_on_upgrade() -> None:
    old = Framework.model_validate(
        {
            "format": 1,
            "id": "OLD",
            "title": "Old",
            "publisher": "Tests",
            "version": "1",
            "source": {"title": "Old", "version": "1"},
            "process": [],
            "governance": [],
        }
    )
    assert {f.name: f.number for f in old.figures} == {
        "effective_compute_multiplier": 4,
        "elicitation_months": 6,
        "reapproval_days": 365,
    }
    assert limits(old) == Limits(4, 6, 365)


def test_format_1_upgrade_keeps_a_limit_the_catalogue_states() -> None:
    old = Framework.model_validate(
        {
            "format": 1,
            "id": "OLD",
            "title": "Old",
            "publisher": "Tests",
            "version": "1",
            "source": {"title": "Old", "version": "1"},
            "figures": [{"name": "effective_compute_multiplier", "value": 8, "unit": "x"}],
        }
    )
    assert limits(old) == Limits(8, 6, 365)


# ---------------------------------------------------------------------------- levels
def test_oai_pf2_names_its_required_level_high() -> None:
    doc = decide(case(framework="OAI-PF-2").goal("G1").document(), {"BIO-HIGH"})
    message = level_message(doc)
    assert message.startswith("required safeguards level: High (deployment High, security High): ")
    assert "ASL" not in message


def test_oai_pf2_with_nothing_crossed_demands_no_level() -> None:
    doc = decide(case(framework="OAI-PF-2").goal("G1").document(), set())
    assert level_message(doc).startswith("required safeguards level: none demanded: ")


def test_oai_pf2_critical_outranks_high() -> None:
    doc = decide(case(framework="OAI-PF-2").goal("G1").document(), {"BIO-HIGH", "CYBER-CRITICAL"})
    assert level_message(doc).startswith(
        "required safeguards level: Critical (deployment Critical, security Critical): "
    )


def test_gdm_names_its_security_level() -> None:
    doc = decide(case(framework="GDM-FSF-3.1").goal("G1").document(), {"MLRD-ACCELERATION-1"})
    # The catalogue demands no security level for a CCL (the text recommends them).
    assert level_message(doc).startswith("required safeguards level: none demanded: ")
    thresholds = [
        t.model_copy(update={"required_standards": [*t.required_standards, "GDM-FSF-3.1/SL3"]})
        if t.id == "GDM-FSF-3.1/MLRD-ACCELERATION-1"
        else t
        for t in doc.framework.thresholds
    ]
    demanding = doc.model_copy(
        update={"framework": doc.framework.model_copy(update={"thresholds": thresholds})}
    )
    assert level_message(demanding).startswith("required safeguards level: SL3 (security SL3): ")
    report = run_checks(demanding, today=TODAY)
    level = required_level(demanding.framework, report.required_asl)
    assert (level.overall, level.deployment, level.security) == ("SL3", None, "SL3")


@pytest.mark.parametrize(
    ("framework", "crossed", "text"),
    [
        ("RSP-2.2", set(), "required ASL-2 (deployment ASL-2, security ASL-2)"),
        ("RSP-2.2", {"CBRN-3"}, "required ASL-3 (deployment ASL-3, security ASL-3)"),
        ("RSP-3.4", set(), "required none (deployment none, security none)"),
    ],
)
def test_rsp_keeps_the_asl_wording(framework: str, crossed: set[str], text: str) -> None:
    doc = decide(case(framework=framework).goal("G1").document(), crossed)
    assert level_message(doc).startswith(text + ": ")


def test_json_adds_the_level_in_the_frameworks_terms() -> None:
    doc = decide(case(framework="OAI-PF-2").goal("G1").document(), {"BIO-HIGH"})
    data = run_checks(doc, today=TODAY).to_json(doc.framework)
    assert data["required_level"] == {
        "label": "safeguards level",
        "overall": "High",
        "deployment": "High",
        "security": "High",
        "text": "High (deployment High, security High)",
    }
    assert set(data) == {"required_asl", "required_level", "blocking", "findings"}


def test_an_undemanded_claim_is_judged_at_the_required_safeguards_level() -> None:
    rid = "OAI-PF-2/MISUSE-HIGH/sufficient-before-deployment"
    doc = decide(case(framework="OAI-PF-2").goal("G1", addresses=[rid]).document(), set())
    (finding,) = [f for f in run_checks(doc, today=TODAY).findings if f.rule == "COV-NOT-DEMANDED"]
    assert finding.message.endswith("is not demanded at the required safeguards level")
    assert finding.hint == (
        "Nothing to fix; the claim is extra assurance beyond what the safeguards level demands."
    )
