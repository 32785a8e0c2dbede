"""Framework catalogue: capability thresholds, ASL standards and their requirements, obligations.

Catalogue format 2 (docs/catalog-format.md): every item cites its text (``source`` with the
section and the exact quote), keeps the text's modality, and states numbers as ``figures``.
Format-1 catalogues (``process`` / ``governance`` lists, ``cadence_days`` / ``deadline_days``)
are upgraded when they are read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from enum import StrEnum
from functools import cached_property
from typing import Any, Literal

from pydantic import Field, model_validator

from workbench.domain.base import Ident, Labels, Model, Text, require_unique

FORMAT_VERSION = 2

#: Events an obligation can be triggered by (``trigger.event``) or count from (``anchor``).
TRIGGER_EVENTS: dict[str, str] = {
    "effective_compute_increase": "effective compute grew by the catalogue's factor (e.g. 4x) "
    "since the last comprehensive assessment",
    "elicitation_progress": "the catalogue's span (e.g. six months) of finetuning and other "
    "capability elicitation accumulated since the last comprehensive assessment",
    "preliminary_assessment_notably_more_capable": "a preliminary assessment found the model "
    "notably more capable than the last comprehensively assessed model",
    "rso_discretion": "the Responsible Scaling Officer decided an assessment is warranted",
    "comprehensive_assessment_completed": "a comprehensive capability assessment was completed",
    "threshold_crossed": "a capability threshold was determined crossed",
    "threshold_cannot_be_ruled_out": "a capability threshold could not be ruled out",
    "checkpoint_reached": "a checkpoint capability was reached",
    "safeguards_required_not_in_place": "a model requires safeguards that cannot be "
    "implemented immediately",
    "safeguards_approved": "required safeguards were approved",
    "model_deployed": "a model was deployed",
    "model_training_started": "training of a model started",
    "capability_report_completed": "a Capability Report was completed",
    "safeguards_report_completed": "a Safeguards Report was completed",
    "capability_decision_made": "the capability decision was made",
    "safeguards_decision_made": "the safeguards decision was made",
    "report_submitted_to_board": "a report was submitted to the Board",
    "risk_report_published": "a Risk Report was published",
    "riskier_internal_model_determined": "an internal model was determined riskier than the "
    "last one covered",
    "noncompliance_reported": "a potential instance of noncompliance was reported",
    "noncompliance_material_risk": "a case of noncompliance posing material risk was found",
    "noncompliance_about_rso": "a noncompliance report relates to the Responsible Scaling "
    "Officer's conduct",
    "policy_change_proposed": "a change to the policy was proposed",
    "policy_ambiguity": "the policy was found unintentionally ambiguous",
    "external_review_required": "an external review is required",
    "period_elapsed": "the cadence's period elapsed since the last occurrence",
    # OpenAI Preparedness Framework v2
    "significant_new_information": "significant new information about a risk was learned",
    "coverage_ambiguous": "it is ambiguous whether a model is covered by the framework",
    "threshold_appears_likely": "a covered system appears likely to cross a capability "
    "threshold before a formal determination",
    "safeguards_not_working": "reasonable evidence was found that safeguards are not working "
    "as expected",
    "other_developer_release_confirmed": "another developer's release of a system at a "
    "threshold without comparable safeguards was rigorously confirmed",
    "severe_risk_rapidly_develops": "a risk of severe harm developed rapidly and needs an "
    "urgent response",
    "alert_threshold_reached": "a model reached the alert threshold of a capability level",
    "post_training_run_completed": "a post-training run of a model was completed",
    "material_capability_increase": "a capability change assessment found meaningful new "
    "capabilities or material increases in performance",
    "safety_case_materially_updated": "a safety case was materially updated",
    "framework_adequacy_undermined": "there are reasonable grounds to believe the framework's "
    "adequacy, or adherence to it, has been materially undermined",
    # EU GPAI Code of Practice, Safety and Security chapter (EU-COP-SS)
    "commission_notified": "the provider notified the Commission that its model has systemic "
    "risk (Article 52(1) AI Act)",
    "model_placed_on_market": "the model was (or is to be) placed on the market",
    "model_change_placed_on_market": "a deliberate change to the model was (or is to be) made "
    "available on the market",
    "framework_confirmed": "the safety framework, or an update of it, was confirmed (received "
    "its required approvals)",
    "framework_assessment_completed": "an assessment of the safety framework was completed",
    "framework_undermined": "there are reasonable grounds to believe the framework's adequacy "
    "or the adherence to it has been or will be materially undermined",
    "model_report_provided": "the regulator was last provided with the model report or an update",
    "model_report_update_confirmed": "an update of the model report was confirmed",
    "model_report_justification_undermined": "there are reasonable grounds to believe the model "
    "report's justification that the risks are acceptable has been materially undermined",
    "evaluator_findings_received": "the lab was made aware of an external evaluator's findings",
    "serious_incident_aware": "the lab became aware of its model's involvement in a serious "
    "incident",
    "initial_incident_report_submitted": "the initial report of a serious incident was submitted",
    "serious_incident_resolved": "a serious incident was resolved (corrective measures adopted)",
    "serious_incident_documented": "information about a serious incident was documented",
    "safe_reference_model_lost": "a model used as a safe reference model lost that status",
}

#: Who can be responsible for, approve, be consulted on or informed of an obligation.
ACTORS: dict[str, str] = {
    "ceo": "the Chief Executive Officer",
    "rso": "the Responsible Scaling Officer",
    "board": "the Board of Directors",
    "ltbt": "the Long-Term Benefit Trust",
    "staff": "the lab's staff (employees)",
    "internal_teams": "internal teams with visibility into the relevant activities",
    "management": "the lab's management",
    "external_reviewers": "external reviewers",
    "external_experts": "external experts in relevant domains",
    "government": "a government entity",
    "public": "the public",
    "third_party_auditor": "a third-party reviewer or auditor",
    "lab": "the lab as a whole",
    "sag": "the Safety Advisory Group (OpenAI Preparedness Framework)",
    "sag_chair": "the Chair of the Safety Advisory Group",
    "leadership": "the lab's leadership as the final decision-maker (OpenAI Leadership: the "
    "CEO or a person designated by them)",
    "governance_function": "the appropriate governance function or corporate governance body",
    "external_organizations": "other external organizations (beyond governments)",
    "ai_office": "the European AI Office (EU AI Act)",
    "national_competent_authorities": "national competent authorities (EU AI Act), as applicable",
}


class StandardKind(StrEnum):
    deployment = "deployment"
    security = "security"
    other = "other"  # e.g. an affirmative case about misalignment risk


class ObligationKind(StrEnum):
    process = "process"
    governance = "governance"
    transparency = "transparency"
    reporting = "reporting"
    notification = "notification"


class Modality(StrEnum):
    """How binding the text is: an ``example`` is never a requirement."""

    must = "must"  # "must", "will", "shall", "we commit"
    should = "should"
    expected = "expected"  # "we expect", "we anticipate", "likely"
    example = "example"  # "for example", "such as", "may include", "might entail"
    may = "may"  # a permission or discretion ("may in their discretion"): never demanded


class TimeUnit(StrEnum):
    days = "days"
    business_days = "business_days"
    weeks = "weeks"
    months = "months"
    years = "years"


class Direction(StrEnum):
    """Whether a deadline counts forward from its anchor or back from it."""

    after = "after"  # "within five business days of being confirmed"
    before = "before"  # "no later than two weeks before placing the model on the market"


class TierKind(StrEnum):
    company_plan = "company_plan"
    industry_recommendation = "industry_recommendation"


#: Joins the parts of a quote where the catalogue leaves words out.
ELLIPSIS = "…"


class Source(Model):
    """Where a framework's content comes from (title, version, date of the public text)."""

    title: str
    version: str
    date: dt.date | None = None
    url: str | None = None
    note: str | None = None


