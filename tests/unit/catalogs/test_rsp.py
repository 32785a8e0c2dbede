"""The shipped RSP v2.2 baseline catalogue: it loads, and its content is complete."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from workbench.app.catalogs import DEFAULT_FRAMEWORK, builtin_framework, builtin_frameworks
from workbench.domain import Framework, Modality, ObligationKind, StandardKind, TimeUnit

P = "RSP-2.2"


def test_shipped_file_is_found_by_builtin_framework(rsp: Framework) -> None:
    assert builtin_framework("RSP-2.2") == rsp


def test_rsp_is_the_default_framework(rsp: Framework) -> None:
    assert DEFAULT_FRAMEWORK == "RSP-2.2"
    assert builtin_framework() == rsp
    assert "RSP-2.2" in builtin_frameworks()


def test_header_and_source(rsp: Framework) -> None:
    assert (rsp.id, rsp.title, rsp.publisher, rsp.version) == (
        "RSP-2.2",
        "Anthropic Responsible Scaling Policy v2.2 (baseline)",
        "Anthropic",
        "2.2",
    )
    assert rsp.effective_date == dt.date(2025, 5, 14)
    assert (rsp.source.title, rsp.source.version, rsp.source.date) == (
        "Anthropic Responsible Scaling Policy",
        "2.2",
        dt.date(2025, 5, 14),
    )


def test_description_records_version_history(rsp: Framework) -> None:
    text = rsp.description
    assert "baseline" in text.lower()
    assert "2.1" in text and "CBRN-4" in text and "AI R&D-5" in text
    assert "2.2" in text and "insiders" in text


def test_thresholds_require_the_right_standards(rsp: Framework) -> None:
    required = {t.id: t.required_standards for t in rsp.thresholds}
    assert required == {
        f"{P}/CBRN-3": [f"{P}/ASL3-D", f"{P}/ASL3-S"],
        # §2: "We expect this threshold will require the ASL-4 ... Standards": expected only.
        f"{P}/CBRN-4": [],
        f"{P}/AI-RD-4": [f"{P}/ASL3-S", f"{P}/AFFIRM-MISALIGN"],
        # §2: "At minimum, the ASL-4 Security Standard ... is required".
        f"{P}/AI-RD-5": [f"{P}/ASL4-S"],
        f"{P}/CP-AUTONOMY": [],
        f"{P}/CYBER": [],
    }


def test_expected_standards_are_what_the_text_expects(rsp: Framework) -> None:
    expected = {t.id: t.expected_standards for t in rsp.thresholds if t.expected_standards}
    assert expected == {
        f"{P}/CBRN-4": [f"{P}/ASL4-D", f"{P}/ASL4-S"],
        # "As with AI R&D-4, we also expect an affirmative case will be required."
        f"{P}/AI-RD-5": [f"{P}/AFFIRM-MISALIGN"],
    }
    cbrn4 = rsp.thresholds_by_id[f"{P}/CBRN-4"]
    assert cbrn4.modality == Modality.expected
    assert cbrn4.source is not None
    assert "We expect this threshold will require the ASL-4" in cbrn4.source.text


def test_threshold_domains(rsp: Framework) -> None:
    domains = {t.id: t.domain for t in rsp.thresholds}
    assert domains == {
        f"{P}/CBRN-3": "CBRN",
        f"{P}/CBRN-4": "CBRN",
        f"{P}/AI-RD-4": "Autonomous AI R&D",
        f"{P}/AI-RD-5": "Autonomous AI R&D",
        f"{P}/CP-AUTONOMY": "Autonomy",
        f"{P}/CYBER": "Cyber",
    }


def test_only_autonomy_is_a_checkpoint_and_only_cyber_is_ongoing(rsp: Framework) -> None:
    assert [t.id for t in rsp.thresholds if t.checkpoint] == [f"{P}/CP-AUTONOMY"]
    assert [t.id for t in rsp.thresholds if t.ongoing] == [f"{P}/CYBER"]


def test_every_threshold_has_title_definition_and_response(rsp: Framework) -> None:
    incomplete = [
        t.id
        for t in rsp.thresholds
        if not (t.title.strip() and t.definition.strip() and t.response.strip())
    ]
    assert incomplete == []


def test_checkpoint_response_prepares_asl3_security(rsp: Framework) -> None:
    response = rsp.thresholds_by_id[f"{P}/CP-AUTONOMY"].response
    assert "ASL-3 Security" in response
    assert "AI R&D" in response


def test_standards_kinds_and_levels(rsp: Framework) -> None:
    shape = {s.id: (s.kind, s.asl, s.specified) for s in rsp.standards}
    assert shape == {
        f"{P}/ASL2-D": (StandardKind.deployment, 2, True),
        f"{P}/ASL2-S": (StandardKind.security, 2, True),
        f"{P}/ASL3-D": (StandardKind.deployment, 3, True),
        f"{P}/ASL3-S": (StandardKind.security, 3, True),
        f"{P}/ASL4-D": (StandardKind.deployment, 4, False),
        f"{P}/ASL4-S": (StandardKind.security, 4, False),
        f"{P}/AFFIRM-MISALIGN": (StandardKind.other, 3, True),
    }


def test_baseline_is_asl2(rsp: Framework) -> None:
    assert rsp.baseline_standards == [f"{P}/ASL2-D", f"{P}/ASL2-S"]


def _slugs(rsp: Framework, standard_id: str) -> list[str]:
    standard = rsp.standards_by_id[standard_id]
    return [r.id.removeprefix(f"{standard_id}/") for r in standard.requirements]


def test_asl2_deployment_requirements(rsp: Framework) -> None:
    assert _slugs(rsp, f"{P}/ASL2-D") == [
        "model-card-usage-policy",
        "harmlessness-misuse-detection",
        "fine-tuning-protections",
        "vulnerability-reporting",
    ]


def test_asl2_security_requirements(rsp: Framework) -> None:
    assert _slugs(rsp, f"{P}/ASL2-S") == [
        "supply-chain",
        "physical-security",
        "workforce",
        "weight-compartmentalisation",
        "infrastructure",
        "operations",
    ]


def _demanded(rsp: Framework, standard_id: str) -> list[str]:
    standard = rsp.standards_by_id[standard_id]
    return [r.id.removeprefix(f"{standard_id}/") for r in standard.requirements if r.demanded]


def test_asl3_deployment_has_its_seven_criteria(rsp: Framework) -> None:
    assert _demanded(rsp, f"{P}/ASL3-D") == [
        "threat-modeling",
        "defense-in-depth",
        "red-teaming",
        "rapid-remediation",
        "monitoring",
        "trusted-users",
        "third-party-environments",
    ]


def test_asl3_deployment_examples_are_examples(rsp: Framework) -> None:
    examples = [
        r for r in rsp.standards_by_id[f"{P}/ASL3-D"].requirements if r.modality == Modality.example
    ]
    assert [r.id.rsplit("/", 1)[1] for r in examples] == [
        "defense-in-depth-example",
        "rapid-remediation-examples",
        "monitoring-examples",
        "trusted-users-examples",
    ]
    assert not any(r.demanded for r in examples)
    assert examples[0].source is not None
    assert examples[0].source.text.startswith("As an example, this might entail")


def test_asl3_security_has_its_criteria(rsp: Framework) -> None:
    assert _demanded(rsp, f"{P}/ASL3-S") == [
        "threat-modeling",
        "security-frameworks",
        "perimeters-access-control",
        "lifecycle-security",
        "monitoring",
        "resourcing",
        "existing-guidance",
        "audits",
        "third-party-environments",
        "basic-insider-risk",
    ]


def test_asl3_security_has_no_two_party_authorisation(rsp: Framework) -> None:
    """§4.2 never asks for two- or multi-party authorisation (that is in the May 2025 ASL-3
    activation report); it may appear only in a labelled note."""
    standard = rsp.standards_by_id[f"{P}/ASL3-S"]
    for r in standard.requirements:
        text = " ".join(
            [r.title, r.statement, r.source.text if r.source else "", *r.evidence_expectations]
        )
        assert "two-party" not in text.lower() and "multi-party" not in text.lower(), r.id
    assert any("two-party" in n and "not criteria of RSP v2.2" in n for n in standard.notes)


def test_asl3_security_perimeters_name_the_six_areas_of_section_4_2(rsp: Framework) -> None:
    areas = [
        "physical security",
        "encryption",
        "cloud security",
        "infrastructure policy",
        "access management",
        "weight access minimization and monitoring",
    ]
    expected = rsp.requirements_by_id[f"{P}/ASL3-S/perimeters-access-control-expected"]
    assert expected.modality == Modality.expected
    assert expected.evidence_expectations == areas
    assert expected.source is not None
    assert all(area in expected.source.text for area in areas)
    assert expected.source is not None
    assert expected.source.section == "§4.2, criterion 2a"


def test_asl3_security_resourcing_figure_is_a_range(rsp: Framework) -> None:
    expected = rsp.requirements_by_id[f"{P}/ASL3-S/resourcing-expected"]
    (share,) = expected.figures
    assert (share.min, share.max, share.unit, share.approx) == (5, 10, "%", True)
    assert expected.modality == Modality.expected


def test_affirmative_case_requirement(rsp: Framework) -> None:
    assert _slugs(rsp, f"{P}/AFFIRM-MISALIGN") == ["affirmative-case"]
    statement = rsp.requirements_by_id[f"{P}/AFFIRM-MISALIGN/affirmative-case"].statement
    assert "misaligned" in statement and "mitigations" in statement


def test_asl4_standards_are_unspecified_placeholders(rsp: Framework) -> None:
    for sid in (f"{P}/ASL4-D", f"{P}/ASL4-S"):
        standard = rsp.standards_by_id[sid]
        assert standard.specified is False
        assert standard.requirements == []
        assert "not yet" in standard.title + standard.objective


def test_asl3_security_scope_excludes_sophisticated_and_state_compromised_insiders(
    rsp: Framework,
) -> None:
    scope = rsp.standards_by_id[f"{P}/ASL3-S"].actor_scope
    out = " | ".join(scope.out_of_scope)
    assert "sophisticated insiders" in out
    assert "state-compromised insiders" in out
    assert not any("insider" in actor and "sophisticated" in actor for actor in scope.in_scope)


def test_asl3_security_scope_includes_ordinary_attackers(rsp: Framework) -> None:
    in_scope = rsp.standards_by_id[f"{P}/ASL3-S"].actor_scope.in_scope
    assert {"hacktivists", "criminal hacker groups", "organized cybercrime groups"} <= set(in_scope)
    assert any(actor.startswith("internal employees") for actor in in_scope)


def test_every_requirement_has_a_statement_and_two_to_four_evidence_kinds(
    rsp: Framework,
) -> None:
    assert len(rsp.requirements) == 37
    weak = [
        r.id
        for r in rsp.requirements
        if r.demanded
        and (
            not r.statement.strip()
            or not 2 <= len(r.evidence_expectations) <= 4
            or not all(e.strip() for e in r.evidence_expectations)
        )
    ]
    assert weak == []


def test_every_requirement_names_its_owning_team(rsp: Framework) -> None:
    teams = {r.labels.get("team") for r in rsp.requirements}
    assert teams == {"Trust & Safety", "Security & Compliance", "Alignment Science"}


def test_only_hard_deadlines_count_as_days(rsp: Framework) -> None:
    """RSP v2.2 sets no hard deadline in days: the month is a soft target."""
    assert [o.id for o in rsp.obligations if o.deadline_days is not None] == []
    assert [o.id for o in rsp.obligations if o.cadence_days is not None] == []


def test_obligations_of_every_kind(rsp: Framework) -> None:
    kinds = {o.kind for o in rsp.obligations}
    assert kinds == set(ObligationKind)
    assert [o.id for o in rsp.process][:2] == [
        f"{P}/P/preliminary-assessment",
        f"{P}/P/comprehensive-assessment",
    ]
    assert all(o.kind != ObligationKind.process for o in rsp.governance)


def test_reapproval_is_at_least_annual_and_hard(rsp: Framework) -> None:
    cadence = rsp.obligations_by_id[f"{P}/P/safeguards-reapproval"].cadence
    assert cadence is not None
    assert (cadence.max, cadence.unit, cadence.hard) == (1, TimeUnit.years, True)
    assert cadence.anchor == "safeguards_approved"


def test_procedural_review_is_approximately_annual_so_soft(rsp: Framework) -> None:
    review = rsp.obligations_by_id[f"{P}/G/procedural-compliance-review"]
    assert review.cadence is not None
    assert (review.cadence.max, review.cadence.unit, review.cadence.hard) == (
        1,
        TimeUnit.years,
        False,
    )
    assert review.cadence_days is None
    assert review.source is not None
    assert "On approximately an annual basis" in review.source.text


def test_every_obligation_has_a_statement(rsp: Framework) -> None:
    assert [o.id for o in rsp.obligations if not o.statement.strip()] == []


def _all_ids(rsp: Framework) -> list[str]:
    return [
        *(t.id for t in rsp.thresholds),
        *(s.id for s in rsp.standards),
        *(r.id for r in rsp.requirements),
        *(o.id for o in rsp.obligations),
    ]


def test_ids_are_unique_across_the_whole_catalogue(rsp: Framework) -> None:
    ids = _all_ids(rsp)
    assert len(ids) == len(set(ids)) == 6 + 7 + 37 + 48


def test_ids_are_prefixed_with_the_framework_id(rsp: Framework) -> None:
    assert [i for i in _all_ids(rsp) if not i.startswith("RSP-2.2/")] == []


def test_requirement_ids_are_prefixed_with_their_standard(rsp: Framework) -> None:
    misplaced = [
        r.id for s in rsp.standards for r in s.requirements if not r.id.startswith(f"{s.id}/")
    ]
    assert misplaced == []


def test_file_is_pretty_printed_in_model_field_order(rsp: Framework, rsp_path: Path) -> None:
    # "format" is written although it is the default: a reader sees which format it is.
    data = {"format": rsp.format, **rsp.model_dump(mode="json", exclude_defaults=True)}
    expected = json.dumps(data, indent=2, ensure_ascii=False)
    assert rsp_path.read_bytes().decode("utf-8") == expected + "\n"
