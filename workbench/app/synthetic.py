"""Synthetic assessments of any size for demos and benchmarks: pure and deterministic by seed."""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass, field

from workbench.domain import (
    Assessment,
    CaseDocument,
    Challenge,
    ChallengeKind,
    ChallengeSeverity,
    ChallengeStatus,
    Compliance,
    Determination,
    Element,
    ElementType,
    Evidence,
    EvidenceKind,
    Framework,
    InputError,
    ModelUnderReview,
    Outcome,
    Participant,
    Requirement,
    Response,
    Review,
    ReviewRole,
    ReviewSession,
    SafetyCase,
    ScheduledAssessment,
    Standard,
    StandardKind,
    TargetKind,
    Threshold,
    evidence_id,
    sha256_hex,
)
from workbench.domain.case import ID_PREFIX

MAX_SIZE = 1_000_000
#: Each piece of evidence is cited by about this many solutions.
SOLUTIONS_PER_EVIDENCE = 3
#: Review challenges raised per 1,000 argument elements.
CHALLENGES_PER_THOUSAND = 5
#: One goal in this many elements is left undeveloped (sizes of 200 and more).
UNDEVELOPED_EVERY = 2500

FRONTIER_RED_TEAM = "Frontier Red Team"
TRUST_AND_SAFETY = "Trust & Safety"
SECURITY = "Security & Compliance"
ALIGNMENT = "Alignment Science"
RSP_TEAM = "RSP team"

_TEAM_OF_KIND = {
    EvidenceKind.capability_report: FRONTIER_RED_TEAM,
    EvidenceKind.eval_log: FRONTIER_RED_TEAM,
    EvidenceKind.safeguards_report: TRUST_AND_SAFETY,
    EvidenceKind.red_team_report: FRONTIER_RED_TEAM,
    EvidenceKind.audit: SECURITY,
    EvidenceKind.policy: RSP_TEAM,
    EvidenceKind.other: ALIGNMENT,
}
_KINDS_FOR_STANDARD = {
    StandardKind.deployment: (
        EvidenceKind.safeguards_report,
        EvidenceKind.red_team_report,
        EvidenceKind.eval_log,
        EvidenceKind.policy,
    ),
    StandardKind.security: (
        EvidenceKind.audit,
        EvidenceKind.safeguards_report,
        EvidenceKind.policy,
        EvidenceKind.red_team_report,
    ),
    StandardKind.other: (EvidenceKind.eval_log, EvidenceKind.other, EvidenceKind.safeguards_report),
}
_KIND_TITLE = {
    EvidenceKind.capability_report: "Capability report",
    EvidenceKind.eval_log: "Eval log",
    EvidenceKind.safeguards_report: "Safeguards report",
    EvidenceKind.red_team_report: "Red-team report",
    EvidenceKind.audit: "Audit report",
    EvidenceKind.policy: "Policy",
    EvidenceKind.other: "Analysis",
}
_ASPECTS = (
    "the control is specified with named owners",
    "the control is implemented in production",
    "the control was tested against realistic attackers",
    "failures of the control are detected within a day",
    "residual risk after the control is acceptable",
    "the control covers every deployment surface",
    "staff operating the control are trained",
    "the control is reviewed on a fixed cadence",
    "exceptions to the control are logged and approved",
    "the control holds in third-party environments",
)
_DECOMPOSITIONS = (
    "Argue over the life cycle of the control",
    "Argue over each deployment surface",
    "Argue over each class of attacker in scope",
    "Argue over design, implementation and operation",
    "Argue over each sub-system the control relies on",
)


@dataclass(frozen=True)
class SyntheticCase:
    """A generated assessment and the bytes of its evidence (SHA-256 hex -> content)."""

    document: CaseDocument
    blobs: dict[str, bytes]


@dataclass
class _Node:
    """A mutable element under construction (Element is frozen)."""

    id: str
    type: ElementType
    text: str
    supported_by: list[str] = field(default_factory=list)
    in_context_of: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    undeveloped: bool = False

    def freeze(self) -> Element:
        return Element(
            id=self.id,
            type=self.type,
            text=self.text,
            supported_by=self.supported_by,
            in_context_of=self.in_context_of,
            addresses=self.addresses,
            evidence=self.evidence,
            undeveloped=self.undeveloped,
        )