class Citation(Model):
    """Where an item is in the text (``section`` as the text numbers it) and its exact words."""

    section: str = Field(min_length=1, max_length=200)
    quote: str | list[str]

    @model_validator(mode="after")
    def _has_words(self) -> Citation:
        parts = [self.quote] if isinstance(self.quote, str) else self.quote
        if not parts or any(not p.strip() for p in parts) or not self.parts:
            raise ValueError("a quote must not be empty")
        return self

    @property
    def quotes(self) -> list[str]:
        """Every quoted passage as the catalogue wrote it (one per list entry)."""
        return [self.quote] if isinstance(self.quote, str) else list(self.quote)

    @property
    def parts(self) -> list[str]:
        """Every passage that must be found in the text: quotes split at each "…"."""
        return [p.strip() for q in self.quotes for p in q.split(ELLIPSIS) if p.strip()]

    @property
    def text(self) -> str:
        """The quote as one string (list entries joined by a space)."""
        return " ".join(self.quotes)


class Figure(Model):
    """A number the text states, where checks can use it (4x, ~1000x, six months, 5-10%)."""

    name: str = Field(min_length=1, max_length=100, pattern=r"^[a-z0-9_]+$")
    value: float | None = None
    min: float | None = None
    max: float | None = None
    unit: str | None = None
    approx: bool = False

    @model_validator(mode="after")
    def _one_number(self) -> Figure:
        if self.value is None and self.min is None and self.max is None:
            raise ValueError(f"figure {self.name!r} has neither a value nor a min/max range")
        if self.value is not None and (self.min is not None or self.max is not None):
            raise ValueError(f"figure {self.name!r} has both a value and a range")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"figure {self.name!r} has min {self.min} above max {self.max}")
        return self

    @property
    def number(self) -> float:
        """The value, or the range's lower end (its upper end when it has only one)."""
        for candidate in (self.value, self.min, self.max):
            if candidate is not None:
                return candidate
        raise AssertionError("unreachable: validated to have a number")


