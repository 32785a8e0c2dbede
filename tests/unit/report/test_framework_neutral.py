"""The packet speaks each framework's own terms: its trigger limits and its level names."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from reportlab.platypus import Paragraph

from tests.builders import case
from workbench.domain import CaseDocument, Determination, Outcome
from workbench.report.content import PacketFacts
from workbench.report.sections import required_asl_text, required_level_label
from workbench.report.sections.compliance import trigger_table
from workbench.report.triggers import trigger_rows

TODAY = dt.date(2026, 11, 23)


def with_model(doc: CaseDocument, **facts: Any) -> CaseDocument:
    model = doc.assessment.model.model_copy(update=facts)
    return doc.model_copy(update={"assessment": doc.assessment.model_copy(update={"model": model})})


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


def paragraphs(story: list[Any]) -> list[str]:
    return [f.getPlainText() for f in story if isinstance(f, Paragraph)]


def test_oai_pf2_has_no_trigger_rows_and_says_why(
    facts_for: Callable[..., PacketFacts],
) -> None:
    doc = with_model(
        case(framework="OAI-PF-2").goal("G1").document(),
        effective_compute_ratio=5.0,
        post_training_months=7.0,
    )
    assert trigger_rows(doc, TODAY) == []
    story = trigger_table(facts_for(doc))
    assert paragraphs(story)[-1].startswith("OAI-PF-2 states no effective-compute trigger")
    assert not any("4×" in text or "365 days" in text for text in paragraphs(story))


def test_rsp22_keeps_its_five_trigger_rows(facts_for: Callable[..., PacketFacts]) -> None:
    doc = with_model(case(framework="RSP-2.2").goal("G1").document(), effective_compute_ratio=5.0)
    rows = trigger_rows(doc, TODAY)
    assert [r.limit for r in rows][:2] == ["4×", "6 months"]
    assert len(rows) == 5 and rows[-1].limit == "365 days"
    assert not any("states no" in text for text in paragraphs(trigger_table(facts_for(doc))))


def test_packet_names_the_oai_level_high(facts_for: Callable[..., PacketFacts]) -> None:
    facts = facts_for(decide(case(framework="OAI-PF-2").goal("G1").document(), {"BIO-HIGH"}))
    assert required_asl_text(facts) == "safeguards level High (deployment High, security High)"
    assert required_level_label(facts) == "Required safeguards level"
    assert "require High safeguards" in facts.verdict_words
    assert "ASL" not in facts.verdict_words


def test_packet_says_no_level_is_demanded(facts_for: Callable[..., PacketFacts]) -> None:
    facts = facts_for(decide(case(framework="OAI-PF-2").goal("G1").document(), set()))
    assert required_asl_text(facts) == "no safeguards level"
    assert "require no safeguards level" in facts.verdict_words
    assert "none safeguards" not in facts.verdict_words


def test_packet_keeps_the_rsp_wording(facts_for: Callable[..., PacketFacts]) -> None:
    facts = facts_for(decide(case(framework="RSP-2.2").goal("G1").document(), {"CBRN-3"}))
    assert required_asl_text(facts) == "ASL-3 (deployment ASL-3, security ASL-3)"
    assert required_level_label(facts) == "Required ASL"
    assert "require ASL-3 safeguards" in facts.verdict_words