class _Generator:
    """Builds one synthetic case; every random choice comes from ``rng``."""

    def __init__(self, framework: Framework, rng: random.Random, now: dt.datetime, seed: int):
        self.framework = framework
        self.rng = rng
        self.now = now
        self.today = now.date()
        self.seed = seed
        self.model_name = f"Fictional Model S{seed}"
        self.nodes: list[_Node] = []
        self.counters: dict[ElementType, int] = {}
        self.evidence: list[Evidence] = []
        self.blobs: dict[str, bytes] = {}
        self._current: dict[str, tuple[str, int]] = {}
        self._titles: dict[str, str] = {}

    # ----------------------------------------------------------------- elements
    def node(
        self,
        kind: ElementType,
        text: str,
        *,
        addresses: list[str] | None = None,
        evidence: list[str] | None = None,
    ) -> _Node:
        number = self.counters.get(kind, 0) + 1
        self.counters[kind] = number
        created = _Node(
            id=f"{ID_PREFIX[kind]}{number}",
            type=kind,
            text=text,
            addresses=addresses or [],
            evidence=evidence or [],
        )
        self.nodes.append(created)
        return created

    def solution(self, parent: _Node, topic: str, kinds: tuple[EvidenceKind, ...]) -> _Node:
        ev = self.cited_evidence(topic, kinds)
        sn = self.node(ElementType.solution, self._titles[ev], evidence=[ev])
        parent.supported_by.append(sn.id)
        return sn

    # ----------------------------------------------------------------- evidence
    def add_evidence(
        self,
        kind: EvidenceKind,
        topic: str,
        *,
        evaluation: str | None = None,
    ) -> str:
        number = len(self.evidence) + 1
        team = _TEAM_OF_KIND[kind]
        title = f"{_KIND_TITLE[kind]}: {topic} ({self.model_name}, #{number})"
        collected = self.today - dt.timedelta(days=self.rng.randint(7, 150))
        is_log = kind == EvidenceKind.eval_log
        extension = "json" if is_log else "md"
        token = f"{self.rng.getrandbits(64):016x}"
        if is_log:
            content = json.dumps(
                {
                    "version": 2,
                    "status": "success",
                    "eval": {"task": evaluation or topic, "model": self.model_name},
                    "stats": {"completed_at": f"{collected.isoformat()}T12:00:00Z"},
                    "note": f"synthetic eval log for {topic} (seed {self.seed}, {token})",
                },
                sort_keys=True,
                indent=1,
            ).encode()
        else:
            content = (
                f"# {title}\n\nTeam: {team}\nCollected: {collected.isoformat()}\n"
                f"Model: {self.model_name}\nTopic: {topic}\nSeed: {self.seed}\nToken: {token}\n\n"
                "Synthetic evidence generated for demonstration and benchmarking; it records no "
                "real evaluation result and must not be relied upon.\n"
            ).encode()
        sha = sha256_hex(content)
        ev_id = evidence_id(sha)
        metadata: dict[str, object] = {}
        if is_log:
            metadata = {
                "task": evaluation or topic,
                "task_version": 1,
                "model": self.model_name,
                "status": "success",
            }
        self.evidence.append(
            Evidence(
                id=ev_id,
                sha256=sha,
                size=len(content),
                filename=f"ev-{number:06d}.{extension}",
                media_type="application/json" if is_log else "text/markdown",
                title=title,
                kind=kind,
                team=team,
                collected=collected,
                imported_at=self.now,
                expires=collected + dt.timedelta(days=365),
                evaluation=evaluation if is_log else None,
                methodology_version="1.0" if is_log else None,
                metadata=metadata,
            )
        )
        self.blobs[sha] = content
        self._titles[ev_id] = title
        return ev_id

    def cited_evidence(self, topic: str, kinds: tuple[EvidenceKind, ...]) -> str:
        """Evidence for the next solution on ``topic``: reused by about three solutions."""
        current = self._current.get(topic)
        if current is not None and current[1] < SOLUTIONS_PER_EVIDENCE:
            self._current[topic] = (current[0], current[1] + 1)
            return current[0]
        kind = kinds[self.rng.randrange(len(kinds))]
        slug = topic.lower().replace(" ", "-")[:40]
        ev = self.add_evidence(kind, topic, evaluation=f"{slug}-eval")
        self._current[topic] = (ev, 1)
        return ev

    # ----------------------------------------------------------------- growth
    def grow(self, root: _Node, budget: int, topic: str, kinds: tuple[EvidenceKind, ...]) -> None:
        """Add about ``budget`` elements below ``root``, every branch ending in a solution."""
        work = [(root, budget)]
        rng = self.rng
        while work:
            goal, left = work.pop()
            if left <= 4:
                self.solution(goal, topic, kinds)
                for extra in range(left - 1):
                    kind = (ElementType.context, ElementType.assumption)[extra % 2]
                    what = "Scope" if kind == ElementType.context else "Assumed"
                    ctx = self.node(kind, f"{what}: {rng.choice(_ASPECTS)} ({topic})")
                    goal.in_context_of.append(ctx.id)
                continue
            strategy = self.node(ElementType.strategy, f"{rng.choice(_DECOMPOSITIONS)} ({topic})")
            goal.supported_by.append(strategy.id)
            left -= 1
            if left > 12:
                ctx = self.node(ElementType.context, f"Definition of the set decomposed ({topic})")
                strategy.in_context_of.append(ctx.id)
                left -= 1
            width = min(rng.randint(2, 4), left // 2)
            left -= width
            shares = _split(left, width, rng)
            for share in shares:
                sub = self.node(ElementType.goal, f"{topic}: {rng.choice(_ASPECTS)}")
                strategy.supported_by.append(sub.id)
                work.append((sub, max(1, share)))


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """``total`` split into ``parts`` uneven, non-negative shares that add up to it."""
    weights = [rng.uniform(0.6, 1.4) for _ in range(parts)]
    scale = total / sum(weights)
    shares = [int(w * scale) for w in weights]
    shares[0] += total - sum(shares)
    return shares


def _demanded(framework: Framework, crossed: Threshold | None) -> list[Standard]:
    wanted = set(framework.baseline_standards)
    if crossed is not None:
        wanted.update(crossed.required_standards)
    return [s for s in framework.standards if s.id in wanted]


def _threshold_to_cross(framework: Framework) -> Threshold | None:
    """The first fixed threshold whose required standards all exist and are specified."""
    standards = framework.standards_by_id
    for threshold in framework.thresholds:
        if threshold.ongoing or threshold.checkpoint or not threshold.required_standards:
            continue
        if all(
            sid in standards and standards[sid].specified for sid in threshold.required_standards
        ):
            return threshold
    return None


def synthetic_case(
    size: int, framework: Framework, *, seed: int = 0, now: dt.datetime
) -> SyntheticCase:
    """A realistic assessment with about ``size`` argument elements, deterministic by seed.

    One threshold that the framework fully specifies cannot be ruled out, so its standards are
    demanded; every demanded requirement is claimed by a goal whose sub-tree ends in solutions
    citing evidence. A few goals stay undeveloped and a few challenges stay open, as in a case
    still being worked on.
    """
    if not 1 <= size <= MAX_SIZE:
        raise InputError(f"synthetic size must be between 1 and {MAX_SIZE:,}, not {size}")
    gen = _Generator(framework, random.Random(seed), now, seed)
    crossed = _threshold_to_cross(framework)
    determinations = _determinations(gen, crossed)
    standards = _demanded(framework, crossed)
    requirements = [(s, r) for s in standards for r in s.requirements]
    _argument(gen, size, standards, requirements, crossed)
    _mark_undeveloped(gen, size)
    elements = [n.freeze() for n in gen.nodes]
    assessment = Assessment(
        id=f"ASM-synthetic-{seed}",
        title=f"Synthetic assessment of {gen.model_name} ({size:,} elements)",
        model=ModelUnderReview(
            name=gen.model_name,
            snapshot=f"synthetic-{size}-{seed}",
            developer="Example Lab (fictional)",
            effective_compute_ratio=1.8,
            last_comprehensive=gen.today - dt.timedelta(days=40),
            last_preliminary=gen.today - dt.timedelta(days=12),
            post_training_months=1.5,
        ),
        framework_id=framework.id,
        deployment="General availability through the API and consumer apps",
        created=now,
        determinations=determinations,
    )
    review = _review(gen, elements, size)
    document = CaseDocument(
        framework=framework,
        assessment=assessment,
        case=SafetyCase(elements=elements),
        evidence=gen.evidence,
        review=review,
        compliance=_compliance(gen),
    )
    return SyntheticCase(document=document, blobs=gen.blobs)


def _determinations(gen: _Generator, crossed: Threshold | None) -> list[Determination]:
    result: list[Determination] = []
    for threshold in gen.framework.thresholds:
        report = gen.add_evidence(EvidenceKind.capability_report, threshold.title)
        cited = [report]
        if not threshold.ongoing:
            slug = threshold.id.rsplit("/", 1)[-1].lower()
            cited.append(
                gen.add_evidence(EvidenceKind.eval_log, threshold.title, evaluation=f"{slug}-eval")
            )
        outcome = Outcome.cannot_rule_out if threshold is crossed else Outcome.ruled_out
        rationale = (
            "Evaluations could not rule the threshold out with the elicitation available; "
            "treated as crossed."
            if outcome == Outcome.cannot_rule_out
            else "Evaluation results stay well below the threshold's rule-out bounds."
        )
        result.append(
            Determination(
                threshold=threshold.id,
                outcome=outcome,
                evidence=cited,
                rationale=rationale,
                determined_on=gen.today - dt.timedelta(days=30),
                determined_by=FRONTIER_RED_TEAM,
            )
        )
    return result


def _argument(
    gen: _Generator,
    size: int,
    standards: list[Standard],
    requirements: list[tuple[Standard, Requirement]],
    crossed: Threshold | None,
) -> None:
    framework = gen.framework
    top = gen.node(
        ElementType.goal,
        f"Deploying {gen.model_name} as described poses no unacceptable catastrophic risk "
        f"under {framework.title}",
    )
    thresholds = framework.thresholds
    full = 5 + 1 + 2 * len(thresholds) + 2 + 2 * len(standards) + 2 * len(requirements)
    if size < full:
        _compact_argument(gen, top, size, requirements)
        return
    for kind, text in (
        (ElementType.context, f"{gen.model_name}, snapshot under assessment, and its deployment"),
        (ElementType.context, f"{framework.title} {framework.version} and its thresholds"),
        (ElementType.assumption, "Model weights are not exfiltrated during the assessment"),
        (ElementType.justification, "The policy requires a safety case before deployment"),
    ):
        top.in_context_of.append(gen.node(kind, text).id)
    over_thresholds = gen.node(
        ElementType.strategy, "Argue over each capability threshold of the framework"
    )
    top.supported_by.append(over_thresholds.id)
    for threshold in thresholds:
        verdict = (
            "cannot be ruled out and is treated as crossed"
            if threshold is crossed
            else "is ruled out by capability evaluations"
        )
        goal = gen.node(ElementType.goal, f"{threshold.title} {verdict}")
        over_thresholds.supported_by.append(goal.id)
        gen.solution(goal, threshold.title, (EvidenceKind.capability_report,))
    over_standards = gen.node(
        ElementType.strategy, "Argue over every safeguard requirement the required ASL demands"
    )
    top.supported_by.append(over_standards.id)
    over_standards.in_context_of.append(
        gen.node(
            ElementType.context, "Standards demanded: " + ", ".join(s.id for s in standards)
        ).id
    )
    claiming: list[tuple[_Node, str, tuple[EvidenceKind, ...]]] = []
    for standard in standards:
        goal = gen.node(ElementType.goal, f"{standard.title} is met")
        over_standards.supported_by.append(goal.id)
        if not standard.requirements:
            gen.solution(goal, standard.title, _KINDS_FOR_STANDARD[standard.kind])
            continue
        over_requirements = gen.node(
            ElementType.strategy, f"Argue over each requirement of {standard.title}"
        )
        goal.supported_by.append(over_requirements.id)
        for requirement in standard.requirements:
            claim = gen.node(
                ElementType.goal,
                f"{requirement.title}: the requirement is met for {gen.model_name}",
                addresses=[requirement.id],
            )
            over_requirements.supported_by.append(claim.id)
            claiming.append((claim, requirement.title, _KINDS_FOR_STANDARD[standard.kind]))
    left = max(0, size - len(gen.nodes))
    if not claiming:
        gen.grow(top, max(1, left), framework.title, _KINDS_FOR_STANDARD[StandardKind.other])
        return
    shares = _split(left, len(claiming), gen.rng)
    for (claim, topic, kinds), share in zip(claiming, shares, strict=True):
        gen.grow(claim, max(1, share), topic, kinds)


def _compact_argument(
    gen: _Generator, top: _Node, size: int, requirements: list[tuple[Standard, Requirement]]
) -> None:
    """Small sizes: one strategy, a few goals claiming every requirement round-robin."""
    strategy = gen.node(ElementType.strategy, "Argue over the safeguard requirements demanded")
    top.supported_by.append(strategy.id)
    count = max(1, min(len(requirements) or 1, (size - 2) // 2))
    goals: list[_Node] = []
    for i in range(count):
        goal = gen.node(ElementType.goal, f"Safeguard group {i + 1} is in place")
        strategy.supported_by.append(goal.id)
        goals.append(goal)
    for i, (_standard, requirement) in enumerate(requirements):
        goals[i % count].addresses.append(requirement.id)
    for goal in goals:
        gen.solution(goal, goal.text, _KINDS_FOR_STANDARD[StandardKind.deployment])


def _mark_undeveloped(gen: _Generator, size: int) -> None:
    """Leave a few leaf goals undeveloped: their solution becomes a context naming the plan."""
    if size < 200:
        return
    wanted = max(1, size // UNDEVELOPED_EVERY)
    by_id = {n.id: n for n in gen.nodes}
    candidates = [
        n
        for n in gen.nodes
        if n.type == ElementType.goal
        and not n.addresses
        and len(n.supported_by) == 1
        and by_id[n.supported_by[0]].type == ElementType.solution
    ]
    for goal in gen.rng.sample(candidates, min(wanted, len(candidates))):
        solution = by_id[goal.supported_by.pop()]
        solution.type = ElementType.context
        solution.text = f"Planned evidence: {solution.text}"
        solution.evidence = []
        goal.in_context_of.append(solution.id)
        goal.undeveloped = True


def _review(gen: _Generator, elements: list[Element], size: int) -> Review:
    started = gen.now - dt.timedelta(days=21)
    session = ReviewSession(
        id="RS-1",
        title="Internal stress-test of the safety case",
        scope="Capability determinations and the safeguards argument",
        participants=[
            Participant(name="Avery Author", team=FRONTIER_RED_TEAM, role=ReviewRole.author),
            Participant(name="Robin Reviewer", team=ALIGNMENT, role=ReviewRole.reviewer),
            Participant(name="Sam Approver", team=RSP_TEAM, role=ReviewRole.approver),
        ],
        started=started,
        ended=started + dt.timedelta(days=2),
        minutes="Challenges raised and answered in the session; open items tracked below.",
    )
    rng = gen.rng
    goals = [e.id for e in elements if e.type == ElementType.goal]
    count = max(1, size * CHALLENGES_PER_THOUSAND // 1000)
    challenges: list[Challenge] = []
    for i in range(count):
        on_evidence = bool(gen.evidence) and rng.random() < 0.3
        target = (
            gen.evidence[rng.randrange(len(gen.evidence))].id
            if on_evidence
            else goals[rng.randrange(len(goals))]
        )
        raised = started + dt.timedelta(hours=rng.randint(1, 40))
        open_minor = rng.random() < 0.2
        severity = (
            ChallengeSeverity.minor
            if open_minor
            else rng.choice((ChallengeSeverity.major, ChallengeSeverity.minor))
        )
        responses: list[Response] = []
        status = ChallengeStatus.open
        if not open_minor:
            status = rng.choice((ChallengeStatus.refuted, ChallengeStatus.accepted))
            responses = [
                Response(
                    by="Avery Author",
                    at=raised + dt.timedelta(hours=3),
                    status=ChallengeStatus.answered,
                    text="Answered with the evaluation details and the relevant evidence.",
                    role=ReviewRole.author,
                ),
                Response(
                    by="Robin Reviewer",
                    at=raised + dt.timedelta(hours=20),
                    status=status,
                    text="Resolution agreed in the session.",
                    role=ReviewRole.reviewer,
                ),
            ]
        challenges.append(
            Challenge(
                id=f"CH-{i + 1}",
                session=session.id,
                target=target,
                target_kind=TargetKind.evidence if on_evidence else TargetKind.element,
                kind=rng.choice(tuple(ChallengeKind)),
                severity=severity,
                text="Does the cited evidence really support this claim at the demanded level?",
                raised_by="Robin Reviewer",
                raised_at=raised,
                status=status,
                responses=responses,
            )
        )
    return Review(sessions=[session], challenges=challenges)


def _compliance(gen: _Generator) -> Compliance:
    today = gen.today
    return Compliance(
        schedule=[
            ScheduledAssessment(
                id="SCH-1",
                what="Comprehensive capability assessment",
                due=today - dt.timedelta(days=43),
                completed=today - dt.timedelta(days=40),
                owner=FRONTIER_RED_TEAM,
            ),
            ScheduledAssessment(
                id="SCH-2",
                what="Preliminary assessment after post-training update",
                due=today - dt.timedelta(days=10),
                completed=today - dt.timedelta(days=12),
                owner=FRONTIER_RED_TEAM,
            ),
            ScheduledAssessment(
                id="SCH-3",
                what="Annual safeguards re-approval",
                due=today + dt.timedelta(days=120),
                owner=RSP_TEAM,
            ),
        ]
    )