class Level(Model):
    """A level label (ASL-3, High, CCL, RAND SL3): ``rank`` orders levels within a family."""

    id: Ident
    rank: int
    family: str = Field(min_length=1)
    title: str = ""


class Tier(Model):
    tier: TierKind
    text: Text
    source: Citation | None = None


class Definition(Model):
    """A term the text defines (e.g. "Effective Compute")."""

    term: str = Field(min_length=1)
    definition: Text = ""
    source: Citation | None = None


class Requirement(Model):
    id: Ident
    title: str
    statement: Text
    source: Citation | None = None
    modality: Modality = Modality.must
    evidence_expectations: list[str] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    labels: Labels = Field(default_factory=dict)

    @property
    def demanded(self) -> bool:
        """Whether coverage checks ask for it: examples and expectations are not demanded."""
        return self.modality in (Modality.must, Modality.should)


class ActorScope(Model):
    """Which attackers or misuse actors a standard is meant to withstand."""

    in_scope: list[str] = Field(default_factory=list)
    out_of_scope: list[str] = Field(default_factory=list)


class Standard(Model):
    id: Ident
    title: str
    kind: StandardKind
    asl: int | None = Field(default=None, ge=1, le=5, description="AI Safety Level, if graded")
    level: Ident | None = Field(default=None, description="a level id of the catalogue")
    objective: Text = ""
    source: Citation | None = None
    modality: Modality = Modality.must
    actor_scope: ActorScope = Field(default_factory=ActorScope)
    specified: bool = Field(
        default=True,
        description="False for placeholders whose requirements the framework has not yet defined",
    )
    requirements: list[Requirement] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


class Threshold(Model):
    id: Ident
    title: str
    domain: str
    definition: Text
    source: Citation | None = None
    modality: Modality = Modality.must
    level: Ident | None = None
    required_standards: list[Ident] = Field(default_factory=list)
    expected_standards: list[Ident] = Field(
        default_factory=list, description="standards the text expects but does not demand"
    )
    checkpoint: bool = False
    rules_out: list[Ident] = Field(
        default_factory=list,
        description="thresholds ruled out when this checkpoint is not reached",
    )
    ongoing: bool = Field(default=False, description="assessed continuously, no fixed threshold")
    alert: bool = Field(default=False, description="an alert / early-warning threshold")
    tiers: list[Tier] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    response: Text = Field(default="", description="what the framework asks when it is reached")
    notes: list[str] = Field(default_factory=list)


