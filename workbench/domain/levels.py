"""The required level named in the framework's own terms: the one home of that naming.

The check engine computes the required level as ranks (``RequiredAsl``: an ``asl`` number or
the ``rank`` of a catalogue level). An RSP catalogue's levels are AI Safety Levels and keep the
RSP wording ("ASL-3 (deployment ASL-3, security ASL-3)"); any other framework's levels are
named by their ``levels[]`` ids ("High", "SL3"), found by rank and by the kind of the
standards that demand them.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.domain.catalog import Framework, StandardKind
from workbench.domain.findings import RequiredAsl, asl_name

#: What a required level is called where the framework's levels are not ASLs.
LEVEL_WORDS = "safeguards level"
#: The words for no demanded level there.
NONE_DEMANDED = "none demanded"


def names_asls(framework: Framework) -> bool:
    """Whether the framework's levels are AI Safety Levels (RSP): a standard carries an
    ``asl``, or every level it lists is of the ASL family (also when it lists none)."""
    if any(s.asl is not None for s in framework.standards):
        return True
    return all(level.family == "ASL" for level in framework.levels)


@dataclass(frozen=True)
class RequiredLevel:
    """The required level's names (None: no level demanded) and how to word them."""

    asl: bool
    overall: str | None
    deployment: str | None
    security: str | None

    @property
    def label(self) -> str:
        """``"ASL"`` or ``"safeguards level"``: what the level is called."""
        return "ASL" if self.asl else LEVEL_WORDS

    def name(self, level: str | None) -> str:
        return level if level is not None else ("none" if self.asl else NONE_DEMANDED)

    @property
    def overall_name(self) -> str:
        return self.name(self.overall)

    @property
    def detail(self) -> str:
        """``"(deployment ASL-2, security ASL-2)"``; outside the ASLs only the kinds that
        demand a level (``""`` when none does)."""
        if self.asl:
            return f"(deployment {self.name(self.deployment)}, security {self.name(self.security)})"
        parts = [
            f"{kind} {level}"
            for kind, level in (("deployment", self.deployment), ("security", self.security))
            if level is not None
        ]
        return f"({', '.join(parts)})" if parts else ""

    def text(self) -> str:
        """``"ASL-2 (deployment ASL-2, security ASL-2)"``, ``"High (deployment High, security
        High)"`` or ``"none demanded"``."""
        detail = self.detail
        return f"{self.overall_name} {detail}" if detail else self.overall_name

    def statement(self) -> str:
        """``"required ASL-2 (deployment …)"`` or ``"required safeguards level: High (…)"``."""
        if self.asl:
            return f"required {self.text()}"
        return f"required {LEVEL_WORDS}: {self.text()}"

    def required(self) -> str:
        """What the determinations require, after "require": ``"ASL-2 (deployment …)"``,
        ``"safeguards level High (…)"`` or ``"no safeguards level"``."""
        if self.asl:
            return self.text()
        if self.overall is None:
            return f"no {LEVEL_WORDS}"
        return f"{LEVEL_WORDS} {self.text()}"

    def safeguards(self) -> str:
        """``"ASL-3 safeguards"``, ``"High safeguards"`` or ``"no safeguards level"``."""
        if not self.asl and self.overall is None:
            return f"no {LEVEL_WORDS}"
        return f"{self.overall_name} safeguards"

    def summary(self) -> dict[str, object]:
        """The JSON ``required_level`` object (beside the older ``required_asl``)."""
        return {
            "label": self.label,
            "overall": self.overall,
            "deployment": self.deployment,
            "security": self.security,
            "text": self.text(),
        }


def _kind_name(
    framework: Framework, required: RequiredAsl, kind: StandardKind, rank: int | None
) -> str | None:
    if rank is None:
        return None
    standards = framework.standards_by_id
    for sid in required.standards:
        standard = standards.get(sid)
        if standard is None or standard.kind != kind:
            continue
        if framework.standard_rank(standard) != rank:
            continue
        if standard.asl is not None:
            return asl_name(standard.asl)
        if standard.level is not None:
            return standard.level
    level = next((lv for lv in framework.levels if lv.rank == rank), None)
    return level.id if level is not None else asl_name(rank)


def required_level(framework: Framework, required: RequiredAsl) -> RequiredLevel:
    """The required level of ``required`` named in ``framework``'s terms."""
    if names_asls(framework):
        return RequiredLevel(
            True,
            asl_name(required.overall) if required.overall else None,
            asl_name(required.deployment) if required.deployment else None,
            asl_name(required.security) if required.security else None,
        )
    deployment = _kind_name(framework, required, StandardKind.deployment, required.deployment)
    security = _kind_name(framework, required, StandardKind.security, required.security)
    overall: str | None = None
    if required.overall:
        overall = deployment if required.deployment == required.overall else security
    return RequiredLevel(False, overall, deployment, security)
