"""Rule descriptors (id, default severity, family, title) and the finding factory they share."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.domain import Finding, Severity
from workbench.domain.wording import plural as plural  # re-exported for the rule families


@dataclass(frozen=True, slots=True)
class Rule:
    """One check the engine runs; ``id`` is stable and appears in every finding it produces."""

    id: str
    severity: Severity
    family: str
    title: str

    def finding(
        self, subject: str, message: str, hint: str, severity: Severity | None = None
    ) -> Finding:
        """A finding of this rule, at its default severity unless the case calls for another."""
        return Finding(
            rule=self.id,
            severity=severity or self.severity,
            subject=subject,
            message=message,
            hint=hint,
        )


def id_list(ids: list[str] | tuple[str, ...], limit: int = 8) -> str:
    """Ids joined for a message, shortened with a count when there are many."""
    if len(ids) <= limit:
        return ", ".join(ids)
    return f"{', '.join(ids[:limit])} and {len(ids) - limit} more"