class Trigger(Model):
    event: str
    description: Text = ""
    figures: list[Figure] = Field(default_factory=list)
    thresholds: list[Ident] = Field(
        default_factory=list,
        description="events a threshold fires: only these thresholds fire it (empty: any "
        "threshold)",
    )
    levels: list[Ident] = Field(
        default_factory=list,
        description="events a threshold fires: only thresholds graded at these levels fire it",
    )

    def fired_by(self, threshold: Threshold) -> bool:
        """Whether this threshold, determined crossed, fires the trigger (its scope, if any)."""
        if self.thresholds and threshold.id not in self.thresholds:
            return False
        return not self.levels or threshold.level in self.levels

    @model_validator(mode="after")
    def _known_event(self) -> Trigger:
        if self.event not in TRIGGER_EVENTS:
            raise ValueError(f"unknown trigger event {self.event!r}")
        return self


class TimeRange(Model):
    """A deadline or a cadence: ``{min, max, unit, hard, anchor}`` ("every 3-6 months")."""

    min: float | None = Field(default=None, ge=0)
    max: float | None = Field(default=None, ge=0)
    unit: TimeUnit
    hard: bool = True
    anchor: str | None = None
    direction: Direction = Field(
        default=Direction.after,
        description="'before': due the limit ahead of the anchor (two weeks before placing "
        "the model on the market); 'after' (default): within the limit after it",
    )

    @model_validator(mode="after")
    def _bounds(self) -> TimeRange:
        if self.min is None and self.max is None:
            raise ValueError("a deadline or cadence needs a min or a max")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min:g} is above max {self.max:g}")
        return self

    @property
    def limit(self) -> float:
        """The latest point the range allows (its max, else its min)."""
        return self.max if self.max is not None else self.min  # type: ignore[return-value]

    @property
    def days(self) -> int | None:
        """The limit in calendar days, for ranges counted in days or weeks (else None)."""
        if self.unit == TimeUnit.days:
            return round(self.limit)
        if self.unit == TimeUnit.weeks:
            return round(self.limit * 7)
        return None

    @property
    def months(self) -> int | None:
        """The limit in calendar months, for ranges counted in months or years (else None)."""
        if self.unit == TimeUnit.months:
            return round(self.limit)
        if self.unit == TimeUnit.years:
            return round(self.limit * 12)
        return None

    def describe(self, lead: str = "within") -> str:
        """E.g. "within 30 days (hard)", "every 3-6 months (hard)", "about 1 year (soft target)"."""
        unit = self.unit.value.replace("_", " ")
        kind = "hard" if self.hard else "soft target"
        if self.direction == Direction.before:
            target = self.anchor or "the event"
            if self.limit == 0:
                return f"by {target} ({kind})"
            span = f"{self.limit:g} {unit}"
            if self.limit == 1 and unit.endswith("s"):
                span = span[:-1]
            return f"at least {span} before {target} ({kind})"
        if self.min is not None and self.max is not None and self.min != self.max:
            span = f"{lead} {self.min:g}-{self.max:g} {unit}"
        elif self.max is not None:
            span = f"{lead} {self.max:g} {unit}"
        else:
            span = f"at least {self.min:g} {unit}"
        if span.endswith(" 1 " + unit) and unit.endswith("s"):
            span = span[:-1]
        anchor = f", from {self.anchor}" if self.anchor else ""
        return f"{span} ({kind}{anchor})"


class Actors(Model):
    responsible: list[str] = Field(default_factory=list)
    approves: list[str] = Field(default_factory=list)
    consulted: list[str] = Field(default_factory=list)
    informed: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _known(self) -> Actors:
        for role in ("responsible", "approves", "consulted", "informed"):
            for actor in getattr(self, role):
                if actor not in ACTORS:
                    raise ValueError(f"unknown actor {actor!r} in {role}")
        return self

    def describe(self) -> str:
        parts = []
        for role in ("responsible", "approves", "consulted", "informed"):
            names = getattr(self, role)
            if names:
                parts.append(f"{role}: {', '.join(names)}")
        return "; ".join(parts)

    @property
    def empty(self) -> bool:
        return not (self.responsible or self.approves or self.consulted or self.informed)


