"""Marks that carry a judgement: the colour of a missing determination, red diagram outlines."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from reportlab.platypus import Flowable, KeepInFrame, KeepTogether, Paragraph, Table

from workbench.domain import CaseDocument, ChallengeStatus, Severity
from workbench.report.content import PacketFacts
from workbench.report.diagram import GsnDiagram
from workbench.report.public import determinations_public
from workbench.report.sections import argument, determinations, executive_summary
from workbench.report.styles import STATUS_COLOUR

FactsFor = Callable[..., PacketFacts]


def paragraphs(flowables: Iterable[object]) -> Iterator[Paragraph]:
    """Every paragraph in ``flowables``, including those inside tables and frames."""
    for flowable in flowables:
        if isinstance(flowable, Paragraph):
            yield flowable
        elif isinstance(flowable, Table):
            for row in flowable._cellvalues:
                yield from paragraphs(row)
        elif isinstance(flowable, KeepInFrame | KeepTogether):
            yield from paragraphs(flowable._content)


def not_determined_cells(story: list[Flowable]) -> list[str]:
    return [p.text for p in paragraphs(story) if "not determined" in p.text]


def without_determination(document: CaseDocument, threshold: str) -> CaseDocument:
    assessment = document.assessment
    kept = [d for d in assessment.determinations if d.threshold != threshold]
    return document.model_copy(
        update={"assessment": assessment.model_copy(update={"determinations": kept})}
    )


def ongoing_threshold(document: CaseDocument) -> str:
    return next(t.id for t in document.framework.thresholds if t.ongoing)


def test_missing_ongoing_determination_is_rated_as_the_checks_rate_it(
    document: CaseDocument, facts_for: FactsFor
) -> None:
    threshold = ongoing_threshold(document)
    facts = facts_for(without_determination(document, threshold))
    rules = {f.rule for f in facts.report.findings if f.subject == threshold}
    assert "DET-ONGOING-NO-REPORT" in rules
    assert facts.undetermined_severity(threshold) == Severity.minor


def test_missing_ongoing_determination_is_not_coloured_as_a_blocker(
    document: CaseDocument, facts_for: FactsFor
) -> None:
    facts = facts_for(without_determination(document, ongoing_threshold(document)))
    minor = STATUS_COLOUR["minor"].hexval()
    blocker = STATUS_COLOUR["blocker"].hexval()
    for story in (executive_summary(facts), determinations(facts), determinations_public(facts)):
        cells = not_determined_cells(story)
        assert len(cells) == 1
        assert minor in cells[0]
        assert blocker not in cells[0]


def test_missing_determination_of_a_threshold_in_scope_stays_blocker_red(
    document: CaseDocument, facts_for: FactsFor
) -> None:
    threshold = next(t.id for t in document.framework.thresholds if not t.ongoing)
    facts = facts_for(without_determination(document, threshold))
    assert facts.undetermined_severity(threshold) == Severity.blocker
    cells = not_determined_cells(determinations(facts))
    assert len(cells) == 1
    assert STATUS_COLOUR["blocker"].hexval() in cells[0]


def diagram_flags(story: list[Flowable]) -> dict[str, bool]:
    """Each element drawn in the argument's diagrams: whether it is outlined in red."""
    drawn: dict[str, bool] = {}
    for flowable in story:
        if isinstance(flowable, GsnDiagram):
            for node in flowable.layout.nodes:
                drawn[node.id] = drawn.get(node.id, False) or node.id in flowable.flagged
    return drawn


def test_diagram_outlines_the_target_of_an_open_blocking_challenge(
    document: CaseDocument, facts_for: FactsFor
) -> None:
    # CH2 (blocker severity) reopened against G2, which has no blocking finding of its own.
    challenges = [
        c.model_copy(update={"target": "G2", "status": ChallengeStatus.open, "responses": []})
        if c.id == "CH2"
        else c
        for c in document.review.challenges
    ]
    doc = document.model_copy(
        update={"review": document.review.model_copy(update={"challenges": challenges})}
    )
    facts = facts_for(doc)
    blocking = {f.subject: f.rule for f in facts.blockers}
    assert blocking.get("CH2") == "REV-OPEN-BLOCKING"
    assert "G2" not in blocking
    flags = diagram_flags(argument(facts))
    assert flags["G2"] is True
    assert flags["G3"] is False
