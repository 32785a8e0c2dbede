"""What a packet says: the facts and plain-word judgements drawn from a case and its checks."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from workbench.checks import CoverageStatus, RequirementStatus, requirement_status
from workbench.checks.asl import demanding_thresholds
from workbench.checks.crosswalk import FrameworkCoverage
from workbench.checks.determinations import MISSING, ONGOING_NO_REPORT
from workbench.domain import (
    BlobStatus,
    CaseDocument,
    ChallengeSeverity,
    CheckReport,
    Finding,
    Outcome,
    ScheduledAssessment,
    Severity,
    SignOff,
    Standard,
    TargetKind,
    labels,
    required_level,
)
from workbench.domain.compliance_summary import schedule_state
from workbench.domain.compliance_summary import schedule_status as schedule_words
from workbench.domain.wording import plural

OUTCOME_WORDS = {
    Outcome.ruled_out: "ruled out",
    Outcome.crossed: "crossed",
    Outcome.cannot_rule_out: "cannot be ruled out (treated as crossed)",
}
STATUS_WORDS = {status: labels.label(status) for status in CoverageStatus}


#: Rule family of a blocking finding -> what it is about, for the verdict in plain words.
_BLOCKER_TOPIC = {
    "COV": "coverage",
    "REV": "review",
    "DET": "determinations",
    "EVD": "evidence",
    "GSN": "argument",
    "CMP": "compliance",
    "SIG": "signoff",
}
_TOPIC_WORDS = {
    "coverage": lambda n: f"{plural(n, 'demanded requirement')} not claimed by any goal",
    "review": lambda n: f"{plural(n, 'open blocker or major challenge')} from stress-testing",
    "determinations": lambda n: f"{plural(n, 'problem')} with the capability determinations",
    "evidence": lambda n: f"{plural(n, 'evidence problem')}",
    "argument": lambda n: f"{plural(n, 'gap')} in the argument",
    "compliance": lambda n: f"{plural(n, 'compliance problem')}",
    "signoff": lambda n: f"{plural(n, 'sign-off problem')}",
    "other": lambda n: f"{plural(n, 'other blocking finding')}",
}


def utc_text(moment: dt.datetime) -> str:
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def date_text(day: dt.date | None) -> str:
    return day.isoformat() if day else "—"


def schedule_status(item: ScheduledAssessment, today: dt.date) -> tuple[str, str]:
    """Plain words for a scheduled assessment, and its colour key (on_time, late, …)."""
    return schedule_words(item, today), schedule_state(item, today).value


@dataclass(frozen=True)
class StandardSummary:
    standard: Standard
    rows: list[RequirementStatus]
    counts: Mapping[CoverageStatus, int]
    demanded_by: list[str] = field(default_factory=list)


@dataclass
class PacketFacts:
    """Inputs of one packet and what follows from them, computed once."""

    doc: CaseDocument
    report: CheckReport
    packet_id: str
    generated_at: dt.datetime
    audit_head: tuple[int, str] | None
    blob_status: Mapping[str, BlobStatus]
    public: bool
    also: tuple[FrameworkCoverage, ...] = ()  # coverage of other frameworks (packet --also)

    @cached_property
    def state_hash(self) -> str:
        return self.doc.state_hash()

    @cached_property
    def today(self) -> dt.date:
        return self.generated_at.date()

    @cached_property
    def rows(self) -> dict[str, RequirementStatus]:
        return requirement_status(self.doc, self.report, blob_status=self.blob_status)

    @cached_property
    def demanded(self) -> list[StandardSummary]:
        """Each standard the required ASL demands, with its matrix rows, in catalogue order."""
        framework = self.doc.framework
        demanding = demanding_thresholds(self.doc)
        result = []
        for sid in self.report.required_asl.standards:
            standard = framework.standards_by_id.get(sid)
            if standard is None:
                continue
            rows = [self.rows[r.id] for r in standard.requirements if r.id in self.rows]
            # The text's examples and expectations are listed, never counted as demanded.
            counts = Counter(
                row.status for row in rows if framework.requirements_by_id[row.requirement].demanded
            )
            result.append(StandardSummary(standard, rows, counts, demanding.get(sid, [])))
        return result

    @cached_property
    def requirement_counts(self) -> Counter[CoverageStatus]:
        counts: Counter[CoverageStatus] = Counter()
        for summary in self.demanded:
            counts.update(summary.counts)
        return counts

    @cached_property
    def blockers(self) -> list[Finding]:
        return [f for f in self.report.findings if f.severity == Severity.blocker]

    @cached_property
    def flagged_elements(self) -> frozenset[str]:
        """Elements a blocking finding concerns: its subject, or the element targeted by the
        challenge that is its subject (what the diagrams outline in red)."""
        elements = self.doc.case.by_id
        targets = {
            c.id: c.target
            for c in self.doc.review.challenges
            if c.target_kind == TargetKind.element
        }
        flagged: set[str] = set()
        for finding in self.blockers:
            if finding.subject in elements:
                flagged.add(finding.subject)
            target = targets.get(finding.subject)
            if target in elements:
                flagged.add(target)
        return frozenset(flagged)

    @cached_property
    def _undetermined(self) -> dict[str, Severity]:
        gaps = (MISSING.id, ONGOING_NO_REPORT.id)
        worst: dict[str, Severity] = {}
        for finding in self.report.findings:
            if finding.rule not in gaps:
                continue
            known = worst.get(finding.subject)
            if known is None or finding.severity.rank < known.rank:
                worst[finding.subject] = finding.severity
        return worst

    def undetermined_severity(self, threshold_id: str) -> Severity:
        """How the checks rate a threshold left without a determination: the most severe of
        their DET-MISSING and DET-ONGOING-NO-REPORT findings on it (an ongoing threshold is
        minor), or blocker if they report neither."""
        return self._undetermined.get(threshold_id, Severity.blocker)

    @cached_property
    def open_challenges(self) -> Counter[ChallengeSeverity]:
        return Counter(c.severity for c in self.doc.review.challenges if not c.status.resolved)

    @property
    def ready(self) -> bool:
        return not self.blockers

    @property
    def verdict_label(self) -> str:
        if self.ready:
            return "Ready for approval"
        return f"Not ready for approval — {plural(len(self.blockers), 'blocking finding')}"

    @cached_property
    def verdict_words(self) -> str:
        """The verdict in plain words, for leadership."""
        level = required_level(self.doc.framework, self.report.required_asl).safeguards()
        counts = self.requirement_counts
        demanded = sum(counts.values())
        if self.ready:
            text = (
                f"The case is ready for approval. The determinations require {level}; "
                f"{plural(counts[CoverageStatus.met], 'demanded requirement')} of {demanded} "
                "are met"
            )
            if counts[CoverageStatus.not_applicable]:
                text += f" and {counts[CoverageStatus.not_applicable]} justified as not applicable"
            text += ", and no finding blocks sign-off."
            majors = self.report.counts()[Severity.major]
            if majors:
                text += f" {plural(majors, 'major finding')} should still be addressed."
            return text
        # What the blockers are about, in the reader's terms, most common first.
        about: Counter[str] = Counter()
        for finding in self.blockers:
            about[_BLOCKER_TOPIC.get(finding.rule.split("-", 1)[0], "other")] += 1
        reasons = [_TOPIC_WORDS[topic](n) for topic, n in about.most_common()]
        why = "; ".join(reasons) if reasons else plural(len(self.blockers), "blocking finding")
        return (
            f"The case is not ready for approval. The determinations require {level}, "
            f"and {plural(len(self.blockers), 'blocking finding')} must be resolved "
            f"first ({why})."
        )

    @cached_property
    def current_signoffs(self) -> list[SignOff]:
        return [s for s in self.doc.signoffs if self.doc.signoff_format(s) is not None]

    @cached_property
    def people(self) -> set[str]:
        """Every person the case names (what the public summary redacts)."""
        doc = self.doc
        names: set[str] = set()
        names.update(d.determined_by for d in doc.assessment.determinations)
        for session in doc.review.sessions:
            names.update(p.name for p in session.participants)
        for challenge in doc.review.challenges:
            names.add(challenge.raised_by)
            names.update(r.by for r in challenge.responses)
        names.update(s.owner for s in doc.compliance.schedule)
        names.update(n.reporter or "" for n in doc.compliance.noncompliance)
        names.update(s.signer for s in doc.signoffs)
        names.discard("")
        return names

    @cached_property
    def teams(self) -> set[str]:
        doc = self.doc
        teams = {e.team for e in doc.evidence}
        for session in doc.review.sessions:
            teams.update(p.team for p in session.participants)
        teams.discard("")
        return teams
