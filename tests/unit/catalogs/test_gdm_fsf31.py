"""The shipped Frontier Safety Framework v3.1 catalogue: the facts of the text, item by item."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from workbench.app.catalogs import builtin_framework, builtin_frameworks
from workbench.domain import Framework, Obligation
from workbench.domain.catalog import ACTORS, Modality, StandardKind, TimeUnit

P = "GDM-FSF-3.1"
CCLS = [
    "CBRN-UPLIFT-1",
    "CYBER-UPLIFT-1",
    "HARMFUL-MANIPULATION-1",
    "MLRD-ACCELERATION-1",
    "MLRD-AUTOMATION-1",
]
TCLS = ["CBRN-UPLIFT-TCL", "STEALTH-SITUATIONAL-AWARENESS-TCL"]


@pytest.fixture(scope="module")
def fsf() -> Framework:
    return builtin_framework(P)


def obligation(framework: Framework, suffix: str) -> Obligation:
    return framework.obligations_by_id[f"{P}/{suffix}"]


def test_header(fsf: Framework) -> None:
    assert (fsf.id, fsf.publisher, fsf.version) == (P, "Google DeepMind", "3.1")
    assert fsf.effective_date == dt.date(2026, 4, 17) == fsf.source.date
    assert P in builtin_frameworks()


def test_every_item_cites_its_text_with_a_modality(fsf: Framework) -> None:
    for item in fsf.items():
        assert item.source is not None, item.id
        assert item.source.section.startswith(("§", "Table", "fn", "Glossary")), item.id
        assert all(p.strip() for p in item.source.parts), item.id
        assert item.modality in Modality, item.id


def test_quotes_stop_before_glued_footnote_numbers(fsf: Framework) -> None:
    # Table 2.2.1.a reads "resulting in additional8": the 8 is footnote 8, not in the quote.
    cbrn = fsf.thresholds_by_id[f"{P}/CBRN-UPLIFT-1"].source
    assert cbrn is not None and cbrn.section == "Table 2.2.1.a"
    assert cbrn.parts[0].endswith("resulting in additional")
    assert cbrn.parts[1] == "expected harm at severe scale."
    # "We recommend Security level 413": the level is 4, footnote 13 is left out.
    sl4 = fsf.standards_by_id[f"{P}/SL4"].source
    assert sl4 is not None and sl4.text == "We recommend Security level 4"
    for item in fsf.items():
        assert item.source is not None
        for part in item.source.parts:
            # The two digits the text itself ends on: "level 4" (fn 13 follows), "SL 2+ and 3,".
            assert not part[-1].isdigit() or part.endswith(("level 4", "and 3")), (item.id, part)


def test_five_ccls_each_with_an_alert_threshold(fsf: Framework) -> None:
    ids = [t.id.removeprefix(f"{P}/") for t in fsf.thresholds]
    assert [i for i in ids if not i.endswith(("-ALERT", "-TCL"))] == CCLS
    assert [i for i in ids if i.endswith("-TCL")] == TCLS
    alerts = [t for t in fsf.thresholds if t.alert]
    assert [t.id.removeprefix(f"{P}/") for t in alerts] == [f"{c}-ALERT" for c in CCLS]
    for t in alerts:
        assert t.required_standards == [] and t.expected_standards == [], t.id
        assert t.source is not None and t.source.section == "§1.3.2"
        assert "designed to flag when a CCL may be reached" in t.source.text
        assert "response plan" in t.response
    assert not any(t.checkpoint or t.ongoing for t in fsf.thresholds)


@pytest.mark.parametrize(
    ("ccl", "level"),
    [
        ("CBRN-UPLIFT-1", "SL2-PLUS"),
        ("CYBER-UPLIFT-1", "SL2-PLUS"),
        ("HARMFUL-MANIPULATION-1", "SL2-PLUS"),
        ("MLRD-ACCELERATION-1", "SL3"),
        ("MLRD-AUTOMATION-1", "SL4"),
    ],
)
def test_recommended_security_level_is_expected_not_required(
    fsf: Framework, ccl: str, level: str
) -> None:
    threshold = fsf.thresholds_by_id[f"{P}/{ccl}"]
    assert threshold.level == level
    assert [fsf.standards_by_id[s].level for s in threshold.expected_standards] == [level]
    security = [
        s for s in threshold.required_standards if fsf.standards_by_id[s].kind == "security"
    ]
    assert security == []  # "we recommend": the security level is never demanded
    standard = fsf.standards_by_id[threshold.expected_standards[0]]
    assert (standard.kind, standard.modality) == (StandardKind.security, Modality.should)


def test_security_levels_are_ordered_and_their_measures_are_examples(fsf: Framework) -> None:
    ranks = {lv.id: lv.rank for lv in fsf.levels if lv.family == "Security level"}
    assert ranks["SL2"] < ranks["SL2-PLUS"] < ranks["SL3"] < ranks["SL4"]
    sl2plus = fsf.standards_by_id[f"{P}/SL2-PLUS"]
    examples = [r.id.rsplit("/", 1)[1] for r in sl2plus.requirements if r.modality == "example"]
    assert examples == [
        "insider-risk-teams",
        "background-checks",
        "training-data-review",
        "sandboxed-untrusted-inputs",
        "adversary-red-teaming",
        "threat-hunting",
    ]
    sl3 = fsf.standards_by_id[f"{P}/SL3"]
    unilateral = fsf.requirements_by_id[f"{P}/SL3/prevent-unilateral-access"]
    assert unilateral in sl3.requirements and unilateral.source is not None
    assert (unilateral.source.section, unilateral.modality) == ("fn 12", Modality.example)


def test_ccls_demand_deployment_mitigations_safety_case_and_acceptance(fsf: Framework) -> None:
    misuse = [f"{P}/MISUSE-DEPLOYMENT", f"{P}/MISUSE-SAFETY-CASE", f"{P}/MISUSE-ACCEPTANCE"]
    mlrd = [f"{P}/MLRD-DEPLOYMENT", f"{P}/MLRD-SAFETY-CASE", f"{P}/MLRD-ACCEPTANCE"]
    for ccl in CCLS:
        expected = mlrd if ccl.startswith("MLRD") else misuse
        assert fsf.thresholds_by_id[f"{P}/{ccl}"].required_standards == expected, ccl
    # TCLs: the mitigation process and risk acceptance, no safety case, no security level.
    cbrn_tcl = fsf.thresholds_by_id[f"{P}/CBRN-UPLIFT-TCL"]
    assert cbrn_tcl.required_standards == [f"{P}/MISUSE-DEPLOYMENT", f"{P}/MISUSE-ACCEPTANCE"]
    assert cbrn_tcl.level is None and cbrn_tcl.expected_standards == []
    stealth = fsf.thresholds_by_id[f"{P}/STEALTH-SITUATIONAL-AWARENESS-TCL"]
    assert stealth.required_standards == [
        f"{P}/MLRD-DEPLOYMENT",
        f"{P}/MISALIGNMENT-TCL-ACCEPTANCE",
    ]
    assert stealth.source is not None and "instrumental reasoning abilities" in stealth.source.text


def test_safety_case_supplements_the_residual_risk_assessment(fsf: Framework) -> None:
    item = fsf.requirements_by_id[f"{P}/MISUSE-SAFETY-CASE/supplements-residual-risk-assessment"]
    assert item.source is not None and item.source.section == "§2.1.2"
    assert item.modality == Modality.must
    example = fsf.requirements_by_id[f"{P}/MISUSE-SAFETY-CASE/argument-example"]
    assert example.modality == Modality.example and not example.demanded


def test_security_condition_allows_an_adequacy_assessment(fsf: Framework) -> None:
    item = fsf.requirements_by_id[f"{P}/MISUSE-ACCEPTANCE/security-adequate"]
    assert item.source is not None
    assert item.source.text.endswith(
        "or we otherwise assess that the level of security applied is adequate"
    )
    assert item.modality == Modality.must


def test_pre_deployment_reviews_by_the_governance_function(fsf: Framework) -> None:
    assert "governance_function" in ACTORS and "external_organizations" in ACTORS
    misuse = obligation(fsf, "G/misuse-pre-deployment-review")
    mlrd = obligation(fsf, "G/mlrd-pre-deployment-review")
    for item in (misuse, mlrd):
        assert item.actors.approves == ["governance_function"]
        assert item.trigger is not None and item.trigger.event == "threshold_crossed"
        assert item.deadline is None  # "only after": an ordering, no number of days
    assert misuse.before == "external deployment"
    assert mlrd.before is not None and "high-risk internal deployment" in mlrd.before
    assert misuse.trigger is not None and f"{P}/CBRN-UPLIFT-TCL" in misuse.trigger.thresholds
    assert mlrd.trigger is not None and f"{P}/CBRN-UPLIFT-TCL" not in mlrd.trigger.thresholds


def test_alert_threshold_starts_proximity_assessment_and_response_plan(fsf: Framework) -> None:
    started = {o.id for o in fsf.obligations_triggered_by("alert_threshold_reached")}
    assert started == {f"{P}/P/alert-proximity-assessment", f"{P}/P/response-plan"}
    update = obligation(fsf, "P/response-plan-alert-update")
    assert update.modality == Modality.may and update.condition is not None


def test_framework_reviewed_at_least_once_a_year(fsf: Framework) -> None:
    review = obligation(fsf, "G/framework-annual-review")
    assert review.cadence is not None
    assert (review.cadence.max, review.cadence.unit, review.cadence.hard) == (
        1,
        TimeUnit.years,
        True,
    )
    off_cycle = obligation(fsf, "G/framework-off-cycle-review")
    assert off_cycle.trigger is not None
    assert off_cycle.trigger.event == "framework_adequacy_undermined"


def test_periodic_tcl_assessments_have_no_invented_period(fsf: Framework) -> None:
    item = obligation(fsf, "P/stealth-tcl-periodic-assessment")
    assert item.cadence is None and item.deadline is None
    assert item.trigger is not None
    assert item.trigger.thresholds == [f"{P}/STEALTH-SITUATIONAL-AWARENESS-TCL"]


def test_government_disclosure_is_an_aim_with_its_condition(fsf: Framework) -> None:
    item = obligation(fsf, "T/government-disclosure")
    assert item.modality == Modality.should  # "we aim to share"
    assert item.actors.informed == ["government"]
    assert item.condition is not None and "unmitigated and material risk" in item.condition
    assert item.trigger is not None
    assert item.trigger.thresholds == [f"{P}/{c}" for c in CCLS]
    assert obligation(fsf, "T/government-disclosure-contents").modality == Modality.example
    assert obligation(fsf, "P/cca-low-risk-exception").modality == Modality.may


def test_a_trigger_naming_an_unknown_threshold_is_refused(fsf: Framework) -> None:
    data = fsf.model_dump(mode="json")
    review = next(
        o for o in data["obligations"] if o["id"].endswith("misuse-pre-deployment-review")
    )
    review["trigger"]["thresholds"] = [f"{P}/NOPE"]
    with pytest.raises(ValidationError, match="triggered by unknown threshold"):
        Framework.model_validate(data)
