"""Findings of the check engine and the required AI Safety Level they are judged under."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from pydantic import Field

from workbench.domain.base import Model

if TYPE_CHECKING:
    from workbench.domain.catalog import Framework


class Severity(StrEnum):
    blocker = "blocker"
    major = "major"
    minor = "minor"
    info = "info"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.blocker: 0, Severity.major: 1, Severity.minor: 2, Severity.info: 3}


class Finding(Model):
    rule: str
    severity: Severity
    subject: str
    message: str
    hint: str = ""


def asl_name(level: int | None) -> str:
    return f"ASL-{level}" if level else "none"


class RequiredAsl(Model):
    """The AI Safety Level the determinations demand, for deployment and security separately."""

    deployment: int | None = None
    security: int | None = None
    standards: list[str] = Field(default_factory=list, description="standard ids demanded")

    @property
    def overall(self) -> int | None:
        levels = [x for x in (self.deployment, self.security) if x]
        return max(levels) if levels else None

    def summary(self) -> dict[str, str]:
        return {
            "overall": asl_name(self.overall),
            "deployment": asl_name(self.deployment),
            "security": asl_name(self.security),
        }


class CheckReport(Model):
    required_asl: RequiredAsl
    findings: list[Finding]

    @property
    def blocking(self) -> int:
        return sum(1 for f in self.findings if f.severity == Severity.blocker)

    def counts(self) -> dict[Severity, int]:
        counts = dict.fromkeys(Severity, 0)
        for f in self.findings:
            counts[f.severity] += 1
        return counts

    def to_json(self, framework: Framework | None = None) -> dict[str, object]:
        """The ``check --format json`` document of SPEC §5. Given the framework it also holds
        ``required_level``: the level in the framework's own terms (``required_asl`` stays
        as it was, ASL numbers, for older readers)."""
        document: dict[str, object] = {"required_asl": self.required_asl.summary()}
        if framework is not None:
            from workbench.domain.levels import required_level

            document["required_level"] = required_level(framework, self.required_asl).summary()
        document["blocking"] = self.blocking
        document["findings"] = [f.model_dump(mode="json") for f in self.findings]
        return document