class Obligation(Model):
    id: Ident
    kind: ObligationKind
    title: str
    statement: Text
    source: Citation | None = None
    modality: Modality = Modality.must
    trigger: Trigger | None = None
    deadline: TimeRange | None = None
    cadence: TimeRange | None = None
    actors: Actors = Field(default_factory=Actors)
    before: str | None = None
    condition: Text | None = None
    figures: list[Figure] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    @property
    def deadline_days(self) -> int | None:
        """A hard deadline counted in days or weeks, in days (a soft target is None)."""
        if self.deadline is None or not self.deadline.hard:
            return None
        return self.deadline.days

    @property
    def cadence_days(self) -> int | None:
        """A hard cadence counted in days or weeks, in days (months, years, soft: None)."""
        if self.cadence is None or not self.cadence.hard:
            return None
        return self.cadence.days


CatalogItem = Threshold | Standard | Requirement | Obligation


def _upgrade_format_1(data: dict[str, Any]) -> dict[str, Any]:
    """A format-1 catalogue as format 2: one ``obligations`` list with day ranges."""
    data = dict(data)
    obligations: list[Any] = list(data.pop("obligations", []))
    for group in ("process", "governance"):
        items = data.pop(group, [])
        if not isinstance(items, list):
            raise ValueError(f"{group} must be a list of obligations")
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                obligations.append(item)
                continue
            item = dict(item)
            item.setdefault("kind", group)
            if item["kind"] != group:
                raise ValueError(
                    f"obligation {item.get('id')!r} is listed under {group} but is {item['kind']}"
                )
            for old, new in (("deadline_days", "deadline"), ("cadence_days", "cadence")):
                if old not in item:
                    continue
                days = item.pop(old)
                if days is None:
                    continue
                if isinstance(days, bool) or not isinstance(days, int) or days < 1:
                    raise ValueError(
                        f"{group}[{index}].{old} must be a whole number of days (1 or more), "
                        f"not {days!r}"
                    )
                item[new] = {"max": days, "unit": "days", "hard": True}
            obligations.append(item)
    data["obligations"] = obligations
    data["format"] = FORMAT_VERSION
    return data


class Framework(Model):
    format: Literal[2] = 2
    id: Ident
    title: str
    publisher: str
    version: str
    effective_date: dt.date | None = None
    source: Source
    description: Text = ""
    levels: list[Level] = Field(default_factory=list)
    thresholds: list[Threshold] = Field(default_factory=list)
    standards: list[Standard] = Field(default_factory=list)
    baseline_standards: list[Ident] = Field(
        default_factory=list, description="standards every model must meet regardless of thresholds"
    )
    obligations: list[Obligation] = Field(default_factory=list)
    definitions: list[Definition] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _upgrade(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        version = data.get("format", 1 if ("process" in data or "governance" in data) else 2)
        if version == 1:
            return _upgrade_format_1(data)
        if version != FORMAT_VERSION:
            raise ValueError(
                f"catalogue format {version!r} is not one this workbench reads (1 or 2)"
            )
        if "process" in data or "governance" in data:
            raise ValueError(
                "a format-2 catalogue lists every obligation under 'obligations', "
                "not 'process' or 'governance'"
            )
        return data

    @model_validator(mode="after")
    def _consistent(self) -> Framework:
        require_unique("level", (lv.id for lv in self.levels))
        require_unique("threshold", (t.id for t in self.thresholds))
        require_unique("standard", (s.id for s in self.standards))
        require_unique("requirement", (r.id for s in self.standards for r in s.requirements))
        require_unique("obligation", (o.id for o in self.obligations))
        known = {s.id for s in self.standards}
        levels = {lv.id for lv in self.levels}
        thresholds = {t.id for t in self.thresholds}
        for t in self.thresholds:
            for sid in t.required_standards:
                if sid not in known:
                    raise ValueError(f"threshold {t.id!r} requires unknown standard {sid!r}")
            for sid in t.expected_standards:
                if sid not in known:
                    raise ValueError(f"threshold {t.id!r} expects unknown standard {sid!r}")
            for tid in t.rules_out:
                if tid not in thresholds or tid == t.id:
                    raise ValueError(f"threshold {t.id!r} rules out unknown threshold {tid!r}")
            if t.rules_out and not t.checkpoint:
                raise ValueError(f"threshold {t.id!r} rules out thresholds but is no checkpoint")
            if t.level is not None and t.level not in levels:
                raise ValueError(f"threshold {t.id!r} names unknown level {t.level!r}")
        for o in self.obligations:
            for tid in o.trigger.thresholds if o.trigger is not None else ():
                if tid not in thresholds:
                    raise ValueError(
                        f"obligation {o.id!r} is triggered by unknown threshold {tid!r}"
                    )
        for s in self.standards:
            if s.level is not None and s.level not in levels:
                raise ValueError(f"standard {s.id!r} names unknown level {s.level!r}")
        for sid in self.baseline_standards:
            if sid not in known:
                raise ValueError(f"baseline names unknown standard {sid!r}")
        for o in self.obligations:
            if o.trigger is None:
                continue
            for tid in o.trigger.thresholds:
                if tid not in thresholds:
                    raise ValueError(
                        f"obligation {o.id!r} is triggered by unknown threshold {tid!r}"
                    )
            for lid in o.trigger.levels:
                if lid not in levels:
                    raise ValueError(f"obligation {o.id!r} is triggered at unknown level {lid!r}")
        return self

    # Derived look-ups (cached: the model is frozen).
    @cached_property
    def standards_by_id(self) -> dict[str, Standard]:
        return {s.id: s for s in self.standards}

    @cached_property
    def thresholds_by_id(self) -> dict[str, Threshold]:
        return {t.id: t for t in self.thresholds}

    @cached_property
    def requirements_by_id(self) -> dict[str, Requirement]:
        return {r.id: r for s in self.standards for r in s.requirements}

    @cached_property
    def standard_of_requirement(self) -> dict[str, Standard]:
        return {r.id: s for s in self.standards for r in s.requirements}

    @cached_property
    def obligations_by_id(self) -> dict[str, Obligation]:
        return {o.id: o for o in self.obligations}

    @cached_property
    def levels_by_id(self) -> dict[str, Level]:
        return {lv.id: lv for lv in self.levels}

    @property
    def requirements(self) -> list[Requirement]:
        return [r for s in self.standards for r in s.requirements]

    @property
    def process(self) -> list[Obligation]:
        """The process obligations (assessments, reports), in catalogue order."""
        return [o for o in self.obligations if o.kind == ObligationKind.process]

    @property
    def governance(self) -> list[Obligation]:
        """Every obligation that is not a process one (governance, transparency, …)."""
        return [o for o in self.obligations if o.kind != ObligationKind.process]

    def items(self) -> Iterator[CatalogItem]:
        """Every threshold, standard, requirement and obligation, in catalogue order."""
        yield from self.thresholds
        for s in self.standards:
            yield s
            yield from s.requirements
        yield from self.obligations

    @cached_property
    def items_by_id(self) -> dict[str, CatalogItem]:
        return {item.id: item for item in self.items()}

    def all_figures(self) -> Iterator[Figure]:
        yield from self.figures
        for item in self.items():
            yield from getattr(item, "figures", ())
            trigger = getattr(item, "trigger", None)
            if trigger is not None:
                yield from trigger.figures

    def figure(self, name: str) -> Figure | None:
        """The first figure called ``name`` anywhere in the catalogue, or None."""
        return next((f for f in self.all_figures() if f.name == name), None)

    def figure_value(self, name: str, default: float) -> float:
        """The number of the figure called ``name``, or ``default`` when it has none."""
        found = self.figure(name)
        return found.number if found is not None else default

    def obligations_triggered_by(self, event: str) -> list[Obligation]:
        return [o for o in self.obligations if o.trigger is not None and o.trigger.event == event]

    def standard_rank(self, standard: Standard) -> int | None:
        """The standard's level: its ``asl``, else the rank of its ``level``."""
        if standard.asl is not None:
            return standard.asl
        if standard.level is not None and standard.level in self.levels_by_id:
            return self.levels_by_id[standard.level].rank
        return None
